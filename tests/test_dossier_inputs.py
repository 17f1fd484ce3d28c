"""Hostile dossier files: each is reported (``path:line:col: message``), nothing runs, nothing
hangs, and every other dossier still loads and is searchable."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dossier.index.api import Snapshot, keeping
from dossier.index.corpus.articles import Corpus
from dossier.index.dossiers.load import load_dossiers
from dossier.index.dossiers.yaml_source import MAX_YAML_BYTES


@pytest.fixture
def corpus(tmp_path: Path, copy_corpus: Callable[[Path], Corpus]) -> Corpus:
    return copy_corpus(tmp_path / "corpus")


def write(corpus: Corpus, name: str, text: str | bytes) -> Path:
    path = corpus.dossiers_dir / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def problems_and_count(corpus: Corpus) -> tuple[list[str], int]:
    started = time.perf_counter()
    dossiers, problems = load_dossiers(corpus)
    assert time.perf_counter() - started < 10
    return [str(p) for p in problems], len(dossiers)


REAL = 52  # the shipped dossiers (49 + Iran, Soviet Union, Launch Vehicle Assembly Building), all must keep loading


def test_tab_indentation(corpus: Corpus) -> None:
    path = write(corpus, "person/tabs.yaml", "type: person\nname: Tabs\naliases:\n\t- Tabby\n")
    problems, count = problems_and_count(corpus)
    assert problems == [
        f"{path}:4:1: YAML syntax error: found character that cannot start any token"
    ]
    assert count == REAL


def test_unclosed_quote(corpus: Corpus) -> None:
    path = write(corpus, "person/quote.yaml", 'type: person\nname: "Unclosed\nsummary: x\n')
    problems, count = problems_and_count(corpus)
    assert (
        len(problems) == 1
        and problems[0].startswith(f"{path}:")
        and "YAML syntax error" in problems[0]
    )
    assert count == REAL


def test_alias_bomb_is_cheap_and_reported(corpus: Corpus) -> None:
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)
    ]  # 9**10 strings if expanded
    path = write(
        corpus, "person/bomb.yaml", "type: person\nname: Bomb\n" + "\n".join(levels) + "\n"
    )
    problems, count = problems_and_count(corpus)
    assert problems and all(p.startswith(f"{path}:") for p in problems)
    assert any("unknown field 'a0'" in p for p in problems)
    assert count == REAL


def test_recursive_alias(corpus: Corpus) -> None:
    path = write(corpus, "person/loop.yaml", "type: person\nname: Loop\naliases: &x [*x]\n")
    problems, count = problems_and_count(corpus)
    assert problems and all(p.startswith(f"{path}:") for p in problems)
    assert count == REAL


def test_python_tags_run_nothing(corpus: Corpus, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(
        corpus,
        "person/tag.yaml",
        f"type: person\nname: !!python/object/apply:os.system ['touch {marker}']\n",
    )
    problems, count = problems_and_count(corpus)
    assert not marker.exists()
    assert len(problems) == 1 and problems[0].startswith(
        f"{path}:2:7: YAML syntax error: could not determine a constructor for the tag"
    )
    assert count == REAL


def test_ten_megabyte_dossier_is_skipped_with_a_warning(corpus: Corpus) -> None:
    body = "type: person\nname: Huge\nsummary: " + "x" * (10 * 1024 * 1024) + "\n"
    path = write(corpus, "person/huge.yaml", body)
    problems, count = problems_and_count(corpus)
    assert problems == [
        f"{path}:1:1: 10.0 MB: over the {MAX_YAML_BYTES // 1024} KB limit for a YAML file, skipped"
    ]
    assert count == REAL
    bench = Snapshot.open(corpus, corpus.root.parent / "ix")
    started = time.perf_counter()
    assert bench.search("Kozhemyako").total >= 1
    assert time.perf_counter() - started < 1


def test_path_like_ids_and_dangling_references(corpus: Corpus) -> None:
    dotted = write(
        corpus,
        "person/traversal.yaml",
        "type: person\nname: Traversal\nrelations:\n"
        "- {type: member_of, target: ../../etc/passwd}\n",
    )
    dangling = write(
        corpus,
        "person/dangling.yaml",
        "type: person\nname: Dangling\nrelations:\n- {type: member_of, target: no-such-dossier}\n",
    )
    problems, count = problems_and_count(corpus)
    assert problems == [
        f"{dotted}:4:29: relations[0].target: '../../etc/passwd' is not an id (lower-case words joined by '-')"
    ]
    assert count == REAL + 1
    _, checked = keeping.check_corpus(corpus)
    assert any(str(p).startswith(f"{dangling}:4:") and "no-such-dossier" in str(p) for p in checked)
