"""Exports of dossiers and pins: a Markdown brief with its sources as footnotes, JSON, and FollowTheMoney
entities as JSON lines (the format Aleph and OpenSanctions tooling read).

Every function takes what it exports as plain values (dossiers, pins, article titles) and returns text; the
caller decides where it goes.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from dossier.index.atomic import write_atomically
from dossier.index.corpus.articles import Corpus
from dossier.index.dossiers.schema import Dossier, Relation
from dossier.index.errors import DossierError
from dossier.index.user_folders import data_root
from dossier.index.views.pins import Pin

ExportFormat = Literal["markdown", "json", "ftm"]
FORMATS: tuple[str, ...] = ("markdown", "json", "ftm")
SUFFIXES = {"markdown": ".md", "json": ".json", "ftm": ".ftm.json"}


@dataclass(frozen=True)
class ArticleRef:
    """How an export names an article: title, date, file."""

    id: str
    title: str
    date: str | None = None
    path: str = ""


@dataclass(frozen=True)
class Bundle:
    """What one export holds: dossiers (in order), pins, and the articles they cite."""

    dossiers: tuple[Dossier, ...]
    pins: tuple[Pin, ...]
    articles: Mapping[str, ArticleRef]
    names: Mapping[str, str]

    def title_of(self, article_id: str) -> str:
        ref = self.articles.get(article_id)
        return ref.title if ref else article_id

    def name_of(self, dossier_id: str) -> str:
        return self.names.get(dossier_id, dossier_id)


def export(bundle: Bundle, fmt: str) -> str:
    """``bundle`` in one of :data:`FORMATS`."""
    if fmt == "markdown":
        return markdown(bundle)
    if fmt == "json":
        return json.dumps(to_json(bundle), ensure_ascii=False, indent=2) + "\n"
    if fmt == "ftm":
        return "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in ftm_entities(bundle))
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")


# -- Markdown ---------------------------------------------------------------------------------------


class _Footnotes:
    """Numbered footnotes, one per distinct (quote, article)."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self.notes: dict[tuple[str, str], int] = {}

    def cite(self, quote: str | None, source: str | None) -> str:
        if not source:
            return ""
        key = (" ".join((quote or "").split()), source)
        number = self.notes.setdefault(key, len(self.notes) + 1)
        return f"[^{number}]"

    def lines(self) -> list[str]:
        out = []
        for (quote, source), number in self.notes.items():
            ref = self.bundle.articles.get(source)
            where = f"*{_md(self.bundle.title_of(source))}*" + (f", {ref.date}" if ref and ref.date else "")
            said = f"“{_md(quote)}” — " if quote else ""
            out.append(f"[^{number}]: {said}{where} (`{source}`)")
        return out


def markdown(bundle: Bundle) -> str:
    """A brief: each dossier with its facts, relations and claims (quotes as footnotes naming the article), then
    the pinned items with their sources."""
    notes = _Footnotes(bundle)
    names = ", ".join(d.name for d in bundle.dossiers) or "case file"
    lines = [f"# Brief: {_md(names)}", ""]
    for dossier in bundle.dossiers:
        lines += _dossier_section(dossier, bundle, notes)
    if bundle.pins:
        lines += ["## Pinned", ""]
        for pin in bundle.pins:
            lines.append(_pin_line(pin, bundle, notes))
        lines.append("")
    if notes.notes:
        lines += ["## Sources", "", *notes.lines(), ""]
    return "\n".join(lines)


def _dossier_section(dossier: Dossier, bundle: Bundle, notes: _Footnotes) -> list[str]:
    lines = [f"## {_md(dossier.name)} ({dossier.type})", ""]
    if dossier.aliases:
        lines += [f"Also: {_md(', '.join(dossier.aliases))}", ""]
    if dossier.summary:
        lines += [_md(dossier.summary.strip()), ""]
    facts = _facts(dossier, bundle)
    if facts:
        lines += [f"- **{label}:** {_md(value)}" for label, value in facts] + [""]
    if dossier.relations:
        lines += ["### Relations", ""]
        for relation in dossier.relations:
            since = f" (since {relation.start_date})" if relation.start_date else ""
            cite = notes.cite(relation.quote, relation.source)
            lines.append(f"- {relation.type.replace('_', ' ')} {_md(bundle.name_of(relation.target))}{since}{cite}")
        lines.append("")
    if dossier.claims:
        lines += ["### Claims", ""]
        for claim in dossier.claims:
            flag = " **(disputed)**" if claim.disputed else ""
            lines.append(f"- {_md(claim.text)}{notes.cite(claim.quote, claim.source)}{flag}")
            if claim.note:
                lines.append(f"  - Note: {_md(claim.note)}")
        lines.append("")
    return lines


