"""The new-dossier form: a type, a name, aliases; the id is derived from the name and checked as you
type."""

from __future__ import annotations

from collections.abc import Collection

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from dossier.index.api import keeping, schema
from dossier.tui.screens.write_form import WRITE_GROUP, WriteForm

ALIAS_SEPARATOR = ";"


class NewDossierScreen(WriteForm):
    """Create ``dossiers/<type>/<id>.yaml``; errors (a taken id or name) stay in the form."""

    BINDING_GROUP_TITLE = "New dossier form"
    ERROR_ID = "new-error"
    SAVE_ON_ENTER = frozenset({"new-aliases"})

    def __init__(
        self, writer: keeping.DossierWriter, name: str = "", taken_ids: Collection[str] = ()
    ) -> None:
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
                yield Select(
                    [(t, t) for t in schema.TYPES],
                    value=schema.TYPES[0],
                    allow_blank=False,
                    id="new-type",
                )
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
        dossier_id = keeping.derive_id(name)
        if not dossier_id:
            text = Text("id: (from the name)", "dim")
        elif dossier_id in self.taken_ids:
            text = Text(f"id: {dossier_id} — taken by another dossier", "bold red")
        else:
            text = Text(f"id: {dossier_id}", "dim")
        self.query_one("#new-id", Static).update(text)

    def action_save(self) -> None:
        aliases = [
            a.strip()
            for a in self.query_one("#new-aliases", Input).value.split(ALIAS_SEPARATOR)
            if a.strip()
        ]
        self._create(
            str(self.query_one("#new-type", Select).value),
            self.query_one("#new-name", Input).value,
            aliases,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group=WRITE_GROUP)
    def _create(self, kind: str, name: str, aliases: list[str]) -> keeping.WriteResult:
        return self.writer.create(kind, name, aliases)
