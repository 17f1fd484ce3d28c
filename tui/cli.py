"""The ``dossier`` command. Only the bare command (the app) imports Textual, so the others start fast."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import NoReturn

from dossier.index import api  # the writers and the checker through it, when their command runs
from dossier.index.api import (
    CORPUS_ENV,
    FORMATS,
    TYPES,
    Corpus,
    DossierError,
    Snapshot,
    default_corpus,
)
from dossier.tui import text_report
from dossier.tui.article_report import ARTICLE_PREFIX, article_json, format_article

_PROGRAM = "dossier"


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def _corpus_dir(text: str) -> Path:
    path = Path(text).expanduser()
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"no such folder: {text}")
    if not any((path / part).is_dir() for part in ("seeds", "dossiers")):
        raise argparse.ArgumentTypeError(
            f"not a corpus (it has neither seeds/ nor dossiers/): {text}"
        )
    return path.resolve()


def _query(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("the query is empty")
    return text


def build_parser() -> argparse.ArgumentParser:
    corpus_help = "corpus folder holding seeds/ and dossiers/ (default: $DOSSIER_CORPUS or the shipped corpus)"
    # --corpus goes before or after the command; after it, a missing option must not reset the one before.
    top = _Parser(add_help=False)
    top.add_argument(
        "--corpus",
        type=_corpus_dir,
        metavar="DIR",
        help=corpus_help,
        default=os.environ.get(CORPUS_ENV),
    )
    common = _Parser(add_help=False)
    common.add_argument(
        "--corpus", type=_corpus_dir, metavar="DIR", help=corpus_help, default=argparse.SUPPRESS
    )
    parser = _Parser(
        prog=_PROGRAM,
        description="Search, read and connect news articles and dossiers. "
        "With no command, opens the terminal app.",
        parents=[top],
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    search = commands.add_parser(
        "search",
        parents=[common],
        help="ranked hits with highlighted snippets",
        description='Search articles and dossiers. Words are ANDed; "phrases", OR, '
        "NOT, title:/date:/entity: fields, prefix*, word~ fuzzy.",
    )
    search.add_argument("query", type=_query, help="the query (quote it in the shell)")
    search.add_argument("--json", action="store_true", help="print a JSON array of hits")
    search.add_argument(
        "--limit", type=_positive, default=10, metavar="N", help="at most N hits (default 10)"
    )
    search.add_argument(
        "--sort",
        choices=("relevance", "date"),
        default="relevance",
        help="best first (default), or newest first by the article's metadata date",
    )

    index = commands.add_parser(
        "index",
        parents=[common],
        help="build or update the search index",
        description="Bring the index up to date with the corpus (only what changed).",
    )
    index.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch")

    show = commands.add_parser(
        "show",
        parents=[common],
        help="print one dossier or article",
        description="Print a dossier by id, name or any alias, with relations both "
        "ways, cited claims and the articles that mention it; or an article by id, with "
        "its metadata, copies and text. A dossier wins over an article of the same id: "
        "write article:ID for the article.",
    )
    show.add_argument("name", metavar="ID-OR-NAME")
    show.add_argument("--json", action="store_true", help="print the dossier or article as JSON")

    commands.add_parser(
        "check",
        parents=[common],
        help="validate every dossier",
        description="Validate the dossiers: YAML, schema, ids, aliases, sources and quotes. "
        "Prints path:line:col: message per problem; exit 1 if any.",
    )
    _add_keeping_commands(commands, common)
    _add_export_commands(commands, common, search)
    _add_unlinked_command(commands, common)
    return parser


def _add_unlinked_command(
    commands: argparse._SubParsersAction, common: argparse.ArgumentParser
) -> None:
    """``unlinked``: the names in the articles that no dossier covers (the app's U)."""
    unlinked = commands.add_parser(
        "unlinked",
        parents=[common],
        help="names in the articles no dossier covers",
        description="Capitalised names and acronyms of the articles that no dossier "
        "covers, most frequent first, each with its count and articles it occurs in.",
    )
    unlinked.add_argument(
        "--limit", type=_positive, default=50, metavar="N", help="at most N names (default 50)"
    )
    unlinked.add_argument(
        "--json", action="store_true", help="print a JSON array of {name, count, articles}"
    )


def _add_keeping_commands(
    commands: argparse._SubParsersAction, common: argparse.ArgumentParser
) -> None:
    """``new``, ``cite`` and ``undo``: the commands that write dossiers (and only dossiers)."""
    new = commands.add_parser(
        "new",
        parents=[common],
        help="create a dossier and print its path",
        description="Create dossiers/TYPE/ID.yaml, the id derived from the name "
        "(refused if the id or a name is taken).",
    )
    new.add_argument("type", choices=TYPES, metavar="TYPE", help=f"one of {', '.join(TYPES)}")
    new.add_argument("name", metavar="NAME")
    new.add_argument(
        "--alias", action="append", default=[], metavar="A", help="another name (repeatable)"
    )

    cite = commands.add_parser(
        "cite",
        parents=[common],
        help="append a cited claim to a dossier",
        description="Append a claim to dossier ID, backed by SENTENCE, which must be a "
        "whole sentence of ARTICLE (compared as `dossier check` does). Prints path:line.",
    )
    cite.add_argument("id", metavar="ID", help="the dossier id (its file name)")
    cite.add_argument(
        "--source",
        required=True,
        metavar="ARTICLE",
        help="the article id: its path under seeds/ without the suffix (508, business/508)",
    )
    cite.add_argument(
        "--quote", required=True, metavar="SENTENCE", help="a whole sentence of the article"
    )
    cite.add_argument("--text", required=True, metavar="CLAIM", help="the claim, in your words")
    cite.add_argument("--disputed", action="store_true", help="articles disagree on this point")
    cite.add_argument(
        "--note", default="", metavar="N", help="say what the disagreement or misspelling is"
    )

    commands.add_parser(
        "undo",
        parents=[common],
        help="undo the last write of new or cite",
        description="Put back the dossier file the last write changed (or remove the one it "
        "created), unless it changed since.",
    )


def _add_export_commands(
    commands: argparse._SubParsersAction,
    common: argparse.ArgumentParser,
    search: argparse.ArgumentParser,
) -> None:
    """``export`` (dossiers and pins as a brief, JSON or FollowTheMoney) and ``search --format csv|json``."""
    search.add_argument(
        "--format",
        choices=("text", "csv", "json"),
        default=None,
        help="text (default), csv (one row per hit, for reviewers) or json (as --json)",
    )
    export = commands.add_parser(
        "export",
        parents=[common],
        help="export dossiers and pins",
        description="Export dossiers (by id, name or alias; all of them if none is named "
        "and --pins is not given) and the case file's pins: a Markdown brief with the "
        "quotes as footnotes, JSON, or FollowTheMoney entities as JSON lines.",
    )
    export.add_argument("ids", nargs="*", metavar="ID", help="dossiers to export")
    export.add_argument(
        "--pins", action="store_true", help="add the pins of the case file (from the app)"
    )
    export.add_argument(
        "--format", choices=FORMATS, default="markdown", help="markdown (default), json or ftm"
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE instead of printing (never inside the corpus's seeds/ or dossiers/)",
    )


def main(argv: list[str] | None = None) -> int:
    """Run the command; errors the user can act on are one line on stderr and exit status 1."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        corpus = Corpus(args.corpus) if args.corpus else default_corpus()
        if not args.command:
            from dossier.tui.app import run  # Textual is imported only here

            return run(corpus)
        handler = {
            "search": _search,
            "index": _index,
            "show": _show,
            "check": _check,
            "new": _new,
            "cite": _cite,
            "undo": _undo,
            "export": _export,
            "unlinked": _unlinked,
        }[args.command]
        return handler(args, corpus)
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except (DossierError, OSError) as error:
        print(f"{_PROGRAM}: {error}", file=sys.stderr)
        return 1


def _quiet_broken_pipe() -> int:
    """The reader went away (``dossier search x | head``): stop without a traceback, as Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # Python's final flush of stdout must not fail again
    return 128 + 13  # killed by SIGPIPE, as a shell reports it


def _open(corpus: Corpus, rebuild: bool = False, notes: bool = False) -> Snapshot:
    """Open the corpus, printing the sync's warnings; its notes (how a file was decoded) and the files not read
    too with ``notes``, as ``dossier index`` does, not on every search (the files not read also when the sync
    changed the index)."""
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
    dossiers, problems = api.check_corpus(corpus)
    for problem in problems:
        print(problem)
    print(api.summary_line(dossiers, problems), file=sys.stderr if problems else sys.stdout)
    return 1 if problems else 0


def _new(args: argparse.Namespace, corpus: Corpus) -> int:
    print(api.DossierWriter(corpus).create(args.type, args.name, args.alias).path)
    return 0


def _cite(args: argparse.Namespace, corpus: Corpus) -> int:
    claim = api.NewClaim(args.text, args.source, args.quote, args.disputed, args.note)
    result = api.DossierWriter(corpus).add_claim(args.id, claim)
    print(f"{result.path}:{result.line}: claim added")
    return 0


def _undo(args: argparse.Namespace, corpus: Corpus) -> int:
    print(f"{api.DossierWriter(corpus).undo()}: last write undone")
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
        path = api.write_export(text, args.output, corpus)
        print(f"exported {api.export_contents(len(ids), len(pins))} to {path}", file=sys.stderr)
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


if __name__ == "__main__":
    sys.exit(main())
