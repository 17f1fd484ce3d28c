"""``dossier export`` and ``dossier search --format csv|json`` on the real corpus."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from followthemoney import model

from dossier.index.corpus.articles import Corpus
from dossier.index.views.pins import DATA_ROOT_ENV, Pin, PinStore


def test_search_csv_has_one_row_per_hit(capsys, run) -> None:
    code, out, _ = run(capsys, "search", "Khasan", "--format", "csv", "--limit", "20")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and list(rows[0]) == [
        "rank",
        "kind",
        "type",
        "id",
        "title",
        "date",
        "date_inferred",
        "printed_date",
        "score",
        "snippet",
        "path",
    ]
    _, as_json, _ = run(capsys, "search", "Khasan", "--json", "--limit", "20")
    hits = json.loads(as_json)
    assert [r["id"] for r in rows] == [h["id"] for h in hits]
    assert [int(r["rank"]) for r in rows] == list(range(1, len(hits) + 1))
    article = next(r for r in rows if r["kind"] == "article")
    assert (
        article["type"] == "article"
        and article["date"] == "2023-09-13"
        and "Khasan" in article["snippet"]
    )
    assert all("\n" not in r["snippet"] for r in rows)
    assert next(r for r in rows if r["id"] == "khasan")["type"] == "place"


def test_search_format_json_is_the_json_output(capsys, run) -> None:
    assert run(capsys, "search", "Rajin", "--format", "json") == run(
        capsys, "search", "Rajin", "--json"
    )


def test_export_markdown_to_stdout(capsys, run) -> None:
    code, out, _ = run(capsys, "export", "Kozhemyako", "khasan")
    assert code == 0 and out.startswith("# Brief: Oleg Kozhemyako, Khasan\n")
    assert "## Sources" in out and "]: “" in out and "[^1]: outside knowledge: His offices" in out


def test_export_everything_as_ftm_validates(capsys, run, bench) -> None:
    code, out, _ = run(capsys, "export", "--format", "ftm")
    entities = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and {e["id"] for e in entities} >= {d.id for d in bench.dossiers}
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.to_dict()["properties"] == data["properties"]


def test_export_with_pins_to_a_file(
    capsys, run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, project_root
) -> None:
    monkeypatch.setenv(DATA_ROOT_ENV, str(tmp_path / "data"))
    PinStore(Corpus(project_root)).add(Pin("dossier", "rajin"))
    target = tmp_path / "out" / "brief.json"
    target.parent.mkdir()
    code, out, err = run(capsys, "export", "--pins", "--format", "json", "-o", str(target))
    assert (code, out, err) == (
        0,
        "",
        f"exported 1 pin to {target}\n",
    )  # the path last: nothing stuck to it
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [d["id"] for d in data["dossiers"]] == ["rajin"] and data["pins"][0]["target"] == "rajin"
    code, _, err = run(capsys, "export", "khasan", "--pins", "-o", str(target.with_suffix(".md")))
    assert (code, err) == (0, f"exported 1 dossier and 1 pin to {target.with_suffix('.md')}\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["export", "Kozhemyakko"],
            "dossier: no dossier named 'Kozhemyakko'; did you mean: Oleg Kozhemyako",
        ),
        (
            ["export", "khasan", "-o", "dossiers/brief.md"],
            "not writing dossiers/brief.md inside the corpus's dossiers/",
        ),
        (["export", "khasan", "-o", "seeds"], "not writing seeds inside the corpus's seeds/"),
    ],
)
def test_export_errors_are_one_line(
    capsys, run, argv: list[str], message: str, project_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project_root)
    before = sorted(p.name for p in (project_root / "dossiers").rglob("*"))
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == "" and message in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in (project_root / "dossiers").rglob("*")) == before


def test_export_format_is_checked(capsys, run) -> None:
    code, _, err = run(capsys, "export", "khasan", "--format", "xml")
    assert code == 2 and "invalid choice: 'xml'" in err
