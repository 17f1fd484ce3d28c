"""Measure the app: launch to first interactive screen (index built, fresh process),
keystroke-to-results latency (typing one key at a time, and in bursts), opening the most-mentioned
dossiers, and how long the UI loop was ever held up meanwhile (a task that asks to wake every 5 ms
and records how late it woke). Headless, on the shipped seeds or on ``--corpus DIR`` (e.g. a
synthetic one from ``bench/make_corpus.py``; ``--index-root DIR`` keeps its index between runs).
``--search-in thread`` searches in a worker thread of the app (as before the search process),
``child`` (the default, as ``dossier`` runs) in the search process, once it is up. Figures: medians,
p95 and max of keystroke-to-results, the longest UI stall and how many wake-ups passed 50 ms, launch
to first results (median of 5 fresh processes).

    python scripts/measure_app.py [--corpus DIR] [--index-root DIR] [--search-in child|thread]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ["khasan", "kozhemyako", "energy", "vostochny", "putin visit"]
#: Dossiers opened (and their first page of mentions drawn) while the loop is watched.
DOSSIERS = ["kim-jong-un", "vladimir-putin", "russia", "north-korea", "khasan"]
_TICK = 0.005


class LoopWatch:
    """How late the event loop runs a task that sleeps :data:`_TICK` at a time: a late wake-up is a
    stall, time in which the app could not draw or take a key."""

    def __init__(self) -> None:
        self.stalls: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _watch(self) -> None:
        while True:
            asked = time.perf_counter()
            await asyncio.sleep(_TICK)
            self.stalls.append(time.perf_counter() - asked - _TICK)

    def __enter__(self) -> LoopWatch:
        self._task = asyncio.get_running_loop().create_task(self._watch())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()

    def worst(self) -> str:
        """The longest stall, and how many passed 50 ms out of how many wake-ups."""
        over = sum(stall > 0.05 for stall in self.stalls)
        longest = max(self.stalls, default=0.0) * 1000
        return f"{longest:.0f} ms ({over} of {len(self.stalls)} wake-ups over 50 ms)"


async def _until_results(app) -> None:
    from dossier.tui.widgets.results import ResultsList

    while not app.screen.query(ResultsList) or not app.screen.query_one(ResultsList).hits:
        await asyncio.sleep(0.005)


async def _until_searching_in_child(app) -> None:
    """Wait for the search process to serve (it starts after the first results, before typing)."""
    from dossier.index.api import SearchRunner

    runner: SearchRunner = app.main.searches
    runner.in_child = True
    with suppress(Exception):
        await app.workers.wait_for_complete()
    app.main.refresh_results()  # the first results start it, if the mounted screen's did not
    for _ in range(2000):
        if runner.in_use:
            return
        await asyncio.sleep(0.01)
    raise SystemExit("the search process did not come up in 20 s")


def child(index_root: str, spawned_at: float, corpus: Path = ROOT, in_child: bool = True) -> None:
    """In a fresh interpreter: import, sync (a no-op on a built index), show results; print the
    seconds."""
    from dossier.index.api import Corpus
    from dossier.tui.app import DossierApp

    async def main() -> None:
        app = DossierApp(corpus=Corpus(corpus), index_root=Path(index_root))
        app.main.searches.in_child = (
            in_child  # as ``dossier`` runs: started after the first results
        )
        async with app.run_test(size=(120, 40)):
            mounted = time.time() - spawned_at  # the screen is up and the search box takes keys
            await _until_results(app)
            print(f"{mounted:.3f} {time.time() - spawned_at:.3f}")

    asyncio.run(main())


async def latencies(
    index_root: Path, corpus: Path = ROOT, in_child: bool = True
) -> dict[str, object]:
    """Per-key latencies typing one key at a time; burst latencies; searches run vs keys typed in
    bursts; dossier pages opened; the worst loop stall while typing and while opening."""
    from textual.message import Message
    from textual.worker import WorkerCancelled, WorkerFailed

    from dossier.index.api import Corpus, Snapshot
    from dossier.tui.app import DossierApp
    from dossier.tui.messages import SearchFinished

    answered: list[
        float
    ] = []  # when each search's results reached the screen, seen from outside the app

    def hook(message: Message) -> None:
        if isinstance(message, SearchFinished):
            answered.append(time.perf_counter())

    app = DossierApp(Snapshot.open(Corpus(corpus), index_root))
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        screen = app.screen
        if in_child:
            await _until_searching_in_child(app)

        async def settle() -> None:
            with suppress(WorkerCancelled, WorkerFailed):
                await app.workers.wait_for_complete()
            await pilot.pause()

        single: list[float] = []
        bursts: list[float] = []
        keys = shown = 0
        with LoopWatch() as typing:
            for query in QUERIES:
                screen.query_one("#search").value = ""
                await settle()
                for key in query:
                    answered.clear()
                    pressed = time.perf_counter()
                    await pilot.press("space" if key == " " else key)
                    await settle()
                    single += [answered[-1] - pressed] if answered else []
            for query in QUERIES:
                screen.query_one("#search").value = ""
                await settle()
                answered.clear()
                typed = ["space" if key == " " else key for key in query]
                await pilot.press(*typed[:-1])
                last_key = time.perf_counter()
                await pilot.press(typed[-1])
                await settle()
                keys += len(query)
                shown += len(answered)
                bursts += [answered[-1] - last_key] if answered else []
        opened: list[float] = []
        with LoopWatch() as opening:
            for dossier_id in DOSSIERS:
                if app.current is None or app.current.dossier(dossier_id) is None:
                    continue
                asked = time.perf_counter()
                app.main.open_item("dossier", dossier_id)
                await settle()
                opened.append(time.perf_counter() - asked)
    return {
        "single": single,
        "bursts": bursts,
        "shown": shown,
        "keys": keys,
        "opened": opened,
        "typing_stall": typing.worst(),
        "opening_stall": opening.worst(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT)
    parser.add_argument("--index-root", type=Path)
    parser.add_argument("--search-in", choices=["child", "thread"], default="child")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index_root = args.index_root or Path(tmp)
        corpus = args.corpus.resolve()
        from dossier.index.api import Corpus, Snapshot

        Snapshot.open(Corpus(corpus), index_root)  # build once: launches below find it ready
        screens, results = [], []
        for _ in range(5):
            spawned = time.time()
            out = subprocess.run(
                [
                    *(sys.executable, __file__, "--child", str(index_root), str(spawned)),
                    *(str(corpus), args.search_in),
                ],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            mounted, shown_at = out.stdout.strip().splitlines()[-1].split()
            screens.append(round(float(mounted) * 1000))
            results.append(round(float(shown_at) * 1000))
        measured = asyncio.run(latencies(index_root, corpus, args.search_in == "child"))
    single, bursts, opened = measured["single"], measured["bursts"], measured["opened"]
    assert isinstance(single, list) and isinstance(bursts, list) and isinstance(opened, list)
    print(
        f"launch to interactive screen (fresh process), 5 runs: median {statistics.median(screens)} ms "
        f"{sorted(screens)}"
    )
    print(
        f"launch to first results (index built and current: checked in-process, no child), 5 runs: "
        f"median {statistics.median(results)} ms {sorted(results)}"
    )
    ordered = sorted(single)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"keystroke to results rendered, one key at a time ({len(single)} keys): "
        f"median {statistics.median(single) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {max(single) * 1000:.0f} ms "
        "(no debounce: a search starts at once and abandons the one it makes stale)"
    )
    print(
        f"typing bursts: {measured['keys']} keys in {len(QUERIES)} bursts rendered {measured['shown']} result "
        f"lists; median {statistics.median(bursts) * 1000:.0f} ms from the last key"
    )
    print(
        f"opening {len(opened)} dossiers ({', '.join(DOSSIERS)}): "
        f"{', '.join(f'{s * 1000:.0f}' for s in opened)} ms to the first page of mentions drawn"
    )
    print(
        f"longest UI loop stall: typing {measured['typing_stall']}; opening dossiers {measured['opening_stall']}"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], float(sys.argv[3]), Path(sys.argv[4]), sys.argv[5] == "child")
    else:
        main()
