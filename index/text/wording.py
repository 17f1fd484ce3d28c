"""Small pieces of English shared by every surface."""

from __future__ import annotations


def plural(count: int, noun: str, suffix: str = "s") -> str:
    """``3 results``, ``1 match``, ``2 matches`` (pass the suffix for irregular ones)."""
    return f"{count} {noun}{'' if count == 1 else suffix}"
