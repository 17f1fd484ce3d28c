"""The relations view: a dossier's neighbourhood two steps out, as a tree: the dossiers related to
it (both ways, with the relation and its date) or named in the same articles (how often), and theirs
under each."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Static, Tree
from textual.widgets.tree import TreeNode

from dossier.index.api import Snapshot, strings, views
from dossier.tui.messages import OpenDossier
from dossier.tui.screens.view import ViewScreen
from dossier.tui.widgets.results import MARKERS

#: Second-step neighbours listed under one dossier, most connected first (the rest are summed up).
SECOND_STEP_LIMIT = 12
#: Cells before a label in the tree: guides and fold arrow of a first-step row, of a second-step
#: row.
_FIRST_INDENT, _SECOND_INDENT = 6, 10


class NeighbourTree(Tree[str]):
    """The neighbourhood; Enter opens a dossier, ``c`` puts it at the centre, space folds a
    branch."""

    BINDING_GROUP_TITLE = "Relations"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open dossier"),
        Binding("c", "centre", "Centre here"),
        Binding("space", "toggle_node", "Fold/unfold", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def action_open(self) -> None:
        node = self.cursor_node
        if node is not None and node.data:
            self.post_message(OpenDossier(node.data))

    def action_centre(self) -> None:
        node = self.cursor_node
        screen = self.screen
        if node is not None and node.data and isinstance(screen, RelationsScreen):
            screen.centre_on(node.data)


class RelationsScreen(ViewScreen):
    """Relations both ways and co-mentions around one dossier, two steps out."""

    CSS_PATH = "relations.tcss"

    BINDING_GROUP_TITLE = "Relations view"

    def __init__(self, centre: str | None = None) -> None:
        super().__init__()
        self.centre = centre
        #: Each row of the tree, what it shows and the cells before its label: refitted when the
        #: width changes.
        self._rows: list[tuple[TreeNode[str], views.Neighbour, int]] = []

    def compose(self) -> ComposeResult:
        yield Static("Relations", id="view-title")
        tree = NeighbourTree("", id="relations-tree")
        tree.auto_expand = False
        yield tree
        yield Footer()

    def centre_on(self, dossier_id: str) -> None:
        """Walk out from another dossier."""
        self.centre = dossier_id
        if self.is_current:
            self.reload()

    def load(self, snapshot: Snapshot) -> views.Graph:
        return views.graph(snapshot)

    def show(self, data: views.Graph) -> None:
        centre = (
            self.centre
            if self.centre and self.snapshot.dossier(self.centre)
            else self._busiest(data)
        )
        self.centre = centre
        tree = self.query_one(NeighbourTree)
        tree.clear()
        if centre is None:
            tree.root.set_label(Text("No dossiers"))
            return
        tree.root.set_label(self._dossier_label(centre, bold=True))
        tree.root.data = centre
        ring = data.two_steps(centre)
        width = tree.scrollable_content_region.width
        self._rows = []
        for neighbour, further in ring:
            node = tree.root.add(
                self._label(neighbour, width - _FIRST_INDENT), data=neighbour.id, expand=False
            )
            self._rows.append((node, neighbour, _FIRST_INDENT))
            for second in further[:SECOND_STEP_LIMIT]:
                leaf = node.add_leaf(self._label(second, width - _SECOND_INDENT), data=second.id)
                self._rows.append((leaf, second, _SECOND_INDENT))
            if len(further) > SECOND_STEP_LIMIT:
                node.add_leaf(
                    Text(
                        f"… {len(further) - SECOND_STEP_LIMIT} more (c on it to centre there)",
                        "dim",
                    )
                )
        tree.root.expand()
        tree.move_cursor(tree.root)
        tree.focus()
        related = sum(1 for n, _ in ring if n.edges)
        title = Text.assemble(("Relations", "bold"), " of ", self._dossier_label(centre))
        title.append(
            f" — {related} related, {len(ring) - related} only co-mentioned; two steps out"
        )
        self.set_title(title)

    def on_resize(self) -> None:
        """Fit the labels to the new width (and keep the footer compact when narrow)."""
        super().on_resize()
        width = self.query_one(NeighbourTree).scrollable_content_region.width
        for node, neighbour, indent in self._rows:
            node.set_label(self._label(neighbour, width - indent))

    def _busiest(self, graph: views.Graph) -> str | None:
        dossiers = self.snapshot.dossiers
        if not dossiers:
            return None
        return max(dossiers, key=lambda d: (len(graph.neighbours(d.id)), d.id)).id

    def _dossier_label(self, dossier_id: str, bold: bool = False) -> Text:
        dossier = self.snapshot.dossier(dossier_id)
        marker = MARKERS.get(dossier.type, "???") if dossier else "???"
        return Text.assemble(
            (marker, "dim"), " ", (dossier.name if dossier else dossier_id, "bold" if bold else "")
        )

    def _label(self, neighbour: views.Neighbour, width: int) -> Text:
        """The dossier, its relations and co-mentions, fitted to ``width`` cells: relations that do
        not fit are counted ("+2 more"), the co-mentions shortened, and what is still too long cut
        with "…"."""
        text = self._dossier_label(neighbour.id)
        relations = []
        for edge in neighbour.edges:
            relation = edge.relation
            verb = (
                strings.inverse_label(relation.type)
                if edge.incoming
                else relation.type.replace("_", " ")
            )
            arrow = "←" if edge.incoming else "→"
            relations.append(
                f"{arrow} {verb}" + (f" {relation.start_date}" if relation.start_date else "")
            )
        count = neighbour.co_mentions
        mentions = (
            [f"co-mentioned in {strings.plural(count, 'article')}", f"co-mentioned ×{count}"]
            if count
            else [""]
        )
        details = _fit(relations, mentions, max(0, width - text.cell_len - 2))
        if details:
            text.append("  " + details, "dim")
        text.truncate(max(1, width), overflow="ellipsis")
        return text

    def pin_target(self) -> views.Pin | None:
        node = self.query_one(NeighbourTree).cursor_node
        return views.Pin("dossier", node.data) if node is not None and node.data else None


def _fit(relations: list[str], mentions: list[str], width: int) -> str:
    """As many ``relations`` as fit in ``width`` (the rest counted), then the longest form of
    ``mentions`` that fits (the shortest if none does)."""
    for shown in range(len(relations), -1, -1):
        rest = len(relations) - shown
        head = [*relations[:shown], *([f"+{rest} more"] if rest else [])]
        for mention in mentions:
            line = " · ".join([*head, *([mention] if mention else [])])
            if len(line) <= width:
                return line
    head = [f"+{strings.plural(len(relations), 'relation')}"] if relations else []
    return " · ".join([*head, *([mentions[-1]] if mentions[-1] else [])])
