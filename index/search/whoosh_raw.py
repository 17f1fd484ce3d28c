"""Every place dossier reads Whoosh's private structures, in one module: no other module imports a
private name of Whoosh.

Whoosh works a posting at a time in Python; reading its blocks and columns whole is what makes
searching (:mod:`index.search.top_hits`) and writing (:class:`Writer`) fast. These use private parts
of whoosh-reloaded 2.7.5, which ``pyproject.toml`` pins; tests/test_whoosh_raw.py checks the version
and that the writer writes what Whoosh's does, tests/test_top_hits.py that every score is Whoosh's.

Also here: the query classes the block scorer knows as markers (:class:`ScaledTerm`,
:class:`CountedWords`), the positions decoder, and the boundary where Whoosh's failures to read an
index become :class:`~dossier.index.errors.IndexDamaged` (:func:`reading`).
"""

from __future__ import annotations

import functools
import mmap
import os
import pickle
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import accumulate, islice
from pathlib import Path
from typing import Any

import whoosh
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Format, Positions
from whoosh.matching import Matcher, NullMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader, MultiReader, ReaderClosed
from whoosh.searching import Searcher
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

from dossier.index.errors import DossierError, IndexDamaged, SearchCancelled

_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]
#: Postings per pickle in the posting pool's runs: a run being merged holds one chunk in memory.
_RUN_CHUNK = 2000


def field_lengths(perdoc: Any, fieldname: str, doccount: int) -> list[int]:
    """The length of ``fieldname`` in each of a segment's ``doccount`` documents, read from its
    column at once (0 where the field is empty), from the segment's per-document reader."""
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    raw = column._dbfile.get(column._basepos, column._count) if column is not None else b""
    table = _LENGTH_OF_BYTE
    return [table[b] for b in raw] + [0] * (doccount - len(raw))


def segment_field_lengths(reader: IndexReader, fieldname: str) -> list[int]:
    """:func:`field_lengths` of one segment's reader."""
    return field_lengths(reader._perdoc, fieldname, reader.doc_count_all())


def unfiltered_postings(
    reader: IndexReader, fieldname: str, btext: bytes
) -> tuple[Matcher, frozenset[int]]:
    """One term's postings in a segment, with the deleted documents they still hold: a segment with
    deletions wraps its postings in a filter, which reading them a block at a time goes around."""
    matcher = reader.postings(fieldname, btext)
    if isinstance(matcher, FilterMatcher):
        return matcher.child, deleted_docs(reader)
    return matcher, frozenset()


def deleted_docs(reader: IndexReader) -> frozenset[int]:
    """The deleted documents of one segment (by its own numbers)."""
    return frozenset(reader.deleted_docs_set)


def pattern_words(q: wq.MultiTerm, reader: IndexReader) -> list[bytes]:
    """The indexed words a pattern or fuzzy word matches in one segment (Whoosh's own expansion)."""
    return [word for word in q._btexts(reader) if word]


def positions_decoder(format_: Format) -> Callable[[bytes], Iterable[int]]:
    """Positions from a posting's value: Whoosh's own decoding, without its Python loop for the
    usual format (an int, then the pickled gaps between positions, its end mark left off)."""
    if type(format_) is not Positions:
        return format_.decode_positions
    return lambda value: accumulate(
        pickle.loads((value if value.endswith(b".") else value + b".")[_INT_SIZE:])
    )


def blocks(matcher: Any, values: bool) -> Iterator[tuple[Any, Any, Any]]:
    """(ids, weights, values) of each block of a term's postings (values only when asked for); one
    posting at a time for the postings Whoosh keeps inline."""
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            if values:
                matcher._read_values()
            yield matcher._ids, matcher._weights, matcher._values if values else ()
            matcher._next_block()
        return
    ids, weights, vals = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        vals.append(matcher.value() if values else None)
        matcher.next()
    yield ids, weights, vals


