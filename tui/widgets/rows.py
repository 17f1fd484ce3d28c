"""A list row with a tail (a count, a date) that stays on the row's first line, right-aligned,
instead of wrapping onto a line of its own where it would look like another item."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text


def row_with_tail(main: Text, tail: Text, *, cut: bool = False) -> Table:
    """``main`` (wrapped, or cut with an ellipsis when ``cut``), then ``tail`` in a column of its
    own."""
    grid = Table.grid(expand=True)
    grid.add_column(ratio=1, no_wrap=cut, overflow="ellipsis" if cut else "fold")
    grid.add_column(no_wrap=True, justify="right")
    grid.add_row(main, tail)
    return grid
