"""What each ``dossier`` command does once its arguments are parsed (the parser, which imports none
of this, is in :mod:`dossier.tui.cli`)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable

from dossier.index import api  # the writers and the checker through it, when their command runs
from dossier.index.api import Corpus, Snapshot
from dossier.tui import text_report
from dossier.tui.article_report import ARTICLE_PREFIX, article_json, format_article

_PROGRAM = "dossier"


def run(command: str, args: argparse.Namespace, corpus: Corpus) -> int:
    """Run ``command`` (a subcommand's name) on ``corpus``; its exit status."""
    return HANDLERS[command](args, corpus)


def _open(corpus: Corpus, rebuild: bool = False, notes: bool = False) -> Snapshot:
    """Open the corpus, printing the sync's warnings; its notes (how a file was decoded) and the
    files not read too with ``notes``, as ``dossier index`` does, not on every search (the files not
    read also when the sync changed the index)."""
    progress = text_report.ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    bench = Snapshot.open(
        corpus,
        progress=progress,
        rebuild=rebuild,
        on_wait=lambda message: print(f"{_PROGRAM}: {message}", file=sys.stderr, flush=True),
    )
    if progress:
        progress.finish()
    report = bench.last_sync
    for note in report.notes:
        if (
            notes or report.did_work or note not in report.unread
        ):  # files not read: when the index changed
            print(f"warning: {note}", file=sys.stderr)
    for problem in bench.problems:
        if notes or not problem.is_note:
            print(f"{problem.severity}: {problem}", file=sys.stderr)
    return bench


def _search(args: argparse.Namespace, corpus: Corpus) -> int:
    results = _open(corpus).search(args.query, limit=args.limit, sort=args.sort)
    if results.problem and (args.format in ("csv", "json") or args.json):  # the output stays data
        print(f"{_PROGRAM}: {results.problem}", file=sys.stderr)
    if args.format == "csv":
        text_report.write_csv(results, sys.stdout)
    elif args.json or args.format == "json":
        print(json.dumps([hit.to_json() for hit in results.hits], ensure_ascii=False, indent=2))
    else:
        print(text_report.format_results(results, color=_color(sys.stdout)))
    return 0


def _index(args: argparse.Namespace, corpus: Corpus) -> int:
    bench = _open(corpus, rebuild=args.rebuild, notes=True)
    print(text_report.index_summary(bench))
    return 0


def _show(args: argparse.Namespace, corpus: Corpus) -> int:
    bench = _open(corpus)
    forced = args.name.startswith(ARTICLE_PREFIX)
    dossier = None if forced else bench.resolve(args.name)
    if dossier is None:
        article_id = args.name.removeprefix(ARTICLE_PREFIX) if forced else args.name
        if (article := bench.article(article_id)) is not None:
            copies = bench.copies_of(article.id)
            if args.json:
                print(json.dumps(article_json(article, copies), ensure_ascii=False, indent=2))
            else:
                print(format_article(article, copies))
            return 0
        close = (
            bench.closest_article_ids(article_id)
            if forced
            else [*bench.closest_names(args.name), *bench.closest_article_ids(article_id)]
        )
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        what = "no article" if forced else "no dossier or article"
        print(f"{_PROGRAM}: {what} named {args.name!r}{hint}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(text_report.dossier_json(bench, dossier), ensure_ascii=False, indent=2))
    else:
        print(text_report.format_dossier(bench, dossier, color=_color(sys.stdout)))
    return 0


def _check(args: argparse.Namespace, corpus: Corpus) -> int:
    dossiers, problems = api.keeping.check_corpus(corpus)
    for problem in problems:
        print(problem)
    print(api.keeping.summary_line(dossiers, problems), file=sys.stderr if problems else sys.stdout)
    return 1 if problems else 0


def _new(args: argparse.Namespace, corpus: Corpus) -> int:
    print(api.keeping.DossierWriter(corpus).create(args.type, args.name, args.alias).path)
    return 0


def _cite(args: argparse.Namespace, corpus: Corpus) -> int:
    claim = api.keeping.NewClaim(args.text, args.source, args.quote, args.disputed, args.note)
    result = api.keeping.DossierWriter(corpus).add_claim(args.id, claim)
    print(f"{result.path}:{result.line}: claim added")
    return 0


def _undo(args: argparse.Namespace, corpus: Corpus) -> int:
    print(f"{api.keeping.DossierWriter(corpus).undo()}: last write undone")
    return 0


def _export(args: argparse.Namespace, corpus: Corpus) -> int:
    bench = _open(corpus)
    pins = api.views.pins(bench).load() if args.pins else []
    ids = args.ids or (
        [] if args.pins else [d.id for d in sorted(bench.dossiers, key=lambda d: (d.type, d.id))]
    )
    text = api.views.export(bench, ids, pins, args.format)
    if args.output is None:
        sys.stdout.write(text)
    else:
        path = api.views.write_export(text, args.output, corpus)
        print(
            f"exported {api.views.export_contents(len(ids), len(pins))} to {path}", file=sys.stderr
        )
    return 0


def _unlinked(args: argparse.Namespace, corpus: Corpus) -> int:
    names = api.views.unlinked_names(_open(corpus))[: args.limit]
    if args.json:
        print(
            json.dumps([text_report.unlinked_json(n) for n in names], ensure_ascii=False, indent=2)
        )
    elif names:
        print(text_report.format_unlinked(names))
    else:
        print("no unlinked names: every capitalised name has a dossier", file=sys.stderr)
    return 0


def _color(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


#: Each command's handler, by the name the parser gives it (a test keeps the two in step).
HANDLERS: dict[str, Callable[[argparse.Namespace, Corpus], int]] = {
    "search": _search,
    "index": _index,
    "show": _show,
    "check": _check,
    "new": _new,
    "cite": _cite,
    "undo": _undo,
    "export": _export,
    "unlinked": _unlinked,
}
