"""An export as FollowTheMoney entities, one per JSON line (the format Aleph and OpenSanctions
tooling read).

- Each dossier is a ``Person``, ``Organization``, ``Address`` (a place) or ``Event``; its claims are
  its ``notes``, each naming its article, or marked as outside knowledge with the note saying
  whence.
- Each relation between two exported dossiers is a ``Membership``, ``Employment``, ``Directorship``,
  ``Associate`` or ``UnknownLink``; its ``description`` names its article, or its note of outside
  knowledge.
- Each cited or pinned article is an ``Article`` (an inferred date says so in its ``notes``), linked
  to the dossiers citing it by a ``Documentation``. Outside knowledge is never an article.
- A pinned sentence is a ``Note`` on its article; a pinned claim a ``Note`` on its dossier (exported
  by name if it is not otherwise), with a ``Documentation`` of its article, or marked as outside
  knowledge.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from typing import Any

from dossier.index.dossiers.schema import OUTSIDE, Dossier, Relation
from dossier.index.views.export_bundle import ArticleRef, Bundle, sources
from dossier.index.views.pins import Pin

SCHEMA = {"person": "Person", "organization": "Organization", "place": "Address", "event": "Event"}
_LEGAL_ENTITIES = {"Person", "Organization"}


def _entity(entity_id: str, schema: str, properties: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "id": entity_id,
        "schema": schema,
        "properties": {k: v for k, v in properties.items() if v},
    }


def _article_entity_id(article_id: str) -> str:
    """An FtM id for an article: letters, digits, dots and dashes only (article ids have
    underscores)."""
    return "article-" + re.sub(r"[^0-9A-Za-z.-]+", "-", article_id).strip("-.")


def _link_id(*parts: str) -> str:
    return "rel-" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def _pin_id(pin: Pin) -> str:
    return "pin-" + hashlib.sha1("\x1f".join(map(str, pin.identity)).encode()).hexdigest()[:16]


def ftm_entities(bundle: Bundle) -> Iterator[dict[str, Any]]:
    """Every entity of the export: dossiers, relations between them, articles and their citations,
    pins."""
    exported = {d.id: SCHEMA[d.type] for d in bundle.dossiers}
    yield from _dossier_entities(bundle, exported)
    yield from _relationships(bundle, exported)
    yield from _cited_articles(bundle, _citations(bundle, exported))
    for pin in bundle.pins:
        if pin.kind in ("claim", "sentence"):
            yield _pin_note(pin, bundle, exported)


def _dossier_entities(bundle: Bundle, exported: dict[str, str]) -> Iterator[dict[str, Any]]:
    """The exported dossiers, then the dossiers of pinned claims not among them (by name), added to
    ``exported`` (dossier id -> FtM schema)."""
    for dossier in bundle.dossiers:
        yield _entity(dossier.id, exported[dossier.id], _properties(dossier, exported, bundle))
    for pin in bundle.pins:
        subject = bundle.known.get(pin.target)
        if pin.kind == "claim" and subject is not None and subject.id not in exported:
            exported[subject.id] = SCHEMA[subject.type]
            properties = {"name": [subject.name], "alias": list(subject.aliases)}
            yield _entity(subject.id, exported[subject.id], properties)


def _relationships(bundle: Bundle, exported: Mapping[str, str]) -> Iterator[dict[str, Any]]:
    """The relations between exported dossiers."""
    for dossier in bundle.dossiers:
        for index, relation in enumerate(dossier.relations):
            if relation.target in exported:
                yield _relationship(dossier, index, relation, exported, bundle)


def _citations(bundle: Bundle, exported: Mapping[str, str]) -> dict[str, list[str]]:
    """Every article the export names (cited by a dossier or a pinned claim, or pinned itself), in
    order, with the exported dossiers that cite it."""
    cited: dict[str, list[str]] = {}
    for dossier in bundle.dossiers:
        for source in sources(dossier):
            citing = cited.setdefault(source, [])
            if dossier.id not in citing:
                citing.append(dossier.id)
    for pin in bundle.pins:
        if pin.kind in ("article", "sentence"):
            cited.setdefault(pin.target, [])
        elif pin.kind == "claim" and pin.source and pin.source != OUTSIDE:
            citing = cited.setdefault(pin.source, [])
            if pin.target in exported and pin.target not in citing:
                citing.append(pin.target)
    return cited


def _cited_articles(bundle: Bundle, cited: dict[str, list[str]]) -> Iterator[dict[str, Any]]:
    """Each cited article, followed by a Documentation link to each dossier citing it."""
    for article_id, dossier_ids in cited.items():
        yield _article(article_id, bundle.articles.get(article_id))
        for dossier_id in dossier_ids:
            yield _entity(
                _link_id("doc", article_id, dossier_id),
                "Documentation",
                {
                    "document": [_article_entity_id(article_id)],
                    "entity": [dossier_id],
                    "role": ["cited source"],
                },
            )


def _article(article_id: str, ref: ArticleRef | None) -> dict[str, Any]:
    """An article; its date, and whether it was inferred (and how) or contradicts a printed one."""
    notes = []
    if ref and ref.date and ref.inferred is not None:
        notes.append(f"publishedAt {ref.date} is inferred, not printed: {ref.inferred}")
    if ref and ref.printed:
        notes.append(f"the article prints the date {ref.printed}")
    return _entity(
        _article_entity_id(article_id),
        "Article",
        {
            "title": [ref.title if ref else article_id],
            "fileName": [article_id],
            "publishedAt": [ref.date] if ref and ref.date else [],
            "notes": notes,
        },
    )


def _pin_note(pin: Pin, bundle: Bundle, exported: Mapping[str, str]) -> dict[str, Any]:
    """A pinned claim (on its dossier) or sentence (on its article) as a Note."""
    if pin.kind == "sentence":
        page = bundle.pin_page(pin)
        return _entity(
            _pin_id(pin),
            "Note",
            {
                "name": ["pinned sentence"],
                "entity": [_article_entity_id(pin.target)],
                "description": [pin.text + (f" (p. {page})" if page else "")],
            },
        )
    if pin.source == OUTSIDE:
        source = f"outside knowledge: {pin.note or _claim_note(pin, bundle) or 'no note'}"
    else:
        quote = f"“{pin.quote}” " if pin.quote else ""
        source = f"{quote}({bundle.title_of(pin.source or '')}, {bundle.cited_at(pin.source or '', pin.quote)})"
    return _entity(
        _pin_id(pin),
        "Note",
        {
            "name": ["pinned claim"],
            "summary": [pin.text],
            "description": [source],
            "entity": [pin.target] if pin.target in exported else [],
        },
    )


def _claim_note(pin: Pin, bundle: Bundle) -> str | None:
    """The note of the claim a pin (made before pins kept notes) pins, if its dossier still has
    it."""
    dossier = bundle.known.get(pin.target)
    claims = dossier.claims if dossier else ()
    return next((c.note for c in claims if c.text == pin.text and c.source == pin.source), None)


def _claim_notes(dossier: Dossier, bundle: Bundle) -> list[str]:
    out = []
    for claim in dossier.claims:
        source = (
            f"outside knowledge: {claim.note}"
            if claim.is_outside
            else bundle.cited_at(claim.source, claim.quote)
        )
        out.append(f"{claim.text} [{source}]" + (" (disputed)" if claim.disputed else ""))
    return out + [f"{note.field} from outside knowledge: {note.note}" for note in dossier.outside]


def _properties(
    dossier: Dossier, exported: Mapping[str, str], bundle: Bundle
) -> dict[str, list[str]]:
    schema = exported[dossier.id]
    props: dict[str, list[str]] = {
        "name": [dossier.name],
        "alias": list(dossier.aliases),
        "country": list(dossier.country),
        "summary": [dossier.summary.strip()] if dossier.summary else [],
        "notes": _claim_notes(dossier, bundle),
        "keywords": list(dossier.tags),
    }
    if schema == "Person":
        props |= {
            "position": [dossier.position] if dossier.position else [],
            "nationality": list(dossier.nationality),
            "birthDate": [dossier.birth_date] if dossier.birth_date else [],
        }
    elif schema == "Organization":
        props["jurisdiction"] = [dossier.jurisdiction] if dossier.jurisdiction else []
    elif schema == "Address":
        props |= {
            "full": [dossier.name],
            "region": [dossier.region] if dossier.region else [],
            "latitude": [str(dossier.latitude)] if dossier.latitude is not None else [],
            "longitude": [str(dossier.longitude)] if dossier.longitude is not None else [],
        }
    elif schema == "Event":
        props |= {
            "startDate": [dossier.start_date] if dossier.start_date else [],
            "endDate": [dossier.end_date] if dossier.end_date else [],
            "involved": [p for p in dossier.participants if exported.get(p) in _LEGAL_ENTITIES],
        }
        if dossier.place and exported.get(dossier.place) == "Address":
            props["addressEntity"] = [dossier.place]
    return props


def _evidence(relation: Relation, bundle: Bundle) -> list[str]:
    """Where a relation comes from: its article (and page of a PDF), or its note of outside
    knowledge (and a field's)."""
    if relation.is_outside:
        out = [f"outside knowledge: {relation.note or 'no note'}"]
    else:
        out = (
            [f"source: {bundle.cited_at(relation.source, relation.quote)}"]
            if relation.source
            else []
        )
    return out + [f"{note.field} from outside knowledge: {note.note}" for note in relation.outside]


def _relationship(
    dossier: Dossier,
    index: int,
    relation: Relation,
    exported: Mapping[str, str],
    bundle: Bundle,
) -> dict[str, Any]:
    """The FtM entity for one relation: a specific schema where both ends fit it, else
    UnknownLink."""
    holder, target = exported[dossier.id], exported[relation.target]
    entity_id = _link_id(dossier.id, relation.type, relation.target, str(index))
    dated = {
        "startDate": [relation.start_date] if relation.start_date else [],
        "summary": [relation.quote] if relation.quote else [],
        "description": _evidence(relation, bundle),
    }
    role = relation.type.replace("_", " ")
    if relation.type == "member_of" and holder in _LEGAL_ENTITIES and target == "Organization":
        return _entity(
            entity_id,
            "Membership",
            {"member": [dossier.id], "organization": [relation.target], "role": [role], **dated},
        )
    if (
        relation.type in ("works_for", "spokesperson_for")
        and holder == "Person"
        and target in _LEGAL_ENTITIES
    ):
        return _entity(
            entity_id,
            "Employment",
            {"employee": [dossier.id], "employer": [relation.target], "role": [role], **dated},
        )
    if relation.type == "leader_of" and holder in _LEGAL_ENTITIES and target == "Organization":
        return _entity(
            entity_id,
            "Directorship",
            {"director": [dossier.id], "organization": [relation.target], "role": [role], **dated},
        )
    if relation.type in ("met_with", "allied_with") and holder == target == "Person":
        return _entity(
            entity_id,
            "Associate",
            {
                "person": [dossier.id],
                "associate": [relation.target],
                "relationship": [role],
                **dated,
            },
        )
    return _entity(
        entity_id,
        "UnknownLink",
        {"subject": [dossier.id], "object": [relation.target], "role": [role], **dated},
    )
