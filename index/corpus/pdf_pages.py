"""Pages of a PDF article: its reader joins the pages' text with a form feed on a line of its own
(shown as ``␌``), so where a quote or an offset falls can be said as a page number, without the PDF
library."""

from __future__ import annotations

from dossier.index.text.analysis import fold
from dossier.index.text.safe_text import safe_text

PAGE_BREAK = "\n\f\n"
SHOWN_BREAK = safe_text(PAGE_BREAK)
PDF_SUFFIX = ".pdf"


def page_of(body: str, quote: str) -> int | None:
    """The page (from 1) of a PDF article's body that holds ``quote`` (compared folded, as ``dossier
    check`` finds quotes); None for a body of one page, or a quote not found within one page."""
    pages = body.split(SHOWN_BREAK)
    if len(pages) < 2:
        return None
    wanted = fold(quote)
    return next(
        (number for number, page in enumerate(pages, start=1) if wanted in fold(page)), None
    )


def is_pdf(path: str) -> bool:
    """Whether an article's file (its stored path) is a PDF."""
    return path.lower().endswith(PDF_SUFFIX)
