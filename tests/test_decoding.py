"""Text that is not UTF-8: Western single-byte files read as cp1252 (not cp932), UTF-16, other code
pages, and the note saying so reported by ``dossier index``, not by every ``dossier search``."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.index.corpus.article import load_article
from dossier.index.corpus.articles import Corpus
from dossier.index.corpus.decoding import guess_encoding, is_western

#: Shaped as the BBC corpus's sport/199.txt: 2.6 KB of English whose only byte over 0x7F is
#: Latin-1's £ (0xA3). On text like this charset-normalizer alone says cp932 or cp1250, and the £
#: comes out as ｣ or Ł.
_CLUB = (
    "The club said the striker would be paid a fee, and the board met on Monday to review the contract "
    "terms. "
)
CHELSEA = (
    f"Chelsea sack Mutu\n\n{_CLUB * 12}\n\nChelsea have decided to write off a possible transfer fee for "
    f"Mutu, a £15.8m signing from Parma last season.\n\n{_CLUB * 12}\n"
)
POUND = CHELSEA.encode("latin-1").index(0xA3)
CURLY = "“It’s over,” said the minister – twice… Café owners agreed.\n\nThe next day was calmer.\n"


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_latin1_pound_sign_is_read_as_cp1252_not_cp932(tmp_path: Path) -> None:
    import charset_normalizer

    data = CHELSEA.encode("latin-1")
    alone = (
        charset_normalizer.from_bytes(data).best().encoding
    )  # what went wrong before: cp1250's Ł, cp932's ｣
    assert "£15.8m" not in data.decode(alone)
    path = _write(tmp_path, "199.txt", data)
    article, problems = load_article(path)
    assert (
        article is not None
        and "a £15.8m signing" in article.body
        and article.title == "Chelsea sack Mutu"
    )
    assert [(str(p), p.severity) for p in problems] == [
        (f"{path}:5:1: not valid UTF-8 (byte {POUND}), decoded as cp1252", "note")
    ]


def test_cp1252_curly_quotes_and_dashes(tmp_path: Path) -> None:
    article, problems = load_article(_write(tmp_path, "quotes.txt", CURLY.encode("cp1252")))
    assert article is not None and article.body == CURLY
    assert [p.message for p in problems] == ["not valid UTF-8 (byte 0), decoded as cp1252"]


def test_utf8_with_a_stray_latin1_byte_keeps_both(tmp_path: Path) -> None:
    data = "Café owners in Zürich – “yes”.\n".encode() + b"A \xa315m fee.\n"
    path = _write(tmp_path, "mixed.txt", data)
    article, problems = load_article(path)
    assert article is not None and article.body == "Café owners in Zürich – “yes”.\nA £15m fee.\n"
    assert [str(p) for p in problems] == [
        f"{path}:2:1: not valid UTF-8 (byte 41), decoded as UTF-8 with stray bytes as cp1252"
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    article, problems = load_article(_write(tmp_path, "wide.txt", CURLY.encode(encoding)))
    assert (
        article is not None
        and article.body == CURLY
        and article.title == "“It’s over,” said the minister – twice…"
    )
    expected = [] if encoding == "utf-16" else [f"no byte-order mark, decoded as {encoding}"]
    assert [p.message for p in problems] == expected


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Ким Чен Ын прибыл в Хасан. Губернатор Приморья встретил его на вокзале. " * 3, "cp1251"),
        ("Prezes spółki powiedział, że zysk wzrósł o 15 procent w ciągu roku. " * 3, "cp1250"),
        ("東京で会談が行われた。首相は記者団に語った。" * 3, "shift_jis"),
    ],
)
def test_other_code_pages_are_not_taken_for_western_text(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    assert not is_western(data)
    assert data.decode(guess_encoding(data) or "ascii", "replace") == text


@pytest.mark.parametrize(
    "text", [CHELSEA, CURLY, "Größe, naïve résumé, ¿Qué? «Oui» 25°C ½ price, Œuvre ©2004"]
)
def test_western_text_is_recognised(text: str) -> None:
    assert is_western(text.encode("cp1252"))


def test_binary_with_nuls_is_still_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path, "blob.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01")
    assert [str(p) for p in load_article(path)[1]] == [f"{path}:1:1: binary file, skipped"]


def test_the_decoding_note_is_shown_by_index_not_by_every_search(
    tmp_path: Path, capsys, run
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    path = _write(seeds, "199.txt", CHELSEA.encode("latin-1"))
    note = f"note: {path}:5:1: not valid UTF-8 (byte {POUND}), decoded as cp1252"
    corpus = ["--corpus", str(Corpus(tmp_path).root)]
    code, out, err = run(capsys, *corpus, "search", "Mutu")
    assert code == 0 and "199" in out and err == ""
    code, out, err = run(capsys, *corpus, "search", "Parma")
    assert code == 0 and err == ""
    code, out, err = run(capsys, *corpus, "index")
    assert code == 0 and err == note + "\n"
    code, out, err = run(capsys, *corpus, "index")  # every sync that reports says it again, once
    assert err == note + "\n"


async def test_the_app_logs_the_note_without_a_problem_notification(tmp_path: Path, settle) -> None:
    from textual.message import Message
    from textual.notifications import Notify

    from dossier.index.api import Snapshot
    from dossier.tui.app import DossierApp

    (tmp_path / "seeds").mkdir()
    path = _write(tmp_path / "seeds", "199.txt", CHELSEA.encode("latin-1"))
    bench = Snapshot.open(Corpus(tmp_path), index_root=tmp_path / "ix")
    notes: list[Notify] = []

    def hook(message: Message) -> None:
        if isinstance(message, Notify):
            notes.append(message)

    app = DossierApp(bench)
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await settle(pilot)
        assert f"{path}:5:1: not valid UTF-8 (byte {POUND}), decoded as cp1252" in app.log_lines
        assert not any("problem" in note.notification.message for note in notes)
