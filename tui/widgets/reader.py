"""The article reader: the full body, query matches and dossier mentions marked on the original
characters.

The body is wrapped here rather than by Textual, so every character offset maps to a known line:
``n``/``N`` and Tab can scroll exactly to a match or a mention, and a claim's quote opens at its
sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dossier.index.api import Article, Mention, strings, views
from dossier.tui.host import current_snapshot
from dossier.tui.messages import CiteSentence, EditFile, NewDossierFrom, OpenDossier, Span

_TOKEN = re.compile(r"\S+\s*|\s+")


def wrap_starts(text: str, width: int) -> list[int]:
    """Offsets where each display line of ``text`` starts when word-wrapped to ``width`` cells."""
    width = max(width, 8)
    starts: list[int] = []
    position = 0
    for paragraph in text.split("\n"):
        starts.append(position)
        used = 0
        for token in _TOKEN.finditer(paragraph):
            word = token.group().rstrip()
            start = position + token.start()
            if used and used + cell_len(word) > width:
                starts.append(start)
                used = 0
            while cell_len(word) > width:  # a word longer than the line: cut it
                cut = width - used
                start += cut
                starts.append(start)
                word, used = word[cut:], 0
            used += cell_len(word) + len(token.group()) - len(token.group().rstrip())
        position += len(paragraph) + 1
    return starts


class ArticleReader(ScrollView, can_focus=True):
    """One article. Tab/shift+Tab visit the mentions (leaving the reader past the last), Enter opens
    one."""

    BINDING_GROUP_TITLE = "Article reader"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "right_parenthesis", "next_sentence", "Sentence"
        ),  # short: Back, Quit, Help fit at 80
        Binding("left_parenthesis", "previous_sentence", "Previous sentence", show=False),
        Binding("c", "cite", "Cite"),
        Binding("n", "next_match", "Match"),
        Binding("N", "previous_match", "Prev match", show=False),
        Binding("tab", "next_mention", "Mention"),
        Binding("shift+tab", "previous_mention", "Prev mention", show=False),
        Binding("enter", "open_mention", "Open mention", show=False),
        Binding("plus", "new_dossier", "New dossier", show=False),
        Binding("e", "edit", "Edit file", show=False),
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("g,home", "scroll_home", "Top", show=False),
        Binding("G,end", "scroll_end", "Bottom", show=False),
        Binding("space,pagedown", "page_down", "Page down", show=False),
        Binding("b,pageup", "page_up", "Page up", show=False),
    ]
    DEFAULT_CSS = """
    ArticleReader {
        & > .reader--title { text-style: bold; }
        & > .reader--match { background: $warning-muted; color: $text; text-style: bold; }
        & > .reader--current { background: $accent; color: $background; text-style: bold underline; }
        & > .reader--mention { color: $text-primary; text-style: underline; }
        & > .reader--mention-current { background: $primary; color: $text; text-style: bold underline; }
        & > .reader--focus { background: $primary-muted; color: $text; text-style: italic; }
        & > .reader--sentence { background: $secondary-muted; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--title",
        "reader--match",
        "reader--current",
        "reader--mention",
        "reader--mention-current",
        "reader--focus",
        "reader--sentence",
    }

    current_match: reactive[int] = reactive(-1, init=False)
    current_mention: reactive[int] = reactive(-1, init=False)
    current_sentence: reactive[int] = reactive(-1, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.matches: list[Span] = []
        self.mentions: list[Mention] = []
        self.focus_span: Span | None = None
        self.sentences: list[Span] = []
        self._restore: tuple[str, int, int | None] | None = (
            None  # (article, top line, sentence start)
        )
        self._starts: list[int] = [0]
        self._lines: list[Text] = []
        self._wrapped_for = 0

    def show(
        self,
        article: Article,
        matches: list[Span],
        mentions: list[Mention],
        focus: Span | None = None,
    ) -> None:
        """Display ``article``; back where it was if :meth:`keep_place` asked, else scrolled to
        ``focus`` if given, else to the first match, else the top."""
        self.article, self.matches, self.mentions, self.focus_span = (
            article,
            matches,
            mentions,
            focus,
        )
        self.sentences = strings.sentences(article.body)
        self.set_reactive(ArticleReader.current_match, -1)
        self.set_reactive(ArticleReader.current_mention, -1)
        self.set_reactive(ArticleReader.current_sentence, -1)
        self._count_matches()
        self._wrapped_for = 0
        self._layout()
        restore, self._restore = self._restore, None
        if restore is not None and restore[0] == article.id:
            _, top, sentence_start = restore
            if sentence_start is not None and self.sentences:
                self.set_reactive(ArticleReader.current_sentence, self._sentence_at(sentence_start))
                self._wrapped_for = 0
                self._layout()
            self.scroll_to(y=top, animate=False, immediate=True)
        elif focus:
            self.scroll_to_offset(focus[0])
        elif matches:
            self.current_match = 0
        else:
            self.scroll_to(y=0, animate=False, immediate=True)

    def line_of(self, offset: int) -> int:
        """The display line holding body offset ``offset``."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def position_of(self, offset: int) -> tuple[int, int]:
        """(display line, column) of body offset ``offset``."""
        line = self.line_of(offset)
        return line, offset - self._starts[line]

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the line holding ``offset`` sits in the upper third of the view."""
        self._layout()
        target = max(0, self.line_of(offset) - self.scrollable_content_region.height // 3)
        self.scroll_to(y=target, animate=False, immediate=True)

    # -- actions --------------------------------------------------------------------------------

    def action_next_match(self) -> None:
        if self.matches:
            self.current_match = (self.current_match + 1) % len(self.matches)
        else:
            self.notify("No query matches in this article", severity="warning", timeout=2)

    def action_previous_match(self) -> None:
        if self.matches:
            self.current_match = (self.current_match - 1) % len(self.matches)
        else:
            self.notify("No query matches in this article", severity="warning", timeout=2)

    def action_next_mention(self) -> None:
        """The next mention after where the reader is (its current mention if in view, else its
        sentence, match or the top of the view); past the last one, focus leaves the reader."""
        if self._mention_in_view():
            following = self.current_mention + 1
        else:
            at = self._place()
            following = next(
                (i for i, m in enumerate(self.mentions) if m.start >= at), len(self.mentions)
            )
        if following < len(self.mentions):
            self.current_mention = following
        else:
            self.current_mention = -1
            self.screen.focus_next()

    def action_previous_mention(self) -> None:
        """The mention before where the reader is; before the first one, focus leaves the reader."""
        if self._mention_in_view():
            preceding = self.current_mention - 1
        else:
            at = self._place()
            preceding = max((i for i, m in enumerate(self.mentions) if m.start < at), default=-1)
        if preceding >= 0:
            self.current_mention = preceding
        else:
            self.current_mention = -1
            self.screen.focus_previous()

    def _mention_in_view(self) -> bool:
        """Whether the current mention is on screen (not scrolled away from)."""
        if not 0 <= self.current_mention < len(self.mentions):
            return False
        line, top = self.line_of(self.mentions[self.current_mention].start), self.scroll_offset.y
        return top <= line < top + max(1, self.scrollable_content_region.height)

    def _place(self) -> int:
        """The body offset the reader is at, mentions aside: the current sentence, the current match
        if in view, the quote it opened at if in view, else the top of the view."""
        if self.sentence is not None:
            return self.sentence[0]
        top = self.scroll_offset.y
        height = max(1, self.scrollable_content_region.height)
        for span in (
            self.matches[self.current_match]
            if 0 <= self.current_match < len(self.matches)
            else None,
            self.focus_span,
        ):
            if span is not None and top <= self.line_of(span[0]) < top + height:
                return span[0]
        return self._starts[min(top, len(self._starts) - 1)]

    def action_open_mention(self, index: int | None = None) -> None:
        """Open the dossier of the current mention (or of mention ``index``, from a click)."""
        if index is not None:
            self.current_mention = index
        if 0 <= self.current_mention < len(self.mentions):
            self.post_message(OpenDossier(self.mentions[self.current_mention].entity))

    def action_next_sentence(self) -> None:
        self._step_sentence(+1)

    def action_previous_sentence(self) -> None:
        self._step_sentence(-1)

    def _step_sentence(self, step: int) -> None:
        """Move the current sentence; the first move starts from what the reader is at (a mention, a
        match, the quote it opened at, or the top of the view)."""
        if not self.sentences:
            return
        if self.current_sentence < 0:
            self.current_sentence = self._sentence_at(self._reading_offset())
        else:
            self.current_sentence = max(
                0, min(len(self.sentences) - 1, self.current_sentence + step)
            )

    def _reading_offset(self) -> int:
        if 0 <= self.current_mention < len(self.mentions):
            return self.mentions[self.current_mention].start
        if 0 <= self.current_match < len(self.matches):
            return self.matches[self.current_match][0]
        top = self._starts[min(self.scroll_offset.y, len(self._starts) - 1)]
        if self.focus_span and self.focus_span[0] >= top:
            return self.focus_span[0]
        return top

    def _sentence_at(self, offset: int) -> int:
        """The sentence holding ``offset``, else the first one after it (else the last)."""
        for index, (_, end) in enumerate(self.sentences):
            if offset < end:
                return index
        return len(self.sentences) - 1

    @property
    def sentence(self) -> Span | None:
        """The current sentence (body offsets), if one is chosen."""
        return (
            self.sentences[self.current_sentence]
            if 0 <= self.current_sentence < len(self.sentences)
            else None
        )

    @property
    def pin_span(self) -> Span | None:
        """The span the pin key keeps the sentence of: the current sentence (moved with ( and )),
        else the current match or mention, else the quote it opened at."""
        if self.sentence is not None:
            return self.sentence
        if 0 <= self.current_match < len(self.matches):
            return self.matches[self.current_match]
        if 0 <= self.current_mention < len(self.mentions):
            mention = self.mentions[self.current_mention]
            return mention.start, mention.end
        return self.focus_span

    def pin_target(self) -> views.Pin | None:
        """The sentence of :attr:`pin_span`, else the whole article."""
        article, snapshot, span = self.article, current_snapshot(self), self.pin_span
        if article is None or snapshot is None:
            return None
        if span is None:
            return views.Pin("article", article.id)
        start, end = snapshot.sentence_around(article.id, *span)
        return views.Pin(
            "sentence", article.id, " ".join(article.body[start:end].split()), start=start, end=end
        )

    def keep_place(self) -> None:
        """Come back to the same scroll position and sentence when this article is next shown (the
        corpus changed and it is shown again)."""
        if self.article is not None:
            self._restore = (
                self.article.id,
                self.scroll_offset.y,
                self.sentence[0] if self.sentence else None,
            )

    def action_cite(self) -> None:
        """Cite the current sentence (choosing the one the reader is at if none is)."""
        if self.article is None or not self.sentences:
            return
        if self.sentence is None:
            self.current_sentence = self._sentence_at(self._reading_offset())
        if self.sentence is not None:
            self.post_message(CiteSentence(self.article.id, self.sentence))

    def action_new_dossier(self) -> None:
        """Start a dossier, named after the first unlinked name in the current sentence (if any)."""
        text = self.article.body if self.article else ""
        start, end = self.sentence or (0, 0)
        linked = [(m.start, m.end) for m in self.mentions]
        names = [(a, b) for a, b in views.name_spans(text, linked) if start <= a and b <= end]
        self.post_message(NewDossierFrom(text[names[0][0] : names[0][1]] if names else ""))

    def action_edit(self) -> None:
        """Open the article's file in the editor, at the line of the current sentence (or of the
        view's top)."""
        if self.article is not None:
            offset = self.sentence[0] if self.sentence else self._reading_offset()
            self.post_message(
                EditFile(self.article.path, self.article.body.count("\n", 0, offset) + 1)
            )

    def watch_current_sentence(self, index: int) -> None:
        self._wrapped_for = 0
        if 0 <= index < len(self.sentences):
            self._scroll_into_view(*self.sentences[index])
        self.refresh()

    def _scroll_into_view(self, start: int, end: int) -> None:
        """Scroll as little as needed to show ``text[start:end]`` (its start, if it is taller than
        the view)."""
        self._layout()
        first, last = self.line_of(start), self.line_of(max(start, end - 1))
        height = max(1, self.scrollable_content_region.height)
        top = self.scroll_offset.y
        if first < top or last - first >= height:
            top = first
        elif last >= top + height:
            top = last - height + 1
        self.scroll_to(y=top, animate=False, immediate=True)

    def watch_current_match(self, index: int) -> None:
        self._wrapped_for = 0
        if 0 <= index < len(self.matches):
            self.scroll_to_offset(self.matches[index][0])
        self._count_matches()
        self.refresh()

    def _count_matches(self) -> None:
        """Say on the border which match ``n``/``N`` are on: "match 3 of 11"."""
        total, index = len(self.matches), self.current_match
        if not total:
            self.border_subtitle = ""
        elif 0 <= index < total:
            self.border_subtitle = f"match {index + 1} of {total} (n/N)"
        else:
            self.border_subtitle = f"{strings.plural(total, 'match', 'es')} (n/N)"

    def watch_current_mention(self, index: int) -> None:
        self._wrapped_for = 0
        if 0 <= index < len(self.mentions):
            self.scroll_to_offset(self.mentions[index].start)
        self.refresh()

    # -- rendering ------------------------------------------------------------------------------

    def on_resize(self) -> None:
        """Re-wrap; keep in view what the reader is on (a match, a mention, a quote), else the top
        line."""
        top = self._starts[min(self.scroll_offset.y, len(self._starts) - 1)]
        self._wrapped_for = 0
        self._layout()
        anchor = self._anchor()
        if anchor is not None:
            self.scroll_to_offset(anchor)
        else:
            self.scroll_to(y=self.line_of(top), animate=False, immediate=True)

    def _anchor(self) -> int | None:
        """The body offset of the current match or mention, or of the quote opened at."""
        if 0 <= self.current_match < len(self.matches):
            return self.matches[self.current_match][0]
        if 0 <= self.current_mention < len(self.mentions):
            return self.mentions[self.current_mention].start
        return self.focus_span[0] if self.focus_span else None

    def _layout(self) -> None:
        """(Re)wrap and restyle the body for the current width, if either changed."""
        width = self.scrollable_content_region.width
        if self._wrapped_for == width or self.article is None:
            return
        self._wrapped_for = width
        text = self._styled(self.article.body)
        self._starts = wrap_starts(text.plain, width)
        self._lines = list(text.divide(self._starts[1:]))
        for line in self._lines:
            line.rstrip()
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def _styled(self, body: str) -> Text:
        """The body with title, mentions, current sentence, matches and the focus span styled (later
        layers win)."""
        style = self.get_component_rich_style
        text = Text(body)
        title_end = body.find("\n")
        text.stylize(style("reader--title"), 0, title_end if title_end > 0 else len(body))
        for index, mention in enumerate(self.mentions):
            name = "reader--mention-current" if index == self.current_mention else "reader--mention"
            text.stylize(
                style(name) + Style(meta={"@click": f"open_mention({index})"}),
                mention.start,
                mention.end,
            )
        if self.sentence:  # its background only: the mentions in it stay marked
            text.stylize(Style(bgcolor=style("reader--sentence").bgcolor), *self.sentence)
        for start, end in self.matches:
            text.stylize(style("reader--match"), start, end)
        if (
            self.focus_span and not self.sentence
        ):  # once the analyst moves by sentence, that one is marked
            text.stylize(style("reader--focus"), *self.focus_span)
        if 0 <= self.current_match < len(self.matches):
            text.stylize(style("reader--current"), *self.matches[self.current_match])
        if 0 <= self.current_mention < len(self.mentions):
            mention = self.mentions[self.current_mention]
            text.stylize(style("reader--mention-current"), mention.start, mention.end)
        return text

    def render_line(self, y: int) -> Strip:
        self._layout()
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        strip = Strip(list(self._lines[index].render(self.app.console)))
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style).apply_style(
            self.rich_style
        )
