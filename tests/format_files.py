"""Files of the formats dossier reads, made by the libraries that read them (a PDF with a text
layer, a Word document), for tests: small, and the same every time."""

from __future__ import annotations

from pathlib import Path

import docx
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject


def write_pdf(
    path: Path,
    pages: list[list[str]],
    *,
    title: str = "",
    author: str = "",
    created: str = "",
    encrypt_for: str | None = None,
) -> Path:
    """A PDF whose pages show ``pages`` (lines of Helvetica text), with that title, author and
    creation date (``D:20240305120000Z``); encrypted (RC4) for the user password ``encrypt_for``
    when given ("" opens without asking)."""
    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        shown = " T* ".join(f"({line})'" if i else f"({line}) Tj" for i, line in enumerate(lines))
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 12 Tf 14 TL 72 720 Td {shown} ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {
                NameObject("/Font"): DictionaryObject({NameObject("/F1"): font}),
            }
        )
    info = {"/Title": title, "/Author": author, "/CreationDate": created}
    writer.add_metadata({k: v for k, v in info.items() if v})
    if encrypt_for is not None:
        writer.encrypt(
            user_password=encrypt_for, owner_password="owner-secret", algorithm="RC4-128"
        )
    with path.open("wb") as file:
        writer.write(file)
    return path


def write_docx(
    path: Path,
    paragraphs: list[str],
    *,
    title: str = "",
    author: str = "",
    created: object = None,
) -> Path:
    """A Word document of ``paragraphs`` with those core properties."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    properties = document.core_properties
    properties.title, properties.author = title, author
    if created is not None:
        properties.created = created
    document.save(str(path))
    return path
