"""bench/cli_bench.py runs end to end at N=200, so it never rots (its timings are not asserted)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_cli_bench_prints_one_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location("cli_bench", PROJECT / "bench" / "cli_bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(
        sys.modules, "cli_bench", module
    )  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    argv = ["--articles", "200", "--runs", "1", "--words", "Putin", "--workdir", str(tmp_path)]
    assert module.main(argv) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    labels = [row.split("|")[2].strip() for row in rows[1:]]
    assert labels == [
        "dossier --help",
        "import dossier.tui.cli",
        "dossier search Putin",
        "rg -il Putin",
    ]
    assert len(list((tmp_path / "corpus-200" / "seeds").iterdir())) == 200
