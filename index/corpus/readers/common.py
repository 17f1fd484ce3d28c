"""What the readers of formats other than plain text share: size caps, metadata cleaning, making the
Article."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dossier.index.corpus.article import Article, title_from
from dossier.index.corpus.bounded_read import read_head
from dossier.index.corpus.decoding import MAX_ARTICLE_BYTES
from dossier.index.corpus.metadata import ArticleMeta
from dossier.index.problems import Problem
from dossier.index.text.safe_text import safe_data, safe_text

#: The largest file of a structured format (PDF, Word, mailbox) that is opened at all: bigger ones
#: are reported and skipped, so no file can make a sync take minutes or gigabytes.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: The most text kept from one article (characters), as for plain text files.
MAX_TEXT_CHARS = MAX_ARTICLE_BYTES
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_BLANK_LINES = re.compile(r"\n{3,}")


class TooLarge(Exception):
    """A file over :data:`MAX_FILE_BYTES`."""


def read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes; raises :class:`TooLarge` (or OSError) rather than read more than
    ``limit``."""
    raw, size = read_head(path, limit)
    if len(raw) > limit:
        raise too_large(size, limit)
    return raw


def too_large(size: int, limit: int) -> TooLarge:
    """The error for a file of ``size`` bytes, over ``limit``."""
    return TooLarge(
        f"{size / 1024 / 1024:.1f} MB long: over the {limit // 1024 // 1024} MB read, skipped"
    )


def iso_date(value: Any) -> str | None:
    """A ``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``) date from a datetime, a date or a string starting
    with one."""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, str) and (match := _DATE.match(value.strip())):
        return match.group()
    return None


def meta_of(path: Path, **fields: Any) -> tuple[ArticleMeta, list[Problem]]:
    """Metadata from what a format's headers said (empty values dropped, text made safe); a value
    that does not fit (a date of month 13, or later than tomorrow: a clock or a header gone wrong)
    is left out with a problem."""
    values = {k: safe_data(_clean(v)) for k, v in fields.items()}
    values = {k: v for k, v in values.items() if v not in (None, "", [])}
    problems: list[Problem] = []
    if (
        isinstance(when := values.get("date"), str)
        and when > (date.today() + timedelta(days=1)).isoformat()
    ):
        problems.append(
            Problem.whole_file(path, f"date {values.pop('date')!r} ignored: later than today")
        )
    try:
        return ArticleMeta.model_validate(values), problems
    except ValidationError as error:
        bad = {str(detail["loc"][0]) for detail in error.errors() if detail["loc"]}
        problems += [
            Problem.whole_file(path, f"{name} {values[name]!r} ignored: not valid")
            for name in sorted(bad)
        ]
        return ArticleMeta.model_validate(
            {k: v for k, v in values.items() if k not in bad}
        ), problems


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [v for v in (_clean(item) for item in value) if v]
    return value


def make_article(
    path: Path, doc_id: str, text: str, meta: ArticleMeta
) -> tuple[list[Article], list[Problem]]:
    """The article of a reader's extracted ``text`` (made safe, at most :data:`MAX_TEXT_CHARS`):
    titled by ``meta`` or else its first line; none, with a problem, when there is no text."""
    text = _BLANK_LINES.sub("\n\n", text.replace("\r\n", "\n")).strip(" \t\n")
    if not text:
        return [], [Problem.whole_file(path, "no text found, skipped")]
    problems = []
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
        problems.append(
            Problem.whole_file(
                path,
                f"text over {MAX_TEXT_CHARS // 1024 // 1024} MB: only the "
                "first part is indexed and shown",
            )
        )
    body = safe_text(text)
    first_line = next((line for line in body.splitlines() if line.strip()), doc_id)
    title = meta.title or title_from(first_line)
    return [Article(doc_id, title, meta.date, path, body, None, meta)], problems
