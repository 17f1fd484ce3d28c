"""``dossier show`` for an article: its metadata, its copies and its text, as text or JSON."""

from __future__ import annotations

from typing import Any

from dossier.index.api import Article, schema, strings

#: What ``dossier show`` takes to mean an article even where a dossier has the same id.
ARTICLE_PREFIX = f"{schema.ARTICLE}:"


def article_json(article: Article, copies: list[str]) -> dict[str, Any]:
    """The ``dossier show ID --json`` form of an article."""
    meta = article.meta
    return {
        "kind": schema.ARTICLE,
        "id": article.id,
        "title": article.title,
        "date": article.date,
        "authors": list(meta.authors),
        "publisher": meta.publisher,
        "url": meta.url,
        "language": meta.language,
        "tags": list(meta.tags),
        "path": str(article.path),
        "text": article.body,
        "duplicates": copies,
    }


def format_article(article: Article, copies: list[str]) -> str:
    """An article for reading in a terminal: a header of what is known about it, a blank line, its
    text (made safe to show: control characters and bidi overrides are visible symbols)."""
    meta = article.meta
    fields = [
        ("title", article.title),
        ("date", article.date_label),
        ("authors", ", ".join(meta.authors)),
        ("publisher", meta.publisher or ""),
        ("url", meta.url or ""),
        ("path", str(article.path)),
        ("duplicates", ", ".join(copies)),
    ]
    header = [f"{name}: {strings.safe_text(value)}" for name, value in fields if value]
    return "\n".join(
        [f"article {article.id}", *header, "", strings.safe_text(article.body).rstrip("\n")]
    )
