"""One article: what it is (:class:`Article`), its id, and how a plain text or Markdown file becomes
one (front matter, printed date, title)."""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from dossier.index.corpus import markup
from dossier.index.corpus.decoding import read_text
from dossier.index.corpus.formats import DOUBLE_SUFFIXES
from dossier.index.corpus.front_matter import split_front_matter
from dossier.index.corpus.metadata import NO_META, ArticleMeta, date_label
from dossier.index.problems import Problem
from dossier.index.text.safe_text import safe_text

_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s")
_TITLE_MAX = 100
#: How far into the body a title is looked for: lines, and characters (a one-line file may be 2 MB
#: long).
_TITLE_LINES, _TITLE_CHARS = 12, 16 * 1024


@dataclass(frozen=True)
class Article:
    """One article. ``body`` is the file's text character for character, made safe to show
    (:func:`~dossier.index.text.safe_text.safe_text` keeps lengths) and with template tags blanked
    out (:func:`~dossier.index.corpus.markup.blank_templates` keeps lengths too), so offsets into it
    are offsets into the file (after its front matter, if it has one).

    ``date`` is the metadata's date if there is one, else the printed ``date YYYY-MM-DD`` line's
    (``printed_date``); ``meta`` is what the front matter and the metadata file say (see
    :mod:`dossier.index.corpus.metadata`).
    """

    id: str
    title: str
    date: str | None
    path: Path
    body: str
    printed_date: str | None = None
    meta: ArticleMeta = NO_META

    @property
    def date_conflict(self) -> str | None:
        """The printed date when it contradicts the metadata's (``2023-11-07`` printed on an article
        the metadata dates ``2023-09-13``); a date and a more precise one within it agree."""
        printed, known = self.printed_date, self.meta.date
        if printed and known and not (printed.startswith(known) or known.startswith(printed)):
            return printed
        return None

    @property
    def date_inferred(self) -> str | None:
        """How the date was inferred, when it was (the metadata's note), else None."""
        return self.meta.inferred.get("date") if self.meta.date else None

    @property
    def date_label(self) -> str:
        """The date as shown, flagged when inferred or contradicted (see
        :func:`~dossier.index.corpus.metadata.date_label`)."""
        return date_label(self.date, self.date_inferred is not None, self.date_conflict)

    def with_meta(self, meta: ArticleMeta) -> Article:
        """This article with ``meta`` (the metadata file's entry) over what it had."""
        merged = meta.over(self.meta)
        return replace(
            self, meta=merged, date=merged.date or self.printed_date, title=meta.title or self.title
        )


def parse_article(
    path: Path, text: str, doc_id: str | None = None
) -> tuple[Article, list[Problem]]:
    """Build an Article from decoded text: id ``doc_id`` (else the file's stem), metadata from front
    matter, printed date from a ``date YYYY-MM-DD`` line, template tags blanked out of the body (see
    :func:`~dossier.index.corpus.markup.blank_templates`).

    The title is the front matter's, else the first Markdown heading near the top, else the first
    line with words, without its markup. Undated by anything else, an article takes a date opening
    its file name (``2016-03-04-slug.md``), marked as inferred from it.
    """
    meta, body_start, problems = split_front_matter(path, text)
    first_line = text.count("\n", 0, body_start) + 1
    body = markup.blank_templates(text[body_start:])
    name = os.path.basename(path)
    printed, line_title = _scan_head(
        path, body, first_line, problems, headings=name.lower().endswith(".md")
    )
    title = _shortened(markup.plain_text(meta.title)) if meta.title else line_title
    if meta.date is None and printed is None:
        meta = _dated_by_name(meta, name)
    the_id = doc_id or article_id(path.name)
    return Article(
        the_id, title or the_id, meta.date or printed, path, body, printed, meta
    ), problems


def _dated_by_name(meta: ArticleMeta, name: str) -> ArticleMeta:
    """``meta`` with the date a ``YYYY/MM/DD/`` URL path in its front matter (``path``,
    ``permalink``, ``url``) or the file's ``name`` gives, marked as inferred from there; ``meta``
    itself without one."""
    for key in ("path", "permalink", "url") if meta.other or meta.url else ():
        value = meta.url if key == "url" else meta.other.get(key)
        if isinstance(value, str) and (found := markup.url_path_date(value)):
            return meta.model_copy(
                update={"date": found, "inferred": {**meta.inferred, "date": f"from the {key}"}}
            )
    if found := markup.file_name_date(name):
        return meta.model_copy(
            update={"date": found, "inferred": {**meta.inferred, "date": markup.FROM_FILE_NAME}}
        )
    return meta


def _scan_head(
    path: Path,
    body: str,
    first_line: int,
    problems: list[Problem],
    headings: bool,
) -> tuple[str | None, str]:
    """The printed date (a ``date YYYY-MM-DD`` line near the top; a bad one added to ``problems``)
    and the title the first lines give: with ``headings`` (Markdown), a heading among the first few,
    else the first line with words (a text file's first line: no need to look further)."""
    printed: str | None = None
    first = heading = ""
    lines = body[:_TITLE_CHARS].split("\n", _TITLE_LINES)[:_TITLE_LINES]
    for number, line in enumerate(lines, start=first_line):
        if match := _DATE_LINE.match(line):
            if printed is None:
                try:
                    printed = date.fromisoformat(match.group(1)).isoformat()
                except ValueError:
                    problems.append(
                        Problem(
                            path, number, match.start(1) + 1, f"invalid date {match.group(1)!r}"
                        )
                    )
            line = line[match.end() :]
        if (headings or not first) and line.strip() and not markup.is_markup_only(line):
            if (text := markup.heading_text(line)) is not None and (
                heading := _shortened(markup.plain_text(text))
            ):
                break
            if not first:
                first = title_from(markup.plain_text(line))
        elif first and (printed or number > first_line + 4) and not headings:
            break
    return printed, heading or first


def article_id(seeds_rel: str) -> str:
    """The id of the article file at ``seeds_rel`` (its POSIX path under ``seeds/``): that path
    without the suffix, made safe to show. ``business/508`` for ``seeds/business/508.txt``; a file
    directly in ``seeds/`` keeps its bare stem (``508``); a gzipped page loses both suffixes
    (``pages/a`` for ``pages/a.html.gz``). A mailbox's messages are ``<its id>/1``, ``<its
    id>/2``…"""
    lowered = seeds_rel.lower()
    double = next((suffix for suffix in DOUBLE_SUFFIXES if lowered.endswith(suffix)), None)
    return safe_text(seeds_rel[: -len(double)] if double else posixpath.splitext(seeds_rel)[0])


def file_id(rel: str) -> str:
    """The article id of a listed file (``rel``: its POSIX path under the corpus root,
    ``seeds/…``)."""
    return article_id(rel.split("/", 1)[1])


def title_from(line: str) -> str:
    """The first sentence of a line, shortened at a word boundary, without a stray closing quote."""
    title = _SENTENCE_END.split(line.strip(), maxsplit=1)[0].strip()
    if title.endswith(("”", '"')) and title.count("“") + title.count('"') < 2:
        title = title[:-1].rstrip()
    return _shortened(title)


def _shortened(title: str) -> str:
    """A title of at most about 100 characters, cut at a word boundary."""
    if len(title) > _TITLE_MAX:
        title = title[:_TITLE_MAX].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return title


def load_article(path: Path, doc_id: str | None = None) -> tuple[Article | None, list[Problem]]:
    """Read and parse one plain text article file; problems are returned, never raised."""
    text, problems = read_text(path)
    if text is None:
        return None, problems
    article, more = parse_article(path, text, doc_id)
    return article, problems + more
