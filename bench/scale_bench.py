#!/usr/bin/env python3
"""Scale and speed of dossier next to the alternatives, on the synthetic corpus (issue 9).

    python bench/scale_bench.py [--articles 1000 10000 100000] [--workdir /tmp/dossier-bench]
                                [--runs 3] [--references rg,whoosh,tantivy] [--out bench/RESULTS.md]

For each size N it writes N synthetic articles with ``bench/make_corpus.py`` (deterministic) next to
the project's dossiers and measures, in one run:

- build from scratch: seconds, articles/s, peak RSS (in a child process; with its helper's peak
  added, see ``index/indexing/build_helpers.py``), index size;
- updates: 1 file changed, 100 added, 1 deleted; open with nothing to do;
- opening the most-mentioned dossier's page (what the app loads for it);
- query latency p50/p95 per class through the app's own call, ``Snapshot.search(query, limit=100)``;
- ``dossier search WORD`` from the command line, interpreter start to output;

and, as reference columns on the same files in the same run: ``rg -il``, a naive Whoosh index with
default settings (StandardAnalyzer, one writer), and tantivy (``pip install -e '.[bench]'``; skipped
if absent). Results are kept per N in a JSON file next to the table, so runs at different sizes add
up to one table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
LIMIT = 100

#: The query mix of issue 9; "name" queries are dossier names, which the query builder
#: alias-expands.
QUERY_MIX: dict[str, list[str]] = {
    "word": ["Putin", "missiles", "Khasan", "economic", "cooperation", "Vostochny"],
    "two words": ["Kim Putin", "energy cooperation", "military assistance", "Primorye region"],
    "phrase": [
        '"North Korea"',
        '"ballistic missiles"',
        '"strategic importance"',
        '"port of Rajin"',
    ],
    "name": ["Kim Jong Un", "Vladimir Putin", "Dmitry Peskov", "Oleg Kozhemyako"],
    "prefix": ["Vost*", "coop*", "strat*", "milit*"],
    "fuzzy": ["Peskow~", "misiles~", "Vladivostk~", "cooperatoin~"],
    "entity": ["entity:vladimir-putin", "entity:khasan", "entity:kim-jong-un missiles"],
    "typing": ["p", "pu", "put", "puti", "k", "kh", "kha", "khas"],
}

#: How each class is asked of ``rg -il`` (None: rg has no equivalent). Two words: files with both.
RG_MIX: dict[str, list[list[str]] | None] = {
    "word": [[q] for q in QUERY_MIX["word"]],
    "two words": [q.split() for q in QUERY_MIX["two words"]],
    "phrase": [[q.strip('"')] for q in QUERY_MIX["phrase"]],
    "name": [[q] for q in QUERY_MIX["name"]],
    "prefix": [[r"\b" + q.rstrip("*")] for q in QUERY_MIX["prefix"]],
    "fuzzy": None,
    "entity": None,
    "typing": [[q] for q in QUERY_MIX["typing"]],
}

CLI_WORDS = ["Putin", "Khasan", "missiles"]
NAMED_DOSSIER = "kim-jong-un"  # the example of a page that froze the app


# -- helpers
# ----------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM, which (unlike ``ru_maxrss``) does not carry the
    parent's peak over ``fork``/``exec``."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def latencies(run: Callable[[str], Any], queries: list[str], runs: int) -> list[float]:
    run(queries[0])  # warm: first-use caches are not what a user waits on after the first keystroke
    return [timed(lambda q=q: run(q)) * 1000 for _ in range(runs) for q in queries]


def make_corpus(root: Path, articles: int) -> Path:
    seeds = root / "seeds"
    if not seeds.is_dir() or sum(1 for _ in os.scandir(seeds)) != articles:
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run(
            [
                sys.executable,
                str(PROJECT / "bench" / "make_corpus.py"),
                str(seeds),
                "--articles",
                str(articles),
                "--seeds-dir",
                str(PROJECT / "seeds"),
            ],
            check=True,
        )
    shutil.rmtree(root / "dossiers", ignore_errors=True)
    shutil.copytree(PROJECT / "dossiers", root / "dossiers")
    return root


def child(*args: str) -> dict[str, Any]:
    """Run one measured phase in a fresh interpreter (so its peak RSS is its own) and return its
    JSON."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- phases run in a child process
# ------------------------------------------------------------------


