"""The index as a cache of the corpus: built on first use, updated with exactly what changed."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from dossier.index.api import Snapshot
from dossier.index.errors import IndexingFailed
from dossier.index.indexing.store import MANIFEST, IndexStore, index_dir


@pytest.fixture
def corpus(tmp_path: Path, copy_corpus):
    return copy_corpus(tmp_path / "corpus")


def sync(corpus, root: Path):
    return IndexStore(corpus, root).sync()


def counts(report) -> tuple[int, int, int, int, bool]:
    return report.added, report.updated, report.removed, report.skipped, report.rebuilt


def test_first_open_builds_then_nothing_changes(corpus, tmp_path: Path) -> None:
    root = tmp_path / "ix"
    assert counts(sync(corpus, root)) == (5, 0, 0, 0, True)
    assert counts(sync(corpus, root)) == (0, 0, 0, 0, False)


def test_touch_edit_delete_add(corpus, tmp_path: Path) -> None:
    root = tmp_path / "ix"
    sync(corpus, root)
    seeds = corpus.seeds_dir
    touched = seeds / "000_588f2ff7381e34dc.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    assert counts(sync(corpus, root)) == (0, 0, 0, 0, False)  # same bytes: hash says unchanged

    edited = seeds / "001_5859987bf54530fd.txt"
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\nA zeppelinquartz appeared.", encoding="utf-8"
    )
    assert counts(sync(corpus, root)) == (0, 1, 0, 0, False)

    (seeds / "004_e5b1709b295aaf7b.txt").unlink()
    (seeds / "new.md").write_text("Rajin port notes\nThe port of Rajin.", encoding="utf-8")
    assert counts(sync(corpus, root)) == (1, 0, 1, 0, False)

    bench = Snapshot.open(corpus, root)
    assert [h.id for h in bench.search("zeppelinquartz").hits] == ["001_5859987bf54530fd"]
    assert bench.article("004_e5b1709b295aaf7b") is None
    assert not any(h.id == "004_e5b1709b295aaf7b" for h in bench.search("Khasan").hits)
    assert "new" in {h.id for h in bench.search("Rajin").hits}


def test_one_article_deleted_while_another_is_emptied(corpus, tmp_path: Path) -> None:
    root = tmp_path / "ix"
    sync(corpus, root)
    (corpus.seeds_dir / "004_e5b1709b295aaf7b.txt").unlink()
    (corpus.seeds_dir / "001_5859987bf54530fd.txt").write_text("", encoding="utf-8")
    assert counts(sync(corpus, root)) == (
        0,
        0,
        2,
        1,
        False,
    )  # the emptied one left the index: removed, skipped
    bench = Snapshot.open(corpus, root)
    assert (
        bench.article("001_5859987bf54530fd") is None
        and bench.article("004_e5b1709b295aaf7b") is None
    )


def test_prefix_patterns_reach_words_of_articles_added_later(corpus, tmp_path: Path) -> None:
    root = tmp_path / "ix"
    sync(corpus, root)
    (corpus.seeds_dir / "late.txt").write_text(
        "Late notes\nThe zeppelinquartzes were seen.", encoding="utf-8"
    )
    sync(corpus, root)
    bench = Snapshot.open(corpus, root)
    results = bench.search("zeppelinq*")
    assert [h.id for h in results.hits] == ["late"]
    assert results.hits[0].snippet.marked().count("[zeppelinquartzes]") == 1
    assert [h.id for h in bench.search("NOT zeppelinquartz").hits if h.kind == "vocabulary"] == []


def test_bad_files_are_reported_and_skipped_every_time(corpus, tmp_path: Path) -> None:
    root = tmp_path / "ix"
    (corpus.seeds_dir / "blob.txt").write_bytes(b"\x00\x01binary")
    (corpus.seeds_dir / "empty.txt").write_text("")
    (corpus.seeds_dir / "latin.txt").write_bytes("Khasan caf\xe9 report".encode("latin-1"))
    first = sync(corpus, root)
    expected = [
        f"{corpus.seeds_dir / 'blob.txt'}:1:1: binary file, skipped",
        f"{corpus.seeds_dir / 'empty.txt'}:1:1: empty file, skipped",
        f"{corpus.seeds_dir / 'latin.txt'}:1:1: not valid UTF-8 (byte 10), decoded as cp1252",
    ]
    assert [str(p) for p in first.problems] == expected
    assert (first.added, first.skipped) == (6, 2)  # a skipped file is not also counted as added
    again = sync(corpus, root)
    assert [str(p) for p in again.problems] == expected
    assert (again.added, again.skipped) == (0, 2)
    bench = Snapshot.open(corpus, root)
    assert "latin" in {h.id for h in bench.search("café").hits}


def test_duplicate_article_ids_keep_the_first(corpus, tmp_path: Path) -> None:
    """Two files of one stem in one folder (a .txt and a .md): the first in name order keeps the
    id."""
    twin = corpus.seeds_dir / "000_588f2ff7381e34dc.md"
    twin.write_text("Another text")
    report = sync(corpus, tmp_path / "ix")
    second = corpus.seeds_dir / "000_588f2ff7381e34dc.txt"
    assert [str(p) for p in report.problems] == [
        f"{second}:1:1: duplicate article id '000_588f2ff7381e34dc' (also {twin}), skipped"
    ]


def test_stamp_mismatch_rebuilds(corpus, tmp_path: Path) -> None:
    root = tmp_path / "ix"
    sync(corpus, root)
    manifest = index_dir(corpus, root) / MANIFEST
    data = json.loads(manifest.read_text())
    data["stamp"]["analyzer"] = -1
    manifest.write_text(json.dumps(data))
    assert counts(sync(corpus, root)) == (5, 0, 0, 0, True)


def test_damaged_index_is_rebuilt(corpus, tmp_path: Path) -> None:
    root = tmp_path / "ix"
    sync(corpus, root)
    for toc in index_dir(corpus, root).glob("*.toc"):
        toc.write_bytes(b"garbage")
    assert sync(corpus, root).rebuilt
    assert Snapshot.open(corpus, root).search("Khasan").total >= 1


def test_an_alias_change_relinks_only_the_articles_holding_the_changed_names(
    corpus, tmp_path: Path
) -> None:
    root = tmp_path / "ix"
    sync(corpus, root)
    dossier = corpus.dossiers_dir / "place" / "khasan.yaml"  # aliases: [Хасан, Khasan station]
    dossier.write_text(
        dossier.read_text(encoding="utf-8").replace("Khasan station]", "Tumen border station]"),
        encoding="utf-8",
    )
    report = sync(
        corpus, root
    )  # "Khasan station" is gone: 004 holds "khasan" and "station"; none holds "tumen"
    assert counts(report)[:3] == (0, 1, 0) and report.relinked == 1
    assert {m.article_id for m in Snapshot.open(corpus, root).mentions_of("khasan")} == {
        "004_e5b1709b295aaf7b"
    }


def loaded_articles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The article files the store loads from now on (a spy on the ``load_file`` its feed reads them
    with)."""
    from dossier.index.indexing import article_feed

    loaded: list[str] = []
    original = article_feed.load_file
    monkeypatch.setattr(
        article_feed,
        "load_file",
        lambda path, *args: loaded.append(Path(path).stem) or original(path, *args),
    )
    return loaded


