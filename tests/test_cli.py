"""The command line contract: output formats, exit codes and usage errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def test_search_json(capsys, run) -> None:
    code, out, _ = run(capsys, "search", "Khasan", "--json", "--limit", "20")
    hits = json.loads(out)
    assert code == 0
    assert {"kind", "id", "title", "path", "date", "score", "snippet"} <= set(hits[0])
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    article = next(h for h in hits if h["kind"] == "article")
    assert (
        article["id"] == "004_e5b1709b295aaf7b" and article["date"] == "2023-09-13"
    )  # seeds/metadata.yaml
    assert article["printed_date"] == "2023-11-07"  # its dateline, which disagrees
    assert "Khasan" in article["snippet"] and "fuzzy" not in article


def test_search_json_empty_and_fuzzy(capsys, run) -> None:
    assert run(capsys, "search", "xylophonequartz", "--json")[:2] == (0, "[]\n")
    code, out, _ = run(capsys, "search", "schoolchildrn", "--json")
    assert code == 0 and all(h["fuzzy"] for h in json.loads(out))


def test_search_human_output_marks_matches(capsys, run) -> None:
    code, out, _ = run(capsys, "search", "energy", "--limit", "3")
    assert code == 0
    assert "[еnеrgy]" in out or "[Enеrgy]" in out
    assert out.splitlines()[0].startswith("3 results")


def test_broken_query_is_not_an_error(capsys, run) -> None:
    code, out, _ = run(capsys, "search", '"Khasan')
    assert code == 0 and out.startswith("(query syntax not understood")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["search"],
            "dossier search: error: the following arguments are required: query (see --help)\n",
        ),
        (
            ["search", "x", "--limit", "0"],
            "dossier search: error: argument --limit: must be at least 1: 0 (see --help)\n",
        ),
        (
            ["frobnicate"],
            "dossier: error: argument COMMAND: invalid choice: 'frobnicate' "
            "(choose from 'search', 'index', 'show', 'check', 'new', 'cite', 'undo', 'export', "
            "'unlinked') "
            "(see --help)\n",
        ),
        (
            ["index", "--corpus", "/no/such/dir"],
            "dossier index: error: argument --corpus: no such folder: /no/such/dir (see --help)\n",
        ),
        (
            ["search", ""],
            "dossier search: error: argument query: the query is empty (see --help)\n",
        ),
        (
            ["search", "  "],
            "dossier search: error: argument query: the query is empty (see --help)\n",
        ),
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys, argv: list[str], message: str, run) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out, err) == (2, "", message)


def test_a_folder_without_seeds_or_dossiers_is_a_usage_error(capsys, tmp_path: Path, run) -> None:
    expected = f"argument --corpus: not a corpus (it has neither seeds/ nor dossiers/): {tmp_path} (see --help)\n"
    assert run(capsys, "--corpus", str(tmp_path), "search", "kim") == (
        2,
        "",
        f"dossier: error: {expected}",
    )
    assert run(capsys, "check", "--corpus", str(tmp_path)) == (
        2,
        "",
        f"dossier check: error: {expected}",
    )


@pytest.mark.parametrize("before", [True, False])
def test_corpus_before_or_after_the_command(capsys, tmp_path: Path, before: bool, run) -> None:
    (tmp_path / "dossiers" / "person").mkdir(parents=True)
    (tmp_path / "dossiers" / "person" / "x.yaml").write_text("name: X\n")
    argv = ["--corpus", str(tmp_path), "check"] if before else ["check", "--corpus", str(tmp_path)]
    code, out, _ = run(capsys, *argv)
    assert (
        code == 1
        and out == f"{tmp_path}/dossiers/person/x.yaml:1:1: missing required field 'type'\n"
    )


def test_a_folder_in_the_environment_is_checked_too(
    capsys, tmp_path: Path, monkeypatch, run
) -> None:
    monkeypatch.setenv("DOSSIER_CORPUS", str(tmp_path))
    code, _, err = run(capsys, "search", "kim")
    assert code == 2 and err.startswith("dossier: error: argument --corpus: not a corpus")


def test_an_unwritable_index_root_falls_back_to_a_temporary_index(
    capsys, tmp_path: Path, monkeypatch, run
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("DOSSIER_INDEX_ROOT", str(blocker))
    code, out, err = run(capsys, "search", "kim")
    assert code == 0 and "Kim Jong Un" in out
    [warning] = err.splitlines()
    assert warning.startswith(f"warning: cannot write the index cache {blocker}/")
    assert "using a temporary index" in warning


@pytest.mark.parametrize(
    "argv",
    [["search", "kim", "--limit", "100"], ["show", "Kim Jong Un"], ["show", "kim", "--json"]],
)
def test_a_closed_pipe_ends_quietly(argv: list[str]) -> None:
    """``dossier search kim | head``: the reader leaves early; no traceback, the shell's SIGPIPE
    status."""
    child = subprocess.Popen(
        [sys.executable, "-m", "dossier.tui.cli", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before the first byte is written
    err = child.stderr.read()
    assert child.wait(timeout=60) == 141 and err == b""


def test_help_on_every_command(capsys, run) -> None:
    for argv in ([], ["search"], ["index"], ["show"], ["check"]):
        code, out, _ = run(capsys, *argv, "--help")
        assert code == 0 and out.startswith("usage: dossier")


def test_index_summary_line(capsys, tmp_path: Path, copy_corpus, run) -> None:
    corpus = copy_corpus(tmp_path)
    code, out, _ = run(capsys, "index", "--corpus", str(corpus.root))
    assert code == 0 and out.startswith(
        "index rebuilt: 5 added, 0 updated, 0 removed, 0 skipped in "
    )
    dossiers = len(list(corpus.dossiers_dir.rglob("*.yaml")))
    assert out.rstrip().endswith(
        f"; 5 articles and {dossiers} dossiers indexed"
    )  # the dossiers count too
    code, out, _ = run(capsys, "index", "--corpus", str(corpus.root))
    assert out.startswith("index updated: 0 added, 0 updated, 0 removed, 0 skipped in ")
    assert out.rstrip().endswith(f"; 5 articles and {dossiers} dossiers indexed")
    code, out, _ = run(capsys, "index", "--rebuild", "--corpus", str(corpus.root))
    assert out.startswith("index rebuilt: 5 added")


def test_corpus_from_environment(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, copy_corpus, run
) -> None:
    corpus = copy_corpus(tmp_path)
    (corpus.seeds_dir / "extra.txt").write_text("Zanzibarquartz notes\nOnly here.")
    monkeypatch.setenv("DOSSIER_CORPUS", str(corpus.root))
    code, out, _ = run(capsys, "search", "Zanzibarquartz", "--json")
    assert code == 0 and [h["id"] for h in json.loads(out)] == ["extra"]


def test_search_does_not_import_textual(project_root) -> None:
    probe = "import sys, dossier.tui.cli, dossier.index.api; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], cwd=project_root).returncode == 0


def test_import_contracts_hold(project_root) -> None:
    """The boundaries in pyproject.toml: index never imports the UI; tui only through the API; UI
    layers."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], cwd=project_root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
    assert " 0 broken" in result.stdout


def test_pinned_whoosh_distribution() -> None:
    import whoosh

    assert whoosh.versionstring() == "2.7.5"


def test_relaxed_results_say_so(capsys, run) -> None:
    code, out, _ = run(capsys, "search", "Putin zanzibar")
    assert code == 0 and out.startswith(
        "(no hit has every word: these have most of them, the most first)\n"
    )
    code, out, _ = run(capsys, "search", "Putin Kim")
    assert code == 0 and "every word" not in out
