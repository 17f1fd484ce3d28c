"""Searches in a long-lived child process, so that no search can hold the GIL a UI needs.

Why a process (measured at 10 000 articles with ``scripts/measure_app.py`` and probes, on 2 shared
cores): in a thread of the app, a keystroke's search is 15–50 ms of pure-Python scoring and 30 ms of
snippets, and the UI loop stalled up to 125–350 ms while typing. Two causes no thread avoids: every
switch interval of that work is time the UI waits for the GIL, and what a search allocates sets off
the collector's full passes over the whole app's heap (55–130 ms each, holding the GIL: they were
the worst stalls). A shorter ``sys.setswitchinterval`` (1 ms, 0.5 ms) cut the keystroke p95 from 125
to 80 ms but not the longest stall (118–131 ms); slices that yield would fare the same, as they
still take the GIL and make the same garbage. In a child the search has its own GIL and heap, on the
other core; the app unpickles the hits (1–6 ms for 100 hits, their bodies included, a screenful of
snippets already worked out). Typing under the same load, alternated: longest stall 132–177 ms
against 301–303 in a thread, 37–73 stalls over 50 ms against 84–89; with the app's heap frozen once
up (:meth:`SearchRunner.start`), the collector's passes in the app went from up to 200 ms to under
70.

The protocol: the app writes requests, the child writes replies, each a pickled frame (a 4-byte
length first) on its stdin and stdout; the child's stderr goes to a file, never a pipe nobody reads.
Requests come from one search box: each supersedes those before it, so a search stops at its next
check once a newer request is waiting and answers "cancelled". The child opens the index the app's
sync left, read-only (it never syncs or repairs: a failure is sent back, and the app's own search,
which may repair, runs instead), and exits when its stdin closes, which it does when the app exits,
however it exits. Its heap is bounded by ``RLIMIT_DATA`` (:data:`MEMORY_LIMIT`) and each answer by
:data:`ANSWER_SECONDS`.

Only a :class:`SearchRunner` is meant for the app: it searches in the calling thread until the child
is up, restarts the child when the snapshot changes (a reload), and falls back to the thread for
good, with one line saying why, when the child fails.
"""

from __future__ import annotations

import gc
import os
import pickle
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from dossier.index.errors import DossierError, SearchCancelled
from dossier.index.search.engine import Results, Sort
from dossier.index.search.limits import SEARCH_SECONDS, Cancelled

if TYPE_CHECKING:
    from dossier.index.corpus.articles import Corpus
    from dossier.index.indexing.sync_report import SyncReport

#: The most the child's heap may grow to (its memory maps of the index are not counted).
MEMORY_LIMIT = 2 << 30
#: How long the app waits for one answer before it takes the child for hung (a search stops
#: itself after ``SEARCH_SECONDS``).
ANSWER_SECONDS = SEARCH_SECONDS + 5.0
#: Hits whose snippets the child works out before answering: a screenful
#: (``tui.widgets.results.PAGE``).
SNIPPETS = 30
_HEADER = struct.Struct("!I")
_POLL = 0.01  # seconds between two looks at whether a search waiting for its answer is still wanted


class SearchProcessFailed(DossierError):
    """The search process died, hung or could not start; the app searches in its own process."""


class Searchable(Protocol):
    """What a runner needs of an open snapshot."""

    corpus: Corpus
    last_sync: SyncReport

    def search(
        self,
        text: str,
        limit: int = 20,
        sort: Sort = "relevance",
        cancelled: Cancelled | None = None,
    ) -> Results: ...


@dataclass(frozen=True)
class _Request:
    seq: int
    text: str
    limit: int
    sort: Sort


@dataclass(frozen=True)
class _Reply:
    seq: int
    results: Results | None = None
    cancelled: bool = False
    error: str | None = None


@dataclass(frozen=True)
class _Ready:
    """The child has opened the index and takes requests."""


