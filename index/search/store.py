"""Where the index lives, and keeping it in step with the corpus: built on first use, then updated
incrementally (size + mtime, then content hash), rebuilt when the schema or analyzer changes.

Several dossier processes may share one index (the app, ``dossier search`` in another terminal, a
``dossier index --rebuild``). Readers never wait and never write: a current index is searched as it is (so a
read-only cache works), and while another process writes, readers search its last committed state. Writers
take ``dossier.lock`` in the index folder (an OS lock: a killed writer leaves none behind); a second writer
waits for the first, saying so. A rebuild over a usable index commits its new segment in one step (Whoosh's
CLEAR merge), so readers see the old index until then. The manifest records the sizes of the index's own
files, so a truncated or missing segment is found before it is read and the index rebuilt.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import whoosh
from platformdirs import user_cache_path
from whoosh.index import FileIndex, LockError
from whoosh.util.filelock import FileLock
from whoosh.writing import CLEAR

from dossier.index.corpus.articles import Corpus, FileEntry, Listing, article_id, file_digest, load_article
from dossier.index.corpus.metadata import METADATA_FILE, MetadataFile, load_metadata
from dossier.index.dossiers.load import load_dossiers
from dossier.index.dossiers.schema import Dossier
from dossier.index.errors import IndexBusy, IndexUnavailable
from dossier.index.problems import Problem
from dossier.index.search.documents import ARTICLE, DOSSIER, article_document, dossier_document, vocabulary_document
from dossier.index.search.duplicates import DUPLICATES_VERSION, GROUPS, SKETCHES, Sketches, sketch
from dossier.index.search.schema import SCHEMA_VERSION, build_schema
from dossier.index.search.whoosh_raw import MappedStorage, Writer
from dossier.index.text.analysis import ANALYZER_VERSION, words
from dossier.index.text.linking import Linker
from dossier.index.text.safe_text import SAFE_TEXT_VERSION

INDEX_ROOT_ENV = "DOSSIER_INDEX_ROOT"
#: Whoosh's in-memory posting pool before it spills sorted runs to disk. At 10 000 articles a build took
#: 37 s whatever the size (64, 128, 256 MB) while its peak memory went 141, 220, 379 MB: so, small.
WRITER_MB = 48
MANIFEST = "dossier-manifest.json"
#: Written with the manifest: a digest of the corpus listing it matches and what a sync with nothing to do
#: reports, so opening a current index never parses the manifest (15 MB at 100 000 articles: 0.4 s).
CURRENT = "dossier-current.json"
LOCK_FILE = "dossier.lock"
STAMP = {
    "format": 3,  # 3: segments kept as separate files, and the CURRENT summary
    "whoosh": whoosh.versionstring(),
    "schema": SCHEMA_VERSION,
    "analyzer": ANALYZER_VERSION,
    "safe_text": SAFE_TEXT_VERSION,
    "duplicates": DUPLICATES_VERSION,
}
#: How long a writer waits for another one before giving up (a full rebuild of 20 000 articles takes ~2 min).
WRITER_WAIT_SECONDS = 600.0
WAITING = "another dossier process is updating the index: waiting for it to finish…"
STALE = "another dossier process is updating the index: searching its last complete state meanwhile"
_WHOOSH_LOCK_SECONDS = 5.0
#: Whoosh's files of our index ("_MAIN_3.toc", "MAIN_x1y2.seg"), not its lock.
_INDEX_FILE = re.compile(r"^_?MAIN_(?!WRITELOCK$)")
_UNWRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST, errno.ENOSPC}

Progress = Callable[[int, int], None]
Notify = Callable[[str], None]


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


def fallback_root() -> Path:
    """A private temporary index root for when the cache cannot be written: ``$TMPDIR/dossier-<uid>``, reused
    across runs when it is ours alone (an index is unpickled when opened: never trust someone else's), else
    a fresh folder."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    root = Path(tempfile.gettempdir()) / f"dossier-{uid}"
    with contextlib.suppress(FileExistsError):
        root.mkdir(mode=0o700)
    info = root.lstat()
    if stat.S_ISDIR(info.st_mode) and info.st_uid == uid and not info.st_mode & 0o077:
        return root / "indexes"
    return Path(tempfile.mkdtemp(prefix="dossier-")) / "indexes"


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
    #: One-line notes about the index itself (a fallback folder, another writer, a repair), for the user.
    notes: list[str] = field(default_factory=list)
    #: The index folder this sync brought up to date (a temporary one when the cache is not writable).
    path: str = ""

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
    meta: str = ""  # digest of the article's entry in the metadata file


class IndexStore:
    """The on-disk index of one corpus. Only this class writes to it, and only holding its lock."""

    def __init__(self, corpus: Corpus, root: Path | None = None) -> None:
        self.corpus = corpus
        self.path = index_dir(corpus, root)
        self.index: FileIndex | None = None
        self.dossiers: list[Dossier] | None = None
        self._listing: Listing | None = None
        self._digested: tuple[Listing, str] | None = None

    # -- public -----------------------------------------------------------------------------------

    def sync(self, progress: Progress | None = None, rebuild: bool = False, on_wait: Notify | None = None,
             ) -> SyncReport:
        """Bring the index up to date with the corpus and return what changed.

        Writes nothing when the index is current. If another process is writing, serves its last committed
        state, or (when there is none yet, or for a ``rebuild``) waits for it, calling ``on_wait`` once. If the
        index folder cannot be written, uses a private temporary one instead, with a note saying so.
        """
        started = time.perf_counter()
        notes: list[str] = []
        self._listing = self.corpus.listing()  # one listing serves the whole sync
        try:
            report = self._sync(progress, rebuild, on_wait)
        except OSError as error:
            if not _unwritable(error, self.path):
                raise
            unwritable = self.path
            self.path = index_dir(self.corpus, fallback_root())
            notes.append(f"cannot write the index cache {unwritable} ({error.strerror or error}): "
                         f"using a temporary index in {self.path}")
            report = self._sync(progress, rebuild, on_wait)
        finally:
            self._listing, self._digested = None, None
        report.notes[:0] = notes
        report.path = str(self.path)
        report.seconds = time.perf_counter() - started
        return report

    def is_current(self, manifest: dict[str, Any] | None = None) -> bool:
        """Whether a sync would find nothing to do, judged by sizes and mtimes only (cheap: no hashing), and the
        index's own files are all there at the sizes last committed (``manifest``: already read)."""
        if manifest is None and self._current_summary() is not None:
            return True
        manifest = manifest or self._read_manifest()
        if manifest is None or not self._intact(manifest):
            return False
        if manifest.get("metadata") != self._stat(self.corpus.seeds_dir / METADATA_FILE):
            return False
        listing = self._files()
        for kind, files in (("articles", listing.articles), ("dossiers", listing.dossiers)):
            known = manifest[kind]
            if len(known) != len(files):
                return False
            for file in files:
                entry = known.get(file.rel)
                if entry is None or (entry["size"], entry["mtime_ns"]) != (file.size, file.mtime_ns):
                    return False
        return True

    def _files(self) -> Listing:
        """The corpus's files as listed for the sync under way (else listed now)."""
        return self._listing or self.corpus.listing()

    def open_current(self) -> list[Dossier]:
        """Open the index a sync (maybe in another process) left, and return the corpus's dossiers."""
        if self.index is None and not self._open_existing():
            raise IndexUnavailable(f"no usable index at {self.path}: run `dossier index`")
        if self.dossiers is None:
            self.dossiers, _ = load_dossiers(self.corpus)
        return self.dossiers

    def forget(self) -> None:
        """Mark the index as damaged (e.g. a segment failed to read): the next sync rebuilds it."""
        self.index = None
        for name in (CURRENT, MANIFEST):
            with contextlib.suppress(OSError):
                (self.path / name).unlink()

    # -- syncing ----------------------------------------------------------------------------------

    def _sync(self, progress: Progress | None, rebuild: bool, on_wait: Notify | None) -> SyncReport:
        if not rebuild and (report := self._unchanged()):
            return report
        with self._writer_lock(rebuild, on_wait) as holding:
            self._listing = self.corpus.listing()  # the corpus as it is now that the lock is ours (or not)
            if not holding:
                if (report := self._unchanged(current=False)) is None:
                    raise IndexBusy(f"another dossier process is rebuilding the index at {self.path}: "
                                    "try again in a moment")
                report.notes.append(STALE)
                return report
            if not rebuild and (report := self._unchanged()):  # the writer we waited for did the work
                return report
            return self._update(progress, rebuild)

    def _unchanged(self, current: bool = True) -> SyncReport | None:
        """The report of a sync with nothing to do, when the committed index opens (and, if ``current``, the
        corpus has not changed since); else None. Nothing is written."""
        summary = self._current_summary() if current else None
        if summary is not None and self._open_existing():
            report = SyncReport(skipped=summary["skipped"])
            self.dossiers, problems = load_dossiers(self.corpus)
            report.problems.extend(problems)
            report.problems.extend(Problem(Path(path), line, col, message)
                                   for path, line, col, message in summary["problems"])
            report.problems.extend(self._files().problems)
            return report
        manifest = self._read_manifest()
        if manifest is None or not (self.is_current(manifest) if current else self._intact(manifest)):
            return None
        if not self._open_existing():
            return None
        report = SyncReport()
        self.dossiers, problems = load_dossiers(self.corpus)
        report.problems.extend(problems)
        self._report_files(manifest, [], report)
        return report

    @contextlib.contextmanager
    def _writer_lock(self, rebuild: bool, on_wait: Notify | None) -> Iterator[bool]:
        """Hold the writers' lock: True once held; False, without waiting, when another writer has it and its
        last committed state can be read meanwhile (never for a ``rebuild``, which waits its turn)."""
        self.path.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.path / LOCK_FILE))
        if not lock.acquire(blocking=False):
            if not rebuild and self._committed():
                yield False
                return
            if on_wait:
                on_wait(WAITING)
            deadline = time.monotonic() + WRITER_WAIT_SECONDS
            while not lock.acquire(blocking=False):
                if time.monotonic() > deadline:
                    raise IndexBusy(f"another dossier process has been updating the index at {self.path} for "
                                    f"{WRITER_WAIT_SECONDS / 60:.0f} minutes: try again later")
                time.sleep(0.2)
        try:
            yield True
        finally:
            lock.release()

    def _committed(self) -> bool:
        """Whether a complete index (one a manifest vouches for) can be read."""
        manifest = self._read_manifest()
        return manifest is not None and self._intact(manifest) and self._open_existing()

    def _update(self, progress: Progress | None, rebuild: bool) -> SyncReport:
        """The sync proper, holding the lock: plan from the manifest, write what changed, commit, record."""
        report = SyncReport()
        manifest = self._read_manifest()
        usable = manifest is not None and self._intact(manifest) and self._open_existing()
        if manifest is not None and not usable:
            report.notes.append(f"the index at {self.path} was damaged or incomplete: rebuilt it")
        clear = rebuild and usable  # a new segment replaces the old ones in one commit: readers never wait
        if not usable:
            self._create()
        if not usable or rebuild:
            report.rebuilt = True
            manifest = {"stamp": STAMP, "articles": {}, "dossiers": {}, "link_key": "", "files": {}}
        assert manifest is not None
        old_manifest = _digest(manifest)  # not the 15 MB text of 100 000 entries, kept through the build
        dossiers, problems = load_dossiers(self.corpus)
        self.dossiers = dossiers
        report.problems.extend(problems)
        linker = Linker(dossiers)
        metadata = load_metadata(self.corpus.seeds_dir)
        relink = manifest["link_key"] != linker.key
        known_dossiers = {k: _FileState(**v) for k, v in manifest["dossiers"].items()}
        dossier_states = {}
        for file in self._files().dossiers:
            with contextlib.suppress(OSError):  # load_dossiers has reported an unreadable file already
                dossier_states[file.rel] = self._current_state(file, known_dossiers.get(file.rel))
        dossiers_changed = relink or self._signature(dossier_states) != self._signature(known_dossiers)
        plan = self._plan_articles(manifest["articles"], relink, metadata, report)
        if plan.changed or plan.removed or dossiers_changed or clear:
            self._write(plan, dossiers if dossiers_changed else None, linker, metadata, report, progress, clear)
            manifest["files"] = self._index_files()
        manifest.update(
            link_key=linker.key,
            metadata=self._stat(metadata.path),
            dossiers={k: vars(v) for k, v in dossier_states.items()},
            articles={k: vars(v) for k, v in plan.states.items()},
        )
        changed = _digest(manifest) != old_manifest
        if changed:
            self._write_manifest(manifest)
        problems = self._report_files(manifest, plan.problems, report)
        if changed or self._current_summary() is None:
            self._write_current(manifest, problems, report.skipped)
        return report

    def _report_files(self, manifest: dict[str, Any], plan_problems: list[Problem], report: SyncReport,
                      ) -> list[Problem]:
        """Problems of the files the manifest knows (recorded when they were loaded), and the skipped count;
        returns the articles' and metadata's problems (those the CURRENT summary keeps)."""
        problems, report.skipped = self._article_problems(manifest, plan_problems)
        report.problems.extend(problems)
        report.problems.extend(self._files().problems)
        return problems

    def _article_problems(self, manifest: dict[str, Any], plan_problems: list[Problem]) -> tuple[list[Problem], int]:
        """What the articles and the metadata file have wrong, and how many articles were skipped."""
        states: dict[str, dict[str, Any]] = manifest["articles"]  # read as stored: 100 000 entries, no objects
        problems = [Problem(self.corpus.root / rel, *p)
                    for rel in sorted(rel for rel, state in states.items() if state.get("problems"))
                    for p in states[rel]["problems"]]
        problems.extend(plan_problems)
        metadata = load_metadata(self.corpus.seeds_dir)
        problems.extend(metadata.problems)
        problems.extend(metadata.unknown_ids({article_id(rel) for rel in states}))
        return problems, sum(not state.get("indexed", True) for state in states.values()) + len(plan_problems)

    # -- planning ---------------------------------------------------------------------------------

    def _plan_articles(
        self, known: dict[str, dict[str, Any]], relink: bool, metadata: MetadataFile, report: SyncReport,
    ) -> _Plan:
        plan = _Plan()
        seen_ids: dict[str, str] = {}
        for file in self._files().articles:
            doc_id = article_id(file.path)
            if doc_id in seen_ids:
                other = seen_ids[doc_id]
                plan.problems.append(Problem.whole_file(Path(file.path), f"duplicate article id {doc_id!r} "
                                                                         f"(also {other}), skipped"))
                continue
            seen_ids[doc_id] = file.path
            path, rel = Path(file.path), file.rel
            old = _FileState(**known[rel]) if rel in known else None
            try:
                state = self._current_state(file, old)
            except OSError as error:
                plan.problems.append(Problem.whole_file(path, f"unreadable, skipped: {error}"))
                continue
            plan.states[rel] = state
            meta_before = old.meta if old else ""  # read before: ``state`` may be ``old`` itself
            state.meta = metadata.digest(doc_id)
            if old and not relink and old.sha1 == state.sha1 and meta_before == state.meta:
                continue
            plan.changed.append((path, rel, old))
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
        self, plan: _Plan, dossiers: list[Dossier] | None, linker: Linker, metadata: MetadataFile,
        report: SyncReport, progress: Progress | None, clear: bool = False,
    ) -> None:
        """Apply the plan in one commit; ``clear`` replaces every existing segment by the new one."""
        writer = self._writer()
        sketches = Sketches() if clear else Sketches.load(self.path) if plan.changed or plan.removed else None
        try:
            for doc_id in plan.removed:
                writer.delete_by_term("key", f"{ARTICLE}:{doc_id}")
            total = len(plan.changed)
            vocabulary: set[str] = set()
            for done, (path, rel, old) in enumerate(plan.changed, start=1):
                article, problems = load_article(path)
                state = plan.states[rel]
                state.problems = [[p.line, p.col, p.message] for p in problems]
                state.indexed = article is not None
                if article is None:
                    self._not_loaded(path, rel, old, plan, report)
                    if old is not None and old.indexed and not clear:
                        writer.delete_by_term("key", f"{ARTICLE}:{article_id(path)}")
                else:
                    article = article.with_meta(metadata.meta_for(article.id))
                    tokens = words(article.body)  # one pass feeds linking and the vocabulary
                    vocabulary.update(word for word, _, _ in tokens)
                    vocabulary.update(word for word, _, _ in words(article.title))
                    mentions = linker.mentions(article.body, tokens=tokens)
                    if sketches is not None:
                        sketches.put(article.id, sketch(article.body, list(map(itemgetter(0), tokens))))
                    add = writer.add_document if clear else writer.update_document
                    add(**article_document(article, mentions))
                if progress:
                    progress(done, total)
            if vocabulary:
                writer.add_document(**vocabulary_document(f"{time.time_ns():x}", vocabulary))
            if dossiers is not None:
                if not clear:
                    writer.delete_by_term("kind", DOSSIER)
                for dossier in dossiers:
                    writer.add_document(**dossier_document(dossier))
            writer.commit(mergetype=CLEAR) if clear else writer.commit()
        except BaseException:
            writer.cancel()
            raise
        if sketches is not None:  # the duplicate groups, with the sketches of the articles indexed now
            sketches.save_for(self.path, {article_id(rel) for rel, state in plan.states.items() if state.indexed},
                              self._stored_body)

    def _stored_body(self, doc_id: str) -> str | None:
        assert self.index is not None
        with self.index.searcher() as searcher:
            fields = searcher.document(key=f"{ARTICLE}:{doc_id}")
        return fields["body"] if fields else None

    @staticmethod
    def _not_loaded(path: Path, rel: str, old: _FileState | None, plan: _Plan, report: SyncReport) -> None:
        """A planned file that did not load is skipped, not added or updated; one that vanished since the
        listing is forgotten (reported once, not kept in the manifest)."""
        if old is None:
            report.added -= 1
        else:
            report.updated -= 1
            report.removed += old.indexed
        if not path.exists():
            del plan.states[rel]
            plan.problems.append(Problem.whole_file(path, "vanished while indexing, skipped"))

    def _writer(self) -> Any:
        """Whoosh's own writer lock, retried briefly (our lock already keeps dossier's writers apart)."""
        assert self.index is not None
        deadline = time.monotonic() + _WHOOSH_LOCK_SECONDS
        while True:
            try:
                return Writer(self.index, limitmb=WRITER_MB, compound=False)
            except LockError:
                if time.monotonic() > deadline:
                    raise IndexBusy(f"the index at {self.path} is locked by another program") from None
                time.sleep(0.1)

    # -- files ------------------------------------------------------------------------------------

    @staticmethod
    def _stat(path: Path) -> list[int] | None:
        """Size and mtime of a file, or None if it is not there (JSON-ready, for the manifest)."""
        try:
            stat = path.stat()
        except OSError:
            return None
        return [stat.st_size, stat.st_mtime_ns]

    @staticmethod
    def _current_state(file: FileEntry, old: _FileState | None) -> _FileState:
        """``old`` when size and mtime (as listed) still match; else a fresh state, hashed, keeping what loading
        ``old`` found (problems, indexed) if the bytes are the same."""
        if old and (old.size, old.mtime_ns) == (file.size, file.mtime_ns):
            return old
        state = _FileState(file.size, file.mtime_ns, file_digest(Path(file.path)))
        if old and old.sha1 == state.sha1:
            state.problems, state.indexed = old.problems, old.indexed
        return state

    @staticmethod
    def _signature(states: dict[str, _FileState]) -> list[tuple[str, str]]:
        return sorted((rel, state.sha1) for rel, state in states.items())

    def _listing_digest(self) -> str:
        """A digest of every listed file's name, size and mtime, and of the metadata file's (worked out once
        per listing: a sync asks for it up to four times)."""
        listing = self._files()
        if self._digested is not None and self._digested[0] is listing:
            return self._digested[1]
        lines = [f"{f.rel}\0{f.size}\0{f.mtime_ns}\n" for files in (listing.articles, listing.dossiers) for f in files]
        lines.append(json.dumps(self._stat(self.corpus.seeds_dir / METADATA_FILE)))
        digest = hashlib.sha1("".join(lines).encode("utf-8", "surrogateescape")).hexdigest()
        if self._listing is listing:  # only a sync's listing is kept: a fresh one may differ next time
            self._digested = (listing, digest)
        return digest

    def _current_summary(self) -> dict[str, Any] | None:
        """The CURRENT summary, when it matches the corpus as listed and the index files are intact."""
        try:
            summary = json.loads((self.path / CURRENT).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(summary, dict) or summary.get("stamp") != STAMP or not self._intact(summary):
            return None
        if summary.get("manifest") != self._stat(self.path / MANIFEST):  # written for another manifest
            return None
        return summary if summary.get("listing") == self._listing_digest() else None

    def _write_current(self, manifest: dict[str, Any], problems: list[Problem], skipped: int) -> None:
        """Record what a sync with nothing to do would report about the articles (the dossiers' problems and
        the listing's are found anew each time)."""
        summary = {
            "stamp": STAMP, "manifest": self._stat(self.path / MANIFEST), "listing": self._listing_digest(),
            "files": manifest["files"], "skipped": skipped,
            "problems": [[str(p.path), p.line, p.col, p.message] for p in problems],
        }
        tmp = self.path / f"{CURRENT}.tmp"
        tmp.write_text(json.dumps(summary), encoding="utf-8")
        os.replace(tmp, self.path / CURRENT)

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
            self.index = MappedStorage(str(self.path)).open_index()
            with self.index.reader():
                pass
        except Exception:  # any damage (EmptyIndexError, UnpicklingError, OSError…) means rebuild
            self.index = None
            return False
        return True

    def _index_files(self) -> dict[str, int]:
        """Whoosh's files of the committed index and their sizes (old generations are gone after a commit)."""
        return {p.name: p.stat().st_size for p in self.path.iterdir() if _INDEX_FILE.match(p.name)}

    def _intact(self, manifest: dict[str, Any]) -> bool:
        """Whether every index file the manifest recorded is there at its recorded size."""
        files = manifest.get("files")
        if not files:
            return False
        for name, size in files.items():
            try:
                if (self.path / name).stat().st_size != size:
                    return False
            except OSError:
                return False
        return True

    def _create(self) -> None:
        """Start an empty index: the manifest first (a build killed from here on leaves no claim of a complete
        index), then the old index's files; the lock and anything not ours stay."""
        self.path.mkdir(parents=True, exist_ok=True)
        ours = [n.name for n in self.path.iterdir() if _INDEX_FILE.match(n.name)]
        for name in (CURRENT, MANIFEST, f"{MANIFEST}.tmp", SKETCHES, GROUPS, *ours):
            with contextlib.suppress(FileNotFoundError):
                (self.path / name).unlink()
        self.index = MappedStorage(str(self.path)).create_index(build_schema())


def _digest(manifest: dict[str, Any]) -> bytes:
    """A digest of a manifest's content, to tell whether a sync changed it."""
    return hashlib.sha1(json.dumps(manifest, sort_keys=True).encode("utf-8", "surrogateescape")).digest()


def _unwritable(error: OSError, folder: Path) -> bool:
    """Whether ``error`` says ``folder`` (or a folder above it) cannot be written: read-only, not ours, a file in
    the way, or full."""
    if error.errno not in _UNWRITABLE or not error.filename:
        return False
    failed = Path(os.fsdecode(error.filename))
    return folder == failed or folder.is_relative_to(failed) or failed.is_relative_to(folder)


@dataclass
class _Plan:
    changed: list[tuple[Path, str, _FileState | None]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    states: dict[str, _FileState] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
