"""Duplicate articles: exact and near copies of a real seed are grouped, a merely similar story is
not; the groups follow the corpus as it changes, and a search shows each group once."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from dossier.index.api import Snapshot, schema
from dossier.index.corpus.articles import Corpus
from dossier.index.indexing import duplicates
from dossier.index.indexing.duplicates import (
    NEAR,
    Sketches,
    exact_key,
    signature,
    similarity,
    sketch,
)
from dossier.index.text.analysis import words

PROJECT = Path(__file__).resolve().parent.parent
SEED = "000_588f2ff7381e34dc"
OTHER = "001_5859987bf54530fd"
BOILERPLATE = "Copyright 2023 Eastern Wire. All rights reserved. Republished with permission.\n"


def _seed(article_id: str) -> str:
    return (PROJECT / "seeds" / f"{article_id}.txt").read_text(encoding="utf-8")


def resaved(text: str) -> str:
    """The same article saved again: CRLF line ends, lines re-wrapped, double spaces, straight
    quotes."""
    wrapped = text.replace("’", "'").replace(". ", ".  ").replace(", ", ",\n")
    return wrapped.replace("\n", "\r\n")


def with_boilerplate(text: str) -> str:
    """The same article with a wire service's line added at the end."""
    return text + "\n" + BOILERPLATE


def edited(text: str) -> str:
    """A near copy: its "Economic Cooperation" paragraph rewritten (one paragraph of eleven)."""
    paragraphs = text.split("\n\n")
    at = next(i for i, p in enumerate(paragraphs) if p.startswith("One area where Russia"))
    paragraphs[at] = (
        "Trade was the other theme of the talks. Officials from both sides discussed railway "
        "links through Khasan, fuel deliveries and the return of North Korean workers to the "
        "Russian Far East, though no agreement was published."
    )
    return "\n\n".join(paragraphs)


#: A story of its own on the same visit, written for this test.
OWN_STORY = """Officials in Vladivostok spent the morning closing roads near the railway station, where the armoured
train was expected before noon. Local residents said the preparations had begun three days earlier, with police
checking cars on the bridge to Russky Island and workers repainting the station's facade.

Analysts in Seoul cautioned that the symbolism of the welcome should not be mistaken for substance. They noted
that previous summits produced declarations on trade and transport that were never carried out, and that
sanctions still limit what either government can sign.

A spokesman for the regional administration declined to give the programme of the visit, citing security, but
confirmed that a delegation of regional ministers would meet the guests at the border crossing at Khasan.
"""


def similar_story(text: str) -> str:
    """A different story on the same visit: the seed's title and first two paragraphs (a shared
    lead, as agencies reuse background), then a story of its own."""
    return "\n\n".join(text.split("\n\n")[:3]) + "\n\n" + OWN_STORY


def _sketch(text: str) -> duplicates.Sketch:
    return sketch(text, [w for w, _, _ in words(text)])


def test_exact_key_ignores_whitespace_case_and_quotes() -> None:
    text = _seed(SEED)
    assert exact_key(resaved(text)) == exact_key(text) == exact_key(text.upper())
    assert exact_key(with_boilerplate(text)) != exact_key(text)
    assert (
        _sketch(resaved(text)) == _sketch(text) != _sketch(with_boilerplate(text))
    )  # the key a sync stores
    short = "Kim arrives.\n"
    assert (
        _sketch(short)[0]
        == exact_key(short)
        == _sketch("KIM   arrives.\r\n")[0]
        != _sketch("Kim leaves.")[0]
    )


def test_near_copies_are_similar_and_similar_stories_are_not() -> None:
    text = _seed(SEED)
    sig = _sketch(text)[1]
    assert similarity(sig, _sketch(with_boilerplate(text))[1]) > 0.9
    assert NEAR <= similarity(sig, _sketch(edited(text))[1]) < 1
    assert similarity(sig, _sketch(similar_story(text))[1]) < NEAR / 2
    for seed in (
        "001_5859987bf54530fd",
        "002_9988d65b17898380",
        "003_5a1a26e7ddca32af",
        "004_e5b1709b295aaf7b",
    ):
        assert similarity(sig, _sketch(_seed(seed))[1]) < 0.1  # the same visit, told by others


