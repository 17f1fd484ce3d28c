"""``check_corpus``: cross-file checks located at the offending YAML node, and the summary line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.index.corpus.articles import Corpus
from dossier.index.dossiers.check import check_corpus, summary_line
from dossier.index.dossiers.schema import TYPES
from dossier.index.problems import Problem

ROOT = Path(__file__).parent.parent
ARTICLE_002 = "002_9988d65b17898380"
ARTICLE_003 = "003_5a1a26e7ddca32af"


@pytest.fixture
def corpus(tmp_path: Path, write) -> Corpus:
    """A copy of the seeds with two valid dossiers: ``kim`` (person) and ``vostochny`` (place)."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    for kind in TYPES:
        (tmp_path / "dossiers" / kind).mkdir(parents=True)
    corpus = Corpus(tmp_path)
    write(corpus, "person/kim.yaml", "type: person\nname: Kim Jong Un\naliases: [Kim Jong-un]\n")
    write(corpus, "place/vostochny.yaml", "type: place\nname: Vostochny Cosmodrome\n")
    return corpus


def problems_of(corpus: Corpus) -> list[str]:
    """The problems check finds, after asserting that the two valid dossiers still loaded."""
    dossiers, problems = check_corpus(corpus)
    assert {"kim", "vostochny"} <= {dossier.id for dossier in dossiers}
    return [str(problem) for problem in problems]


def test_clean_corpus(corpus: Corpus) -> None:
    assert problems_of(corpus) == []


def test_unknown_relation_target(corpus: Corpus, write) -> None:
    path = write(
        corpus,
        "person/putin.yaml",
        """
        type: person
        name: Vladimir Putin
        relations:
          - {type: met_with, target: kim, source: outside, note: Public record.}
          - {type: met_with, target: kim-jong-un, source: outside, note: Public record.}
        """,
    )
    assert problems_of(corpus) == [f"{path}:5:30: relations[1].target: no dossier 'kim-jong-un'"]


def test_broken_target_is_reported_once(corpus: Corpus, write) -> None:
    broken = write(corpus, "person/putin.yaml", "type: person\nname: [Putin]\n")
    write(
        corpus,
        "person/peskov.yaml",
        "type: person\nname: Peskov\nrelations: [{type: met_with, target: putin, source: outside, note: N}]",
    )
    assert problems_of(corpus) == [f"{broken}:2:7: name: expected a string, got a list"]


def test_unknown_event_place_and_participant(corpus: Corpus, write) -> None:
    path = write(
        corpus,
        "event/summit.yaml",
        """
        type: event
        name: Vostochny summit
        place: vostochny-cosmodrome
        participants: [kim, putin]
        """,
    )
    assert problems_of(corpus) == [
        f"{path}:3:8: place: no dossier 'vostochny-cosmodrome'",
        f"{path}:4:21: participants[1]: no dossier 'putin'",
    ]


def test_event_place_must_be_a_place(corpus: Corpus, write) -> None:
    path = write(corpus, "event/summit.yaml", "type: event\nname: Summit\nplace: kim\n")
    assert problems_of(corpus) == [f"{path}:3:8: place: 'kim' is a person, not a place"]


def test_duplicate_id(corpus: Corpus, write) -> None:
    path = write(corpus, "place/kim.yaml", "type: place\nname: Kim Il Sung Square\n")
    message = "duplicate id 'kim': already used by dossiers/person/kim.yaml"
    assert problems_of(corpus) == [f"{path}:1:1: {message}"]


def test_alias_clash(corpus: Corpus, write) -> None:
    path = write(
        corpus,
        "person/yo-jong.yaml",
        """
        type: person
        name: Kim Yo Jong
        aliases:
          - Kim Yo-jong
          - KIM  JONG-UN
        """,
    )
    assert problems_of(corpus) == [
        f"{path}:5:5: aliases[1]: 'KIM  JONG-UN' is also a name of kim (dossiers/person/kim.yaml)"
    ]


