"""Where the index lives, and keeping it in step with the corpus: built on first use, then updated
incrementally (size + mtime, then content hash), rebuilt when the schema or analyzer changes.

Several dossier processes may share one index (the app, ``dossier search`` in another terminal, a
``dossier index --rebuild``). Readers never wait and never write: a current index is searched as it
is (so a read-only cache works), and while another process writes, readers search its last committed
state. Writers take ``dossier.lock`` in the index folder
(:mod:`~dossier.index.indexing.writer_lock`); a second writer waits for the first, saying so, and
never fails for it. A rebuild over a usable index commits its new segment in one step (Whoosh's
CLEAR merge), so readers see the old index until then. The manifest
(:mod:`~dossier.index.indexing.manifest`) records the sizes of the index's own files, so a truncated
or missing segment is found before it is read and the index rebuilt. A dossier edit re-links only
the articles that name what changed (:mod:`~dossier.index.indexing.relink`).
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

from whoosh.index import FileIndex, LockError
from whoosh.writing import CLEAR

from dossier.index.corpus.article import file_id
from dossier.index.corpus.articles import Corpus, Listing
from dossier.index.corpus.metadata import METADATA_FILE, MetadataFile, load_metadata
from dossier.index.dossiers.load import load_dossiers
from dossier.index.dossiers.schema import Dossier
from dossier.index.errors import IndexBusy, IndexUnavailable
from dossier.index.indexing.article_feed import ArticleFeed
from dossier.index.indexing.build_helpers import gather, helper_count, start_helpers
from dossier.index.indexing.duplicates import GROUPS, SKETCHES, Sketches
from dossier.index.indexing.manifest import (
    CURRENT,
    MANIFEST,
    Current,
    IndexFolder,
    Manifest,
    current_state,
    file_ids,
    listing_digest,
    meta_digest,
    signature,
    stat,
)
from dossier.index.indexing.manifest import FileState as _FileState
from dossier.index.indexing.relink import articles_naming, changed_names, name_table
from dossier.index.indexing.sync_plan import SyncPlan
from dossier.index.indexing.sync_report import Notify, Progress, SyncReport
from dossier.index.indexing.writer_lock import LOCK_FILE, STALE, WAITING, writer_lock
from dossier.index.problems import Problem
from dossier.index.search.documents import ARTICLE, DOSSIER, dossier_document
from dossier.index.search.schema import build_schema
from dossier.index.search.whoosh_raw import MappedStorage, Writer
from dossier.index.text.linking import LINKING_VERSION, Linker
from dossier.index.text.safe_text import safe_text
from dossier.index.user_folders import (
    INDEX_ROOT_ENV,
    fallback_root,
    index_dir,
    index_root,
    unwritable,
)

__all__ = [  # what other modules import from here
    "INDEX_ROOT_ENV",
    "LOCK_FILE",
    "MANIFEST",
    "STALE",
    "WAITING",
    "IndexStore",
    "Notify",
    "Progress",
    "SyncReport",
    "index_dir",
    "index_root",
]

#: Whoosh's in-memory posting pool before it spills sorted runs to disk. At 10 000 articles a build
#: took 37 s whatever the size (64, 128, 256 MB) while its peak memory went 141, 220, 379 MB: so,
#: small. A build shared with helper processes splits it between them (two processes: 23.3 s and 241
#: MB with 48 MB each, 23.8 s and 185 MB with 24 MB each).
WRITER_MB = 48
_WHOOSH_LOCK_SECONDS = 5.0


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

    def sync(
        self,
        progress: Progress | None = None,
        rebuild: bool = False,
        on_wait: Notify | None = None,
    ) -> SyncReport:
        """Bring the index up to date with the corpus and return what changed.

        Writes nothing when the index is current. If another process is writing, serves its last
        committed state, or (when there is none, or for a ``rebuild``) waits for it, calling
        ``on_wait`` once. If the index folder cannot be written, uses a private temporary one
        instead, with a note saying so.
        """
        started = time.perf_counter()
        notes: list[str] = []
        # One listing serves the whole sync (the one sync_if_current just made, if it did).
        self._listing = listing = self._listing or self.corpus.listing()
        try:
            report = self._sync(progress, rebuild, on_wait)
        except OSError as error:
            if not unwritable(error, self.path):
                raise
            cache = self.path
            self.path = index_dir(self.corpus, fallback_root())
            notes.append(
                f"cannot write the index cache {cache} ({error.strerror or error}): "
                f"using a temporary index in {self.path}"
            )
            report = self._sync(progress, rebuild, on_wait)
        finally:
            listing = (
                self._listing or listing
            )  # the last one made (a sync lists again once it holds the lock)
            self._listing, self._digested = None, None
        report.notes[:0] = notes
        report.unread = listing.notes()  # files not read: named once per sync
        report.notes += report.unread
        report.path = str(self.path)
        report.seconds = time.perf_counter() - started
        return report

    def sync_if_current(self, progress: Progress | None = None) -> SyncReport | None:
        """The report of a sync with nothing to do when :meth:`is_current` says so, else None (the
        caller syncs elsewhere, e.g. in a child); the corpus is listed once for both (at
        10 000 files, a listing is a tenth of the app's start)."""
        self._listing = self.corpus.listing()
        try:
            return self.sync(progress) if self.is_current() else None
        finally:
            self._listing, self._digested = None, None

    def is_current(self, manifest: Manifest | None = None) -> bool:
        """Whether a sync would find nothing to do, judged by sizes and mtimes only (cheap: no
        hashing), and the index's own files are all there at the sizes last committed (``manifest``:
        already read)."""
        if manifest is None and self._current_summary() is not None:
            return True
        manifest = manifest or self._read_manifest()
        if manifest is None or not self._folder.intact(manifest.files):
            return False
        if manifest.metadata != stat(self.corpus.seeds_dir / METADATA_FILE):
            return False
        listing = self._files()
        for known, files in (
            (manifest.articles, listing.articles),
            (manifest.dossiers, listing.dossiers),
        ):
            if len(known) != len(files):
                return False
            for file in files:
                entry = known.get(file.rel)
                if entry is None or (entry["size"], entry["mtime_ns"]) != (
                    file.size,
                    file.mtime_ns,
                ):
                    return False
        return True

    def _files(self) -> Listing:
        """The corpus's files as listed for the sync under way (else listed now)."""
        return self._listing or self.corpus.listing()

    def open_current(self) -> list[Dossier]:
        """Open the index a sync (maybe in another process) left, and return the corpus's
        dossiers."""
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

    @property
    def _folder(self) -> IndexFolder:
        return IndexFolder(self.path)

    def _sync(self, progress: Progress | None, rebuild: bool, on_wait: Notify | None) -> SyncReport:
        if not rebuild and (report := self._unchanged()):
            return report
        read_meanwhile = None if rebuild else self._committed
        while True:
            with writer_lock(self.path, read_meanwhile, on_wait) as holding:
                self._listing = (
                    self.corpus.listing()
                )  # the corpus as it is now that the lock is ours (or not)
                if holding:
                    if not rebuild and (
                        report := self._unchanged()
                    ):  # the writer we waited for did the work
                        return report
                    return self._update(progress, rebuild)
                if (report := self._unchanged(current=False)) is not None:
                    report.notes.append(STALE)
                    return report
            # The committed state went between two looks (the writer committed and merged segments,
            # or started over): wait for the writer this time rather than fail.
            read_meanwhile = None

    def _unchanged(self, current: bool = True) -> SyncReport | None:
        """The report of a sync with nothing to do, when the committed index opens (and, if
        ``current``, the corpus has not changed since); else None. Nothing is written."""
        summary = self._current_summary() if current else None
        if summary is not None and self._open_existing():
            report = SyncReport(skipped=summary.skipped)
            self.dossiers, problems = load_dossiers(self.corpus)
            report.problems.extend(problems)
            report.problems.extend(summary.problem_list())
            report.problems.extend(self._files().problems)
            return report
        manifest = self._read_manifest()
        if manifest is None or not (
            self.is_current(manifest) if current else self._folder.intact(manifest.files)
        ):
            return None
        if not self._open_existing():
            return None
        report = SyncReport()
        self.dossiers, problems = load_dossiers(self.corpus)
        report.problems.extend(problems)
        self._report_files(manifest, [], report)
        return report

    def _committed(self) -> bool:
        """Whether a complete index (one a manifest vouches for) can be read."""
        manifest = self._read_manifest()
        return (
            manifest is not None and self._folder.intact(manifest.files) and self._open_existing()
        )

    def _update(self, progress: Progress | None, rebuild: bool) -> SyncReport:
        """The sync proper, holding the lock: plan from the manifest, write what changed, commit,
        record."""
        report = SyncReport()
        manifest = self._read_manifest()
        usable = (
            manifest is not None and self._folder.intact(manifest.files) and self._open_existing()
        )
        if manifest is not None and not usable:
            report.notes.append(f"the index at {self.path} was damaged or incomplete: rebuilt it")
        # An empty index, or new segments replacing the old ones in one commit (readers never wait).
        clear = rebuild or not usable
        if not usable:
            self._create()
        if manifest is None or not usable or rebuild:
            report.rebuilt = True
            manifest = Manifest()
        old_manifest = (
            manifest.digest()
        )  # not the 15 MB text of 100 000 entries, kept through the build
        dossiers, problems = load_dossiers(self.corpus)
        self.dossiers = dossiers
        report.problems.extend(problems)
        linker = Linker(dossiers)
        names = name_table(dossiers)
        metadata = load_metadata(self.corpus.seeds_dir)
        relink = manifest.link_key != linker.key
        naming = self._naming_changed(manifest, names) if relink else set()
        known_dossiers = {k: _FileState(**v) for k, v in manifest.dossiers.items()}
        dossier_states = self._dossier_states(known_dossiers)
        dossiers_changed = relink or signature(dossier_states) != signature(known_dossiers)
        plan = self._plan_articles(manifest.articles, relink and naming is None, metadata, report)
        if relink and naming:
            self._relink(plan, naming, report)
        if plan.changed or plan.removed or dossiers_changed or clear:
            self._write(
                plan,
                dossiers if dossiers_changed else None,
                linker,
                metadata,
                report,
                progress,
                clear,
            )
            manifest.files = self._folder.index_files()
        manifest.link_key, manifest.names, manifest.linking = linker.key, names, LINKING_VERSION
        manifest.metadata = stat(metadata.path)
        manifest.dossiers = {k: vars(v) for k, v in dossier_states.items()}
        manifest.articles = {k: vars(v) for k, v in plan.states.items()}
        changed = manifest.digest() != old_manifest
        if changed:
            self._write_manifest(manifest)
        problems = self._report_files(manifest, plan.problems, report)
        if changed or self._current_summary() is None:
            self._folder.write_current(
                self._listing_digest(), manifest.files, report.skipped, problems
            )
        return report

    def _dossier_states(self, known: dict[str, _FileState]) -> dict[str, _FileState]:
        """The dossier files' states now (``known``: as the manifest has them); an unreadable file
        is left out (load_dossiers has reported it already)."""
        states = {}
        for file in self._files().dossiers:
            with contextlib.suppress(OSError):
                states[file.rel] = current_state(file, known.get(file.rel))
        return states

    def _naming_changed(self, manifest: Manifest, names: list[list[Any]]) -> set[str] | None:
        """The stored paths of the articles that name a dossier name whose linking changed; None
        when every article must be re-linked (linking rules changed, no names recorded, or a name
        the index cannot look up)."""
        if manifest.names is None or manifest.linking != LINKING_VERSION or self.index is None:
            return None
        return articles_naming(self.index, changed_names(manifest.names, names))

    def _relink(self, plan: SyncPlan, paths: set[str], report: SyncReport) -> None:
        """Add to the plan the unchanged indexed articles at ``paths`` (as stored: made safe to
        show), to be linked again."""
        planned = {rel for _, rel, _ in plan.changed}
        files = self._files().articles
        altered = paths.difference(
            file.path for file in files
        )  # names with control characters, say
        for file in files:
            state = plan.states.get(file.rel)
            stored = file.path in paths or (altered and safe_text(file.path) in altered)
            if stored and state is not None and state.indexed and file.rel not in planned:
                plan.changed.append((Path(file.path), file.rel, state))
                report.updated += 1
                report.relinked += 1

    def _report_files(
        self,
        manifest: Manifest,
        plan_problems: list[Problem],
        report: SyncReport,
    ) -> list[Problem]:
        """Problems of the files the manifest knows (recorded when they were loaded), and the
        skipped count; returns the articles' and metadata's problems (those the CURRENT summary
        keeps)."""
        problems, report.skipped = self._article_problems(manifest, plan_problems)
        report.problems.extend(problems)
        report.problems.extend(self._files().problems)
        return problems

    def _article_problems(
        self, manifest: Manifest, plan_problems: list[Problem]
    ) -> tuple[list[Problem], int]:
        """What the articles and the metadata file have wrong, and how many articles were
        skipped."""
        states = manifest.articles  # read as stored: 100 000 entries, no objects
        problems = [
            Problem(self.corpus.root / rel, *p)
            for rel in sorted(rel for rel, state in states.items() if state.get("problems"))
            for p in states[rel]["problems"]
        ]
        problems.extend(plan_problems)
        metadata = load_metadata(self.corpus.seeds_dir)
        problems.extend(metadata.problems)
        problems.extend(
            metadata.unknown_ids({i for rel, state in states.items() for i in file_ids(rel, state)})
        )
        return problems, sum(not state.get("indexed", True) for state in states.values()) + len(
            plan_problems
        )

    # -- planning ---------------------------------------------------------------------------------

    def _plan_articles(
        self,
        known: dict[str, dict[str, Any]],
        relink: bool,
        metadata: MetadataFile,
        report: SyncReport,
    ) -> SyncPlan:
        plan = SyncPlan()
        seen_ids: dict[str, str] = {}
        for file in self._files().articles:
            doc_id = file_id(file.rel)
            if doc_id in seen_ids:
                other = seen_ids[doc_id]
                plan.problems.append(
                    Problem.whole_file(
                        Path(file.path), f"duplicate article id {doc_id!r} (also {other}), skipped"
                    )
                )
                continue
            seen_ids[doc_id] = file.path
            path, rel = Path(file.path), file.rel
            old = _FileState(**known[rel]) if rel in known else None
            try:
                state = current_state(file, old)
            except OSError as error:
                plan.problems.append(Problem.whole_file(path, f"unreadable, skipped: {error}"))
                continue
            plan.states[rel] = state
            meta_before = old.meta if old else ""  # read before: ``state`` may be ``old`` itself
            state.meta = meta_digest(metadata, old.ids if old and old.ids else [doc_id])
            if old and not relink and old.sha1 == state.sha1 and meta_before == state.meta:
                continue
            plan.changed.append((path, rel, old))
            if old is None:
                report.added += 1
            else:
                report.updated += 1
        for rel, entry in known.items():
            if rel not in plan.states and entry.get("indexed", True):
                plan.removed += file_ids(rel, entry)
                report.removed += 1
        plan.settle_mailboxes(self._files().articles, report)
        return plan

    def _write(
        self,
        plan: SyncPlan,
        dossiers: list[Dossier] | None,
        linker: Linker,
        metadata: MetadataFile,
        report: SyncReport,
        progress: Progress | None,
        clear: bool = False,
    ) -> None:
        """Apply the plan in one commit; ``clear`` replaces every existing segment by the new ones
        (a big build is shared with helper processes: see
        :mod:`~dossier.index.indexing.build_helpers`)."""
        count = helper_count(len(plan.changed)) if clear else 0
        pool_mb = WRITER_MB / (count + 1)  # every process's posting pool adds up to WRITER_MB
        writer = self._writer(pool_mb)
        sketches = self._sketches_to_update(plan, clear)
        feed = ArticleFeed(writer, linker, metadata, clear, plan.claimed)
        sizes = [plan.states[rel].size for _, rel, _ in plan.changed] if count else []
        helpers, own = start_helpers(
            count, self.path, plan.changed, sizes, linker, metadata, plan.claimed, pool_mb
        )
        total = len(plan.changed)
        try:
            for doc_id in plan.removed:
                writer.delete_by_term("key", f"{ARTICLE}:{doc_id}")
            for done, (path, rel, old) in enumerate(own, start=1):
                before = (
                    set(file_ids(rel, vars(old)))
                    if old is not None and old.indexed and not clear
                    else set()
                )
                plan.record(path, rel, old, feed.add(path, file_id(rel), before), report)
                if progress:
                    progress(done + sum(helper.done for helper in helpers), total)
            segments = gather(helpers, plan, feed, report, progress, len(own))
            feed.finish()
            if dossiers is not None:
                _write_dossiers(writer, dossiers, clear)
            writer.commit(mergetype=CLEAR, shares=segments) if clear else writer.commit()
        except BaseException:
            writer.cancel()
            raise
        finally:
            for helper in helpers:
                helper.stop()
        if sketches is not None:
            self._save_sketches(sketches, feed, plan)

    def _sketches_to_update(self, plan: SyncPlan, clear: bool) -> Sketches | None:
        """The duplicate sketches a write updates: new ones for a build, the stored ones when
        articles are added, changed or removed, else none."""
        if clear:
            return Sketches()
        if plan.changed or plan.removed:
            return Sketches.load(self.path)
        return None

    def _save_sketches(self, sketches: Sketches, feed: ArticleFeed, plan: SyncPlan) -> None:
        """Save the duplicate groups, with the sketches of the articles indexed now."""
        for article_id, value in feed.sketches.items():
            sketches.put(article_id, value)
        indexed = {
            i
            for rel, state in plan.states.items()
            if state.indexed
            for i in file_ids(rel, vars(state))
        }
        sketches.save_for(self.path, indexed, self._stored_body)

    def _stored_body(self, doc_id: str) -> str | None:
        assert self.index is not None
        with self.index.searcher() as searcher:
            fields = searcher.document(key=f"{ARTICLE}:{doc_id}")
        return fields["body"] if fields else None

    def _writer(self, pool_mb: float) -> Any:
        """Whoosh's own writer lock, retried briefly (our lock already keeps dossier's writers
        apart)."""
        assert self.index is not None
        deadline = time.monotonic() + _WHOOSH_LOCK_SECONDS
        while True:
            try:
                return Writer(self.index, limitmb=pool_mb, compound=False)
            except LockError:
                if time.monotonic() > deadline:
                    raise IndexBusy(
                        f"the index at {self.path} is locked by another program"
                    ) from None
                time.sleep(0.1)

    def _listing_digest(self) -> str:
        """The listing's digest (worked out once per listing: a sync asks for it up to four
        times)."""
        listing = self._files()
        if self._digested is not None and self._digested[0] is listing:
            return self._digested[1]
        digest = listing_digest(listing, self.corpus.seeds_dir / METADATA_FILE)
        if (
            self._listing is listing
        ):  # only a sync's listing is kept: a fresh one may differ next time
            self._digested = (listing, digest)
        return digest

    def _current_summary(self) -> Current | None:
        """The CURRENT summary, when it matches the corpus as listed and the index files are
        intact."""
        return self._folder.read_current(self._listing_digest())

    def _read_manifest(self) -> Manifest | None:
        return self._folder.read_manifest()

    def _write_manifest(self, manifest: Manifest) -> None:
        self._folder.write_manifest(manifest)

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

    def _create(self) -> None:
        """Start an empty index, the manifest and the old index's files (and the duplicates')
        removed first."""
        self._folder.clear()
        for name in (SKETCHES, GROUPS):
            (self.path / name).unlink(missing_ok=True)
        self.index = MappedStorage(str(self.path)).create_index(build_schema())


def _write_dossiers(writer: Writer, dossiers: list[Dossier], clear: bool) -> None:
    """Replace the index's dossier documents by ``dossiers`` (an index being cleared has none to
    delete)."""
    if not clear:
        writer.delete_by_term("kind", DOSSIER)
    for dossier in dossiers:
        writer.add_document(**dossier_document(dossier))
