"""Entity linking: mentions with offsets, entity: filters, alias expansion, and `dossier
show`/`check`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from dossier.index.api import Snapshot
from dossier.index.text.linking import Linker, Mention

KOZ_ARTICLE = "003_5a1a26e7ddca32af"

ALL_ARTICLES = {path.stem for path in (Path(__file__).parent.parent / "seeds").glob("*.txt")}


@dataclass
class Entity:
    id: str
    names: tuple[str, ...]
    type: str = "place"


def test_longest_name_wins_and_acronyms_need_capitals() -> None:
    linker = Linker([Entity("kim", ("Kim Jong Un", "Kim")), Entity("un", ("United Nations", "UN"))])
    text = "Kim Jong Un met UN envoys; Kim left. The un-named Un."
    assert linker.mentions(text) == [
        Mention("kim", 0, 11),
        Mention("un", 16, 18),
        Mention("kim", 27, 30),
    ]


def test_names_inside_longer_names_are_mentions_too() -> None:
    linker = Linker(
        [
            Entity("plant", ("Komsomolsk-on-Amur Aircraft Plant",)),
            Entity("city", ("Komsomolsk-on-Amur",)),
            Entity("kim", ("Kim Jong Un", "Kim")),
        ]
    )
    text = "Kim Jong Un toured the Komsomolsk-on-Amur Aircraft Plant."
    assert linker.mentions(text) == [
        Mention("kim", 0, 11),
        Mention("plant", 23, 56),
        Mention("city", 23, 41),
    ]
    assert linker.mentions(text, nested=False) == [Mention("kim", 0, 11), Mention("plant", 23, 56)]


def test_a_same_type_name_ending_a_longer_name_is_its_head_not_a_mention() -> None:
    linker = Linker(
        [
            Entity("north", ("Democratic People's Republic of Korea",)),
            Entity("south", ("Republic of Korea",)),
            Entity(
                "jcs",
                ("Joint Chiefs of Staff of South Korea", "South Korean Joint Chiefs of Staff"),
                "organization",
            ),
            Entity("south-korea", ("South Korea", "South Korean")),
        ]
    )
    text = "The Democratic People's Republic of Korea and the Republic of Korea."
    assert linker.mentions(text) == [Mention("north", 4, 41), Mention("south", 50, 67)]
    text = "Joint Chiefs of Staff of South Korea; South Korean Joint Chiefs of Staff."
    assert linker.mentions(text) == [
        Mention("jcs", 0, 36),
        Mention("south-korea", 25, 36),
        Mention("jcs", 38, 72),
        Mention("south-korea", 38, 50),
    ]


def test_a_name_shared_by_two_dossiers_links_to_neither() -> None:
    linker = Linker([Entity("a", ("Kim", "Kim Il Sung")), Entity("b", ("Kim", "Kim Jong Il"))])
    assert linker.mentions("Kim met Kim Jong Il.") == [Mention("b", 8, 19)]


def test_misspelt_name_is_linked_with_exact_offsets(bench: Snapshot) -> None:
    body = bench.article(KOZ_ARTICLE).body
    mentions = [m for m in bench.entities_in(KOZ_ARTICLE) if m.entity == "oleg-kozhemyako"]
    assert [body[m.start : m.end] for m in mentions] == ["Oleg Kozemayako"]
    choe = [
        body[m.start : m.end] for m in bench.entities_in(KOZ_ARTICLE) if m.entity == "choe-son-hui"
    ]
    assert choe == ["Cho Sun-hui"]


def test_dossier_knows_its_mentions_with_sentences(bench: Snapshot) -> None:
    [mention] = bench.mentions_of("oleg-kozhemyako")
    assert mention.article_id == KOZ_ARTICLE
    assert mention.sentence_text == (
        "There, Kim was greeted with a red carpet by Natural Resources Minister Alexander Kozlov, "
        "Regional Governor Oleg Kozemayako, honor guards, and a military band."
    )
    start, end = mention.span_in_sentence
    assert mention.sentence_text[start:end] == "Oleg Kozemayako"
    assert {m.article_id for m in bench.mentions_of("kim-jong-un")} == ALL_ARTICLES


def test_entity_filter(bench: Snapshot, article_ids) -> None:
    assert article_ids(bench, "entity:oleg-kozhemyako") == {KOZ_ARTICLE}
    assert article_ids(bench, "entity:khasan") == {"004_e5b1709b295aaf7b"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kozhemyako", {KOZ_ARTICLE}),  # the article spells it Kozemayako
        ("Choe Son Hui", {KOZ_ARTICLE}),  # the article says Cho Sun-hui
        ("Ким Чен Ын", ALL_ARTICLES),
        ('"Kim Jong-un" Khasan', {"004_e5b1709b295aaf7b"}),
    ],
)
def test_alias_expansion(bench: Snapshot, query: str, expected: set[str], article_ids) -> None:
    assert article_ids(bench, query) == expected


def test_alias_expansion_highlights_the_other_spelling(bench: Snapshot) -> None:
    hit = next(h for h in bench.search("Kozhemyako").hits if h.id == KOZ_ARTICLE)
    assert "Oleg Kozemayako" in {hit.snippet.text[s:e] for s, e in hit.snippet.spans}


@pytest.mark.parametrize(
    ("query", "dossier"),
    [
        ("Peskov", "dmitry-peskov"),
        ("Khasan", "khasan"),
        ("Путин", "vladimir-putin"),
        ("TASS", "tass"),
    ],
)
def test_dossier_ranks_first_for_its_own_name(bench: Snapshot, query: str, dossier: str) -> None:
    assert bench.search(query).hits[0].id == dossier


def test_links_both_directions(bench: Snapshot) -> None:
    incoming = {
        (link.other, link.relation.type) for link in bench.links("kim-jong-un") if link.incoming
    }
    assert ("oleg-kozhemyako", "greeted") in incoming
    outgoing = {
        (link.other, link.relation.type)
        for link in bench.links("oleg-kozhemyako")
        if not link.incoming
    }
    assert ("kim-jong-un", "greeted") in outgoing
    labels = {(link.other, link.label) for link in bench.links("north-korea")}
    assert ("kim-jong-un", "led by") in labels


def test_resolve_by_id_name_alias_and_script(bench: Snapshot) -> None:
    for name in ("kim-jong-un", "Kim Jong Un", "kim jong-un", "Ким Чен Ын", "김정은"):
        assert bench.resolve(name).id == "kim-jong-un", name
    assert bench.resolve("Kim Jong Nam") is None


def test_show_text(capsys, run) -> None:
    code, out, _ = run(capsys, "show", "Kozemayako")
    assert code == 0
    assert out.startswith("Oleg Kozhemyako  (person, oleg-kozhemyako)\nalso: ")
    assert "  -> greeted Kim Jong Un (2023-09-12, outside)  [003_5a1a26e7ddca32af]" in out
    assert "Mentions (1)\n  003_5a1a26e7ddca32af: There, Kim was greeted" in out
    assert "[Oleg Kozemayako]" in out


def test_show_json(capsys, run) -> None:
    code, out, _ = run(capsys, "show", "Ким Чен Ын", "--json")
    data = json.loads(out)
    assert code == 0 and data["id"] == "kim-jong-un" and data["type"] == "person"
    assert {
        "direction": "incoming",
        "other": "oleg-kozhemyako",
        "type": "greeted",
        "source": KOZ_ARTICLE,
    } in data["links"]
    assert {m["article"] for m in data["mentions"]} == ALL_ARTICLES
    assert all(c["quote"] and c["source"] for c in data["claims"])


def test_show_unknown_suggests(capsys, run) -> None:
    assert run(capsys, "show", "Peskof") == (
        1,
        "",
        "dossier: no dossier or article named 'Peskof'; did you mean: Dmitry Peskov?\n",
    )


def test_check_clean_on_the_project(capsys, run) -> None:
    code, out, _ = run(capsys, "check")
    assert code == 0 and out.endswith(": no problems\n") and out.count("\n") == 1


def test_check_reports_and_exits_1(capsys, tmp_path: Path, copy_corpus, run) -> None:
    corpus = copy_corpus(tmp_path)
    broken = corpus.dossiers_dir / "place" / "khasan.yaml"
    broken.write_text("type: place\nname: Khasan\nlattitude: 42.4\n")
    code, out, err = run(capsys, "check", "--corpus", str(corpus.root))
    assert code == 1
    assert f"{broken}:3:1: unknown field 'lattitude'" in out.splitlines()
    assert err.endswith(" problem\n") or err.endswith(" problems\n")


def test_broken_dossier_does_not_stop_the_others(tmp_path: Path, copy_corpus) -> None:
    corpus = copy_corpus(tmp_path)
    broken = corpus.dossiers_dir / "person" / "dmitry-peskov.yaml"
    broken.write_text("type: person\nname: [unclosed\n")
    bench = Snapshot.open(corpus, tmp_path / "ix")
    assert [str(p) for p in bench.problems] == [
        f"{broken}:3:1: YAML syntax error: did not find expected ',' or ']'"
    ]
    assert bench.dossier("dmitry-peskov") is None
    assert bench.search("Kozhemyako").hits[0].id == "oleg-kozhemyako"


def spans_of(bench: Snapshot, article_id: str, entity: str) -> list[str]:
    body = bench.article(article_id).body
    return [body[m.start : m.end] for m in bench.entities_in(article_id) if m.entity == entity]


def test_republic_of_korea_inside_the_dprk_is_not_south_korea(bench: Snapshot, article_ids) -> None:
    assert "Democratic People’s Republic of Korea" in bench.article("004_e5b1709b295aaf7b").body
    assert spans_of(bench, "004_e5b1709b295aaf7b", "south-korea") == []
    assert article_ids(bench, "entity:south-korea") == {
        "001_5859987bf54530fd",
        "002_9988d65b17898380",
        KOZ_ARTICLE,
    }


def test_south_korean_joint_chiefs_of_staff_links_both(bench: Snapshot) -> None:
    assert spans_of(bench, KOZ_ARTICLE, "south-korea-joint-chiefs-of-staff") == [
        "South Korean Joint Chiefs of Staff",
        "Joint Chiefs of Staff of South Korea",
    ]
    assert spans_of(bench, KOZ_ARTICLE, "south-korea") == ["South Korean", "South Korea"]


def test_multi_word_references_link_the_war(bench: Snapshot, article_ids) -> None:
    war = "russian-invasion-of-ukraine"
    assert spans_of(bench, "001_5859987bf54530fd", war) == [
        "conflict in Ukraine",
        "invasion of Ukraine",
        "conflict in Ukraine",
    ]
    assert spans_of(bench, KOZ_ARTICLE, war) == [
        "war against Ukraine",
        "military campaign against Ukraine",
    ]
    assert spans_of(bench, "004_e5b1709b295aaf7b", war) == ["conflict in Ukraine"]
    assert (
        spans_of(bench, KOZ_ARTICLE, "ukraine") == ["Ukraine"] * 3
    )  # the country inside stays linked
    assert article_ids(bench, f"entity:{war}") == {
        "001_5859987bf54530fd",
        KOZ_ARTICLE,
        "004_e5b1709b295aaf7b",
    }


def test_washington_is_the_united_states(bench: Snapshot) -> None:
    assert spans_of(bench, "004_e5b1709b295aaf7b", "united-states") == ["Washington"]


def test_sentences_do_not_end_at_u_s(bench: Snapshot) -> None:
    sentences = {
        m.sentence_text
        for m in bench.mentions_of("united-states")
        if m.article_id == "002_9988d65b17898380"
    }
    assert (
        "Both nations sharе concеrns about rеgional sеcurity, particularly thе prеsеncе of U. S. military "
        "forcеs in South Korеa and Japan." in sentences
    )
    assert all(not s.endswith(("U.", "S.")) for s in sentences)
