"""A big build on several cores: helper processes each index a share of the files into a segment of
their own, while the process holding the index indexes the last share; its commit then lists every
segment.

Whoosh indexes in Python, one core per process, and merging segments afterwards would cost as much
as the build saved, so the segments stay as written (a search reads two or three segments as fast as
one: see docs/speed.md). Helpers start only for an empty index (a first build or a rebuild: nothing
to delete or update) of at least :data:`PARALLEL_FROM` files. A helper is a child process
(:mod:`~dossier.index.indexing.child_process`) running a :class:`Job`: it reports a step per file
indexed, then its :class:`ShareResult`. A helper that fails leaves its share to the parent, which
says so; the build never fails for it.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.index.corpus.article import file_id
from dossier.index.corpus.metadata import MetadataFile
from dossier.index.indexing.article_feed import ArticleFeed, FileOutcome
from dossier.index.indexing.child_process import Child, ChildFailed, Replies, Step
from dossier.index.indexing.duplicates import Sketch
from dossier.index.indexing.manifest import FileState
from dossier.index.indexing.sync_plan import SyncPlan
from dossier.index.indexing.sync_report import Progress, SyncReport
from dossier.index.search.whoosh_raw import MappedStorage, Writer
from dossier.index.text.linking import Linker

#: Fewer files than this are indexed in one process: a helper takes ~0.4 s to start.
PARALLEL_FROM = 1000
#: At most this many helpers (each adds a segment the searches read).
MAX_HELPERS = 3
#: Set to a number of helpers (0: none) to override the default of one per core beyond the first.
HELPERS_ENV = "DOSSIER_BUILD_HELPERS"

#: A planned file: its path, its path relative to the corpus, and its last manifest entry (see
#: SyncPlan).
File = tuple[Path, str, FileState | None]


@dataclass(frozen=True)
class Job:
    """What a helper is given: the index to write a segment into and the files to read into it."""

    index_path: str
    files: list[tuple[str, str]]  # (path, article id)
    linker: Linker
    metadata: MetadataFile  # entries only: what linking an article needs
    claimed: frozenset[str]  # ids a mailbox's message must leave to a file (see SyncPlan.claimed)
    writer_mb: float

    def run(self, replies: Replies) -> ShareResult:
        """Index the files into a segment of their own, telling ``replies`` of each file done."""
        index = MappedStorage(self.index_path).open_index()
        writer = Writer(index, limitmb=self.writer_mb, compound=False, _lk=False)
        feed = ArticleFeed(writer, self.linker, self.metadata, True, self.claimed)
        outcomes = []
        try:
            for done, (path, doc_id) in enumerate(self.files, start=1):
                outcomes.append(feed.add(Path(path), doc_id, set()))
                replies.progress(done, len(self.files))
            segment = writer.finish_share()
        except BaseException:
            writer.cancel()
            raise
        return ShareResult(segment, outcomes, feed.sketches, feed.vocabulary, feed.lower)


@dataclass
class ShareResult:
    """What a helper made: its segment (None if no file gave an article), per file what it gave, the
    articles' duplicate sketches and the spellings for the vocabulary document (see
    :class:`ArticleFeed`)."""

    segment: Any
    outcomes: list[FileOutcome]
    sketches: dict[str, Sketch] = field(default_factory=dict)
    vocabulary: set[str] = field(default_factory=set)
    lower: set[str] = field(default_factory=set)


def helper_count(files: int) -> int:
    """How many helpers a build of ``files`` files gets: one per usable core beyond the first (at
    most :data:`MAX_HELPERS`), or :data:`HELPERS_ENV`; none below :data:`PARALLEL_FROM` files."""
    if files < PARALLEL_FROM:
        return 0
    wanted = os.environ.get(HELPERS_ENV, "").strip()
    if wanted.isdigit():
        return min(int(wanted), MAX_HELPERS)
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
    return max(0, min(cores - 1, MAX_HELPERS))


def split(files: list[File], sizes: list[int], parts: int) -> list[list[File]]:
    """``files`` (of ``sizes`` bytes, as the sync listed them) in ``parts`` runs of consecutive
    files of about the same total size (a file goes to the run its middle byte falls in)."""
    target = sum(sizes) / parts or 1
    runs: list[list[File]] = [[] for _ in range(parts)]
    seen = 0
    for file, size in zip(files, sizes, strict=True):
        runs[min(parts - 1, int((seen + size / 2) / target))].append(file)
        seen += size
    return runs


class Helper:
    """One helper process indexing one share; :attr:`done` counts its files so far."""

    def __init__(self, job: Job, files: list[File]) -> None:
        self.files = files
        self.done = 0
        self.result: ShareResult | None = None
        self._failure: str | None = None
        self._child = Child(job)
        self._talk = threading.Thread(target=self._exchange, name="build-helper", daemon=True)
        self._talk.start()

    def _exchange(self) -> None:
        """Read what the helper says (in this thread: the build goes on meanwhile) until it ends."""
        for message in self._child.messages():
            if isinstance(message, Step):
                self.done = message.done
        try:
            self.result = self._child.result()
        except ChildFailed as error:
            self._failure = error.reason

    def wait(self, seconds: float) -> bool:
        """Whether the helper has finished (waiting up to ``seconds``)."""
        self._talk.join(seconds)
        return not self._talk.is_alive()

    def failure(self) -> str | None:
        """Why the helper gave no result (None when it gave one), once it has finished."""
        return self._failure

    def stop(self) -> None:
        """End the helper (whatever it was doing) and close its files."""
        self._child.kill()
        self._talk.join()
        self._child.stop()


def start_helpers(
    count: int,
    index_path: Path,
    files: list[File],
    sizes: list[int],
    linker: Linker,
    metadata: MetadataFile,
    claimed: frozenset[str],
    writer_mb: float,
) -> tuple[list[Helper], list[File]]:
    """``count`` helpers (see :func:`helper_count`) for the first shares of ``files`` (split by
    their ``sizes``), and the last share, left to the caller; each helper's posting pool is
    ``writer_mb``."""
    if not count:
        return [], files
    *shares, own = split(files, sizes, count + 1)
    entries = MetadataFile(
        metadata.path, metadata.entries
    )  # no parsed YAML document: it need not travel
    helpers = [
        Helper(
            Job(
                str(index_path),
                [(str(path), file_id(rel)) for path, rel, _ in share],
                linker,
                entries,
                claimed,
                writer_mb,
            ),
            share,
        )
        for share in shares
    ]
    return helpers, own


def gather(
    helpers: list[Helper],
    plan: SyncPlan,
    feed: ArticleFeed,
    report: SyncReport,
    progress: Progress | None,
    own: int,
) -> list[Any]:
    """Wait for the helpers (relaying their progress) and record what they indexed; a helper that
    failed leaves its share to ``feed``. ``own``: how many files the caller indexed itself. Returns
    the segments the helpers wrote."""
    segments = []
    total = len(plan.changed)
    for helper in helpers:
        while not helper.wait(0.1):
            if progress:
                progress(own + sum(h.done for h in helpers), total)
        failure = helper.failure()
        if failure is not None or helper.result is None:
            report.notes.append(
                f"a helper process failed ({failure}): its {len(helper.files)} files were "
                f"indexed by this one"
            )
            helper.stop()
            for done, (path, rel, old) in enumerate(helper.files, start=1):
                plan.record(path, rel, old, feed.add(path, file_id(rel), set()), report)
                helper.done = done
                if progress:
                    progress(own + sum(h.done for h in helpers), total)
            continue
        for (path, rel, old), outcome in zip(helper.files, helper.result.outcomes, strict=True):
            plan.record(path, rel, old, outcome, report)
        feed.sketches.update(helper.result.sketches)
        feed.vocabulary.update(helper.result.vocabulary)
        feed.lower.update(helper.result.lower)
        if helper.result.segment is not None:
            segments.append(helper.result.segment)
    if helpers and progress:
        progress(total, total)
    return segments
