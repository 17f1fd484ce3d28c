"""The Textual app: owns the Workbench, the history of opens, and navigation between them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from dossier.index.api import Corpus, Workbench, safe_text
from dossier.tui.commands import JumpProvider
from dossier.tui.messages import OpenArticle, OpenDossier, Preview, Span
from dossier.tui.screens.help import HelpScreen
from dossier.tui.screens.log import LogScreen
from dossier.tui.screens.main import MainScreen


@dataclass(frozen=True)
class Location:
    """One step of history: an article (with the query that highlights it, and a span to show) or a dossier."""

    kind: str
    item_id: str
    query: str = ""
    focus: Span | None = None


class History:
    """Browser-like history: opening after going back drops the steps ahead."""

    def __init__(self) -> None:
        self.steps: list[Location] = []
        self.index = -1

    @property
    def current(self) -> Location | None:
        return self.steps[self.index] if self.index >= 0 else None

    def push(self, location: Location) -> None:
        del self.steps[self.index + 1:]
        self.steps.append(location)
        self.index = len(self.steps) - 1

    def back(self) -> Location | None:
        """The step before, or None at the start (the results)."""
        self.index = max(-1, self.index - 1)
        return self.current

    def forward(self) -> Location | None:
        """The step after, or None at the end."""
        if self.index + 1 >= len(self.steps):
            return None
        self.index += 1
        return self.current


class DossierApp(App[int]):
    """Search, read and connect articles and dossiers."""

    TITLE = "dossier"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {JumpProvider}
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("L", "show_log", "Log", show=False),
        Binding("escape,backspace,alt+left,left_square_bracket", "back", "Back"),
        Binding("alt+right,right_square_bracket", "forward", "Forward", show=False),
    ]

    def __init__(self, bench: Workbench, *, sync: bool = False) -> None:
        """``sync``: bring the index up to date in a worker first (else ``bench`` must be open already)."""
        super().__init__()
        self.bench = bench
        self.ready = not sync
        self.history = History()
        self.log_lines: list[str] = []
        self.main = MainScreen()

    def get_default_screen(self) -> MainScreen:
        return self.main

    def on_mount(self) -> None:
        if self.ready:
            self._report_corpus()
        else:
            self.sync_index()

    # -- the index ------------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="sync")
    def sync_index(self) -> None:
        """Build or update the index in a child process, showing progress; the app stays usable."""
        self.bench.sync_in_subprocess(lambda done, total: self.call_from_thread(self.main.set_progress, done, total))
        self.call_from_thread(self._index_ready)

    def _index_ready(self) -> None:
        self.ready = True
        self._report_corpus()
        self.main.index_ready()

    def _report_corpus(self) -> None:
        """Log the last sync and any problems; notify if there are problems."""
        self.log_lines.append(self.bench.last_sync.summary())
        problems = self.bench.problems
        self.log_lines += [str(problem) for problem in problems]
        if problems:
            self.notify(f"{len(problems)} problem(s) in the corpus; press L to see them",
                        title="Corpus problems", severity="warning", timeout=8)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.report_error("Indexing failed", event.worker.error)

    def report_error(self, what: str, error: BaseException | None) -> None:
        """Log and notify an error, never crash on it."""
        message = safe_text(f"{what}: {type(error).__name__}: {error}" if error else what)
        self.log_lines.append(message)
        self.notify(message, title="Error", severity="error", timeout=10, markup=False)

    # -- navigation -----------------------------------------------------------------------------

    def open_item(self, kind: str, item_id: str, focus: Span | None = None) -> None:
        """Open an article or dossier as a new history step, and focus it."""
        location = Location(kind, item_id, self.main.query_text if kind == "article" else "", focus)
        if self._show(location):
            self.history.push(location)
            self.main.focus_pane()

    def _show(self, location: Location) -> bool:
        """Put ``location`` in the pane; False (and a notification) if it cannot be shown."""
        if not self.ready:
            self.notify("The index is still being built", severity="warning")
            return False
        bench = self.bench
        try:
            if location.kind == "article":
                article = bench.article(location.item_id)
                if article is None:
                    self.notify(f"No article {location.item_id}", severity="warning", markup=False)
                    return False
                matches = bench.highlights(article.id, location.query) if location.query.strip() else []
                dossiers = {d.id: d for d in bench.dossiers}
                self.main.show_article(article, matches, bench.entities_in(article.id), dossiers, location.focus)
            else:
                dossier = bench.dossier(location.item_id)
                if dossier is None:
                    self.notify(f"No dossier {location.item_id}", severity="warning", markup=False)
                    return False
                self.main.show_dossier(dossier)
        except Exception as error:  # a bad document must not take the app down
            self.report_error(f"Could not open {location.item_id}", error)
            return False
        return True

    def on_open_article(self, message: OpenArticle) -> None:
        self.open_item("article", message.article_id, message.focus)

    def on_open_dossier(self, message: OpenDossier) -> None:
        self.open_item("dossier", message.dossier_id)

    def on_preview(self, message: Preview) -> None:
        self._show(Location(message.kind, message.item_id, self.main.query_text if message.kind == "article" else ""))

    def action_back(self) -> None:
        location = self.history.back()
        if location is None:
            self.main.action_focus_pane("results")
        elif self._show(location):
            self.main.focus_pane()

    def action_forward(self) -> None:
        location = self.history.forward()
        if location is not None and self._show(location):
            self.main.focus_pane()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_show_log(self) -> None:
        self.push_screen(LogScreen(self.log_lines))


def run(corpus: Corpus) -> int:
    """Run the app on ``corpus``, syncing its index in the background. Returns the exit status."""
    app = DossierApp(Workbench(corpus), sync=True)
    app.run()
    return app.return_code or 0
