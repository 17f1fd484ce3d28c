"""Dossiers: the YAML schema of docs/dossier-format.md as pydantic models, and a loader that reports
every problem as ``path:line:col: message`` located at the YAML node it concerns."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    Strict,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from dossier.index.corpus import Corpus
from dossier.index.problems import Problem
from dossier.index.safe_text import safe_data

DossierType = Literal["person", "organization", "place", "event"]
RelationType = Literal[
    "member_of",
    "leader_of",
    "works_for",
    "spokesperson_for",
    "met_with",
    "greeted",
    "invited",
    "visited",
    "hosted",
    "located_in",
    "part_of",
    "participant_in",
    "reported_on",
    "allied_with",
]
TYPES: tuple[str, ...] = get_args(DossierType)
RELATION_TYPES: tuple[str, ...] = get_args(RelationType)
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: Attributes allowed on one type of dossier only.
TYPE_FIELDS: dict[str, str] = {
    "position": "person",
    "nationality": "person",
    "birth_date": "person",
    "jurisdiction": "organization",
    "latitude": "place",
    "longitude": "place",
    "region": "place",
    "start_date": "event",
    "end_date": "event",
    "place": "event",
    "participants": "event",
}

#: A path into a dossier's YAML, as pydantic reports it: ``("relations", 2, "target")``.
Loc = tuple[str | int, ...]

_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_COUNTRY = re.compile(r"[a-z]{2}")
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


def _check(kind: str, test: Callable[[Any], Any], message: str) -> AfterValidator:
    """A validator failing with ``message``, in which ``{value}`` is the repr of the bad value."""

    def validate(value: Any) -> Any:
        if not test(value):
            raise PydanticCustomError(kind, message, {"value": repr(value)})
        return value

    return AfterValidator(validate)


def _is_date(text: str) -> bool:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, and a real day of the calendar."""
    if not _DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat((text + "-01-01")[:10])
    except ValueError:
        return False
    return True


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _year_as_text(value: Any) -> Any:
    return str(value) if type(value) is int else value


