"""Article ids from the path under ``seeds/``: folders kept (``business/508``), a file directly in
``seeds/`` keeps its bare stem, a mailbox's messages are ``<file id>/<n>``; the index, the checker,
the writer, the metadata file and the CLI all use them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.index.api import Snapshot
from dossier.index.corpus.article import article_id, file_id
from dossier.index.corpus.articles import Corpus
from dossier.index.indexing.store import IndexStore

FIXTURES = Path(__file__).parent / "fixtures" / "analyst"
MAILBOX_HEAD = "From a@example.net Mon Apr  1 10:00:00 2024\nFrom: a@example.net\nSubject: {subject}\n\n{body}\n\n"


@pytest.fixture
def analyst(tmp_path: Path) -> Corpus:
    shutil.copytree(FIXTURES, tmp_path / "corpus")
    return Corpus(tmp_path / "corpus")


def _ids(bench: Snapshot, query: str) -> list[str]:
    return sorted(hit.id for hit in bench.search(query, limit=50).hits if hit.kind == "article")


def test_ids_keep_folders_and_flat_files_keep_their_stem(analyst: Corpus, tmp_path: Path) -> None:
    assert article_id("business/508.txt") == "business/508" and article_id("508.txt") == "508"
    assert "tech/508" in {file_id(f.rel) for f in analyst.listing().articles}  # seeds/tech/508.txt
    bench = Snapshot.open(analyst, index_root=tmp_path / "ix")
    assert bench.last_sync.problems == []
    assert _ids(bench, "rajin") == [
        "business/508",
        "mail/letter",
        "mail/list/2",
        "mail/list/3",
        "pages/rajin-port",
        "tech/508",
    ]
    assert _ids(bench, "khasan") == [
        "flat",
        "mail/letter",
        "mail/list/1",
        "mail/list/2",
        "pages/rajin-port",
    ]
    assert _ids(bench, "id:business/508") == ["business/508"]
    assert bench.article("business/508").title == "Rajin figures"
    assert bench.article("tech/508").title == "Rajin network"


def test_the_shipped_seeds_keep_their_ids(bench: Snapshot, real_corpus: Corpus) -> None:
    assert {article_id(f.rel.split("/", 1)[1]) for f in real_corpus.listing().articles} == {
        p.stem for p in real_corpus.seeds_dir.glob("*.txt")
    }
    assert bench.article("003_5a1a26e7ddca32af") is not None


def test_one_stem_two_suffixes_in_one_folder_is_reported(analyst: Corpus, tmp_path: Path) -> None:
    twin = analyst.seeds_dir / "business" / "508.md"
    twin.write_text("Another note on Rajin\n")
    report = IndexStore(analyst, tmp_path / "ix").sync()
    first = analyst.seeds_dir / "business" / "508.txt"
    assert [str(p) for p in report.problems] == [
        f"{first}:1:1: duplicate article id 'business/508' (also {twin}), skipped"
    ]


def test_a_mailbox_is_reindexed_and_removed_as_a_whole(analyst: Corpus, tmp_path: Path) -> None:
    root = tmp_path / "ix"
    mailbox = analyst.seeds_dir / "mail" / "list.mbox"
    assert _ids(Snapshot.open(analyst, index_root=root), "rajin").count("mail/list/3") == 1
    mailbox.write_text(
        MAILBOX_HEAD.format(subject="Rajin again", body="Rajin fees fall.")
        + MAILBOX_HEAD.format(subject="Khasan", body="Khasan trains run.")
    )
    bench = Snapshot.open(analyst, index_root=root)
    assert (bench.last_sync.added, bench.last_sync.updated, bench.last_sync.removed) == (0, 1, 0)
    assert [
        i for i in _ids(bench, "rajin") + _ids(bench, "khasan") if i.startswith("mail/list")
    ] == ["mail/list/1", "mail/list/2"]
    assert (
        bench.article("mail/list/1").title == "Rajin again" and bench.article("mail/list/3") is None
    )
    mailbox.unlink()
    bench = Snapshot.open(analyst, index_root=root)
    assert bench.last_sync.removed == 1
    assert not [
        i for i in _ids(bench, "rajin") + _ids(bench, "khasan") if i.startswith("mail/list")
    ]


def test_metadata_entries_name_nested_ids(analyst: Corpus, tmp_path: Path, capsys, run) -> None:
    (analyst.seeds_dir / "metadata.yaml").write_text(
        "business/508:\n  date: '2023-10-02'\nmail/list/3:\n  publisher: Port watchers\n"
        "business/999:\n  date: '2023'\n"
    )
    bench = Snapshot.open(analyst, index_root=tmp_path / "ix")
    assert bench.article("business/508").date == "2023-10-02"
    assert bench.article("mail/list/3").meta.publisher == "Port watchers"
    metadata = analyst.seeds_dir / "metadata.yaml"
    assert [str(p) for p in bench.last_sync.problems] == [
        f"{metadata}:5:1: no article 'business/999' in seeds/"
    ]
    code, out, _ = run(capsys, "--corpus", str(analyst.root), "check")
    assert code == 1 and out.startswith(f"{metadata}:5:1: no article 'business/999' in seeds/\n")
    assert "mail/list/3" not in out
    metadata.write_text(
        metadata.read_text().replace("publisher: Port watchers", "publisher: Harbour list")
    )
    bench = Snapshot.open(
        analyst, index_root=tmp_path / "ix"
    )  # a message's entry changed: its mailbox re-read
    assert (bench.last_sync.updated, bench.article("mail/list/3").meta.publisher) == (
        1,
        "Harbour list",
    )
    assert Snapshot.open(analyst, index_root=tmp_path / "ix").last_sync.updated == 0


def test_cite_check_and_show_with_nested_and_message_ids(analyst: Corpus, capsys, run) -> None:
    corpus = str(analyst.root)
    path = analyst.dossiers_dir / "place" / "rajin.yaml"
    code, out, err = run(
        capsys,
        "--corpus",
        corpus,
        "cite",
        "rajin",
        "--source",
        "tech/508",
        "--quote",
        "A new fibre link reached the port of Rajin.",
        "--text",
        "Has a fibre link.",
    )
    assert (code, err) == (0, "") and out.startswith(f"{path}:")
    assert "  source: tech/508\n" in path.read_text()
    code, out, err = run(
        capsys,
        "--corpus",
        corpus,
        "cite",
        "rajin",
        "--source",
        "mail/list/1",
        "--quote",
        "The Khasan train now leaves at 06:40 on weekdays.",
        "--text",
        "t",
    )
    assert code == 0
    code, out, err = run(
        capsys,
        "--corpus",
        corpus,
        "cite",
        "rajin",
        "--source",
        "mail/list/9",
        "--quote",
        "Anything.",
        "--text",
        "t",
    )
    assert (code, err) == (1, "dossier: no article 'mail/list/9' in seeds/\n")
    assert run(capsys, "--corpus", corpus, "check")[0] == 0
    code, out, err = run(capsys, "--corpus", corpus, "show", "rajin")
    assert code == 0 and "[business/508]" in out and "[mail/list/3]" in out and "[tech/508]" in out
    assert err == "warning: 1 file not read: .xlsx ×1\n"
    code, out, err = run(capsys, "--corpus", corpus, "index")
    assert code == 0 and err == "warning: 1 file not read: .xlsx ×1\n"


def test_check_reports_a_source_that_names_no_article(analyst: Corpus, capsys, run) -> None:
    path = analyst.dossiers_dir / "place" / "rajin.yaml"
    path.write_text(path.read_text().replace("source: business/508", "source: business/509"))
    code, out, _ = run(capsys, "--corpus", str(analyst.root), "check")
    assert (
        code == 1 and f"{path}:8:11: claims[0].source: no article 'business/509' in seeds/\n" in out
    )


def test_files_not_read_are_named_when_the_index_changes_not_on_every_search(
    analyst: Corpus, capsys, run
) -> None:
    code, _, err = run(capsys, "--corpus", str(analyst.root), "search", "Rajin")
    assert (
        code == 0 and err == "warning: 1 file not read: .xlsx ×1\n"
    )  # the first search builds the index
    code, _, err = run(capsys, "--corpus", str(analyst.root), "search", "Rajin")
    assert code == 0 and err == ""  # nothing changed: not said again
    code, _, err = run(capsys, "--corpus", str(analyst.root), "index")
    assert code == 0 and err == "warning: 1 file not read: .xlsx ×1\n"  # asked for: said
