"""Snippets are linear and bounded: the same windows as the plain definition, found in one pass over
at most SNIPPET_SPANS matches, and a 1.15 MB article full of a common word searched in well under a
second."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dossier.index.api import Snapshot, wording
from dossier.index.corpus.articles import Corpus
from dossier.index.search import highlight
from dossier.index.search.highlight import SNIPPET_SPANS, TermMatcher, _densest, merge, snippet
from dossier.index.search.query import MAX_PATTERN_WORDS
from dossier.index.text.analysis import stem, words
from dossier.tui.text_report import format_results


def _densest_by_definition(spans: list[tuple[int, int]], width: int) -> int:
    return max(
        range(len(spans)), key=lambda i: sum(1 for s in spans[i:] if s[1] <= spans[i][0] + width)
    )


span_lists = st.lists(
    st.tuples(st.integers(0, 2000), st.integers(1, 30)), min_size=1, max_size=60
).map(lambda pairs: merge((start, start + length) for start, length in pairs))


@given(span_lists, st.integers(1, 200))
def test_one_pass_window_is_the_densest_by_definition(
    spans: list[tuple[int, int]], width: int
) -> None:
    assert _densest(spans, width) == _densest_by_definition(spans, width)


@given(
    st.lists(
        st.sampled_from(
            ["kim", "Kim", "putin", "met", "the", "Ким", "talks", " ", "\n", ", ", "\t"]
        ),
        max_size=300,
    )
)
def test_chunked_scan_finds_the_same_spans(pieces: list[str]) -> None:
    text = " ".join(pieces)
    matcher = TermMatcher(stems=frozenset({stem("kim"), stem("talks")}), names=frozenset({"putin"}))
    expected = merge(
        (s, e) for word, s, e in words(text) if word in matcher.names or stem(word) in matcher.stems
    )
    original = highlight._CHUNK
    highlight._CHUNK = 7  # many chunk boundaries
    try:
        assert matcher.spans(text) == expected
        assert matcher.spans(text, limit=3) == expected[:3]
    finally:
        highlight._CHUNK = original


def test_snippet_looks_at_a_bounded_number_of_matches() -> None:
    text = "kim " * 200_000
    spans = TermMatcher(stems=frozenset({stem("kim")})).spans(text, limit=SNIPPET_SPANS)
    assert len(spans) == SNIPPET_SPANS and spans[-1][1] < 2000  # the rest of the text was not read
    started = time.perf_counter()
    shown = snippet(text, [(i * 4, i * 4 + 3) for i in range(200_000)])
    assert time.perf_counter() - started < 0.5
    assert shown.text.startswith("kim kim") and len(shown.spans) == 40


@pytest.fixture(scope="module")
def big_bench(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    root = tmp_path_factory.mktemp("big")
    project = Path(__file__).resolve().parent.parent
    shutil.copytree(project / "seeds", root / "corpus" / "seeds")
    shutil.copytree(project / "dossiers", root / "corpus" / "dossiers")
    corpus = Corpus(root / "corpus")
    body = "Kim met the officials and Kim said the talks with Kim went well. " * 18_000  # 1.17 MB
    (corpus.seeds_dir / "big.txt").write_text("Big report on Kim\n\n" + body, encoding="utf-8")
    return Snapshot.open(corpus, root / "index")


@pytest.mark.parametrize("query", ["kim", "officials", "talks kim", '"kim said"', "kim~"])
def test_huge_article_full_of_a_common_word_searches_fast(big_bench: Snapshot, query: str) -> None:
    big_bench.search(query)  # warm caches, as a second keystroke would
    started = time.perf_counter()
    results = big_bench.search(query)
    assert (
        time.perf_counter() - started < 2.0
    )  # was 71 s: quadratic in the number of matches (~0.1 s idle)
    big = next(hit for hit in results.hits if hit.id == "big")
    assert big.snippet.spans and len(big.snippet.text) <= 162


def test_reader_highlights_of_a_huge_article_stay_bounded_in_time(big_bench: Snapshot) -> None:
    started = time.perf_counter()
    spans = big_bench.highlights("big", "kim")
    assert len(spans) == 54_001 and time.perf_counter() - started < 3


def test_pattern_expansion_is_capped_and_said(
    tmp_path: Path, copy_corpus: Callable[[Path], Corpus]
) -> None:
    root = tmp_path
    corpus = copy_corpus(root / "corpus")
    letters = "bcdfghjklmnpqrstvwxz"
    many = [
        f"qa{a}{b}{c}" for a in letters for b in letters for c in letters[:5]
    ]  # 2000 words with an "a"
    (corpus.seeds_dir / "lexicon.txt").write_text("Lexicon\n\n" + " ".join(many), encoding="utf-8")
    bench = Snapshot.open(corpus, root / "index")
    started = time.perf_counter()
    results = bench.search("*a*")
    assert time.perf_counter() - started < 2
    assert results.total >= 1 and results.capped == ("*a*",)
    assert wording.notes(results) == [
        f"*a* matches too many words: only the first ones were searched (at most "
        f"{MAX_PATTERN_WORDS} words and 100,000 postings)"
    ]
    assert f"({wording.notes(results)[0]})" in format_results(results)
    assert bench.search("qab*").capped == ()  # 500 words: all of them
    assert [h.id for h in bench.search("qabb*").hits] == ["lexicon"]


def test_a_search_out_of_time_returns_what_it_found_and_says_so(
    bench: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossier.index.search import limits

    assert not bench.search("kim").stopped
    monkeypatch.setattr(limits, "SEARCH_SECONDS", -1.0)  # already out of time at the first document
    results = bench.search("kim")
    assert (
        results.stopped and results.hits == [] and results.suggestion is None
    )  # no fuzzy retry either
    assert wording.notes(results) == [
        "the search took over -1 s and was stopped: results may be incomplete"
    ]


def test_a_long_query_is_cut_and_said(bench: Snapshot) -> None:
    started = time.perf_counter()
    results = bench.search("x" * 10_000)
    assert time.perf_counter() - started < 2  # was 19 s: fuzzy retry of a 10 000-letter word
    assert "the query is 10,000 characters: only its first 1,000 were used" in wording.notes(
        results
    )
