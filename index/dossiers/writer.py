"""Writing dossiers: append a cited claim or relation, create a dossier, undo the last write.

Every write changes only what it adds. The new item is rendered by ruamel.yaml in the file's own
list layout and spliced in as text right after the last item of its list
(:mod:`~dossier.index.dossiers.yaml_splice`): the bytes before and after the splice are the original
bytes, so comments, key order, quoting, blank lines and line endings stay as they were. The result
is then loaded with the project's own loader and must equal the old dossier plus the new item, or
nothing is written.

Writes are atomic (:mod:`dossier.index.atomic`: a temporary file beside the dossier, fsynced,
renamed over it, the folder fsynced) and never lose an outside edit: the file is read again just
before the rename, and if it changed (the analyst's editor saved meanwhile) the addition is
re-applied to the newer version. Only ``dossiers/`` is ever written. The bytes a write replaced are
kept in the user state folder (:mod:`~dossier.index.dossiers.undo_journal`), so the last write can
be undone while the file is still as that write left it.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from dossier.index.atomic import staged, write_atomically
from dossier.index.corpus.articles import ARTICLE_SUFFIXES, Corpus
from dossier.index.dossiers.load import load_dossier, load_dossiers
from dossier.index.dossiers.schema import RELATION_TYPES, SLUG, TYPES, Claim, Dossier, Relation
from dossier.index.dossiers.undo_journal import UndoJournal
from dossier.index.dossiers.yaml_splice import dump, splice
from dossier.index.errors import DossierWriteError
from dossier.index.text.analysis import fold
from dossier.index.text.safe_text import is_safe
from dossier.index.text.sentences import sentence_matching, sentences
from dossier.index.user_folders import undo_file

_ATTEMPTS = 3
_HINT_MIN = 12  # a quote this long found inside a sentence is worth showing that sentence


@dataclass(frozen=True)
class NewClaim:
    """A claim to append: ``quote`` must be a whole sentence of article ``source``."""

    text: str
    source: str
    quote: str
    disputed: bool = False
    note: str = ""


@dataclass(frozen=True)
class NewRelation:
    """A relation to append to the dossier it starts from, cited like a claim."""

    type: str
    target: str
    source: str
    quote: str
    start_date: str = ""


@dataclass(frozen=True)
class FileSnapshot:
    """A dossier file's bytes as read at some moment (to tell whether it changed since)."""

    path: Path
    data: bytes

    @property
    def sha1(self) -> str:
        return hashlib.sha1(self.data).hexdigest()


@dataclass(frozen=True)
class WriteResult:
    """What a write did: the file, the 1-based line where the added part starts, and whether the
    file had changed on disk since the caller's snapshot (the addition then went into the newer
    version)."""

    path: Path
    line: int
    rebased: bool = False


