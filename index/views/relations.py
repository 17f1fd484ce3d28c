"""A dossier's neighbourhood: relations both ways and co-mentions (dossiers named in the same
articles, and how often), one and two steps out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from dossier.index.dossiers.schema import Dossier, Relation


@dataclass(frozen=True)
class Edge:
    """A relation as seen from one end: ``incoming`` when the other dossier holds it."""

    relation: Relation
    incoming: bool


@dataclass(frozen=True)
class Neighbour:
    """A dossier next to another: the relations between them (both ways) and the articles naming
    both."""

    id: str
    edges: tuple[Edge, ...] = ()
    shared_articles: tuple[str, ...] = ()

    @property
    def co_mentions(self) -> int:
        return len(self.shared_articles)


@dataclass
class Graph:
    """Relations of every dossier and which dossiers each article names: enough to walk out from any
    dossier."""

    dossiers: Mapping[str, Dossier]
    article_entities: Mapping[str, frozenset[str]]
    _edges: dict[str, list[tuple[str, Edge]]] = field(default_factory=dict)
    _articles_of: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for dossier in self.dossiers.values():
            for relation in dossier.relations:
                self._edges.setdefault(dossier.id, []).append(
                    (relation.target, Edge(relation, False))
                )
                self._edges.setdefault(relation.target, []).append(
                    (dossier.id, Edge(relation, True))
                )
        for article, entities in self.article_entities.items():
            for entity in entities:
                self._articles_of.setdefault(entity, set()).add(article)

    def neighbours(self, dossier_id: str) -> list[Neighbour]:
        """Every dossier one step away, related ones first (by number of relations), then by
        co-mentions."""
        edges: dict[str, list[Edge]] = {}
        for other, edge in self._edges.get(dossier_id, []):
            if other != dossier_id:
                edges.setdefault(other, []).append(edge)
        shared: Counter[str] = Counter()
        own = self._articles_of.get(dossier_id, set())
        for article in own:
            shared.update(e for e in self.article_entities[article] if e != dossier_id)
        out = []
        for other in set(edges) | set(shared):
            articles = tuple(sorted(own & self._articles_of.get(other, set())))
            out.append(Neighbour(other, tuple(edges.get(other, ())), articles))
        return sorted(out, key=lambda n: (-len(n.edges), -n.co_mentions, self._name(n.id)))

    def two_steps(self, dossier_id: str) -> list[tuple[Neighbour, list[Neighbour]]]:
        """Each neighbour with its own neighbours, leaving out the centre and the first ring."""
        first = self.neighbours(dossier_id)
        near = {dossier_id, *(n.id for n in first)}
        return [(n, [m for m in self.neighbours(n.id) if m.id not in near]) for n in first]

    def _name(self, dossier_id: str) -> str:
        dossier = self.dossiers.get(dossier_id)
        return (dossier.name if dossier else dossier_id).lower()


def build_graph(
    dossiers: Sequence[Dossier], article_entities: Iterable[tuple[str, Iterable[str]]]
) -> Graph:
    """A graph over ``dossiers``; ``article_entities`` gives each article id with the dossiers it
    names."""
    return Graph({d.id: d for d in dossiers}, {a: frozenset(e) for a, e in article_entities})
