"""Exports of dossiers and pins: a Markdown brief with its sources as footnotes, JSON, and
FollowTheMoney entities as JSON lines (the format Aleph and OpenSanctions tooling read;
:mod:`~dossier.index.views.export_ftm`).

Every function takes what it exports as plain values (dossiers, pins, article titles) and returns
text; the caller decides where it goes. Outside knowledge (``source: outside`` and ``outside:
{field: note}``, see docs/dossier-format.md) is exported as such, with its note, never as an
article; an article's inferred date says that it is inferred.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Literal

from dossier.index.atomic import write_atomically
from dossier.index.corpus.articles import Corpus
from dossier.index.dossiers.schema import OUTSIDE, Claim, Dossier
from dossier.index.errors import DossierError
from dossier.index.text.wording import plural
from dossier.index.user_folders import data_root
from dossier.index.views.export_bundle import ArticleRef, Bundle, quote_key, sources
from dossier.index.views.export_ftm import ftm_entities
from dossier.index.views.pins import Pin

ExportFormat = Literal["markdown", "json", "ftm"]
FORMATS: tuple[str, ...] = ("markdown", "json", "ftm")
SUFFIXES = {"markdown": ".md", "json": ".json", "ftm": ".ftm.json"}
FORMAT_NAMES = {"markdown": "a Markdown brief", "json": "JSON", "ftm": "FollowTheMoney"}


def export_contents(dossiers: int, pins: int) -> str:
    """``2 dossiers and 3 pins``, ``1 pin``, ``an empty case file``: what an export holds."""
    parts = ([plural(dossiers, "dossier")] if dossiers else []) + (
        [plural(pins, "pin")] if pins else []
    )
    return " and ".join(parts) or "an empty case file"


def export_message(what: str, fmt: str, path: Path) -> str:
    """What the app says of an export: the file name alone on its line, so a narrow message never
    breaks it, and the folder on the next."""
    return f"{what} exported as {FORMAT_NAMES[fmt]}:\n{path.name}\nin {path.parent}"


def export(bundle: Bundle, fmt: str) -> str:
    """``bundle`` in one of :data:`FORMATS`."""
    if fmt == "markdown":
        return markdown(bundle)
    if fmt == "json":
        return json.dumps(to_json(bundle), ensure_ascii=False, indent=2) + "\n"
    if fmt == "ftm":
        return "".join(
            json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in ftm_entities(bundle)
        )
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")


# -- Markdown
# ---------------------------------------------------------------------------------------


class _Footnotes:
    """Numbered footnotes, one per distinct (quote, article), or per note of outside knowledge."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self.notes: dict[tuple[str, str], int] = {}

    def cite(self, quote: str | None, source: str | None, note: str | None = None) -> str:
        """The footnote mark of a quote from an article, or of outside knowledge (``source:
        outside``)."""
        if source == OUTSIDE:
            return self.outside(note)
        if not source:
            return ""
        return self._mark((quote_key(quote or ""), source))

    def outside(self, note: str | None) -> str:
        """The footnote mark of a note saying where outside knowledge comes from."""
        return self._mark((" ".join((note or "no note").split()), OUTSIDE))

    def _mark(self, key: tuple[str, str]) -> str:
        return f"[^{self.notes.setdefault(key, len(self.notes) + 1)}]"

    def lines(self) -> list[str]:
        out = []
        for (quote, source), number in self.notes.items():
            if source == OUTSIDE:
                out.append(f"[^{number}]: outside knowledge: {_md(quote)}")
                continue
            ref = self.bundle.articles.get(source)
            where = f"*{_md(self.bundle.title_of(source))}*" + (
                f", {ref.date_text}" if ref and ref.date else ""
            )
            page = self.bundle.page_of(source, quote)
            where += f", p. {page}" if page else ""
            said = f"“{_md(quote)}” — " if quote else ""
            out.append(f"[^{number}]: {said}{where} (`{source}`)")
        return out


def markdown(bundle: Bundle) -> str:
    """A brief: each dossier with its facts, relations and claims (quotes as footnotes naming the
    article), then the pinned items with their sources."""
    notes = _Footnotes(bundle)
    names = bundle.title or ", ".join(d.name for d in bundle.dossiers) or "case file"
    lines = [f"# Brief: {_md(names)}", ""]
    for dossier in bundle.dossiers:
        lines += _dossier_section(dossier, bundle, notes)
    if bundle.pins:
        lines += ["## Pinned", ""]
        for pin in bundle.pins:
            lines.append(_pin_line(pin, bundle, notes))
        lines.append("")
    if notes.notes:
        lines += ["## Sources", "", *notes.lines(), ""]
    return "\n".join(lines)


