"""Loading dossiers: each YAML file read safely, validated against
:mod:`dossier.index.dossiers.schema`, and every problem reported as ``path:line:col: message`` at
the YAML node it concerns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dossier.index.corpus.articles import Corpus
from dossier.index.dossiers.schema import SLUG, TYPES, Dossier
from dossier.index.dossiers.validation import error_problem, shown
from dossier.index.dossiers.yaml_source import Locations, load_yaml
from dossier.index.problems import Problem
from dossier.index.text.safe_text import safe_data


def _placement_problems(path: Path, data: dict[str, Any], locations: Locations) -> list[Problem]:
    """The file's folder must be its type and its stem an id; ``id`` and ``path`` are not
    written."""
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
            problems.append(
                Problem(path, *locations.at((key,), key=True), f"unknown field {key!r}")
            )
    return problems


def load_dossier(path: Path) -> tuple[Dossier | None, list[Problem]]:
    """Read, parse and validate one dossier file; the dossier is returned only if it has no
    problems."""
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
        problems += [
            error_problem(path, locations, e) for e in error.errors() if e["loc"][:1] != ("id",)
        ]
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
            problems.append(
                Problem.whole_file(path, f"duplicate id {path.stem!r}: already used by {other}")
            )
        else:
            first[path.stem] = path
            if dossier is not None:
                dossiers.append(dossier)
    return dossiers, problems
