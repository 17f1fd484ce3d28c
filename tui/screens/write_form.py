"""What the forms that write a dossier share: save and cancel keys, Enter moving on, the write's
outcome."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from dossier.index.api import DossierError, keeping

#: The worker group a form's write runs in.
WRITE_GROUP = "write"


class WriteForm(ModalScreen[keeping.WriteResult | None]):
    """A form whose ``action_save`` starts a write in the :data:`WRITE_GROUP` worker: dismissed with
    its result, or the error shown in the form (``#<ERROR_ID>``) with nothing written."""

    CSS_PATH = "forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    #: The Static showing errors, and the inputs on which Enter saves (elsewhere it moves to the
    #: next field).
    ERROR_ID: ClassVar[str]
    SAVE_ON_ENTER: ClassVar[frozenset[str]]

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id in self.SAVE_ON_ENTER:
            self.action_save()
        else:
            self.focus_next()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != WRITE_GROUP:
            return
        event.stop()  # handled here: the app's handler would call it an indexing failure
        if event.state == WorkerState.SUCCESS:
            self.dismiss(event.worker.result)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            self.show_error(
                str(error)
                if isinstance(error, DossierError)
                else f"{type(error).__name__}: {error}"
            )

    def show_error(self, message: str) -> None:
        self.query_one(f"#{self.ERROR_ID}", Static).update(Text(message))
