"""Loading articles: ids, titles, dates, and files that are not clean UTF-8 text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dossier.index.corpus.article import Article, file_id, load_article
from dossier.index.corpus.articles import Corpus
from dossier.index.corpus.readers import load_file
from dossier.index.problems import Problem

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def load_articles(corpus: Corpus) -> Iterator[tuple[Path, Article | None, list[Problem]]]:
    """Every article of the corpus's listing as the sync reads it, with what loading its file
    gave."""
    for file in corpus.listing().articles:
        articles, problems = load_file(Path(file.path), file_id(file.rel))
        if not articles:
            yield Path(file.path), None, problems
        for n, article in enumerate(articles):
            yield Path(file.path), article, problems if n == 0 else []


def test_real_seeds_titles_and_dates(real_corpus: Corpus) -> None:
    articles = {a.id: a for _, a, _ in load_articles(real_corpus) if a}
    assert len(articles) == 5
    assert articles["001_5859987bf54530fd"].title == "Kremlin Confirms Putin’s North Korean Visit"
    assert articles["003_5a1a26e7ddca32af"].title == (
        "Kim Jong-un and Vladimir Putin’s Rare Meeting: Implications for Global Relations"
    )
    dated = articles["004_e5b1709b295aaf7b"]
    assert dated.date == "2023-11-07"
    assert dated.title.startswith("North Korean leader Kim Jong Un has emphasized")
    assert not dated.title.startswith("date")
    assert [a.date for a in articles.values()].count(None) == 4


def test_body_is_the_file_verbatim(real_corpus: Corpus) -> None:
    for path, article, problems in load_articles(real_corpus):
        assert article is not None and problems == []
        assert article.body == path.read_text(encoding="utf-8")


def test_non_utf8_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Café in Khasan\nThe governor’s visit.".encode("cp1252"))
    article, problems = load_article(path)
    assert article is not None and article.title == "Café in Khasan"
    assert [str(p) for p in problems] == [
        f"{path}:1:1: not valid UTF-8 (byte 3), decoded as cp1252"
    ]


def test_binary_and_empty_files_are_skipped(tmp_path: Path) -> None:
    binary, empty = tmp_path / "blob.txt", tmp_path / "empty.md"
    binary.write_bytes(b"\x89PNG\r\n\x00\x00\x00")
    empty.write_text("  \n\n")
    assert [str(p) for p in load_article(binary)[1]] == [f"{binary}:1:1: binary file, skipped"]
    assert [str(p) for p in load_article(empty)[1]] == [f"{empty}:1:1: empty file, skipped"]
    assert load_article(binary)[0] is None and load_article(empty)[0] is None


def test_invalid_date_line_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad-date.txt"
    path.write_text("date 2023-02-30\nA title\nBody.")
    article, problems = load_article(path)
    assert article is not None and article.date is None and article.title == "A title"
    assert [str(p) for p in problems] == [f"{path}:1:6: invalid date '2023-02-30'"]


def test_markdown_and_nested_files_are_articles(tmp_path: Path) -> None:
    (tmp_path / "seeds" / "sub").mkdir(parents=True)
    (tmp_path / "seeds" / "sub" / "note.md").write_text("# Notes on Rajin\nRajin is a port.")
    (tmp_path / "seeds" / "ignored.xlsx").write_bytes(b"PK")
    loaded = list(load_articles(Corpus(tmp_path)))
    assert [(p.name, a.id if a else None) for p, a, _ in loaded] == [("note.md", "sub/note")]
