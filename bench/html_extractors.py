#!/usr/bin/env python3
"""trafilatura against readability-lxml on real news pages: text quality, speed, metadata coverage.

    pip install readability-lxml      # alone: with trafilatura in the same command pip's resolver trips on
                                      # lxml's html_clean extra
    python bench/html_extractors.py PAGES_DIR TRUTH_JSON [--snippets EVAL_JSON EVAL_PAGES_DIR]

``TRUTH_JSON`` maps a page's file stem to ``{"articleBody": ..., "url": ...}`` (the scrapinghub
article-extraction benchmark's ground truth). Quality is token-level precision, recall and F1 of the
extracted text against the article body (words as multisets, lower-cased), averaged over pages;
speed is seconds per page (one core); coverage is the share of pages where each extractor found a
title, date, author, site name, language and URL.

``--snippets`` adds trafilatura's own evaluation (``{url: {"file", "with": [...], "without":
[...]}}``): a "with" snippet found in the text is a true positive, one missing a false negative; a
"without" snippet (boilerplate) found is a false positive. Precision, recall and F1 over all
snippets.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

_WORD = re.compile(r"\w+")


def _tokens(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def _prf(found: str, truth: str) -> tuple[float, float, float]:
    got, want = _tokens(found), _tokens(truth)
    common = sum((got & want).values())
    if not common:
        return 0.0, 0.0, 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def _trafilatura(html: str) -> tuple[str, dict[str, bool]]:
    import trafilatura

    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    doc = found if isinstance(found, dict) or found is None else found.as_dict()
    if not doc:
        return "", {}
    return doc.get("text") or "", {k: bool(doc.get(v)) for k, v in _TRAF_FIELDS.items()}


_TRAF_FIELDS = {
    "title": "title",
    "date": "date",
    "author": "author",
    "site": "sitename",
    "language": "language",
    "url": "url",
}


def _readability(html: str) -> tuple[str, dict[str, bool]]:
    import lxml.html
    from readability import Document

    doc = Document(html)
    summary = doc.summary(html_partial=True)
    text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
    return text, {"title": bool(doc.short_title())}


EXTRACTORS: dict[str, Callable[[str], tuple[str, dict[str, bool]]]] = {
    "trafilatura": _trafilatura,
    "readability-lxml": _readability,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path)
    parser.add_argument("truth", type=Path)
    parser.add_argument("--snippets", type=Path, nargs=2, metavar=("EVAL_JSON", "EVAL_PAGES_DIR"))
    args = parser.parse_args()
    truth = json.loads(args.truth.read_text(encoding="utf-8"))
    pages = sorted(p for p in args.pages.rglob("*.htm*") if p.name.split(".")[0] in truth)
    for name, extract in EXTRACTORS.items():
        extract("<html><body><p>warm up</p></body></html>")
        scores, seconds, coverage = [], [], Counter[str]()
        for page in pages:
            html = page.read_bytes().decode("utf-8", "replace")
            started = time.perf_counter()
            text, found = extract(html)
            seconds.append(time.perf_counter() - started)
            scores.append(_prf(text, truth[page.name.split(".")[0]]["articleBody"]))
            coverage.update(k for k, v in found.items() if v)
        p, r, f = (statistics.mean(s[i] for s in scores) for i in range(3))
        print(
            f"{name}: {len(pages)} pages  precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  "
            f"median F1 {statistics.median(s[2] for s in scores):.3f}  "
            f"{statistics.mean(seconds) * 1000:.1f} ms/page (median {statistics.median(seconds) * 1000:.1f})"
        )
        print(
            "  found: "
            + ", ".join(
                f"{k} {coverage[k] / len(pages):.0%}"
                for k in _TRAF_FIELDS
                if k in coverage or name == "trafilatura"
            )
        )

    if args.snippets:
        _snippets(*args.snippets)


def _snippets(evaldata: Path, folder: Path) -> None:
    cases = [
        c
        for c in json.loads(evaldata.read_text(encoding="utf-8")).values()
        if (folder / c["file"]).is_file()
    ]
    for name, extract in EXTRACTORS.items():
        tp = fn = fp = 0
        for case in cases:
            text = " ".join(
                extract((folder / case["file"]).read_bytes().decode("utf-8", "replace"))[0].split()
            )
            found = [" ".join(snippet.split()) in text for snippet in case.get("with") or []]
            tp, fn = tp + sum(found), fn + found.count(False)
            fp += sum(" ".join(snippet.split()) in text for snippet in case.get("without") or [])
        precision, recall = tp / ((tp + fp) or 1), tp / ((tp + fn) or 1)
        print(
            f"{name} on {len(cases)} pages' snippets: precision {precision:.3f}  recall {recall:.3f}  "
            f"F1 {2 * precision * recall / ((precision + recall) or 1):.3f}"
        )


if __name__ == "__main__":
    main()