#: Fuzzy expansions kept per segment (a search asks for each twice: to score, then to highlight).
_EXPANSIONS_KEPT = 256


def fast_terms_within(reader: Any) -> Callable[[], None]:
    """Make ``reader``'s ``terms_within`` (the words of a fuzzy term, did-you-mean) remember each
    segment's answers, and ask each segment's automaton when it reads several segments: Whoosh's
    ``MultiReader`` works out the edit distance to every word of the field instead (a fuzzy query
    took 2.4 times as long on two segments). Returns what forgets the answers (a search calls it
    first, so each search does its own work)."""
    caches = []
    for leaf, _ in reader.leaf_readers():
        if not hasattr(
            leaf.terms_within, "cache_clear"
        ):  # a refreshed reader reuses unchanged segments' readers
            leaf.terms_within = _remembered(leaf.terms_within)
        caches.append(leaf.terms_within.cache_clear)
    if isinstance(reader, MultiReader):
        reader.terms_within = functools.partial(_terms_within, reader)

    def forget() -> None:
        for clear in caches:
            clear()

    return forget


def _remembered(terms_within: Any) -> Any:
    @functools.lru_cache(maxsize=_EXPANSIONS_KEPT)
    def remembered(fieldname: str, text: str, maxdist: int, prefix: int) -> tuple[str, ...]:
        return tuple(terms_within(fieldname, text, maxdist, prefix))

    def call(fieldname: str, text: str, maxdist: int, prefix: int = 0) -> tuple[str, ...]:
        return remembered(fieldname, text, maxdist, prefix)  # one key, however the prefix is passed

    call.cache_clear = remembered.cache_clear  # type: ignore[attr-defined]
    return call


def _terms_within(
    reader: MultiReader, fieldname: str, text: str, maxdist: int, prefix: int = 0
) -> list[str]:
    found: set[str] = set()
    for leaf, _ in reader.leaf_readers():
        found.update(leaf.terms_within(fieldname, text, maxdist, prefix))
    return sorted(found)


class MappedStorage(FileStorage):
    """Whoosh's folder storage, reading each index file through a memory map: a segment kept as
    separate files (the store asks :class:`Writer` for ``compound=False``) then reads its term
    dictionary and postings as slices of memory, as a compound segment would, without the copy of
    the whole file Whoosh makes for those."""

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        with open(self._fpath(name), "rb") as file:
            if os.fstat(file.fileno()).st_size == 0:  # an empty file cannot be mapped
                return super().open_file(name, **kwargs)
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        return _MappedFile(mapped, name=name, **kwargs)


class _MappedFile(StructFile):
    """A StructFile over a memory map: ``get`` is a slice, not a seek and a read."""

    def get(self, position: int, length: int) -> bytes:
        return self.file[position : position + length]


class Writer(SegmentWriter):
    """Whoosh's writer, with two costs of a build taken out: when it writes the postings of a new
    segment it looks each document's field length up in a list read once, where Whoosh reads it from
    the column file for every posting; and the sorted runs its posting pool spills to disk are
    pickled a few thousand postings at a time, where Whoosh pickles each posting (together, 30 % of
    a build's time)."""

    def __init__(self, index: Any, limitmb: float, **kwargs: Any) -> None:
        super().__init__(index, limitmb=limitmb, **kwargs)
        pool = self.pool  # type: ignore[has-type]  # Whoosh has no annotations
        self.pool = _ChunkedPool(pool.tempstore, pool.segment, limitmb=limitmb)

    def commit(
        self,
        mergetype: Any = None,
        optimize: Any = None,
        merge: Any = None,
        shares: Iterable[Any] = (),
    ) -> None:
        """Whoosh's commit, listing before this writer's segment the ``shares`` other writers wrote
        (see :meth:`finish_share`)."""
        self._check_state()
        segments = [*self._merge_segments(mergetype, optimize, merge), *shares]
        if self._added:
            segments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(segments)
        self._finish()

    def finish_share(self) -> Any:
        """Write this writer's segment without committing it (a parallel build's helper, whose
        writer was opened with ``_lk=False``), for the writer holding the index to commit; None if
        it has no documents."""
        self._check_state()
        segment = self._finalize_segment() if self._added else None
        if segment is None:
            self._close_segment()
        self.is_closed = (
            True  # not _finish(): the temporary folder is the holder's too, which removes it
        )
        return segment

    def per_document_reader(self) -> Any:
        return _ListedLengths(super().per_document_reader(), self.get_segment().doc_count_all())


