"""Pydantic validation errors as short problems located at the YAML node they concern."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic_core import ErrorDetails

from dossier.index.dossiers.yaml_source import Locations, loc_text
from dossier.index.problems import Problem

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
        where, what = (
            loc[:-1],
            error["msg"] if kind == "not_on_type" else f"unknown field {loc[-1]!r}",
        )
    elif kind == "literal_error":
        options = ", ".join(re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", "")))
        what = f"{shown(value)} is not one of {options}"
    elif kind in _EXPECTED:
        what = f"expected {_EXPECTED[kind]}, got {shown(value)}"
    else:
        what = error["msg"]
    message = f"{loc_text(where)}: {what}" if where else what
    return Problem(path, *locations.at(loc, key=kind in _AT_KEY), message)
