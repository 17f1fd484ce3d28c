"""The one family of errors the core raises: each carries a one-line message a user can act on."""

from __future__ import annotations


class DossierError(Exception):
    """Base of every error the core raises on purpose; ``str(error)`` is one line meant for the
    user."""


class IndexUnavailable(DossierError):
    """The index cannot be opened, built or used (missing, damaged, unwritable, or not opened
    yet)."""


class IndexDamaged(IndexUnavailable):
    """The index's files could not be read (a damaged or truncated segment): the one error that
    makes a reader rebuild the index. Raised only where Whoosh's own errors are translated
    (``index.search.whoosh_raw.reading``); a bug in dossier's code is never taken for it."""

    def __init__(self, message: str, cause: Exception | None = None) -> None:
        super().__init__(message)
        #: The failure as Whoosh (or zlib, struct, pickle…) raised it.
        self.cause: Exception = cause or self


class IndexingFailed(DossierError):
    """Building or updating the index failed (for example in the child process that does it)."""


class IndexBusy(DossierError):
    """Another process holds the index's write lock."""


class DossierWriteError(DossierError):
    """A dossier could not be written (it changed on disk, the target is invalid, or the write
    failed)."""


class SearchCancelled(DossierError):
    """A search was abandoned because a newer one made it stale."""
