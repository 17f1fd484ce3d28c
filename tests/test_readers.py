"""The format readers (HTML, PDF, e-mail, mailbox, Word) on small real-shaped files, and how files
of kinds that cannot be read are reported."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from format_files import write_docx, write_pdf

from dossier.index.api import Snapshot
from dossier.index.corpus.article import article_id
from dossier.index.corpus.articles import Corpus
from dossier.index.corpus.pdf_pages import page_of
from dossier.index.corpus.readers import load_file
from dossier.index.corpus.readers import mail as mail_reader
from dossier.index.corpus.readers import pdf as pdf_reader
from dossier.index.indexing.store import IndexStore
from dossier.index.text.safe_text import is_safe

FIXTURES = Path(__file__).parent / "fixtures" / "analyst"
SEEDS = FIXTURES / "seeds"


@pytest.fixture
def analyst(tmp_path: Path) -> Corpus:
    """A copy of the analyst's corpus fixture (web page, e-mail, mailbox, nested folders, a
    spreadsheet)."""
    shutil.copytree(FIXTURES, tmp_path / "corpus")
    return Corpus(tmp_path / "corpus")


def test_a_news_page_gives_its_text_without_markup_or_boilerplate() -> None:
    path = SEEDS / "pages" / "rajin-port.html"
    [article], problems = load_file(path, "pages/rajin-port")
    assert problems == []
    assert (article.id, article.title, article.date) == (
        "pages/rajin-port",
        "Rajin port reopens to Russian coal",
        "2023-09-14",
    )
    meta = article.meta
    assert (
        meta.authors == ["Mira Okonkwo"]
        and meta.publisher == "The Harbour Gazette"
        and meta.language == "en"
    )
    assert meta.url == "https://gazette.example.com/2023/09/14/rajin-port-reopens"
    assert "The North Korean port of Rajin has resumed shipments of Russian coal" in article.body
    assert (
        "the trains had been running “every second day” since August." in article.body
    )  # entities decoded
    for boilerplate in (
        "Subscribe now",
        "cookies",
        "dataLayer",
        "Most read",
        "Privacy policy",
        "font-family",
        "<",
    ):
        assert boilerplate not in article.body


def test_control_characters_in_a_page_are_made_safe(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(
        "<html><head><title>Port \u202enews\x1b]52;c;bad\x07</title></head><body><article>"
        + "<p>The port of Rajin \u202ereopened\x9b2J for coal trains this week, officials said.</p>"
        * 3
        + "</article></body></html>"
    )
    [article], _ = load_file(page, "hostile")
    assert is_safe(article.title) and is_safe(article.body) and "Rajin" in article.body
    mail = tmp_path / "hostile.eml"
    mail.write_bytes(
        b"From: a@example.org\nSubject: Rajin \x1b]0;pwned\x07\nContent-Type: text/plain\n\n"
        b"Coal \x1b[2J at Rajin.\n"
    )
    [message], _ = load_file(mail, "hostile")
    assert (message.title, message.body) == ("Rajin ␛]0;pwned␇", "Coal ␛[2J at Rajin.")


def test_a_two_page_pdf_keeps_its_pages_and_properties(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "report.pdf",
        [["Coal through Rajin", "rose in March."], ["Page two: Khasan."]],
        title="Port report",
        author="Kim Lee; Ann Smith",
        created="D:20240305120000Z",
    )
    [article], problems = load_file(path, "report")
    assert problems == []
    assert (article.title, article.date, article.meta.authors) == (
        "Port report",
        "2024-03-05",
        ["Kim Lee", "Ann Smith"],
    )
    assert article.body == "Coal through Rajin\nrose in March.\n␌\nPage two: Khasan."
    assert page_of(article.body, "Coal through Rajin") == 1
    assert page_of(article.body, "Page two: Khasan") == 2


def test_pdfs_locked_damaged_or_without_text(tmp_path: Path) -> None:
    opens = write_pdf(tmp_path / "no-copy.pdf", [["Locked against copying only."]], encrypt_for="")
    assert load_file(opens, "no-copy")[0][0].body == "Locked against copying only."
    locked = write_pdf(tmp_path / "locked.pdf", [["Secret."]], encrypt_for="s3cret")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    scan = write_pdf(tmp_path / "scan.pdf", [[]])
    assert [str(p) for path in (locked, scan) for p in load_file(path, path.stem)[1]] == [
        f"{locked}:1:1: encrypted PDF (a password is needed), skipped",
        f"{scan}:1:1: no text layer (a scan?), skipped",
    ]
    [problem] = load_file(damaged, "damaged")[1]  # pypdf's own words on the damage vary by version
    assert problem.message.startswith("damaged or unsupported PDF (") and problem.message.endswith(
        "), skipped"
    )


def test_a_pdf_longer_than_the_page_cap_is_cut_with_a_warning(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    path = write_pdf(tmp_path / "book.pdf", [["One."], ["Two."], ["Three."]])
    [article], problems = load_file(path, "book")
    assert article.body == "One.\n␌\nTwo."
    assert [str(p) for p in problems] == [
        f"{path}:1:1: 3 pages: only the first 2 are indexed and shown"
    ]


def test_an_email_in_latin1_quoted_printable() -> None:
    [article], problems = load_file(SEEDS / "mail" / "letter.eml", "mail/letter")
    assert problems == []
    assert (article.title, article.date) == ("Fréight via Rajin", "2024-03-05")
    assert article.meta.authors == ["José Müller <jose.muller@example.org>"]
    assert article.body == (
        "Bonjour,\n\nLe dépôt de Rajin a reçu trois trains de charbon cette semaine. "
        "Les wagons venaient de Khasan.\n\nJosé"
    )


def test_a_mailbox_gives_one_article_per_message() -> None:
    articles, problems = load_file(SEEDS / "mail" / "list.mbox", "mail/list")
    assert problems == []
    assert [(a.id, a.title, a.date) for a in articles] == [
        ("mail/list/1", "Khasan timetable", "2024-04-01"),
        ("mail/list/2", "Re: Khasan timetable", "2024-04-02"),
        ("mail/list/3", "Rajin port fees", "2024-04-03"),
    ]
    assert articles[0].meta.authors == ["Anna Lee <anna@example.net>"]
    assert articles[0].meta.publisher == "Port watchers <port.example.net>"
    assert articles[1].body == (
        "Thanks Anna. The Rajin pier confirmed the new slots for the coal trains arriving "
        "from Khasan every second day."
    )  # its HTML part, through the extractor


def test_a_word_document(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "memo.docx",
        ["Memo on Rajin", "The pier takes coal trains from Khasan."],
        title="Rajin memo",
        author="Ann Smith",
        created=datetime(2024, 2, 1, 9, 30),
    )
    [article], problems = load_file(path, "memo")
    assert problems == []
    assert (article.title, article.date, article.meta.authors) == (
        "Rajin memo",
        "2024-02-01",
        ["Ann Smith"],
    )
    assert article.body == "Memo on Rajin\nThe pier takes coal trains from Khasan."
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    assert [str(p) for p in load_file(broken, "broken")[1]] == [
        f"{broken}:1:1: damaged or not a Word document (File is not a zip file), skipped"
    ]


def test_files_over_the_size_cap_are_skipped(tmp_path: Path, monkeypatch) -> None:
    from dossier.index.corpus.readers import common

    monkeypatch.setattr(common, "MAX_FILE_BYTES", 1024)
    monkeypatch.setattr(pdf_reader, "read_bounded", lambda path: common.read_bounded(path, 1024))
    path = write_pdf(tmp_path / "big.pdf", [["x" * 80] * 40])
    assert [str(p) for p in load_file(path, "big")[1]] == [
        f"{path}:1:1: 0.0 MB long: over the 0 MB read, skipped"
    ]


def test_kinds_not_read_are_counted_and_named_once(analyst: Corpus) -> None:
    (analyst.seeds_dir / "more.xlsx").write_bytes(b"PK")
    (analyst.seeds_dir / "README").write_text("no suffix")
    (analyst.seeds_dir / ".git").mkdir()
    (analyst.seeds_dir / ".git" / "config").write_text("[core]")
    (analyst.seeds_dir / ".hidden.csv").write_text("a,b")
    (analyst.seeds_dir / "metadata.yaml").write_text("{}\n")
    report = IndexStore(analyst, analyst.root.parent / "ix").sync()
    assert report.notes == ["3 files not read: .xlsx ×2, (no suffix) ×1"]
    assert (
        IndexStore(analyst, analyst.root.parent / "ix").sync().notes == report.notes
    )  # nothing changed: still


def test_without_the_formats_extra_those_files_are_named_not_crashed_on(
    analyst: Corpus, monkeypatch
) -> None:
    write_pdf(analyst.seeds_dir / "report.pdf", [["Coal through Rajin."]])
    write_docx(analyst.seeds_dir / "memo.docx", ["Memo on Rajin."])
    for module in ("pypdf", "docx", "trafilatura"):
        monkeypatch.setitem(
            sys.modules, module, None
        )  # the import fails, as when the extra is not installed
    for reader in ("pdf", "docx", "html"):
        monkeypatch.delitem(sys.modules, f"dossier.index.corpus.readers.{reader}", raising=False)
    report = IndexStore(analyst, analyst.root.parent / "ix").sync()
    assert report.notes == [
        "install dossier[formats] to read .docx files (1 file not read)",
        "install dossier[formats] to read .html files (1 file not read)",
        "install dossier[formats] to read .pdf files (1 file not read)",
        "1 file not read: .xlsx ×1",
    ]
    assert report.problems == [
        type(report.problems[0])(
            analyst.seeds_dir / "mail" / "list.mbox",
            1,
            1,
            "message 2: only an HTML part: install dossier[formats] to read it, skipped",
        )
    ]
    assert load_file(analyst.seeds_dir / "report.pdf", "report")[1][0].message == (
        "install dossier[formats] to read .pdf files, skipped"
    )


def test_listing_a_corpus_imports_no_format_library() -> None:
    """Opening a current index lists the corpus: that must not cost trafilatura's import (half a
    second)."""
    probe = (
        f"import sys; from pathlib import Path; from dossier.index.corpus.articles import Corpus; "
        f"listing = Corpus(Path({str(FIXTURES)!r})).listing(); "
        "print(len(listing.articles), sorted({'trafilatura', 'pypdf', 'docx', 'lxml'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout == "6 []\n"


async def test_the_app_names_the_files_not_read(analyst: Corpus, settle) -> None:
    from textual.notifications import Notify

    from dossier.tui.app import DossierApp

    notes: list[str] = []
    app = DossierApp(Snapshot.open(analyst, index_root=analyst.root.parent / "ix"))

    def hook(message: object) -> None:
        if isinstance(message, Notify):
            notes.append(message.notification.message)

    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await settle(pilot)
        assert "1 file not read: .xlsx ×1" in notes
        assert "1 file not read: .xlsx ×1" in app.log_lines


def test_a_gzipped_page_is_read_within_bounds(tmp_path: Path, monkeypatch) -> None:
    from dossier.index.corpus.readers import html as html_reader

    page = tmp_path / "rajin-port.html.gz"
    page.write_bytes(gzip.compress((SEEDS / "pages" / "rajin-port.html").read_bytes()))
    assert article_id("pages/rajin-port.html.gz") == "pages/rajin-port"
    [article], problems = load_file(page, "pages/rajin-port")
    assert problems == [] and article.title == "Rajin port reopens to Russian coal"
    damaged = tmp_path / "damaged.html.gz"
    damaged.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    bomb = tmp_path / "bomb.htm.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b"a" * 4096))
    monkeypatch.setattr(html_reader, "MAX_HTML_BYTES", 1024)
    [damaged_problem] = load_file(damaged, "damaged")[1]
    assert damaged_problem.message.startswith("damaged gzip file (")
    assert [str(p) for p in load_file(bomb, "bomb")[1]] == [
        f"{bomb}:1:1: unpacks to over 0 MB, skipped"
    ]


def test_a_slow_pdf_is_cut_at_its_time_budget(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_SECONDS", 0.0)
    path = write_pdf(tmp_path / "slow.pdf", [["One."], ["Two."], ["Three."]])
    [article], problems = load_file(path, "slow")
    assert article.body == "One."
    assert [str(p) for p in problems] == [
        f"{path}:1:1: text extraction over 0 s: only the first 1 of 3 pages are indexed and shown"
    ]


def test_the_census_bench_counts_each_kind() -> None:
    census = Path(__file__).parent.parent / "bench" / "formats_census.py"
    result = subprocess.run(
        [sys.executable, str(census), str(FIXTURES)], capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    assert lines[0] == f"{FIXTURES}: 6 files listed; 1 file not read: .xlsx ×1"
    assert [line.split()[:4] for line in lines[2:]] == [
        [".eml", "1", "0", "1"],
        [".html", "1", "0", "1"],
        [".mbox", "1", "0", "3"],
        [".txt", "3", "0", "3"],
    ]


def test_a_date_header_later_than_today_is_ignored_with_a_warning(tmp_path: Path) -> None:
    mail = tmp_path / "bad_time.eml"
    mail.write_bytes(
        b"From: a@example.org\r\nSubject: Hello\r\n"
        b"Date: Fri, 30 Jun 3609 10:00:00 +0000\r\n\r\nHi there.\r\n"
    )
    [article], problems = load_file(mail, "bad_time")
    assert article.date is None and article.title == "Hello"
    assert [p.message for p in problems] == ["date '3609-06-30' ignored: later than today"]


def test_a_mailbox_over_the_size_cap_is_skipped_unread(tmp_path: Path, monkeypatch) -> None:
    box = tmp_path / "list.mbox"
    shutil.copy(SEEDS / "mail" / "list.mbox", box)
    monkeypatch.setattr(mail_reader, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(
        mail_reader, "read_bounded", None
    )  # not read whole: the mailbox is read a message at a time
    assert [p.message for p in load_file(box, "list")[1]] == [
        f"{box.stat().st_size / 1024 / 1024:.1f} MB long: over the 0 MB read, skipped"
    ]


def test_a_file_keeps_its_id_from_a_mailbox_message(analyst: Corpus, tmp_path: Path) -> None:
    """``mail/list.mbox`` gives ``mail/list/1``…; a file ``mail/list/1.txt`` has that id too: the
    file keeps it, the message is skipped with a problem, and gets it back once the file is gone."""
    clash = analyst.seeds_dir / "mail" / "list" / "1.txt"
    clash.parent.mkdir()
    clash.write_text(
        "Zanzibarite ferries\n\nA ferry of Zanzibarite make docked.\n", encoding="utf-8"
    )
    bench = Snapshot.open(analyst, tmp_path / "ix")
    assert [h.id for h in bench.search("Zanzibarite").hits] == ["mail/list/1"]
    assert (
        bench.search("Khasan timetable").hits[0].id != "mail/list/1"
    )  # the message is not indexed
    assert "message 'mail/list/1' skipped: a file has that id" in [
        p.message for p in bench.last_sync.problems
    ]
    assert {h.id for h in bench.search("*", limit=100).hits} >= {
        "mail/list/1",
        "mail/list/2",
        "mail/list/3",
    }

    clash.unlink()  # the mailbox, unchanged, is read again: its first message has its id back
    bench = Snapshot.open(analyst, tmp_path / "ix")
    assert (bench.last_sync.removed, bench.last_sync.updated) == (1, 1)
    assert bench.search("Zanzibarite").hits == []
    assert bench.search("Khasan timetable").hits[0].id == "mail/list/1"

    clash.write_text(
        "Zanzibarite ferries again\n\nZanzibarite.\n", encoding="utf-8"
    )  # and gives it up again
    bench = Snapshot.open(analyst, tmp_path / "ix")
    assert [h.id for h in bench.search("Zanzibarite").hits] == ["mail/list/1"]
    assert bench.search("Khasan timetable").hits[0].id != "mail/list/1"
    assert {h.id for h in bench.search("*", limit=100).hits} >= {
        "mail/list/1",
        "mail/list/2",
        "mail/list/3",
    }
    assert (
        Snapshot.open(analyst, tmp_path / "ix").last_sync.updated == 0
    )  # nothing changed: nothing read again
