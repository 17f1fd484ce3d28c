"""Awkward corpus files: encodings, NULs, huge and one-line files, odd names, link loops, unreadable
ones."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from dossier.index.api import Snapshot
from dossier.index.corpus.article import load_article
from dossier.index.corpus.articles import Corpus
from dossier.index.corpus.decoding import MAX_ARTICLE_BYTES

TEXT = "Café in Khasan\nThe governor’s visit to Rajin, über alles, naïve résumé.\n"


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_byte_order_marks_are_decoded_silently(tmp_path: Path, encoding: str) -> None:
    data = TEXT.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # these codecs write no mark: add it as editors do
        data = "\ufeff".encode(encoding) + data
    article, problems = load_article(_write(tmp_path, "bom.txt", data))
    assert problems == []
    assert article is not None and article.body == TEXT and article.title == "Café in Khasan"


def test_cyrillic_legacy_encoding_is_detected(tmp_path: Path) -> None:
    text = "Ким Чен Ын прибыл в Хасан.\nГубернатор Приморья встретил его на вокзале. " * 5
    path = _write(tmp_path, "cp1251.txt", text.encode("cp1251"))
    article, problems = load_article(path)
    assert article is not None and article.body == text
    assert [p.message for p in problems] == ["not valid UTF-8 (byte 0), decoded as cp1251"]


def test_latin1_is_decoded_as_cp1252(tmp_path: Path) -> None:
    article, problems = load_article(_write(tmp_path, "latin.txt", TEXT.encode("cp1252")))
    assert article is not None and article.body == TEXT
    assert [p.message for p in problems] == ["not valid UTF-8 (byte 3), decoded as cp1252"]


def test_nul_bytes_and_empty_files_are_skipped(tmp_path: Path) -> None:
    nul = _write(tmp_path, "nul.txt", b"Kim\x00Jong\x00Un")
    empty = _write(tmp_path, "empty.txt", b"")
    bom_only = _write(tmp_path, "bom-only.txt", "  \n".encode("utf-16"))
    assert [str(p) for p in load_article(nul)[1]] == [f"{nul}:1:1: binary file, skipped"]
    assert [str(p) for p in load_article(empty)[1]] == [f"{empty}:1:1: empty file, skipped"]
    assert [str(p) for p in load_article(bom_only)[1]] == [f"{bom_only}:1:1: empty file, skipped"]


def test_huge_article_is_cut_at_the_limit_with_a_warning(tmp_path: Path) -> None:
    line = "The Khasan–Rajin railway carries coal and containers across the border. "
    text = line * (MAX_ARTICLE_BYTES // len(line) + 1000)  # a little over the limit, ASCII
    path = _write(tmp_path, "huge.txt", ("Huge\n" + "é" + text).encode("utf-8"))
    started = time.perf_counter()
    article, problems = load_article(path)
    assert time.perf_counter() - started < 5
    assert article is not None and len(article.body.encode("utf-8")) <= MAX_ARTICLE_BYTES
    assert article.body.startswith("Huge\né The Khasan") or article.body.startswith(
        "Huge\néThe Khasan"
    )
    size = path.stat().st_size / 1024 / 1024
    assert [p.message for p in problems] == [
        f"{size:.1f} MB long: only the first 2.0 MB is indexed and shown"
    ]


def test_cut_inside_a_multibyte_character_loses_only_that_character(tmp_path: Path) -> None:
    path = _write(tmp_path, "cut.txt", ("Title\n" + "ж" * 20).encode("utf-8"))
    from dossier.index.corpus.decoding import read_text

    text, problems = read_text(path, limit=len("Title\n") + 7)  # 3.5 two-byte characters
    assert text == "Title\nжжж" and len(problems) == 1


def test_one_paragraph_of_ten_thousand_lines_and_odd_names(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "sub folder" / "deeper").mkdir(parents=True)
    (seeds / "sub folder" / "deeper" / "пхеньян report.txt").write_text(
        "Pyongyang report\n\nKim visited.\n"
    )
    (seeds / "long lines.md").write_text(
        "Long\n" + "\n".join(f"line {i} of the quarry" for i in range(10_000))
    )
    bench = Snapshot.open(Corpus(tmp_path), index_root=tmp_path / "index")
    assert {h.id for h in bench.search("pyongyang").hits} == {"sub folder/deeper/пхеньян report"}
    assert [h.id for h in bench.search("quarry").hits] == ["long lines"]
    assert bench.last_sync.added == 2 and bench.problems == []


def test_symlink_loop_is_reported_and_files_kept(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "a").mkdir(parents=True)
    (seeds / "a" / "rajin.txt").write_text("Rajin port\n\nCoal through Rajin.\n")
    os.symlink("..", seeds / "a" / "loop")
    corpus = Corpus(tmp_path)
    listing = corpus.listing()
    assert [Path(f.path) for f in listing.articles] == [seeds / "a" / "rajin.txt"]
    [problem] = listing.problems
    assert problem.path == seeds / "a" / "loop" and "already listed" in problem.message
    bench = Snapshot.open(corpus, index_root=tmp_path / "index")
    assert [h.id for h in bench.search("rajin").hits] == ["a/rajin"]
    assert any("already listed" in str(p) for p in bench.problems)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_and_folder_are_reported(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "closed").mkdir(parents=True)
    (seeds / "ok.txt").write_text("Fine\n\nKhasan.\n")
    (seeds / "locked.txt").write_text("Locked\n\nKhasan.\n")
    (seeds / "locked.txt").chmod(0)
    (seeds / "closed").chmod(0)
    try:
        bench = Snapshot.open(Corpus(tmp_path), index_root=tmp_path / "index")
        shown = [str(p) for p in bench.problems]
        assert [h.id for h in bench.search("khasan").hits] == ["ok"]
        assert any("locked.txt" in p and "unreadable" in p for p in shown)
        assert any("closed" in p and "unreadable folder" in p for p in shown)
    finally:
        (seeds / "closed").chmod(0o755)
