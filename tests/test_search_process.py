"""The search process (index/search_process.py) answers what the app's own search answers, goes
when its app goes, and a failed one leaves searching to the app with one line saying why."""

from __future__ import annotations

import time
from contextlib import suppress
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from textual.message import Message
from textual.worker import WorkerCancelled, WorkerFailed

from dossier.index.api import Results, SearchCancelled, SearchRunner, Snapshot
from dossier.index.search_process import SearchProcess, SearchProcessFailed
from dossier.tui.app import DossierApp
from dossier.tui.messages import Failed, SearchFinished

RELEVANCE = Path(__file__).with_name("relevance.yaml")
SHAPES = ['"North Korea"', "Vost*", "Peskow~", "entity:khasan", "kind:dossier Korea", "Putinn"]
_UP_WITHIN = 60.0  # seconds a child may take to open the index on a loaded machine


def _queries() -> list[str]:
    return [case["query"] for case in yaml.safe_load(RELEVANCE.read_text(encoding="utf-8"))]


def _up(process: SearchProcess) -> SearchProcess:
    deadline = time.monotonic() + _UP_WITHIN
    while not process.ready:
        assert process.failure is None, process.failure
        assert time.monotonic() < deadline, "the search process did not come up"
        time.sleep(0.02)
    return process


def _facts(results: Results) -> tuple[Results, list[str]]:
    """What a search answered, less how long it took, with the snippets of the first hits."""
    return replace(results, seconds=0.0), [hit.snippet.text for hit in results.hits[:5]]


@pytest.fixture(scope="module")
def process(bench: Snapshot) -> SearchProcess:
    child = _up(SearchProcess(bench.corpus.root, bench.last_sync.path))
    yield child
    child.close()


@pytest.mark.parametrize("query", [*_queries(), *SHAPES])
def test_the_child_answers_what_the_app_would(
    process: SearchProcess, bench: Snapshot, query: str
) -> None:
    for sort in ("relevance", "date"):
        assert _facts(process.search(query, 100, sort)) == _facts(bench.search(query, 100, sort))


def test_a_screenful_of_snippets_comes_worked_out(process: SearchProcess) -> None:
    results = process.search("Russia", 100, "relevance")
    assert len(results.hits) > 30
    assert all("snippet" in vars(hit) for hit in results.hits[:30])
    assert "snippet" not in vars(results.hits[30])
    assert results.hits[30].snippet.text  # the rest are worked out here, when shown


def test_a_search_no_longer_wanted_is_dropped(process: SearchProcess) -> None:
    with pytest.raises(SearchCancelled):
        process.search("Putin", 100, "relevance", cancelled=lambda: True)
    assert process.search("Kozhemyako", 5, "relevance").hits  # and the next one is answered


def test_the_child_goes_when_its_stdin_closes(bench: Snapshot) -> None:
    """The app's end closes the pipe, however the app ends: the child exits, nothing to clean up."""
    child = _up(SearchProcess(bench.corpus.root, bench.last_sync.path))
    child._child.stdin.close()  # what the app's death does
    assert child._child.wait(timeout=30) == 0
    with pytest.raises(SearchProcessFailed, match="exited"):
        child.search("Putin", 5, "relevance")
    child.close()


def test_a_child_that_cannot_open_fails_with_its_last_words(
    tmp_path: Path, bench: Snapshot
) -> None:
    child = SearchProcess(bench.corpus.root, str(tmp_path / "no-index-here"))
    deadline = time.monotonic() + _UP_WITHIN
    while child.failure is None:
        assert not child.ready and time.monotonic() < deadline
        time.sleep(0.02)
    assert "IndexUnavailable" in child.failure
    child.close()


def test_the_runner_searches_here_until_the_child_is_up_then_there(bench: Snapshot) -> None:
    failures: list[str] = []
    runner = SearchRunner(failures.append, in_child=True)
    assert runner.search(bench, "Putin", limit=10).hits == bench.search("Putin", 10).hits
    assert not runner.in_use
    runner.start(bench)
    _up(runner._process)
    assert runner.in_use
    assert _facts(runner.search(bench, "Putin", limit=10)) == _facts(bench.search("Putin", 10))
    runner.close()
    assert not runner.in_use and failures == []


def test_a_dead_child_leaves_the_search_to_the_app_saying_so_once(bench: Snapshot) -> None:
    failures: list[str] = []
    runner = SearchRunner(failures.append, in_child=True)
    runner.start(bench)
    _up(runner._process)._child.kill()
    runner._process._child.wait()
    for _ in range(2):
        assert runner.search(bench, "Putin", limit=10).hits == bench.search("Putin", 10).hits
    runner.start(bench)  # no new child once one failed
    assert not runner.in_use
    assert len(failures) == 1 and "searching in the app from now on" in failures[0]
    assert "\n" not in failures[0]


def test_off_the_runner_only_asks_the_workbench(bench: Snapshot) -> None:
    runner = SearchRunner(lambda why: None)
    runner.start(bench)
    assert runner._process is None
    assert runner.search(bench, "Putin", limit=10).hits == bench.search("Putin", 10).hits


async def test_the_app_shows_the_childs_results_and_survives_its_death(bench: Snapshot) -> None:
    seen: list[Message] = []
    app = DossierApp(bench)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        runner = app.main.searches
        runner.in_child = True

        async def search(query: str) -> SearchFinished:
            seen.clear()
            app.screen.query_one("#search").value = query
            with suppress(WorkerCancelled, WorkerFailed):
                await app.workers.wait_for_complete()
            await pilot.pause()
            return [m for m in seen if isinstance(m, SearchFinished)][-1]

        await search("Putin")  # shown, then the child starts
        _up(runner._process)
        shown = await search("Kozhemyako")
        assert runner.in_use
        assert shown.results is not None
        assert _facts(shown.results) == _facts(bench.search("Kozhemyako", 100))
        runner._process._child.kill()
        runner._process._child.wait()
        shown = await search("Putin")
        assert shown.results is not None and shown.results.hits
        failed = list(
            {id(m): m for m in seen if isinstance(m, Failed)}.values()
        )  # seen bubbling too
        assert len(failed) == 1 and failed[0].what.startswith("Searching: the search process")
    assert runner._process is None  # the screen's end stopped it
