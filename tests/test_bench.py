"""The scale benchmark runs end to end at N=200, so it never rots (its timings are not asserted)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def test_scale_bench_writes_one_table_at_200_articles(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("scale_bench", PROJECT / "bench" / "scale_bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "RESULTS.md"
    module.main(["--articles", "200", "--workdir", str(tmp_path), "--runs", "1", "--references", "rg,whoosh",
                 "--out", str(out)])
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
    assert not (tmp_path / "corpus-200" / "seeds" / "zz-bench-added-000.txt").exists()  # the corpus is restored