def test_missing_source_article(corpus: Corpus, write) -> None:
    path = write(
        corpus,
        "person/kozlov.yaml",
        """
        type: person
        name: Alexander Kozlov
        claims:
          - text: Greeted Kim.
            source: 003_missing
            quote: There, Kim was greeted.
        """,
    )
    assert problems_of(corpus) == [
        f"{path}:5:13: claims[0].source: no article '003_missing' in seeds/"
    ]


def test_quote_not_found(corpus: Corpus, write) -> None:
    path = write(
        corpus,
        "person/kozlov.yaml",
        f"""
        type: person
        name: Alexander Kozlov
        relations:
          - type: greeted
            target: kim
            source: {ARTICLE_003}
            quote: There, Kim was greeted with a red carpet by Natural Resources Minister Alexander Kozlov
            note: Kim is Kim Jong Un.
        claims:
          - text: Greeted Kim.
            source: {ARTICLE_003}
            quote: Kim was greeted by a brass band.
        """,
    )
    assert problems_of(corpus) == [
        f"{path}:12:12: claims[0].quote: not found in article {ARTICLE_003}"
    ]


def test_quote_without_source(corpus: Corpus, write) -> None:
    path = write(
        corpus,
        "person/kozlov.yaml",
        """
        type: person
        name: Alexander Kozlov
        relations:
          - type: greeted
            target: kim
            quote: There, Kim was greeted.
            note: Kim is Kim Jong Un.
        """,
    )
    assert problems_of(corpus) == [f"{path}:6:12: relations[0].quote: quote without a source"]


def test_cyrillic_e_quote_typed_in_latin_passes(corpus: Corpus, write) -> None:
    quote = "The North Korean-Russian alliance, despite being separated by thousands of miles"
    assert "\u0435" in (ROOT / "seeds" / f"{ARTICLE_002}.txt").read_text(encoding="utf-8")
    claim = f"{{text: T, source: {ARTICLE_002}, quote: '{quote}'}}"
    write(
        corpus,
        "organization/alliance.yaml",
        f"type: organization\nname: Alliance\nclaims: [{claim}]\n",
    )
    assert problems_of(corpus) == []


def test_curly_apostrophe_quote_typed_straight_passes(corpus: Corpus, write) -> None:
    quote = "According to Russia's state news agency TASS, both leaders met at the entrance"
    write(
        corpus,
        "person/putin.yaml",
        f"""
        type: person
        name: Vladimir Putin
        relations:
          - type: met_with
            target: kim
            source: {ARTICLE_003}
            quote: "{quote}"
            note: The two leaders are Putin and Kim.
        """,
    )
    assert problems_of(corpus) == []


def test_summary_line() -> None:
    assert summary_line([], []) == "0 dossiers, 0 claims, 0 relations: no problems"
    problem = Problem(Path("x.yaml"), 1, 1, "empty file")
    assert summary_line([], [problem]) == "0 dossiers, 0 claims, 0 relations: 1 problem"


def test_summary_line_counts(corpus: Corpus, write) -> None:
    write(
        corpus,
        "person/putin.yaml",
        f"""
        type: person
        name: Vladimir Putin
        relations: [{{type: met_with, target: kim, source: outside, note: N}}]
        claims: [{{text: T, source: {ARTICLE_003}, quote: On Wednesday}}]
        """,
    )
    write(corpus, "person/broken.yaml", "type: person\n")
    dossiers, problems = check_corpus(corpus)
    assert summary_line(dossiers, problems) == "3 dossiers, 1 claim, 1 relation: 1 problem"


@pytest.mark.skipif(not Corpus(ROOT).dossier_files(), reason="no dossiers written yet")
def test_real_corpus_has_no_problems() -> None:
    dossiers, problems = check_corpus(Corpus(ROOT))
    assert [str(problem) for problem in problems] == []
    assert dossiers
