"""Showing each group of copies once: a search keeps the best-ranked copy of each group (its copies
listed in ``Hit.duplicates``) and drops the others; the whole-corpus listing keeps the first copy in
its order."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from dossier.index.search.documents import ARTICLE
from dossier.index.search.engine import Hit, Results

Groups = Mapping[str, tuple[str, ...]]


def with_copies(hit: Hit, groups: Groups) -> Hit:
    """``hit`` with the ids of its copies (none for a dossier or an article without copies)."""
    group = groups.get(hit.id) if hit.kind == ARTICLE else None
    if not group:
        return hit
    return dataclasses.replace(hit, duplicates=tuple(i for i in group if i != hit.id))


def collapsed(results: Results, groups: Groups, limit: int) -> Results:
    """``results`` with each group's best-ranked copy only, at most ``limit`` hits. ``total`` still
    counts every matching copy; ``copies_hidden`` says how many of the hits collected were left out
    as copies."""
    if not groups:
        return dataclasses.replace(results, hits=results.hits[:limit])
    seen: set[tuple[str, ...]] = set()
    hits: list[Hit] = []
    hidden = 0
    for hit in results.hits:
        group = groups.get(hit.id) if hit.kind == ARTICLE else None
        if group:
            if group in seen:
                hidden += 1
                continue
            seen.add(group)
            hit = with_copies(hit, groups)
        hits.append(hit)
        if len(hits) == limit:
            break
    return dataclasses.replace(results, hits=hits, copies_hidden=hidden)


def first_copies(ids: list[str], groups: Groups) -> list[bool]:
    """For a listing's article ids in order, whether each is shown: not a later copy of one listed
    before."""
    seen: set[tuple[str, ...]] = set()
    shown = []
    for article_id in ids:
        group = groups.get(article_id)
        shown.append(group is None or group not in seen)
        if group:
            seen.add(group)
    return shown
