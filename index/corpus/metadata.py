"""Article metadata: title, date, authors, publisher, URL, language and tags, from an article's
front matter (:mod:`dossier.index.corpus.front_matter`) or from the metadata file the analyst keeps
beside the articles (``seeds/metadata.yaml``). dossier reads both and writes neither, so a wrong
dateline is corrected in the metadata file without touching the article.

The metadata file maps article ids to entries; a field it gives wins over the front matter's, which
wins over a printed ``date YYYY-MM-DD`` line. A printed date that contradicts the metadata stays
visible as a disagreement (:attr:`dossier.index.corpus.articles.Article.date_conflict`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from dossier.index.dossiers.schema import DateText, Text
from dossier.index.dossiers.validation import error_problem, shown
from dossier.index.dossiers.yaml_source import Loc, YamlDocument, load_yaml, loc_text
from dossier.index.problems import Problem
from dossier.index.text.safe_text import safe_data

METADATA_FILE = "metadata.yaml"

MetaField = Literal["date", "publisher", "url", "language"]


class ArticleMeta(BaseModel):
    """What is known about an article besides its text (title, date, authors, publisher, URL,
    language, tags: from its front matter, its format's own headers, or the metadata file);
    ``inferred`` notes, per field, what a value was inferred from (the events the article reports,
    say) when no one printed it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text | None = None
    date: DateText | None = None
    authors: list[Text] = []
    publisher: Text | None = None
    url: Text | None = None
    language: Text | None = None
    tags: list[Text] = []
    #: Front matter fields dossier has no use for (``excerpt``, ``image``, ``layout``…), kept as
    #: text.
    other: dict[str, str | list[str]] = {}
    inferred: dict[MetaField, Text] = {}

    @model_validator(mode="after")
    def _inferred_fields_are_given(self) -> ArticleMeta:
        for name in self.inferred:
            if getattr(self, name) is None:
                raise PydanticCustomError(
                    "inferred",
                    f"a note on how the {name} was inferred, but no {name}",
                    {"field": name},
                )
        return self

    def over(self, base: ArticleMeta) -> ArticleMeta:
        """These fields where given, else ``base``'s; an inferred note goes with the value it
        explains."""
        values: dict[str, Any] = {}
        inferred: dict[str, str] = {}
        for name in ("title", "date", "authors", "publisher", "url", "language", "tags", "other"):
            source = self if getattr(self, name) not in (None, [], {}) else base
            values[name] = getattr(source, name)
            if name in source.inferred:
                inferred[name] = source.inferred[name]
        return ArticleMeta.model_validate({**values, "inferred": inferred})

    def to_json(self) -> str:
        return self.model_dump_json(exclude_defaults=True)

    @classmethod
    def from_json(cls, text: str) -> ArticleMeta:
        return cls.model_validate_json(text) if text else cls()


NO_META = ArticleMeta()


def date_label(date: str | None, inferred: bool = False, conflict: str | None = None) -> str:
    """An article's date as shown: ``2023-09-13``, ``2023-09-13 (inferred)``, with ``≠ printed
    2023-11-07`` when its printed date disagrees, or ``undated``."""
    label = f"{date} (inferred)" if date and inferred else date or "undated"
    return f"{label} ≠ printed {conflict}" if conflict else label


def _validated(
    document: YamlDocument, data: Any, loc: Loc
) -> tuple[ArticleMeta | None, list[Problem]]:
    """``data`` (found at ``loc`` in ``document``) as metadata, or None and its problems."""
    problems = list(document.problems)
    if data is None and problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [
            *problems,
            document.problem_at(loc, f"expected a mapping of fields, got {shown(data)}"),
        ]
    if "other" in data:  # front matter's catch-all, not a field of the metadata file
        line, col = document.locations.at((*loc, "other"), key=True)
        return None, [
            *problems,
            Problem(document.path, line, col, f"{loc_text(loc)}: unknown field 'other'"),
        ]
    try:
        return ArticleMeta.model_validate(safe_data(data)), problems
    except ValidationError as error:
        for detail in error.errors():
            where = (
                ("inferred", detail["ctx"]["field"])
                if detail["type"] == "inferred"
                else detail["loc"]
            )
            detail["loc"] = (*loc, *where)
            problems.append(error_problem(document.path, document.locations, detail))
        return None, problems


@dataclass(frozen=True)
class MetadataFile:
    """The corpus's metadata file: an entry per article id, what was wrong with it, and a digest per
    entry (so the index can tell which articles a change of the file touches)."""

    path: Path
    entries: dict[str, ArticleMeta] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    document: YamlDocument | None = None

    def meta_for(self, article_id: str) -> ArticleMeta:
        return self.entries.get(article_id, NO_META)

    def digest(self, article_id: str) -> str:
        """A fingerprint of one article's entry ("" without one)."""
        entry = self.entries.get(article_id)
        return hashlib.sha1(entry.to_json().encode()).hexdigest() if entry else ""

    def unknown_ids(self, known: set[str]) -> list[Problem]:
        """Entries naming no article of the corpus, located at their key."""
        if self.document is None:
            return []
        at = self.document.locations.at
        return [
            Problem(self.path, *at((entry_id,), key=True), f"no article {entry_id!r} in seeds/")
            for entry_id in self.entries
            if entry_id not in known
        ]


def load_metadata(seeds_dir: Path) -> MetadataFile:
    """``seeds/metadata.yaml`` if there is one. A malformed entry is reported and skipped; the
    others apply."""
    path = seeds_dir / METADATA_FILE
    if not path.is_file():
        return MetadataFile(path)
    document = load_yaml(path)
    if document.data is None:
        return MetadataFile(path, problems=list(document.problems), document=document)
    if not isinstance(document.data, dict):
        message = f"top level must map article ids to their metadata, got {shown(document.data)}"
        return MetadataFile(
            path, problems=[*document.problems, document.problem_at((), message)], document=document
        )
    entries: dict[str, ArticleMeta] = {}
    problems = list(document.problems)
    for key, value in document.data.items():
        meta, found = _validated(
            YamlDocument(path, None, document.locations, []), value, (str(key),)
        )
        problems += found
        if meta is not None:
            entries[str(key)] = meta
    return MetadataFile(path, entries, sorted(problems), document)


def stored(meta: ArticleMeta, printed_date: str | None) -> str:
    """The metadata as stored with an article in the index (JSON)."""
    return json.dumps({"meta": json.loads(meta.to_json()), "printed": printed_date})


def from_stored(text: str | None) -> tuple[ArticleMeta, str | None]:
    """What :func:`stored` wrote: the metadata and the printed date."""
    if not text:
        return NO_META, None
    data = json.loads(text)
    return ArticleMeta.model_validate(data["meta"]), data.get("printed")
