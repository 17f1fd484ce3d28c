"""What one sync will do to the articles: the files to (re)load, the ids to remove, their new states."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dossier.index.corpus.articles import file_id
from dossier.index.problems import Problem
from dossier.index.search.article_feed import FileOutcome
from dossier.index.search.manifest import FileState
from dossier.index.search.sync_report import SyncReport


@dataclass
class SyncPlan:
    """The articles' part of a sync, as :meth:`IndexStore._plan_articles` lays it out."""

    changed: list[tuple[Path, str, FileState | None]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    states: dict[str, FileState] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def record(self, path: Path, rel: str, old: FileState | None, outcome: FileOutcome, report: SyncReport) -> None:
        """Keep in the file's new state what indexing it gave (a file that gave no article is skipped)."""
        state = self.states[rel]
        state.problems, state.indexed, state.meta = outcome.problems, bool(outcome.ids), outcome.meta
        state.ids = outcome.ids if outcome.ids != [file_id(rel)] else []
        if not outcome.ids:
            self.not_loaded(path, rel, old, report)

    def not_loaded(self, path: Path, rel: str, old: FileState | None, report: SyncReport) -> None:
        """A planned file that did not load is skipped, not added or updated; one that vanished since the
        listing is forgotten (reported once, not kept in the manifest)."""
        if old is None:
            report.added -= 1
        else:
            report.updated -= 1
            report.removed += old.indexed
        if not path.exists():
            del self.states[rel]
            self.problems.append(Problem.whole_file(path, "vanished while indexing, skipped"))
