"""Exports: a Markdown brief with footnoted quotes, JSON, and FollowTheMoney entities validated by
the real ``followthemoney`` package."""

from __future__ import annotations

import json

import pytest
from followthemoney import model

from dossier.index.api import Snapshot, UnknownDossier, views
from dossier.index.views.export import _md

ARTICLE_003 = "003_5a1a26e7ddca32af"
SENTENCE = views.Pin(
    "sentence",
    "004_e5b1709b295aaf7b",
    "North Korea launched at least two ballistic missiles.",
    start=10,
    end=60,
)


def test_markdown_brief_cites_quotes_as_footnotes(bench: Snapshot) -> None:
    brief = views.export(bench, ["Kozhemyako"], [SENTENCE], "markdown")
    assert brief.startswith("# Brief: Oleg Kozhemyako\n")
    assert "## Oleg Kozhemyako (person)" in brief
    claim = bench.dossier("oleg-kozhemyako").claims[0]
    line = next(line for line in brief.splitlines() if line.startswith(f"- {_md(claim.text)}"))
    number = line.split("[^")[1].split("]")[0]
    footnote = next(line for line in brief.splitlines() if line.startswith(f"[^{number}]: "))
    title = bench.article(claim.source).title
    assert (
        f"“{_md(claim.quote)}”" in footnote and _md(title) in footnote and claim.source in footnote
    )
    assert (
        "## Pinned" in brief
        and "Sentence: “North Korea launched at least two ballistic missiles.”" in brief
    )


def test_markdown_escapes_corpus_text() -> None:
    assert _md("*bold* [link](x) `code` <b>") == r"\*bold\* \[link\](x) \`code\` \<b\>"


def test_json_export(bench: Snapshot) -> None:
    data = json.loads(views.export(bench, ["khasan", "kim-jong-un"], [SENTENCE], "json"))
    assert [d["id"] for d in data["dossiers"]] == ["khasan", "kim-jong-un"]
    khasan = data["dossiers"][0]
    assert khasan["latitude"] == 42.43 and khasan["type"] == "place" and "path" not in khasan
    kim = data["dossiers"][1]
    assert kim["relations"][2]["startDate"] == "2023-09-13" and kim["birthDate"] == "1984"
    assert data["pins"] == [SENTENCE.to_json()]
    assert data["articles"][ARTICLE_003]["title"].startswith("Kim Jong-un and Vladimir Putin")


def test_unknown_dossier_is_an_error_with_suggestions(bench: Snapshot) -> None:
    with pytest.raises(
        UnknownDossier, match=r"no dossier named 'Kozhemyakko'; did you mean: Oleg Kozhemyako"
    ):
        views.export(bench, ["Kozhemyakko"], [], "json")
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        views.export(bench, ["khasan"], [], "xml")


def _ftm(bench: Snapshot, ids: list[str]) -> list[dict]:
    text = views.export(bench, ids, [], "ftm")
    return [json.loads(line) for line in text.splitlines()]


def test_ftm_entities_are_valid_followthemoney(bench: Snapshot) -> None:
    """Every line is an entity FollowTheMoney accepts as is: a known schema, every property known
    and every value kept by its cleaning (dates, countries, numbers), every entity reference
    pointing at an exported entity of a schema the property allows."""
    ids = [d.id for d in bench.dossiers]
    entities = _ftm(bench, ids)
    by_id = {e["id"]: e for e in entities}
    assert len(by_id) == len(entities)
    for data in entities:
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data["schema"]
        for name in data["properties"]:
            assert name in schema.properties, f"{data['schema']} has no property {name}"
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.to_dict()["properties"] == {k: v for k, v in data["properties"].items()}, data[
            "id"
        ]
        for prop in proxy.iterprops():
            if prop.type.name == "entity":
                for ref in proxy.get(prop):
                    assert ref in by_id, f"{data['id']}.{prop.name} -> {ref}"
                    assert model.get(by_id[ref]["schema"]).is_a(prop.range), (
                        f"{prop.name}: {by_id[ref]['schema']}"
                    )


def test_ftm_maps_each_type_and_relation(bench: Snapshot) -> None:
    entities = _ftm(bench, [d.id for d in bench.dossiers])
    schemas = {e["id"]: e["schema"] for e in entities}
    assert schemas["kim-jong-un"] == "Person" and schemas["kremlin"] == "Organization"
    assert schemas["khasan"] == "Address" and schemas["vostochny-summit-2023"] == "Event"
    khasan = next(e for e in entities if e["id"] == "khasan")
    assert khasan["properties"]["latitude"] == ["42.43"] and khasan["properties"]["country"] == [
        "ru"
    ]
    summit = next(e for e in entities if e["id"] == "vostochny-summit-2023")
    assert summit["properties"]["startDate"] == ["2023-09-13"]
    assert summit["properties"]["addressEntity"] == ["vostochny-cosmodrome"]
    assert set(summit["properties"]["involved"]) == {"kim-jong-un", "vladimir-putin"}
    links = [
        e
        for e in entities
        if e["schema"] in ("Associate", "UnknownLink", "Membership", "Employment", "Directorship")
    ]
    met = [
        e
        for e in links
        if e["schema"] == "Associate" and e["properties"]["person"] == ["kim-jong-un"]
    ]
    assert met and met[0]["properties"]["associate"] == ["vladimir-putin"]
    assert met[0]["properties"]["startDate"] == ["2023-09-13"]
    peskov = [e for e in links if e["properties"].get("employee") == ["dmitry-peskov"]]
    assert peskov and peskov[0]["schema"] == "Employment"
    articles = [e for e in entities if e["schema"] == "Article"]
    assert {e["properties"]["fileName"][0] for e in articles} >= {ARTICLE_003}


def test_ftm_relations_to_dossiers_not_exported_are_left_out(bench: Snapshot) -> None:
    entities = _ftm(bench, ["kim-jong-un"])
    assert [e["schema"] for e in entities if e["id"] == "kim-jong-un"] == ["Person"]
    assert not [e for e in entities if e["schema"] in ("Associate", "UnknownLink", "Membership")]