def test_adding_a_dossier_relinks_only_the_articles_naming_it(
    corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write
) -> None:
    root = tmp_path / "ix"
    sync(corpus, root)
    loaded = loaded_articles(monkeypatch)
    write(
        corpus,
        "place/northeast-asia.yaml",
        "type: place\nname: Northeast Asia\naliases: [Asia-Pacific]\n",
    )
    report = sync(corpus, root)
    # 000 and 004 say "Northeast Asia", 002 "Asia-Pacific"; 001 and 003 are not read again
    assert sorted(loaded) == [
        "000_588f2ff7381e34dc",
        "002_9988d65b17898380",
        "004_e5b1709b295aaf7b",
    ]
    assert counts(report) == (0, 3, 0, 0, False) and report.relinked == 3
    bench = Snapshot.open(corpus, root)
    fresh = Snapshot.open(corpus, tmp_path / "fresh")  # a clean build of the corpus as it is now
    named = {"000_588f2ff7381e34dc", "002_9988d65b17898380", "004_e5b1709b295aaf7b"}
    assert {m.article_id for m in bench.mentions_of("northeast-asia")} == named
    assert {h.id for h in bench.search("Northeast Asia").hits} == {
        h.id for h in fresh.search("Northeast Asia").hits
    }
    assert bench.mentions_of("kim-jong-un") == fresh.mentions_of(
        "kim-jong-un"
    )  # other links as they were

    loaded.clear()
    write(
        corpus, "place/northeast-asia.yaml", "type: place\nname: Northeast Asia\n"
    )  # the alias removed
    report = sync(corpus, root)
    assert loaded == ["002_9988d65b17898380"] and report.relinked == 1
    assert {
        m.article_id for m in Snapshot.open(corpus, root).mentions_of("northeast-asia")
    } == named - {"002_9988d65b17898380"}  # 002 no longer names it

    loaded.clear()
    (corpus.dossiers_dir / "place" / "northeast-asia.yaml").unlink()
    report = sync(corpus, root)
    assert (
        sorted(loaded) == ["000_588f2ff7381e34dc", "004_e5b1709b295aaf7b"] and report.relinked == 2
    )
    assert Snapshot.open(corpus, root).mentions_of("northeast-asia") == []


