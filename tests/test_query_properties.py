"""Any query string (control characters, RTL, emoji, 10 000 characters, unbalanced syntax) returns
results or a clear note within a bounded time, never an exception: on the seeds, and on a synthetic
corpus of 2 000."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dossier.index.api import Results, Snapshot, strings, wording
from dossier.index.corpus.articles import Corpus

PROJECT = Path(__file__).resolve().parent.parent
#: SEARCH_SECONDS (3 s) for collecting, plus parsing, the fuzzy retry and snippets on a loaded CI
#: machine.
BOUND_SECONDS = 8.0

pieces = st.one_of(
    st.sampled_from(
        [
            '"',
            "(",
            ")",
            "*",
            "?",
            "~",
            ":",
            "^",
            "[",
            "]",
            "{",
            "}",
            "-",
            "+",
            " AND ",
            " OR ",
            " NOT ",
            "title:",
            "date:",
            "entity:",
            "kind:",
            "type:",
            "date:[2020 TO",
            "\\",
            "'",
            "\t",
            "\n",
            "kim",
            "putin",
            "khasan",
            "vost",
            "Путин",
            "金正恩",
            "שלום",
            "مرحبا",
            "🚀",
            "\u202e",
            "\u2066",
            "\x1b[2J",
            "\x1b]52;c;c3Rwd25lZA==\x07",
            "\x00",
            "\x9b",
            "\ud800",
            "ﬁ",
            "е",
        ]
    ),
    st.text(max_size=12),
)
queries = st.lists(pieces, max_size=40).map("".join)


def check(bench: Snapshot, query: str) -> Results:
    started = time.perf_counter()
    results = bench.search(query, limit=20)
    assert time.perf_counter() - started < BOUND_SECONDS, f"{query!r} took too long"
    assert results.total >= len(results.hits)
    for hit in results.hits:
        assert (
            strings.safe_text(hit.title) == hit.title
            and strings.safe_text(hit.snippet.text) == hit.snippet.text
        )
    return results


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(queries)
@example("x" * 10_000)
@example("(" * 5000 + '"kim')
@example("*a* OR *e* OR *i* OR *o* OR *u*")
@example("\u202eniv\u202c kim 🚀 \x1b]0;pwned\x07")
@example("kim~ putin~ khasan~ rajin~ vostochny~ peskov~ kozhemyako~ " * 10)
def test_any_query_on_the_seeds(bench: Snapshot, query: str) -> None:
    check(bench, query)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    root = tmp_path_factory.mktemp("large")
    subprocess.run(
        [
            sys.executable,
            str(PROJECT / "bench" / "make_corpus.py"),
            str(root / "seeds"),
            "--articles",
            "2000",
        ],
        check=True,
    )
    shutil.copytree(PROJECT / "dossiers", root / "dossiers")
    return Snapshot.open(Corpus(root), root / "index")


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(queries)
@example("*a*")
@example("x" * 10_000)
@example("*e* *a* *o*")
@example("the OR a OR of OR and OR to OR in")
def test_any_query_on_two_thousand_articles(large: Snapshot, query: str) -> None:
    results = check(large, query)
    assert not (results.capped or results.stopped) or wording.notes(results)
