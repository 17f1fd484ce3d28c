"""bench/real_corpora.py reports a corpus's files, index build and searches (its timings are not
asserted)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "real_corpora", PROJECT / "bench" / "real_corpora.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up by name
    spec.loader.exec_module(module)
    return module


def test_report_counts_files_indexed_and_not_read_and_runs_the_queries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "bbc"
    (corpus / "seeds").mkdir(parents=True)
    (corpus / "dossiers").mkdir()
    (corpus / "seeds" / "wenger.txt").write_text(
        "Wenger speaks\n\nArsene Wenger praised the team.\n", "utf-8"
    )
    (corpus / "seeds" / "notes.xyz").write_text("Arsene\n", "utf-8")
    _bench().main([str(corpus), "--index-root", str(tmp_path / "index"), "--sample", "1"])
    out = capsys.readouterr().out
    assert "| 2 (1 .txt, 1 .xyz) | 1 | 0 | 1 | 0 |" in out
    assert "| wenger | Wenger speaks |" in out
    assert "| `Arsene` | 1 |  | Wenger speaks (wenger) |" in out


def test_reasons_group_the_same_fault_in_many_files_and_keep_encodings() -> None:
    reason = _bench().reason
    assert reason("duplicate article id '001' (also /c/seeds/a/001.txt), skipped") == (
        reason("duplicate article id '002' (also /c/seeds/b/002.txt), skipped")
    )
    assert (
        reason("not valid UTF-8 (byte 257), decoded as cp932")
        == "not valid UTF-8 (byte N), decoded as cp932"
    )


def test_a_crash_is_reported_in_the_table_not_raised() -> None:
    lines = _bench().guarded(lambda: [str(1 // 0)])
    assert lines[0].startswith(
        "**crashed**: `ZeroDivisionError: integer division or modulo by zero` (at "
    )
