"""Duplicate articles: exact copies (the same text once whitespace, case and quotes are normalised)
and near copies (syndicated or re-saved versions with a line or a paragraph changed), grouped.

Near copies are found with MinHash over word shingles, in its one-permutation form: each
:data:`SHINGLE`-word shingle of the folded words is hashed once, the hash picks one of :data:`BINS`
bins by its value, and each bin keeps its smallest hash (16 bits of it are stored). Two articles'
share of equal bins estimates the Jaccard similarity of their shingle sets. Candidates are found
through :data:`BANDS` bands of :data:`ROWS` bins (locality-sensitive hashing: articles sharing a
whole band share a bucket), so a build never compares every pair; a candidate pair joins a group
when its similarity is at least :data:`NEAR`. The threshold and the figures behind it:
docs/search.md ("Duplicates").

The sketches are kept in the index folder (:data:`SKETCHES`, read and written only by the writer)
and the groups they make in :data:`GROUPS` (small: read by every searcher).
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
import zlib
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import compress, pairwise, repeat
from operator import ne
from pathlib import Path

from dossier.index.atomic import write_atomically
from dossier.index.text.analysis import words

#: Bump when the sketch or the grouping changes: older files are then ignored and the index rebuilt.
#: Shingles are hashed with Python's tuple hash, stable for one Python version, hence the version
#: here.
DUPLICATES_VERSION = f"2-py{sys.version_info[0]}.{sys.version_info[1]}"
SKETCHES = "dossier-sketches.bin"
GROUPS = "dossier-duplicates.json"

SHINGLE = 5
BINS = 128
BANDS, ROWS = 32, 4  # ROWS 16-bit values make a band one 64-bit number: BANDS * ROWS == BINS
#: Estimated Jaccard similarity of two articles' shingles from which they are one story's copies.
NEAR = 0.5
#: Articles with fewer shingles are grouped only as exact copies (a few words say too little).
MIN_SHINGLES = 16
#: A bucket this big is compared star-wise (every member against its first), not pairwise: bounded
#: work.
PAIRWISE_UP_TO = 8
_EMPTY = 0xFFFF
_NO_SHINGLES = array("H", [_EMPTY] * BINS).tobytes()
#: Where each bin's range of (signed 64-bit) hash values starts; the last entry ends the last bin.
_BIN_STARTS = [-(2**63) + b * (2**64 // BINS) for b in range(BINS)] + [2**63]
_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "′": "'",
        "″": '"',
    }
)

Sketch = tuple[str, bytes]  # (exact key, BINS 16-bit minimums)


class _WordCodes(dict[str, int]):
    """A stable 32-bit code per word (CRC-32: Python's own string hash changes from one process to
    the next), worked out once per word and forgotten past :attr:`LIMIT` words."""

    LIMIT = 500_000

    def __missing__(self, word: str) -> int:
        if len(self) >= self.LIMIT:
            self.clear()
        code = self[word] = zlib.crc32(word.encode("utf-8", "surrogatepass"))
        return code


_WORD_CODES = _WordCodes()


def normalised(text: str) -> str:
    """The text as compared for exact copies: NFKC, curly quotes made straight, case folded,
    whitespace runs made one space."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.casefold().split())


def exact_key(text: str) -> str:
    return hashlib.blake2b(
        normalised(text).encode("utf-8", "surrogatepass"), digest_size=8
    ).hexdigest()


def signature(folded_words: list[str]) -> bytes:
    """The one-permutation MinHash of the word shingles: :data:`BINS` 16-bit values (all empty when
    the text has fewer than :data:`MIN_SHINGLES` shingles).

    Each shingle's hash falls in one of :data:`BINS` equal ranges of the hash values (its bin); a
    bin keeps the smallest hash in its range, found by bisecting the sorted hashes: every step per
    shingle runs in C.
    """
    if len(folded_words) - SHINGLE + 1 < MIN_SHINGLES:
        return _NO_SHINGLES
    codes = list(map(_WORD_CODES.__getitem__, folded_words))
    hashes = sorted(map(hash, zip(*(codes[i:] for i in range(SHINGLE)), strict=False)))
    firsts = list(
        map(bisect_left, repeat(hashes), _BIN_STARTS)
    )  # each bin's first hash, or the next bin's
    return array(
        "H", [hashes[at] & 0xFFFF if at < end else _EMPTY for at, end in pairwise(firsts)]
    ).tobytes()


