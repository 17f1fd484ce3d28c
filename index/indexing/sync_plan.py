"""What one sync will do to the articles: the files to (re)load, the ids to remove, their new
states."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dossier.index.corpus.article import file_id
from dossier.index.corpus.articles import FileEntry
from dossier.index.corpus.formats import gives_many
from dossier.index.indexing.article_feed import FileOutcome
from dossier.index.indexing.manifest import FileState
from dossier.index.indexing.sync_report import SyncReport
from dossier.index.problems import Problem


@dataclass
class SyncPlan:
    """The articles' part of a sync, as :meth:`IndexStore._plan_articles` lays it out."""

    changed: list[tuple[Path, str, FileState | None]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    states: dict[str, FileState] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: When the corpus has mailboxes: the ids of the files that give one article, which a message
    #: never takes.
    claimed: frozenset[str] = frozenset()

    def settle_mailboxes(self, files: list[FileEntry], report: SyncReport) -> None:
        """A mailbox ``x.mbox`` gives ids ``x/1``, ``x/2``…, which a file ``x/1.txt`` can take:
        record the ids messages must leave to files, and re-read the unchanged mailboxes ``x`` when
        a file ``x/…`` was added, changed or removed (a message gives way to it, or takes its id
        back)."""
        mailboxes = {file_id(file.rel): file for file in files if gives_many(file.rel)}
        if not mailboxes:
            return
        self.claimed = frozenset(file_id(file.rel) for file in files if not gives_many(file.rel))
        touched = {file_id(rel).rpartition("/")[0] for _, rel, _ in self.changed}
        touched.update(doc_id.rpartition("/")[0] for doc_id in self.removed)
        planned = {rel for _, rel, _ in self.changed}
        for box_id in sorted(touched & mailboxes.keys()):
            box = mailboxes[box_id]
            state = self.states.get(box.rel)
            if state is not None and box.rel not in planned:
                self.changed.append((Path(box.path), box.rel, state))
                report.updated += 1

    def record(
        self, path: Path, rel: str, old: FileState | None, outcome: FileOutcome, report: SyncReport
    ) -> None:
        """Keep in the file's new state what indexing it gave (a file that gave no article is
        skipped)."""
        state = self.states[rel]
        state.problems, state.indexed, state.meta = (
            outcome.problems,
            bool(outcome.ids),
            outcome.meta,
        )
        state.ids = outcome.ids if outcome.ids != [file_id(rel)] else []
        if not outcome.ids:
            self.not_loaded(path, rel, old, report)

    def not_loaded(self, path: Path, rel: str, old: FileState | None, report: SyncReport) -> None:
        """A planned file that did not load is skipped, not added or updated; one that vanished
        since the listing is forgotten (reported once, not kept in the manifest)."""
        if old is None:
            report.added -= 1
        else:
            report.updated -= 1
            report.removed += old.indexed
        if not path.exists():
            del self.states[rel]
            self.problems.append(Problem.whole_file(path, "vanished while indexing, skipped"))
