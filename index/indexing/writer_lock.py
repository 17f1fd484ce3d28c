"""The writers' lock of an index folder: one dossier process writes at a time, the others wait their
turn.

The lock is the OS's (``flock``/``msvcrt`` on ``dossier.lock``), so a killed writer leaves none
behind. The holder writes its process id and host name into the file; a waiter on the same host that
finds the lock still held while that process is gone (its descriptor inherited by a leftover child,
say) takes the lock over after :data:`STALE_SECONDS`, by putting a fresh lock file in its place. A
holder on another host (a shared folder) is never taken over. A writer otherwise waits as long as
the holder lives: it never fails for being second. Readers never take this lock.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from whoosh.util.filelock import FileLock

from dossier.index.atomic import write_atomically
from dossier.index.indexing.sync_report import Notify

LOCK_FILE = "dossier.lock"
WAITING = "another dossier process is updating the index: waiting for it to finish…"
STALE = "another dossier process is updating the index: searching its last complete state meanwhile"
#: How long the lock may stay held after the process that took it is gone before a waiter takes it
#: over.
STALE_SECONDS = 5.0
_POLL_SECONDS = 0.2


def holder(folder: Path) -> int | None:
    """The process id the lock's holder recorded, if it runs on this host (None if unknown or
    elsewhere)."""
    try:
        pid, host = (folder / LOCK_FILE).read_text(encoding="utf-8").split()
        return int(pid) if host == socket.gethostname() else None
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, not ours (EPERM); or no signals on this platform
        return True
    return True


def _try_acquire(folder: Path) -> FileLock | None:
    lock = FileLock(str(folder / LOCK_FILE))
    if not lock.acquire(blocking=False):
        return None
    with contextlib.suppress(OSError):  # who holds it is only a hint for stale-lock detection
        os.ftruncate(lock.fd, 0)
        os.write(lock.fd, f"{os.getpid()} {socket.gethostname()}\n".encode())
    return lock


@contextlib.contextmanager
def writer_lock(
    folder: Path, read_meanwhile: Callable[[], bool] | None = None, on_wait: Notify | None = None
) -> Iterator[bool]:
    """Hold the writers' lock of ``folder``: yields True once held. When another process holds it
    and ``read_meanwhile()`` says its last committed state can be read, yields False at once instead
    of waiting (the caller then reads that state); else waits, calling ``on_wait`` once, however
    long the holder lives."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = _try_acquire(folder)
    if lock is None and read_meanwhile is not None and read_meanwhile():
        yield False
        return
    if lock is None:
        lock = _wait(folder, on_wait)
    try:
        yield True
    finally:
        lock.release()


def _wait(folder: Path, on_wait: Notify | None) -> FileLock:
    """Wait for the lock, taking it over if its holder is gone for :data:`STALE_SECONDS`."""
    if on_wait:
        on_wait(WAITING)
    gone_since: float | None = None
    while (lock := _try_acquire(folder)) is None:
        pid = holder(folder)
        if pid is None or _alive(pid):
            gone_since = None
        elif gone_since is None:
            gone_since = time.monotonic()
        elif (
            time.monotonic() - gone_since > STALE_SECONDS
            and (lock := _take_over(folder)) is not None
        ):
            return lock
        time.sleep(_POLL_SECONDS)
    return lock


def _take_over(folder: Path) -> FileLock | None:
    """Replace a lock whose holder is gone by a fresh one and take it; one waiter at a time (the
    others then find the new holder alive)."""
    guard = FileLock(str(folder / f"{LOCK_FILE}.takeover"))
    guard.acquire(blocking=True)
    try:
        if (lock := _try_acquire(folder)) is not None:
            return lock
        pid = holder(folder)
        if pid is None or _alive(pid):
            return None
        write_atomically(
            folder / LOCK_FILE, ""
        )  # a new file: the stale descriptor locks the old one
        return _try_acquire(folder)
    finally:
        guard.release()
