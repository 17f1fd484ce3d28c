"""The pages and docstrings name modules that exist: every ``….py`` path in README.md and docs/*.md,
and every dotted ``index.…`` / ``dossier.index.…`` / ``dossier.tui.…`` name in the docstrings and
comments under index/ and tui/."""

from __future__ import annotations

import ast
import importlib
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PAGES = [PROJECT / "README.md", *sorted((PROJECT / "docs").glob("*.md"))]
#: Where a page's relative module path may start: the checkout, or one of the two packages.
ROOTS = (PROJECT, PROJECT / "index", PROJECT / "tui")
#: Folders a bare file name (``store.py``, as the README's layout writes them) may be found in.
SEARCHED = ("index", "tui", "bench", "scripts", "tests")

_PATH = re.compile(r"(?<![\w/.-])((?:[\w-]+/)*[\w-]+\.py)\b")
_DOTTED = re.compile(r"(?<![\w.])((?:dossier\.)?(?:index|tui)(?:\.\w+)+)")


def _exists(path: str) -> bool:
    if "/" in path:
        return any((root / path).is_file() for root in ROOTS)
    return any(next((PROJECT / folder).rglob(path), None) for folder in SEARCHED)


def _page_paths() -> Iterator[tuple[str, str]]:
    for page in PAGES:
        for path in dict.fromkeys(_PATH.findall(page.read_text(encoding="utf-8"))):
            yield page.name, path


def test_every_module_path_in_the_pages_exists() -> None:
    missing = [f"{page}: {path}" for page, path in _page_paths() if not _exists(path)]
    assert not missing, "pages name modules that do not exist:\n" + "\n".join(missing)


def _docstrings(path: Path) -> Iterator[tuple[int, str]]:
    """The docstrings of a module and of its classes and functions, and its comments (``#:`` ones
    document names too), with the line each starts on."""
    source = path.read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                yield first.lineno, str(first.value.value)
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string


def _resolves(dotted: str) -> bool:
    """Whether ``dotted`` (``index.…`` meaning ``dossier.index.…``) is a module, or a name in
    one."""
    parts = dotted.removeprefix("dossier.").split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module("dossier." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


def _docstring_names() -> Iterator[tuple[str, str]]:
    for package in ("index", "tui"):
        for path in sorted((PROJECT / package).rglob("*.py")):
            for line, text in _docstrings(path):
                for dotted in dict.fromkeys(_DOTTED.findall(text)):
                    yield f"{path.relative_to(PROJECT)}:{line}", dotted.rstrip(".")


def test_every_dotted_name_in_the_docstrings_and_comments_exists() -> None:
    missing = [f"{where}: {name}" for where, name in _docstring_names() if not _resolves(name)]
    assert not missing, "docstrings name what does not exist:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("see `index/search/engine.py` and `store.py`", ["index/search/engine.py", "store.py"]),
        ("python bench/relevance.py --misses", ["bench/relevance.py"]),
        ("docs/search.md#duplicates-indexsearchduplicatespy", []),
    ],
)
def test_paths_are_read_off_the_pages(text: str, found: list[str]) -> None:
    assert _PATH.findall(text) == found


def test_the_checks_catch_what_is_gone() -> None:
    assert not _exists("dossier_schema.py") and not _exists("index/relations_graph.py")
    assert _exists("corpus/articles.py") and _exists("analysis.py")
    assert _resolves("index.search.engine.Results") and _resolves("dossier.index.api")
    assert not _resolves("index.query") and not _resolves("index.search.engine.NoSuchName")


def _slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_to_a_section_finds_its_heading() -> None:
    link = re.compile(r"\]\(((?:docs/)?[\w-]+\.md)#([\w-]+)\)")
    broken = []
    for page in PAGES:
        for target, anchor in link.findall(page.read_text(encoding="utf-8")):
            linked = (page.parent / target).resolve()
            headings = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), re.MULTILINE)
            if anchor not in {_slug(h) for h in headings}:
                broken.append(f"{page.name}: {target}#{anchor}")
    assert not broken, "links to sections that do not exist:\n" + "\n".join(broken)
