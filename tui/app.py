"""The Textual app: owns the one Session (opening it in the background) and its Keeper, the log, and
the modal screens. Screens take ``session.current`` when a load starts; nothing else keeps a
snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from dossier.index.api import Corpus, Keeper, Session, Snapshot, strings
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
        session: Session | Snapshot | None = None,
        *,
        corpus: Corpus | None = None,
        index_root: Path | None = None,
    ) -> None:
        """Serve ``session`` (or a session of an open snapshot), or open ``corpus`` in the
        background, usable meanwhile."""
        super().__init__()
        if session is None and corpus is None:
            raise TypeError("DossierApp needs an open Session (or Snapshot) or a Corpus to open")
        if isinstance(session, Snapshot):
            session = Session(session)
        self.session: Session | None = session
        self.keeper: Keeper | None = Keeper(session) if session is not None else None
        self._opening = (corpus, index_root)
        self.log_lines: list[str] = []
        self.main = MainScreen()

    @property
    def ready(self) -> bool:
        """Whether the corpus is open (until then the app is usable but finds nothing)."""
        return self.session is not None

    @property
    def current(self) -> Snapshot | None:
        """The session's current snapshot (None while the corpus is being opened)."""
        return self.session.current if self.session is not None else None

    def get_default_screen(self) -> MainScreen:
        return self.main

    def on_mount(self) -> None:
        if self.session is not None:
            self._report_corpus(self.session.current)
        else:
            self.open_session()

    # -- the index ------------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="sync")
    def open_session(self) -> None:
        """Build or update the index in a child process, showing progress; the app stays usable."""
        corpus, index_root = self._opening
        assert corpus is not None

        def progress(done: int, total: int) -> None:
            self.main.post_message(IndexProgress(done, total))

        def waiting(note: str) -> None:
            self.main.post_message(IndexWaiting(note))

        snapshot = Snapshot.open(corpus, index_root, progress, on_wait=waiting, in_subprocess=True)
        self.post_message(IndexReady(snapshot))

    def on_index_ready(self, message: IndexReady) -> None:
        """The corpus is open: the session starts, and the main screen serves it."""
        self.session = Session(message.snapshot)
        self.keeper = Keeper(self.session)
        self.main.serve(reloading=False)
        self._report_corpus(message.snapshot)

    def _report_corpus(self, snapshot: Snapshot) -> None:
        """Log the last sync and any problems; notify if there are problems."""
        self.log_lines.append(snapshot.last_sync.summary())
        for note in snapshot.last_sync.notes:
            self.log_lines.append(note)
            self.notify(note, title="Index", severity="warning", timeout=8, markup=False)
        self.log_lines += [str(problem) for problem in snapshot.problems]
        problems = [
            problem for problem in snapshot.problems if not problem.is_note
        ]  # notes only go to the log
        if problems:
            self.notify(
                f"{strings.plural(len(problems), 'problem')} in the corpus; press L to see them",
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
        text = strings.safe_text(
            f"{message.what}: {type(error).__name__}: {error}" if error else message.what
        )
        self.log_lines.append(text)
        self.notify(text, title="Error", severity="error", timeout=10, markup=False)

    # -- opens from elsewhere (the palette, other screens) go to the main screen
    # ----------------------

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
    app.main.searches.in_child = True  # searches in a child process (see SearchRunner)
    app.run()
    return app.return_code or 0
