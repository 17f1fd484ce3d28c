"""``dossier.index.api`` is the one door of the UI: a short list of names (the session, the
snapshot, their values, the errors, the wording) and a few namespaces for the rest. What it and its
namespaces export resolves, covers all the UI uses, and what comes on first use is not imported with
it."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from dossier.index import api

TUI = Path(__file__).resolve().parent.parent / "tui"

#: The namespaces of the API: each a module naming what the UI may use of one area.
NAMESPACES = ("keeping", "schema", "strings", "views")


def _namespace(name: str) -> ModuleType:
    module = getattr(api, name)
    assert isinstance(module, ModuleType)
    return module


#: Modules that come with a name on first use (namespaces, writers, checker, exports, maps…).
_LAZY_MODULES = sorted(
    {f"dossier.index.{module}" for module, _ in api._ON_FIRST_USE.values()}
    | {
        f"dossier.index.{module}"
        for name in ("keeping", "views")  # the namespaces on first use
        for module, _ in _namespace(name)._ON_FIRST_USE.values()
    }
)


def _names_the_ui_takes() -> dict[str, str]:
    """Each name the UI takes from the api, as ``name`` (``from dossier.index.api import name``, or
    ``api.name`` where it imports the module) or ``namespace.name`` (``views.Pin``,
    ``api.views.Pin``), with a file that takes it."""
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
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                if node.value.id in as_module:
                    taken.setdefault(node.attr, path.name)
                elif node.value.id in NAMESPACES and node.value.id in taken:
                    taken.setdefault(f"{node.value.id}.{node.attr}", path.name)
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Attribute)
                and isinstance(node.value.value, ast.Name)
                and node.value.value.id in as_module
            ):
                taken.setdefault(f"{node.value.attr}.{node.attr}", path.name)
    return taken


def _exported(name: str) -> bool:
    """``name`` (``x`` or ``namespace.x``) is in the ``__all__`` of the api or of that namespace."""
    namespace, _, attribute = name.rpartition(".")
    if not namespace:
        return name in api.__all__
    return namespace in NAMESPACES and attribute in _namespace(namespace).__all__


def test_every_exported_name_resolves_once() -> None:
    for module in (api, *(_namespace(name) for name in NAMESPACES)):
        exported = module.__all__
        assert len(exported) == len(set(exported)), sorted(
            n for n in exported if exported.count(n) > 1
        )
        assert all(isinstance(name, str) for name in exported)
        missing = [name for name in exported if getattr(module, name, None) is None]
        assert missing == [], module.__name__


def test_the_api_names_the_session_its_values_errors_and_wording_and_the_namespaces() -> None:
    assert len(api.__all__) <= 30, api.__all__  # the rest is in a namespace
    assert {"Session", "Snapshot", "Keeper", "Corpus", "default_corpus", "wording"} <= set(
        api.__all__
    )
    assert {"Results", "Hit", "ArticlePage", "DossierPage", "Mention", "Span"} <= set(api.__all__)
    assert {"DossierError", "SearchCancelled", "UnknownDossier"} <= set(api.__all__)
    assert set(NAMESPACES) <= set(api.__all__)
    assert set(api._ON_FIRST_USE) <= set(api.__all__)
    for helper in (
        "plural",
        "fold",
        "step_between",
        "kind_counts",
        "Pin",
        "DossierWriter",
        "ARTICLE",
    ):
        assert helper not in api.__all__ and not hasattr(api, helper), helper


def test_each_namespace_names_its_area() -> None:
    views, keeping = _namespace("views"), _namespace("keeping")
    strings, schema = _namespace("strings"), _namespace("schema")
    assert {"timeline", "places", "graph", "disagreements", "pins", "unlinked_names"} <= set(
        views.__all__
    )
    assert {"Pin", "PinStore", "Place", "Graph", "TimelineEntry", "write_export"} <= set(
        views.__all__
    )
    assert set(views._ON_FIRST_USE) <= set(views.__all__)
    # the values come on first use
    assert {"write_export", "Place", "PinStore"} <= set(views._ON_FIRST_USE)
    assert {"DossierWriter", "NewClaim", "WriteResult", "check_corpus", "watch_corpus"} <= set(
        keeping.__all__
    )
    assert set(keeping._ON_FIRST_USE) == set(keeping.__all__)
    assert set(strings.__all__) == {"plural", "fold", "safe_text", "sentences", "inverse_label"}
    assert {"ARTICLE", "DOSSIER", "TYPES", "ATTRIBUTES", "RELATION_TYPES", "CORPUS_ENV"} <= set(
        schema.__all__
    )
    assert strings.plural(2, "dossier") == "2 dossiers" and callable(views.timeline)


def test_everything_the_ui_takes_from_the_api_is_exported() -> None:
    taken = _names_the_ui_takes()
    assert (
        len(taken) > 40
    )  # the scan finds the UI's imports (the app, its screens and widgets, the CLI)
    assert {"Snapshot", "views.Graph", "strings.inverse_label", "keeping.DossierWriter"} <= set(
        taken
    )
    assert {"keeping.check_corpus", "views.write_export"} <= set(
        taken
    )  # as api.keeping.…, api.views.…
    assert {name: where for name, where in taken.items() if not _exported(name)} == {}


def test_importing_the_api_leaves_the_names_on_first_use_unimported() -> None:
    probe = (
        "import json, sys; import dossier.index.api as api; "
        f"print(json.dumps([m for m in {_LAZY_MODULES!r} if m in sys.modules])); "
        "api.keeping.DossierWriter; api.views.write_export; "
        f"print(json.dumps([m for m in {_LAZY_MODULES!r} if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    before, after = (json.loads(line) for line in result.stdout.splitlines())
    assert {
        "dossier.index.api_views",
        "dossier.index.api_keeping",
        "dossier.index.dossiers.writer",
        "dossier.index.views.geo",
        "dossier.index.corpus.watch",
    } <= set(_LAZY_MODULES)
    assert before == []
    assert {
        "dossier.index.api_keeping",
        "dossier.index.api_views",
        "dossier.index.dossiers.writer",
        "dossier.index.views.export",
    } <= set(after)  # asked for: imported
    assert (
        "dossier.index.views.geo" not in after
    )  # not asked for: a namespace imports its names lazily


def test_the_api_hands_out_the_session_and_imports_no_whoosh() -> None:
    assert {"Session", "Snapshot", "Keeper", "views"} <= set(api.__all__)
    assert "Workbench" not in api.__all__ and not hasattr(api, "Workbench")
    for module in (api, *(_namespace(name) for name in NAMESPACES)):
        assert module.__file__ is not None
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not {name for name in imported if name.split(".")[0] == "whoosh"}, module.__name__
    assert callable(api.views.timeline) and callable(api.views.disagreements)
