"""What the ``dossier`` command imports before it does anything: building the parser imports none of
the core (so ``dossier --help`` and a usage error start fast), and a search imports neither Textual
nor the analyst views."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from dossier.index import api
from dossier.tui import cli, cli_commands

#: Modules the parser must not pull in: the app's toolkit, the search engine, the schema library,
#: the core.
_NOT_FOR_THE_PARSER = ("textual", "rich", "whoosh", "pydantic", "yaml", "dossier.index")


def _imported_after(code: str, cwd: Path) -> set[str]:
    """The top-level and ``dossier.*`` modules a fresh interpreter holds after running ``code``."""
    probe = (
        f"import json, sys\ntry:\n    {code}\nexcept SystemExit:\n    pass\n"
        "sys.stdout.flush()\nprint('\\n' + json.dumps(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=cwd, capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def _loaded(modules: set[str], prefix: str) -> list[str]:
    """The first few modules of ``modules`` that are ``prefix`` or under it."""
    return sorted(m for m in modules if m == prefix or m.startswith(f"{prefix}."))[:5]


def test_building_the_parser_imports_none_of_the_core(project_root: Path) -> None:
    modules = _imported_after(
        "import dossier.tui.cli; dossier.tui.cli.build_parser()", project_root
    )
    for name in _NOT_FOR_THE_PARSER:
        assert not _loaded(modules, name), f"building the parser imported {_loaded(modules, name)}"


def test_help_and_usage_errors_import_none_of_the_core(project_root: Path) -> None:
    for argv in (["--help"], ["search", "--help"], ["new", "planet", "X"], ["frobnicate"]):
        code = f"from dossier.tui.cli import main; main({argv!r})"
        modules = _imported_after(code, project_root)
        for name in _NOT_FOR_THE_PARSER:
            assert not _loaded(modules, name), f"{argv} imported {_loaded(modules, name)}"


def test_search_imports_no_views_and_no_textual(project_root: Path) -> None:
    code = f"from dossier.tui.cli import main; main(['search', 'Khasan', '--corpus', {str(project_root)!r}])"
    modules = _imported_after(code, project_root)
    assert "dossier.index.search.engine" in modules  # it did search
    for name in (
        "textual",
        "dossier.tui.app",
        "dossier.index.views",
        "dossier.index.dossiers.writer",
    ):
        assert not _loaded(modules, name), f"a search imported {_loaded(modules, name)}"


def test_the_parsers_names_are_the_cores() -> None:
    """The parser writes out what it names of the core (so that it need not import it): the same
    values."""
    assert cli.CORPUS_ENV == api.schema.CORPUS_ENV
    assert cli.TYPES == api.schema.TYPES
    assert cli.FORMATS == api.views.FORMATS


def test_help_lists_every_command_and_the_choices(capsys, run) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in (
        "search",
        "index",
        "show",
        "check",
        "new",
        "cite",
        "undo",
        "export",
        "unlinked",
    ):
        assert command in out
    code, out, _ = run(capsys, "new", "--help")
    assert code == 0 and "one of person, organization, place, event" in out
    code, out, _ = run(capsys, "export", "--help")
    assert code == 0 and "{markdown,json,ftm}" in out


def test_every_command_of_the_parser_has_a_handler() -> None:
    commands = next(
        action for action in cli.build_parser()._actions if action.dest == "command"
    ).choices
    assert commands is not None and set(commands) == set(cli_commands.HANDLERS)
