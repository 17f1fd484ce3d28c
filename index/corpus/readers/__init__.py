"""Which reader reads which kind of file: one table from file suffix to reader module.

Every reader is a module here with ``read(path, file_id) -> (articles, problems)``: the articles one file gives
(one, or one per message of a mailbox, ids ``<file_id>/<n>``) and what was wrong, never raised. The heavy
libraries a reader needs (the ``formats`` extra) are imported only when a file of its kind is read; without
them those files are left out of the listing and named once per sync (see
:meth:`dossier.index.corpus.articles.Listing.notes`).
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dossier.index.problems import Problem

if TYPE_CHECKING:
    from dossier.index.corpus.articles import Article

#: The extra that installs the libraries of the formats beyond plain text and e-mail.
EXTRA = "dossier[formats]"


@dataclass(frozen=True)
class Format:
    """A kind of file: its suffixes (lower case), the reader module, and the libraries that reader imports."""

    name: str
    suffixes: tuple[str, ...]
    module: str
    needs: tuple[str, ...] = ()


FORMATS = (
    Format("plain text", (".txt", ".md"), "text"),
    Format("HTML", (".html", ".htm", ".html.gz", ".htm.gz"), "html", ("trafilatura",)),
    Format("PDF", (".pdf",), "pdf", ("pypdf",)),
    Format("e-mail", (".eml", ".mbox"), "mail"),
    Format("Word", (".docx",), "docx", ("docx",)),
)
SUFFIXES = tuple(suffix for fmt in FORMATS for suffix in fmt.suffixes)
#: Suffixes of two parts (a gzipped page, as browsers and crawlers save them): all of it is left out of the id.
DOUBLE_SUFFIXES = tuple(suffix for suffix in SUFFIXES if suffix.count(".") == 2)
_BY_SUFFIX = {suffix: fmt for fmt in FORMATS for suffix in fmt.suffixes}


#: The suffix of a file that gives several articles (a mailbox: ids ``<file id>/<n>``).
MANY_ARTICLES_SUFFIX = ".mbox"


def gives_many(name: str) -> bool:
    """Whether a file gives one article per message (a mailbox), with ids of its own under its file id."""
    return suffix_of(name) == MANY_ARTICLES_SUFFIX


def format_of(name: str) -> Format | None:
    """The format of a file named ``name`` (a path's folders aside; by its suffix, any case), or None."""
    return _BY_SUFFIX.get(suffix_of(name))


def suffix_of(name: str) -> str:
    """A file's suffix (a path's folders aside), lower case: a known two-part one whole (``.html.gz``), else the
    last one; "" for none (``README``, ``.profile``)."""
    name = name.rpartition("/")[2].lower()
    double = next(
        (suffix for suffix in DOUBLE_SUFFIXES if name.endswith(suffix) and name != suffix), None
    )
    dot = name.rfind(".")
    return double or (name[dot:] if dot > 0 else "")


def available(fmt: Format) -> bool:
    """Whether the libraries ``fmt`` needs are installed: found, not imported (listing a corpus must not cost
    trafilatura's import, half a second, when nothing is to be read)."""
    for module in fmt.needs:
        try:
            if importlib.util.find_spec(module) is None:
                return False
        except (
            ImportError,
            ValueError,
        ):  # ValueError: a module set to None in sys.modules (import blocked)
            return False
    return True


def load_file(path: Path, file_id: str) -> tuple[list[Article], list[Problem]]:
    """The articles in one file, by its format's reader; a reader's failure is a problem, never raised."""
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
