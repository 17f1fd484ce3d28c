"""The main screen: search box, results, and a pane that shows an article or a dossier.

The screen keeps no snapshot: each load takes the session's current one and hands it to its worker,
and a result read from a snapshot that is no longer current is dropped (a reload shows the new
one)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Input, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from dossier.index.api import (
    ArticlePage,
    Hit,
    Results,
    SearchCancelled,
    SearchRunner,
    Snapshot,
    TermMatcher,
    schema,
    strings,
    wording,
)
from dossier.tui.history import History, Location
from dossier.tui.host import current_snapshot, is_current
from dossier.tui.messages import (
    Failed,
    IndexProgress,
    IndexWaiting,
    OpenArticle,
    OpenDossier,
    Preview,
    SearchFinished,
    Span,
)
from dossier.tui.widgets.dossier import DossierView
from dossier.tui.widgets.entities import EntityList
from dossier.tui.widgets.reader import ArticleReader
from dossier.tui.widgets.results import ResultsList, first_page
from dossier.tui.widgets.search import SearchBox

SEARCH_LIMIT = 100
#: Copies of an article named in the reader's header (the rest are counted).
COPIES_SHOWN = 5
WELCOME = (
    "Type to search; j/k move, Enter opens, ? lists every key.\n\n"
    "Articles and dossiers (people, organizations, places, events) are listed on the left; "
    "the highlighted one is previewed here."
)


class MainScreen(Screen[None]):
    """Search as you type; preview or open what is highlighted, with browser-like history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash", "focus_search", "Search", show=False
        ),  # the box is in sight; the footer needs the room
        # Escape leaves (a view, a modal, the pane for the results); only these go back a page.
        Binding("backspace,left_square_bracket,alt+left", "go_back", "Back"),
        Binding("escape", "focus_pane('results')", "To the results", show=False),
        Binding("alt+right,right_square_bracket", "go_forward", "Forward", show=False),
        Binding("1", "focus_pane('results')", "Results", show=False),
        Binding("2", "focus_pane('reader')", "Reader", show=False),
        Binding("3", "focus_pane('entities')", "Entities", show=False),
        Binding("less_than_sign", "resize_results(-5)", "Narrower results", show=False),
        Binding("greater_than_sign", "resize_results(5)", "Wider results", show=False),
        Binding("vertical_line", "toggle_results", "Hide/show results", show=False),
    ]

    @dataclass
    class ArticleLoaded(Message):
        """A worker read the page of the article at ``location`` from ``snapshot`` (shown unless
        something else was opened, or the snapshot was replaced)."""

        location: Location
        page: ArticlePage | None
        focus: bool
        snapshot: Snapshot

    def __init__(self) -> None:
        """The session may not be open yet: :meth:`serve` is called once it is."""
        super().__init__()
        self.generation = 0
        self.results: Results | None = None
        self.history = History()
        self._showing: Location | None = None
        self._reloaded = -1  # the search generation that refreshes the results after a reload
        #: The results pane's share of the width (of the height on narrow terminals) the analyst
        #: chose, in %.
        self.results_share: int | None = None
        # The widgets composed, referred to by these names (harlequin's style) rather than looked up
        # by id.
        self.search_box = SearchBox(id="search")
        self.status = Static(id="status")
        self.progress = ProgressBar(id="progress", show_eta=False)
        self.body = Horizontal(id="body")
        self.results_list = ResultsList(id="results")
        self.pane = ContentSwitcher(id="pane", initial="welcome")
        self.welcome = Static(WELCOME, id="welcome")
        self.article_head = Static(id="article-head")
        self.reader = ArticleReader(id="reader")
        self.entities = EntityList(id="entities")
        self.dossier_view = DossierView(id="dossier")
        self.footer = Footer()
        #: Where searches run (in a child process once ``in_child`` is set, as ``run`` does).
        self.searches = SearchRunner(
            lambda why: self.post_message(Failed(f"Searching: {why}", None))
        )

    def compose(self) -> ComposeResult:
        yield self.search_box
        with Horizontal(id="status-bar"):
            yield self.status
            yield self.progress
        with self.body:
            yield self.results_list
            with self.pane:
                yield self.welcome
                with Horizontal(id="article-pane"):
                    with Vertical(id="article-main"):
                        yield self.article_head
                        yield self.reader
                    yield self.entities
                yield self.dossier_view
        yield self.footer

    def on_unmount(self) -> None:  # the search process goes with the screen
        self.searches.close()

    def on_mount(self) -> None:
        self.results_list.border_title = "Results"
        self.search_box.border_title = "dossier"
        self.search_box.focus()
        if current_snapshot(self) is not None:
            self.refresh_results()
        else:
            self.status.update("Indexing the corpus… you can type meanwhile")

    @property
    def query_text(self) -> str:
        return self.search_box.value

    # -- searching ------------------------------------------------------------------------------

    def refresh_results(self) -> None:
        """Run the current query again on the current snapshot (e.g. once the index is ready)."""
        snapshot = current_snapshot(self)
        self.generation += 1
        if snapshot is not None:
            self.run_search(snapshot, self.query_text, self.generation)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refresh_results()

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, snapshot: Snapshot, query: str, generation: int) -> None:
        """Search ``snapshot`` in a thread at once (no fixed pause); a newer keystroke abandons this
        search midway."""
        worker = get_current_worker()

        def stale() -> bool:
            return worker.is_cancelled or generation != self.generation

        if stale():
            return
        sort = self.results_list.sort
        try:
            with snapshot.held():
                results = None
                if query.strip():  # through the runner, which may search in its child process
                    results = self.searches.search(
                        snapshot, query, limit=SEARCH_LIMIT, sort=sort, cancelled=stale
                    )
                hits = results.hits if results else snapshot.browse()
                first_page(hits)  # rows on screen: read here rather than on the UI loop
        except SearchCancelled:
            return
        if not stale():
            self.post_message(SearchFinished(generation, results, hits, snapshot))
        self.searches.start(snapshot)  # once results are shown (a no-op once started)

    def on_search_finished(self, message: SearchFinished) -> None:
        message.stop()
        if message.generation != self.generation or not is_current(self, message.snapshot):
            return
        self.results = message.results
        results = self.results_list
        results.show(message.hits, keep_place=message.generation == self._reloaded)
        self.status.update(_status(message.results, message.hits, results.sort))
        if not message.hits:  # nothing found: the pane must not go on showing what was found before
            self._showing = None
            self.welcome.update(Text(f"Nothing found for “{self.query_text}”.", "bold"))
            self.pane.current = "welcome"

    def on_results_list_sort_changed(self, message: ResultsList.SortChanged) -> None:
        message.stop()
        self.refresh_results()

    def action_resize_results(self, step: int) -> None:
        """Give the results pane more or less room (of the width; of the height on narrow
        terminals)."""
        results = self.results_list
        current = self.results_share or round(
            100 * results.outer_size.width / max(1, self.size.width)
        )
        if self.has_class("-narrow"):
            current = self.results_share or round(
                100 * results.outer_size.height / max(1, self.size.height)
            )
        self.results_share = max(15, min(85, current + step))
        self._apply_results_share()

    def action_toggle_results(self) -> None:
        """Hide the results pane (the pane takes the whole width) or bring it back."""
        results = self.results_list
        results.display = not results.display
        if not results.display:
            self.focus_pane()
        else:
            results.focus()

    def _apply_results_share(self) -> None:
        results = self.results_list
        share = self.results_share
        if share is None:
            return
        if self.has_class("-narrow"):
            results.styles.width, results.styles.height = "1fr", f"{share}%"
        else:
            results.styles.width, results.styles.height = f"{share}%", "1fr"

    def on_resize(self) -> None:
        self._apply_results_share()
        self.footer.compact = self.size.width < 100  # Quit, Help and Back must fit at 80 columns

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            what = "Search failed" if event.worker.group == "search" else "Could not open it"
            self.post_message(Failed(what, event.worker.error))

    # -- opening the corpus ---------------------------------------------------------------------

    def on_index_progress(self, message: IndexProgress) -> None:
        message.stop()
        self.progress.display = True
        self.progress.update(total=message.total, progress=message.done)
        self.status.update(f"Indexing {message.done}/{message.total} files… you can type meanwhile")

    def on_index_waiting(self, message: IndexWaiting) -> None:
        message.stop()
        self.status.update(Text(message.note))

    def serve(self, *, reloading: bool) -> None:
        """Serve the session's current snapshot (the app calls this once the corpus is open, and
        after each reload). A reload (files changed) shows the corpus as it is now where the analyst
        was: same result, same place in the pane."""
        self.progress.display = False
        self.refresh_results()
        if reloading:
            self._reloaded = self.generation
            self._show_again()

    def _show_again(self) -> None:
        """Show what the pane shows from the current snapshot, keeping the reader's or the page's
        place."""
        showing = self.pane.current
        reader, items = self.reader, self.dossier_view.items
        if showing == "article-pane" and reader.article is not None:
            reader.keep_place()
            self._show(
                Location(schema.ARTICLE, reader.article.id, self.query_text, reader.focus_span)
            )
        elif showing == "dossier" and items.dossier is not None:
            items.keep_place()
            self._show(Location(schema.DOSSIER, items.dossier.id))

    # -- navigation -----------------------------------------------------------------------------

    def open_item(self, kind: str, item_id: str, focus: Span | None = None) -> None:
        """Open an article or dossier as a new history step, and focus it."""
        location = Location(kind, item_id, self.query_text if kind == schema.ARTICLE else "", focus)
        if self._show(location, focus=True):
            self.history.push(location)

    def _show(self, location: Location, focus: bool = False) -> bool:
        """Put ``location`` in the pane (and ``focus`` it once shown); False (and a notification) if
        it cannot be shown."""
        snapshot = current_snapshot(self)
        if snapshot is None:
            self.notify("The index is still being built", severity="warning")
            return False
        self._showing = location
        try:
            if location.is_article:
                return self._show_article(snapshot, location, focus)
            shown = self._show_dossier(snapshot, location.item_id)
            if shown and focus:
                self.focus_pane()
            return shown
        except Exception as error:  # a bad document must not take the app down
            self.post_message(Failed(f"Could not open {location.item_id}", error))
            return False

    def on_open_article(self, message: OpenArticle) -> None:
        message.stop()
        self.open_item(schema.ARTICLE, message.article_id, message.focus)

    def on_open_dossier(self, message: OpenDossier) -> None:
        message.stop()
        self.open_item(schema.DOSSIER, message.dossier_id)

    def on_preview(self, message: Preview) -> None:
        message.stop()
        query = self.query_text if message.kind == schema.ARTICLE else ""
        self._show(Location(message.kind, message.item_id, query))

    def action_go_back(self) -> None:
        location = self.history.back()
        if location is None:
            self.action_focus_pane("results")
        else:
            self._show(location, focus=True)

    def action_go_forward(self) -> None:
        location = self.history.forward()
        if location is not None:
            self._show(location, focus=True)

    # -- the pane -------------------------------------------------------------------------------

    def _show_article(self, snapshot: Snapshot, location: Location, focus: bool) -> bool:
        """Read the article in a worker (the UI loop never waits on the index), then show it."""
        results = self.results
        matcher = None
        if results is not None and results.query == location.query:
            matcher = results.matcher
        self._load_article(snapshot, location, matcher, focus)
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="article-page")
    def _load_article(
        self, snapshot: Snapshot, location: Location, matcher: TermMatcher | None, focus: bool
    ) -> None:
        try:
            with snapshot.held():
                page = snapshot.article_page(location.item_id, location.query, matcher)
        except SearchCancelled:  # replaced by a reload, which shows the article again
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.ArticleLoaded(location, page, focus, snapshot))

    def on_main_screen_article_loaded(self, message: ArticleLoaded) -> None:
        message.stop()
        location, page, focus = message.location, message.page, message.focus
        if location is not self._showing or not is_current(self, message.snapshot):
            return  # something else was opened meanwhile, or the corpus reloaded
        if page is None:
            self.notify(f"No article {location.item_id}", severity="warning", markup=False)
            return
        article, matches, mentions = page.article, page.matches, page.mentions
        self.article_head.update(_article_head(page))
        self.pane.current = "article-pane"
        self.reader.show(article, matches, mentions, location.focus)
        self.entities.show(mentions, {d.id: d for d in message.snapshot.dossiers})
        if focus:
            self.focus_pane()

    def _show_dossier(self, snapshot: Snapshot, dossier_id: str) -> bool:
        dossier = snapshot.dossier(dossier_id)
        if dossier is None:
            self.notify(f"No dossier {dossier_id}", severity="warning", markup=False)
            return False
        self.pane.current = "dossier"
        self.dossier_view.show(dossier, snapshot)
        return True

    def focus_pane(self) -> None:
        """Focus what the pane shows (after an open)."""
        self.action_focus_pane("reader")

    def action_focus_pane(self, name: str) -> None:
        showing = self.pane.current
        if name == "results":
            self.results_list.focus()
        elif name == "entities" and showing == "article-pane":
            # It shows once the pane is read (in the reader's place on narrow terminals): show, then
            # focus it.
            self.body.add_class("-reading", "-entities")
            self.call_after_refresh(self.entities.focus)
        elif showing == "article-pane":
            self.reader.focus()
        elif showing == "dossier":
            self.dossier_view.items.focus()

    def action_focus_search(self) -> None:
        self.search_box.focus()

    def on_descendant_focus(self) -> None:
        """Mark the body while the pane has focus (narrow terminals then give the pane the whole
        height; wide ones show the entity list), and while the entity list has (narrow ones show it
        in the reader's place)."""
        focused = self.focused
        reading = focused is not None and self.pane in focused.ancestors
        self.body.set_class(reading, "-reading")
        self.body.set_class(focused is self.entities, "-entities")

    def on_search_box_leave(self) -> None:
        self.results_list.focus()


def _article_head(page: ArticlePage) -> Text:
    """The reader's header: title, then date, id, matches, mentions and copies."""
    article, copies = page.article, page.copies
    head = Text(article.title, "bold")
    head.append(
        f"\n{article.date_label} · {article.id} · "
        f"{strings.plural(len(page.matches), 'match', 'es')} · "
        f"{strings.plural(len(page.mentions), 'mention')}",
        "dim",
    )
    if copies:
        shown = ", ".join(copies[:COPIES_SHOWN]) + ("…" if len(copies) > COPIES_SHOWN else "")
        counted = f"{len(copies)} {'copy' if len(copies) == 1 else 'copies'}"
        head.append(f" · {counted}: {strings.safe_text(shown)}", "dim")
    return head


def _status(results: Results | None, hits: Sequence[Hit], sort: str = "relevance") -> Text:
    said = wording.status(results, hits, sort)
    text = Text(said.head)
    if said.notes:
        text.append(" — " + "; ".join(said.notes), "italic")
    return text
