"""Where the index lives, and keeping it in step with the corpus: built on first use, then updated
incrementally (size + mtime, then content hash), rebuilt when the schema or analyzer changes."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import whoosh
from platformdirs import user_cache_path
from whoosh import index as whoosh_index
from whoosh.index import FileIndex, LockError

from dossier.index.analysis import ANALYZER_VERSION, words
from dossier.index.corpus import Corpus, article_id, file_digest, load_article
from dossier.index.documents import ARTICLE, DOSSIER, article_document, dossier_document, vocabulary_document
from dossier.index.dossier_schema import Dossier
from dossier.index.dossiers import load_dossiers
from dossier.index.errors import IndexUnavailable
from dossier.index.linking import Linker
from dossier.index.problems import Problem
from dossier.index.safe_text import SAFE_TEXT_VERSION
from dossier.index.schema import SCHEMA_VERSION, build_schema

INDEX_ROOT_ENV = "DOSSIER_INDEX_ROOT"
MANIFEST = "dossier-manifest.json"
STAMP = {
    "format": 1,
    "whoosh": whoosh.versionstring(),
    "schema": SCHEMA_VERSION,
    "analyzer": ANALYZER_VERSION,
    "safe_text": SAFE_TEXT_VERSION,
}
_LOCK_WAIT_SECONDS = 5.0
_WHOOSH_FILE = re.compile(r".*\.(toc|seg|pst|trm|pos|dcz|vps|fln|lock|tmp)$|^_.*")

Progress = Callable[[int, int], None]


def index_root() -> Path:
    """``$DOSSIER_INDEX_ROOT`` or the user cache folder."""
    if env := os.environ.get(INDEX_ROOT_ENV):
        return Path(env).expanduser()
    return user_cache_path("dossier") / "indexes"


def index_dir(corpus: Corpus, root: Path | None = None) -> Path:
    """One folder per corpus, keyed by its absolute path."""
    path = str(corpus.root.resolve())
    slug = re.sub(r"[^a-z0-9]+", "-", corpus.root.resolve().name.lower()).strip("-") or "corpus"
    return (root or index_root()) / f"{slug}-{hashlib.sha1(path.encode()).hexdigest()[:12]}"


@dataclass
class SyncReport:
    """What one update of the index did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in vars(self).items() if k != "problems"}
        return data | {"problems": [[str(p.path), p.line, p.col, p.message] for p in self.problems]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SyncReport:
        problems = [Problem(Path(path), line, col, message) for path, line, col, message in data["problems"]]
        return cls(**{k: v for k, v in data.items() if k != "problems"}, problems=problems)

    def summary(self) -> str:
        verb = "rebuilt" if self.rebuilt else "updated"
        return (
            f"index {verb}: {self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.skipped} skipped in {self.seconds:.2f}s"
        )


@dataclass
class _FileState:
    size: int
    mtime_ns: int
    sha1: str
    problems: list[list[Any]] = field(default_factory=list)
    indexed: bool = True


class IndexStore:
    """The on-disk index of one corpus. Only this class writes to it."""

    def __init__(self, corpus: Corpus, root: Path | None = None) -> None:
        self.corpus = corpus
        self.path = index_dir(corpus, root)
        self.index: FileIndex | None = None
        self.dossiers: list[Dossier] | None = None

    # -- public -----------------------------------------------------------------------------------

    def sync(self, progress: Progress | None = None, rebuild: bool = False) -> SyncReport:
        """Bring the index up to date with the corpus and return what changed."""
        started = time.perf_counter()
        report = SyncReport()
        manifest = None if rebuild else self._read_manifest()
        if manifest is None or not self._open_existing():
            report.rebuilt = True
            manifest = {"stamp": STAMP, "articles": {}, "dossiers": {}, "link_key": ""}
            self._create()
        dossiers, problems = load_dossiers(self.corpus)
        self.dossiers = dossiers
        report.problems.extend(problems)
        linker = Linker(dossiers)
        relink = manifest["link_key"] != linker.key
        known_dossiers = {k: _FileState(**v) for k, v in manifest["dossiers"].items()}
        dossier_states = {}
        for path in self.corpus.dossier_files():
            with contextlib.suppress(OSError):  # load_dossiers has reported an unreadable file already
                dossier_states[self._rel(path)] = self._current_state(path, known_dossiers.get(self._rel(path)))
        dossiers_changed = relink or self._signature(dossier_states) != self._signature(known_dossiers)
        plan = self._plan_articles(manifest["articles"], relink, report)
        if plan.changed or plan.removed or dossiers_changed:
            self._write(plan, dossiers if dossiers_changed else None, linker, report, progress)
        manifest.update(
            link_key=linker.key,
            dossiers={k: vars(v) for k, v in dossier_states.items()},
            articles={k: vars(v) for k, v in plan.states.items()},
        )
        self._write_manifest(manifest)
        for rel, state in sorted(plan.states.items()):
            report.problems.extend(Problem(self.corpus.root / rel, *p) for p in state.problems)
        report.problems.extend(plan.problems)
        report.problems.extend(self.corpus.scan_problems())
        report.skipped = sum(not s.indexed for s in plan.states.values()) + len(plan.problems)
        report.seconds = time.perf_counter() - started
        return report

    def is_current(self) -> bool:
        """Whether a sync would find nothing to do, judged by sizes and mtimes only (cheap: no hashing)."""
        manifest = self._read_manifest()
        if manifest is None or not any(self.path.glob("_MAIN_*.toc")):
            return False
        for kind, files in (("articles", self.corpus.article_files()), ("dossiers", self.corpus.dossier_files())):
            known = manifest[kind]
            if len(known) != len(files):
                return False
            for path in files:
                entry = known.get(self._rel(path))
                try:
                    stat = path.stat()
                except OSError:
                    return False
                if entry is None or (entry["size"], entry["mtime_ns"]) != (stat.st_size, stat.st_mtime_ns):
                    return False
        return True

    def open_current(self) -> list[Dossier]:
        """Open the index a sync (maybe in another process) left, and return the corpus's dossiers."""
        if self.index is None and not self._open_existing():
            raise IndexUnavailable(f"no usable index at {self.path}: run `dossier index`")
        if self.dossiers is None:
            self.dossiers, _ = load_dossiers(self.corpus)
        return self.dossiers

    # -- planning ---------------------------------------------------------------------------------

    def _plan_articles(self, known: dict[str, dict[str, Any]], relink: bool, report: SyncReport) -> _Plan:
        plan = _Plan()
        seen_ids: dict[str, Path] = {}
        for path in self.corpus.article_files():
            doc_id = article_id(path)
            if doc_id in seen_ids:
                other = seen_ids[doc_id]
                plan.problems.append(Problem.whole_file(path, f"duplicate article id {doc_id!r} "
                                                          f"(also {other}), skipped"))
                continue
            seen_ids[doc_id] = path
            rel = self._rel(path)
            old = _FileState(**known[rel]) if rel in known else None
            try:
                state = self._current_state(path, old)
            except OSError as error:
                plan.problems.append(Problem.whole_file(path, f"unreadable, skipped: {error}"))
                continue
            plan.states[rel] = state
            if old and not relink and old.sha1 == state.sha1:
                continue
            plan.changed.append((path, rel, old is not None and old.indexed))
            if old is None:
                report.added += 1
            else:
                report.updated += 1
        for rel, entry in known.items():
            if rel not in plan.states and entry.get("indexed", True):
                plan.removed.append(article_id(Path(rel)))
                report.removed += 1
        return plan

    def _write(
        self, plan: _Plan, dossiers: list[Dossier] | None, linker: Linker, report: SyncReport,
        progress: Progress | None,
    ) -> None:
        assert self.index is not None
        writer = self._writer()
        try:
            for removed_id in plan.removed:  # (not ``article_id``: that name is the function used below)
                writer.delete_by_term("key", f"{ARTICLE}:{removed_id}")
            total = len(plan.changed)
            vocabulary: set[str] = set()
            for done, (path, rel, was_indexed) in enumerate(plan.changed, start=1):
                article, problems = load_article(path)
                state = plan.states[rel]
                state.problems = [[p.line, p.col, p.message] for p in problems]
                state.indexed = article is not None
                if article is None:
                    if was_indexed:
                        writer.delete_by_term("key", f"{ARTICLE}:{article_id(path)}")
                else:
                    tokens = words(article.body)  # one pass feeds linking and the vocabulary
                    vocabulary.update(word for word, _, _ in tokens)
                    vocabulary.update(word for word, _, _ in words(article.title))
                    mentions = linker.mentions(article.body, tokens=tokens)
                    writer.update_document(**article_document(article, mentions))
                if progress:
                    progress(done, total)
            if vocabulary:
                writer.add_document(**vocabulary_document(f"{time.time_ns():x}", vocabulary))
            if dossiers is not None:
                writer.delete_by_term("kind", DOSSIER)
                for dossier in dossiers:
                    writer.add_document(**dossier_document(dossier))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise

    def _writer(self) -> Any:
        assert self.index is not None
        deadline = time.monotonic() + _LOCK_WAIT_SECONDS
        while True:
            try:
                return self.index.writer(limitmb=256)
            except LockError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    # -- files ------------------------------------------------------------------------------------

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.corpus.root).as_posix()

    @staticmethod
    def _current_state(path: Path, old: _FileState | None) -> _FileState:
        """``old`` when size and mtime still match; else a fresh state, hashed, keeping what loading ``old``
        found (problems, indexed) if the bytes are the same."""
        stat = path.stat()
        if old and (old.size, old.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            return old
        state = _FileState(stat.st_size, stat.st_mtime_ns, file_digest(path))
        if old and old.sha1 == state.sha1:
            state.problems, state.indexed = old.problems, old.indexed
        return state

    @staticmethod
    def _signature(states: dict[str, _FileState]) -> list[tuple[str, str]]:
        return sorted((rel, state.sha1) for rel, state in states.items())

    def _read_manifest(self) -> dict[str, Any] | None:
        try:
            manifest = json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return manifest if isinstance(manifest, dict) and manifest.get("stamp") == STAMP else None

    def _write_manifest(self, manifest: dict[str, Any]) -> None:
        tmp = self.path / f"{MANIFEST}.tmp"
        tmp.write_text(json.dumps(manifest), encoding="utf-8")
        os.replace(tmp, self.path / MANIFEST)

    def _open_existing(self) -> bool:
        """Open the index a manifest vouches for; False when it is missing or unreadable."""
        try:
            self.index = whoosh_index.open_dir(str(self.path))
            with self.index.reader():
                pass
        except Exception:  # any damage (EmptyIndexError, UnpicklingError, OSError…) means rebuild
            self.index = None
            return False
        return True

    def _create(self) -> None:
        """Start an empty index, clearing only a folder that holds nothing but our own files."""
        if self.path.exists() and all(
            p.name.startswith(MANIFEST) or _WHOOSH_FILE.match(p.name) for p in self.path.iterdir()
        ):
            shutil.rmtree(self.path)
        self.path.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            (self.path / MANIFEST).unlink()
        self.index = whoosh_index.create_in(str(self.path), build_schema())


@dataclass
class _Plan:
    changed: list[tuple[Path, str, bool]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    states: dict[str, _FileState] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
