"""``dossier show`` for articles, and the authors and copies of ``dossier search --json`` hits."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SEED = "000_588f2ff7381e34dc"
METADATA = """
000_588f2ff7381e34dc:
  date: '2023-09'
  authors: [Anna Petrova, Lee Min-ho]
  publisher: Eastern Wire
  url: https://example.org/ties
  language: en
  tags: [visit, diplomacy]
  inferred:
    date: the visit of September 2023
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real seeds and dossiers, with authors and a publisher for one article, a re-saved copy of
    it, an article whose id is a dossier's, and one whose text holds a terminal escape."""
    root = tmp_path_factory.mktemp("articles-corpus")
    shutil.copytree(PROJECT / "seeds", root / "seeds")
    shutil.copytree(PROJECT / "dossiers", root / "dossiers")
    (root / "seeds" / "metadata.yaml").write_text(METADATA, encoding="utf-8")
    text = (root / "seeds" / f"{SEED}.txt").read_text(encoding="utf-8")
    (root / "seeds" / "ties-copy.txt").write_text(
        text.replace("\n", "\r\n").replace("’", "'"), encoding="utf-8"
    )
    (root / "seeds" / "khasan.txt").write_text(
        "Khasan station reopens\n\nTrains run again.\n", encoding="utf-8"
    )
    (root / "seeds" / "escape.txt").write_text(
        "Hostile\n\nA \x1b]52;c;payload\x07 here.\n", encoding="utf-8"
    )
    return root


def test_show_an_article_as_text(capsys, run, corpus: Path) -> None:
    code, out, err = run(capsys, "--corpus", str(corpus), "show", SEED)
    assert code == 0 and err == ""
    head, _, text = out.partition("\n\n")
    assert head.splitlines() == [
        f"article {SEED}",
        "title: Strengthening Ties: The Russia-North Korea Relationship",
        "date: 2023-09 (inferred)",
        "authors: Anna Petrova, Lee Min-ho",
        "publisher: Eastern Wire",
        "url: https://example.org/ties",
        f"path: {corpus / 'seeds' / f'{SEED}.txt'}",
        "duplicates: ties-copy",
    ]
    assert text.startswith(
        "Strengthening Ties: The Russia-North Korea Relationship\n\nKim Jong Un's arrival"
    )


def test_show_an_article_as_json(capsys, run, corpus: Path) -> None:
    code, out, _ = run(capsys, "--corpus", str(corpus), "show", "ties-copy", "--json")
    data = json.loads(out)
    assert code == 0 and data["kind"] == "article" and data["id"] == "ties-copy"
    assert data["duplicates"] == [SEED]
    assert set(data) == {
        "kind",
        "id",
        "title",
        "date",
        "authors",
        "publisher",
        "url",
        "language",
        "tags",
        "path",
        "text",
        "duplicates",
    }
    code, out, _ = run(capsys, "--corpus", str(corpus), "show", SEED, "--json")
    data = json.loads(out)
    assert (
        data["authors"],
        data["publisher"],
        data["url"],
        data["language"],
        data["tags"],
        data["date"],
    ) == (
        ["Anna Petrova", "Lee Min-ho"],
        "Eastern Wire",
        "https://example.org/ties",
        "en",
        ["visit", "diplomacy"],
        "2023-09",
    )
    assert data["text"].startswith("Strengthening Ties") and data["duplicates"] == ["ties-copy"]


def test_an_article_text_is_shown_literally(capsys, run, corpus: Path) -> None:
    code, out, _ = run(capsys, "--corpus", str(corpus), "show", "escape")
    assert code == 0 and "\x1b" not in out and "\x07" not in out and "␛]52;c;payload" in out


def test_a_dossier_wins_over_an_article_of_the_same_id_unless_prefixed(
    capsys, run, corpus: Path
) -> None:
    code, out, _ = run(capsys, "--corpus", str(corpus), "show", "khasan", "--json")
    assert code == 0 and json.loads(out)["type"] == "place"
    code, out, _ = run(capsys, "--corpus", str(corpus), "show", "article:khasan", "--json")
    assert code == 0 and json.loads(out)["title"] == "Khasan station reopens"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "000_588f2ff7381e34d",
            "dossier: no dossier or article named '000_588f2ff7381e34d'; "
            "did you mean: 000_588f2ff7381e34dc?\n",
        ),
        ("article:Khasan", "dossier: no article named 'article:Khasan'; did you mean: khasan?\n"),
        ("article:zzz", "dossier: no article named 'article:zzz'\n"),
    ],
)
def test_an_unknown_id_is_an_error(capsys, run, corpus: Path, name: str, message: str) -> None:
    assert run(capsys, "--corpus", str(corpus), "show", name) == (1, "", message)


def test_search_json_hits_carry_authors_and_copies(capsys, run, corpus: Path) -> None:
    code, out, _ = run(
        capsys, "--corpus", str(corpus), "search", "Primorye schoolchildren", "--json"
    )
    hits = json.loads(out)
    copies = [hit for hit in hits if hit["id"] in (SEED, "ties-copy")]
    assert code == 0 and len(copies) == 1  # the group once
    assert copies[0]["duplicates"] == ["ties-copy" if copies[0]["id"] == SEED else SEED]
    assert all(
        isinstance(hit["authors"], list) and isinstance(hit["duplicates"], list) for hit in hits
    )
    if copies[0]["id"] == SEED:
        assert copies[0]["authors"] == ["Anna Petrova", "Lee Min-ho"]


def test_search_text_lists_the_copies(capsys, run, corpus: Path) -> None:
    code, out, _ = run(capsys, "--corpus", str(corpus), "search", "Primorye schoolchildren")
    assert code == 0 and out.count("copies: ") == 1
    assert out.startswith("3 results, showing 2, 1 listed as a copy (")
    line = next(line for line in out.splitlines() if "copies: " in line)
    assert line.strip() in ("copies: ties-copy", f"copies: {SEED}")
