"""The ``dossier`` command. Building the parser imports nothing of the core, and each command
imports what it needs when it runs (the app alone imports Textual), so ``dossier --help`` and
``dossier search`` start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

#: What the parser names of the core, written here so that building it imports none of the core
#: (``dossier.index.api``'s ``CORPUS_ENV``, ``TYPES`` and ``FORMATS``: tests/test_cli_startup.py
#: keeps them equal).
CORPUS_ENV = "DOSSIER_CORPUS"
TYPES = ("person", "organization", "place", "event")
FORMATS = ("markdown", "json", "ftm")

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
    # --corpus goes before or after the command; after it, a missing option must not reset the one
    # before.
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
    """``export`` (dossiers and pins as a brief, JSON or FollowTheMoney) and ``search --format
    csv|json``."""
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
    args = build_parser().parse_args(argv)
    # The core comes in once a command is to run (never for --help or a usage error); Textual only
    # for the app.
    from dossier.index.api import Corpus, DossierError, default_corpus

    try:
        corpus = Corpus(args.corpus) if args.corpus else default_corpus()
        if not args.command:
            from dossier.tui.app import run

            return run(corpus)
        from dossier.tui import cli_commands

        return cli_commands.run(args.command, args, corpus)
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except (DossierError, OSError) as error:
        print(f"{_PROGRAM}: {error}", file=sys.stderr)
        return 1


def _quiet_broken_pipe() -> int:
    """The reader went away (``dossier search x | head``): stop without a traceback, as Unix tools
    do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # Python's final flush of stdout must not fail again
    return 128 + 13  # killed by SIGPIPE, as a shell reports it


if __name__ == "__main__":
    sys.exit(main())
