"""What every analyst view shares: a title line, data loaded in a worker (the app never waits) and
Escape closing it, back to where the analyst was. Opening an article or dossier posts
OpenArticle/OpenDossier: the app closes the view and the main screen opens it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState, get_current_worker

from dossier.index.api import SearchCancelled, Snapshot, views
from dossier.tui.host import current_snapshot, is_current


class ViewScreen(Screen[None]):
    """A full-screen view of the session's current snapshot. Subclasses compute their data from a
    snapshot in :meth:`load` (a thread) and show it in :meth:`show` (the UI loop); data read from a
    snapshot that is no longer current is dropped. The screen keeps no snapshot: :attr:`snapshot` is
    the current one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Escape closes the view (the topmost screen): back to where the analyst was, as Backspace
        # and [ are.
        Binding("escape", "close", "Close"),
        Binding("backspace,left_square_bracket,alt+left", "close", "Close the view", show=False),
    ]
    DEFAULT_CSS = """
    ViewScreen #view-title {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    """

    @dataclass
    class Loaded(Message):
        """The view's data, computed in a worker from ``snapshot``."""

        data: Any
        generation: int
        snapshot: Snapshot

    def __init__(self) -> None:
        super().__init__()
        self.generation = 0

    @property
    def snapshot(self) -> Snapshot:
        """The session's current snapshot (a view is opened only once the corpus is open)."""
        snapshot = current_snapshot(self)
        if snapshot is None:
            raise RuntimeError("a view needs an open corpus")
        return snapshot

    def reload(self) -> None:
        """Compute the data again from the current snapshot (after the corpus or the pins
        changed)."""
        self.generation += 1
        self._load(self.generation, self.snapshot)

    def on_resize(self) -> None:
        """A compact footer on narrow terminals, so Back, Quit and Help stay in sight."""
        for footer in self.query(Footer):
            footer.compact = self.size.width < 100

    def on_screen_resume(self) -> None:
        """Every time the view comes up: its data may have changed meanwhile."""
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="view")
    def _load(self, generation: int, snapshot: Snapshot) -> None:
        try:
            with snapshot.held():
                data = self.load(snapshot)
        except SearchCancelled:  # a reload replaced the snapshot: the next load reads the new one
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(data, generation, snapshot))

    def on_view_screen_loaded(self, message: Loaded) -> None:
        if message.generation != self.generation or not is_current(self, message.snapshot):
            return
        try:
            self.show(message.data)
        except Exception as error:  # a bad dossier must not take the app down
            self.notify(
                f"Could not show this view: {type(error).__name__}: {error}",
                severity="error",
                timeout=10,
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.notify(
                f"Could not compute this view: {event.worker.error}", severity="error", timeout=8
            )

    def load(self, snapshot: Snapshot) -> Any:
        """The view's data, read from ``snapshot`` (runs in a thread)."""
        raise NotImplementedError

    def show(self, data: Any) -> None:
        """Display ``data`` (runs on the UI loop)."""
        raise NotImplementedError

    def pin_target(self) -> views.Pin | None:
        """What the pin key keeps on this view (the highlighted item), if anything."""
        return None

    def set_title(self, text: str | Text) -> None:
        self.query_one("#view-title", Static).update(text)

    # -- leaving --------------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss()


def short_id(article_id: str) -> str:
    """An article id as people say it: ``004`` for ``004_e5b1709b295aaf7b`` (ids without a prefix
    stay whole)."""
    head, _, rest = article_id.partition("_")
    return head if rest and head.isdigit() else article_id
