"""Running a job of the write path in a child process: the sync child the app starts (a build holds
the GIL, and a UI must keep drawing meanwhile) and the helpers of a big build.

One protocol for every job. The parent starts ``python -m dossier.index.indexing.child_process FD``
(no ``multiprocessing``: nothing of the parent's file descriptors or threads is inherited, and a
running Textual app has replaced ``sys.stderr``), writes the :class:`Job` pickled on its stdin, and
reads pickled messages on a pipe of their own (file descriptor ``FD`` in the child, so nothing a
library prints can break them): :class:`Step` and :class:`Waiting` while it works, then one
:class:`Finished` with the job's result. Pickle rather than JSON lines because a build helper takes
a linker and metadata and hands back a Whoosh segment, each of which JSON would need a converter
for; and the job's class travels with it, so this one module runs any job. The data comes only from
the process that started us, never from a file.

The child's stdout and stderr go to a temporary file, not a pipe: a chatty child (a library's
warnings) never blocks on it, and the parent reads its last line only to say why the child failed.
The parent reads the messages until their pipe closes (when the child ends, whatever the cause), so
it never waits for ever: a child that dies, exits non-zero or ends without a result is a
:class:`ChildFailed`.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, Protocol

from dossier.index.errors import IndexingFailed


@dataclass(frozen=True)
class Step:
    """``done`` of ``total`` steps are done."""

    done: int
    total: int


@dataclass(frozen=True)
class Waiting:
    """The child waits (another process holds the index): ``message`` says so."""

    message: str


@dataclass(frozen=True)
class Finished:
    """The job's result: the child's last message."""

    result: Any


class Replies:
    """The child's side of the message pipe: what it tells the parent."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out

    def send(self, message: Step | Waiting | Finished) -> None:
        pickle.dump(message, self._out, pickle.HIGHEST_PROTOCOL)
        self._out.flush()

    def progress(self, done: int, total: int) -> None:
        self.send(Step(done, total))

    def waiting(self, message: str) -> None:
        self.send(Waiting(message))


class Job(Protocol):
    """Work a child does: picklable, its class importable by its module's name."""

    def run(self, replies: Replies) -> object:
        """Do the work, telling ``replies`` how it goes; the result is sent back to the parent."""
        ...


class ChildFailed(IndexingFailed):
    """A child ended without a result; :attr:`reason` is one line (the last of its stderr, if
    any)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"indexing failed: {reason}")
        self.reason = reason


#: How much of the end of a child's output is read to find its last line.
_TAIL = 8192


def command() -> list[str]:
    """How a child is started (looked up when it starts: ``sys.executable`` may be set
    meanwhile)."""
    return [sys.executable, "-m", __name__]


class Child:
    """One child process doing ``job``: iterate :meth:`messages` until it ends, then ask
    :meth:`result`. :meth:`stop` ends it whatever it is doing and closes its files."""

    def __init__(self, job: Job) -> None:
        self._job = job
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115  (closed by stop())
        self._finished: Finished | None = None
        self._not_started = ""
        self._killed = False
        self._process: subprocess.Popen[bytes] | None = None
        reading, writing = os.pipe()
        self._said = os.fdopen(reading, "rb")
        try:
            self._process = subprocess.Popen(
                [*command(), str(writing)],
                stdin=subprocess.PIPE,
                stdout=self._errors,
                stderr=self._errors,
                pass_fds=(writing,),
            )
        except OSError as error:
            self._not_started = f"could not start: {error.strerror or error}"
        finally:
            os.close(writing)  # the child's end: the messages end when the child does

    def messages(self) -> Iterator[Step | Waiting]:
        """Give the child its job, then yield what it says until its result or its end (a message
        that makes no sense ends it: see :meth:`result`)."""
        process = self._process
        if process is None or process.stdin is None:
            return
        with contextlib.suppress(Exception):  # it died, or made no sense: no result
            with process.stdin:
                pickle.dump(self._job, process.stdin, pickle.HIGHEST_PROTOCOL)
            while True:
                message = pickle.load(self._said)
                if isinstance(message, Finished):
                    self._finished = message
                    return
                yield message

    def result(self) -> Any:
        """The job's result, once :meth:`messages` has ended; else :class:`ChildFailed`."""
        if self._process is None:
            raise ChildFailed(self._not_started)
        if self._finished is None:
            self.kill()  # its output made no sense: it may be blocked writing the rest
        self._process.wait()
        if self._finished is not None and self._process.returncode == 0:
            return self._finished.result
        raise ChildFailed(self._last_error() or self._ending())

    def kill(self) -> None:
        """End the child, whatever it is doing (its messages then end)."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._killed = True

    def stop(self) -> None:
        """End the child (whatever it was doing) and close its files."""
        self.kill()
        if self._process is not None:
            self._process.wait()
        self._said.close()
        self._errors.close()

    def _last_error(self) -> str:
        """The last line the child wrote to its stdout or stderr ("" for none)."""
        size = self._errors.seek(0, os.SEEK_END)
        self._errors.seek(max(0, size - _TAIL))  # a chatty child's file may be large
        lines = self._errors.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1].strip() if lines else ""

    def _ending(self) -> str:
        assert self._process is not None
        status = self._process.returncode
        if status > 0:
            return f"exit status {status}"
        if status < 0 and not self._killed:
            return f"killed by signal {-status}"
        return "it ended without a result"


def main(argv: list[str]) -> None:
    """The child's side: read the job, run it, send its result on the pipe numbered ``argv[0]``."""
    job = pickle.load(sys.stdin.buffer)  # from the parent that started us, never from a file
    with os.fdopen(int(argv[0]), "wb") as out:
        replies = Replies(out)
        replies.send(Finished(job.run(replies)))


if __name__ == "__main__":
    # Run as this module's proper name: what it pickles must unpickle in the parent.
    from dossier.index.indexing.child_process import main as child_main

    child_main(sys.argv[1:])
