"""Article metadata: the shipped metadata file, front matter, dates that filter and sort, and the
flag on a printed date that contradicts the metadata, in the index, the command line and the app."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from textual.widgets import Static

from dossier.index.api import Snapshot
from dossier.index.corpus.article import load_article
from dossier.index.corpus.articles import Corpus
from dossier.index.corpus.metadata import load_metadata
from dossier.index.dossiers.check import check_corpus
from dossier.tui.app import DossierApp
from dossier.tui.widgets.results import ResultsList

A000, A001, A002, A003, A004 = (
    "000_588f2ff7381e34dc",
    "001_5859987bf54530fd",
    "002_9988d65b17898380",
    "003_5a1a26e7ddca32af",
    "004_e5b1709b295aaf7b",
)
METADATA = Path(__file__).resolve().parent.parent / "seeds" / "metadata.yaml"


def ranked_article_ids(bench: Snapshot, query: str, **options: str) -> list[str]:
    return [
        hit.id for hit in bench.search(query, limit=100, **options).hits if hit.kind == "article"
    ]


# -- the shipped metadata ------------------------------------------------------------------------


def test_every_shipped_date_is_inferred_with_a_note_and_004_keeps_its_printed_date(
    real_corpus: Corpus,
) -> None:
    metadata = load_metadata(real_corpus.seeds_dir)
    assert metadata.problems == []
    dated = {key: meta.date for key, meta in metadata.entries.items() if meta.date}
    assert dated == {A000: "2023-09", A001: "2024-06-17", A003: "2023-09-13", A004: "2023-09-13"}
    for key in dated:
        assert len(metadata.entries[key].inferred["date"]) > 80, key  # says from what
    assert metadata.entries[A002].date is None and metadata.entries[A002].language == "en"
    article, _ = load_article(real_corpus.seeds_dir / f"{A004}.txt")
    assert article is not None and article.printed_date == "2023-11-07"


def test_the_printed_date_that_contradicts_the_metadata_is_kept_and_flagged(
    bench: Snapshot,
) -> None:
    article = bench.article(A004)
    assert (article.date, article.printed_date, article.date_conflict) == (
        "2023-09-13",
        "2023-11-07",
        "2023-11-07",
    )
    assert article.date_label == "2023-09-13 (inferred) ≠ printed 2023-11-07"
    assert "13 September 2023" in (article.date_inferred or "")
    assert bench.article(A003).date_label == "2023-09-13 (inferred)"
    assert bench.article(A002).date_label == "undated"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date:2023-09", {A000, A003, A004}),
        ("date:2023-11", set()),  # 004's printed dateline is not its date
        ("date:2024-06", {A001}),
        ("date:2023-09-13", {A003, A004}),
        ("date:[2023-09-14 TO 2024]", {A001}),
        ("Khasan date:2023-09", {A004}),
    ],
)
def test_date_filters_use_the_metadata(bench: Snapshot, query: str, expected: set[str]) -> None:
    assert set(ranked_article_ids(bench, query)) == expected


def test_sort_by_date_newest_first_undated_last(bench: Snapshot) -> None:
    ordered = ranked_article_ids(bench, "kind:article", sort="date")
    assert ordered[0] == A001 and set(ordered[1:3]) == {A003, A004} and ordered[3:] == [A000, A002]
    hits = bench.search("Kim", limit=100, sort="date").hits
    dates = [hit.date or "" for hit in hits]
    assert dates == sorted(dates, reverse=True)
    same_day = [hit.score for hit in hits if hit.date == "2023-09-13"]
    assert len(same_day) > 3 and same_day == sorted(same_day, reverse=True)  # then by relevance
    assert all(hit.score > 0 for hit in hits)


def test_browse_lists_articles_newest_first(bench: Snapshot) -> None:
    articles = [hit.id for hit in bench.browse() if hit.kind == "article"]
    assert articles[0] == A001 and articles[-2:] == [A000, A002]


# -- the command line ----------------------------------------------------------------------------


def test_cli_search_flags_the_contradicted_date(capsys: pytest.CaptureFixture[str], run) -> None:
    code, out, _ = run(capsys, "search", "Khasan")
    assert code == 0
    line = next(line for line in out.splitlines() if A004 in line)
    assert line.endswith(f"  2023-09-13 (inferred) ≠ printed 2023-11-07  {A004}")
    code, out, _ = run(capsys, "search", "Khasan", "--json")
    hit = next(hit for hit in json.loads(out) if hit["id"] == A004)
    assert (hit["date"], hit["date_inferred"], hit["printed_date"]) == (
        "2023-09-13",
        True,
        "2023-11-07",
    )


def test_cli_sort_by_date(capsys: pytest.CaptureFixture[str], run) -> None:
    code, out, _ = run(capsys, "search", "kind:article", "--sort", "date", "--json")
    assert code == 0
    assert next(hit["id"] for hit in json.loads(out)) == A001


# -- the app -------------------------------------------------------------------------------------


async def test_app_flags_the_contradicted_date_in_the_row_and_the_reader_header(
    bench: Snapshot, settle
) -> None:
    app = DossierApp(bench)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"Khasan")
        await settle(pilot)
        results = app.screen.query_one(ResultsList)
        index = [hit.id for hit in results.hits].index(A004)
        row = results.get_option_at_index(index).prompt
        first, second = (text.plain for text in row.renderables)
        assert first.startswith("ART 2023-09-13! ")
        assert second.startswith("    printed 2023-11-07 ")
        results.focus()
        results.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        head = str(app.screen.query_one("#article-head", Static).content)
        assert head.splitlines()[1].startswith(
            f"2023-09-13 (inferred) ≠ printed 2023-11-07 · {A004} · "
        )


# -- the metadata file and front matter, kept by the analyst
# ----------------------------------------


def _corpus_with_metadata(
    copy_corpus: Callable[[Path], Corpus], tmp_path: Path, text: str
) -> Corpus:
    corpus = copy_corpus(tmp_path)
    (corpus.seeds_dir / "metadata.yaml").write_text(text, encoding="utf-8")
    return corpus


def test_malformed_metadata_file_is_reported_and_every_article_still_loads(
    tmp_path: Path, copy_corpus
) -> None:
    corpus = _corpus_with_metadata(
        copy_corpus, tmp_path, f"{A003}:\n  date: '2023-09-13'\n  language: [en\n"
    )
    bench = Snapshot.open(corpus, tmp_path / "ix")
    path = corpus.seeds_dir / "metadata.yaml"
    assert [str(p) for p in bench.problems] == [
        f"{path}:4:1: YAML syntax error: did not find expected ',' or ']'"
    ]
    assert len(ranked_article_ids(bench, "kind:article")) == 5
    assert (
        bench.article(A003).date is None and bench.article(A004).date == "2023-11-07"
    )  # the printed one


def test_a_bad_entry_is_skipped_the_others_apply(tmp_path: Path, copy_corpus) -> None:
    text = (
        f"{A003}:\n  date: 13 September\n"
        f"{A001}:\n  date: '2024-06-17'\n  publisher: Example Daily\n  url: https://example.org/a\n"
        f"{A004}:\n  date: '2023-09-13'\n  inferred:\n    publisher: guessed\n"
        "999_missing:\n  date: '2020'\n"
        f"{A000}:\n  dated: '2023'\n"
    )
    corpus = _corpus_with_metadata(copy_corpus, tmp_path, text)
    bench = Snapshot.open(corpus, tmp_path / "ix")
    path = corpus.seeds_dir / "metadata.yaml"
    assert sorted(str(p) for p in bench.problems) == sorted(
        [
            f"{path}:2:9: {A003}.date: '13 September' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
            f"{path}:10:16: {A004}.inferred.publisher: a note on how the publisher was inferred, but no publisher",
            f"{path}:11:1: no article '999_missing' in seeds/",
            f"{path}:14:3: {A000}: unknown field 'dated'",
        ]
    )
    article = bench.article(A001)
    assert (article.date, article.meta.publisher, article.meta.url) == (
        "2024-06-17",
        "Example Daily",
        "https://example.org/a",
    )
    assert article.date_label == "2024-06-17"  # given, not inferred
    assert sorted(str(p) for p in check_corpus(corpus)[1]) == sorted(str(p) for p in bench.problems)


def test_front_matter_gives_metadata_and_is_not_part_of_the_body(
    tmp_path: Path, copy_corpus
) -> None:
    corpus = copy_corpus(tmp_path)
    (corpus.seeds_dir / "metadata.yaml").unlink()
    (corpus.seeds_dir / "005_front.md").write_text(
        "---\ndate: '2024-01-02'\npublisher: Wire\nlanguage: en\n---\ndate 2024-01-05 Title line here.\nBody.\n",
        encoding="utf-8",
    )
    (corpus.seeds_dir / "006_broken.md").write_text(
        "---\ndate: [\n---\nStill an article.\n", encoding="utf-8"
    )
    bench = Snapshot.open(corpus, tmp_path / "ix")
    article = bench.article("005_front")
    assert article.body == "date 2024-01-05 Title line here.\nBody.\n"
    assert (article.title, article.date, article.printed_date, article.meta.publisher) == (
        "Title line here.",
        "2024-01-02",
        "2024-01-05",
        "Wire",
    )
    assert article.date_label == "2024-01-02 ≠ printed 2024-01-05"
    broken = corpus.seeds_dir / "006_broken.md"
    assert [str(p) for p in bench.problems] == [
        f"{broken}:3:1: YAML syntax error: did not find expected node content"
    ]
    assert bench.article("006_broken").title == "Still an article."
    assert bench.article(A004).date == "2023-11-07"  # no metadata file: the printed date


def test_editing_the_metadata_file_reindexes_only_the_articles_it_touches(
    tmp_path: Path, copy_corpus
) -> None:
    corpus = copy_corpus(tmp_path)
    bench = Snapshot.open(corpus, tmp_path / "ix")
    assert bench.backend._store.is_current()
    path = corpus.seeds_dir / "metadata.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[A004]["date"] = "2023-09-12"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert not bench.backend._store.is_current()
    bench = Snapshot.open(corpus, tmp_path / "ix")
    assert (bench.last_sync.added, bench.last_sync.updated, bench.last_sync.removed) == (0, 1, 0)
    assert ranked_article_ids(bench, "date:2023-09-12") == [A004]
    path.unlink()
    bench = Snapshot.open(corpus, tmp_path / "ix")
    assert bench.last_sync.updated == 5 and bench.article(A004).date == "2023-11-07"


def test_the_shipped_metadata_file_is_installed_with_the_seeds(project_root) -> None:
    assert '"seeds/metadata.yaml"' in (project_root / "pyproject.toml").read_text(encoding="utf-8")
