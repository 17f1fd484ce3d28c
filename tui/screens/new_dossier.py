"""The new-dossier form: a type, a name, aliases; the id is derived from the name and checked as you type."""

from __future__ import annotations

from collections.abc import Collection
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from dossier.index.api import TYPES, DossierError, DossierWriter, WriteResult, derive_id

ALIAS_SEPARATOR = ";"


class NewDossierScreen(ModalScreen[WriteResult | None]):
    """Create ``dossiers/<type>/<id>.yaml``; errors (a taken id or name) stay in the form."""

    CSS_PATH = "forms.tcss"
    BINDING_GROUP_TITLE = "New dossier form"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, writer: DossierWriter, name: str = "", taken_ids: Collection[str] = ()) -> None:
        super().__init__()
        self.writer = writer
        self.initial_name = name
        self.taken_ids = taken_ids

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="new-body") as body:
            body.border_title = "New dossier — ctrl+s saves, Escape cancels"
            yield Label("Name")
            yield Input(self.initial_name, placeholder="Soviet Union", id="new-name")
            yield Static(id="new-id")
            with Horizontal(classes="cite-row"):
                yield Label("Type", classes="cite-label")
                yield Select([(t, t) for t in TYPES], value=TYPES[0], allow_blank=False, id="new-type")
            yield Label(f"Aliases (other spellings, separated by {ALIAS_SEPARATOR})")
            yield Input(placeholder="USSR; СССР", id="new-aliases")
            yield Static(id="new-error")

    def on_mount(self) -> None:
        self.query_one("#new-name", Input).focus()
        self._show_id(self.initial_name)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "new-name":
            self._show_id(event.value)

    def _show_id(self, name: str) -> None:
        dossier_id = derive_id(name)
        if not dossier_id:
            text = Text("id: (from the name)", "dim")
        elif dossier_id in self.taken_ids:
            text = Text(f"id: {dossier_id} — taken by another dossier", "bold red")
        else:
            text = Text(f"id: {dossier_id}", "dim")
        self.query_one("#new-id", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "new-aliases":
            self.action_save()
        else:
            self.focus_next()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        aliases = [a.strip() for a in self.query_one("#new-aliases", Input).value.split(ALIAS_SEPARATOR) if a.strip()]
        self._create(str(self.query_one("#new-type", Select).value), self.query_one("#new-name", Input).value, aliases)

    @work(thread=True, exclusive=True, exit_on_error=False, group="write")
    def _create(self, kind: str, name: str, aliases: list[str]) -> WriteResult:
        return self.writer.create(kind, name, aliases)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "write":
            return
        event.stop()  # handled here: the app's handler would call it an indexing failure
        if event.state == WorkerState.SUCCESS:
            self.dismiss(event.worker.result)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            message = str(error) if isinstance(error, DossierError) else f"{type(error).__name__}: {error}"
            self.query_one("#new-error", Static).update(Text(message))
