"""A big build on several cores: helper processes each index a share of the files into a segment of their
own, while the process holding the index indexes the last share; its commit then lists every segment.

Whoosh indexes in Python, one core per process, and merging segments afterwards would cost as much as the
build saved, so the segments stay as written (a search reads two or three segments as fast as one: see
docs/speed.md). Helpers start only for an empty index (a first build or a rebuild: nothing to delete or
update) of at least :data:`PARALLEL_FROM` files. A helper is ``python -m dossier.index.indexing.build_helpers``
(no ``multiprocessing``: nothing of the parent's file descriptors or threads is inherited): it reads its
:class:`Job` pickled on stdin, writes a line per file indexed, then ``result`` and its :class:`ShareResult`
pickled. A helper that fails leaves its share to the parent, which says so; the build never fails for it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from dossier.index.corpus.articles import file_id
from dossier.index.corpus.metadata import MetadataFile
from dossier.index.indexing.article_feed import ArticleFeed, FileOutcome
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
_RESULT = b"result\n"
#: How a helper is started.
COMMAND = (sys.executable, "-m", __name__)

#: A planned file: its path, its path relative to the corpus, and its last manifest entry (see SyncPlan).
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


@dataclass
class ShareResult:
    """What a helper made: its segment (None if no file gave an article), per file what it gave, the articles'
    duplicate sketches and the spellings for the vocabulary document (see :class:`ArticleFeed`)."""

    segment: Any
    outcomes: list[FileOutcome]
    sketches: dict[str, Sketch] = field(default_factory=dict)
    vocabulary: set[str] = field(default_factory=set)
    lower: set[str] = field(default_factory=set)


def helper_count(files: int) -> int:
    """How many helpers a build of ``files`` files gets: one per usable core beyond the first (at most
    :data:`MAX_HELPERS`), or :data:`HELPERS_ENV`; none below :data:`PARALLEL_FROM` files."""
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
    """``files`` (of ``sizes`` bytes, as the sync listed them) in ``parts`` runs of consecutive files of about the
    same total size (a file goes to the run its middle byte falls in)."""
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
        # A file, not a pipe: a chatty helper never blocks on it. Closed by stop().
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115
        self._process: subprocess.Popen[bytes] | None = None
        self._not_started = ""
        try:
            self._process = subprocess.Popen(
                COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._errors
            )
        except OSError as error:
            self._not_started = f"could not start: {error.strerror or error}"
        self._talk = threading.Thread(
            target=self._exchange, args=(job,), name="build-helper", daemon=True
        )
        self._talk.start()

    def _exchange(self, job: Job) -> None:
        """Give the helper its job (in this thread: the helper reads it once it has started) and read what it
        says until its result."""
        process = self._process
        if process is None or process.stdin is None or process.stdout is None:
            return
        with contextlib.suppress(
            Exception
        ):  # whatever goes wrong (it died, it made no sense), no result
            with process.stdin:
                pickle.dump(job, process.stdin, pickle.HIGHEST_PROTOCOL)
            for line in process.stdout:
                if line == _RESULT:
                    self.result = pickle.load(process.stdout)
                    break
                self.done = int(line)

    def wait(self, seconds: float) -> bool:
        """Whether the helper has finished (waiting up to ``seconds``)."""
        self._talk.join(seconds)
        return not self._talk.is_alive()

    def failure(self) -> str | None:
        """Why the helper gave no result (None when it gave one), once it has finished."""
        if self._process is None:
            return self._not_started
        if self.result is None and self._process.poll() is None:
            self._process.kill()  # its output made no sense: it may be blocked writing the rest
        self._process.wait()
        if self.result is not None and self._process.returncode == 0:
            return None
        self._errors.seek(0)
        lines = self._errors.read().decode("utf-8", "replace").strip().splitlines()
        if lines:
            return lines[-1]
        return (
            f"exit status {self._process.returncode}"
            if self._process.returncode
            else "it ended without a result"
        )

    def stop(self) -> None:
        """End the helper (whatever it was doing) and close its files."""
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait()
        self._talk.join()
        if self._process is not None and self._process.stdout is not None:
            self._process.stdout.close()
        self._errors.close()


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
    """``count`` helpers (see :func:`helper_count`) for the first shares of ``files`` (split by their ``sizes``),
    and the last share, left to the caller; each helper's posting pool is ``writer_mb``."""
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
    """Wait for the helpers (relaying their progress) and record what they indexed; a helper that failed
    leaves its share to ``feed``. ``own``: how many files the caller indexed itself. Returns the segments the
    helpers wrote."""
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


def run(job: Job, out: IO[bytes]) -> None:
    """Index a job's files into a segment of their own, writing a line per file and then the result."""
    index = MappedStorage(job.index_path).open_index()
    writer = Writer(index, limitmb=job.writer_mb, compound=False, _lk=False)
    feed = ArticleFeed(writer, job.linker, job.metadata, True, job.claimed)
    outcomes = []
    try:
        for done, (path, doc_id) in enumerate(job.files, start=1):
            outcomes.append(feed.add(Path(path), doc_id, set()))
            out.write(b"%d\n" % done)
            out.flush()
        segment = writer.finish_share()
    except BaseException:
        writer.cancel()
        raise
    out.write(_RESULT)
    result = ShareResult(segment, outcomes, feed.sketches, feed.vocabulary, feed.lower)
    pickle.dump(result, out, pickle.HIGHEST_PROTOCOL)
    out.flush()


def main() -> None:
    job = pickle.load(sys.stdin.buffer)  # from the parent that started us, never from a file
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # a library printing must not break the lines the parent reads
    run(job, out)


if (
    __name__ == "__main__"
):  # run as this module's proper name: what it pickles must unpickle in the parent
    from dossier.index.indexing.build_helpers import main as helper_main

    helper_main()
