"""The benchmarks run end to end at N=200, so they never rot (their timings are not asserted)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def test_scale_bench_writes_one_table_at_200_articles(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "scale_bench", PROJECT / "bench" / "scale_bench.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "RESULTS.md"
    module.main(
        [
            "--articles",
            "200",
            "--workdir",
            str(tmp_path),
            "--runs",
            "1",
            "--references",
            "rg,whoosh",
            "--out",
            str(out),
        ]
    )
    table = out.read_text(encoding="utf-8")
    assert "Machine:" in table
    rows = [line for line in table.splitlines() if line.startswith("| 200 |")]
    measures = [row.split("|")[2].strip() for row in rows]
    assert "build s (articles/s)" in measures and measures[0].startswith("load average")
    assert any(m.startswith("query phrase ms") for m in measures)
    assert any(m.startswith("open most-mentioned dossier ms (kim-jong-un") for m in measures)
    data = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["200"]
    assert len(data["dossier"]["queries"]["word"]) == 6
    assert data["dossier"]["hits"]["phrase"] > 0
    assert data["whoosh"]["queries"]["phrase"]
    assert not (
        tmp_path / "corpus-200" / "seeds" / "zz-bench-added-000.txt"
    ).exists()  # the corpus is restored


def test_dossier_edit_bench_relinks_only_the_articles_naming_the_edit(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    subprocess.run(
        [
            sys.executable,
            str(PROJECT / "bench" / "make_corpus.py"),
            str(corpus / "seeds"),
            "--articles",
            "200",
            "--seeds-dir",
            str(PROJECT / "seeds"),
        ],
        check=True,
    )
    shutil.copytree(PROJECT / "dossiers", corpus / "dossiers")
    out = subprocess.run(
        [
            sys.executable,
            str(PROJECT / "bench" / "dossier_edit_bench.py"),
            str(corpus),
            str(tmp_path / "ix"),
            "--runs",
            "1",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(out.stdout)
    assert data["articles"] == 200 and data["build"]["rebuilt"]
    for step in ("add_dossier", "add_alias", "remove_dossier"):
        assert 0 < data[step]["relinked"] == data[step]["updated"] < 200
    assert not (corpus / "dossiers" / "organization" / "bench-dossier-edit.yaml").exists()