def test_an_article_whose_file_name_is_shown_altered_is_relinked_too(
    corpus, tmp_path: Path, write
) -> None:
    root = tmp_path / "ix"
    (corpus.seeds_dir / "odd\x1b]0;title\x07name.txt").write_text(
        "Trade\n\nTrade across Northeast Asia grew.\n"
    )
    sync(corpus, root)
    write(corpus, "place/northeast-asia.yaml", "type: place\nname: Northeast Asia\n")
    assert (
        sync(corpus, root).relinked == 3
    )  # 000, 004 and the odd name (stored as "odd␛]0;title␇name")
    assert {m.article_id for m in Snapshot.open(corpus, root).mentions_of("northeast-asia")} == {
        "000_588f2ff7381e34dc",
        "004_e5b1709b295aaf7b",
        "odd␛]0;title␇name",
    }


def test_a_dossier_edit_that_changes_no_name_relinks_nothing(
    corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "ix"
    sync(corpus, root)
    loaded = loaded_articles(monkeypatch)
    dossier = corpus.dossiers_dir / "place" / "khasan.yaml"
    dossier.write_text(
        dossier.read_text(encoding="utf-8").replace("Settlement and", "A settlement and"),
        encoding="utf-8",
    )
    report = sync(corpus, root)
    assert loaded == [] and counts(report) == (0, 0, 0, 0, False)
    assert "A settlement" in (Snapshot.open(corpus, root).dossier("khasan").summary or "")


def test_an_index_linked_by_other_rules_relinks_every_article_on_a_dossier_edit(
    corpus, tmp_path: Path, write
) -> None:
    root = tmp_path / "ix"
    sync(corpus, root)
    manifest = index_dir(corpus, root) / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(
        json.dumps(data | {"linking": data["linking"] - 1}), encoding="utf-8"
    )  # older rules
    write(corpus, "place/northeast-asia.yaml", "type: place\nname: Northeast Asia\n")
    report = sync(corpus, root)
    assert (
        counts(report) == (0, 5, 0, 0, False) and report.relinked == 0
    )  # all re-read: a full relink


def test_a_manifest_from_before_the_names_table_is_kept_and_relinks_all_once(
    corpus, tmp_path: Path, write
) -> None:
    root = tmp_path / "ix"
    sync(corpus, root)
    manifest = index_dir(corpus, root) / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(
        json.dumps({k: v for k, v in data.items() if k not in ("names", "linking")}),
        encoding="utf-8",
    )
    assert counts(sync(corpus, root)) == (
        0,
        0,
        0,
        0,
        False,
    )  # still this index: no rebuild on upgrade
    write(corpus, "place/northeast-asia.yaml", "type: place\nname: Northeast Asia\n")
    assert counts(sync(corpus, root)) == (
        0,
        5,
        0,
        0,
        False,
    )  # no names recorded: every article, once
    write(
        corpus,
        "place/northeast-asia.yaml",
        "type: place\nname: Northeast Asia\naliases: [Asia-Pacific]\n",
    )
    assert sync(corpus, root).relinked == 1  # from then on, only what names the change


def test_index_lives_outside_the_corpus(corpus, tmp_path: Path) -> None:
    before = sorted(p for p in corpus.root.rglob("*"))
    sync(corpus, tmp_path / "ix")
    assert sorted(p for p in corpus.root.rglob("*")) == before
    assert index_dir(corpus, tmp_path / "ix").is_relative_to(tmp_path / "ix")


def test_index_root_env(monkeypatch: pytest.MonkeyPatch, corpus, tmp_path: Path) -> None:
    monkeypatch.setenv("DOSSIER_INDEX_ROOT", str(tmp_path / "elsewhere"))
    assert index_dir(corpus).parent == tmp_path / "elsewhere"


def test_sync_in_a_child_process_reports_progress(corpus, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    bench = Snapshot.open(
        corpus,
        tmp_path / "ix",
        lambda done, total: seen.append((done, total)),
        in_subprocess=True,
    )
    report = bench.last_sync
    assert (report.added, report.rebuilt) == (5, True)
    assert seen == [(i, 5) for i in range(1, 6)]
    assert bench.search("Khasan").total >= 1
    again = Snapshot.open(corpus, tmp_path / "ix", in_subprocess=True).last_sync
    assert (again.added, again.rebuilt) == (0, False)


def test_is_current_tracks_sizes_and_mtimes(corpus, tmp_path: Path) -> None:
    store = IndexStore(corpus, tmp_path / "ix")
    assert not store.is_current()
    store.sync()
    assert store.is_current()
    (corpus.seeds_dir / "extra.txt").write_text("A new article\nabout Rajin.")
    assert not store.is_current()
    store.sync()
    assert store.is_current()
    (corpus.dossiers_dir / "place" / "rajin.yaml").unlink()
    assert not store.is_current()


def test_child_failure_is_an_error_not_a_hang(
    corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing = tmp_path / "failing-python"
    failing.write_text("#!/bin/sh\necho 'Traceback: index on fire' >&2\nexit 3\n")
    failing.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(failing))
    with pytest.raises(IndexingFailed, match=r"^indexing failed: Traceback: index on fire$"):
        Snapshot.open(corpus, tmp_path / "ix", in_subprocess=True)


def test_a_current_index_opens_without_reading_the_manifest(
    corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "ix"
    (corpus.seeds_dir / "empty.txt").write_text("")
    (corpus.seeds_dir / "000_588f2ff7381e34dc.md").write_text("A twin")
    (corpus.dossiers_dir / "person" / "broken.yaml").write_text("name: [unclosed\n")
    first = sync(corpus, root)
    assert len(first.problems) == 3 and first.skipped == 2
    with monkeypatch.context() as m:
        m.setattr(IndexStore, "_read_manifest", lambda self: pytest.fail("the manifest was read"))
        again = sync(corpus, root)  # the small summary beside the manifest says nothing changed
        assert (
            again.problems == first.problems
            and again.skipped == first.skipped
            and not again.rebuilt
        )
        assert IndexStore(corpus, root).is_current()
    manifest = index_dir(corpus, root) / MANIFEST
    manifest.write_text(
        manifest.read_text()
    )  # rewritten (by an older dossier, say): the summary no longer vouches
    with monkeypatch.context() as m:
        read: list[bool] = []
        original = IndexStore._read_manifest
        m.setattr(IndexStore, "_read_manifest", lambda self: read.append(True) or original(self))
        assert counts(sync(corpus, root)) == (0, 0, 0, 2, False) and read
    (corpus.seeds_dir / "new.txt").write_text("Rajin notes\nThe port of Rajin.")
    assert counts(sync(corpus, root)) == (
        1,
        0,
        0,
        2,
        False,
    )  # a new file: the listing's digest changed
