"""The writers' lock: a second writer waits (saying so once) and never fails; a lock whose holder is
gone is taken over; a reader that finds the committed state gone mid-look waits for the writer
instead of failing."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from whoosh.util.filelock import FileLock

from dossier.index.corpus.articles import Corpus
from dossier.index.indexing import writer_lock as lock_module
from dossier.index.indexing.store import IndexStore, index_dir
from dossier.index.indexing.writer_lock import LOCK_FILE, WAITING, holder, writer_lock

HOLD_AND_LEAVE = """
import os, sys, time
from pathlib import Path
from dossier.index.indexing.writer_lock import writer_lock

with writer_lock(Path(sys.argv[1])) as held:
    assert held
    child = os.fork()
    if child == 0:  # keeps the inherited descriptor, so the lock, and outlives the process that took it
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)  # not the pipes the test reads
        time.sleep(120)
        os._exit(0)
    print(child, flush=True)
    os._exit(0)  # gone without releasing
"""


@pytest.fixture
def corpus(tmp_path: Path, copy_corpus) -> Corpus:
    return copy_corpus(tmp_path / "corpus")


def test_the_holder_records_its_process_id(tmp_path: Path) -> None:
    with writer_lock(tmp_path) as held:
        assert held and holder(tmp_path) == os.getpid()
        assert not FileLock(str(tmp_path / LOCK_FILE)).acquire(blocking=False)


def test_a_holder_on_another_host_is_never_taken_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock_module, "STALE_SECONDS", 0.0)
    other = FileLock(str(tmp_path / LOCK_FILE))
    assert other.acquire(blocking=False)
    (tmp_path / LOCK_FILE).write_text(
        "999999999 some-other-host\n"
    )  # no such process here: it is not ours to judge
    assert holder(tmp_path) is None
    threading.Timer(1.0, other.release).start()
    started = time.monotonic()
    with writer_lock(tmp_path) as held:
        assert held and holder(tmp_path) == os.getpid()
    assert time.monotonic() - started >= 0.9  # waited for the release, took nothing over


@pytest.mark.skipif(
    not hasattr(os, "fork"), reason="needs fork to leave a lock held by a process that is gone"
)
def test_a_lock_whose_holder_is_gone_is_taken_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock_module, "STALE_SECONDS", 0.5)
    taker = subprocess.run(
        [sys.executable, "-c", HOLD_AND_LEAVE, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    leftover = int(taker.stdout)
    try:
        assert not FileLock(str(tmp_path / LOCK_FILE)).acquire(
            blocking=False
        )  # still held, by the leftover
        waits: list[str] = []
        started = time.monotonic()
        with writer_lock(tmp_path, None, waits.append) as held:
            assert held and holder(tmp_path) == os.getpid()
        assert waits == [WAITING] and time.monotonic() - started < 10
    finally:
        os.kill(leftover, signal.SIGKILL)


def test_a_live_holder_is_waited_for_however_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock_module, "STALE_SECONDS", 0.0)
    other = FileLock(str(tmp_path / LOCK_FILE))
    assert other.acquire(blocking=False)
    (tmp_path / LOCK_FILE).write_text(
        f"{os.getpid()} {socket.gethostname()}\n"
    )  # alive: never taken over
    threading.Timer(1.5, other.release).start()
    started = time.monotonic()
    waits: list[str] = []
    with writer_lock(tmp_path, None, waits.append) as held:
        assert held
    assert waits == [WAITING] and time.monotonic() - started >= 1.4


def test_a_reader_whose_committed_state_goes_mid_look_waits_instead_of_failing(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race behind "another dossier process is rebuilding the index … try again in a moment":
    the other writer's commit merged the segments the manifest lists between the reader's two
    looks."""
    root = tmp_path / "ix"
    IndexStore(corpus, root).sync()
    (corpus.seeds_dir / "late.txt").write_text(
        "Late\n\nZeppelinquartz at Rajin.\n", encoding="utf-8"
    )
    other = FileLock(str(index_dir(corpus, root) / LOCK_FILE))
    assert other.acquire(blocking=False)
    real_unchanged = IndexStore._unchanged
    looks: list[bool] = []

    def committed_state_gone_once(self: IndexStore, current: bool = True) -> object:
        if not current and not looks:
            looks.append(True)
            threading.Timer(0.5, other.release).start()  # the other writer finishes
            return None
        return real_unchanged(self, current)

    monkeypatch.setattr(IndexStore, "_unchanged", committed_state_gone_once)
    waits: list[str] = []
    report = IndexStore(corpus, root).sync(on_wait=waits.append)
    assert looks and waits == [WAITING] and report.added == 1 and not report.notes
