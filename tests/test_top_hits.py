"""Block scoring (index/search/top_hits.py) gives Whoosh's hits, order, scores and counts, on the
real seeds and on an index of several segments with deletions; what it cannot score goes to
Whoosh."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from dossier.index.api import Corpus, Snapshot, wording
from dossier.index.search import top_hits
from dossier.index.search.top_hits import BlockScorer

RELEVANCE = Path(__file__).with_name("relevance.yaml")
#: Every operator and field the query language has, beside the relevance set's plain questions.
SHAPES = [
    "Putin",
    "Kim Putin",
    '"North Korea"',
    '"port of Rajin"',
    '"Vladimir Putin" visit',
    "Kim Jong Un",
    "Kozhemyako",
    "kimjongun",
    "UN",
    "US sanctions",
    "Vost*",
    "coop* strat*",
    "Peskow~",
    "misiles~",
    "entity:khasan",
    "entity:kim-jong-un missiles",
    "title:Putin",
    "kind:dossier Korea",
    "type:person",
    "Putin OR Shoigu",
    "missiles NOT Putin",
    "NOT missiles",
    "Putin AND NOT Kim",
    "(Kim OR Putin) rail",
    "date:2023-09",
    "who greeted Kim",
    "where did they meet",
    "Putin zzzqx",
    "shells rail zzzqx",
    "Korea^3 rail",
    "p",
    "pu",
    "kha",
]


def _queries() -> list[str]:
    return [
        item["query"] for item in yaml.safe_load(RELEVANCE.read_text(encoding="utf-8"))
    ] + SHAPES


def _both_ways(
    bench: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> Callable[[str], tuple[list[tuple[str, str, float]], list[tuple[str, str, float]], int, int]]:
    def ask(
        query: str,
    ) -> tuple[list[tuple[str, str, float]], list[tuple[str, str, float]], int, int]:
        fast = bench.search(query, limit=1000)
        with monkeypatch.context() as m:
            m.setattr(BlockScorer, "ranked", lambda *args: None)  # as before: Whoosh's collector
            slow = bench.search(query, limit=1000)
        rows = [[(h.kind, h.id, h.score) for h in r.hits] for r in (fast, slow)]
        return rows[0], rows[1], fast.total, slow.total

    return ask


def _assert_same(
    fast: list[tuple[str, str, float]], slow: list[tuple[str, str, float]], query: str
) -> None:
    """Same hits in the same order with the same scores (to the last bits: sums may be added in
    another order)."""
    assert [row[:2] for row in fast] == [row[:2] for row in slow], query
    assert [row[2] for row in fast] == pytest.approx([row[2] for row in slow], rel=1e-12), query


def test_block_scoring_is_whooshs_scoring_on_the_seeds(
    bench: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    ask = _both_ways(bench, monkeypatch)
    for query in _queries():
        fast, slow, fast_total, slow_total = ask(query)
        _assert_same(fast, slow, query)
        assert fast_total == slow_total, query


def test_block_scoring_counts_every_segment_and_skips_deleted_articles(
    tmp_path: Path, copy_corpus: Callable[[Path], Corpus], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    Snapshot.open(corpus, index_root=tmp_path / "index").close()
    seeds = sorted((tmp_path / "corpus" / "seeds").glob("*.txt"))
    seeds[0].unlink()  # a deletion in the first segment
    seeds[1].write_text(
        seeds[1].read_text(encoding="utf-8") + "\nPutin rail Putin.\n", encoding="utf-8"
    )
    (seeds[2].parent / "zz-new.txt").write_text(
        "Putin and Kim Jong Un rode the rail to Khasan.\n", encoding="utf-8"
    )
    bench = Snapshot.open(corpus, index_root=tmp_path / "index")  # an update: a second segment
    assert len(bench.backend.engine._searcher.leaf_searchers()) > 1
    ask = _both_ways(bench, monkeypatch)
    for query in [
        "Putin",
        "Putin rail",
        '"Kim Jong Un"',
        "Khasan",
        "rail*",
        "NOT Putin",
        "entity:vladimir-putin",
    ]:
        fast, slow, fast_total, slow_total = ask(query)
        _assert_same(fast, slow, query)
        assert fast_total == slow_total, query
        assert not any(row[1] == seeds[0].stem for row in fast), query
    assert ("article", "zz-new") in {row[:2] for row in ask("rode rail")[0]}


PHRASES = [
    '"North Korea"',
    '"energy deal"',
    '"port of Rajin"',
    '"Vladimir Putin" visit',
    '"red carpet"',
    '"the Kremlin" OR "Far East"',
    '"artillery shells" OR rail',
    '"ballistic missile"',
    '"Kim Jong Un"',
]


def test_phrases_checked_only_where_the_best_hits_need_it_rank_as_whoosh_does(
    bench: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(top_hits, "CHECK_ALL", 0)  # every phrase defers its position checks
    monkeypatch.setattr(
        top_hits, "SAMPLE", 10**6
    )  # and the sample is all of them: the estimate is exact
    ask = _both_ways(bench, monkeypatch)
    deferred = 0
    for query in PHRASES:
        for limit in (1, 3, 1000):
            fast, slow = bench.search(query, limit=limit), None
            _, slow_rows, _, slow_total = ask(query)
            slow = slow_rows[:limit]
            _assert_same(
                [(h.kind, h.id, h.score) for h in fast.hits], slow, f"{query} limit {limit}"
            )
            assert fast.total == slow_total, query
            deferred += fast.estimated
    assert deferred  # the checks were left to the ranking, not done up front
    monkeypatch.setattr(top_hits, "SAMPLE", 1)
    sampled = bench.search('"energy deal" OR "red carpet" OR "artillery shells"', limit=1)
    assert sampled.estimated and wording.counted(sampled) == f"about {sampled.total} results"
    every = bench.search('"energy deal" OR "red carpet" OR "artillery shells"', limit=1000)
    assert (
        not every.estimated
    )  # each candidate was checked on the way to the last hit: the count is exact
    assert "about" not in wording.counted(bench.search("red carpet"))


def test_what_blocks_cannot_score_goes_to_whoosh(bench: Snapshot) -> None:
    sloppy = bench.search('"Putin Kim"~3')  # a phrase with slop: position checks Whoosh does itself
    assert sloppy.total and not sloppy.stopped
    assert bench.search("Putin", sort="date").total == bench.search("Putin").total


def test_a_stale_block_search_stops_at_its_first_block(bench: Snapshot) -> None:
    from dossier.index.api import SearchCancelled

    with pytest.raises(SearchCancelled):
        bench.search("Korea", cancelled=lambda: True)


def test_a_failed_phrase_check_takes_only_its_share_off() -> None:
    from dossier.index.search.top_hits import Pending, _checked_top

    only_two_hold = Pending({1: 2.0, 2: 1.0}, lambda docnum: docnum == 2)
    assert _checked_top({1: 2.0, 2: 1.0}, [only_two_hold], 1).hits == [
        (2, 1.0)
    ]  # 1 matched only by the phrase
    assert _checked_top({1: 2.0, 2: 1.0}, [only_two_hold], 0).hits == []
    failing_share = Pending(
        {1: 1.0}, lambda docnum: False
    )  # 1 also matched another word, worth 1.0
    ranked = _checked_top({1: 2.0, 2: 1.5}, [failing_share], 2)
    assert ranked.hits == [(2, 1.5), (1, 1.0)] and ranked.total == 2 and not ranked.estimated
