"""Front matter: the YAML (``---``) or TOML (``+++``) block opening a Markdown or text article, as
Jekyll, Hugo and most static-site generators write it.

Any field is accepted. The ones dossier knows are read under their usual names
(``author``/``authors``/``byline``, ``tags``/``categories``, ``permalink``/``url``/``canonical``,
``lang``/``language``, ``site``/``publisher``); a date may be ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``
or a timestamp, kept as its calendar date. A known field of the wrong shape (``date: soon``) is
reported at its line and column and left out; the others still apply. Other fields are kept as text
in :attr:`ArticleMeta.other`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dossier.index.corpus.metadata import NO_META, ArticleMeta
from dossier.index.dossiers.validation import error_problem, shown
from dossier.index.dossiers.yaml_source import Locations, parse_yaml
from dossier.index.problems import Problem
from dossier.index.text.safe_text import safe_data

_YAML_BLOCK = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
_TOML_BLOCK = re.compile(
    r"\A\+\+\+[ \t]*\r?\n(.*?)^\+\+\+[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE
)

#: Field names as written -> the ArticleMeta field they give, in order of precedence.
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "date": ("date", "published", "pubdate", "publishdate", "publishDate"),
    "authors": ("authors", "author", "byline"),
    "tags": ("tags", "categories", "category"),
    "url": ("url", "canonical", "canonical_url", "canonicalURL", "permalink"),
    "publisher": ("publisher", "site"),
    "language": ("language", "lang"),
}
_KNOWN = {name for names in ALIASES.values() for name in names}
_LISTS = ("authors", "tags")

#: A timestamp after the date: ``T10:11:00-04:00``, `` 10:11:00 -0400``, `` 14:00:00 -4``,
#: ``T10:11Z``, `` 10:11 UTC``.
_DATE_TIME = re.compile(
    r"(\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:Z|[+-]\d{1,2}(?::?\d{2})?|[A-Z]{2,5}))?)?\s*"
)


def split_front_matter(path: Path, text: str) -> tuple[ArticleMeta, int, list[Problem]]:
    """The metadata of a YAML or TOML block opening ``text``, and where the rest of the text starts.

    A malformed block is reported and ignored (the article still loads, without it).
    """
    if text.startswith("---"):
        match = _YAML_BLOCK.match(text)
        if match is None:
            return NO_META, 0, []
        document = parse_yaml(path, match.group(1), first_line=2)
        data, locations, problems = document.data, document.locations, list(document.problems)
    elif text.startswith("+++"):
        match = _TOML_BLOCK.match(text)
        if match is None:
            return NO_META, 0, []
        data, locations, problems = _parse_toml(path, match.group(1))
    else:
        return NO_META, 0, []
    if data is None:
        return NO_META, match.end(), problems
    if not isinstance(data, dict):
        return (
            NO_META,
            match.end(),
            [*problems, Problem(path, 2, 1, f"expected a mapping of fields, got {shown(data)}")],
        )
    meta, more = front_matter_meta(path, safe_data(data), locations)
    return meta, match.end(), problems + more


def front_matter_meta(
    path: Path, data: dict[Any, Any], locations: Locations
) -> tuple[ArticleMeta, list[Problem]]:
    """The metadata the fields of ``data`` give; a known field of the wrong shape is reported and
    left out."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for field, names in ALIASES.items():
        for name in names:
            if name not in data or data[name] in (None, "", []):
                continue
            value = _normalized(field, data[name])
            try:
                ArticleMeta.model_validate({field: value})
            except ValidationError as error:
                for detail in error.errors():
                    detail["loc"] = (name, *detail["loc"][1:])
                    detail["input"] = data[name] if len(detail["loc"]) == 1 else detail["input"]
                    problems.append(error_problem(path, locations, detail))
                continue
            if field in _LISTS:
                values[field] = [
                    *values.get(field, []),
                    *(v for v in value if v not in values.get(field, [])),
                ]
            else:
                values.setdefault(field, value)
    other = {
        str(key): _text(value)
        for key, value in data.items()
        if key not in _KNOWN and value is not None
    }
    return ArticleMeta.model_validate({**values, "other": other}), problems


def _normalized(field: str, value: Any) -> Any:
    """``value`` in the shape ArticleMeta takes for ``field``, where it can be (else as it was, to
    be reported)."""
    if field == "date":
        return calendar_date(value)
    if field in _LISTS:
        items = _split_list(value, words=field == "tags") if isinstance(value, str) else value
        return [_name(item) for item in items] if isinstance(items, list) else [_name(items)]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def calendar_date(value: Any) -> Any:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` from a date, a timestamp (text or object) or a year,
    as written (not moved to another time zone); anything else unchanged, to be reported."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if type(value) is int:
        return str(value)
    if isinstance(value, str) and (match := _DATE_TIME.fullmatch(value.strip())):
        parts = match.group(1).split("-")
        return "-".join([parts[0], *(part.zfill(2) for part in parts[1:])])
    return value


def _split_list(value: str, words: bool) -> list[str]:
    """A list written as one string: ``"Ada Lovelace, Grace Hopper"``; with ``words``, Jekyll's
    space-separated ``categories: news events`` too."""
    separator = "," if "," in value or not words else None
    return [part.strip() for part in value.split(separator) if part.strip()]


def _name(item: Any) -> Any:
    """A person or tag given as a mapping (``{name: Ada, url: …}``) by its name."""
    if isinstance(item, dict):
        return item.get("name") or item.get("title") or item
    return str(item) if isinstance(item, int | float) and not isinstance(item, bool) else item


def _text(value: Any) -> str | list[str]:
    """An unknown field's value kept as text (a list of texts for a list)."""
    if isinstance(value, list):
        return [str(_text(item)) for item in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _parse_toml(path: Path, block: str) -> tuple[Any, Locations, list[Problem]]:
    """A TOML block (from the file's line 2) as data, where its top-level keys are, and a syntax
    error."""
    import tomllib  # only for a corpus with TOML front matter: 6 ms to import

    try:
        data = tomllib.loads(block)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = re.search(r"\(at line (\d+), column (\d+)\)$", message)
        at = (int(where.group(1)) + 1, int(where.group(2))) if where else (2, 1)
        message = message[: where.start()].rstrip() if where else message
        return None, Locations({}, {}), [Problem(path, *at, f"TOML syntax error: {message}")]
    keys: dict[tuple[str | int, ...], tuple[int, int]] = {}
    values: dict[tuple[str | int, ...], tuple[int, int]] = {}
    for number, text in enumerate(block.splitlines(), start=2):
        if (key := re.match(r"\s*([A-Za-z0-9_-]+)\s*=\s*", text)) and (key.group(1),) not in keys:
            keys[(key.group(1),)] = (number, key.start(1) + 1)
            values[(key.group(1),)] = (number, key.end() + 1)
        elif text.lstrip().startswith("["):
            break  # a table: its keys are not top-level fields
    return data, Locations(values, keys), []