def sketch(text: str, folded_words: list[str]) -> Sketch:
    """An article's exact key and signature. Texts with the same normalised text have the same
    folded words, so the same signature: for a text with shingles, the key is the signature's own
    digest (no second pass over the text: a quarter of the cost of a sketch), and only a shorter
    text's is :func:`exact_key`."""
    sig = signature(folded_words)
    if sig == _NO_SHINGLES:
        return exact_key(text), sig
    return hashlib.blake2b(sig, digest_size=8).hexdigest(), sig


def similarity(a: bytes, b: bytes) -> float:
    """The share of bins two signatures agree on, of those filled in either (0.0 if neither has
    any)."""
    va, vb = array("H", a), array("H", b)
    filled = equal = 0
    for x, y in zip(va, vb, strict=True):
        if x == _EMPTY and y == _EMPTY:
            continue
        filled += 1
        equal += x == y
    return equal / filled if filled else 0.0


#: A band of four empty bins (texts with few shingles): not evidence of copying.
_EMPTY_BAND = int.from_bytes(bytes([0xFF]) * ROWS * 2, "little")


def _candidates(sigs: list[bytes]) -> Iterator[list[int]]:
    """Lists of positions in ``sigs`` sharing a band (a bucket of :meth:`Sketches.groups`), found a
    band at a time with C-level steps only (a dictionary of each value's last position, and where
    that is not the position itself): Python looks only at the texts that share a band."""
    table = array(
        "Q", b"".join(sigs)
    )  # one 64-bit number per band (ROWS 16-bit values), BANDS per text
    positions = range(len(sigs))
    for band in range(BANDS):
        column = table[band::BANDS]
        last = dict(zip(column, positions, strict=True))
        if len(last) == len(column):
            continue
        lasts = list(map(last.__getitem__, column))
        buckets: dict[int, list[int]] = {}
        for at in compress(
            positions, map(ne, lasts, positions)
        ):  # an earlier text with the same band
            if column[at] != _EMPTY_BAND:
                buckets.setdefault(lasts[at], [lasts[at]]).append(at)
        yield from buckets.values()