def derive_id(name: str) -> str:
    """The id a name gets: ASCII lower-case words joined by ``-`` (``Олег Кожемяко``:
    ``oleg-kozhemyako``)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


class DossierWriter:
    """Writes into one corpus's ``dossiers/`` folder, and nowhere else."""

    def __init__(self, corpus: Corpus, state: Path | None = None) -> None:
        self.corpus = corpus
        self._journal = UndoJournal(undo_file(corpus, state))

    # -- public -----------------------------------------------------------------------------------

    def path_of(self, dossier_id: str) -> Path:
        """The file of dossier ``dossier_id`` (the first in path order, as the loader does)."""
        if SLUG.fullmatch(dossier_id):
            for path in self.corpus.dossier_files():
                if path.stem == dossier_id:
                    return self._inside_dossiers(path)
        raise DossierWriteError(f"no dossier {dossier_id!r}")

    def snapshot(self, dossier_id: str) -> FileSnapshot:
        """The dossier's bytes now, to pass back to a later write as ``since``."""
        path = self.path_of(dossier_id)
        return FileSnapshot(path, _read_bytes(path))

    def add_claim(
        self, dossier_id: str, claim: NewClaim, since: FileSnapshot | None = None
    ) -> WriteResult:
        """Append ``claim`` to the dossier's ``claims``; raise :class:`DossierWriteError` and write
        nothing if the claim is invalid (unknown article, quote not one of its sentences, empty
        text)."""
        self.path_of(dossier_id)
        quote = self._exact_sentence(claim.source, claim.quote)
        text, note = (
            _free_text("claim text", claim.text),
            _free_text("note", claim.note, required=False),
        )
        item: dict[str, Any] = {
            "text": _quoted(text),
            "source": claim.source,
            "quote": _quoted(quote),
        }
        if claim.disputed:
            item["disputed"] = True
        if note:
            item["note"] = _quoted(note)
        model = Claim(
            text=text, source=claim.source, quote=quote, disputed=claim.disputed, note=note or None
        )
        return self._append(
            dossier_id, "claims", item, lambda d: {"claims": (*d.claims, model)}, since
        )

    def add_relation(
        self, dossier_id: str, relation: NewRelation, since: FileSnapshot | None = None
    ) -> WriteResult:
        """Append a cited ``relation`` to the dossier's ``relations`` (the target must be a
        dossier)."""
        if relation.type not in RELATION_TYPES:
            raise DossierWriteError(
                f"{relation.type!r} is not a relation type ({', '.join(RELATION_TYPES)})"
            )
        self.path_of(dossier_id)
        self.path_of(relation.target)
        quote = self._exact_sentence(relation.source, relation.quote)
        item: dict[str, Any] = {"type": relation.type, "target": relation.target}
        if relation.start_date:
            item["startDate"] = relation.start_date
        item |= {"source": relation.source, "quote": _quoted(quote)}
        try:
            model = Relation.model_validate(
                {
                    "type": relation.type,
                    "target": relation.target,
                    "startDate": relation.start_date or None,
                    "source": relation.source,
                    "quote": quote,
                }
            )
        except ValidationError as error:
            raise DossierWriteError(
                f"{relation.start_date!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
            ) from error
        return self._append(
            dossier_id, "relations", item, lambda d: {"relations": (*d.relations, model)}, since
        )

    def create(self, kind: str, name: str, aliases: Iterable[str] = ()) -> WriteResult:
        """Create ``dossiers/<kind>/<id>.yaml`` with a type, a name and aliases; the id comes from
        the name."""
        if kind not in TYPES:
            raise DossierWriteError(f"{kind!r} is not a dossier type ({', '.join(TYPES)})")
        name = _free_text("name", name)
        alias_list = list(dict.fromkeys(_free_text("alias", a) for a in aliases))
        dossier_id = derive_id(name)
        if not SLUG.fullmatch(dossier_id):
            raise DossierWriteError(
                f"cannot make an id from the name {name!r}: it has no letters or digits"
            )
        taken = next((p for p in self.corpus.dossier_files() if p.stem == dossier_id), None)
        if taken:
            raise DossierWriteError(
                f"the id {dossier_id!r} is taken by {taken.relative_to(self.corpus.root)}"
            )
        self._check_names_free([name, *alias_list])
        path = self._inside_dossiers(self.corpus.dossiers_dir / kind / f"{dossier_id}.yaml")
        data: dict[str, Any] = {"type": kind, "name": _quoted(name)}
        if alias_list:
            data["aliases"] = [_quoted(a) for a in alias_list]
        text = dump(data, dash=0, content=2)
        expected = Dossier.model_validate(
            {
                "id": dossier_id,
                "path": path,
                "type": kind,
                "name": name,
                "aliases": tuple(alias_list),
            }
        )
        _verify(path, text, expected)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not self._replace(path, None, text.encode("utf-8")):
            raise DossierWriteError(
                f"{path.relative_to(self.corpus.root)} appeared meanwhile; not overwritten"
            )
        return WriteResult(path, 1)

    def undo(self) -> Path:
        """Put back what the last write replaced (or remove the file it created); returns that file.

        Refused when there is nothing to undo or the file changed since that write.
        """
        entry = self._journal.last()
        if entry is None:
            raise DossierWriteError("nothing to undo")
        path = self._inside_dossiers(self.corpus.root / entry.path)
        if not entry.matches(path.read_bytes() if path.exists() else None):
            raise DossierWriteError(f"not undone: {entry.path} changed since the last write")
        try:
            if entry.before is None:
                path.unlink()
            else:
                write_atomically(path, entry.before)
        except OSError as error:
            raise DossierWriteError(f"cannot write {path}: {error.strerror or error}") from error
        self._journal.clear()
        return path

    def last_write(self) -> str | None:
        """The corpus-relative path of the file the last write changed, if it can still be
        undone."""
        entry = self._journal.last()
        return entry.path if entry else None

    # -- appending --------------------------------------------------------------------------------

    def _append(
        self,
        dossier_id: str,
        key: str,
        item: dict[str, Any],
        update: Callable[[Dossier], dict[str, Any]],
        since: FileSnapshot | None,
    ) -> WriteResult:
        path = self.path_of(dossier_id)
        rebased = False
        for _ in range(_ATTEMPTS):
            before = _read_bytes(path)
            rebased = rebased or (since is not None and since.data != before)
            old, problems = load_dossier(path)
            if old is None:
                first = problems[0] if problems else "it does not load"
                raise DossierWriteError(f"{dossier_id} has problems, fix them first: {first}")
            text, line = splice(path, before, key, item)
            after = text.encode("utf-8")
            _verify(path, text, old.model_copy(update=update(old)))
            if self._replace(path, before, after):
                return WriteResult(path, line, rebased)
            rebased = True
        raise DossierWriteError(
            f"{path.relative_to(self.corpus.root)} keeps changing on disk; nothing written"
        )

    def _replace(self, path: Path, before: bytes | None, after: bytes) -> bool:
        """Write ``after`` over ``path`` atomically if the file still holds ``before`` (None:
        absent).

        Records ``before`` for undo. False (nothing written) if the file changed since it was read.
        """
        try:
            with staged(path, after) as new:
                current = path.read_bytes() if path.exists() else None
                if current != before:
                    return False
                self._journal.record(path.relative_to(self.corpus.root).as_posix(), before, after)
                if before is None:
                    new.create()  # fails if the file appeared meanwhile: never clobbers
                else:
                    new.replace()
        except FileExistsError:
            return False
        except OSError as error:
            raise DossierWriteError(f"cannot write {path}: {error.strerror or error}") from error
        return True

    # -- validation -------------------------------------------------------------------------------

    def _inside_dossiers(self, path: Path) -> Path:
        """``path`` if it lies inside ``dossiers/`` (and not inside ``seeds/``); else refuse."""
        resolved = path.resolve()
        if not resolved.is_relative_to(
            self.corpus.dossiers_dir.resolve()
        ) or resolved.is_relative_to(self.corpus.seeds_dir.resolve()):
            raise DossierWriteError(f"refusing to write outside {self.corpus.dossiers_dir}: {path}")
        return path

    def _exact_sentence(self, article_id: str, quote: str) -> str:
        """The article's own text of the sentence ``quote`` is (compared folded), or refuse."""
        paths = self._article_paths(article_id)
        owner = (
            article_id if article_id in paths else article_id.rpartition("/")[0]
        )  # a mailbox's message
        if owner not in paths:
            raise DossierWriteError(f"no article {article_id!r} in seeds/")
        article = self.corpus.find_article(article_id, paths)
        if article is None and owner != article_id:
            raise DossierWriteError(
                f"no article {article_id!r} in seeds/"
            )  # no such message in the mailbox
        if article is None:
            raise DossierWriteError(f"article {article_id!r} cannot be read")
        if not fold(quote):
            raise DossierWriteError("the quote is empty")
        found = sentence_matching(article.body, quote)
        if found is None:
            wanted = fold(quote)
            part = (
                next(
                    (
                        article.body[a:b]
                        for a, b in sentences(article.body)
                        if wanted in fold(article.body[a:b])
                    ),
                    None,
                )
                if len(wanted) >= _HINT_MIN
                else None
            )
            hint = f"; it is part of: {_clip(part)}" if part else ""
            raise DossierWriteError(f"the quote is not a sentence of article {article_id}{hint}")
        return article.body[found[0] : found[1]]

    def _article_paths(self, article_id: str) -> dict[str, Path]:
        """The article files by id: just the one of ``article_id`` when it is directly under
        ``seeds/`` (a look per suffix, in the listing's order), else all of them (listed)."""
        if "/" not in article_id and article_id not in (".", ".."):
            for suffix in sorted(ARTICLE_SUFFIXES):
                if (path := self.corpus.seeds_dir / f"{article_id}{suffix}").is_file():
                    return {article_id: path}
        return self.corpus.article_paths()

    def _check_names_free(self, names: list[str]) -> None:
        dossiers, _ = load_dossiers(self.corpus)
        owners = {fold(n): d.id for d in dossiers for n in d.names}
        for name in names:
            if fold(name) in owners:
                raise DossierWriteError(f"{name!r} is already a name of {owners[fold(name)]}")


