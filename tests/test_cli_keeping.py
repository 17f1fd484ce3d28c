"""The writing commands: ``dossier new``, ``dossier cite``, ``dossier undo`` — output, exit codes,
nothing written on an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.index.corpus.articles import Corpus

ARTICLE_003 = "003_5a1a26e7ddca32af"
GREETED = (
    "There, Kim was greeted with a red carpet by Natural Resources Minister Alexander Kozlov, "
    "Regional Governor Oleg Kozemayako, honor guards, and a military band."
)


@pytest.fixture
def corpus(tmp_path: Path, copy_corpus) -> Corpus:
    return copy_corpus(tmp_path / "corpus")


def files(corpus: Corpus) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in corpus.root.rglob("*") if p.is_file()}


def test_new_prints_the_path_and_check_passes(capsys, corpus: Corpus, run) -> None:
    code, out, err = run(
        capsys,
        "--corpus",
        str(corpus.root),
        "new",
        "place",
        "East Germany",
        "--alias",
        "GDR",
        "--alias",
        "ГДР",
    )
    path = corpus.root / "dossiers" / "place" / "east-germany.yaml"
    assert (code, out, err) == (0, f"{path}\n", "")
    assert path.read_text() == 'type: place\nname: "East Germany"\naliases:\n- "GDR"\n- "ГДР"\n'
    assert run(capsys, "--corpus", str(corpus.root), "check")[0] == 0


def test_cite_appends_a_claim_and_show_has_it(capsys, corpus: Corpus, run) -> None:
    path = corpus.root / "dossiers" / "person" / "oleg-kozhemyako.yaml"
    before = path.read_text()
    code, out, err = run(
        capsys,
        "--corpus",
        str(corpus.root),
        "cite",
        "oleg-kozhemyako",
        "--source",
        ARTICLE_003,
        "--quote",
        GREETED.replace("’", "'"),
        "--text",
        "Met Kim at Khasan.",
        "--note",
        "003 spells him Kozemayako",
    )  # not --disputed: check wants a disagreeing source
    lines = before.count("\n")
    assert (code, out, err) == (0, f"{path}:{lines + 1}: claim added\n", "")
    assert path.read_text() == before + (
        f'- text: "Met Kim at Khasan."\n  source: {ARTICLE_003}\n  quote: "{GREETED}"\n'
        '  note: "003 spells him Kozemayako"\n'
    )
    code, out, _ = run(capsys, "--corpus", str(corpus.root), "show", "oleg-kozhemyako")
    assert code == 0 and "Met Kim at Khasan." in out
    assert run(capsys, "--corpus", str(corpus.root), "check")[0] == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["cite", "nobody", "--source", ARTICLE_003, "--quote", GREETED, "--text", "t"],
            "no dossier 'nobody'",
        ),
        (
            ["cite", "kim-jong-un", "--source", "999_nope", "--quote", GREETED, "--text", "t"],
            "no article '999_nope' in seeds/",
        ),
        (
            [
                "cite",
                "kim-jong-un",
                "--source",
                "002_9988d65b17898380",
                "--quote",
                GREETED,
                "--text",
                "t",
            ],
            "the quote is not a sentence of article 002_9988d65b17898380",
        ),
        (
            [
                "cite",
                "kim-jong-un",
                "--source",
                ARTICLE_003,
                "--quote",
                "Kim was greeted with a red carpet",
                "--text",
                "t",
            ],
            "the quote is not a sentence of article 003_5a1a26e7ddca32af; it is part of: "
            "“There, Kim was greeted with a "
            "red carpet by Natural Resources Minister Alexande…”",
        ),
        (
            ["cite", "kim-jong-un", "--source", ARTICLE_003, "--quote", GREETED, "--text", " "],
            "the claim text is empty",
        ),
        (["new", "person", "Kozemayako"], "'Kozemayako' is already a name of oleg-kozhemyako"),
        (["new", "place", "Russia"], "the id 'russia' is taken by dossiers/place/russia.yaml"),
        (["new", "place", "…"], "cannot make an id from the name '…': it has no letters or digits"),
        (["undo"], "nothing to undo"),
    ],
)
def test_errors_are_one_line_exit_1_and_write_nothing(
    capsys,
    corpus: Corpus,
    argv: list[str],
    message: str,
    run,
) -> None:
    before = files(corpus)
    assert run(capsys, "--corpus", str(corpus.root), *argv) == (1, "", f"dossier: {message}\n")
    assert files(corpus) == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["new", "city", "Atlantis"],
            "dossier new: error: argument TYPE: invalid choice: 'city' (choose from 'person', 'organization', 'place', "
            "'event') (see --help)",
        ),
        (
            ["cite", "kim-jong-un", "--source", ARTICLE_003, "--quote", GREETED],
            "dossier cite: error: the following arguments are required: --text (see --help)",
        ),
    ],
)
def test_usage_errors_exit_2(capsys, corpus: Corpus, argv: list[str], message: str, run) -> None:
    assert run(capsys, "--corpus", str(corpus.root), *argv) == (2, "", f"{message}\n")


def test_undo_takes_back_the_last_cite(capsys, corpus: Corpus, run) -> None:
    path = corpus.root / "dossiers" / "person" / "kim-jong-un.yaml"
    before = path.read_bytes()
    cite = ("cite", "kim-jong-un", "--source", ARTICLE_003, "--quote", GREETED, "--text", "t")
    assert run(capsys, "--corpus", str(corpus.root), *cite)[0] == 0
    assert run(capsys, "--corpus", str(corpus.root), "undo") == (
        0,
        f"{path}: last write undone\n",
        "",
    )
    assert path.read_bytes() == before


def test_help_on_the_writing_commands(capsys, corpus: Corpus, run) -> None:
    for command in ("new", "cite", "undo"):
        code, out, _ = run(capsys, "--corpus", str(corpus.root), command, "--help")
        assert code == 0 and out.startswith(f"usage: dossier {command}")
