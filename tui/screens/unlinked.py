"""Unlinked names: capitalised names the articles use that no dossier covers, each with its count
and the sentences it occurs in; Enter starts a dossier from the highlighted one. The most frequent
:data:`SHOWN` are listed (a list of 15 000 takes seconds to draw); ``dossier unlinked --limit N``
prints more."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from dossier.index.api import Snapshot, keeping, views
from dossier.tui.host import current_snapshot
from dossier.tui.messages import Wrote
from dossier.tui.screens.new_dossier import NewDossierScreen
from dossier.tui.widgets.keyed_list import KeyedList

SHOWN = 500
_TITLE = "Unlinked names — Enter starts a dossier, Escape closes"


class UnlinkedNames(KeyedList):
    """The names, most frequent first."""

    BINDING_GROUP_TITLE = "Unlinked names"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "New dossier from this name")
    ]


class UnlinkedScreen(ModalScreen[None]):
    """Names to turn into dossiers, found in a worker (the whole corpus is read)."""

    CSS_PATH = "forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, writer: keeping.DossierWriter) -> None:
        super().__init__()
        self.writer = writer
        self.names: list[views.UnlinkedName] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="unlinked-body") as body:
            body.border_title = _TITLE
            yield UnlinkedNames(id="unlinked-list")
            with VerticalScroll(id="unlinked-contexts"):
                yield Static("Reading the articles…", id="unlinked-context")

    def on_mount(self) -> None:
        self.query_one(UnlinkedNames).focus()
        snapshot = current_snapshot(self)
        if snapshot is not None:
            self._find(snapshot)

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlinked")
    def _find(self, snapshot: Snapshot) -> list[views.UnlinkedName]:
        with snapshot.held():
            return views.unlinked_names(snapshot)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "unlinked":
            return
        event.stop()  # handled here: the app's handler would call it an indexing failure
        if event.state == WorkerState.SUCCESS:
            self._show(event.worker.result or [])
        elif event.state == WorkerState.ERROR:
            self.query_one("#unlinked-context", Static).update(
                Text(f"Could not read the articles: {event.worker.error}")
            )

    def _show(self, names: list[views.UnlinkedName]) -> None:
        self.names = names[:SHOWN]
        if len(names) > SHOWN:
            self.query_one("#unlinked-body").border_title = (
                f"Unlinked names — the {SHOWN:,} most frequent of {len(names):,} (dossier unlinked --limit N "
                "lists more) — Enter starts a dossier, Escape closes"
            )
        names = self.names
        listing = self.query_one(UnlinkedNames)
        listing.set_options(
            Option(Text.assemble((f"{n.count:>4} ", "bold"), n.name)) for n in names
        )
        listing.highlighted = 0 if names else None
        if not names:
            self.query_one("#unlinked-context", Static).update(
                "Every capitalised name has a dossier."
            )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#unlinked-context", Static).update(
            _contexts(self.names[event.option_index])
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        name = self.names[event.option_index]
        snapshot = current_snapshot(self)
        taken = {d.id for d in snapshot.dossiers} if snapshot is not None else set()
        self.app.push_screen(
            NewDossierScreen(self.writer, name.name, taken),
            lambda result: self._created(name, result),
        )

    def _created(self, name: views.UnlinkedName, result: keeping.WriteResult | None) -> None:
        """Drop the name the new dossier covers, and let the app take the write in."""
        if result is None:
            return
        self.post_message(Wrote(result, f"Created {result.path.name}"))
        listing = self.query_one(UnlinkedNames)
        index = self.names.index(name)
        self.names.remove(name)
        listing.remove_option_at_index(index)
        if self.names:
            listing.highlighted = min(index, len(self.names) - 1)


def _contexts(name: views.UnlinkedName) -> Text:
    """The sentences a name occurs in, the name marked, each under its article id."""
    text = Text.assemble(
        (name.name, "bold"), f" — {name.count} time{'s' if name.count != 1 else ''}\n"
    )
    for context in name.contexts:
        start, end = context.span
        text.append(f"\n{context.article_id}\n", "dim")
        text.append(context.sentence[:start])
        text.append(context.sentence[start:end], "bold reverse")
        text.append(context.sentence[end:] + "\n")
    if name.count > len(name.contexts):
        text.append(f"\n… and {name.count - len(name.contexts)} more", "dim")
    return text
