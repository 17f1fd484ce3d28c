"""British and American spellings are one word, in the text and in the query."""

from __future__ import annotations

import pytest

from dossier.index.api import Snapshot
from dossier.index.text.analysis import fold_word, text_analyzer
from dossier.index.text.spelling import american


@pytest.mark.parametrize(
    ("british", "american_spelling"),
    [
        ("honour", "honor"),
        ("honourable", "honorable"),
        ("favourite", "favorite"),
        ("armoured", "armored"),
        ("organise", "organize"),
        ("organised", "organized"),
        ("organisation", "organization"),
        ("denuclearisation", "denuclearization"),
        ("emphasised", "emphasized"),
        ("summarise", "summarize"),
        ("analyse", "analyze"),
        ("travelled", "traveled"),
        ("counsellor", "counselor"),
        ("centre", "center"),
        ("kilometres", "kilometers"),
        ("defence", "defense"),
        ("programmes", "programs"),
    ],
)
def test_british_spellings_become_american(british: str, american_spelling: str) -> None:
    assert american(british) == american_spelling
    assert american(american_spelling) == american_spelling


@pytest.mark.parametrize(
    "word",
    [
        "advise",
        "surprise",
        "exercise",
        "promise",
        "premises",
        "rise",
        "arise",
        "sunrise",
        "noise",
        "otherwise",
        "analysis",
        "crises",
        "four",
        "hour",
        "your",
        "tour",
        "paradise",
        "expertise",
        "listing",
        "raisin",
        "visited",
    ],
)
def test_words_that_only_look_british_stay(word: str) -> None:
    assert american(word) == word


def test_the_analyzer_and_the_folding_agree() -> None:
    assert [t.text for t in text_analyzer()("Honour guards organised")] == [
        "honor",
        "guard",
        "organiz",
    ]
    assert [t.text for t in text_analyzer()("honor guards organized")] == [
        "honor",
        "guard",
        "organiz",
    ]
    assert fold_word("Favourite") == "favorite"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("honour", {"003", "004"}),
        ("honor", {"003", "004"}),
        ("favourite", {"003"}),
        ("denuclearisation", {"000", "002"}),
        ("emphasised", {"001", "004"}),
        ("defence", {"001", "004"}),
    ],
)
def test_either_spelling_finds_the_other(bench: Snapshot, query: str, expected: set[str]) -> None:
    assert {h.id[:3] for h in bench.search(query, limit=50).hits if h.kind == "article"} == expected


def test_the_other_spelling_is_highlighted(bench: Snapshot) -> None:
    hit = next(h for h in bench.search("honour").hits if h.id.startswith("004"))
    assert [hit.snippet.text[s:e] for s, e in hit.snippet.spans] == ["honor"]
    assert bench.highlights("003_5a1a26e7ddca32af", "honour")
