"""The dossier format of docs/dossier-format.md as pydantic models: fields, types and what each
allows.

Reading files and turning validation errors into located problems is
:mod:`dossier.index.dossiers.load`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    Strict,
    ValidationInfo,
    field_serializer,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from dossier.index.dossiers.yaml_source import Loc, Locations, loc_text
from dossier.index.problems import Problem

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
#: How each relation reads from its target's side ("Kim Jong Un leader_of North Korea": North Korea
#: is "led by" Kim Jong Un); a test keeps it in step with RELATION_TYPES.
INVERSE_LABELS: dict[str, str] = {
    "member_of": "has member",
    "leader_of": "led by",
    "works_for": "employs",
    "spokesperson_for": "speaks via",
    "met_with": "met with",
    "greeted": "greeted by",
    "invited": "invited by",
    "visited": "visited by",
    "hosted": "hosted by",
    "located_in": "contains",
    "part_of": "includes",
    "participant_in": "with participant",
    "reported_on": "reported by",
    "allied_with": "allied with",
}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: The attributes a dossier page lists, in order, with their labels for people (the YAML key is the
#: alias).
ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("position", "Position"),
    ("nationality", "Nationality"),
    ("birth_date", "Born"),
    ("country", "Country"),
    ("jurisdiction", "Jurisdiction"),
    ("region", "Region"),
    ("latitude", "Latitude"),
    ("longitude", "Longitude"),
    ("start_date", "Start"),
    ("end_date", "End"),
    ("place", "Place"),
    ("participants", "Participants"),
    ("tags", "Tags"),
)
#: Attributes that name other dossiers (a page shows them as links to follow).
LINK_ATTRIBUTES = ("place", "participants")

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

_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_COUNTRY = re.compile(r"[a-z]{2}")


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
Slug = Annotated[
    str, _check("slug", SLUG.fullmatch, "{value} is not an id (lower-case words joined by '-')")
]
Country = Annotated[
    str,
    _check("country", _COUNTRY.fullmatch, "{value} is not a country code (two lower-case letters)"),
]
DateText = Annotated[
    str,
    BeforeValidator(_year_as_text),
    _check("date", _is_date, "{value} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
]
Latitude = Annotated[
    float, Strict(), _check("range", lambda v: -90 <= v <= 90, "must be between -90 and 90")
]
Longitude = Annotated[
    float, Strict(), _check("range", lambda v: -180 <= v <= 180, "must be between -180 and 180")
]
Strings = Annotated[tuple[str, ...], BeforeValidator(_one_or_many)]
Countries = Annotated[tuple[Country, ...], BeforeValidator(_one_or_many)]

_CONFIG = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


#: The ``source`` of a relation or claim that comes from outside the articles (its ``note`` says
#: whence).
OUTSIDE = "outside"


class OutsideNote(BaseModel):
    """One field whose value comes from outside the articles, and where from."""

    model_config = _CONFIG

    field: str
    note: Text


def _notes_by_field(value: Any) -> Any:
    return (
        [{"field": key, "note": note} for key, note in value.items()]
        if isinstance(value, dict)
        else value
    )


#: ``outside: {birthDate: "where it comes from"}``, kept as a tuple so models stay hashable.
Outside = Annotated[tuple[OutsideNote, ...], BeforeValidator(_notes_by_field)]


class _Evidence(BaseModel):
    """What backs a relation or a claim: an article and its sentence, or ``source: outside`` and a
    note; ``outside`` names fields (a date, say) that come from outside the articles though the rest
    is quoted."""

    model_config = _CONFIG

    source: str | None = None
    quote: Text | None = None
    note: str | None = None
    outside: Outside = ()

    @property
    def is_outside(self) -> bool:
        """The whole item comes from outside the articles."""
        return self.source == OUTSIDE

    def outside_note(self, yaml_field: str) -> str | None:
        """Where the value of ``yaml_field`` (``startDate``) comes from, if from outside the
        articles."""
        return next((n.note for n in self.outside if n.field == yaml_field), None)

    @field_serializer("outside")
    def _dump_outside(self, notes: tuple[OutsideNote, ...]) -> dict[str, str]:
        return {n.field: n.note for n in notes}


class Relation(_Evidence):
    """A typed link from the dossier holding it to another dossier."""

    type: RelationType
    target: Slug
    start_date: DateText | None = Field(None, alias="startDate")


class Claim(_Evidence):
    """A statement about the entity, backed by a quote from one article (or marked ``source:
    outside``)."""

    text: Text
    source: str
    disputed: Annotated[bool, Strict()] = False

    @model_validator(mode="before")
    @classmethod
    def _quoted_unless_outside(cls, data: Any) -> Any:
        if (
            isinstance(data, dict)
            and "quote" not in data
            and "source" in data
            and data["source"] != OUTSIDE
        ):
            raise PydanticCustomError("missing_quote", "missing required field 'quote'")
        return data


class Dossier(BaseModel):
    """One entity. ``id`` (the file stem) and ``path`` are set by the loader, never written in the
    YAML."""

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
    outside: Outside = ()

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

    def outside_note(self, yaml_field: str) -> str | None:
        """Where the value of ``yaml_field`` (``summary``, ``birthDate``) comes from, if from
        outside the articles."""
        return next((n.note for n in self.outside if n.field == yaml_field), None)

    @field_serializer("outside")
    def _dump_outside(self, notes: tuple[OutsideNote, ...]) -> dict[str, str]:
        return {n.field: n.note for n in notes}

    @property
    def names(self) -> list[str]:
        """The name, then the aliases, without repeats."""
        return list(dict.fromkeys((self.name, *self.aliases)))

    @property
    def label(self) -> str:
        """A short label for lists: ``Kim Jong Un (person)``."""
        return f"{self.name} ({self.type})"

    def line_of(self, loc: Loc) -> int:
        """The 1-based line of the YAML node at ``loc`` in this file (to open an editor there)."""
        return self._locations.at(loc)[0]

    def problem_at(self, loc: Loc, message: str) -> Problem:
        """A problem at the YAML node of ``loc`` in this file: ``claims[1].quote: <message>``."""
        return Problem(
            self.path, *self._locations.at(loc), f"{loc_text(loc)}: {message}" if loc else message
        )
