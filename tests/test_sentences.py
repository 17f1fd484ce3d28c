"""Sentence boundaries: not after abbreviations, initials or months; a sentence holding "Mr." can be
cited."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.index.text.sentences import sentence_bounds, sentence_matching, sentences


def split(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Mr. Forsyth said the talks had failed.",
        "Mrs. Thatcher and Ms. Jones met Dr. Patel at St. Thomas' hospital.",
        "Acme Inc. and Widgets Ltd. sued Smith & Co. and Big Corp. on Monday.",
        "Rep. Smith, Sen. Jones, Gen. Lee, Lt. Col. Brown and Capt. Hook agreed with Prof. Kim.",
        "Martin Luther King Jr. and Hank Williams Sr. were named.",
        "He lives at No. 10 and they won Nos. 3 and 4.",
        "It was Smith vs. Jones in the final.",
        "Apples, pears etc. were sold at the market.",
        "The U.S. and the U.K. signed the deal.",
        "Tools, e.g. hammers, and parts, i.e. screws, were listed.",
        "J. K. Rowling wrote the books.",
        "The vote on Jan. 5 and the one on Sept. 12 were close.",
    ],
)
def test_abbreviations_do_not_end_a_sentence(sentence: str) -> None:
    text = f"First sentence here. {sentence} Last one."
    assert split(text) == ["First sentence here.", sentence, "Last one."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "They bought apples, pears etc. The market closed.",
            ["They bought apples, pears etc.", "The market closed."],
        ),
        ("Shares of Acme Inc. Rose sharply.", ["Shares of Acme Inc.", "Rose sharply."]),
        ("It ended in Jan. Then it began.", ["It ended in Jan.", "Then it began."]),
        ("He met Mr.\nSmith.", ["He met Mr.", "Smith."]),  # a line end always ends one
        ("Done. Next? Yes! Fine…", ["Done.", "Next?", "Yes!", "Fine…"]),
    ],
)
def test_sentences_still_end_where_they_should(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_bounds_and_matching_agree_with_the_split() -> None:
    text = "Chelsea sacked him. Mr. Forsyth said the Co. would appeal on Jan. 5. It did."
    at = text.index("Forsyth")
    assert (
        text[slice(*sentence_bounds(text, at, at + 7))]
        == "Mr. Forsyth said the Co. would appeal on Jan. 5."
    )
    assert sentence_matching(
        text, "mr. forsyth said the co. would appeal on jan. 5."
    ) == sentence_bounds(text, at, at)


def test_a_sentence_with_mr_is_cited_and_checked(tmp_path: Path, capsys, run) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "dossiers").mkdir()
    (tmp_path / "seeds" / "forsyth.txt").write_text(
        "Scottish talks stall\n\nThe meeting ended early. Mr. Forsyth said the talks in Edinburgh had failed. "
        "Officials left.\n",
        encoding="utf-8",
    )
    corpus = ["--corpus", str(tmp_path)]
    code, out, err = run(capsys, *corpus, "new", "person", "Michael Forsyth", "--alias", "Forsyth")
    assert code == 0, err
    quote = "Mr. Forsyth said the talks in Edinburgh had failed."
    code, out, err = run(
        capsys,
        *corpus,
        "cite",
        "michael-forsyth",
        "--source",
        "forsyth",
        "--quote",
        quote,
        "--text",
        "Said the Edinburgh talks failed.",
    )
    path = tmp_path / "dossiers" / "person" / "michael-forsyth.yaml"
    assert (code, err) == (0, "") and out.startswith(f"{path}:")
    assert f'quote: "{quote}"' in path.read_text(encoding="utf-8")
    assert run(capsys, *corpus, "check") == (
        0,
        "1 dossier, 1 claim, 0 relations: no problems\n",
        "",
    )
