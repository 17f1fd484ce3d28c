"""A quote from a PDF of several pages is exported with its page: in the brief, JSON and
FollowTheMoney."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from format_files import write_pdf

from dossier.index.api import Snapshot, views
from dossier.index.corpus.articles import Corpus
from dossier.index.corpus.pdf_pages import page_of
from dossier.index.dossiers.check import check_corpus

PAGE_1 = ["Port report for March.", "Coal shipments through Rajin rose in March."]
PAGE_2 = ["Annex.", "Oleg Kozhemyako inspected the Khasan crossing on 4 March."]
INSPECTED = "Oleg Kozhemyako inspected the Khasan crossing on 4 March."
COAL = "Coal shipments through Rajin rose in March."


def _corpus(tmp_path: Path, copy_corpus: Callable[[Path], Corpus]) -> Corpus:
    corpus = copy_corpus(tmp_path / "corpus")
    (corpus.seeds_dir / "reports").mkdir()
    write_pdf(corpus.seeds_dir / "reports" / "port.pdf", [PAGE_1, PAGE_2], title="Port report")
    dossier = corpus.dossiers_dir / "person" / "oleg-kozhemyako.yaml"
    text = dossier.read_text(encoding="utf-8")
    claim = f"- text: Inspected the Khasan crossing in March.\n  source: reports/port\n  quote: {INSPECTED}\n"
    dossier.write_text(text.replace("claims:\n", "claims:\n" + claim, 1), encoding="utf-8")
    return corpus


def test_page_of_a_quote() -> None:
    body = "Coal through Rajin\nrose in March.\n␌\nPage two: Khasan."
    assert (page_of(body, "rose in  MARCH."), page_of(body, "Page two: Khasan.")) == (1, 2)
    assert page_of(body, "March. Page two") is None  # across a page break: no one page
    assert page_of("One page only.", "One page only.") is None


def test_exports_name_the_page_of_a_pdf_quote(
    tmp_path: Path, copy_corpus: Callable[[Path], Corpus]
) -> None:
    corpus = _corpus(tmp_path, copy_corpus)
    assert (
        check_corpus(corpus)[1] == []
    )  # the claim cites the PDF as any article: dossier check passes
    bench = Snapshot.open(corpus, tmp_path / "ix")
    pins = [views.Pin("sentence", "reports/port", COAL, start=30, end=74)]
    brief = views.export(bench, ["oleg-kozhemyako"], pins, "markdown")
    assert f"“{INSPECTED}” — *Port report*, p. 2 (`reports/port`)" in brief
    assert f"- Sentence: “{COAL}” (p. 1)" in brief
    data = json.loads(views.export(bench, ["oleg-kozhemyako"], pins, "json"))
    [claim] = [c for c in data["dossiers"][0]["claims"] if c.get("source") == "reports/port"]
    assert claim["page"] == 2
    assert data["pins"][0]["page"] == 1
    assert all(
        "page" not in c for c in data["dossiers"][0]["claims"] if c.get("source") != "reports/port"
    )
    entities = [
        json.loads(line)
        for line in views.export(bench, ["oleg-kozhemyako"], pins, "ftm").splitlines()
    ]
    [person] = [e for e in entities if e["id"] == "oleg-kozhemyako"]
    assert any(note.endswith("[reports/port, p. 2]") for note in person["properties"]["notes"])
    [sentence] = [e for e in entities if e["schema"] == "Note"]
    assert sentence["properties"]["description"] == [f"{COAL} (p. 1)"]