def child_build_dossier(corpus_dir: str, index_root: str) -> dict[str, Any]:
    from dossier.index.corpus.articles import Corpus
    from dossier.index.indexing.store import IndexStore

    started = time.perf_counter()
    report = IndexStore(Corpus(Path(corpus_dir)), Path(index_root)).sync(rebuild=True)
    helpers_mb = (
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    )  # the largest helper's peak
    return {
        "seconds": time.perf_counter() - started,
        "articles": report.added,
        "rss": peak_rss_mb() + helpers_mb,
    }


def _article_paths(corpus_dir: str) -> list[str]:
    return sorted(
        e.path for e in os.scandir(Path(corpus_dir) / "seeds") if e.name.endswith((".txt", ".md"))
    )


def child_build_whoosh(corpus_dir: str, index_dir: str) -> dict[str, Any]:
    """A naive Whoosh index: default StandardAnalyzer on the body, the path stored, one writer."""
    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema

    shutil.rmtree(index_dir, ignore_errors=True)
    os.makedirs(index_dir)
    started = time.perf_counter()
    ix = index.create_in(index_dir, Schema(path=ID(stored=True), body=TEXT))
    writer = ix.writer()
    for path in _article_paths(corpus_dir):
        writer.add_document(path=path, body=Path(path).read_text(encoding="utf-8"))
    writer.commit()
    return {"seconds": time.perf_counter() - started, "rss": peak_rss_mb()}


def child_build_tantivy(corpus_dir: str, index_dir: str) -> dict[str, Any]:
    """tantivy with an English-stemmed body and the path stored."""
    import tantivy

    shutil.rmtree(index_dir, ignore_errors=True)
    os.makedirs(index_dir)
    started = time.perf_counter()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("path", stored=True, tokenizer_name="raw")
    builder.add_text_field("body", tokenizer_name="en_stem")
    ix = tantivy.Index(builder.build(), path=index_dir)
    writer = ix.writer()
    for path in _article_paths(corpus_dir):
        writer.add_document(
            tantivy.Document(path=path, body=Path(path).read_text(encoding="utf-8"))
        )
    writer.commit()
    writer.wait_merging_threads()
    return {"seconds": time.perf_counter() - started, "rss": peak_rss_mb()}


CHILDREN: dict[str, Callable[..., dict[str, Any]]] = {
    "build-dossier": child_build_dossier,
    "build-whoosh": child_build_whoosh,
    "build-tantivy": child_build_tantivy,
}


# -- the measurements
# -------------------------------------------------------------------------------