def _dossier_section(dossier: Dossier, bundle: Bundle, notes: _Footnotes) -> list[str]:
    lines = [f"## {_md(dossier.name)} ({dossier.type})", ""]
    if dossier.aliases:
        lines += [f"Also: {_md(', '.join(dossier.aliases))}", ""]
    if dossier.summary:
        lines += [
            _md(dossier.summary.strip()) + _outside_mark(dossier.outside_note("summary"), notes),
            "",
        ]
    facts = _facts(dossier, bundle)
    if facts:
        lines += [
            f"- **{label}:** {_md(value)}{_outside_mark(dossier.outside_note(key), notes)}"
            for key, label, value in facts
        ] + [""]
    if dossier.relations:
        lines += ["### Relations", ""]
        for relation in dossier.relations:
            since = ""
            if relation.start_date:
                since = f" (since {relation.start_date}{_outside_mark(relation.outside_note('startDate'), notes)})"
            cite = notes.cite(
                relation.quote, relation.source, relation.note if relation.is_outside else None
            )
            lines.append(
                f"- {relation.type.replace('_', ' ')} {_md(bundle.name_of(relation.target))}{since}{cite}"
            )
        lines.append("")
    if dossier.claims:
        lines += ["### Claims", ""]
        for claim in dossier.claims:
            lines += _claim_lines(claim, notes)
        lines.append("")
    return lines


def _claim_lines(claim: Claim, notes: _Footnotes) -> list[str]:
    """A claim with its footnote (the quote, or the note of outside knowledge), and its note if
    quoted."""
    flag = " **(disputed)**" if claim.disputed else ""
    lines = [f"- {_md(claim.text)}{notes.cite(claim.quote, claim.source, claim.note)}{flag}"]
    if claim.note and not claim.is_outside:
        lines.append(f"  - Note: {_md(claim.note)}")
    return lines


def _outside_mark(note: str | None, notes: _Footnotes) -> str:
    return notes.outside(note) if note else ""


def _pin_line(pin: Pin, bundle: Bundle, notes: _Footnotes) -> str:
    if pin.kind == "dossier":
        return f"- Dossier: {_md(bundle.name_of(pin.target))} (`{pin.target}`)"
    if pin.kind == "article":
        ref = bundle.articles.get(pin.target)
        date = f", {ref.date_text}" if ref and ref.date else ""
        return f"- Article: *{_md(bundle.title_of(pin.target))}*{date} (`{pin.target}`)"
    if pin.kind == "claim":
        cite = notes.cite(pin.quote, pin.source, pin.note)
        return f"- Claim on {_md(bundle.name_of(pin.target))}: {_md(pin.text)}{cite}"
    page = bundle.pin_page(pin)
    return f"- Sentence: “{_md(pin.text)}”{f' (p. {page})' if page else ''}{notes.cite(None, pin.target)}"


_FACT_FIELDS = (
    ("position", "Position"),
    ("nationality", "Nationality"),
    ("birth_date", "Born"),
    ("country", "Country"),
    ("jurisdiction", "Jurisdiction"),
    ("region", "Region"),
    ("latitude", "Latitude"),
    ("longitude", "Longitude"),
    ("start_date", "Start"),
    ("end_date", "End"),
    ("place", "Place"),
    ("participants", "Participants"),
)


def _facts(dossier: Dossier, bundle: Bundle) -> list[tuple[str, str, str]]:
    """(YAML field name, label, value) of each fact the dossier gives."""
    out = []
    for name, label in _FACT_FIELDS:
        value = getattr(dossier, name)
        if value in (None, (), ""):
            continue
        if name in ("place", "participants"):
            value = tuple(
                bundle.name_of(v) for v in (value if isinstance(value, tuple) else (value,))
            )
        key = type(dossier).model_fields[name].alias or name
        out.append((key, label, ", ".join(value) if isinstance(value, tuple) else str(value)))
    return out


