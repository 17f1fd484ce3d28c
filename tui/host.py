"""What screens and the palette may ask of the app, as a protocol: they never import the App class."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.dom import DOMNode

from dossier.index.api import Pin, Workbench


@runtime_checkable
class Host(Protocol):
    """The app as its screens see it: the workbench, once it is open (None while it is being opened)."""

    bench: Workbench | None


@runtime_checkable
class Pinnable(Protocol):
    """A widget or view that says what the pin key keeps while it has focus (the highlighted item)."""

    def pin_target(self) -> Pin | None: ...


def bench_of(node: DOMNode) -> Workbench | None:
    """The open workbench of the app ``node`` belongs to, or None."""
    app = node.app
    return app.bench if isinstance(app, Host) else None
