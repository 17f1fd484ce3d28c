"""Shared fixtures: the real seeds and dossiers, indexed once per session in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.index.api import Workbench
from dossier.index.corpus import Corpus

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _private_index_root(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test writes into the user's cache or state folders or reads their $DOSSIER_CORPUS."""
    monkeypatch.setenv("DOSSIER_INDEX_ROOT", str(tmp_path_factory.getbasetemp() / "index-root"))
    monkeypatch.setenv("DOSSIER_STATE_ROOT", str(tmp_path_factory.getbasetemp() / "state-root"))
    monkeypatch.delenv("DOSSIER_CORPUS", raising=False)


def copy_corpus(destination: Path) -> Corpus:
    """A private copy of the project's corpus that a test may change."""
    shutil.copytree(PROJECT / "seeds", destination / "seeds")
    shutil.copytree(PROJECT / "dossiers", destination / "dossiers")
    return Corpus(destination)


@pytest.fixture(scope="session")
def real_corpus() -> Corpus:
    """The project's own corpus (read only)."""
    return Corpus(PROJECT)


@pytest.fixture(scope="session")
def bench(tmp_path_factory: pytest.TempPathFactory, real_corpus: Corpus) -> Workbench:
    """The real seeds and dossiers, indexed once for the whole session."""
    return Workbench.open(real_corpus, index_root=tmp_path_factory.mktemp("session-index"))