class _Components:
    """Union-find over article ids: which copies are connected."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent.setdefault(ra, ra)
            self.parent.setdefault(rb, rb)
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for article_id in self.parent:
            found[self.find(article_id)].append(article_id)
        return sorted(sorted(group) for group in found.values() if len(group) > 1)


class Sketches:
    """Every indexed article's sketch, updated as articles change, and the groups they make."""

    #: A sync that changed or removed more articles than this (or a tenth of them) regroups them
    #: all.
    REGROUP_ALL_PAST = 1000

    def __init__(self, entries: dict[str, Sketch] | None = None) -> None:
        self.entries: dict[str, Sketch] = entries or {}
        self.loaded = False  # read from a writer's file: what changed since is known
        self._changed: set[str] = set()
        self._removed: set[str] = set()

    def put(self, article_id: str, value: Sketch) -> None:
        self.entries[article_id] = value
        self._changed.add(article_id)

    def keep_only(self, ids: set[str]) -> None:
        """Forget the articles no longer indexed."""
        for gone in self.entries.keys() - ids:
            del self.entries[gone]
            self._removed.add(gone)

    def groups(self) -> list[list[str]]:
        """Groups of two or more copies, each sorted by id, sorted by their first id. Linear in the
        articles (a dictionary of exact keys, each band's values matched in C), plus the candidates
        a shared band yields."""
        components = _Components()
        self._link(list(self.entries), components)
        return components.groups()

    def regrouped(self, before: dict[str, tuple[str, ...]]) -> list[list[str]]:
        """The groups, from those ``before`` this sync's changes: a group none of whose members
        changed or went stays; the members of the others and the changed articles are linked anew,
        among themselves and, a changed article, with every other article (its bands looked up in
        each band's column of values)."""
        touched = self._changed | self._removed
        hit = {before[i] for i in touched if i in before}
        components = _Components()
        for group in set(before.values()) - hit:
            for other in group[1:]:
                components.union(group[0], other)
        changed = sorted(i for i in self._changed if i in self.entries)
        survivors = sorted({i for group in hit for i in group if i in self.entries} | set(changed))
        self._link(survivors, components)
        self._link_to_all(changed, components)
        return components.groups()

    def _link(self, ids: list[str], components: _Components) -> None:
        """Connect the copies among ``ids``: same exact key, or a shared band and a similar
        signature."""
        by_text: dict[str, list[str]] = defaultdict(list)
        for article_id in sorted(ids):
            by_text[self.entries[article_id][0]].append(article_id)
        for same in by_text.values():
            for other in same[1:]:
                components.union(same[0], other)
        reps = [same[0] for same in by_text.values() if self.entries[same[0]][1] != _NO_SHINGLES]
        checked: set[tuple[str, str]] = set()
        for positions in _candidates(
            [self.entries[rep][1] for rep in reps]
        ):  # one text of each exact group
            members = [reps[at] for at in positions]
            pairs = (
                ((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
                if len(members) <= PAIRWISE_UP_TO
                else ((members[0], b) for b in members[1:])
            )
            for pair in pairs:
                if pair in checked or components.find(pair[0]) == components.find(pair[1]):
                    continue
                checked.add(pair)
                if similarity(self.entries[pair[0]][1], self.entries[pair[1]][1]) >= NEAR:
                    components.union(*pair)

    def _link_to_all(self, changed: list[str], components: _Components) -> None:
        """Connect each changed article with its copies anywhere in the corpus."""
        if not changed:
            return
        order = list(self.entries)
        by_text: dict[str, list[str]] = defaultdict(list)
        for article_id, (key, _) in self.entries.items():
            by_text[key].append(article_id)
        table = array("Q", b"".join(sig for _, sig in self.entries.values()))
        columns = [table[band::BANDS].tobytes() for band in range(BANDS)]
        for article_id in changed:
            key, sig = self.entries[article_id]
            for other in by_text[key]:
                components.union(article_id, other)
            for column, band in zip(
                columns, array("Q", sig) if sig != _NO_SHINGLES else (), strict=False
            ):
                if band == _EMPTY_BAND:
                    continue
                value = array("Q", [band]).tobytes()
                at = column.find(value)
                while at != -1:
                    if (
                        at % 8 == 0
                        and (other := order[at // 8]) != article_id
                        and components.find(other) != components.find(article_id)
                        and similarity(sig, self.entries[other][1]) >= NEAR
                    ):
                        components.union(article_id, other)
                    at = column.find(value, at + 1)

    # -- files ------------------------------------------------------------------------------------

    @classmethod
    def load(cls, folder: Path) -> Sketches:
        """The sketches a writer left in ``folder`` (none when missing, damaged or of another
        version)."""
        try:
            data = (folder / SKETCHES).read_bytes()
            head, _, blob = data.partition(b"\n")
            header = json.loads(head)
            if header.get("version") != DUPLICATES_VERSION:
                return cls()
            ids, keys = header["ids"], header["exact"]
            size = BINS * 2
            if len(blob) != size * len(ids) or len(keys) != len(ids):
                return cls()
            sketches = cls(
                {
                    i: (k, blob[n * size : (n + 1) * size])
                    for n, (i, k) in enumerate(zip(ids, keys, strict=True))
                }
            )
            sketches.loaded = True
            return sketches
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()

    def save_for(
        self, folder: Path, indexed: set[str], body_of: Callable[[str], str | None]
    ) -> list[list[str]]:
        """Keep the sketches of the ``indexed`` articles only, sketch any of them that has none (its
        file was lost: ``body_of`` reads its text from the index), and save."""
        self.keep_only(indexed)
        for article_id in sorted(indexed - self.entries.keys()):
            if (body := body_of(article_id)) is not None:
                self.put(article_id, sketch(body, [word for word, _, _ in words(body)]))
        return self.save(folder)

    def save(self, folder: Path) -> list[list[str]]:
        """Write the sketches and the groups they make (each file atomically); return the groups.
        Only the groups touched by this sync's changes are worked out again, unless it changed very
        many articles."""
        before = _read_groups(folder) if self.loaded else None
        touched = len(self._changed) + len(self._removed)
        if before is None or touched > min(self.REGROUP_ALL_PAST, len(self.entries) // 10 + 1):
            groups = self.groups()
        else:
            groups = self.regrouped(before)
        ids = sorted(self.entries)
        header = {
            "version": DUPLICATES_VERSION,
            "ids": ids,
            "exact": [self.entries[i][0] for i in ids],
        }
        blob = b"".join(self.entries[i][1] for i in ids)
        write_atomically(folder / SKETCHES, json.dumps(header).encode() + b"\n" + blob)
        write_atomically(
            folder / GROUPS, json.dumps({"version": DUPLICATES_VERSION, "groups": groups}).encode()
        )
        return groups


def load_groups(folder: Path) -> dict[str, tuple[str, ...]]:
    """Each grouped article's group (its ids, sorted), as the last sync left them; none when there
    is no file."""
    return _read_groups(folder) or {}


def _read_groups(folder: Path) -> dict[str, tuple[str, ...]] | None:
    """The groups file's groups by member, or None when it is missing, damaged or of another
    version."""
    try:
        data = json.loads((folder / GROUPS).read_text(encoding="utf-8"))
        if data.get("version") != DUPLICATES_VERSION:
            return None
        groups: Iterable[list[str]] = data["groups"]
        return {article_id: tuple(group) for group in groups for article_id in group}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