def _md(text: str) -> str:
    """Corpus text as literal Markdown: characters Markdown would read as syntax are escaped."""
    out = []
    for char in " ".join(text.split()):
        out.append("\\" + char if char in "\\`*_[]<>#|" else char)
    return "".join(out)


# -- JSON
# -------------------------------------------------------------------------------------------


def to_json(bundle: Bundle) -> dict[str, Any]:
    """Dossiers (their YAML fields, FollowTheMoney names; outside knowledge as ``"outside": true``
    and its ``note``, a field's as ``outsideFields``), pins, and the cited articles (an inferred
    date with ``"date_inferred": true`` and how, a contradicting printed date as
    ``printed_date``)."""
    cited = {s for d in bundle.dossiers for s in sources(d)}
    cited |= {
        p.source or p.target for p in bundle.pins if p.kind in ("claim", "sentence", "article")
    }
    return {
        "dossiers": [_dossier_json(d, bundle) for d in bundle.dossiers],
        "pins": [_pin_json(p, bundle) for p in bundle.pins],
        "articles": {
            a: _article_json(ref) for a in sorted(cited) if (ref := bundle.articles.get(a))
        },
    }


def _dossier_json(dossier: Dossier, bundle: Bundle) -> dict[str, Any]:
    data = {
        "id": dossier.id,
        **dossier.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"id", "path"}),
    }
    for part in ("relations", "claims"):
        data[part] = [_evidence_json(item, bundle) for item in data.get(part, [])]
    return _outside_fields(data)


def _evidence_json(item: dict[str, Any], bundle: Bundle) -> dict[str, Any]:
    """A relation or claim: ``source: outside`` becomes ``"outside": true`` (its note says whence);
    a quote on a page of a PDF gets its ``page``."""
    if page := bundle.page_of(item.get("source"), item.get("quote")):
        item = item | {"page": page}
    if item.get("source") == OUTSIDE:
        item = {k: v for k, v in item.items() if k != "source"} | {"outside": True}
    return _outside_fields(item)


def _outside_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = data.pop("outside", None) if isinstance(data.get("outside"), dict) else None
    return data | {"outsideFields": fields} if fields else data


def _pin_json(pin: Pin, bundle: Bundle) -> dict[str, Any]:
    data = pin.to_json()
    if page := bundle.pin_page(pin):
        data["page"] = page
    if data.get("source") == OUTSIDE:
        del data["source"]
        data["outside"] = True
    return data


def _article_json(ref: ArticleRef) -> dict[str, Any]:
    data: dict[str, Any] = {"title": ref.title, "date": ref.date, "path": ref.path}
    if ref.date and ref.inferred is not None:
        data |= {"date_inferred": True, "date_inferred_from": ref.inferred}
    if ref.printed:
        data["printed_date"] = ref.printed
    return data


def export_folder() -> Path:
    """Where the app writes exports: ``exports/`` in the user data folder (never inside a
    corpus)."""
    return data_root() / "exports"


def save_export(text: str, stem: str, fmt: str, folder: Path | None = None) -> Path:
    """Write an export atomically to a new file ``<stem>-<time><suffix>`` in ``folder``; its
    path."""
    folder = folder or export_folder()
    name = f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}{SUFFIXES[fmt]}"
        counter = 1
        while path.exists():
            counter += 1
            path = folder / f"{name}-{counter}{SUFFIXES[fmt]}"
        write_atomically(path, text)
    except OSError as error:
        raise ExportFailed(
            f"cannot write the export in {folder}: {error.strerror or error}"
        ) from None
    return path


class ExportFailed(DossierError):
    """An export could not be written."""


def write_export(text: str, path: Path, corpus: Corpus) -> Path:
    """Write an export to ``path`` atomically; refused in the corpus's ``seeds/`` and ``dossiers/``
    (an export is not an article, and dossiers are written only by the writer)."""
    target = path.expanduser().resolve()
    for folder in (corpus.seeds_dir.resolve(), corpus.dossiers_dir.resolve()):
        if target == folder or folder in target.parents:
            raise ExportFailed(
                f"not writing {path} inside the corpus's {folder.name}/ folder: choose a file elsewhere"
            )
    if target.is_dir():
        raise ExportFailed(f"{path} is a folder: give a file name")
    try:
        write_atomically(target, text)
    except OSError as error:
        raise ExportFailed(f"cannot write {path}: {error.strerror or error}") from None
    return target