def _send(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> object | None:
    """The next message, or None at the end of the stream."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    data = stream.read(_HEADER.unpack(header)[0])
    return pickle.loads(data)  # our own child, or our own app, on a private pipe


class SearchProcess:
    """One child process searching one index folder (see the module docstring)."""

    def __init__(self, corpus_root: Path, index_path: str) -> None:
        """Start the child (this returns at once; :attr:`ready` says when it takes searches)."""
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (kept open for the child's life)
        self._child = subprocess.Popen(
            [sys.executable, "-m", "dossier.index.search_process", str(corpus_root), index_path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        self._write_lock = threading.Lock()
        self._seq = 0
        self._arrived = threading.Condition()
        self._waiting: set[int] = set()
        self._replies: dict[int, _Reply] = {}
        self._ready = threading.Event()
        self._failure: str | None = None
        threading.Thread(target=self._read, name="search-process-replies", daemon=True).start()

    @property
    def ready(self) -> bool:
        """Whether the child has opened the index and answers searches."""
        return self._ready.is_set() and self._failure is None

    @property
    def failure(self) -> str | None:
        """Why the child stopped serving, once it has."""
        return self._failure

    def search(
        self, text: str, limit: int, sort: Sort, cancelled: Cancelled | None = None
    ) -> Results:
        """What :meth:`dossier.index.session.Snapshot.search` answers, from the child. Raises
        :class:`SearchCancelled` once ``cancelled()`` says so, and :class:`SearchProcessFailed` if
        the child can't answer."""
        seq = self._ask(text, limit, sort)
        try:
            reply = self._wait(seq, cancelled or (lambda: False))
        finally:
            with self._arrived:
                self._waiting.discard(seq)
                self._replies.pop(seq, None)
        if reply.cancelled:
            raise SearchCancelled("a newer search made this one stale")
        if reply.error is not None or reply.results is None:
            raise SearchProcessFailed(f"the search process failed: {reply.error}")
        return reply.results

    def close(self) -> None:
        """Stop the child (closing its stdin is enough; a child that does not go is killed)."""
        self._fail("closed")
        try:
            self._child.stdin.close()  # type: ignore[union-attr]
            self._child.wait(timeout=0.2)  # one still opening the index reads its stdin only then
        except (OSError, subprocess.TimeoutExpired):
            self._child.kill()
            self._child.wait()
        self._stderr.close()

    def _ask(self, text: str, limit: int, sort: Sort) -> int:
        with self._write_lock:
            if self._failure is not None:
                raise SearchProcessFailed(self._failure)
            self._seq += 1
            seq = self._seq
            with self._arrived:
                self._waiting.add(seq)
            try:
                _send(self._child.stdin, _Request(seq, text, limit, sort))  # type: ignore[arg-type]
            except OSError as error:
                self._fail(f"the search process stopped taking requests ({error})")
                raise SearchProcessFailed(self._failure) from error
        return seq

    def _wait(self, seq: int, cancelled: Cancelled) -> _Reply:
        deadline = time.monotonic() + ANSWER_SECONDS
        with self._arrived:
            while seq not in self._replies and time.monotonic() < deadline:
                if self._failure is not None:
                    raise SearchProcessFailed(self._failure)
                if cancelled():
                    raise SearchCancelled("a newer search made this one stale")
                self._arrived.wait(_POLL)
            reply = self._replies.get(seq)
        if reply is None:
            self.close()
            raise SearchProcessFailed(
                f"the search process did not answer in {ANSWER_SECONDS:g} s: stopped it"
            )
        return reply

    def _read(self) -> None:
        """Take the child's messages as they come (in a thread of its own)."""
        stdout = self._child.stdout
        assert stdout is not None
        try:
            while (message := _receive(stdout)) is not None:
                if isinstance(message, _Ready):
                    self._ready.set()
                elif isinstance(message, _Reply):
                    with self._arrived:
                        if message.seq in self._waiting:
                            self._replies[message.seq] = message
                            self._arrived.notify_all()
        except Exception as error:  # whatever breaks the stream ends the child's service
            self._fail(f"the search process sent what could not be read ({error})")
            return
        self._fail(f"the search process exited ({self._last_words()})")

    def _last_words(self) -> str:
        """The last line the child wrote to its stderr, or its exit status."""
        status = self._child.wait()
        try:
            self._stderr.seek(0)
            lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        except (OSError, ValueError):
            lines = []
        return lines[-1] if lines else f"exit status {status}"

    def _fail(self, why: str) -> None:
        with self._arrived:
            if self._failure is None:
                self._failure = why
            self._arrived.notify_all()


class SearchRunner:
    """Where an app's searches run: in the search process once it is up, in the calling thread
    until then, and for good once it failed (``on_failure`` is told why, once). Off (``in_child``
    False) it only calls the snapshot."""

    def __init__(self, on_failure: Callable[[str], object], *, in_child: bool = False) -> None:
        self.in_child = in_child
        self._on_failure = on_failure
        self._lock = threading.Lock()
        self._process: SearchProcess | None = None
        self._serving: object | None = None  # the snapshot the process was started for
        self._failed = False
        self._frozen = False

    @property
    def in_use(self) -> bool:
        """Whether searches go to the search process now (up, serving the last snapshot)."""
        process = self._process
        return process is not None and process.ready

    def search(
        self,
        snapshot: Searchable,
        text: str,
        *,
        limit: int,
        sort: Sort = "relevance",
        cancelled: Cancelled | None = None,
    ) -> Results:
        """``snapshot.search(text, limit, sort, cancelled)``, answered by the child if it can."""
        process = self._process_for(snapshot)
        if process is not None and process.failure is not None:  # it died between two searches
            self._give_up(process, process.failure)
        elif process is not None and process.ready:
            try:
                return process.search(text, limit, sort, cancelled)
            except SearchProcessFailed as error:
                self._give_up(process, str(error))
        return snapshot.search(text, limit, sort, cancelled)

    def close(self) -> None:
        """Stop the search process, if any (the runner searches in the thread from then on)."""
        with self._lock:
            self.in_child = False
            process, self._process, self._serving = self._process, None, None
        if process is not None:
            process.close()

    def _process_for(self, snapshot: Searchable) -> SearchProcess | None:
        """The process serving ``snapshot`` (None if none yet); one serving another is stopped."""
        with self._lock:
            if self._serving is snapshot or self._process is None:
                return self._process
            old, self._process, self._serving = self._process, None, None
        old.close()
        return None

    def start(self, snapshot: Searchable) -> None:
        """Start the search process for ``snapshot`` unless one serves it or it is off (returns at
        once: call it once the first results are shown, so that its start never delays them).

        The first start also freezes the app's heap as it is then (:func:`gc.freeze`): what an app
        holds once its first results are up lives as long as it does, and the collector's full
        passes, which hold the GIL, then walk only what came after (at 10 000 articles: passes of
        60–200 ms down to under 70)."""
        self._process_for(snapshot)  # one serving an older snapshot is stopped
        with self._lock:
            if not self.in_child or self._failed or self._process is not None:
                return
            if not self._frozen:
                _freeze_heap(collect=False)
                self._frozen = True
            try:
                self._process = SearchProcess(snapshot.corpus.root, snapshot.last_sync.path)
            except OSError as error:
                self._failed = True
                self._on_failure(f"the search process could not start ({error})")
                return
            self._serving = snapshot

    def _give_up(self, process: SearchProcess, why: str) -> None:
        with self._lock:
            if self._process is process:
                self._process, self._serving, self._failed = None, None, True
        process.close()
        self._on_failure(f"{why}; searching in the app from now on")


def _freeze_heap(*, collect: bool = True) -> None:
    """Leave what is alive now out of the collector's passes; ``collect``: collect garbage in
    cycles first (a full pass: the app skips it, as its first results are being drawn, and keeps
    what start-up left)."""
    if collect:
        gc.collect()
    gc.freeze()


# -- the child ------------------------------------------------------------------------------


class _Inbox:
    """The requests the app sent, read in a thread so that a search can see a newer one arrive."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._pending: list[_Request] = []
        self._arrived = threading.Condition()
        threading.Thread(target=self._read, name="search-requests", daemon=True).start()

    def _read(self) -> None:
        while (message := _receive(self._stream)) is not None:
            if isinstance(message, _Request):
                with self._arrived:
                    self._pending.append(message)
                    self._arrived.notify()
        os._exit(
            0
        )  # the app closed our stdin (it exited, or stopped us): a search under way is moot

    def take(self) -> list[_Request]:
        """The requests not yet taken, oldest first (waits for one): the last is to be answered."""
        with self._arrived:
            while not self._pending:
                self._arrived.wait()
            taken, self._pending = self._pending, []
            return taken

    def superseded(self, seq: int) -> bool:
        """Whether a request newer than ``seq`` is waiting."""
        return bool(self._pending) and self._pending[-1].seq > seq


def _answer(snapshot: Searchable, request: _Request, inbox: _Inbox) -> _Reply:
    try:
        results = snapshot.search(
            request.text,
            request.limit,
            request.sort,
            cancelled=lambda: inbox.superseded(request.seq),
        )
        for hit in results.hits[:SNIPPETS]:  # worked out here, they cross with the hit
            if inbox.superseded(request.seq):
                return _Reply(request.seq, cancelled=True)
            _ = hit.snippet
    except SearchCancelled:
        return _Reply(request.seq, cancelled=True)
    except Exception as error:  # sent back: the app searches itself, and sees it there
        return _Reply(request.seq, error=f"{type(error).__name__}: {error}")
    return _Reply(request.seq, results)


def _open(corpus_root: Path, index_path: str) -> Searchable:
    """A snapshot of the index the app's sync left, opened without syncing (this process only
    reads)."""
    from dossier.index.corpus.articles import Corpus
    from dossier.index.indexing.sync_report import SyncReport
    from dossier.index.session import Snapshot
    from dossier.index.whoosh_backend import WhooshBackend

    corpus = Corpus(corpus_root)
    snapshot = Snapshot(corpus, WhooshBackend(corpus), SyncReport(path=index_path))
    snapshot._repaired = True  # never rebuild here: a failed read goes back to the app, which may
    return snapshot


def main(argv: list[str]) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_DATA, (MEMORY_LIMIT, MEMORY_LIMIT))
    replies = sys.stdout.buffer
    sys.stdout = sys.stderr  # a library's print must not break a frame
    snapshot = _open(Path(argv[0]), argv[1])
    _freeze_heap()  # the open index, dossiers and linker stay for the child's life
    inbox = _Inbox(sys.stdin.buffer)
    _send(replies, _Ready())
    while True:
        *skipped, request = inbox.take()
        for old in skipped:
            _send(replies, _Reply(old.seq, cancelled=True))
        _send(replies, _answer(snapshot, request, inbox))


if __name__ == "__main__":  # run as the module by its name, so its messages unpickle in the app
    from dossier.index.search_process import main as child_main

    child_main(sys.argv[1:])
