"""The main screen: search box, results, and a pane that shows an article or a dossier."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
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
    ARTICLE,
    DOSSIER,
    ArticlePage,
    Hit,
    Results,
    SearchCancelled,
    SearchRunner,
    TermMatcher,
    Workbench,
    kind_counts,
    plural,
    safe_text,
)
from dossier.tui.history import History, Location
from dossier.tui.messages import (
    Failed,
    IndexProgress,
    IndexReady,
    IndexWaiting,
    OpenArticle,
    OpenDossier,
    Preview,
    SearchFinished,
    Span,
)
from dossier.tui.widgets.dossier import DossierItems, DossierView
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

    class ArticleLoaded(Message):
        """A worker read the page of the article at ``location`` (shown unless something else was opened)."""

        def __init__(self, location: Location, page: ArticlePage | None, focus: bool) -> None:
            super().__init__()
            self.location = location
            self.page = page
            self.focus = focus

    def __init__(self, bench: Workbench | None) -> None:
        """``bench`` None: the workbench is still being opened; :class:`IndexReady` brings it."""
        super().__init__()
        self.bench = bench
        self.generation = 0
        self.results: Results | None = None
        self.history = History()
        self._showing: Location | None = None
        self._reloaded = -1  # the search generation that refreshes the results after a reload
        #: The results pane's share of the width (of the height on narrow terminals) the analyst chose, in %.
        self.results_share: int | None = None
        #: Where searches run (stall: in a child process once ``in_child`` is set, as ``run`` does).
        self.searches = SearchRunner(
            lambda why: self.post_message(Failed(f"Searching: {why}", None))
        )

    def compose(self) -> ComposeResult:
        yield SearchBox(id="search")
        with Horizontal(id="status-bar"):
            yield Static(id="status")
            yield ProgressBar(id="progress", show_eta=False)
        with Horizontal(id="body"):
            yield ResultsList(id="results")
            with ContentSwitcher(id="pane", initial="welcome"):
                yield Static(WELCOME, id="welcome")
                with Horizontal(id="article-pane"):
                    with Vertical(id="article-main"):
                        yield Static(id="article-head")
                        yield ArticleReader(id="reader")
                    yield EntityList(id="entities")
                yield DossierView(id="dossier")
        yield Footer()

    def on_unmount(self) -> None:  # stall: the search process goes with the screen
        self.searches.close()

    def on_mount(self) -> None:
        self.query_one("#results").border_title = "Results"
        self.query_one("#search").border_title = "dossier"
        self.query_one("#search", SearchBox).focus()
        if self.bench is not None:
            self.refresh_results()
        else:
            self.query_one("#status", Static).update("Indexing the corpus… you can type meanwhile")

    @property
    def query_text(self) -> str:
        return self.query_one("#search", SearchBox).value

    # -- searching ------------------------------------------------------------------------------

    def refresh_results(self) -> None:
        """Run the current query again (e.g. once the index is ready)."""
        self.generation += 1
        self.run_search(self.query_text, self.generation)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refresh_results()

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, query: str, generation: int) -> None:
        """Search in a thread at once (no fixed pause); a newer keystroke abandons this search midway."""
        worker = get_current_worker()
        bench = self.bench

        def stale() -> bool:
            return worker.is_cancelled or generation != self.generation

        if stale() or bench is None:
            return
        sort = self.query_one("#results", ResultsList).sort
        try:
            results = (  # stall: through the runner, which may search in its child process
                self.searches.search(bench, query, limit=SEARCH_LIMIT, sort=sort, cancelled=stale)
                if query.strip()
                else None
            )
        except SearchCancelled:
            return
        hits = results.hits if results else bench.browse()
        first_page(
            hits
        )  # rows on screen: their stored fields and snippets, read here rather than on the UI loop
        if not stale():
            self.post_message(SearchFinished(generation, results, hits))
        self.searches.start(bench)  # stall: once results are shown (a no-op once started)

    def on_search_finished(self, message: SearchFinished) -> None:
        message.stop()
        if message.generation != self.generation:
            return
        self.results = message.results
        results = self.query_one("#results", ResultsList)
        results.show(message.hits, keep_place=message.generation == self._reloaded)
        self.query_one("#status", Static).update(
            _status(message.results, message.hits, results.sort)
        )
        if not message.hits:  # nothing found: the pane must not go on showing what was found before
            self._showing = None
            self.query_one("#welcome", Static).update(
                Text(f"Nothing found for “{self.query_text}”.", "bold")
            )
            self.query_one("#pane", ContentSwitcher).current = "welcome"

    def on_results_list_sort_changed(self, message: ResultsList.SortChanged) -> None:
        message.stop()
        self.refresh_results()

    def action_resize_results(self, step: int) -> None:
        """Give the results pane more or less room (of the width; of the height on narrow terminals)."""
        results = self.query_one("#results", ResultsList)
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
        results = self.query_one("#results", ResultsList)
        results.display = not results.display
        if not results.display:
            self.focus_pane()
        else:
            results.focus()

    def _apply_results_share(self) -> None:
        results = self.query_one("#results", ResultsList)
        share = self.results_share
        if share is None:
            return
        if self.has_class("-narrow"):
            results.styles.width, results.styles.height = "1fr", f"{share}%"
        else:
            results.styles.width, results.styles.height = f"{share}%", "1fr"

    def on_resize(self) -> None:
        self._apply_results_share()
        self.query_one(Footer).compact = (
            self.size.width < 100
        )  # Quit, Help and Back must fit at 80 columns

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            what = "Search failed" if event.worker.group == "search" else "Could not open it"
            self.post_message(Failed(what, event.worker.error))

    # -- opening the workbench ------------------------------------------------------------------

    def on_index_progress(self, message: IndexProgress) -> None:
        message.stop()
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=message.total, progress=message.done)
        self.query_one("#status", Static).update(
            f"Indexing {message.done}/{message.total} files… you can type meanwhile"
        )

    def on_index_waiting(self, message: IndexWaiting) -> None:
        message.stop()
        self.query_one("#status", Static).update(Text(message.note))

    def on_index_ready(self, message: IndexReady) -> None:
        """Serve the opened workbench (the message goes on up to the app, which logs the sync). A reload (files
        changed) shows the corpus as it is now where the analyst was: same result, same place in the pane."""
        reloading = self.bench is not None
        self.bench = message.bench
        self.query_one("#progress", ProgressBar).display = False
        self.refresh_results()
        if reloading:
            self._reloaded = self.generation
            self._show_again()

    def _show_again(self) -> None:
        """Show what the pane shows from the current workbench, keeping the reader's or the page's place."""
        showing = self.query_one("#pane", ContentSwitcher).current
        reader, items = self.query_one(ArticleReader), self.query_one(DossierItems)
        if showing == "article-pane" and reader.article is not None:
            reader.keep_place()
            self._show(Location(ARTICLE, reader.article.id, self.query_text, reader.focus_span))
        elif showing == "dossier" and items.dossier is not None:
            items.keep_place()
            self._show(Location(DOSSIER, items.dossier.id))

    # -- navigation -----------------------------------------------------------------------------

    def open_item(self, kind: str, item_id: str, focus: Span | None = None) -> None:
        """Open an article or dossier as a new history step, and focus it."""
        location = Location(kind, item_id, self.query_text if kind == ARTICLE else "", focus)
        if self._show(location, focus=True):
            self.history.push(location)

    def _show(self, location: Location, focus: bool = False) -> bool:
        """Put ``location`` in the pane (and ``focus`` it once shown); False (and a notification) if it cannot
        be shown."""
        bench = self.bench
        if bench is None:
            self.notify("The index is still being built", severity="warning")
            return False
        self._showing = location
        try:
            if location.is_article:
                return self._show_article(bench, location, focus)
            shown = self._show_dossier(bench, location.item_id)
            if shown and focus:
                self.focus_pane()
            return shown
        except Exception as error:  # a bad document must not take the app down
            self.post_message(Failed(f"Could not open {location.item_id}", error))
            return False

    def on_open_article(self, message: OpenArticle) -> None:
        message.stop()
        self.open_item(ARTICLE, message.article_id, message.focus)

    def on_open_dossier(self, message: OpenDossier) -> None:
        message.stop()
        self.open_item(DOSSIER, message.dossier_id)

    def on_preview(self, message: Preview) -> None:
        message.stop()
        self._show(
            Location(
                message.kind, message.item_id, self.query_text if message.kind == ARTICLE else ""
            )
        )

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

    def _show_article(self, bench: Workbench, location: Location, focus: bool) -> bool:
        """Read the article in a worker (the UI loop never waits on the index), then show it."""
        results = self.results
        matcher = (
            results.matcher if results is not None and results.query == location.query else None
        )
        self._load_article(bench, location, matcher, focus)
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="article-page")
    def _load_article(
        self, bench: Workbench, location: Location, matcher: TermMatcher | None, focus: bool
    ) -> None:
        page = bench.article_page(location.item_id, location.query, matcher)
        if not get_current_worker().is_cancelled:
            self.post_message(self.ArticleLoaded(location, page, focus))

    def on_main_screen_article_loaded(self, message: ArticleLoaded) -> None:
        message.stop()
        location, page, focus = message.location, message.page, message.focus
        if location is not self._showing:  # something else was opened meanwhile
            return
        if page is None:
            self.notify(f"No article {location.item_id}", severity="warning", markup=False)
            return
        article, matches, mentions = page.article, page.matches, page.mentions
        head = Text(article.title, "bold")
        head.append(
            f"\n{article.date_label} · {article.id} · {plural(len(matches), 'match', 'es')} · "
            f"{plural(len(mentions), 'mention')}",
            "dim",
        )
        if page.copies:
            shown = ", ".join(page.copies[:COPIES_SHOWN]) + (
                "…" if len(page.copies) > COPIES_SHOWN else ""
            )
            head.append(
                f" · {len(page.copies)} {'copy' if len(page.copies) == 1 else 'copies'}: {safe_text(shown)}",
                "dim",
            )
        self.query_one("#article-head", Static).update(head)
        self.query_one("#pane", ContentSwitcher).current = "article-pane"
        self.query_one("#reader", ArticleReader).show(article, matches, mentions, location.focus)
        self.query_one("#entities", EntityList).show(
            mentions, {d.id: d for d in self.bench.dossiers} if self.bench else {}
        )
        if focus:
            self.focus_pane()

    def _show_dossier(self, bench: Workbench, dossier_id: str) -> bool:
        dossier = bench.dossier(dossier_id)
        if dossier is None:
            self.notify(f"No dossier {dossier_id}", severity="warning", markup=False)
            return False
        self.query_one("#pane", ContentSwitcher).current = "dossier"
        self.query_one("#dossier", DossierView).show(dossier, bench)
        return True

    def focus_pane(self) -> None:
        """Focus what the pane shows (after an open)."""
        self.action_focus_pane("reader")

    def action_focus_pane(self, name: str) -> None:
        showing = self.query_one("#pane", ContentSwitcher).current
        if name == "results":
            self.query_one("#results").focus()
        elif name == "entities" and showing == "article-pane":
            # It shows once the pane is read (in the reader's place on narrow terminals): show, then focus it.
            self.query_one("#body").add_class("-reading", "-entities")
            self.call_after_refresh(self.query_one("#entities").focus)
        elif showing == "article-pane":
            self.query_one("#reader").focus()
        elif showing == "dossier":
            self.query_one("#dossier-items", DossierItems).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", SearchBox).focus()

    def on_descendant_focus(self) -> None:
        """Mark the body while the pane has focus (narrow terminals then give the pane the whole height; wide
        ones show the entity list), and while the entity list has (narrow ones show it in the reader's place)."""
        focused = self.focused
        reading = focused is not None and self.query_one("#pane") in focused.ancestors
        body = self.query_one("#body")
        body.set_class(reading, "-reading")
        body.set_class(focused is self.query_one("#entities"), "-entities")

    def on_search_box_leave(self) -> None:
        self.query_one("#results").focus()


def _status(results: Results | None, hits: Sequence[Hit], sort: str = "relevance") -> Text:
    kinds = kind_counts(hits)
    if (
        results is not None and results.dossiers is not None and not results.estimated
    ):  # every hit counted
        kinds = Counter({ARTICLE: results.total - results.dossiers, DOSSIER: results.dossiers})
    counts = f"{plural(kinds[ARTICLE], ARTICLE)} · {plural(kinds[DOSSIER], DOSSIER)}"
    if results is None:
        return Text(f"Browsing the whole corpus: {counts}")
    told = (
        results.dossiers is not None or len(hits) >= results.total
    )  # else only the hits read could be told
    text = Text(
        (f"{results.counted()} ({counts})" if told else results.counted())
        if results.total
        else "No results"
    )
    if results.total and sort == "date":
        text.append(", newest first")
    if results.problem:
        return Text(results.problem)
    notes = []
    if results.corrected:  # first: on a narrow terminal the rest may be cut
        notes.append(f"showing results for {results.corrected}")
    elif results.suggestion:
        notes.append(f"did you mean: {results.suggestion}?")
    if results.fallback:
        notes.append("the query could not be parsed, so its words were searched")
    if results.fuzzy and results.total and not results.corrected:
        notes.append("no exact match: showing close spellings")
    notes += results.notes()
    if notes:
        text.append(" — " + "; ".join(notes), "italic")
    return text
