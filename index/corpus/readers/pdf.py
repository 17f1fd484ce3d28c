"""PDF through pypdf: the text layer, page by page, and the document's title, author and creation
date.

Pages are kept apart by a form feed on a line of its own (shown as ``␌``;
:mod:`~dossier.index.corpus.pdf_pages` names the page of an offset or a quote, so an export says
where a quote is). A file encrypted with the empty password (the common "no copying" lock) opens;
one that needs a password, or is damaged, is reported and skipped. A scanned PDF without a text
layer gives no text, and is reported.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Sequence
from pathlib import Path

import pypdf
from pypdf.errors import PdfReadError

from dossier.index.corpus.article import Article
from dossier.index.corpus.pdf_pages import PAGE_BREAK
from dossier.index.corpus.readers.common import (
    MAX_TEXT_CHARS,
    TooLarge,
    iso_date,
    make_article,
    meta_of,
    read_bounded,
)
from dossier.index.problems import Problem

#: The most pages read from one PDF: the rest are left out, with a warning (a report of 2 000 pages
#: is a book).
MAX_PAGES = 2000
#: How long one PDF's text may take (checked between pages: a page of pathological drawing operators
#: can take pypdf seconds); the pages left are left out, with a warning.
MAX_SECONDS = 60.0

logging.getLogger("pypdf").setLevel(
    logging.ERROR
)  # its warnings on sloppy files would flood the log


def read(path: Path, file_id: str) -> tuple[list[Article], list[Problem]]:
    opened = _open(path)
    if isinstance(opened, Problem):
        return [], [opened]
    problems: list[Problem] = []
    texts = _page_texts(path, opened.pages, problems)
    if not any(texts):
        return [], [*problems, Problem.whole_file(path, "no text layer (a scan?), skipped")]
    info = opened.metadata
    meta, more = meta_of(
        path,
        title=info.title if info else None,
        authors=_authors(info.author if info else None),
        date=iso_date(_created(info)),
    )
    articles, rest = make_article(path, file_id, PAGE_BREAK.join(texts), meta)
    return articles, problems + more + rest


def _open(path: Path) -> pypdf.PdfReader | Problem:
    """The PDF at ``path``, decrypted with the empty password if it needs one; else why it is
    skipped."""
    try:
        pdf = pypdf.PdfReader(io.BytesIO(read_bounded(path)))
        if pdf.is_encrypted and not pdf.decrypt(""):
            return Problem.whole_file(path, "encrypted PDF (a password is needed), skipped")
        len(pdf.pages)  # a damaged page tree fails here
    except TooLarge as error:
        return Problem.whole_file(path, str(error))
    except OSError as error:
        return Problem.whole_file(path, f"unreadable, skipped: {error.strerror or error}")
    except (PdfReadError, ValueError, KeyError, TypeError, NotImplementedError) as error:
        return Problem.whole_file(path, f"damaged or unsupported PDF ({error}), skipped")
    return pdf


def _page_texts(
    path: Path, pages: Sequence[pypdf.PageObject], problems: list[Problem]
) -> list[str]:
    """The text of each page (at most :data:`MAX_PAGES`, :data:`MAX_SECONDS` and
    :data:`~dossier.index.corpus.readers.common.MAX_TEXT_CHARS` in all); what was left out goes to
    ``problems``."""
    count = len(pages)
    if count > MAX_PAGES:
        problems.append(
            Problem.whole_file(
                path, f"{count} pages: only the first {MAX_PAGES} are indexed and shown"
            )
        )
    texts: list[str] = []
    size = 0
    deadline = time.monotonic() + MAX_SECONDS
    for number in range(min(count, MAX_PAGES)):
        if number and time.monotonic() > deadline:
            problems.append(
                Problem.whole_file(
                    path,
                    f"text extraction over {MAX_SECONDS:.0f} s: only the first "
                    f"{number} of {count} pages are indexed and shown",
                )
            )
            break
        text = _page_text(path, pages, number, problems)
        texts.append(text.replace("\f", "\n").strip())
        size += len(text)
        if size > MAX_TEXT_CHARS:
            break
    return texts


def _page_text(
    path: Path, pages: Sequence[pypdf.PageObject], number: int, problems: list[Problem]
) -> str:
    """Page ``number``'s text; "" (and a problem) when it cannot be read: one bad page must not lose
    the others."""
    try:
        return pages[number].extract_text() or ""
    except Exception as error:
        problems.append(
            Problem.whole_file(path, f"page {number + 1} unreadable ({error}): left empty")
        )
        return ""


def _authors(author: str | None) -> list[str]:
    return [name.strip() for name in author.replace(";", ",").split(",")] if author else []


def _created(info: pypdf.DocumentInformation | None) -> object:
    try:
        return info.creation_date if info else None
    except (ValueError, TypeError):  # a malformed date string
        return None
