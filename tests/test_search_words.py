"""How query words meet the text: names typed with a capital, hyphenated compounds, long topic
queries, and what a search says about its query (no words, a bad date, a corrected typo), on small
BBC-shaped articles."""

from __future__ import annotations

import json

import pytest

from dossier.index.api import Snapshot, schema, wording
from dossier.index.corpus.articles import Corpus

#: Articles shaped like the BBC corpus's (title on the first line, then the text), each one a case.
ARTICLES = {
    "wenger": "Wenger signs new deal\n\nArsenal manager Arsene Wenger has signed a new contract. Arsene said he "
    "was happy.\n",
    "arsenal": "Arsenal through on penalties\n\nArsenal beat Sheffield United on penalties. The Gunners were poor.\n",
    "arsenic": "Arsenic found in rice\n\nTraces of arsenic were found in rice sold in shops.\n",
    "email": "Junk e-mails on relentless rise\n\nSpam e-mail now makes up most of the mail sent, filters say.\n",
    "email2": "Email scams spread\n\nA new email scam asks for bank details. Users should delete the emails.\n",
    "royalmail": "Royal Mail profits up\n\nRoyal Mail said its letters business made a profit this year.\n",
    "alqaeda": "Guantanamo four questioned\n\nThe men were accused of al-Qaeda links, officials said.\n",
    "alqaeda2": "Terror suspects held\n\nPolice said the group had links to al Qaeda in Pakistan.\n",
    "cooperate": "Firms cooperate on chips\n\nThe companies agreed to cooperate on research.\n",
    "cooperate2": "Police co-operate with Interpol\n\nForces will co-operate across borders.\n",
    "energy": "Energy prices climb\n\nHousehold energy bills rose as energies from gas got dearer.\n",
    "dollar": "Dollar hits new low versus euro\n\nThe US dollar has tumbled to a new low against the euro, and the "
    "euro rose again as the dollar slid.\n",
    "rates": "Markets fall on weak dollar fears\n\nThe dollar fell against the euro as the exchange rate moved.\n",
    "rate": "Fed warns of rate rises\n\nThe interest rate may rise, the Fed said.\n",
    "mutu": "Chelsea sack Mutu\n\nChelsea may write off a transfer fee for Mutu.\n",
    "transfer": "Rovers reject bid\n\nBlackburn rejected a third bid: the transfer fee was too low.\n",
}


@pytest.fixture(scope="module")
def words_bench(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    root = tmp_path_factory.mktemp("words-corpus")
    (root / "seeds").mkdir()
    for name, text in ARTICLES.items():
        (root / "seeds" / f"{name}.txt").write_text(text, encoding="utf-8")
    for kind in schema.TYPES:
        (root / "dossiers" / kind).mkdir(parents=True)
    return Snapshot.open(Corpus(root), index_root=tmp_path_factory.mktemp("words-index"))


def ids(bench: Snapshot, query: str) -> set[str]:
    return {hit.id for hit in bench.search(query, limit=100).hits if hit.kind == schema.ARTICLE}


# -- names typed with a capital
# ---------------------------------------------------------------------------------


def test_a_name_typed_with_a_capital_is_not_stemmed_into_another_name(
    words_bench: Snapshot,
) -> None:
    assert ids(words_bench, "Arsene") == {"wenger"}  # not "Arsenal", "arsenic": all stemmed "arsen"
    assert ids(words_bench, "Arsene Wenger") == {"wenger"}
    assert ids(words_bench, '"Arsene Wenger"') == {"wenger"}
    assert ids(words_bench, "Arsenal") == {
        "wenger",
        "arsenal",
    }  # the club, not "arsenic" nor "nuclear arsenal"


def test_a_name_is_highlighted_as_typed(words_bench: Snapshot) -> None:
    hit = words_bench.search("Arsene").hits[0]
    assert hit.snippet.marked().count("[Arsene]") == 2 and "[Arsenal]" not in hit.snippet.marked()


def test_words_in_lower_case_keep_their_stems(words_bench: Snapshot) -> None:
    assert ids(words_bench, "arsenal") == {
        "wenger",
        "arsenal",
        "arsenic",
    }  # typed in lower case: every form
    assert ids(words_bench, "energies") == {"energy"}


def test_an_ordinary_word_typed_with_a_capital_is_still_stemmed(words_bench: Snapshot) -> None:
    # "energy" is written in lower case in the articles: a word, not a name, so "Energy" means every
    # form.
    assert ids(words_bench, "Energy") == ids(words_bench, "energy") == {"energy"}
    assert ids(words_bench, "Energies") == {"energy"}


def test_names_stay_apart_on_the_shipped_seeds(bench: Snapshot) -> None:
    # Cyrillic "е" inside "Enеrgy" and a capital: still the word energy, in both articles that have
    # it.
    assert {h.id[:3] for h in bench.search("Energy").hits if h.kind == schema.ARTICLE} == {
        "002",
        "003",
    }


# -- hyphenated compounds
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["e-mail", "email", "E-mail", "Email", "e-mails"])
def test_a_compound_is_found_written_both_ways_and_not_as_its_last_part(
    words_bench: Snapshot, query: str
) -> None:
    assert ids(words_bench, query) == {"email", "email2"}  # never "Royal Mail"


