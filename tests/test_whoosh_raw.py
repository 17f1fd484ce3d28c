"""Our faster writer (index/search/whoosh_raw.py) writes the very postings Whoosh's own writer
does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import whoosh
from whoosh.writing import SegmentWriter

from dossier.index.api import Corpus
from dossier.index.indexing import store
from dossier.index.indexing.store import IndexStore
from dossier.index.search import whoosh_raw

FIELDS = ("title", "body", "name", "notes", "words", "entity", "mentioned", "acronym")


def _postings(index: Any) -> dict[tuple[str, bytes], list[tuple[Any, ...]]]:
    """Every posting of every term of ``FIELDS``, with the block statistics written beside it."""
    found = {}
    with index.reader() as reader:
        for fieldname in FIELDS:
            for term in reader.lexicon(fieldname):
                matcher = reader.postings(fieldname, term)
                rows = []
                while matcher.is_active():
                    rows.append(
                        (
                            matcher.id(),
                            matcher.weight(),
                            matcher.value(),
                            matcher.block_min_length(),
                            matcher.block_max_length(),
                        )
                    )
                    matcher.next()
                found[fieldname, term] = rows
    return found


class _WhooshsWriter(SegmentWriter):
    """Whoosh's own writer, taking the store's commit (no segments from helpers in a build this
    small)."""

    def commit(self, mergetype: Any = None, shares: tuple[Any, ...] = ()) -> None:
        assert not shares
        super().commit(mergetype=mergetype)


def test_whoosh_is_the_pinned_version() -> None:
    assert whoosh.versionstring() == "2.7.5"  # whoosh_raw reads this version's private structures


def test_our_writer_writes_what_whooshs_own_writes(
    tmp_path: Path, copy_corpus: Callable[[Path], Corpus], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = copy_corpus(tmp_path / "corpus")
    monkeypatch.setattr(
        store, "WRITER_MB", 0.1
    )  # the pool spills sorted runs to disk, as in a big build,
    monkeypatch.setattr(whoosh_raw, "_RUN_CHUNK", 100)  # each of several pickled chunks
    runs: list[int] = []
    write_run = whoosh_raw._ChunkedPool._write_run
    monkeypatch.setattr(
        whoosh_raw._ChunkedPool,
        "_write_run",
        lambda pool, f, items: runs.append(1) or write_run(pool, f, items),
    )
    ours = IndexStore(corpus, tmp_path / "ours")
    ours.sync()
    assert len(runs) >= 5
    monkeypatch.setattr(store, "Writer", _WhooshsWriter)
    theirs = IndexStore(corpus, tmp_path / "theirs")
    theirs.sync()
    written, expected = _postings(ours.index), _postings(theirs.index)
    assert written == expected


#: Private names of Whoosh that dossier reads; only whoosh_raw may use them.
_PRIVATE = ("_perdoc", "_btexts", "_INT_SIZE", "_read_ids", "_cached_reader", "deleted_docs_set")


def test_only_whoosh_raw_touches_whooshs_private_names(project_root: Path) -> None:
    import ast

    for path in sorted((project_root / "index").rglob("*.py")):
        if path.name == "whoosh_raw.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh"):
                assert not [a.name for a in node.names if a.name.startswith("_")], path
            if isinstance(node, ast.Attribute):
                assert node.attr not in _PRIVATE, f"{path}:{node.lineno}"
