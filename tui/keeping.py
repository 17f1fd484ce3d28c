"""Keeping the dossiers from the app: cite, new dossier, unlinked names, edit in $EDITOR, undo, live
reload.

:class:`KeepingApp` is the base of the app: it answers the messages the reader and the dossier page
post (:class:`CiteSentence`, :class:`NewDossierFrom`, :class:`EditFile`) by opening the forms,
writes through the app's one :class:`Keeper` (its :class:`DossierWriter`), and brings the index up
to date after every write and every change a file watcher sees in ``seeds/`` or ``dossiers/`` — in
workers, keeping the analyst's place.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.worker import get_current_worker

from dossier.index.api import Corpus, DossierError, Keeper, Problem, Session, Snapshot, keeping
from dossier.tui.messages import CiteSentence, EditFile, IndexReady, NewDossierFrom, Wrote
from dossier.tui.screens.cite import CiteScreen
from dossier.tui.screens.main import MainScreen
from dossier.tui.screens.new_dossier import NewDossierScreen
from dossier.tui.screens.unlinked import UnlinkedScreen
from dossier.tui.screens.view import ViewScreen
from dossier.tui.widgets.dossier_picker import Choice

#: Environment variables naming the analyst's editor, in the order they are tried.
EDITOR_VARIABLES = ("VISUAL", "EDITOR")
FALLBACK_EDITOR = "vi"


def editor_command(path: Path, line: int) -> list[str]:
    """``$VISUAL``/``$EDITOR`` (with its own arguments), then ``+LINE`` and the file: vi, vim, nvim,
    nano, emacs, micro, kak and helix all read ``+LINE`` as "open at this line"."""
    editor = next(
        (os.environ[v] for v in EDITOR_VARIABLES if os.environ.get(v, "").strip()), FALLBACK_EDITOR
    )
    return [*shlex.split(editor), f"+{line}", str(path)]


class KeepingApp(App[int]):
    """The writing half of the app (see the module docstring); the app class builds on it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "undo_write", "Undo write", show=False),
        Binding("U", "unlinked_names", "Unlinked names", show=False),
        Binding("plus", "new_dossier", "New dossier", show=False),
    ]

    session: Session | None
    keeper: Keeper | None
    main: MainScreen
    log_lines: list[str]
    #: Whether to follow changes to the corpus on disk (``run`` turns it on; tests that need it
    #: too).
    live_reload = False

    def __init__(self) -> None:
        super().__init__()
        self._stop_watching = threading.Event()
        self._watching = False
        #: A reload is running; another one asked for meanwhile (None: none; True: an in-process one
        #: will do).
        self._reloading = False
        self._pending: bool | None = None

    def _writer(self) -> keeping.DossierWriter | None:
        """The keeper's writer (None while the corpus is still being opened)."""
        return self.keeper.writer if self.keeper is not None else None

    @property
    def _snapshot(self) -> Snapshot | None:
        return self.session.current if self.session is not None else None

    # -- forms
    # --------------------------------------------------------------------------------------

    def on_cite_sentence(self, message: CiteSentence) -> None:
        snapshot, writer = self._snapshot, self._writer()
        article = snapshot.article(message.article_id) if snapshot is not None else None
        if snapshot is None or writer is None or article is None:
            return
        start, end = message.sentence
        named = list(
            dict.fromkeys(
                m.entity
                for m in snapshot.entities_in(article.id)
                if start <= m.start and m.end <= end
            )
        )
        choices = [Choice.of(dossier) for dossier in snapshot.dossiers]
        self.push_screen(
            CiteScreen(writer, article, message.sentence, choices, named),
            lambda result: self._wrote(result, "Cited", in_process=True),
        )

    def on_new_dossier_from(self, message: NewDossierFrom) -> None:
        writer, snapshot = self._writer(), self._snapshot
        if snapshot is not None and writer is not None:
            taken = {dossier.id for dossier in snapshot.dossiers}
            self.push_screen(
                NewDossierScreen(writer, message.name, taken),
                lambda result: self._wrote(result, "Created"),
            )

    def action_new_dossier(self) -> None:
        self.post_message(NewDossierFrom())

    def action_unlinked_names(self) -> None:
        writer = self._writer()
        if writer is not None:
            self.push_screen(UnlinkedScreen(writer))

    def on_wrote(self, message: Wrote) -> None:
        self._wrote(message.result, message.what)

    def _wrote(
        self, result: keeping.WriteResult | None, what: str, *, in_process: bool = False
    ) -> None:
        """Say what a form wrote, and take it in (the dossier page and the index follow at once).

        ``in_process``: only claims or relations changed (no names), so the index updates quickly
        here.
        """
        if result is None or self.session is None:
            return
        where = f"{result.path.relative_to(self.session.corpus.root)}:{result.line}"
        note = (
            " (the file had changed on disk: added to the newer version)" if result.rebased else ""
        )
        self.log_lines.append(f"{what}: {where}{note}")
        self.notify(
            f"{what}: {where}{note} — u undoes", title="Dossier written", timeout=6, markup=False
        )
        self.reload_corpus(in_process=in_process)

    def action_undo_write(self) -> None:
        if self.keeper is None:
            return
        try:
            path = self.keeper.undo()
        except DossierError as error:
            self.notify(str(error), title="Undo", severity="warning", markup=False)
            return
        self.log_lines.append(f"Undone: {path}")
        self.notify(
            f"Undone: {path.relative_to(self.keeper.session.corpus.root)}",
            title="Undo",
            markup=False,
        )
        self.reload_corpus()

    # -- the editor -------------------------------------------------------------------------------

    def on_edit_file(self, message: EditFile) -> None:
        """Hand the terminal to the editor at the file's line; on return, re-check and reload."""
        if self.session is None:
            return
        command = editor_command(message.path, message.line)
        try:
            if self.is_headless:  # no terminal to hand over (tests): run it as it is
                status = subprocess.call(command, stdin=subprocess.DEVNULL)
            else:
                with self.suspend():
                    status = subprocess.call(command)
        except (OSError, SuspendNotSupported) as error:
            self.notify(
                f"Could not run the editor {command[0]!r}: {error}",
                title="Edit",
                severity="error",
                markup=False,
            )
            return
        if status:
            self.notify(f"The editor exited with status {status}", title="Edit", severity="warning")
        self.recheck(self.session.corpus, message.path)

    @work(thread=True, exclusive=True, group="recheck")
    def recheck(self, corpus: Corpus, path: Path) -> None:
        """``dossier check`` after an edit, in a thread: the problems of the edited file come back
        as a message."""
        try:
            _, problems = keeping.check_corpus(corpus)
        except Exception as error:  # a check must not take the app down
            self.post_message(_Rechecked(path, [], error))
        else:
            self.post_message(_Rechecked(path, [p for p in problems if p.path == path]))

    def on__rechecked(self, message: _Rechecked) -> None:
        path, problems = message.path, message.problems
        self.log_lines += [str(p) for p in problems]
        if message.error is not None:
            self.notify(
                f"Could not check {path.name}: {message.error}",
                title="Edit",
                severity="error",
                markup=False,
            )
        elif problems:
            shown = "\n".join(f"{p.line}:{p.col}: {p.message}" for p in problems[:3])
            more = f"\n… {len(problems) - 3} more (L shows them)" if len(problems) > 3 else ""
            self.notify(
                shown + more,
                title=f"Problems in {path.name}",
                severity="error",
                timeout=15,
                markup=False,
            )
        else:
            self.notify(f"{path.name}: no problems", title="Checked", markup=False)
        self.reload_corpus()

    # -- reloading --------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._start_watching()

    def on_index_ready(self, message: IndexReady) -> None:
        self._start_watching()  # once the corpus is open (it may open in the background)

    def on_unmount(self) -> None:
        self._stop_watching.set()

    def _start_watching(self) -> None:
        if self.live_reload and self.session is not None and not self._watching:
            self._watching = True
            self._follow(self.session.corpus)

    @work(thread=True, group="watch")
    def _follow(self, corpus: Corpus) -> None:
        """Reload whenever files change in ``seeds/`` or ``dossiers/`` (a thread blocked in
        watchfiles)."""
        worker = get_current_worker()
        stop = _Either(self._stop_watching, lambda: worker.is_cancelled)
        try:
            for _ in keeping.watch_corpus(corpus, stop):
                self.post_message(_FilesChanged())
        except (
            Exception
        ) as error:  # no watching (inotify limits…): say so, the app goes on without it
            self.post_message(_Reloaded(None, error, watching=True))

    def on__files_changed(self) -> None:
        self.reload_corpus()

    def reload_corpus(self, *, in_process: bool = False) -> None:
        """Bring the index up to date with the files and show it, keeping the analyst's place.

        One reload runs at a time: asked again meanwhile (a write and the watcher seeing it), the
        next one runs when it is done. Two at once would wait on each other's lock, as if another
        process were writing."""
        if self.keeper is None:
            return
        if self._reloading:
            self._pending = in_process if self._pending is None else self._pending and in_process
            return
        self._reloading = True
        self._reload(self.keeper, in_process)

    @work(thread=True, group="reload")
    def _reload(self, keeper: Keeper, in_process: bool) -> None:
        try:
            self.post_message(_Reloaded(keeper.open_next(in_process=in_process)))
        except Exception as error:  # indexing failed: the current snapshot goes on serving
            self.post_message(_Reloaded(None, error))

    def on__reloaded(self, message: _Reloaded) -> None:
        if message.error is not None:
            self.log_lines.append(f"Reload failed: {message.error}")
            self.notify(
                f"Reload failed: {message.error}", title="Error", severity="error", markup=False
            )
        elif message.snapshot is not None and self.keeper is not None:
            self._take(self.keeper, message.snapshot)
        if message.watching:
            return
        self._reloading = False
        pending, self._pending = self._pending, None
        if pending is not None:
            self.reload_corpus(in_process=pending)

    def _take(self, keeper: Keeper, snapshot: Snapshot) -> None:
        """Serve the new snapshot (the old one closes once its readers are done), keeping the
        analyst's place on the main screen and loading a view on screen again."""
        keeper.swap(snapshot)
        self.main.serve(reloading=True)
        if isinstance(self.screen, ViewScreen):
            self.screen.reload()


class _Either:
    """Set when ``event`` is, or when ``cancelled()`` says so (the app cancels its workers as it
    exits)."""

    def __init__(self, event: threading.Event, cancelled: Callable[[], bool]) -> None:
        self.event = event
        self.cancelled = cancelled

    def is_set(self) -> bool:
        return self.event.is_set() or self.cancelled()


@dataclass
class _FilesChanged(Message):
    """The watcher saw articles or dossiers change."""


@dataclass
class _Reloaded(Message):
    """A reload finished with ``snapshot`` (or ``error``); ``watching``: the error is the watcher's,
    no reload's."""

    snapshot: Snapshot | None
    error: BaseException | None = None
    watching: bool = False


@dataclass
class _Rechecked(Message):
    """The problems ``dossier check`` finds in ``path`` after an edit (``error`` if the check
    failed)."""

    path: Path
    problems: list[Problem]
    error: BaseException | None = None
