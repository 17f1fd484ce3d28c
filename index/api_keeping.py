"""``api.keeping``: what the UI may use to keep the dossiers: the writer and what it writes, the
checker and the corpus watcher. Each comes on first use (a search needs none of them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dossier.index.first_use import on_first_use

if TYPE_CHECKING:  # (exported through _ON_FIRST_USE, which ruff does not read: hence the noqa)
    from dossier.index.corpus.watch import watch_corpus  # noqa: F401
    from dossier.index.dossiers.check import check_corpus, summary_line  # noqa: F401
    from dossier.index.dossiers.writer import (  # noqa: F401
        DossierWriter,
        FileSnapshot,
        NewClaim,
        NewRelation,
        WriteResult,
        derive_id,
    )

#: name -> (module under dossier.index, name there).
_ON_FIRST_USE: dict[str, tuple[str, str]] = {
    **{name: ("dossiers.check", name) for name in ("check_corpus", "summary_line")},
    "watch_corpus": ("corpus.watch", "watch_corpus"),
    **{
        name: ("dossiers.writer", name)
        for name in (
            "DossierWriter",
            "FileSnapshot",
            "NewClaim",
            "NewRelation",
            "WriteResult",
            "derive_id",
        )
    },
}

if not TYPE_CHECKING:  # (so that mypy reads the names above, and no others)
    __getattr__ = on_first_use(__name__, _ON_FIRST_USE)

__all__ = [*_ON_FIRST_USE]
