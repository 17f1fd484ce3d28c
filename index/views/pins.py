"""The case file: articles, dossiers, claims and sentences an analyst pinned while reading.

Pins are kept per corpus in the user data folder (``$DOSSIER_DATA_ROOT`` overrides its root), never
in the corpus, as one JSON file written atomically (a temporary file beside it, then a rename).
Every change re-reads the file first, so two windows on one corpus do not undo each other's pins. A
file that cannot be read is moved aside, never overwritten.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from dossier.index.atomic import write_atomically
from dossier.index.corpus.articles import Corpus
from dossier.index.errors import DossierError
from dossier.index.text.safe_text import safe_data
from dossier.index.user_folders import (
    DATA_ROOT_ENV as DATA_ROOT_ENV,
)  # re-exported: tests and views use it
from dossier.index.user_folders import data_root as data_root
from dossier.index.user_folders import pins_file

PinKind = Literal["article", "dossier", "claim", "sentence"]
PIN_KINDS: tuple[str, ...] = get_args(PinKind)
_FORMAT = 1


class PinsUnavailable(DossierError):
    """The case file could not be read or written."""


def pins_path(corpus: Corpus, root: Path | None = None) -> Path:
    """The case file of one corpus (:func:`dossier.index.user_folders.pins_file`)."""
    return pins_file(corpus, root)


@dataclass(frozen=True)
class Pin:
    """One kept item. ``target`` is the article or dossier id; a claim keeps its text, source, quote
    and note (which says whence, for outside knowledge), a sentence its text and offsets in the
    article, so a pin still reads right if the dossier changes."""

    kind: PinKind
    target: str
    text: str = ""
    source: str | None = None
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    added: str = ""
    note: str | None = None

    @property
    def identity(self) -> tuple[str, str, str, int | None]:
        """What makes two pins the same pin (pinning twice keeps one)."""
        return self.kind, self.target, self.quote or self.text, self.start

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}

    @classmethod
    def from_json(cls, data: Any) -> Pin | None:
        """A pin from its JSON form, or None if it is not one."""
        if (
            not isinstance(data, dict)
            or data.get("kind") not in PIN_KINDS
            or not isinstance(data.get("target"), str)
        ):
            return None
        fields = {
            k: data[k]
            for k in ("text", "source", "quote", "added", "note")
            if isinstance(data.get(k), str)
        }
        offsets = {k: data[k] for k in ("start", "end") if type(data.get(k)) is int}
        return cls(data["kind"], data["target"], **fields, **offsets)


class PinStore:
    """The pins of one corpus, in order."""

    def __init__(self, corpus: Corpus, root: Path | None = None) -> None:
        self.path = pins_path(corpus, root)
        self.problem: str | None = None

    def load(self) -> list[Pin]:
        """The pins, in the analyst's order; an unreadable file is moved aside (and said in
        ``problem``)."""
        self.problem = None
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as error:
            raise PinsUnavailable(
                f"cannot read the case file {self.path}: {error.strerror or error}"
            ) from None
        try:
            data = json.loads(raw)
            items = data["pins"] if isinstance(data, dict) else None
            if not isinstance(items, list):
                raise ValueError("no list of pins")
        except (ValueError, KeyError) as error:
            aside = self.path.with_name(
                f"{self.path.stem}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}.json"
            )
            try:
                os.replace(self.path, aside)
            except OSError as move_error:
                raise PinsUnavailable(
                    f"the case file {self.path} is unreadable ({error}) and could not be moved "
                    f"aside: {move_error.strerror or move_error}"
                ) from None
            self.problem = f"the case file was unreadable ({error}); it was moved to {aside}"
            return []
        # (safe_data: the case file may have been edited or shared: its text is shown like corpus
        # text)
        return [pin for item in items if (pin := Pin.from_json(safe_data(item))) is not None]

    def save(self, pins: list[Pin]) -> None:
        """Write every pin atomically."""
        text = json.dumps(
            {"format": _FORMAT, "pins": [p.to_json() for p in pins]}, ensure_ascii=False, indent=1
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, text + "\n")
        except OSError as error:
            raise PinsUnavailable(
                f"cannot write the case file {self.path}: {error.strerror or error}"
            ) from None

    def add(self, pin: Pin) -> bool:
        """Append ``pin`` (stamped with the time) unless it is pinned already; True if it was
        added."""
        pins = self.load()
        if any(p.identity == pin.identity for p in pins):
            return False
        if not pin.added:
            pin = Pin(**{**asdict(pin), "added": time.strftime("%Y-%m-%dT%H:%M:%S%z")})
        self.save([*pins, pin])
        return True

    def remove(self, pin: Pin) -> list[Pin]:
        """Remove ``pin``; the pins left."""
        pins = [p for p in self.load() if p.identity != pin.identity]
        self.save(pins)
        return pins

    def move(self, pin: Pin, offset: int) -> list[Pin]:
        """Move ``pin`` up (negative) or down by ``offset`` places; the pins in their new order."""
        pins = self.load()
        index = next((i for i, p in enumerate(pins) if p.identity == pin.identity), None)
        if index is None:
            return pins
        target = max(0, min(len(pins) - 1, index + offset))
        pins.insert(target, pins.pop(index))
        self.save(pins)
        return pins
