"""``dossier check``'s rules that keep the dossiers saying only what their quotes say: exact
messages, on copies of the real dossiers put back the way they were, and on small made-up ones."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from dossier.index.corpus.articles import Corpus
from dossier.index.dossiers.check import check_corpus
from dossier.index.dossiers.support import date_in

A001, A003, A004 = "001_5859987bf54530fd", "003_5a1a26e7ddca32af", "004_e5b1709b295aaf7b"
GREETED = (
    "There, Kim was greeted with a red carpet by Natural Resources Minister Alexander Kozlov, Regional "
    "Governor Oleg Kozemayako, honor guards, and a military band."
)
WPK_QUOTE = (
    "Kim expressed that his visit demonstrates the priority given by the Workers’ Party of Korea (WPK) and "
    "the Democratic People’s Republic of Korea (DPRK) to the strategic significance of DPRK-Russia relations."
)


@pytest.fixture
def corpus(tmp_path: Path, copy_corpus: Callable[[Path], Corpus]) -> Corpus:
    return copy_corpus(tmp_path)


def problems(corpus: Corpus) -> list[str]:
    return [str(problem) for problem in check_corpus(corpus)[1]]


def change(corpus: Corpus, rel: str, old: str, new: str) -> tuple[Path, str]:
    """Replace ``old`` (which must be there once) in a dossier; the file and its new text."""
    path = corpus.dossiers_dir / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_the_shipped_dossiers_pass_every_rule(real_corpus: Corpus) -> None:
    assert problems(real_corpus) == []


# -- the fixed dossiers, put back the way they were
# -------------------------------------------------------


def test_kozhemyako_does_not_lead_primorye_by_the_quote(corpus: Corpus) -> None:
    old = (
        '  source: outside\n  note: "Governor of Primorsky Krai since 2018 (public record). Article 003 calls him '
        "only 'Regional Governor' and does not name the region.\"\n"
    )
    path, text = change(
        corpus, "person/oleg-kozhemyako.yaml", old, f'  source: {A003}\n  quote: "{GREETED}"\n'
    )
    line = line_of(text, "target: primorye") + 2
    assert problems(corpus) == [
        f"{path}:{line}:10: relations[1].quote: does not say that Oleg Kozhemyako leads Primorsky Krai (a title and "
        "its name): cite a sentence that does, or write source: outside with a note"
    ]


def test_kim_does_not_lead_the_party_by_the_quote(corpus: Corpus) -> None:
    path = corpus.dossiers_dir / "person" / "kim-jong-un.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  source: outside\n", text.index("target: workers-party-of-korea"))
    end = text.index("\n- type:", start) + 1
    text = text[:start] + f'  source: {A004}\n  quote: "{WPK_QUOTE}"\n' + text[end:]
    path.write_text(text, encoding="utf-8")
    line = line_of(text, "target: workers-party-of-korea") + 2
    assert problems(corpus) == [
        f"{path}:{line}:10: relations[1].quote: does not say that Kim Jong Un leads Workers' Party of Korea (a title "
        "and its name): cite a sentence that does, or write source: outside with a note"
    ]


def test_outside_knowledge_must_say_so(corpus: Corpus) -> None:
    path = corpus.dossiers_dir / "person" / "kim-jong-un.yaml"
    text = path.read_text(encoding="utf-8")
    # unmark the summary, the contested birth year and the date of the meeting with Putin
    marked = ("  summary:", "  birthDate:")
    text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith(marked))
    met = text.index("target: vladimir-putin")
    block = text.index("  outside:\n", met)
    text = text[:block] + text[text.index("\n", text.index("\n", block) + 1) + 1 :]
    path.write_text(text, encoding="utf-8")
    assert problems(corpus) == [
        f"{path}:{line_of(text, 'summary:')}:10: summary: 2011, 2024, 2023-09-13: in no article this dossier "
        "cites: say where the summary's facts come from (outside: {summary: ...})",
        f"{path}:{line_of(text, 'birthDate:')}:12: birthDate: '1984' is in no quote of this dossier: say where it "
        "comes from (outside: {birthDate: ...})",
        f"{path}:{line_of(text, 'target: vladimir-putin') + 1}:14: relations[2].startDate: '2023-09-13' is not in "
        "the quote: say where it comes from (outside: {startDate: ...})",
    ]


def test_disputed_only_where_another_article_disagrees(corpus: Corpus) -> None:
    old = '- text: "Kim arrived in the Russian Far East on Tuesday by private train."\n'
    path, text = change(corpus, "event/kim-jong-un-visit-to-russia-2023.yaml", old, old)
    quote_line = line_of(text, 'quote: "Kim Jong Un arrived in the Russian Far East')
    text = text.replace('via a private train."\n', 'via a private train."\n  disputed: true\n', 1)
    path.write_text(text, encoding="utf-8")
    assert problems(corpus) == [
        f"{path}:{quote_line + 1}:13: claims[0].disputed: no claim here from another article disputes it: "
        "disputed: true is for sources that disagree (say more in note)"
    ]


def test_organisations_lead_to_their_country(corpus: Corpus) -> None:
    old = (
        'relations:\n- type: located_in\n  target: united-states\n  source: outside\n  note: "Bloomberg L.P. is '
        'headquartered in New York (public record); article 001 does not say."\n'
    )
    path, text = change(corpus, "organization/bloomberg.yaml", old, "")
    assert problems(corpus) == [
        f"{path}:{line_of(text, 'jurisdiction:')}:15: jurisdiction: 'us', but no "
        "located_in or part_of relation leads to United States"
    ]


def test_places_lead_to_the_region_they_name(corpus: Corpus) -> None:
    old = (
        'relations:\n- type: located_in\n  target: primorye\n  source: outside\n  note: "Khasan lies in '
        "Khasansky District of Primorsky Krai (public record); article 004 names only 'a train station in "
        "Khasan'.\"\n"
    )
    path, text = change(corpus, "place/khasan.yaml", old, "")
    assert problems(corpus) == [
        f"{path}:{line_of(text, 'region:')}:9: region: 'Primorsky Krai', but no "
        "located_in relation leads to Primorsky Krai"
    ]


def test_the_gagarin_plant_is_part_of_uac(corpus: Corpus) -> None:
    path = corpus.dossiers_dir / "organization" / "yury-gagarin-aviation-plant.yaml"
    text = path.read_text(encoding="utf-8")
    text = text[: text.index("- type: part_of")] + text[text.index("claims:") :]
    path.write_text(text, encoding="utf-8")
    assert problems(corpus) == [
        f"{path}:{line_of(text, 'summary:')}:10: summary: names United Aircraft Corporation, but no relation links "
        "the two",
        f"{path}:{line_of(text, 'jurisdiction:')}:15: jurisdiction: 'ru', but no located_in or part_of relation "
        "leads to Russia",
    ]


# -- the rules on small dossiers
# ----------------------------------------------------------------------------


def write_dossier(corpus: Corpus, rel: str, text: str) -> Path:
    path = corpus.dossiers_dir / rel
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def test_a_relation_needs_a_quote_or_an_outside_note(corpus: Corpus) -> None:
    path = write_dossier(
        corpus,
        "person/a.yaml",
        f"""
        type: person
        name: A Person
        relations:
          - {{type: met_with, target: kim-jong-un}}
          - {{type: met_with, target: kim-jong-un, source: outside}}
          - {{type: met_with, target: kim-jong-un, source: outside, note: N, quote: Q}}
          - {{type: met_with, target: kim-jong-un, source: outside, note: Seen on TV.}}
          - {{type: met_with, target: kim-jong-un, source: {A003}, quote: "{GREETED}", outside: {{startDate: x}}}}
        claims:
          - {{text: Born somewhere., source: outside}}
        """,
    )
    unquoted = f"type: person\nname: B\nclaims: [{{text: No., source: {A003}}}]\n"
    unloadable = write_dossier(corpus, "person/b.yaml", unquoted)
    assert problems(corpus) == [
        f"{path}:4:5: relations[0]: met_with kim-jong-un: no quote: cite the sentence that supports it, or write "
        "source: outside with a note",
        f"{path}:5:51: relations[1].source: source: outside needs a note saying where it comes from",
        f"{path}:6:76: relations[2].quote: an outside item cites no quote (source: outside)",
        f"{path}:8:263: relations[4].outside.startDate: no 'startDate' here to come from outside",
        f"{path}:10:37: claims[0].source: source: outside needs a note saying where it comes from",
        f"{unloadable}:3:10: claims[0]: missing required field 'quote'",
    ]


def test_a_quoted_relation_names_its_target_or_says_how(corpus: Corpus) -> None:
    kremlin = "Dmitry Peskov, the Kremlin’s spokesperson, had previously mentioned"
    path = write_dossier(
        corpus,
        "person/a.yaml",
        f"""
        type: person
        name: A Person
        relations:
          - {{type: greeted, target: vladimir-putin, source: {A003}, quote: "{GREETED}"}}
          - {{type: greeted, target: vladimir-putin, source: {A003}, quote: "{GREETED}", note: The host was Putin.}}
          - {{type: spokesperson_for, target: kremlin, source: {A003}, quote: "{kremlin}"}}
          - {{type: spokesperson_for, target: kremlin, source: {A003}, quote: "{GREETED}", note: N}}
        """,
    )
    assert problems(corpus) == [
        f"{path}:4:82: relations[0].quote: does not name Vladimir Putin: cite a sentence that does, or say in note "
        "how it supports the relation",
        f"{path}:7:84: relations[3].quote: does not say that A Person speaks for Kremlin (a title and its name): "
        "cite a sentence that does, or write source: outside with a note",
    ]


@pytest.mark.parametrize(
    ("date", "text", "written"),
    [
        ("2000", "the first being in 2000.", True),
        ("2000-07-19", "the first being in 2000.", False),
        ("2023-09", "in September 2023 he", True),
        ("2023-09-13", "on 13 September 2023", True),
        ("2023-09-13", "on Sept. 13, 2023", True),
        ("2023-09-13", "On Wednesday", False),
        ("2023-09-13", "13 September 2024", False),
        ("2024-06-18", "dated 2024-06-18", True),
    ],
)
def test_a_date_is_written_at_its_precision(date: str, text: str, written: bool) -> None:
    assert date_in(date, text) is written


def test_a_day_in_a_summary_is_in_a_cited_article_or_marked(corpus: Corpus) -> None:
    path = write_dossier(
        corpus,
        "person/a.yaml",
        f"""
        type: person
        name: A Person
        summary: "Greeted Kim on 12 September 2023."
        claims:
          - {{text: Greeted Kim., source: {A003}, quote: "{GREETED}"}}
        """,
    )
    assert problems(corpus) == [
        f"{path}:3:10: summary: 2023, 2023-09-12: in no article this dossier cites: say where the summary's facts come "
        "from (outside: {summary: ...})"
    ]