# -- text -----------------------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise DossierWriteError(f"cannot read {path}: {error.strerror or error}") from error


def _free_text(what: str, text: str, *, required: bool = True) -> str:
    text = text.strip()
    if required and not text:
        raise DossierWriteError(f"the {what} is empty")
    if any(unicodedata.category(c) == "Cc" for c in text) or not is_safe(text):
        raise DossierWriteError(f"the {what} contains a control character (a line break or tab?)")
    return text


def _quoted(text: str) -> DoubleQuotedScalarString:
    return DoubleQuotedScalarString(text)


def _clip(text: str, size: int = 80) -> str:
    return f"“{text if len(text) <= size else text[: size - 1] + '…'}”"


def _verify(path: Path, text: str, expected: Dossier) -> None:
    """Load ``text`` as ``path`` with the project's loader; it must be ``expected`` exactly."""
    with tempfile.TemporaryDirectory(prefix="dossier-verify-") as folder:
        probe = Path(folder) / path.parent.name / path.name
        probe.parent.mkdir()
        probe.write_text(text, encoding="utf-8", newline="")
        loaded, problems = load_dossier(probe)
    if loaded is None:
        message = problems[0].message if problems else "it does not load"
        raise DossierWriteError(
            f"{path.name}: the result would not load ({message}); nothing written"
        )
    if loaded.model_copy(update={"path": expected.path}) != expected:
        raise DossierWriteError(
            f"{path.name}: the result would not read back as written; nothing written"
        )