Text = Annotated[str, _check("empty", str.strip, "must not be empty")]
Slug = Annotated[str, _check("slug", SLUG.fullmatch, "{value} is not an id (lower-case words joined by '-')")]
Country = Annotated[
    str, _check("country", _COUNTRY.fullmatch, "{value} is not a country code (two lower-case letters)")
]
DateText = Annotated[
    str,
    BeforeValidator(_year_as_text),
    _check("date", _is_date, "{value} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
]
Latitude = Annotated[float, Strict(), _check("range", lambda v: -90 <= v <= 90, "must be between -90 and 90")]
Longitude = Annotated[
    float, Strict(), _check("range", lambda v: -180 <= v <= 180, "must be between -180 and 180")
]
Strings = Annotated[tuple[str, ...], BeforeValidator(_one_or_many)]
Countries = Annotated[tuple[Country, ...], BeforeValidator(_one_or_many)]

_CONFIG = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


@dataclass(frozen=True, eq=False)
class Locations:
    """1-based (line, column) of the YAML nodes of one file, by loc: values, and the keys naming them.

    Where nodes sit is not part of a dossier's value: all Locations compare equal, so dossiers compare
    by their fields only.
    """

    values: dict[Loc, tuple[int, int]]
    keys: dict[Loc, tuple[int, int]]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Locations)

    __hash__ = None  # type: ignore[assignment]

    def at(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Where the node at ``loc`` (its key, with ``key``) starts, else where its deepest ancestor does."""
        if key and loc in self.keys:
            return self.keys[loc]
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.values:
                return self.values[loc[:end]]
        return 1, 1


class Relation(BaseModel):
    """A typed link from the dossier holding it to another dossier."""

    model_config = _CONFIG

    type: RelationType
    target: Slug
    start_date: DateText | None = Field(None, alias="startDate")
    source: str | None = None
    quote: Text | None = None


class Claim(BaseModel):
    """A statement about the entity, backed by a quote from one article."""

    model_config = _CONFIG

    text: Text
    source: str
    quote: Text
    disputed: Annotated[bool, Strict()] = False
    note: str | None = None


class Dossier(BaseModel):
    """One entity. ``id`` (the file stem) and ``path`` are set by the loader, never written in the YAML."""

    model_config = _CONFIG

    id: Slug
    path: Path
    type: DossierType
    name: Text
    aliases: Strings = ()
    summary: str | None = None
    country: Countries = ()
    tags: Strings = ()
    relations: tuple[Relation, ...] = ()
    claims: tuple[Claim, ...] = ()
    position: str | None = None
    nationality: Countries = ()
    birth_date: DateText | None = Field(None, alias="birthDate")
    jurisdiction: Country | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    region: str | None = None
    start_date: DateText | None = Field(None, alias="startDate")
    end_date: DateText | None = Field(None, alias="endDate")
    place: Slug | None = None
    participants: tuple[Slug, ...] = ()

    _locations: Locations = PrivateAttr(default_factory=lambda: Locations({}, {}))

    @field_validator(*TYPE_FIELDS, mode="before")
    @classmethod
    def _only_on_its_type(cls, value: Any, info: ValidationInfo) -> Any:
        owner, actual = TYPE_FIELDS[info.field_name or ""], info.data.get("type")
        if actual and actual != owner and value not in (None, (), []):
            field = cls.model_fields[info.field_name or ""].alias or info.field_name
            message = f"'{field}' is {_a(owner)} field, not allowed on {_a(actual)}"
            raise PydanticCustomError("not_on_type", message)
        return value

    @property
    def names(self) -> list[str]:
        """The name, then the aliases, without repeats."""
        return list(dict.fromkeys((self.name, *self.aliases)))

    @property
    def label(self) -> str:
        """A short label for lists: ``Kim Jong Un (person)``."""
        return f"{self.name} ({self.type})"

    def problem_at(self, loc: Loc, message: str) -> Problem:
        """A problem at the YAML node of ``loc`` in this file: ``claims[1].quote: <message>``."""
        return Problem(self.path, *self._locations.at(loc), f"{loc_text(loc)}: {message}" if loc else message)


class _Loader(yaml.CSafeLoader):
    """The safe loader, in C (libyaml: 5x faster than pure Python here), with YAML 1.2 scalars: dates stay
    text, only true/false are booleans (``no`` is Norway)."""


_BOOL, _TIMESTAMP = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL, _TIMESTAMP)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _position(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _map_nodes(root: yaml.Node) -> tuple[Locations, list[tuple[tuple[int, int], str]]]:
    """Locations of every node under ``root``, and the duplicate keys found (where, key)."""
    locations, duplicates, seen = Locations({}, {}), [], set()

    def walk(node: yaml.Node, loc: Loc) -> None:
        locations.values[loc] = _position(node.start_mark)
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*loc, index))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*loc, key.value) if isinstance(key, yaml.ScalarNode) else (*loc, "?")
                if child in locations.keys:
                    duplicates.append((_position(key.start_mark), str(key.value)))
                locations.keys[child] = _position(key.start_mark)
                walk(value, child)

    walk(root, ())
    return locations, duplicates


def _read(path: Path) -> tuple[str | None, list[Problem]]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem.whole_file(path, f"unreadable: {error.strerror or error}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(path, line, 1, f"not valid UTF-8 (byte {error.start})")]
    return (text, []) if text.strip() else (None, [Problem.whole_file(path, "empty file")])


def _parse(path: Path, text: str) -> tuple[Any, Locations, list[Problem]]:
    """The document's value and node locations; problems: syntax errors, duplicate keys, no content."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, Locations({}, {}), [Problem.whole_file(path, "empty file")]
            locations, duplicates = _map_nodes(node)
            problems = [Problem(path, *where, f"duplicate key {key!r}") for where, key in duplicates]
            return loader.construct_document(node), locations, problems
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        where = _position(error.problem_mark or error.context_mark)
        return None, Locations({}, {}), [Problem(path, *where, f"YAML syntax error: {error.problem}")]
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        col = error.position - text.rfind("\n", 0, error.position)
        message = f"YAML syntax error: {error.reason} (U+{error.character:04X})"
        return None, Locations({}, {}), [Problem(path, line, col, message)]


def loc_text(loc: Loc) -> str:
    """``("relations", 2, "target")`` -> ``relations[2].target``."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple | set):
        return "a list"
    return str(value).lower() if isinstance(value, bool) else repr(value)


def _error_problem(path: Path, locations: Locations, error: ErrorDetails) -> Problem:
    """A pydantic error as a short message at the YAML node it concerns."""
    kind, loc, value = error["type"], tuple(error["loc"]), error["input"]
    where = loc
    if kind == "missing":
        where, what = loc[:-1], f"missing required field {loc[-1]!r}"
    elif kind in _AT_KEY:
        where, what = loc[:-1], error["msg"] if kind == "not_on_type" else f"unknown field {loc[-1]!r}"
    elif kind == "literal_error":
        options = ", ".join(re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", "")))
        what = f"{_shown(value)} is not one of {options}"
    elif kind in _EXPECTED:
        what = f"expected {_EXPECTED[kind]}, got {_shown(value)}"
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
    text, problems = _read(path)
    if text is None:
        return None, problems
    data, locations, problems = _parse(path, text)
    data = safe_data(data)  # YAML escapes ("\e", "\u202e") can put control characters in any string
    if data is None and problems:
        return None, problems
    if not isinstance(data, dict):
        message = f"top level must be a mapping of fields, got {_shown(data)}"
        return None, [Problem(path, *locations.at(()), message)]
    problems += _placement_problems(path, data, locations)
    try:
        dossier = Dossier.model_validate({**data, "id": path.stem, "path": path})
    except ValidationError as error:
        problems += [_error_problem(path, locations, e) for e in error.errors() if e["loc"][:1] != ("id",)]
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
