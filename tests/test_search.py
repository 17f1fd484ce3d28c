"""Known-answer queries on the real seeds: folding, phrases, stems, fields, fuzzy and broken
syntax."""

from __future__ import annotations

import pytest

from dossier.index.api import Snapshot

ALL_ARTICLES = {
    "000_588f2ff7381e34dc",
    "001_5859987bf54530fd",
    "002_9988d65b17898380",
    "003_5a1a26e7ddca32af",
    "004_e5b1709b295aaf7b",
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Korea", ALL_ARTICLES),
        ("energy", {"002_9988d65b17898380", "003_5a1a26e7ddca32af"}),  # 002 writes it "еnеrgy"
        ("Путин", ALL_ARTICLES),  # Cyrillic query, Latin text
        ('"ballistic missiles"', {"003_5a1a26e7ddca32af", "004_e5b1709b295aaf7b"}),
        ("launching", {"003_5a1a26e7ddca32af", "004_e5b1709b295aaf7b"}),  # stems: launch, launched
        ("Khasan", {"004_e5b1709b295aaf7b"}),
        ("Blagoveshchensk OR Khasan", {"003_5a1a26e7ddca32af", "004_e5b1709b295aaf7b"}),
        ("missiles NOT Vostochny", {"001_5859987bf54530fd"}),  # "missile program"
        ("title:kremlin", {"001_5859987bf54530fd"}),
        (
            "date:2023",
            {"000_588f2ff7381e34dc", "003_5a1a26e7ddca32af", "004_e5b1709b295aaf7b"},
        ),  # metadata dates
        (
            "date:[2023-09 TO 2023-12]",
            {"000_588f2ff7381e34dc", "003_5a1a26e7ddca32af", "004_e5b1709b295aaf7b"},
        ),
        ("Komsomolsk*", {"000_588f2ff7381e34dc"}),
        (
            "cooperat*",
            {"000_588f2ff7381e34dc", "002_9988d65b17898380", "004_e5b1709b295aaf7b"},
        ),  # not the stem
        ("Pyong?ang", {"001_5859987bf54530fd", "004_e5b1709b295aaf7b"}),
        ("Peskow~", {"003_5a1a26e7ddca32af"}),
        ("kind:article Rajin", {"002_9988d65b17898380"}),
    ],
)
def test_known_answers(bench: Snapshot, query: str, expected: set[str], article_ids) -> None:
    assert article_ids(bench, query) == expected


def test_phrase_is_stricter_than_words(bench: Snapshot, article_ids) -> None:
    assert article_ids(bench, '"Korea ballistic"') == set()
    assert article_ids(bench, "Korea ballistic") == {"003_5a1a26e7ddca32af", "004_e5b1709b295aaf7b"}


def test_title_outranks_body(bench: Snapshot) -> None:
    hits = [h for h in bench.search("Kremlin", limit=20).hits if h.kind == "article"]
    assert hits[0].id == "001_5859987bf54530fd"


def test_snippet_highlights_the_cyrillic_spelling(bench: Snapshot) -> None:
    hit = next(h for h in bench.search("energy").hits if h.id == "002_9988d65b17898380")
    marked = {hit.snippet.text[s:e] for s, e in hit.snippet.spans}
    assert marked <= {"еnеrgy", "Enеrgy"} and marked


def test_article_highlights_land_on_original_characters(bench: Snapshot) -> None:
    article = bench.article("002_9988d65b17898380")
    spans = bench.highlights("002_9988d65b17898380", "energy")
    assert len(spans) >= 5
    assert {article.body[s:e].replace("е", "e").lower() for s, e in spans} == {"energy"}


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "title:", '"Khasan', "Khasan AND", ")Khasan(", "nosuchfield:x", "((( Khasan"],
)
def test_broken_syntax_falls_back_to_plain_words(bench: Snapshot, query: str) -> None:
    results = bench.search(query)
    assert results.fallback and results.problem is None
    if "Khasan" in query:
        assert "004_e5b1709b295aaf7b" in {h.id for h in results.hits}


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("(((", "nothing to search for: '(((' has no words"),
        ("((", "nothing to search for: '((' has no words"),
        ("?!", "nothing to search for: '?!' has no words"),
        (
            "the",
            "nothing to search for: 'the' is too common to be indexed (stop words): add a word that says what "
            "to find",
        ),
        (
            "AND OR",
            "nothing to search for: 'and', 'or' are too common to be indexed (stop words): add a word that says "
            "what to find",
        ),
    ],
)
def test_a_query_without_words_says_so_once(bench: Snapshot, query: str, problem: str) -> None:
    results = bench.search(query)
    assert results.problem == problem
    assert (
        not results.fallback
        and not results.fuzzy
        and results.suggestion is None
        and results.total == 0
    )


def test_well_formed_queries_do_not_fall_back(bench: Snapshot) -> None:
    for query in [
        '"North Korea" OR Khasan',
        "(Putin OR Kim) NOT Rajin",
        "title:kremlin",
        "NOT Rajin Korea",
    ]:
        assert not bench.search(query).fallback, query


