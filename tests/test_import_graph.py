"""No import circle in the core: every import in index/ counted, those under ``if TYPE_CHECKING:``
and those inside functions included (import-linter leaves out neither, but cannot say "no cycle at
all")."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
INDEX = PROJECT / "index"
PACKAGE = "dossier.index"


def module_names() -> dict[str, Path]:
    """Every module of the core by its dotted name (a package by its own, for its ``__init__``)."""
    names = {}
    for path in INDEX.rglob("*.py"):
        parts = path.relative_to(INDEX).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join((PACKAGE, *parts))] = path
    return names


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The core's modules that module ``name`` (at ``path``) imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {module for module in found if module in known and module != name}


def circle(graph: dict[str, set[str]]) -> list[str]:
    """An import circle in ``graph`` (its modules in order, the first again at the end), or [] if
    none."""
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        return list(error.args[1])
    return []


def test_the_cycle_finder_finds_a_cycle() -> None:
    found = circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})
    assert len(found) == 4 and found[0] == found[-1] and set(found) == {"a", "b", "c"}
    assert circle({"a": {"b"}, "b": set(), "d": {"a", "b"}}) == []


def test_typing_only_and_relative_imports_count(tmp_path: Path) -> None:
    module = tmp_path / "views" / "a.py"
    module.parent.mkdir()
    module.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import Thing\n"
        "def f():\n    from dossier.index.views import c\n"
    )
    known = {"dossier.index.views.a", "dossier.index.views.b", "dossier.index.views.c"}
    assert imported("dossier.index.views.a", module, known) == known - {"dossier.index.views.a"}


def test_no_import_circle_in_the_core() -> None:
    names = module_names()
    graph = {name: imported(name, path, set(names)) for name, path in names.items()}
    assert circle(graph) == []
