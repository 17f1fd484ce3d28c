"""Type-check index/ and tui/ under the names they install as (dossier.index, dossier.tui).

mypy cannot follow setuptools' package-dir mapping, so it reads the two folders through a temporary
``dossier/`` tree of links; reported paths are mapped back to the repository. Exit status is mypy's.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dossier-typecheck-") as tmp:
        package = Path(tmp) / "dossier"
        package.mkdir()
        for name in ("index", "tui"):
            (package / name).symlink_to(PROJECT / name, target_is_directory=True)
        command = [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(PROJECT / "pyproject.toml"),
            "-p",
            "dossier.index",
            "-p",
            "dossier.tui",
        ]
        result = subprocess.run(command, cwd=tmp, capture_output=True, text=True)
        print(
            (result.stdout + result.stderr)
            .replace("dossier/index/", "index/")
            .replace("dossier/tui/", "tui/"),
            end="",
        )
        return result.returncode


if __name__ == "__main__":
    sys.exit(main())
