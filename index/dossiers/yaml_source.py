"""Reading YAML the safe way, remembering where every node sits, so problems can say
``path:line:col``.

Shared by the dossier loader and the article metadata file: both report a problem at the node it
concerns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dossier.index.corpus.bounded_read import read_head
from dossier.index.problems import Problem

#: The largest YAML file read (bytes): a dossier is a few KB; a 10 MB one made every search take
#: seconds.
MAX_YAML_BYTES = 1024 * 1024

#: A path into a YAML document, as pydantic reports it: ``("relations", 2, "target")``.
Loc = tuple[str | int, ...]


@dataclass(frozen=True, eq=False)
class Locations:
    """1-based (line, column) of the YAML nodes of one file, by loc: values, and the keys naming
    them.

    Where nodes sit is not part of a value: all Locations compare equal, so models holding one
    compare by their fields only.
    """

    values: dict[Loc, tuple[int, int]]
    keys: dict[Loc, tuple[int, int]]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Locations)

    __hash__ = None  # type: ignore[assignment]

    def at(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Where the node at ``loc`` (its key, with ``key``) starts, else where its deepest ancestor
        does."""
        if key and loc in self.keys:
            return self.keys[loc]
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.values:
                return self.values[loc[:end]]
        return 1, 1


def loc_text(loc: Loc) -> str:
    """``("relations", 2, "target")`` -> ``relations[2].target``."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")


@dataclass(frozen=True)
class YamlDocument:
    """What reading one YAML file gave: its value (None when unusable), node locations and
    problems."""

    path: Path
    data: Any
    locations: Locations
    problems: list[Problem]

    def problem_at(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        """A problem at the node of ``loc``: ``path:line:col: relations[1].quote: <message>``."""
        return Problem(
            self.path,
            *self.locations.at(loc, key=key),
            f"{loc_text(loc)}: {message}" if loc else message,
        )


class _Loader(yaml.CSafeLoader):
    """The safe loader, in C (libyaml: 5x faster than pure Python here), with YAML 1.2 scalars:
    dates stay text, only true/false are booleans (``no`` is Norway)."""


_BOOL, _TIMESTAMP = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL, _TIMESTAMP)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _position(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _map_nodes(root: yaml.Node) -> tuple[Locations, list[tuple[tuple[int, int], str]]]:
    """Locations of every node under ``root``, and the duplicate keys found (where, key)."""
    locations, duplicates, seen = Locations({}, {}), [], set()

    def walk(node: yaml.Node, loc: Loc) -> None:
        locations.values[loc] = _position(node.start_mark)
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*loc, index))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*loc, key.value) if isinstance(key, yaml.ScalarNode) else (*loc, "?")
                if child in locations.keys:
                    duplicates.append((_position(key.start_mark), str(key.value)))
                locations.keys[child] = _position(key.start_mark)
                walk(value, child)

    walk(root, ())
    return locations, duplicates


def _read(path: Path) -> tuple[str | None, list[Problem]]:
    try:
        raw, size = read_head(path, MAX_YAML_BYTES)
    except OSError as error:
        return None, [Problem.whole_file(path, f"unreadable: {error.strerror or error}")]
    if len(raw) > MAX_YAML_BYTES:
        return None, [
            Problem.whole_file(
                path,
                f"{size / 1024 / 1024:.1f} MB: over the {MAX_YAML_BYTES // 1024} KB "
                "limit for a YAML file, skipped",
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(path, line, 1, f"not valid UTF-8 (byte {error.start})")]
    return (text, []) if text.strip() else (None, [Problem.whole_file(path, "empty file")])


def parse_yaml(path: Path, text: str, first_line: int = 1) -> YamlDocument:
    """Parse ``text`` (read from ``path``, starting at its line ``first_line``): the document's
    value and node locations; problems: syntax errors, duplicate keys, no content."""
    shift = first_line - 1

    def problem(line: int, col: int, message: str) -> Problem:
        return Problem(path, line + shift, col, message)

    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return YamlDocument(path, None, Locations({}, {}), [problem(1, 1, "empty file")])
            locations, duplicates = _map_nodes(node)
            if shift:
                locations = Locations(
                    {k: (line + shift, col) for k, (line, col) in locations.values.items()},
                    {k: (line + shift, col) for k, (line, col) in locations.keys.items()},
                )
            problems = [problem(*where, f"duplicate key {key!r}") for where, key in duplicates]
            return YamlDocument(path, loader.construct_document(node), locations, problems)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        where = _position(error.problem_mark or error.context_mark)
        return YamlDocument(
            path, None, Locations({}, {}), [problem(*where, f"YAML syntax error: {error.problem}")]
        )
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        col = error.position - text.rfind("\n", 0, error.position)
        message = f"YAML syntax error: {error.reason} (U+{error.character:04X})"
        return YamlDocument(path, None, Locations({}, {}), [problem(line, col, message)])


def load_yaml(path: Path) -> YamlDocument:
    """Read and parse one YAML file; problems are returned, never raised."""
    text, problems = _read(path)
    if text is None:
        return YamlDocument(path, None, Locations({}, {}), problems)
    return parse_yaml(path, text)
