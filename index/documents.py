"""Turning articles and dossiers into Whoosh documents."""

from __future__ import annotations

import json
from typing import Any

from dossier.index.corpus import Article
from dossier.index.dossier_schema import Dossier
from dossier.index.linking import Mention
from dossier.index.safe_text import safe_text

ARTICLE = "article"
DOSSIER = "dossier"


def article_document(article: Article, mentions: list[Mention]) -> dict[str, Any]:
    """The indexed form of an article, with the dossiers it names and where."""
    entities = sorted({m.entity for m in mentions})
    return {
        "key": f"{ARTICLE}:{article.id}",
        "id": article.id,
        "kind": ARTICLE,
        "type": ARTICLE,
        "title": article.title,
        "body": article.body,
        "words": f"{article.title}\n{article.body}",
        "date": article.date or "",
        "path": safe_text(str(article.path)),
        "entity": ",".join(entities),
        "mentions": json.dumps([[m.entity, m.start, m.end] for m in mentions]),
    }


def dossier_document(dossier: Dossier) -> dict[str, Any]:
    """The indexed form of a dossier: its names rank it first for its own name."""
    body = "\n".join([dossier.summary or "", *(claim.text for claim in dossier.claims)])
    return {
        "key": f"{DOSSIER}:{dossier.id}",
        "id": dossier.id,
        "kind": DOSSIER,
        "type": dossier.type,
        "title": dossier.name,
        "name": "\n".join(dossier.names),
        "body": body,
        "words": f"{dossier.name}\n{body}",
        "date": dossier.start_date or "",
        "path": str(dossier.path),
        "entity": dossier.id,
        "mentions": "[]",
    }


def stored_mentions(fields: dict[str, Any]) -> list[Mention]:
    """The mentions stored with an article document."""
    return [Mention(entity, start, end) for entity, start, end in json.loads(fields.get("mentions") or "[]")]