def bench_dossier(corpus_dir: Path, index_root: Path, runs: int) -> dict[str, Any]:
    from dossier.index.api import Snapshot
    from dossier.index.corpus.articles import Corpus
    from dossier.index.indexing.store import IndexStore, index_dir

    corpus = Corpus(corpus_dir)
    out: dict[str, Any] = {}
    build = child("build-dossier", str(corpus_dir), str(index_root))
    out["build_s"], out["rate"], out["rss_mb"] = (
        build["seconds"],
        build["articles"] / build["seconds"],
        build["rss"],
    )
    out["index_mb"] = folder_mb(index_dir(corpus, index_root))
    out["corpus_mb"] = folder_mb(corpus.seeds_dir)

    def sync() -> float:
        return timed(lambda: IndexStore(corpus, index_root).sync())

    seeds = sorted(corpus.seeds_dir.iterdir())
    changed, deleted = seeds[len(seeds) // 2], seeds[len(seeds) // 3]
    changed_text, deleted_bytes = changed.read_text(encoding="utf-8"), deleted.read_bytes()
    added = [corpus.seeds_dir / f"zz-bench-added-{i:03d}.txt" for i in range(100)]
    try:
        changed.write_text(
            changed_text + "\nA sentence added by the benchmark.\n", encoding="utf-8"
        )
        out["update_1_changed_s"] = sync()
        for i, path in enumerate(added):
            path.write_text(
                seeds[i].read_text(encoding="utf-8") + f"\nbenchmark copy {i}\n", encoding="utf-8"
            )
        out["update_100_added_s"] = sync()
        deleted.unlink()
        out["update_1_deleted_s"] = sync()
    finally:
        changed.write_text(changed_text, encoding="utf-8")
        deleted.write_bytes(deleted_bytes)
        for path in added:
            path.unlink(missing_ok=True)
        IndexStore(corpus, index_root).sync()
    out["open_noop_s"] = statistics.median(
        timed(lambda: Snapshot.open(corpus, index_root)) for _ in range(3)
    )

    bench = Snapshot.open(corpus, index_root)
    counts = {d.id: len(bench.backend.engine.ids_mentioning(d.id)) for d in bench.dossiers}
    top = max(counts, key=lambda k: counts[k])
    out["top_dossier"], out["top_dossier_articles"] = top, counts[top]
    out["open_top_dossier_ms"] = statistics.median(
        timed(lambda: open_dossier_page(bench, top)) * 1000 for _ in range(3)
    )
    out["kim_articles"] = counts.get(NAMED_DOSSIER, 0)
    out["open_kim_ms"] = statistics.median(
        timed(lambda: open_dossier_page(bench, NAMED_DOSSIER)) * 1000 for _ in range(3)
    )

    out["queries"] = {}
    hits: dict[str, float] = {}
    for kind, queries in QUERY_MIX.items():
        times = latencies(lambda q: bench.search(q, limit=LIMIT), queries, runs)
        out["queries"][kind] = times
        hits[kind] = statistics.median(bench.search(q, limit=LIMIT).total for q in queries)
    out["hits"] = hits

    env = os.environ | {"DOSSIER_INDEX_ROOT": str(index_root)}
    cli = [sys.executable, "-m", "dossier.tui.cli", "search", "--corpus", str(corpus_dir)]
    subprocess.run(
        [*cli, CLI_WORDS[0]], env=env, check=True, capture_output=True
    )  # warm the page cache
    out["cli_ms"] = [
        timed(lambda w=w: subprocess.run([*cli, w], env=env, check=True, capture_output=True))
        * 1000
        for _ in range(runs)
        for w in CLI_WORDS
    ]
    return out


def open_dossier_page(bench: Any, dossier_id: str) -> None:
    """What the app loads to show a dossier page."""
    page = getattr(bench, "dossier_page", None)
    if page is not None:
        page(
            dossier_id, mentions=10
        )  # the first page the app shows (tui.widgets.dossier.MENTIONS_PAGE)
        return
    bench.links(dossier_id)
    bench.mentions_of(dossier_id)


def bench_rg(corpus_dir: Path, runs: int) -> dict[str, Any] | None:
    rg = shutil.which("rg")
    if rg is None:
        return None
    seeds = str(corpus_dir / "seeds")

    def run(words: list[str]) -> None:
        # Files with every word: rg on the files the previous rg listed (through xargs: 100 000
        # names are more than one command line holds).
        pipeline = " | ".join(
            [
                f"{rg} -il -- {shlex.quote(words[0])} {shlex.quote(seeds)}",
                *(f"xargs -r -d '\\n' {rg} -il -- {shlex.quote(word)}" for word in words[1:]),
            ]
        )
        subprocess.run(["sh", "-c", pipeline], capture_output=True, text=True)

    out: dict[str, Any] = {"queries": {}}
    for kind, asked in RG_MIX.items():
        if asked is None:
            continue
        run(asked[0])
        out["queries"][kind] = [
            timed(lambda w=w: run(w)) * 1000 for _ in range(runs) for w in asked
        ]
    out["cli_ms"] = [timed(lambda w=w: run([w])) * 1000 for _ in range(runs) for w in CLI_WORDS]
    return out


def bench_whoosh(corpus_dir: Path, workdir: Path, runs: int) -> dict[str, Any]:
    from whoosh import index
    from whoosh.qparser import FuzzyTermPlugin, QueryParser

    where = workdir / f"naive-whoosh-{corpus_dir.name}"
    build = child("build-whoosh", str(corpus_dir), str(where))
    out: dict[str, Any] = {
        "build_s": build["seconds"],
        "rss_mb": build["rss"],
        "index_mb": folder_mb(where),
    }
    out["rate"] = len(_article_paths(str(corpus_dir))) / build["seconds"]
    ix = index.open_dir(str(where))
    parser = QueryParser("body", ix.schema)
    parser.add_plugin(
        FuzzyTermPlugin()
    )  # the query syntax, not a setting: so "word~" means the same
    out["open_noop_s"] = statistics.median(
        timed(lambda: index.open_dir(str(where)).searcher().close()) for _ in range(3)
    )

    def query(q: str) -> Any:
        return parser.parse(f'"{q}"' if q in QUERY_MIX["name"] else q)

    with ix.searcher() as searcher:
        out["queries"] = {
            kind: latencies(lambda q: searcher.search(query(q), limit=LIMIT), queries, runs)
            for kind, queries in QUERY_MIX.items()
            if kind != "entity"
        }
        out["hits"] = {
            kind: statistics.median(len(searcher.search(query(q), limit=LIMIT)) for q in queries)
            for kind, queries in QUERY_MIX.items()
            if kind != "entity"
        }
    return out


def bench_tantivy(corpus_dir: Path, workdir: Path, runs: int) -> dict[str, Any] | None:
    try:
        import tantivy
    except ImportError:
        return None
    where = workdir / f"tantivy-{corpus_dir.name}"
    build = child("build-tantivy", str(corpus_dir), str(where))
    out: dict[str, Any] = {
        "build_s": build["seconds"],
        "rss_mb": build["rss"],
        "index_mb": folder_mb(where),
    }
    out["rate"] = len(_article_paths(str(corpus_dir))) / build["seconds"]
    ix = tantivy.Index.open(str(where))
    out["open_noop_s"] = statistics.median(
        timed(lambda: tantivy.Index.open(str(where)).searcher()) for _ in range(3)
    )
    searcher = ix.searcher()

    def query(q: str) -> Any:
        # tantivy's parser ORs words and has no "word~" or "prefix*": ask for the same thing
        # explicitly
        if q.endswith("~"):
            return tantivy.Query.fuzzy_term_query(ix.schema, "body", q[:-1].lower(), distance=2)
        if q.endswith("*"):
            return tantivy.Query.regex_query(ix.schema, "body", q[:-1].lower() + ".*")
        if q in QUERY_MIX["name"]:
            return ix.parse_query(f'"{q}"', ["body"])
        return ix.parse_query(
            " ".join(w if w.startswith('"') else f"+{w}" for w in q.split()) if '"' not in q else q,
            ["body"],
        )

    out["queries"] = {
        kind: latencies(lambda q: searcher.search(query(q), LIMIT), queries, runs)
        for kind, queries in QUERY_MIX.items()
        if kind != "entity"
    }
    out["hits"] = {
        kind: statistics.median(searcher.search(query(q), LIMIT).count for q in queries)
        for kind, queries in QUERY_MIX.items()
        if kind != "entity"
    }
    return out


# -- the table
# --------------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores (shared), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def _ms(value: float) -> str:
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _pq(times: list[float] | None) -> str:
    if not times:
        return "–"
    return f"{_ms(statistics.median(times))} / {_ms(percentile(times, 95))}"


def render(results: dict[str, dict[str, Any]]) -> str:
    lines = [
        "# Scale and speed",
        "",
        f"Written by `bench/scale_bench.py`. Machine: {machine()}.",
        "",
        "Query times are ms, p50 / p95 over the class's queries (each repeated), `search(…, limit=100)` for",
        "dossier (snippets included), top 100 for the others; (hits) is the median match count. Names are phrases",
        "for the references (dossier also finds linked aliases). ×rg and ×tantivy are dossier's p95 over theirs.",
        "Updates and opens are seconds unless noted.",
        "",
        "| N | measure | dossier | naive Whoosh | tantivy | `rg -il` | ×rg | ×tantivy |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n in sorted(results, key=int):
        r = results[n]
        d, w, t, g = r["dossier"], r.get("whoosh") or {}, r.get("tantivy") or {}, r.get("rg") or {}
        label = f"{int(n):,}".replace(",", " ")

        def row(
            measure: str,
            dv: str,
            wv: str = "–",
            tv: str = "–",
            gv: str = "–",
            xg: str = "",
            xt: str = "",
            label: str = label,
        ) -> None:
            lines.append(f"| {label} | {measure} | {dv} | {wv} | {tv} | {gv} | {xg} | {xt} |")

        def num(data: dict[str, Any], key: str, fmt: str) -> str:
            return format(data[key], fmt) if key in data else "–"

        if "load" in r:
            row(
                "load average at start / end (2 cores shared)",
                f"{r['load'][0]:.1f} / {r['load'][1]:.1f}",
            )
        row(
            "build s (articles/s)",
            f"{d['build_s']:.1f} ({d['rate']:.0f}/s)",
            f"{w['build_s']:.1f} ({w['rate']:.0f}/s)" if w else "–",
            f"{t['build_s']:.1f} ({t['rate']:.0f}/s)" if t else "–",
        )
        row(
            "build peak RSS MB",
            f"{d['rss_mb']:.0f}",
            num(w, "rss_mb", ".0f"),
            num(t, "rss_mb", ".0f"),
        )
        row(
            f"index MB (text {d['corpus_mb']:.0f} MB)",
            f"{d['index_mb']:.0f}",
            num(w, "index_mb", ".0f"),
            num(t, "index_mb", ".0f"),
        )
        row(
            "update: 1 changed / 100 added / 1 deleted s",
            f"{d['update_1_changed_s']:.2f} / {d['update_100_added_s']:.2f} / {d['update_1_deleted_s']:.2f}",
        )
        row(
            "open, nothing to do s",
            f"{d['open_noop_s']:.2f}",
            num(w, "open_noop_s", ".3f"),
            num(t, "open_noop_s", ".3f"),
        )
        row(
            f"open most-mentioned dossier ms ({d['top_dossier']}, {d['top_dossier_articles']} articles)",
            f"{d['open_top_dossier_ms']:.0f}",
        )
        if "open_kim_ms" in d:
            row(
                f"open {NAMED_DOSSIER} ms ({d['kim_articles']} articles)", f"{d['open_kim_ms']:.0f}"
            )
        everything: dict[str, list[float]] = {"d": [], "w": [], "t": []}
        for kind in QUERY_MIX:
            dt = d["queries"][kind]
            wt, tt, gt = (
                w.get("queries", {}).get(kind),
                t.get("queries", {}).get(kind),
                g.get("queries", {}).get(kind),
            )
            everything["d"] += dt
            everything["w"] += wt or []
            everything["t"] += tt or []
            row(
                f"query {kind} ms",
                _pq(dt) + _hits(d, kind),
                _pq(wt) + _hits(w, kind),
                _pq(tt) + _hits(t, kind),
                _pq(gt),
                _ratio(dt, gt),
                _ratio(dt, tt),
            )
        row(
            "query, whole mix ms",
            _pq(everything["d"]),
            _pq(everything["w"]),
            _pq(everything["t"]),
            xt=_ratio(everything["d"], everything["t"]),
        )
        cli, rg_cli = d.get("cli_ms"), g.get("cli_ms")
        row(
            f"`dossier search` CLI ms ({', '.join(CLI_WORDS)})",
            _pq(cli),
            gv=_pq(rg_cli),
            xg=_ratio(cli, rg_cli, 50),
        )
    lines.append("")
    return "\n".join(lines)


def _hits(data: dict[str, Any], kind: str) -> str:
    hits = data.get("hits", {}).get(kind)
    return f" ({hits:.0f} hits)" if hits is not None else ""


def _ratio(ours: list[float] | None, theirs: list[float] | None, p: float = 95) -> str:
    if not ours or not theirs:
        return ""
    return f"{percentile(ours, p) / max(percentile(theirs, p), 1e-3):.1f}×"


# -- main
# -------------------------------------------------------------------------------------------


def bench_size(articles: int, workdir: Path, runs: int, references: set[str]) -> dict[str, Any]:
    corpus_dir = make_corpus(workdir / f"corpus-{articles}", articles)
    index_root = workdir / f"index-{articles}"
    load = os.getloadavg()[0]
    out: dict[str, Any] = {"dossier": bench_dossier(corpus_dir, index_root, runs)}
    if "rg" in references:
        out["rg"] = bench_rg(corpus_dir, runs)
    if "whoosh" in references:
        out["whoosh"] = bench_whoosh(corpus_dir, workdir, runs)
    if "tantivy" in references:
        out["tantivy"] = bench_tantivy(corpus_dir, workdir, runs)
    out["load"] = [
        load,
        os.getloadavg()[0],
    ]  # the machine is shared: how busy it was, at the start and the end
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/dossier-bench"))
    parser.add_argument("--runs", type=int, default=3, help="repetitions of each query")
    parser.add_argument(
        "--references", default="rg,whoosh,tantivy", help="comma-separated; empty for none"
    )
    parser.add_argument("--out", type=Path, default=PROJECT / "bench" / "RESULTS.md")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(CHILDREN[args.child[0]](*args.child[1:])))
        return
    store = args.out.with_suffix(".json")
    try:
        results = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        results = {}
    references = {r for r in args.references.split(",") if r}
    for articles in args.articles:
        results[str(articles)] = bench_size(articles, args.workdir, args.runs, references)
        store.write_text(json.dumps(results, indent=1), encoding="utf-8")
        args.out.write_text(render(results), encoding="utf-8")
        print(render({str(articles): results[str(articles)]}), flush=True)


if __name__ == "__main__":
    main()
