"""Unlinked names: capitalised names and acronyms the articles use that no dossier covers, without
the words that are capitalised for other reasons (I, The, Russian, Mr), found once per state of the
index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.index.api import Snapshot, views
from dossier.index.corpus.articles import Corpus
from dossier.index.views import unlinked
from dossier.index.views.unlinked import UnlinkedName, name_spans, unlinked_names
from dossier.index.views.unlinked_cache import CACHE_FILE

#: Shaped like the BBC articles that showed the noise: function words opening sentences and quotes,
#: "I" mid- sentence, demonyms, compass words, honorifics and titles before names, a surname after
#: the full name.
ARTICLES = {
    "politics_001": (
        "Blair meets Gazprom chiefs\n\n"
        "I think the talks went well, said one aide, and I agree. The Russian officials met Prime Minister Tony "
        'Blair in London on Tuesday. Mr Blair said: "We are ready to talk to Gazprom." It was there that '
        "Western diplomats saw President Putin.\n"
    ),
    "politics_002": (
        "Gazprom deal\n\n"
        "Russian officials said the Western sanctions hurt. Mr Blair left early. Officials from Gazprom came, "
        "and later there were more officials. The North Korean envoy stayed.\n"
    ),
}
PUTIN = 'type: person\nname: Vladimir Putin\naliases: ["Putin"]\n'


@pytest.fixture
def shaped(tmp_path: Path) -> Corpus:
    """A corpus of the two articles above and one dossier (Vladimir Putin)."""
    seeds = tmp_path / "corpus" / "seeds"
    seeds.mkdir(parents=True)
    for article_id, text in ARTICLES.items():
        (seeds / f"{article_id}.txt").write_text(text, encoding="utf-8")
    person = tmp_path / "corpus" / "dossiers" / "person"
    person.mkdir(parents=True)
    (person / "vladimir-putin.yaml").write_text(PUTIN, encoding="utf-8")
    return Corpus(tmp_path / "corpus")


def spans_text(
    text: str, linked: tuple[tuple[int, int], ...] = (), common: frozenset[str] = frozenset()
) -> list[str]:
    return [text[a:b] for a, b in name_spans(text, linked, common)]


def test_runs_of_capitalised_words_with_connectors_and_acronyms() -> None:
    text = (
        "Inspectors of the IAEA met the Joint Chiefs of Staff and the Soviet Union’s envoy in Vienna on Monday; "
        "later the Bank of the Philippine Islands."
    )
    assert spans_text(text, common=frozenset({"inspectors"})) == [
        "IAEA",
        "Joint Chiefs of Staff",
        "Soviet Union",
        "Vienna",
        "Bank of the Philippine Islands",
    ]


def test_sentence_openers_common_words_and_linked_names_are_left_out() -> None:
    text = "There, Governor Oleg Kozemayako met Iran's envoy. - Both sides agreed."
    linked = ((text.index("Oleg"), text.index(" met")),)
    assert spans_text(text, linked, frozenset({"there"})) == ["Iran"]  # "Both": a function word


def test_function_words_demonyms_and_titles_are_not_names() -> None:
    text = (
        'I said the US and I agree. He said: "We will." The Russian and North Korean envoys, Western '
        "states, Mr Blair, Prime Minister Tony Blair, Industry Secretary Patricia Hewitt and Secretary of State "
        "Colin Powell met in Vienna; the PC I use."
    )
    assert spans_text(text) == [
        "US",
        "Blair",
        "Tony Blair",
        "Patricia Hewitt",
        "Colin Powell",
        "Vienna",
        "PC",
    ]


def test_counts_fold_spellings_and_keep_contexts() -> None:
    articles = [
        ("a1", "Title Line\nThe USSR fell. Later the USSR was gone.\n", []),
        ("a2", "Title\nIn the ＵＳＳＲ (full width) and the USSR again. According to Iran.\n", []),
        ("a3", "T\nAccording to TASS, Iran agreed.\n", []),
    ]
    found = unlinked_names(articles)
    assert [(n.name, n.count) for n in found] == [("USSR", 4), ("Iran", 2), ("TASS", 1)]
    first = found[0].contexts[0]
    assert (first.article_id, first.sentence, first.sentence[slice(*first.span)]) == (
        "a1",
        "The USSR fell.",
        "USSR",
    )
    assert [n.name for n in unlinked_names(articles, min_count=2)] == ["USSR", "Iran"]


def test_real_shaped_articles(shaped: Corpus, tmp_path: Path) -> None:
    """Only the names: Tony Blair (with both Mr Blairs: one after his full name in the article, one
    in the other article), Gazprom (not in the titles) and London; Putin has a dossier."""
    bench = Snapshot.open(shaped, tmp_path / "index")
    found = views.unlinked_names(bench)
    assert [(n.name, n.count) for n in found] == [("Tony Blair", 3), ("Gazprom", 2), ("London", 1)]
    blair = found[0]
    assert [(c.article_id, c.sentence[slice(*c.span)]) for c in blair.contexts] == [
        ("politics_001", "Tony Blair"),
        ("politics_001", "Blair"),
        ("politics_002", "Blair"),
    ]
    assert blair.contexts[1].sentence.startswith('Mr Blair said: "We are ready')


def test_real_seeds(bench: Snapshot) -> None:
    found = {n.name: n for n in views.unlinked_names(bench)}
    assert found.keys() == {"Northeast Asia", "Asia-Pacific"}
    # names of dossiers (Kozemayako, TASS, Vostochny; Iran, Soviet and the Launch Vehicle Assembly
    # Building, once issue 7 added them), headings ("Economic Cooperation"), demonyms (Russian,
    # North Korean, the North Korеan-Russian with a Cyrillic е) and compass words (Western, West)
    # are not there
    northeast = found["Northeast Asia"].contexts[0]
    assert "Northeast Asia" in northeast.sentence and found["Northeast Asia"].count == 2


def test_found_once_per_index_state(
    shaped: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second call, and a new workbench on the same index, read the names kept beside the index;
    so does one after a change that leaves the articles and their links as they were (a dossier's
    summary); a new article has them found again."""
    calls: list[int] = []
    real = unlinked.UnlinkedFinder.names

    def counted(self: unlinked.UnlinkedFinder, min_count: int = 1) -> list[unlinked.UnlinkedName]:
        calls.append(min_count)
        return real(self, min_count)

    monkeypatch.setattr(unlinked.UnlinkedFinder, "names", counted)
    bench = Snapshot.open(shaped, tmp_path / "index")
    first = views.unlinked_names(bench)
    assert (
        views.unlinked_names(bench) == first
        and views.unlinked_names(bench, min_count=2) == first[:2]
    )
    assert views.unlinked_names(Snapshot.open(shaped, tmp_path / "index")) == first
    assert len(calls) == 1
    putin = shaped.dossiers_dir / "person" / "vladimir-putin.yaml"
    putin.write_text(PUTIN + "summary: President of Russia.\n", encoding="utf-8")
    changed = Snapshot.open(shaped, tmp_path / "index")
    assert changed.backend.engine.state() != bench.backend.engine.state()
    assert views.unlinked_names(changed) == first and len(calls) == 1
    (shaped.seeds_dir / "politics_003.txt").write_text(
        "Later\n\nOfficials met Ofcom in Leeds.\n", encoding="utf-8"
    )
    again = views.unlinked_names(Snapshot.open(shaped, tmp_path / "index"))
    assert len(calls) == 2 and {"Ofcom", "Leeds"} <= {n.name for n in again}
    (shaped.dossiers_dir / "organization").mkdir()
    (shaped.dossiers_dir / "organization" / "gazprom.yaml").write_text(
        "type: organization\nname: Gazprom\n", encoding="utf-8"
    )
    linked = views.unlinked_names(
        Snapshot.open(shaped, tmp_path / "index")
    )  # the articles are linked to it now
    assert len(calls) == 3 and "Gazprom" not in {n.name for n in linked}