def _pin_line(pin: Pin, bundle: Bundle, notes: _Footnotes) -> str:
    if pin.kind == "dossier":
        return f"- Dossier: {_md(bundle.name_of(pin.target))} (`{pin.target}`)"
    if pin.kind == "article":
        ref = bundle.articles.get(pin.target)
        date = f", {ref.date}" if ref and ref.date else ""
        return f"- Article: *{_md(bundle.title_of(pin.target))}*{date} (`{pin.target}`)"
    if pin.kind == "claim":
        return f"- Claim on {_md(bundle.name_of(pin.target))}: {_md(pin.text)}{notes.cite(pin.quote, pin.source)}"
    return f"- Sentence: “{_md(pin.text)}”{notes.cite(None, pin.target)}"


_FACT_FIELDS = (
    ("position", "Position"), ("nationality", "Nationality"), ("birth_date", "Born"), ("country", "Country"),
    ("jurisdiction", "Jurisdiction"), ("region", "Region"), ("latitude", "Latitude"), ("longitude", "Longitude"),
    ("start_date", "Start"), ("end_date", "End"), ("place", "Place"), ("participants", "Participants"),
)


def _facts(dossier: Dossier, bundle: Bundle) -> list[tuple[str, str]]:
    out = []
    for field, label in _FACT_FIELDS:
        value = getattr(dossier, field)
        if value in (None, (), ""):
            continue
        if field in ("place", "participants"):
            value = tuple(bundle.name_of(v) for v in (value if isinstance(value, tuple) else (value,)))
        out.append((label, ", ".join(value) if isinstance(value, tuple) else str(value)))
    return out


def _md(text: str) -> str:
    """Corpus text as literal Markdown: characters Markdown would read as syntax are escaped."""
    out = []
    for char in " ".join(text.split()):
        out.append("\\" + char if char in "\\`*_[]<>#|" else char)
    return "".join(out)


# -- JSON -------------------------------------------------------------------------------------------


def to_json(bundle: Bundle) -> dict[str, Any]:
    """Dossiers (their YAML fields, FollowTheMoney names), pins, and the cited articles."""
    cited = {s for d in bundle.dossiers for s in _sources(d)}
    cited |= {p.source or p.target for p in bundle.pins if p.kind in ("claim", "sentence", "article")}
    return {
        "dossiers": [
            {"id": d.id, **d.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"id", "path"})}
            for d in bundle.dossiers
        ],
        "pins": [p.to_json() for p in bundle.pins],
        "articles": {
            a: {"title": ref.title, "date": ref.date, "path": ref.path}
            for a in sorted(cited) if (ref := bundle.articles.get(a))
        },
    }


# -- FollowTheMoney ---------------------------------------------------------------------------------

_SCHEMA = {"person": "Person", "organization": "Organization", "place": "Address", "event": "Event"}
_LEGAL_ENTITIES = {"Person", "Organization"}


def _entity(entity_id: str, schema: str, properties: dict[str, list[str]]) -> dict[str, Any]:
    return {"id": entity_id, "schema": schema, "properties": {k: v for k, v in properties.items() if v}}


def _sources(dossier: Dossier) -> list[str]:
    """The articles a dossier's relations and claims cite, in order, each once."""
    found = [r.source for r in dossier.relations if r.source] + [c.source for c in dossier.claims]
    return list(dict.fromkeys(found))


def _article_entity_id(article_id: str) -> str:
    """An FtM id for an article: letters, digits, dots and dashes only (article ids have underscores)."""
    return "article-" + re.sub(r"[^0-9A-Za-z.-]+", "-", article_id).strip("-.")


def _link_id(*parts: str) -> str:
    return "rel-" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def ftm_entities(bundle: Bundle) -> Iterator[dict[str, Any]]:
    """Each dossier as a Person, Organization, Address (a place) or Event; each relation between two exported
    dossiers as a relationship entity (Membership, Employment, Directorship, Associate or UnknownLink); each
    cited article as an Article linked to what cites it by a Documentation entity."""
    exported = {d.id: _SCHEMA[d.type] for d in bundle.dossiers}
    for dossier in bundle.dossiers:
        yield _entity(dossier.id, exported[dossier.id], _properties(dossier, exported))
    for dossier in bundle.dossiers:
        for index, relation in enumerate(dossier.relations):
            if relation.target in exported:
                yield _relationship(dossier, index, relation, exported)
    cited: dict[str, list[str]] = {}
    for dossier in bundle.dossiers:
        for source in _sources(dossier):
            if dossier.id not in cited.setdefault(source, []):
                cited[source].append(dossier.id)
    for article_id, dossier_ids in cited.items():
        ref = bundle.articles.get(article_id)
        yield _entity(_article_entity_id(article_id), "Article", {
            "title": [ref.title if ref else article_id], "fileName": [article_id],
            "publishedAt": [ref.date] if ref and ref.date else [],
        })
        for dossier_id in dossier_ids:
            yield _entity(_link_id("doc", article_id, dossier_id), "Documentation", {
                "document": [_article_entity_id(article_id)], "entity": [dossier_id], "role": ["cited source"],
            })


