"""``dossier check``: every dossier loaded, then checked against the others and against the
articles."""

from __future__ import annotations

from pathlib import Path

from dossier.index.corpus.articles import Corpus
from dossier.index.corpus.metadata import load_metadata
from dossier.index.corpus.readers import load_file
from dossier.index.dossiers.load import load_dossiers
from dossier.index.dossiers.schema import Claim, Dossier, Relation
from dossier.index.dossiers.support import support_problems
from dossier.index.dossiers.yaml_source import Loc
from dossier.index.problems import Problem
from dossier.index.text.analysis import fold
from dossier.index.text.linking import Linker
from dossier.index.text.wording import plural


class _Articles:
    """The corpus's article ids, with each article's folded text read on first use (None if
    unreadable)."""

    def __init__(self, corpus: Corpus) -> None:
        self._corpus = corpus
        self._paths = corpus.article_paths()
        self._folded: dict[str, str | None] = {}

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._paths or self.folded(article_id) is not None

    def ids(self) -> set[str]:
        """Every article id: the files', and each mailbox's messages' (the mailboxes are read for
        them)."""
        ids = set(self._paths)
        for file_id, path in self._paths.items():
            if path.suffix.lower() == ".mbox":
                ids.update(article.id for article in load_file(path, file_id)[0])
        return ids

    def folded_if_known(self, article_id: str) -> str | None:
        return self.folded(article_id) if article_id in self else None

    def folded(self, article_id: str) -> str | None:
        if article_id not in self._folded:
            article = self._corpus.find_article(article_id, self._paths)
            self._folded[article_id] = fold(article.body) if article else None
        return self._folded[article_id]


def check_corpus(corpus: Corpus) -> tuple[list[Dossier], list[Problem]]:
    """Load every dossier and check references, alias clashes, sources and quotes, and that each
    says only what its sources say (:mod:`dossier.index.dossiers.support`); problems sorted."""
    dossiers, problems = load_dossiers(corpus)
    by_id = {dossier.id: dossier for dossier in dossiers}
    known = {path.stem for path in corpus.dossier_files()}
    articles = _Articles(corpus)
    linker = Linker(dossiers)
    for dossier in dossiers:
        problems += _reference_problems(dossier, by_id, known)
        problems += _evidence_problems(dossier, articles)
        problems += support_problems(dossier, by_id, articles.folded_if_known, linker)
    problems += _alias_clashes(dossiers, corpus.root)
    metadata = load_metadata(corpus.seeds_dir)
    problems += metadata.problems + metadata.unknown_ids(articles.ids())
    return dossiers, sorted(problems)


def _reference_problems(
    dossier: Dossier, by_id: dict[str, Dossier], known: set[str]
) -> list[Problem]:
    """Targets, event place and participants must be dossiers (a broken one on disk is reported
    itself)."""
    references: list[tuple[Loc, str]] = [
        *(
            (("relations", i, "target"), relation.target)
            for i, relation in enumerate(dossier.relations)
        ),
        *((("participants", i), participant) for i, participant in enumerate(dossier.participants)),
    ]
    if dossier.place:
        references.append((("place",), dossier.place))
    problems = [
        dossier.problem_at(loc, f"no dossier {ref!r}")
        for loc, ref in references
        if ref not in known
    ]
    place = by_id.get(dossier.place or "")
    if place and place.type != "place":
        problems.append(
            dossier.problem_at(("place",), f"{place.id!r} is a {place.type}, not a place")
        )
    return problems


def _evidence_problems(dossier: Dossier, articles: _Articles) -> list[Problem]:
    """Each source must be an article of the corpus, and each quote must occur in it (after
    folding)."""
    problems = []
    evidence: list[tuple[Loc, Relation | Claim]] = [
        *((("relations", i), relation) for i, relation in enumerate(dossier.relations)),
        *((("claims", i), claim) for i, claim in enumerate(dossier.claims)),
    ]
    for loc, item in evidence:
        if item.is_outside:
            continue  # see support.py
        if item.source is None:
            if item.quote:
                problems.append(dossier.problem_at((*loc, "quote"), "quote without a source"))
        elif item.source not in articles:
            problems.append(
                dossier.problem_at((*loc, "source"), f"no article {item.source!r} in seeds/")
            )
        elif (text := articles.folded(item.source)) is None:
            problems.append(
                dossier.problem_at((*loc, "source"), f"article {item.source!r} cannot be read")
            )
        elif item.quote and fold(item.quote) not in text:
            problems.append(
                dossier.problem_at((*loc, "quote"), f"not found in article {item.source}")
            )
    return problems


def _alias_clashes(dossiers: list[Dossier], root: Path) -> list[Problem]:
    """A name or alias (folded) of two entities: reported once, on the later file, naming the
    earlier."""
    owners: dict[str, Dossier] = {}
    problems = []
    for dossier in dossiers:
        names: list[tuple[Loc, str]] = [(("name",), dossier.name)]
        names += [(("aliases", i), alias) for i, alias in enumerate(dossier.aliases)]
        reported = set()
        for loc, name in names:
            key = fold(name)
            other = owners.get(key)
            if other and other.id != dossier.id and key not in reported:
                reported.add(key)
                message = f"{name!r} is also a name of {other.id} ({other.path.relative_to(root)})"
                problems.append(dossier.problem_at(loc, message))
        for _, name in names:
            owners.setdefault(fold(name), dossier)
    return problems


def summary_line(dossiers: list[Dossier], problems: list[Problem]) -> str:
    """``42 dossiers, 180 claims, 60 relations: no problems`` (or ``: 3 problems``)."""
    claims = sum(len(dossier.claims) for dossier in dossiers)
    relations = sum(len(dossier.relations) for dossier in dossiers)
    verdict = plural(len(problems), "problem") if problems else "no problems"
    counts = f"{plural(len(dossiers), 'dossier')}, {plural(claims, 'claim')}, {plural(relations, 'relation')}"
    return f"{counts}: {verdict}"