def test_a_damaged_cache_is_found_again(shaped: Corpus, tmp_path: Path) -> None:
    bench = Snapshot.open(shaped, tmp_path / "index")
    first = views.unlinked_names(bench)
    cache = next((tmp_path / "index").glob(f"*/{CACHE_FILE}"))
    cache.write_text('{"version": 4, "state": "', encoding="utf-8")
    assert views.unlinked_names(Snapshot.open(shaped, tmp_path / "index")) == first
    state = json.loads(cache.read_text(encoding="utf-8"))["state"]
    cache.write_text(
        json.dumps({"version": 4, "state": state, "names": [["Gazprom", 2, [["a", "s", 0]]]]})
    )
    assert views.unlinked_names(Snapshot.open(shaped, tmp_path / "index")) == first
    assert json.loads(cache.read_text(encoding="utf-8"))["names"][0][0] == "Tony Blair"  # rewritten


def test_cli_lists_names_counts_and_articles(shaped: Corpus, capsys, run) -> None:
    code, out, _ = run(capsys, "unlinked", "--corpus", str(shaped.root))
    assert code == 0 and out == (
        "Tony Blair  3  politics_001, politics_002\n"
        "Gazprom     2  politics_001, politics_002\n"
        "London      1  politics_001\n"
    )
    code, out, _ = run(capsys, "unlinked", "--corpus", str(shaped.root), "--limit", "1", "--json")
    assert code == 0 and json.loads(out) == [
        {"name": "Tony Blair", "count": 3, "articles": ["politics_001", "politics_002"]}
    ]


def test_cli_says_when_there_is_none(tmp_path: Path, capsys, run) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("Title\n\nthe talks went well.\n", encoding="utf-8")
    code, out, err = run(capsys, "unlinked", "--corpus", str(tmp_path))
    assert (code, out, err) == (0, "", "no unlinked names: every capitalised name has a dossier\n")
    assert run(capsys, "unlinked", "--corpus", str(tmp_path), "--json")[1] == "[]\n"


def test_cli_text_marks_names_seen_in_more_articles_than_listed() -> None:
    from dossier.tui.text_report import format_unlinked

    names = [
        UnlinkedName("US", 12, (("a1", "The US said.", 4, 6), ("a1", "US and UK.", 0, 2))),
        UnlinkedName("Ofcom", 4, tuple((f"a{i}", "Ofcom.", 0, 5) for i in range(4))),
    ]
    assert format_unlinked(names) == "US     12  a1, …\nOfcom   4  a0, a1, a2, …"


def test_possessives_end_a_name_and_hyphenated_adjectives_are_not_names() -> None:
    text = "He bought Microsoft's Xbox in a UK-based shop and US-led Britons cheered Tony Blair's Labour."
    assert spans_text(text) == ["Microsoft", "Xbox", "Tony Blair", "Labour"]