def test_nothing_found_retries_fuzzily_with_did_you_mean(bench: Snapshot) -> None:
    results = bench.search(
        "schoolchildrn"
    )  # a misspelt word (a misspelt name finds its dossier instead)
    assert results.fuzzy and results.suggestion == "schoolchildren"
    assert [h.id for h in results.hits if h.kind == "article"] == ["000_588f2ff7381e34dc"]
    assert all(h.fuzzy for h in results.hits)
    assert results.hits[0].to_json()["fuzzy"] is True


def test_one_or_two_letters_are_not_retried_fuzzily(bench: Snapshot) -> None:
    for typed in ("q", "qx"):
        results = bench.search(typed)
        assert results.total == 0 and not results.fuzzy and results.suggestion is None
    assert bench.search("qxz").fuzzy  # three letters may be a misspelling


def test_exact_hits_are_not_fuzzy(bench: Snapshot) -> None:
    results = bench.search("Khasan")
    assert not results.fuzzy and results.suggestion is None
    assert "fuzzy" not in results.hits[0].to_json()


def test_nothing_at_all(bench: Snapshot) -> None:
    results = bench.search("xylophonequartz")
    assert results.hits == [] and results.total == 0


def test_limit_and_total(bench: Snapshot) -> None:
    results = bench.search("Korea", limit=3)
    assert len(results.hits) == 3 and results.total > 3


def test_browse_lists_articles_by_date_then_dossiers_by_type(bench: Snapshot) -> None:
    hits = bench.browse()
    articles = [h for h in hits if h.kind == "article"]
    assert (
        articles[0].id == "001_5859987bf54530fd"
    )  # the newest (2024-06-17 in seeds/metadata.yaml)
    assert articles[-1].id == "002_9988d65b17898380"  # the undated one comes last
    assert {h.id for h in articles} == ALL_ARTICLES
    types = [h.type for h in hits if h.kind == "dossier"]
    assert types == sorted(types, key=["person", "organization", "place", "event"].index)
    assert hits[: len(articles)] == articles


@pytest.mark.parametrize(
    ("query", "article"),
    [
        ("artillery shells", "001"),
        ("sanctions veto", "001"),
        ("red carpet", "003"),
        ("arms deal", "003"),
        ("private train", "004"),
        ("ballistic missiles", "003"),
        ("military band", "003"),
        ("humanitarian aid", "004"),
    ],
)
def test_an_article_outranks_the_dossiers_that_quote_it(
    bench: Snapshot, query: str, article: str
) -> None:
    hits = bench.search(query).hits
    assert hits[0].kind == "article" and hits[0].id.startswith(article)
    assert any(
        h.kind == "dossier" for h in hits
    )  # the dossiers quoting it are still found, after it


@pytest.mark.parametrize(
    ("query", "dossier"),
    [
        ("Khasan", "khasan"),
        ("Putin", "vladimir-putin"),
        ("Vladimir Putin", "vladimir-putin"),
        ("Vostochny", "vostochny-cosmodrome"),
        ("Kim Jong Un", "kim-jong-un"),
        ("North Korea", "north-korea"),
        ("Kozhemyako", "oleg-kozhemyako"),
        ("Путин", "vladimir-putin"),
        ("UAC", "united-aircraft-corporation"),
        ("Iran", "iran"),
        ("Launch Vehicle Assembly Building", "launch-vehicle-assembly-building"),  # dossiers now
    ],
)
def test_a_named_dossier_comes_first_then_the_articles_that_mention_it(
    bench: Snapshot, query: str, dossier: str
) -> None:
    hits = bench.search(query, limit=50).hits
    mentioning = set(bench.backend.engine.ids_mentioning(dossier))
    assert mentioning
    assert hits[0].kind == "dossier" and hits[0].id == dossier
    assert {h.id for h in hits[1 : 1 + len(mentioning)]} == mentioning


def test_articles_naming_a_dossier_in_the_title_come_before_the_others(bench: Snapshot) -> None:
    ids = [h.id[:3] for h in bench.search("Putin").hits if h.kind == "article"]
    assert set(ids[:2]) == {
        "001",
        "003",
    }  # "Kremlin Confirms Putin's …", "Kim Jong-un and Vladimir Putin's …"


def test_a_name_among_other_words_does_not_put_its_dossier_first(bench: Snapshot) -> None:
    hits = bench.search("Kim private train").hits
    assert hits[0].kind == "article"
    assert "kim-jong-un" in {h.id for h in hits}


def test_dossier_prose_is_not_title_or_body(bench: Snapshot) -> None:
    # A dossier's name and prose are searched in their own fields: title: finds articles only.
    assert {h.kind for h in bench.search("title:Khasan OR title:Kremlin").hits} == {"article"}
    assert bench.search("Khasan").hits[0].title == "Khasan"  # yet shown under its name


def test_a_corrected_query_with_a_backslash_is_said_literally(bench: Snapshot) -> None:
    """The correction is put back into the query as typed, not as a regex replacement (``\\`` is no
    escape)."""
    results = bench.search("railwy\\")
    assert results.corrected == "railway\\" and results.total > 0
    assert not any("could not be read" in note for note in bench.last_sync.notes)