def _properties(dossier: Dossier, exported: Mapping[str, str]) -> dict[str, list[str]]:
    schema = exported[dossier.id]
    props: dict[str, list[str]] = {
        "name": [dossier.name], "alias": list(dossier.aliases), "country": list(dossier.country),
        "summary": [dossier.summary.strip()] if dossier.summary else [],
        "notes": [f"{c.text} [{c.source}]" + (" (disputed)" if c.disputed else "") for c in dossier.claims],
        "keywords": list(dossier.tags),
    }
    if schema == "Person":
        props |= {"position": [dossier.position] if dossier.position else [],
                  "nationality": list(dossier.nationality),
                  "birthDate": [dossier.birth_date] if dossier.birth_date else []}
    elif schema == "Organization":
        props["jurisdiction"] = [dossier.jurisdiction] if dossier.jurisdiction else []
    elif schema == "Address":
        props |= {"full": [dossier.name], "region": [dossier.region] if dossier.region else [],
                  "latitude": [str(dossier.latitude)] if dossier.latitude is not None else [],
                  "longitude": [str(dossier.longitude)] if dossier.longitude is not None else []}
    elif schema == "Event":
        props |= {"startDate": [dossier.start_date] if dossier.start_date else [],
                  "endDate": [dossier.end_date] if dossier.end_date else [],
                  "involved": [p for p in dossier.participants if exported.get(p) in _LEGAL_ENTITIES]}
        if dossier.place and exported.get(dossier.place) == "Address":
            props["addressEntity"] = [dossier.place]
    return props


def _relationship(dossier: Dossier, index: int, relation: Relation, exported: Mapping[str, str]) -> dict[str, Any]:
    """The FtM entity for one relation: a specific schema where both ends fit it, else UnknownLink."""
    holder, target = exported[dossier.id], exported[relation.target]
    entity_id = _link_id(dossier.id, relation.type, relation.target, str(index))
    dated = {"startDate": [relation.start_date] if relation.start_date else [],
             "summary": [relation.quote] if relation.quote else [],
             "description": [f"source: {relation.source}"] if relation.source else []}
    role = relation.type.replace("_", " ")
    if relation.type == "member_of" and holder in _LEGAL_ENTITIES and target == "Organization":
        return _entity(entity_id, "Membership", {"member": [dossier.id], "organization": [relation.target],
                                                 "role": [role], **dated})
    if relation.type in ("works_for", "spokesperson_for") and holder == "Person" and target in _LEGAL_ENTITIES:
        return _entity(entity_id, "Employment", {"employee": [dossier.id], "employer": [relation.target],
                                                 "role": [role], **dated})
    if relation.type == "leader_of" and holder in _LEGAL_ENTITIES and target == "Organization":
        return _entity(entity_id, "Directorship", {"director": [dossier.id], "organization": [relation.target],
                                                   "role": [role], **dated})
    if relation.type in ("met_with", "allied_with") and holder == target == "Person":
        return _entity(entity_id, "Associate", {"person": [dossier.id], "associate": [relation.target],
                                                "relationship": [role], **dated})
    return _entity(entity_id, "UnknownLink", {"subject": [dossier.id], "object": [relation.target],
                                              "role": [role], **dated})


def export_folder() -> Path:
    """Where the app writes exports: ``exports/`` in the user data folder (never inside a corpus)."""
    return data_root() / "exports"


def save_export(text: str, stem: str, fmt: str, folder: Path | None = None) -> Path:
    """Write an export atomically to a new file ``<stem>-<time><suffix>`` in ``folder``; its path."""
    folder = folder or export_folder()
    name = f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}{SUFFIXES[fmt]}"
        counter = 1
        while path.exists():
            counter += 1
            path = folder / f"{name}-{counter}{SUFFIXES[fmt]}"
        write_atomically(path, text)
    except OSError as error:
        raise ExportFailed(f"cannot write the export in {folder}: {error.strerror or error}") from None
    return path


class ExportFailed(DossierError):
    """An export could not be written."""


def write_export(text: str, path: Path, corpus: Corpus) -> Path:
    """Write an export to ``path`` atomically; refused in the corpus's ``seeds/`` and ``dossiers/`` (an export is
    not an article, and dossiers are written only by the writer)."""
    target = path.expanduser().resolve()
    for folder in (corpus.seeds_dir.resolve(), corpus.dossiers_dir.resolve()):
        if target == folder or folder in target.parents:
            raise ExportFailed(f"not writing {path} inside the corpus's {folder.name}/ folder: choose a file elsewhere")
    if target.is_dir():
        raise ExportFailed(f"{path} is a folder: give a file name")
    try:
        write_atomically(target, text)
    except OSError as error:
        raise ExportFailed(f"cannot write {path}: {error.strerror or error}") from None
    return target
