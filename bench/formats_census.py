#!/usr/bin/env python3
"""What the format readers make of a corpus: per kind of file, how many were read, the articles they
gave, how many gave none, the time per file, and how often a title, date and author were found.

    python bench/formats_census.py CORPUS_DIR [CORPUS_DIR…] [--sample N]

``--sample N`` also prints N articles per kind (id, title, date, authors) to check by hand.
"""

from __future__ import annotations

import argparse
import posixpath
import random
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from dossier.index.corpus.articles import Article, Corpus, file_id
from dossier.index.corpus.readers import load_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", type=Path, nargs="+")
    parser.add_argument("--sample", type=int, default=0)
    args = parser.parse_args()
    for root in args.corpora:
        listing = Corpus(root).listing()
        files: dict[str, int] = defaultdict(int)
        empty: dict[str, int] = defaultdict(int)
        seconds: dict[str, float] = defaultdict(float)
        articles: dict[str, list[Article]] = defaultdict(list)
        for file in listing.articles:
            kind = posixpath.splitext(file.rel)[1].lower()
            started = time.perf_counter()
            found, _ = load_file(Path(file.path), file_id(file.rel))
            seconds[kind] += time.perf_counter() - started
            files[kind] += 1
            empty[kind] += not found
            articles[kind] += found
        print(
            f"{root}: {len(listing.articles)} files listed; {'; '.join(listing.notes()) or 'every file read'}"
        )
        print("  kind   files  no article  articles  ms/file  title  date  author")
        for kind in sorted(files):
            got = articles[kind]
            shares = "  ".join(_share(got, test) for test in (_titled, _dated, _authored))
            print(
                f"  {kind:<6} {files[kind]:5}  {empty[kind]:10}  {len(got):8}  "
                f"{seconds[kind] / files[kind] * 1000:7.1f}  {shares}"
            )
            for article in random.Random(7).sample(got, min(args.sample, len(got))):
                print(
                    f"    {article.id[:50]:<50} | {article.title[:60]:<60} | {article.date} | "
                    f"{', '.join(article.meta.authors)[:60]}"
                )


def _share(articles: list[Article], test: Callable[[Article], bool]) -> str:
    return f"{sum(map(test, articles)) / len(articles):5.0%}" if articles else "    -"


def _titled(article: Article) -> bool:
    return bool(article.meta.title)


def _dated(article: Article) -> bool:
    return bool(article.date)


def _authored(article: Article) -> bool:
    return bool(article.meta.authors)


if __name__ == "__main__":
    main()
