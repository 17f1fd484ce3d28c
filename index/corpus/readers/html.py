"""Web pages (``.html``, ``.htm``) through trafilatura: the article's main text without navigation,
scripts or comments, and its title, byline, date, site name, language and canonical URL (from
JSON-LD, Open Graph, meta tags and the page itself). The text is shown, never the markup. Why
trafilatura: docs/formats.md."""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path
from typing import Any

import trafilatura

from dossier.index.corpus.article import Article
from dossier.index.corpus.readers.common import (
    MAX_FILE_BYTES,
    TooLarge,
    make_article,
    meta_of,
    read_bounded,
)
from dossier.index.problems import Problem

#: The largest page read (HTML is mostly markup: a 64 MB page is no article).
MAX_HTML_BYTES = 16 * 1024 * 1024
assert MAX_HTML_BYTES <= MAX_FILE_BYTES


def read(path: Path, file_id: str) -> tuple[list[Article], list[Problem]]:
    try:
        raw = read_bounded(path, MAX_HTML_BYTES)
        if path.name.lower().endswith(".gz"):
            raw = _gunzipped(raw)
    except (TooLarge, OSError, EOFError, zlib.error) as error:
        return [], [Problem.whole_file(path, _reason(error))]
    text, fields = extract(raw)
    if text is None:
        return [], [Problem.whole_file(path, "no article text found in the page, skipped")]
    meta, problems = meta_of(path, **fields)
    articles, more = make_article(path, file_id, text, meta)
    return articles, problems + more


def extract(html: bytes | str) -> tuple[str | None, dict[str, Any]]:
    """The main text of a page (None when there is none) and its metadata, as :class:`ArticleMeta`
    fields."""
    tree = trafilatura.load_html(html)
    if tree is None:
        return None, {}
    language = tree.get("lang") or tree.get("xml:lang")
    found = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_tables=True
    )
    doc = found if isinstance(found, dict) or found is None else found.as_dict()
    if not doc or not doc.get("text"):
        return None, {}
    return doc["text"], {
        "title": doc.get("title"),
        "date": doc.get("date"),
        "publisher": doc.get("sitename"),
        "url": doc.get("url"),
        "authors": [name.strip() for name in (doc.get("author") or "").split(";")],
        "language": language.split("-")[0].lower() if language else None,
        "tags": _tags(list(doc.get("tags") or [])),
    }


def _tags(tags: list[str]) -> list[str]:
    """The page's keywords: one comma-separated list (a ``news_keywords`` meta tag) is split."""
    return [part.strip() for part in tags[0].split(",")] if len(tags) == 1 else tags


def _gunzipped(raw: bytes) -> bytes:
    """A gzipped page, unpacked to at most :data:`MAX_HTML_BYTES` (a small file may unpack to
    gigabytes)."""
    with gzip.GzipFile(fileobj=io.BytesIO(raw)) as unpacking:
        page = unpacking.read(MAX_HTML_BYTES + 1)
    if len(page) > MAX_HTML_BYTES:
        raise TooLarge(f"unpacks to over {MAX_HTML_BYTES // 1024 // 1024} MB, skipped")
    return page


def _reason(error: Exception) -> str:
    if isinstance(error, TooLarge):
        return str(error)
    if isinstance(error, gzip.BadGzipFile | EOFError | zlib.error):
        return f"damaged gzip file ({error}), skipped"
    return f"unreadable, skipped: {getattr(error, 'strerror', None) or error}"
