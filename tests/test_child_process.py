"""The indexing child never makes the parent wait for ever: a chatty child (more on stderr than a
pipe holds) still delivers its progress and report, and a child that dies mid-way is a one-line
IndexingFailed.

The child is made chatty (and mortal) by a ``sitecustomize`` module on its ``PYTHONPATH``, which
Python imports at start-up. Each sync runs in a thread with a time limit, so a parent that hangs
fails the test."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dossier.index.corpus.articles import Corpus
from dossier.index.errors import IndexingFailed
from dossier.index.indexing.sync_process import sync_in_child

#: 4,000 lines of a library's warnings: about 250 KB, several times what a pipe holds.
CHATTY = """
import sys
for n in range(4000):
    print(f"UserWarning: a library has something to say about line {n} of its work, again", file=sys.stderr)
"""

#: ... and then it dies as the third file is indexed.
DYING = """
import os, sys
from dossier.index.indexing import article_feed
add = article_feed.ArticleFeed.add
calls = []
def add_then_die(feed, *args):
    calls.append(1)
    if len(calls) == 3:
        print("MemoryError: the third file was too much", file=sys.stderr, flush=True)
        os._exit(9)
    return add(feed, *args)
article_feed.ArticleFeed.add = add_then_die
"""

LIMIT = 120.0


def in_time(call: Callable[[], Any]) -> Any:
    """What ``call()`` returns (or raises), failing the test if it takes over :data:`LIMIT`
    seconds."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(LIMIT)
    if thread.is_alive():
        pytest.fail(f"the parent still waits for the indexing child after {LIMIT:.0f} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def start_up_with(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Children started from now on run ``code`` first."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(code, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(folder))


def test_a_chatty_child_still_delivers_its_progress_and_report(
    real_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_up_with(CHATTY, tmp_path, monkeypatch)
    seen: list[tuple[int, int]] = []
    report = in_time(
        lambda: sync_in_child(real_corpus, tmp_path / "ix", lambda *step: seen.append(step))
    )
    assert report.rebuilt and report.added > 0
    total = seen[-1][1]
    assert seen[-1] == (total, total) and len(seen) >= total


def test_a_child_that_dies_midway_is_a_one_line_error(
    real_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_up_with(CHATTY + DYING, tmp_path, monkeypatch)
    seen: list[tuple[int, int]] = []
    with pytest.raises(IndexingFailed) as failed:
        in_time(
            lambda: sync_in_child(real_corpus, tmp_path / "ix", lambda *step: seen.append(step))
        )
    assert str(failed.value) == "indexing failed: MemoryError: the third file was too much"
    assert [done for done, _ in seen] == [1, 2]  # what it did before it died was told


#: A library that prints on stdout, through Python and below it.
PRINTING = """
import os
print("progress: 50%")
os.write(1, b"\\x80\\x04 not a message\\n")
"""


def test_what_a_child_prints_on_stdout_does_not_break_its_messages(
    real_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_up_with(CHATTY + PRINTING, tmp_path, monkeypatch)
    report = in_time(lambda: sync_in_child(real_corpus, tmp_path / "ix"))
    assert report.rebuilt and report.added > 0
