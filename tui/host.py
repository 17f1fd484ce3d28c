"""What screens and the palette may ask of the app, as a protocol: they never import the App
class."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.dom import DOMNode

from dossier.index.api import Session, Snapshot, views


@runtime_checkable
class Host(Protocol):
    """The app as its screens see it: the session, once the corpus is open (None while it is being
    opened)."""

    session: Session | None


@runtime_checkable
class Pinnable(Protocol):
    """A widget or view that says what the pin key keeps while it has focus (the highlighted
    item)."""

    def pin_target(self) -> views.Pin | None: ...


def session_of(node: DOMNode) -> Session | None:
    """The session of the app ``node`` belongs to, or None (still opening)."""
    app = node.app
    return app.session if isinstance(app, Host) else None


def current_snapshot(node: DOMNode) -> Snapshot | None:
    """The session's current snapshot, taken now (for a load about to start), or None (still
    opening)."""
    session = session_of(node)
    return session.current if session is not None else None


def is_current(node: DOMNode, snapshot: Snapshot) -> bool:
    """Whether ``snapshot`` is still the session's current one (a result read from an older one is
    dropped)."""
    return current_snapshot(node) is snapshot
