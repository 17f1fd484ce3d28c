"""Reading a file by its format's reader (the table is :mod:`dossier.index.corpus.formats`).

Every reader is a module here with ``read(path, file_id) -> (articles, problems)``: the articles one
file gives (one, or one per message of a mailbox, ids ``<file_id>/<n>``) and what was wrong, never
raised. The heavy libraries a reader needs (the ``formats`` extra) are imported only when a file of
its kind is read; without them those files are left out of the listing and named once per sync (see
:meth:`dossier.index.corpus.articles.Listing.notes`).
"""

from __future__ import annotations

import importlib
from pathlib import Path

from dossier.index.corpus.article import Article
from dossier.index.corpus.formats import EXTRA, available, format_of, suffix_of
from dossier.index.problems import Problem


def load_file(path: Path, file_id: str) -> tuple[list[Article], list[Problem]]:
    """The articles in one file, by its format's reader; a reader's failure is a problem, never
    raised."""
    fmt = format_of(path.name)
    if fmt is None:
        return [], [Problem.whole_file(path, "not a kind of file dossier reads, skipped")]
    try:
        if not available(fmt):
            raise ImportError(fmt.needs)
        reader = importlib.import_module(f"{__name__}.{fmt.module}")
    except ImportError:
        return [], [
            Problem.whole_file(
                path, f"install {EXTRA} to read {suffix_of(path.name)} files, skipped"
            )
        ]
    try:
        articles, problems = reader.read(path, file_id)
    except Exception as error:  # a library's bug on a hostile file must not stop the sync
        return [], [
            Problem.whole_file(
                path, f"could not be read as {fmt.name} ({type(error).__name__}: {error}), skipped"
            )
        ]
    return articles, problems
