"""Corpus benchmark: validate + build and load_dataset on 1, 10, 100 and 1,000 copies of the
gold article, each a document with its own id (so every copy validates on its own).

Run with `make bench` (not part of the test suite). Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from aqwal.gold.copies import write_copies

ROOT = Path(__file__).resolve().parents[1]
DOC = "000_5e3c12ae8d8c7ed7"


def make_corpus(n: int, folder: Path) -> None:
    """n copies of the gold article with their own ids, and the card without the agreement
    blocks (theirs is the real article's)."""
    write_copies(folder, n, ROOT / "gold", ROOT / "seeds", DOC)
    card = (ROOT / "dataset_card.md").read_text(encoding="utf-8")
    (folder / "card.md").write_text(re.sub(r"<!-- aqwal:agreement[\w-]* -->\n", "", card), encoding="utf-8")


class PeakMemory(threading.Thread):
    """The largest proportional set size (PSS) of this process and its workers together, read
    from /proc every 200 ms (a shorter peak can be missed). PSS shares the pages a forked worker
    has not copied between the processes, so the sum is the memory the build really holds; the
    RSS high-water marks, also reported, count those pages once per process."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_kb, self._done = 0, threading.Event()

    def run(self):
        while True:
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in _family(os.getpid())))
            if self._done.wait(0.2):
                return

    def stop(self) -> float:
        self._done.set()
        self.join()
        return self.peak_kb / 1024


def _family(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            children += [int(c) for c in (task / "children").read_text().split()]
    return [pid] + [p for child in children for p in _family(child)]


def _pss_kb(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:  # the worker has just ended
        return 0
    return next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))


def measure(folder: Path, jobs: int | None, sample_memory: bool) -> dict:
    """Runs in a fresh process, so the memory is this corpus's alone. Sampling /proc takes
    the workers' memory-map lock, so timed runs do not sample."""
    import pyarrow.compute as pc

    from aqwal import schema
    from aqwal.dataset.build import build
    from aqwal.dataset.load import load

    memory = PeakMemory()
    if sample_memory:
        memory.start()
    start = time.perf_counter()
    tables = build(folder / "gold", folder / "seeds", folder / "data", folder / "card.md", jobs=jobs)
    built = time.perf_counter()
    peak_mb = memory.stop() if sample_memory else None
    for config in schema.CONFIGS:
        load(config, folder / "data", folder / "cache")
    loaded = time.perf_counter()

    def total_length(table, column):
        return pc.sum(pc.list_value_length(table[column])).as_py() or 0

    spans = (total_length(tables["sentences"], "entities") + 2 * tables["quotes"].num_rows
             + total_length(tables["quotes"], "content") + total_length(tables["entities"], "mentions"))
    return {"documents": tables["documents"].num_rows, "sentences": tables["sentences"].num_rows,
            "spans": spans, "build_s": built - start, "load_s": loaded - built, "peak_mb": peak_mb,
            "main_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def steps(n: int, passes: int = 3) -> None:
    """Per-document milliseconds of each step, serially in this process (best of `passes`)."""
    import gc

    from aqwal import schema
    from aqwal.dataset import stats
    from aqwal.dataset.encode import to_table
    from aqwal.dataset.records import config_rows
    from aqwal.dataset.verify import span_mismatches
    from aqwal.gold import yamlfile
    from aqwal.gold.validate import gold_paths, read_manifest, validate_paths

    folder = Path(tempfile.mkdtemp(prefix=f"aqwal-steps-{n}-"))
    try:
        make_corpus(n, folder)
        paths, _ = gold_paths(folder / "gold")
        manifest = read_manifest(folder / "seeds")
        gc.disable()  # as in the build
        state: dict = {}
        work = {
            "reading the YAML": lambda: [yamlfile.read(p) for p in paths],
            "all of validation (reading included)": lambda: state.update(
                documents=validate_paths(paths, folder / "seeds", manifest)[1]),
            "building the rows": lambda: state.update(rows=config_rows(state["documents"])),
            "re-checking every span of the rows": lambda: span_mismatches(state["rows"]),
            "counting labels for the card": lambda: stats.count(state["rows"]),
            "label names to ids and Arrow tables": lambda: [
                to_table(state["rows"][c], schema.FEATURES[c]) for c in schema.CONFIGS],
        }
        best: dict[str, float] = {}
        for _ in range(passes):
            state.clear()
            for name, step in work.items():
                start = time.perf_counter()
                step()
                best[name] = min(best.get(name, float("inf")), time.perf_counter() - start)
        print("| step | ms per document |\n|---|---:|")
        for name, seconds in best.items():
            print(f"| {name} | {seconds / n * 1000:.1f} |")
    finally:
        shutil.rmtree(folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--jobs", type=int, help="worker processes for the build (default: every core)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the median is shown")
    parser.add_argument("--steps", type=int, metavar="N",
                        help="instead: time each step serially on N copies (best of 3)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--sample-memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.steps:
        steps(args.steps)
        return 0
    if args.measure:
        print(json.dumps(measure(args.measure, args.jobs, args.sample_memory)))
        return 0
    print(f"| documents | sentences | spans | validate + build (s), median of {args.repeat} | "
          "per document | load_dataset, 4 configs (s) | peak memory, PSS of all processes "
          "(MB), one more run | max RSS: main, largest worker (MB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        folder = Path(tempfile.mkdtemp(prefix=f"aqwal-bench-{n}-"))
        try:
            make_corpus(n, folder)
            jobs = ["--jobs", str(args.jobs)] if args.jobs else []
            runs = []
            for sample in [False] * args.repeat + [True]:
                shutil.rmtree(folder / "data", ignore_errors=True)
                shutil.rmtree(folder / "cache", ignore_errors=True)
                flags = [*jobs, "--sample-memory"] if sample else jobs
                run = subprocess.run([sys.executable, __file__, "--measure", str(folder), *flags],
                                     capture_output=True, text=True)
                if run.returncode:
                    raise SystemExit(f"the build of {n} documents failed:\n{run.stderr[-3000:]}")
                runs.append(json.loads(run.stdout.strip().splitlines()[-1]))
            sampled = runs.pop()
            r = sorted(runs, key=lambda run: run["build_s"])[len(runs) // 2]
            worker = f"{sampled['worker_rss_mb']:.0f}" if sampled["worker_rss_mb"] else "no worker"
            print(f"| {r['documents']:,} | {r['sentences']:,} | {r['spans']:,} | {r['build_s']:.2f} | "
                  f"{r['build_s'] / r['documents'] * 1000:.1f} ms | {r['load_s']:.2f} | "
                  f"{sampled['peak_mb']:.0f} | {sampled['main_rss_mb']:.0f}, {worker} |", flush=True)
        finally:
            shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
