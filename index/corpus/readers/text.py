"""Plain text and Markdown: the file's text character for character (see
:func:`~dossier.index.corpus.article.load_article`)."""

from __future__ import annotations

from pathlib import Path

from dossier.index.corpus.article import Article, load_article
from dossier.index.problems import Problem


def read(path: Path, file_id: str) -> tuple[list[Article], list[Problem]]:
    article, problems = load_article(path, file_id)
    return ([article] if article else []), problems
