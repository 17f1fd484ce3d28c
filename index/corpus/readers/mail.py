"""E-mail: one message (``.eml``) or a mailbox of them (``.mbox``, one article per message, ids
``<file id>/1``, ``<file id>/2``… in mailbox order), with the standard library's ``email``
(``policy.default``).

The subject is the title, the ``Date`` header the date, the ``From`` addresses the authors, the
``List-Id`` the publisher; the text is the ``text/plain`` part in its declared charset
(quoted-printable and base64 undone), else the HTML part through the HTML reader's extractor.
"""

from __future__ import annotations

import email
import mailbox
from email import policy
from email.message import EmailMessage
from pathlib import Path

from dossier.index.corpus.article import Article
from dossier.index.corpus.formats import EXTRA, FORMATS, available
from dossier.index.corpus.readers.common import (
    MAX_FILE_BYTES,
    TooLarge,
    iso_date,
    make_article,
    meta_of,
    read_bounded,
    too_large,
)
from dossier.index.problems import Problem

#: The most messages read from one mailbox; the rest are left out, with a warning.
MAX_MESSAGES = 10_000


def read(path: Path, file_id: str) -> tuple[list[Article], list[Problem]]:
    try:
        if (
            path.suffix.lower() == ".mbox"
        ):  # the mailbox reads it a message at a time: only its size is checked
            if (size := path.stat().st_size) > MAX_FILE_BYTES:
                raise too_large(size, MAX_FILE_BYTES)
            return _mailbox(path, file_id)
        raw = read_bounded(path)
    except TooLarge as error:
        return [], [Problem.whole_file(path, str(error))]
    except OSError as error:
        return [], [Problem.whole_file(path, f"unreadable, skipped: {error.strerror or error}")]
    message = email.message_from_bytes(raw, _class=EmailMessage, policy=policy.default)
    return _article(path, file_id, message, "")


def _mailbox(path: Path, file_id: str) -> tuple[list[Article], list[Problem]]:
    box = mailbox.mbox(path, create=False)  # never flushed nor locked: nothing is written
    articles: list[Article] = []
    problems: list[Problem] = []
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            if number > MAX_MESSAGES:
                problems.append(
                    Problem.whole_file(path, f"over {MAX_MESSAGES} messages: the rest are left out")
                )
                break
            message = email.message_from_bytes(
                box.get_bytes(key), _class=EmailMessage, policy=policy.default
            )
            found, more = _article(path, f"{file_id}/{number}", message, f"message {number}: ")
            articles += found
            problems += more
    finally:
        box.close()
    if not articles and not problems:
        problems.append(Problem.whole_file(path, "no messages in the mailbox, skipped"))
    return articles, problems


def _article(
    path: Path, doc_id: str, message: EmailMessage, where: str
) -> tuple[list[Article], list[Problem]]:
    """One message as an article (``where`` prefixes its problems: which message of a mailbox)."""
    try:
        text, problems = _text(path, message, where)
        date = message["Date"]
        sender = message["From"]
        meta, more = meta_of(
            path,
            title=str(message["Subject"] or ""),
            date=iso_date(getattr(date, "datetime", None)),
            authors=[str(address) for address in getattr(sender, "addresses", ())],
            publisher=str(message["List-Id"] or ""),
            language=str(message["Content-Language"] or "") or None,
        )
    except Exception as error:  # a header too malformed for the parser's own recovery
        return [], [
            Problem.whole_file(
                path, f"{where}unreadable message ({type(error).__name__}: {error}), skipped"
            )
        ]
    if text is None:
        return [], problems
    articles, rest = make_article(path, doc_id, text, meta)
    return articles, problems + [
        Problem(p.path, p.line, p.col, where + p.message) for p in more + rest
    ]


def _text(path: Path, message: EmailMessage, where: str) -> tuple[str | None, list[Problem]]:
    """The message's text: its plain part, else its HTML part's main text; None (with a problem) if
    neither."""
    part = message.get_body(preferencelist=("plain", "html"))
    raw = message.get_payload()
    if (
        part is None
        and message.get_content_maintype() == "multipart"
        and isinstance(raw, str)
        and raw.strip()
    ):
        # Parts the parser could not split (a boundary missing or wrong): their raw text, not
        # nothing.
        return raw, [
            Problem.whole_file(
                path, f"{where}broken MIME structure: its raw text is indexed and shown"
            )
        ]
    if part is None:
        return None, [Problem.whole_file(path, f"{where}no text part, skipped")]
    try:
        content = part.get_content()
    except (
        LookupError,
        UnicodeError,
    ):  # an unknown or lying charset: the bytes as Latin-1, nothing lost
        payload = part.get_payload(decode=True)
        content = payload.decode("latin-1") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return None, [Problem.whole_file(path, f"{where}no text part, skipped")]
    if part.get_content_subtype() != "html":
        return content, []
    html_format = next(fmt for fmt in FORMATS if fmt.module == "html")
    if not available(html_format):
        return None, [
            Problem.whole_file(
                path, f"{where}only an HTML part: install {EXTRA} to read it, skipped"
            )
        ]
    from dossier.index.corpus.readers.html import extract

    text, _ = extract(content)
    return text, [] if text else [
        Problem.whole_file(path, f"{where}no text in its HTML part, skipped")
    ]
