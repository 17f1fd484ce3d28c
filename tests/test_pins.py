"""The case file: pins per corpus in the user data folder, atomic writes, order, bad files moved
aside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.index.corpus.articles import Corpus
from dossier.index.views.pins import DATA_ROOT_ENV, Pin, PinStore, pins_path

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(DATA_ROOT_ENV, str(tmp_path / "data"))
    return tmp_path / "data"


def test_pins_live_in_the_data_folder_per_corpus(data: Path, tmp_path: Path) -> None:
    one, other = Corpus(PROJECT), Corpus(tmp_path / "elsewhere")
    assert pins_path(one).parent == data / "pins"
    assert pins_path(one) != pins_path(other)
    assert PROJECT not in pins_path(one).parents
    store = PinStore(one)
    assert store.add(Pin("dossier", "khasan"))
    assert store.path.is_file() and not list(PROJECT.rglob("*.pins*"))
    assert PinStore(other).load() == []


def test_add_keeps_order_and_refuses_duplicates(data: Path) -> None:
    store = PinStore(Corpus(PROJECT))
    sentence = Pin(
        "sentence",
        "003_5a1a26e7ddca32af",
        "On Wednesday, Kim Jong-un and Vladimir Putin had a rare",
        start=79,
        end=300,
    )
    assert store.add(Pin("article", "004_e5b1709b295aaf7b"))
    assert store.add(sentence)
    assert store.add(Pin("claim", "khasan", "Kim crossed here.", "004_e5b1709b295aaf7b", "a quote"))
    assert not store.add(Pin("article", "004_e5b1709b295aaf7b"))
    pins = PinStore(Corpus(PROJECT)).load()  # a fresh store reads the same file
    assert [p.kind for p in pins] == ["article", "sentence", "claim"]
    assert pins[1] == Pin(**{**sentence.__dict__, "added": pins[1].added}) and pins[1].added


def test_move_and_remove(data: Path) -> None:
    store = PinStore(Corpus(PROJECT))
    for target in ("a", "b", "c"):
        store.add(Pin("dossier", target))
    b = store.load()[1]
    assert [p.target for p in store.move(b, -1)] == ["b", "a", "c"]
    assert [p.target for p in store.move(b, 5)] == ["a", "c", "b"]
    assert [p.target for p in store.remove(b)] == ["a", "c"]
    assert [p.target for p in store.load()] == ["a", "c"]


def test_writes_are_atomic(data: Path) -> None:
    store = PinStore(Corpus(PROJECT))
    store.add(Pin("dossier", "khasan"))
    assert [p.name for p in store.path.parent.iterdir()] == [
        store.path.name
    ]  # no temporary left behind
    assert json.loads(store.path.read_text(encoding="utf-8"))["pins"][0]["target"] == "khasan"


def test_an_unreadable_case_file_is_moved_aside_not_lost(data: Path) -> None:
    store = PinStore(Corpus(PROJECT))
    store.path.parent.mkdir(parents=True)
    store.path.write_text("{ not json", encoding="utf-8")
    assert store.load() == []
    assert store.problem and "moved to" in store.problem
    aside = [p for p in store.path.parent.iterdir() if "unreadable" in p.name]
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == "{ not json"
    assert store.add(Pin("dossier", "rajin"))
    assert [p.target for p in store.load()] == ["rajin"]


def test_entries_that_are_not_pins_are_skipped(data: Path) -> None:
    store = PinStore(Corpus(PROJECT))
    store.path.parent.mkdir(parents=True)
    good = {"kind": "dossier", "target": "khasan"}
    store.path.write_text(
        json.dumps({"pins": [good, {"kind": "spell", "target": "x"}, 3, {"kind": "article"}]}),
        encoding="utf-8",
    )
    assert store.load() == [Pin("dossier", "khasan")]
