"""Loading dossiers: each YAML file read safely, validated against :mod:`dossier.index.dossier_schema`, and
every problem reported as ``path:line:col: message`` at the YAML node it concerns."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from dossier.index.corpus import Corpus
from dossier.index.dossier_schema import SLUG, TYPES, Dossier
from dossier.index.problems import Problem
from dossier.index.safe_text import safe_data
from dossier.index.yaml_source import Locations, load_yaml, loc_text

_AT_KEY = {"extra_forbidden", "invalid_key", "not_on_type"}
_EXPECTED = {
    "string_type": "a string",
    "tuple_type": "a list",
    "list_type": "a list",
    "float_type": "a number",
    "bool_type": "true or false",
    "model_type": "a mapping",
    "dict_type": "a mapping",
}


def shown(value: Any) -> str:
    """A value as a problem message names it: ``nothing``, ``a list``, ``'text'``."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple | set):
        return "a list"
    return str(value).lower() if isinstance(value, bool) else repr(value)


def error_problem(path: Path, locations: Locations, error: ErrorDetails) -> Problem:
    """A pydantic error as a short message at the YAML node it concerns."""
    kind, loc, value = error["type"], tuple(error["loc"]), error["input"]
    where = loc
    if kind == "missing":
        where, what = loc[:-1], f"missing required field {loc[-1]!r}"
    elif kind in _AT_KEY:
        where, what = loc[:-1], error["msg"] if kind == "not_on_type" else f"unknown field {loc[-1]!r}"
    elif kind == "literal_error":
        options = ", ".join(re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", "")))
        what = f"{shown(value)} is not one of {options}"
    elif kind in _EXPECTED:
        what = f"expected {_EXPECTED[kind]}, got {shown(value)}"
    else:
        what = error["msg"]
    message = f"{loc_text(where)}: {what}" if where else what
    return Problem(path, *locations.at(loc, key=kind in _AT_KEY), message)


def _placement_problems(path: Path, data: dict[str, Any], locations: Locations) -> list[Problem]:
    """The file's folder must be its type and its stem an id; ``id`` and ``path`` are not written."""
    problems = []
    folder = path.parent.name
    if folder not in TYPES:
        problems.append(Problem.whole_file(path, f"not in a type folder ({', '.join(TYPES)})"))
    elif data.get("type") in TYPES and data["type"] != folder:
        message = f"type: {data['type']!r} does not match its folder {folder!r}"
        problems.append(Problem(path, *locations.at(("type",)), message))
    if not SLUG.fullmatch(path.stem):
        message = f"file name {path.stem!r} is not an id (lower-case words joined by '-')"
        problems.append(Problem.whole_file(path, message))
    for key in ("id", "path"):
        if key in data:
            problems.append(Problem(path, *locations.at((key,), key=True), f"unknown field {key!r}"))
    return problems


def load_dossier(path: Path) -> tuple[Dossier | None, list[Problem]]:
    """Read, parse and validate one dossier file; the dossier is returned only if it has no problems."""
    document = load_yaml(path)
    data, locations, problems = document.data, document.locations, list(document.problems)
    data = safe_data(data)  # YAML escapes ("\e", "\u202e") can put control characters in any string
    if data is None and problems:
        return None, problems
    if not isinstance(data, dict):
        message = f"top level must be a mapping of fields, got {shown(data)}"
        return None, [Problem(path, *locations.at(()), message)]
    problems += _placement_problems(path, data, locations)
    try:
        dossier = Dossier.model_validate({**data, "id": path.stem, "path": path})
    except ValidationError as error:
        problems += [error_problem(path, locations, e) for e in error.errors() if e["loc"][:1] != ("id",)]
        return None, sorted(problems)
    if problems:
        return None, sorted(problems)
    dossier._locations = locations
    return dossier, []


def load_dossiers(corpus: Corpus) -> tuple[list[Dossier], list[Problem]]:
    """Every dossier of the corpus that loads cleanly, and the problems of the others.

    Two files with the same stem: the first in path order keeps the id, the second is reported.
    """
    dossiers: list[Dossier] = []
    problems: list[Problem] = []
    first: dict[str, Path] = {}
    for path in corpus.dossier_files():
        dossier, found = load_dossier(path)
        problems += found
        if path.stem in first:
            other = first[path.stem].relative_to(corpus.root)
            problems.append(Problem.whole_file(path, f"duplicate id {path.stem!r}: already used by {other}"))
        else:
            first[path.stem] = path
            if dossier is not None:
                dossiers.append(dossier)
    return dossiers, problems
