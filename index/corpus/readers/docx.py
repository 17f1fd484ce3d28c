"""Word documents (``.docx``) through python-docx: the paragraphs' text (tables' cells too, row by
row) and the core properties title, author and creation date."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError

from dossier.index.corpus.article import Article
from dossier.index.corpus.readers.common import (
    TooLarge,
    iso_date,
    make_article,
    meta_of,
    read_bounded,
)
from dossier.index.problems import Problem


def read(path: Path, file_id: str) -> tuple[list[Article], list[Problem]]:
    try:
        document = docx.Document(io.BytesIO(read_bounded(path)))
    except TooLarge as error:
        return [], [Problem.whole_file(path, str(error))]
    except OSError as error:
        return [], [Problem.whole_file(path, f"unreadable, skipped: {error.strerror or error}")]
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        return [], [Problem.whole_file(path, f"damaged or not a Word document ({error}), skipped")]
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines += ["\t".join(cell.text for cell in row.cells) for row in table.rows]
    properties = document.core_properties
    authors = [name.strip() for name in (properties.author or "").split(";")]
    meta, problems = meta_of(
        path,
        title=properties.title,
        authors=authors,
        date=iso_date(properties.created),
        language=properties.language or None,
    )
    articles, more = make_article(path, file_id, "\n".join(lines), meta)
    return articles, problems + more
