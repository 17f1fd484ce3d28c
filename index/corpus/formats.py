"""The kinds of file dossier reads: one table from file suffix to reader module (see
:mod:`dossier.index.corpus.readers`), and whether the libraries a reader needs are installed."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

#: The extra that installs the libraries of the formats beyond plain text and e-mail.
EXTRA = "dossier[formats]"


@dataclass(frozen=True)
class Format:
    """A kind of file: its suffixes (lower case), the reader module, and the libraries that reader
    imports."""

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
#: Suffixes of two parts (a gzipped page, as browsers and crawlers save them): all of it is left out
#: of the id.
DOUBLE_SUFFIXES = tuple(suffix for suffix in SUFFIXES if suffix.count(".") == 2)
_BY_SUFFIX = {suffix: fmt for fmt in FORMATS for suffix in fmt.suffixes}


#: The suffix of a file that gives several articles (a mailbox: ids ``<file id>/<n>``).
MANY_ARTICLES_SUFFIX = ".mbox"


def gives_many(name: str) -> bool:
    """Whether a file gives one article per message (a mailbox), with ids of its own under its file
    id."""
    return suffix_of(name) == MANY_ARTICLES_SUFFIX


def format_of(name: str) -> Format | None:
    """The format of a file named ``name`` (a path's folders aside; by its suffix, any case), or
    None."""
    return _BY_SUFFIX.get(suffix_of(name))


def suffix_of(name: str) -> str:
    """A file's suffix (a path's folders aside), lower case: a known two-part one whole
    (``.html.gz``), else the last one; "" for none (``README``, ``.profile``)."""
    name = name.rpartition("/")[2].lower()
    double = next(
        (suffix for suffix in DOUBLE_SUFFIXES if name.endswith(suffix) and name != suffix), None
    )
    dot = name.rfind(".")
    return double or (name[dot:] if dot > 0 else "")


def available(fmt: Format) -> bool:
    """Whether the libraries ``fmt`` needs are installed: found, not imported (listing a corpus must
    not cost trafilatura's import, half a second, when nothing is to be read)."""
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
