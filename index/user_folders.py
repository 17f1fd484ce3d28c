"""The user's folders dossier keeps things in, never inside the corpus: the index cache, the undo
journal (state) and the case file of pins (data), each overridable by an environment variable, and
the private temporary folder used when the cache cannot be written.

| what | default (platformdirs) | override |
|---|---|---|
| indexes | ``user_cache_path("dossier")/indexes`` | ``$DOSSIER_INDEX_ROOT`` |
| undo journal | ``user_state_path("dossier")/undo`` | ``$DOSSIER_STATE_ROOT`` (its root) |
| pins | ``user_data_path("dossier")/pins`` | ``$DOSSIER_DATA_ROOT`` (its root) |
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_cache_path, user_data_path, user_state_path

if TYPE_CHECKING:
    from dossier.index.corpus.articles import Corpus

INDEX_ROOT_ENV = "DOSSIER_INDEX_ROOT"
STATE_ROOT_ENV = "DOSSIER_STATE_ROOT"
DATA_ROOT_ENV = "DOSSIER_DATA_ROOT"
APP = "dossier"
_UNWRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST, errno.ENOSPC}


def _from_env(name: str) -> Path | None:
    env = os.environ.get(name)
    return Path(env).expanduser() if env else None


def index_root() -> Path:
    """``$DOSSIER_INDEX_ROOT`` or the user cache folder's ``indexes``."""
    return _from_env(INDEX_ROOT_ENV) or user_cache_path(APP) / "indexes"


def state_root() -> Path:
    """``$DOSSIER_STATE_ROOT`` or the user state folder (where undo information is kept)."""
    return _from_env(STATE_ROOT_ENV) or user_state_path(APP)


def data_root() -> Path:
    """``$DOSSIER_DATA_ROOT`` or the user data folder (where pins are kept)."""
    return _from_env(DATA_ROOT_ENV) or user_data_path(APP)


def corpus_key(corpus: Corpus) -> str:
    """A folder name for one corpus: its folder's name and a hash of its absolute path."""
    resolved = corpus.root.resolve()
    slug = re.sub(r"[^a-z0-9]+", "-", resolved.name.lower()).strip("-") or "corpus"
    return f"{slug}-{hashlib.sha1(str(resolved).encode()).hexdigest()[:12]}"


def index_dir(corpus: Corpus, root: Path | None = None) -> Path:
    """The index folder of one corpus."""
    return (root or index_root()) / corpus_key(corpus)


def undo_file(corpus: Corpus, root: Path | None = None) -> Path:
    """The undo journal of one corpus's dossier writes (``root``: the state root)."""
    key = hashlib.sha1(str(corpus.root.resolve()).encode()).hexdigest()[:12]
    return (root or state_root()) / "undo" / f"{key}.json"


def pins_file(corpus: Corpus, root: Path | None = None) -> Path:
    """The case file of one corpus (``root``: the data root)."""
    return (root or data_root()) / "pins" / f"{corpus_key(corpus)}.json"


def fallback_root() -> Path:
    """A private temporary index root for when the cache cannot be written:
    ``$TMPDIR/dossier-<uid>``, reused across runs when it is ours alone (an index is unpickled when
    opened: never trust someone else's), else a fresh folder."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    root = Path(tempfile.gettempdir()) / f"dossier-{uid}"
    with contextlib.suppress(FileExistsError):
        root.mkdir(mode=0o700)
    info = root.lstat()
    if stat.S_ISDIR(info.st_mode) and info.st_uid == uid and not info.st_mode & 0o077:
        return root / "indexes"
    return Path(tempfile.mkdtemp(prefix="dossier-")) / "indexes"


def unwritable(error: OSError, folder: Path) -> bool:
    """Whether ``error`` says ``folder`` (or a folder above it) cannot be written: read-only, not
    ours, a file in the way, or full."""
    if error.errno not in _UNWRITABLE or not error.filename:
        return False
    failed = Path(os.fsdecode(error.filename))
    return folder == failed or folder.is_relative_to(failed) or failed.is_relative_to(folder)
