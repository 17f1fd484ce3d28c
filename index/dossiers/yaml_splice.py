"""Splicing a new list item into a YAML file as text, so every byte outside the insertion stays as
it was.

The file is composed with ruamel.yaml (round-trip composer: every node keeps its position), the new
item is rendered by ruamel.yaml in the layout of the file's own lists (dash column, content column)
and inserted right after the last item of its list; a missing or empty list gets one. Comments, key
order, quoting, blank lines, line endings and a byte-order mark are kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dossier.index.errors import DossierWriteError

_BOM = "\ufeff"


def dump(data: Any, *, dash: int, content: int) -> str:
    """``data`` as block YAML with sequence dashes at column ``dash`` and items at ``content``."""
    yaml = YAML()
    yaml.width = 1 << 30  # never fold a long quote over several lines
    yaml.indent(mapping=2, sequence=content, offset=dash)
    out: list[str] = []

    class _Sink:
        def write(self, chunk: str | bytes) -> None:
            out.append(chunk.decode("utf-8") if isinstance(chunk, bytes) else chunk)

    yaml.dump(data, _Sink())
    return "".join(out)


def splice(path: Path, raw: bytes, key: str, item: dict[str, Any]) -> tuple[str, int]:
    """The file's text with ``item`` appended to its top-level list ``key``, and the 1-based line
    where the item starts. Everything outside the inserted text is the original text."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DossierWriteError(f"{path} is not valid UTF-8") from error
    bom = _BOM if text.startswith(_BOM) else ""
    body = text[len(bom) :]
    newline = "\r\n" if "\r\n" in body else "\n"
    try:
        root = YAML().compose(body)
    except YAMLError as error:
        raise DossierWriteError(
            f"{path}: YAML the writer cannot read: {str(error).splitlines()[0]}"
        ) from error
    if not isinstance(root, MappingNode):
        raise DossierWriteError(f"{path}: the top level is not a mapping")
    value = next((v for k, v in root.value if isinstance(k, ScalarNode) and k.value == key), None)
    if isinstance(value, SequenceNode) and value.value and not value.flow_style:
        dash, content = _layout(body, value.value[-1])
        at = _end_of_line(body, _end_of(body, value.value[-1]))
        block = dump({key: [item]}, dash=dash, content=content).split("\n", 1)[1]
    elif value is None:
        dash, content = _file_layout(body, root)
        at = len(body)
        block = dump({key: [item]}, dash=dash, content=content)
    elif _is_empty(value):
        dash, content = _file_layout(body, root)
        head = body[: value.start_mark.index].rstrip(" ")
        body = head + body[value.end_mark.index :]
        at = _end_of_line(body, len(head))
        block = dump({key: [item]}, dash=dash, content=content).split("\n", 1)[1]
    else:
        raise DossierWriteError(
            f"{path}: '{key}' is not a block list (written inline?); add this one by hand"
        )
    if at > 0 and not body[:at].endswith("\n"):
        block = "\n" + block
    item_line = next(
        i for i, text_line in enumerate(block.split("\n")) if text_line.lstrip().startswith("-")
    )
    line = body[:at].count("\n") + 1 + item_line
    return bom + body[:at] + block.replace("\n", newline) + body[at:], line


def _is_empty(node: Node) -> bool:
    """``key:`` with nothing, ``~``, ``null`` or ``[]``."""
    if isinstance(node, SequenceNode):
        return not node.value
    return isinstance(node, ScalarNode) and (node.tag or "").endswith(":null")


def _end_of(text: str, node: Node) -> int:
    """Where the last character of ``node`` (or of its last descendant) is, plus one."""
    while isinstance(node, MappingNode | SequenceNode) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    end = node.end_mark.index
    if isinstance(node, ScalarNode) and node.style in ("|", ">"):
        end = len(
            text[:end].rstrip()
        )  # a block scalar's end mark lies past its trailing blank lines
    return end


def _end_of_line(text: str, offset: int) -> int:
    """The offset just after the line break ending the line that holds ``offset`` (or the end of
    text)."""
    if offset > 0 and text[offset - 1] == "\n":
        return offset
    found = text.find("\n", offset)
    return len(text) if found < 0 else found + 1


def _layout(text: str, item: Node) -> tuple[int, int]:
    """(dash column, content column) of a block sequence item, as written."""
    start = item.start_mark.index
    dash = text.rfind("-", 0, start)
    dash_column = dash - (text.rfind("\n", 0, dash) + 1)
    content_column = (
        item.start_mark.column
        if item.start_mark.line == text.count("\n", 0, dash)
        else dash_column + 2
    )
    return dash_column, max(content_column, dash_column + 2)


def _file_layout(text: str, root: MappingNode) -> tuple[int, int]:
    """The layout of the file's first block list of mappings (else of any block list, else ``-
    ``)."""
    lists = [
        v for _, v in root.value if isinstance(v, SequenceNode) and v.value and not v.flow_style
    ]
    lists.sort(key=lambda v: not isinstance(v.value[0], MappingNode))
    return _layout(text, lists[0].value[0]) if lists else (0, 2)
