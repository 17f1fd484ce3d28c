"""``dossier.index.api`` is the one door of the UI: what it exports resolves, covers all the UI uses, and the
names exported on first use are not imported with it."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from dossier.index import api

TUI = Path(__file__).resolve().parent.parent / "tui"

#: Modules that come with a name of ``api._ON_FIRST_USE`` (writers, checker, exports, maps, pins, watcher, views).
_LAZY_MODULES = sorted({f"dossier.index.{module}" for module, _ in api._ON_FIRST_USE.values()})


def _names_the_ui_takes() -> dict[str, str]:
    """Each name the UI takes from the api (``from dossier.index.api import x``, or ``api.x`` where it imports
    the module), with a file that takes it."""
    taken: dict[str, str] = {}
    for path in sorted(TUI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        as_module = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "dossier.index.api":
                taken.update({alias.name: path.name for alias in node.names})
            elif isinstance(node, ast.ImportFrom) and node.module == "dossier.index":
                as_module |= {
                    alias.asname or alias.name for alias in node.names if alias.name == "api"
                }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in as_module
            ):
                taken.setdefault(node.attr, path.name)
    return taken


def test_every_exported_name_resolves_once() -> None:
    assert len(api.__all__) == len(set(api.__all__)), sorted(
        n for n in api.__all__ if api.__all__.count(n) > 1
    )
    assert all(isinstance(name, str) for name in api.__all__)
    missing = [name for name in api.__all__ if getattr(api, name, None) is None]
    assert missing == []


def test_the_exports_are_the_eager_names_and_those_on_first_use() -> None:
    lazy = set(api._ON_FIRST_USE)
    assert lazy <= set(api.__all__)
    assert {"Snapshot", "Results", "ArticlePage", "UnknownDossier", "inverse_label", "Hit"} <= set(
        api.__all__
    )
    assert {"DossierWriter", "write_export", "Place", "PinStore", "watch_corpus"} <= lazy


def test_everything_the_ui_takes_from_the_api_is_exported() -> None:
    taken = _names_the_ui_takes()
    assert (
        len(taken) > 40
    )  # the scan finds the UI's imports (the app, its screens and widgets, the CLI)
    assert {"Snapshot", "Graph", "inverse_label", "DossierWriter"} <= set(taken)
    assert {name: where for name, where in taken.items() if name not in api.__all__} == {}


def test_importing_the_api_leaves_the_names_on_first_use_unimported() -> None:
    probe = (
        "import json, sys; import dossier.index.api as api; "
        f"print(json.dumps([m for m in {_LAZY_MODULES!r} if m in sys.modules])); "
        "api.DossierWriter; api.write_export; "
        f"print(json.dumps([m for m in {_LAZY_MODULES!r} if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    before, after = (json.loads(line) for line in result.stdout.splitlines())
    assert (
        "dossier.index.dossiers.writer" in _LAZY_MODULES
        and "dossier.index.views.geo" in _LAZY_MODULES
    )
    assert before == []
    assert {"dossier.index.dossiers.writer", "dossier.index.views.export"} <= set(
        after
    )  # asked for: imported


def test_the_api_hands_out_the_session_and_imports_no_whoosh() -> None:
    assert {"Session", "Snapshot", "Keeper", "views"} <= set(api.__all__)
    assert "Workbench" not in api.__all__ and not hasattr(api, "Workbench")
    tree = ast.parse(Path(api.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name.split(".")[0] == "whoosh"}
    assert callable(api.views.timeline) and callable(api.views.disagreements)
