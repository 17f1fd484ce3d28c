"""The cite form: one sentence of an article, added to a dossier as a claim or as a relation."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, Static

from dossier.index.api import Article, DossierError, keeping, schema
from dossier.tui.screens.write_form import WRITE_GROUP, WriteForm
from dossier.tui.widgets.dossier_picker import Choice, DossierPicker

CLAIM = "claim"


class CiteScreen(WriteForm):
    """Pick the dossier, say what the sentence supports, save: the dossier gets the claim (or
    relation) with the article as ``source`` and the sentence as ``quote``. Errors stay in the form;
    nothing is written."""

    BINDING_GROUP_TITLE = "Cite form"
    ERROR_ID = "cite-error"
    SAVE_ON_ENTER = frozenset({"cite-text", "cite-note"})

    def __init__(
        self,
        writer: keeping.DossierWriter,
        article: Article,
        sentence: tuple[int, int],
        choices: Sequence[Choice],
        named: Sequence[str] = (),
    ) -> None:
        """``named``: ids of the dossiers the sentence names, offered first."""
        super().__init__()
        self.writer = writer
        self.article = article
        self.quote = article.body[sentence[0] : sentence[1]]
        self.choices = choices
        self.named = named
        self._since: keeping.FileSnapshot | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="cite-body") as body:
            body.border_title = "Cite this sentence — ctrl+s saves, Escape cancels"
            yield Static(
                Text.assemble(
                    ("“" + self.quote + "”", "italic"), ("\n— " + self.article.title, "dim")
                ),
                id="cite-quote",
            )
            yield Label("Dossier (type a name or an alias; ↑↓ choose)")
            yield DossierPicker(
                self.choices, self.named, placeholder="Kozhemyako…", id="cite-dossier"
            )
            with Horizontal(classes="cite-row"):
                yield Label("Record it as", classes="cite-label")
                options = [("a claim", CLAIM)] + [
                    (f"relation: {t.replace('_', ' ')}", t) for t in schema.RELATION_TYPES
                ]
                yield Select(options, value=CLAIM, allow_blank=False, id="cite-kind")
            with Vertical(id="cite-relation"):
                yield Label("Target of the relation")
                yield DossierPicker(
                    self.choices, self.named, placeholder="the other dossier…", id="cite-target"
                )
            with Vertical(id="cite-claim"):
                yield Label("Claim (your words; the quote is the evidence)")
                yield Input(self.quote, id="cite-text")
                with Horizontal(classes="cite-row"):
                    yield Checkbox("Disputed", id="cite-disputed")
                    yield Input(
                        placeholder="note: what the disagreement or misspelling is", id="cite-note"
                    )
            yield Static(id="cite-error")

    def on_mount(self) -> None:
        self.query_one("#cite-relation").display = False
        self.query_one("#cite-dossier", DossierPicker).focus_input()

    def on_select_changed(self, event: Select.Changed) -> None:
        relation = event.value != CLAIM
        self.query_one("#cite-relation").display = relation
        self.query_one("#cite-claim").display = not relation

    def on_dossier_picker_changed(self, event: DossierPicker.Changed) -> None:
        """Remember the dossier file as it is when picked, to tell later whether it changed
        meanwhile."""
        if event.picker.id == "cite-dossier" and event.dossier_id:
            try:
                self._since = self.writer.snapshot(event.dossier_id)
            except DossierError:
                self._since = None

    def action_save(self) -> None:
        dossier_id = self.query_one("#cite-dossier", DossierPicker).value
        if dossier_id is None:
            self.show_error("Pick a dossier first")
            return
        kind = self.query_one("#cite-kind", Select).value
        if kind == CLAIM:
            self._write_claim(
                dossier_id,
                keeping.NewClaim(
                    self.query_one("#cite-text", Input).value,
                    self.article.id,
                    self.quote,
                    self.query_one("#cite-disputed", Checkbox).value,
                    self.query_one("#cite-note", Input).value,
                ),
            )
        else:
            target = self.query_one("#cite-target", DossierPicker).value
            if target is None:
                self.show_error("Pick the target of the relation")
                return
            self._write_relation(
                dossier_id, keeping.NewRelation(str(kind), target, self.article.id, self.quote)
            )

    @work(thread=True, exclusive=True, exit_on_error=False, group=WRITE_GROUP)
    def _write_claim(self, dossier_id: str, claim: keeping.NewClaim) -> keeping.WriteResult:
        return self.writer.add_claim(dossier_id, claim, since=self._since)

    @work(thread=True, exclusive=True, exit_on_error=False, group=WRITE_GROUP)
    def _write_relation(
        self, dossier_id: str, relation: keeping.NewRelation
    ) -> keeping.WriteResult:
        return self.writer.add_relation(dossier_id, relation, since=self._since)