def test_a_compound_is_highlighted_whole(words_bench: Snapshot) -> None:
    marked = {h.id: h.snippet.marked() for h in words_bench.search("email").hits}
    assert (
        "[e-mail]" in marked["email"]
        and "[email]" in marked["email2"]
        and "[emails]" in marked["email2"]
    )


def test_the_part_of_a_compound_still_finds_it(words_bench: Snapshot) -> None:
    assert ids(words_bench, "mail") == {"email", "royalmail"}


@pytest.mark.parametrize("query", ["Al-Qaeda", "al-Qaeda", "al Qaeda", "alqaeda"])
def test_a_compound_of_words_is_found_hyphenated_or_spaced(
    words_bench: Snapshot, query: str
) -> None:
    found = ids(words_bench, query)
    assert found == ({"alqaeda"} if query == "alqaeda" else {"alqaeda", "alqaeda2"})


@pytest.mark.parametrize("query", ["co-operate", "cooperate", "cooperation"])
def test_cooperate_both_ways(words_bench: Snapshot, query: str) -> None:
    assert ids(words_bench, query) == {"cooperate", "cooperate2"}


# -- relaxing
# ---------------------------------------------------------------------------------------------------


def test_the_relaxed_note_says_how_many_hits_have_every_word(words_bench: Snapshot) -> None:
    results = words_bench.search("Mutu transfer fee")
    assert results.relaxed and results.complete == 1 and results.hits[0].id == "mutu"
    assert wording.notes(results) == ["1 result has every word, then those with most of them"]
    assert "no hit has every word" not in " ".join(wording.notes(results))


def test_the_relaxed_note_says_when_no_hit_has_every_word(words_bench: Snapshot) -> None:
    results = words_bench.search("Mutu zanzibar")
    assert results.relaxed and results.complete == 0
    assert wording.notes(results) == [
        "no hit has every word: these have most of them, the most first"
    ]


def test_a_long_topic_query_finds_the_articles_with_most_of_its_words(
    words_bench: Snapshot,
) -> None:
    results = words_bench.search("euro dollar exchange rate")
    ranked = [h.id for h in results.hits]
    # "rates" has all four words, "dollar" two (half): both found, the one with every word first;
    # "rate" has one word of four, too few.
    assert ranked == ["rates", "dollar"] and results.complete == 1
    assert wording.notes(results) == ["1 result has every word, then those with most of them"]
    by_date = words_bench.search("euro dollar exchange rate", sort="date")
    assert {h.id for h in by_date.hits} == {"rates", "dollar"} and by_date.complete == 1