class _ChunkedPool(PostingPool):
    """Whoosh's posting pool, writing and reading its runs :data:`_RUN_CHUNK` postings per
    pickle."""

    def _write_run(self, f: Any, items: Iterable[Any]) -> None:
        items = iter(items)
        while chunk := list(islice(items, _RUN_CHUNK)):
            pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path: str) -> Iterator[Any]:
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)


class _ListedLengths:
    """A per-document reader whose field lengths come from :func:`field_lengths`."""

    def __init__(self, reader: Any, doccount: int) -> None:
        self._reader = reader
        self._doccount = doccount
        self._lengths: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            lengths = self._lengths[fieldname] = field_lengths(
                self._reader, fieldname, self._doccount
            )
        return lengths[docnum] or None  # as Whoosh's: None for an empty field

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


class ScaledTerm(wq.Term):
    """A term whose boost its scorer applies (as ``qf``), instead of one more wrapping matcher per
    posting (the block scorer passes the boost as ``qf`` too)."""

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        fieldname, text = self.fieldname, self.text
        if (fieldname, text) not in searcher.reader():
            return NullMatcher()
        weighting = context.weighting if context is not None else searcher.weighting
        return searcher.postings(fieldname, text, weighting=weighting, qf=self.boost)


class CountedWords(wq.WrappingQuery):
    """One word (or name, or phrase) of a relaxed query: it matches and scores as its child, and the
    hits count, beside their score, how many of these they match (see
    :mod:`index.search.relaxing`)."""


def counted_words(q: wq.Query) -> list[CountedWords]:
    """The :class:`CountedWords` clauses in ``q``."""
    if isinstance(q, CountedWords):
        return [q]
    return [found for sub in q.children() for found in counted_words(sub)]


#: What reading damaged index files raises, wherever it surfaces.
_DAMAGE = (zlib.error, struct.error, pickle.UnpicklingError, EOFError, OSError)
#: Where Whoosh's reading code lives: Whoosh itself and this module.
_READERS = (str(Path(whoosh.__file__).parent), __file__)


@contextmanager
def reading() -> Iterator[None]:
    """Run a read of the index, raising what Whoosh's failures to read its files mean as
    :class:`IndexDamaged`: zlib, struct, pickle, end-of-file and OS errors wherever they surface,
    and any other error raised inside Whoosh's code or this module (Whoosh raises a bare
    ``Exception`` on a bad block, a ``TypeError`` on a segment whose files are gone). An error
    raised in dossier's own code, a bug, is raised as itself: it must never be taken for damage."""
    try:
        yield
    except DossierError:  # already said (a read nested in another, a cancelled search)
        raise
    except ReaderClosed as error:  # the index was reopened and this reader closed: a stale read
        raise SearchCancelled("the index was reopened: this read is stale") from error
    except _DAMAGE as error:
        raise _damaged(error) from error
    except Exception as error:
        if not _raised_in_reader(error):
            raise
        raise _damaged(error) from error


def _damaged(error: Exception) -> IndexDamaged:
    return IndexDamaged(f"the index could not be read ({type(error).__name__}: {error})", error)


def _raised_in_reader(error: Exception) -> bool:
    """Whether the innermost frame that raised ``error`` is Whoosh's reading code (not
    dossier's)."""
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    return frame is not None and frame.tb_frame.f_code.co_filename.startswith(_READERS)
