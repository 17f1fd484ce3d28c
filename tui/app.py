"""The Textual app: owns the Workbench (opening it in the background), the log, and the modal screens."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from dossier.index.api import Corpus, Workbench, plural, safe_text
from dossier.tui.commands import JumpProvider
from dossier.tui.keeping import KeepingApp
from dossier.tui.messages import (
    Failed,
    IndexProgress,
    IndexReady,
    IndexWaiting,
    OpenArticle,
    OpenDossier,
)
from dossier.tui.screens.help import HelpScreen
from dossier.tui.screens.log import LogScreen
from dossier.tui.screens.main import MainScreen
from dossier.tui.view_commands import ViewsProvider
from dossier.tui.views import ViewsApp


class DossierApp(KeepingApp, ViewsApp):
    """Search, read and connect articles and dossiers."""

    TITLE = "dossier"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {JumpProvider, ViewsProvider}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 (an instance variable in App)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("L", "show_log", "Log", show=False),
    ]

    def __init__(
        self,
        bench: Workbench | None = None,
        *,
        corpus: Corpus | None = None,
        index_root: Path | None = None,
    ) -> None:
        """Serve ``bench`` (an open workbench), or open ``corpus`` in the background, usable meanwhile."""
        super().__init__()
        if bench is None and corpus is None:
            raise TypeError("DossierApp needs an open Workbench or a Corpus to open")
        self.bench = bench
        self._opening = (corpus, index_root)
        self.log_lines: list[str] = []
        self.main = MainScreen(bench)

    @property
    def ready(self) -> bool:
        """Whether the workbench is open (until then the app is usable but finds nothing)."""
        return self.bench is not None

    def get_default_screen(self) -> MainScreen:
        return self.main

    def on_mount(self) -> None:
        if self.bench is not None:
            self._report_corpus(self.bench)
        else:
            self.open_workbench()

    # -- the index ------------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="sync")
    def open_workbench(self) -> None:
        """Build or update the index in a child process, showing progress; the app stays usable."""
        corpus, index_root = self._opening
        assert corpus is not None

        def progress(done: int, total: int) -> None:
            self.main.post_message(IndexProgress(done, total))

        def waiting(note: str) -> None:
            self.main.post_message(IndexWaiting(note))

        bench = Workbench.open_in_subprocess(corpus, index_root, progress, waiting)
        self.main.post_message(
            IndexReady(bench)
        )  # the screen starts serving it, then it bubbles here

    def on_index_ready(self, message: IndexReady) -> None:
        self.bench = message.bench
        self._report_corpus(message.bench)

    def _report_corpus(self, bench: Workbench) -> None:
        """Log the last sync and any problems; notify if there are problems."""
        self.log_lines.append(bench.last_sync.summary())
        for note in bench.last_sync.notes:
            self.log_lines.append(note)
            self.notify(note, title="Index", severity="warning", timeout=8, markup=False)
        self.log_lines += [str(problem) for problem in bench.problems]
        problems = [
            problem for problem in bench.problems if not problem.is_note
        ]  # notes only go to the log
        if problems:
            self.notify(
                f"{plural(len(problems), 'problem')} in the corpus; press L to see them",
                title="Corpus problems",
                severity="warning",
                timeout=8,
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.post_message(Failed("Indexing failed", event.worker.error))

    def on_failed(self, message: Failed) -> None:
        """Log and notify an error, never crash on it."""
        error = message.error
        text = safe_text(
            f"{message.what}: {type(error).__name__}: {error}" if error else message.what
        )
        self.log_lines.append(text)
        self.notify(text, title="Error", severity="error", timeout=10, markup=False)

    # -- opens from elsewhere (the palette, other screens) go to the main screen ----------------------

    def on_open_article(self, message: OpenArticle) -> None:
        self._to_main(OpenArticle(message.article_id, message.focus))

    def on_open_dossier(self, message: OpenDossier) -> None:
        self._to_main(OpenDossier(message.dossier_id))

    def _to_main(self, message: OpenArticle | OpenDossier) -> None:
        while self.screen is not self.main and len(self.screen_stack) > 1:
            self.pop_screen()
        self.main.post_message(message)

    def current_location(self) -> tuple[str, str] | None:
        current = self.main.history.current
        return (current.kind, current.item_id) if current else None

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.screen))

    def action_show_log(self) -> None:
        self.push_screen(LogScreen(self.log_lines))


def run(corpus: Corpus) -> int:
    """Run the app on ``corpus``, syncing its index in the background. Returns the exit status."""
    app = DossierApp(corpus=corpus)
    app.live_reload = True
    app.main.searches.in_child = True  # stall: searches in a child process (see SearchRunner)
    app.run()
    return app.return_code or 0