def test_a_short_text_is_grouped_only_when_exactly_the_same() -> None:
    short = ["kim", "visits", "primorye", "today"]
    assert signature(short) == signature(["putin", "visits", "pyongyang"])  # no shingles to compare
    sketches = Sketches(
        {
            "a": ("k1", signature(short)),
            "b": ("k2", signature(["putin"])),
            "c": ("k1", signature(short)),
        }
    )
    assert sketches.groups() == [["a", "c"]]


def test_a_big_bucket_is_compared_with_its_first_member_only() -> None:
    """Forty copies of one text under different exact keys (each with a boilerplate line of its own)
    make one group without comparing every pair."""
    text = _seed(SEED)
    sketches = Sketches(
        {f"copy-{n:02}": _sketch(text + f"\nSyndicated by partner {n}.\n") for n in range(40)}
    )
    assert sketches.groups() == [sorted(sketches.entries)]


@pytest.fixture(scope="module")
def copies_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The real seeds plus a re-saved copy, a copy with a boilerplate line, a near copy with an
    edited paragraph, and a merely similar story."""
    root = tmp_path_factory.mktemp("copies")
    shutil.copytree(PROJECT / "seeds", root / "seeds")
    (root / "dossiers").mkdir()
    text = _seed(SEED)
    files = {
        "copy-resaved": resaved(text),
        "copy-boilerplate": with_boilerplate(text),
        "copy-edited": edited(text),
        "similar-story": similar_story(text),
    }
    for name, content in files.items():
        (root / "seeds" / f"{name}.txt").write_bytes(content.encode())
    return Corpus(root)


@pytest.fixture(scope="module")
def copies_bench(copies_corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    return Snapshot.open(copies_corpus, index_root=tmp_path_factory.mktemp("copies-index"))


GROUP = ["000_588f2ff7381e34dc", "copy-boilerplate", "copy-edited", "copy-resaved"]


def test_the_copies_are_one_group_and_the_similar_story_none(copies_bench: Snapshot) -> None:
    assert copies_bench.copies_of(SEED) == GROUP[1:]
    assert copies_bench.copies_of("copy-edited") == [SEED, "copy-boilerplate", "copy-resaved"]
    assert copies_bench.copies_of("similar-story") == []
    assert copies_bench.copies_of(OTHER) == []


def test_a_search_shows_a_group_once_at_its_best_ranked_copy(copies_bench: Snapshot) -> None:
    everything = copies_bench.backend.engine.search("Primorye schoolchildren", limit=20).hits
    grouped = [hit.id for hit in everything if hit.id in GROUP]
    assert len(grouped) == 4  # all four copies match
    results = copies_bench.search("Primorye schoolchildren")
    shown = [hit for hit in results.hits if hit.id in GROUP]
    assert [hit.id for hit in shown] == [grouped[0]]
    assert sorted(shown[0].duplicates) == sorted(set(GROUP) - {grouped[0]})
    assert "similar-story" in [hit.id for hit in results.hits]


def test_a_search_still_fills_its_limit_after_dropping_copies(copies_bench: Snapshot) -> None:
    raw = copies_bench.backend.engine.search("Russia North Korea relationship", limit=3).hits
    assert {hit.id for hit in raw} <= set(
        GROUP
    )  # the first three hits are all copies of one article
    results = copies_bench.search("Russia North Korea relationship", limit=3)
    ids = [hit.id for hit in results.hits]
    assert len(ids) == 3 and len(set(ids) & set(GROUP)) == 1  # filled from the wider search


def test_the_whole_corpus_listing_shows_a_group_once(copies_bench: Snapshot) -> None:
    listed = [hit for hit in copies_bench.browse() if hit.kind == schema.ARTICLE]
    assert len(listed) == 6  # nine articles, three of them later copies
    first = [hit for hit in listed if hit.id in GROUP]
    assert len(first) == 1 and len(first[0].duplicates) == 3


def test_groups_follow_changes_and_removals(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(PROJECT / "seeds", root / "seeds")
    (root / "dossiers").mkdir()
    corpus, index_root = Corpus(root), tmp_path / "index"
    text = _seed(SEED)
    copy = root / "seeds" / "copy.txt"
    copy.write_text(edited(text), encoding="utf-8")
    assert Snapshot.open(corpus, index_root).copies_of(SEED) == ["copy"]
    copy.write_text(similar_story(text), encoding="utf-8")  # rewritten: no longer a copy
    assert Snapshot.open(corpus, index_root).copies_of(SEED) == []
    copy.write_text(resaved(text), encoding="utf-8")
    (root / "seeds" / "copy2.txt").write_text(with_boilerplate(text), encoding="utf-8")
    assert Snapshot.open(corpus, index_root).copies_of(SEED) == ["copy", "copy2"]
    copy.unlink()
    bench = Snapshot.open(corpus, index_root)
    assert bench.copies_of(SEED) == ["copy2"] and bench.copies_of("copy") == []


def test_lost_sketches_are_made_again_from_the_index(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(PROJECT / "seeds", root / "seeds")
    (root / "dossiers").mkdir()
    corpus, index_root = Corpus(root), tmp_path / "index"
    (root / "seeds" / "copy.txt").write_text(resaved(_seed(SEED)), encoding="utf-8")
    bench = Snapshot.open(corpus, index_root)
    (bench.backend._store.path / duplicates.SKETCHES).write_bytes(b"damaged")
    (root / "seeds" / "copy2.txt").write_text(edited(_seed(SEED)), encoding="utf-8")
    assert Snapshot.open(corpus, index_root).copies_of(SEED) == ["copy", "copy2"]


def test_regrouping_after_a_change_finds_what_grouping_everything_does(tmp_path: Path) -> None:
    """Articles added, rewritten and removed one at a time: the groups worked out from the last
    sync's (only those touched) are the groups of the whole corpus each time."""
    seeds = [_seed(path.stem) for path in sorted((PROJECT / "seeds").glob("*.txt"))]
    texts = [
        variant(text)
        for text in seeds
        for variant in (str, resaved, with_boilerplate, _rewritten, similar_story)
    ]
    rng = random.Random(16)
    sketches = Sketches()
    for n in range(12):
        sketches.put(f"a{n:02}", _sketch(rng.choice(texts)))
    sketches.save(tmp_path)
    incremental = 0
    for step in range(40):
        sketches = Sketches.load(tmp_path)
        article_id = f"a{rng.randrange(16):02}"
        if rng.random() < 0.25:
            sketches.keep_only(set(sketches.entries) - {article_id})
        else:
            sketches.put(article_id, _sketch(rng.choice(texts)))
        incremental += (
            len(sketches._changed) + len(sketches._removed) <= len(sketches.entries) // 10 + 1
        )
        assert sketches.save(tmp_path) == Sketches(dict(sketches.entries)).groups(), step
        assert {tuple(g) for g in duplicates.load_groups(tmp_path).values()} == set(
            map(tuple, sketches.groups())
        )
    assert incremental >= 30  # most steps took the incremental path


def _rewritten(text: str) -> str:
    """A near copy of any article: its longest line written anew."""
    lines = text.splitlines()
    longest = max(range(len(lines)), key=lambda n: len(lines[n]))
    lines[longest] = (
        "The talks went on late into the evening, a spokesman said, and would resume on Friday."
    )
    return "\n".join(lines)