def test_a_long_query_whose_hits_all_have_every_word_says_nothing(words_bench: Snapshot) -> None:
    results = words_bench.search(
        "Chelsea sack Mutu transfer fee"
    )  # "transfer" has two words of five: too few
    assert [h.id for h in results.hits] == ["mutu"] and results.complete == 1
    assert not results.relaxed and wording.notes(results) == []


def test_a_long_query_keeps_field_restrictions(words_bench: Snapshot) -> None:
    results = words_bench.search(
        "title:euro dollar low new rate"
    )  # "rates" has four words, not euro in its title
    assert [h.id for h in results.hits] == ["dollar"] and results.relaxed


# -- what a search says about its query
# -------------------------------------------------------------------------


def test_an_impossible_date_is_pointed_out(bench: Snapshot) -> None:
    for query in ("date:2023-13", "date:2023-02-30", "Putin date:[2023 TO 2024-00]"):
        results = bench.search(query)
        assert (
            len(wording.notes(results)) == 1
            and "is not a date: write date:YYYY" in wording.notes(results)[0]
        ), query
        assert results.suggestion is None and results.corrected is None, (
            query
        )  # no did-you-mean of "date"
    assert wording.notes(bench.search("date:2023-09")) == [] and bench.search("date:2023-09").total


def test_a_star_lists_articles_and_dossiers(bench: Snapshot) -> None:
    results = bench.search("*", limit=1000)
    kinds = {h.kind for h in results.hits}
    assert kinds == {"article", "dossier"} and results.total == len(results.hits) == 5 + len(
        bench.dossiers
    )


def test_a_misspelt_word_says_what_was_searched(words_bench: Snapshot) -> None:
    results = words_bench.search("Wengr")
    assert results.corrected == "Wenger" and [h.id for h in results.hits] == ["wenger"]
    assert all(h.fuzzy for h in results.hits) and results.hits[0].to_json()["fuzzy"] is True


def test_a_misspelt_name_says_what_was_searched(bench: Snapshot) -> None:
    results = bench.search(
        "Putinn"
    )  # one edit from the dossier's alias "Putin": searched as it, and said so
    assert results.corrected == "Putin" and results.hits[0].id == "vladimir-putin"
    assert all(h.to_json()["fuzzy"] is True for h in results.hits)
    assert (
        bench.search("Putin").corrected is None
        and "fuzzy" not in bench.search("Putin").hits[0].to_json()
    )


def test_the_command_line_says_each_thing_once(capsys: pytest.CaptureFixture[str], run) -> None:
    assert run(capsys, "search", "(((") == (0, "nothing to search for: '(((' has no words\n", "")
    _, out, _ = run(capsys, "search", "the")
    assert out == (
        "nothing to search for: 'the' is too common to be indexed (stop words): add a word that says "
        "what to find\n"
    )
    _, out, _ = run(capsys, "search", "Putinn", "--limit", "1")
    assert out.splitlines()[0] == "(showing results for Putin)" and "[Putin]" in out
    _, out, _ = run(capsys, "search", "schoolchildrn", "--limit", "1")
    assert out.startswith("(showing results for schoolchildren: nothing matched 'schoolchildrn')\n")
    _, out, _ = run(capsys, "search", "Putinn", "--json")
    assert all(hit["fuzzy"] is True for hit in json.loads(out))
    assert run(capsys, "search", "the", "--json") == (
        0,
        "[]\n",
        "dossier: nothing to search for: 'the' is too common to be indexed (stop words): add a word that "
        "says what to find\n",
    )
    _, out, _ = run(capsys, "search", "date:2023-13")
    assert out.splitlines()[0].startswith("(date:2023-13 is not a date")


def test_energy_deal_on_the_seeds_says_two_hits_have_both_words(bench: Snapshot) -> None:
    results = bench.search("energy deal")  # 002 and 003 have both; the rest (dossiers) one of them
    assert results.relaxed and results.complete == 2
    assert {h.id[:3] for h in results.hits[:2]} == {"002", "003"}
    assert wording.notes(results) == ["2 results have every word, then those with most of them"]
