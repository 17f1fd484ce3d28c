"""One wording: the command line and the app's status bar say a search's results in the same words,
from index/search/wording.py, and Results holds facts only."""

from __future__ import annotations

import pytest

from dossier.index.api import Results, Snapshot, wording
from dossier.tui.screens.main import _status
from dossier.tui.text_report import format_results

#: A correction, a did-you-mean with approximate matches, broken syntax, a name spelt otherwise, a
#: relaxed query, a long one, and plain words.
QUERIES = [
    "schoolchildrn",
    '"Khasan',
    "Putinn",
    "Putin zanzibar",
    "who met Kim in Vladivostok",
    "kim",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_command_line_and_the_app_say_the_same(bench: Snapshot, query: str) -> None:
    results = bench.search(query)
    status, report = str(_status(results, results.hits)), format_results(results)
    said = wording.explanations(results)
    assert said or query == "kim"
    for line in said:
        assert line in status and f"({line})" in report.splitlines()
    assert status.startswith(wording.counted(results))
    assert report.splitlines()[len(said)].startswith(wording.counted(results))


def test_results_hold_facts_not_words() -> None:
    assert not any(callable(getattr(Results, name, None)) for name in ("counted", "notes"))
    results = Results(query="kim", hits=[], total=58_412, seconds=0.0, estimated=True)
    assert wording.counted(results) == "about 58,000 results"
    assert wording.report_lines(results) == ["no results for 'kim'"]
    assert wording.status(results, []).head == "about 58,000 results"  # no kinds: none read
