"""The one atomic write: a failure at any step leaves the old file whole and no temporary file; the
new content and the rename are fsynced (file, then folder)."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

from dossier.index import atomic
from dossier.index.atomic import staged, write_atomically

PROJECT = Path(__file__).resolve().parent.parent


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_write_replaces_the_content_and_fsyncs_the_file_then_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "notes.json"
    target.write_text("old", encoding="utf-8")
    synced: list[tuple[bool, int]] = []  # (is a folder, inode) of every fsync
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        info = os.fstat(fd)
        synced.append((stat.S_ISDIR(info.st_mode), info.st_ino))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    write_atomically(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓" and listing(tmp_path) == ["notes.json"]
    assert synced == [(False, target.stat().st_ino), (True, tmp_path.stat().st_ino)]


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_failure_mid_write_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "manifest.json"
    target.write_bytes(b"the old, complete content")

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    if failing == "write":  # the temporary file half written when the disk fills
        real_fdopen = os.fdopen

        class HalfWritten:
            def __init__(self, fd: int, mode: str) -> None:
                self.file = real_fdopen(fd, mode)

            def __enter__(self) -> HalfWritten:
                return self

            def __exit__(self, *exc: object) -> None:
                self.file.close()

            def write(self, data: bytes) -> None:
                self.file.write(data[: len(data) // 2])
                self.file.flush()
                disk_full()

        monkeypatch.setattr(os, "fdopen", HalfWritten)
    else:
        monkeypatch.setattr(os, failing, disk_full)
    with pytest.raises(OSError, match="No space left on device"):
        write_atomically(target, b"the new content that never fully lands" * 100)
    assert target.read_bytes() == b"the old, complete content"
    assert listing(tmp_path) == ["manifest.json"]  # no temporary file left behind


def test_a_new_file_gets_its_folders_permissions_and_an_old_one_keeps_its_own(
    tmp_path: Path,
) -> None:
    os.chmod(tmp_path, 0o750)
    fresh = tmp_path / "fresh.txt"
    write_atomically(fresh, "x")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
    kept = tmp_path / "kept.txt"
    kept.write_text("x")
    os.chmod(kept, 0o604)
    write_atomically(kept, "y")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o604 and kept.read_text() == "y"


def test_create_never_clobbers_a_file_that_appeared_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    with staged(target, "mine") as new:
        target.write_text("the editor's", encoding="utf-8")
        with pytest.raises(FileExistsError):
            new.create()
    assert target.read_text(encoding="utf-8") == "the editor's" and listing(tmp_path) == [
        "new.yaml"
    ]


def test_nothing_else_in_the_core_writes_files_its_own_way() -> None:
    """Every write in index/ goes through dossier.index.atomic (the checker's probe in a temporary
    folder and the case file moved aside, a rename, are the two exceptions)."""
    pattern = re.compile(
        r"os\.replace\(|os\.rename\(|mkstemp|NamedTemporaryFile|\.write_text\(|\.write_bytes\(|"
        r"open\([^)]*[\"'][wax]"
    )
    found = {
        f"{path.relative_to(PROJECT)}: {line.strip()}"
        for path in (PROJECT / "index").rglob("*.py")
        if path.name != atomic.__file__.rsplit("/", 1)[-1]
        for line in path.read_text(encoding="utf-8").splitlines()
        if pattern.search(line)
    }
    assert found == {
        'index/dossiers/writer.py: probe.write_text(text, encoding="utf-8", newline="")',
        "index/views/pins.py: os.replace(self.path, aside)",
    }
