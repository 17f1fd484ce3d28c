"""Turning articles and dossiers into Whoosh documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dossier.index.corpus.articles import Article
from dossier.index.corpus.metadata import from_stored as meta_from_stored
from dossier.index.corpus.metadata import stored as stored_meta
from dossier.index.dossiers.schema import Dossier
from dossier.index.text.linking import Mention
from dossier.index.text.safe_text import safe_text

ARTICLE = "article"
DOSSIER = "dossier"
#: Documents that only carry unstemmed words (see :func:`vocabulary_document`); never a search hit.
VOCABULARY = "vocabulary"


#: Extra ``mentioned`` terms for a mention in the title and in the first paragraph (title line
#: included).
TITLE_MENTION, LEAD_MENTION = 2, 1


#: Where an article names dossiers is stored for its first this-many mentions (every shown hit reads
#: them; an article naming Kim 54 000 times made each hit cost 15 ms). Which dossiers it names is
#: always complete.
MAX_STORED_MENTIONS = 2000


def article_document(article: Article, mentions: list[Mention]) -> dict[str, Any]:
    """The indexed form of an article, with the dossiers it names and where.

    Its unstemmed words go into a :func:`vocabulary_document` shared by the whole batch, not into
    the article: analyzing every body twice (stemmed and not) and keeping a posting per word per
    article for the few things that need the unstemmed spelling (``prefix*`` patterns, did-you-mean)
    cost a third of a build.
    """
    entities = sorted({m.entity for m in mentions})
    return {
        "key": f"{ARTICLE}:{article.id}",
        "id": article.id,
        "kind": ARTICLE,
        "type": ARTICLE,
        "title": article.title,
        "body": article.body,
        "date": article.date or "",
        "path": safe_text(str(article.path)),
        "entity": ",".join(entities),
        "mentioned": ",".join(mention_terms(article, mentions)),
        "acronym": article.body,
        "mentions": json.dumps(
            [[m.entity, m.start, m.end] for m in mentions[:MAX_STORED_MENTIONS]]
        ),
        "meta": stored_meta(article.meta, article.printed_date),
    }


def mention_terms(article: Article, mentions: list[Mention]) -> list[str]:
    """One term per mention, plus :data:`TITLE_MENTION` in the title and :data:`LEAD_MENTION` in the
    lead."""
    title_start = article.body.find(article.title.rstrip("…"))
    title_end = title_start + len(article.title.rstrip("…")) if title_start != -1 else 0
    lead_end = lead_end_offset(article.body)
    terms = []
    for m in mentions:
        repeat = 1 + (TITLE_MENTION if m.start < title_end and m.end > title_start else 0)
        repeat += LEAD_MENTION if m.start < lead_end else 0
        terms += [m.entity] * repeat
    return terms


def lead_end_offset(body: str) -> int:
    """Where the first paragraph ends: after the first two non-blank lines (the title line and the
    next)."""
    seen, offset = 0, 0
    for line in body.splitlines(keepends=True):
        offset += len(line)
        if line.strip():
            seen += 1
            if seen == 2:
                break
    return offset


def dossier_document(dossier: Dossier) -> dict[str, Any]:
    """The indexed form of a dossier: its names in ``name``, its summary and claims in the
    low-weight ``notes`` (title and body are stored for display, not indexed: they must not compete
    with the articles quoted)."""
    body = "\n".join([dossier.summary or "", *(claim.text for claim in dossier.claims)])
    return {
        "key": f"{DOSSIER}:{dossier.id}",
        "id": dossier.id,
        "kind": DOSSIER,
        "type": dossier.type,
        "title": "",
        "_stored_title": dossier.name,
        "name": "\n".join(dossier.names),
        "body": "",
        "_stored_body": body,
        "notes": body,
        "acronym": "\n".join([*dossier.names, body]),
        "words": f"{dossier.name}\n{body}",
        "date": dossier.start_date or "",
        "path": str(dossier.path),
        "entity": dossier.id,
        "mentions": "[]",
    }


def vocabulary_document(key: str, folded_words: set[str], lower_words: set[str]) -> dict[str, Any]:
    """One document holding a batch's distinct folded words in the ``words`` field: the index's
    lexicon of spellings, from which patterns and did-you-mean work (a word stays listed after its
    articles are gone, until the next rebuild); and in ``lower`` those of them written in lower case
    somewhere (not names)."""
    return {
        "key": f"{VOCABULARY}:{key}",
        "id": key,
        "kind": VOCABULARY,
        "type": VOCABULARY,
        "words": " ".join(sorted(folded_words)),
        "lower": " ".join(sorted(lower_words)),
    }


def stored_mentions(fields: dict[str, Any]) -> list[Mention]:
    """The mentions stored with an article document."""
    return [
        Mention(entity, start, end)
        for entity, start, end in json.loads(fields.get("mentions") or "[]")
    ]


def stored_article(fields: dict[str, Any]) -> Article:
    """The article an article document was made from (its metadata included)."""
    meta, printed = meta_from_stored(fields.get("meta"))
    return Article(
        fields["id"],
        fields["title"],
        fields.get("date") or None,
        Path(fields["path"]),
        fields["body"],
        printed,
        meta,
    )


def stored_date_flags(fields: dict[str, Any]) -> dict[str, Any]:
    """``date_conflict`` (the printed date that contradicts the metadata's) and ``date_inferred``
    (whether the date was inferred rather than printed) of a stored document; nothing for a
    dossier."""
    if fields.get("kind") != ARTICLE or not fields.get("meta"):
        return {}
    article = stored_article(fields)
    return {
        "date_conflict": article.date_conflict,
        "date_inferred": article.date_inferred is not None,
    }


def stored_authors(fields: dict[str, Any]) -> tuple[str, ...]:
    """An article document's authors (from its metadata); none for a dossier."""
    if fields.get("kind") != ARTICLE or not fields.get("meta"):
        return ()
    return tuple(meta_from_stored(fields["meta"])[0].authors)
