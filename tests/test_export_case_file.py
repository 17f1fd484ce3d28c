"""Exports of the case file (every kind of pin, in every format), of outside knowledge (exported
with its note, never as an article) and of inferred dates (said to be inferred in the brief, JSON,
FtM and the search CSV)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model

from dossier.index.api import Snapshot, views
from dossier.index.corpus.articles import Corpus

ARTICLE_003 = "003_5a1a26e7ddca32af"
ARTICLE_004 = "004_e5b1709b295aaf7b"
GREETED = (
    "There, Kim was greeted with a red carpet by Natural Resources Minister Alexander Kozlov, Regional "
    "Governor Oleg Kozemayako, honor guards, and a military band."
)
CLAIM = views.Pin(
    "claim",
    "oleg-kozhemyako",
    "As regional governor, greeted Kim with a red carpet at the Russian border "
    "station alongside Minister Alexander Kozlov.",
    ARTICLE_003,
    GREETED,
)
PINS = [
    views.Pin("dossier", "kim-jong-un"),
    CLAIM,
    views.Pin("article", ARTICLE_003),
    views.Pin(
        "sentence",
        ARTICLE_004,
        "North Korea launched at least two ballistic missiles.",
        start=10,
        end=60,
    ),
]
WPK_NOTE = "General Secretary of the Workers' Party of Korea since 2021"


def valid_ftm(text: str) -> list[dict[str, Any]]:
    """Every line an entity FollowTheMoney accepts as it is, every reference to an entity of the
    export."""
    entities = [json.loads(line) for line in text.splitlines()]
    by_id = {e["id"]: e for e in entities}
    assert entities and len(by_id) == len(entities)
    for data in entities:
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data["schema"]
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.to_dict()["properties"] == data["properties"], data["id"]
        for prop in proxy.iterprops():
            if prop.type.name == "entity":
                for ref in proxy.get(prop):
                    assert ref in by_id and model.get(by_id[ref]["schema"]).is_a(prop.range), (
                        data["id"],
                        ref,
                    )
    return entities


def test_case_file_as_ftm_holds_every_pin(bench: Snapshot) -> None:
    entities = valid_ftm(views.export(bench, [], PINS, "ftm"))
    by_id = {e["id"]: e for e in entities}
    assert by_id["kim-jong-un"]["schema"] == "Person"  # the pinned dossier, in full
    assert by_id["kim-jong-un"]["properties"]["birthDate"] == ["1984"]
    assert by_id["oleg-kozhemyako"]["properties"] == {  # the pinned claim's dossier, by name
        "name": ["Oleg Kozhemyako"],
        "alias": list(bench.dossier("oleg-kozhemyako").aliases),
    }
    notes = {e["properties"]["name"][0]: e["properties"] for e in entities if e["schema"] == "Note"}
    assert notes["pinned claim"]["entity"] == ["oleg-kozhemyako"]
    assert notes["pinned claim"]["summary"] == [CLAIM.text]
    assert notes["pinned claim"]["description"][0].startswith(
        f"“{GREETED}” (Kim Jong-un and Vladimir Putin"
    )
    assert notes["pinned sentence"] == {
        "name": ["pinned sentence"],
        "entity": [f"article-{ARTICLE_004[:3]}-{ARTICLE_004[4:]}"],
        "description": [PINS[3].text],
    }
    articles = {e["properties"]["fileName"][0] for e in entities if e["schema"] == "Article"}
    assert {ARTICLE_003, ARTICLE_004} <= articles
    cited = [e["properties"] for e in entities if e["schema"] == "Documentation"]
    assert {
        "document": [f"article-003-{ARTICLE_003[4:]}"],
        "entity": ["oleg-kozhemyako"],
        "role": ["cited source"],
    } in cited


def test_case_file_as_json_and_markdown_hold_the_pinned_dossiers(bench: Snapshot) -> None:
    data = json.loads(views.export(bench, [], PINS, "json"))
    assert [d["id"] for d in data["dossiers"]] == ["kim-jong-un"]
    assert [p["kind"] for p in data["pins"]] == ["dossier", "claim", "article", "sentence"]
    assert {ARTICLE_003, ARTICLE_004} <= data["articles"].keys()
    brief = views.export(bench, [], PINS, "markdown")
    assert brief.startswith("# Brief: case file\n\n## Kim Jong Un (person)\n")
    assert (
        "- Dossier: Kim Jong Un (`kim-jong-un`)" in brief
        and f"- Claim on Oleg Kozhemyako: {CLAIM.text}" in brief
    )


def test_outside_relations_are_exported_with_their_note(bench: Snapshot) -> None:
    brief = views.export(bench, ["kim-jong-un"], [], "markdown")
    assert "*outside*" not in brief and "(`outside`)" not in brief
    line = next(
        x for x in brief.splitlines() if x.startswith("- leader of Workers' Party of Korea[^")
    )
    number = line.rsplit("[^", 1)[1].rstrip("]")
    assert next(x for x in brief.splitlines() if x.startswith(f"[^{number}]: ")).startswith(
        f"[^{number}]: outside knowledge: {WPK_NOTE}"
    )
    kim = json.loads(views.export(bench, ["kim-jong-un"], [], "json"))["dossiers"][0]
    leader = next(r for r in kim["relations"] if r["target"] == "workers-party-of-korea")
    assert (
        leader["outside"] is True and leader["note"].startswith(WPK_NOTE) and "source" not in leader
    )
    assert kim["outsideFields"]["birthDate"].startswith("Contested")
    met = next(r for r in kim["relations"] if r["type"] == "met_with")
    assert (
        met["source"] == ARTICLE_003 and "outside" not in met and met["outsideFields"]["startDate"]
    )
    entities = valid_ftm(views.export(bench, ["kim-jong-un", "workers-party-of-korea"], [], "ftm"))
    assert not [e for e in entities if "outside" in e["id"]]
    link = next(e for e in entities if e["properties"].get("director") == ["kim-jong-un"])
    assert link["properties"]["description"][0].startswith(f"outside knowledge: {WPK_NOTE}")


@pytest.fixture
def outside_claim(
    tmp_path: Path, copy_corpus: Callable[[Path], Corpus], write: Callable[[Corpus, str, str], Path]
) -> Snapshot:
    corpus = copy_corpus(tmp_path / "corpus")
    write(
        corpus,
        "person/ri-sol-ju.yaml",
        """
        type: person
        name: Ri Sol Ju
        claims:
        - text: Married to Kim Jong Un.
          source: outside
          note: "Public record (North Korean state media, 2012); no article names her."
        """,
    )
    return Snapshot.open(corpus, tmp_path / "index")


def test_an_outside_claim_and_its_pin(outside_claim: Snapshot) -> None:
    note = "Public record (North Korean state media, 2012); no article names her."
    pin = views.Pin("claim", "ri-sol-ju", "Married to Kim Jong Un.", "outside", note=note)
    brief = views.export(outside_claim, ["ri-sol-ju"], [pin], "markdown")
    assert (
        "- Married to Kim Jong Un.[^1]\n" in brief
        and "- Claim on Ri Sol Ju: Married to Kim Jong Un.[^1]" in brief
    )
    assert brief.endswith(f"## Sources\n\n[^1]: outside knowledge: {note}\n")
    data = json.loads(views.export(outside_claim, ["ri-sol-ju"], [pin], "json"))
    assert data["dossiers"][0]["claims"] == [
        {"text": "Married to Kim Jong Un.", "note": note, "disputed": False, "outside": True}
    ]
    assert (
        data["pins"][0]["outside"] is True
        and data["pins"][0]["note"] == note
        and data["articles"] == {}
    )
    entities = valid_ftm(views.export(outside_claim, ["ri-sol-ju"], [pin], "ftm"))
    assert [e["schema"] for e in entities] == ["Person", "Note"]  # no article for outside knowledge
    assert entities[0]["properties"]["notes"] == [
        f"Married to Kim Jong Un. [outside knowledge: {note}]"
    ]
    assert entities[1]["properties"]["description"] == [f"outside knowledge: {note}"]
    old = views.Pin(
        "claim", "ri-sol-ju", "Married to Kim Jong Un.", "outside"
    )  # pinned before pins kept notes
    only = valid_ftm(views.export(outside_claim, [], [old], "ftm"))
    assert only[-1]["properties"]["description"] == [f"outside knowledge: {note}"]


def test_inferred_dates_say_so(bench: Snapshot) -> None:
    brief = views.export(
        bench,
        [],
        [views.Pin("article", ARTICLE_004), views.Pin("article", ARTICLE_003)],
        "markdown",
    )
    assert ", 2023-09-13 (inferred) ≠ printed 2023-11-07 (`004_e5b1709b295aaf7b`)" in brief
    assert ", 2023-09-13 (inferred) (`003_5a1a26e7ddca32af`)" in brief
    articles = json.loads(views.export(bench, [], [views.Pin("article", ARTICLE_004)], "json"))[
        "articles"
    ]
    assert (
        articles[ARTICLE_004]["date_inferred"] is True
        and articles[ARTICLE_004]["printed_date"] == "2023-11-07"
    )
    assert articles[ARTICLE_004]["date_inferred_from"] == bench.article(ARTICLE_004).date_inferred
    article = valid_ftm(views.export(bench, [], [views.Pin("article", ARTICLE_004)], "ftm"))[0][
        "properties"
    ]
    assert article["publishedAt"] == ["2023-09-13"]
    assert article["notes"] == [
        f"publishedAt 2023-09-13 is inferred, not printed: "
        f"{bench.article(ARTICLE_004).date_inferred}",
        "the article prints the date 2023-11-07",
    ]


def test_search_csv_says_which_dates_are_inferred(capsys, run) -> None:
    _, out, _ = run(capsys, "search", "ballistic missiles", "--format", "csv", "--limit", "20")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert (
        rows[ARTICLE_004]["date"],
        rows[ARTICLE_004]["date_inferred"],
        rows[ARTICLE_004]["printed_date"],
    ) == ("2023-09-13", "true", "2023-11-07")
    dossier = next(r for r in rows.values() if r["kind"] == "dossier")
    assert (dossier["date_inferred"], dossier["printed_date"]) == ("", "")


async def test_case_file_e_and_E_in_the_app(
    bench: Snapshot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settle
) -> None:
    """C then E writes every pin as FtM (it wrote an empty file), and the message names the file on
    its own line."""
    from textual.message import Message
    from textual.notifications import Notify

    from dossier.index.views.pins import DATA_ROOT_ENV
    from dossier.tui.app import DossierApp

    monkeypatch.setenv(DATA_ROOT_ENV, str(tmp_path / "data"))
    for pin in PINS:
        views.pins(bench).add(pin)
    notes: list[str] = []

    def hook(message: Message) -> None:
        if isinstance(message, Notify):
            notes.append(message.notification.message)

    app = DossierApp(bench)
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await settle(pilot)
        await pilot.press("escape", "C")
        await settle(pilot)
        await pilot.press("E")
        title, name, folder = notes[-1].split("\n")
        exports = tmp_path / "data" / "exports"
        assert (title, folder) == (
            "Case file (4 pins) exported as FollowTheMoney:",
            f"in {exports}",
        )
        assert name.startswith("case-file-") and name.endswith(".ftm.json")
        entities = valid_ftm((exports / name).read_text(encoding="utf-8"))
        assert {"kim-jong-un", "oleg-kozhemyako"} <= {e["id"] for e in entities}
        assert [e["properties"]["name"][0] for e in entities if e["schema"] == "Note"] == [
            "pinned claim",
            "pinned sentence",
        ]
