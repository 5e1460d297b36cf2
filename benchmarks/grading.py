"""Grading benchmark: what the sandboxed grader costs over running a notebook with plain
nbclient, and how fast a class folder is graded.

0. The sandbox alone. --runs times each, alternating: start a kernel in the bubblewrap sandbox
   and without one (`aqwal.exercises.kernel.Kernel(data, sandboxed=...)`), time until it is
   ready, then load the four configs in it (`aqwal.load`, a fresh home both ways), then stop.

1. Per notebook. For every answers/NN_*.ipynb, the median of --runs runs of
   (a) plain nbclient: read the notebook and execute it in its folder, as nbval would
       (`aqwal.exercises.execute.run(nb, cwd, timeout, allow_errors=True)`);
   (b) the grader without a sandbox: `grade.grade_one` of that answer notebook as a submission
       (reads it, runs the key's cells with its solutions, a probe per check, judges), the
       key's values already cached;
   (c) the same in the bubblewrap sandbox (the default of `aqwal grade`).
   The three are interleaved, so drift on the machine hits them alike; (c) - (b) is the
   sandbox's overhead per notebook. Computing the key once (a trusted run that evaluates
   every case) is timed on its own.

2. A class folder. A temporary folder gets --copies submissions of each of the six student
   notebooks, <tmp>/sNNN/<name>.ipynb; for every exercise of every copy a seeded coin
   (random.Random(--seed)) decides whether its solution cells come from the answer key or stay
   stubs. The keys are computed once into a fresh cache (timed), then the folder is graded
   with `grade.grade_many(..., jobs=J)` for each J in --jobs (sandboxed), and the same
   notebooks are run with plain nbclient on J threads, for comparison. Every solved exercise
   must score full points and every unsolved one 0; anything else is a mismatch.

Run (offline; the script sets HF_HUB_OFFLINE=1 and HF_DATASETS_OFFLINE=1 unless set):

    .venv/bin/python benchmarks/grading.py                       # runs=3, copies=5 (30 notebooks), jobs 1 2
    .venv/bin/python benchmarks/grading.py --runs 1 --copies 1   # a quick look
    .venv/bin/python benchmarks/grading.py --copies 50 --jobs 2  # a class of 50 (300 notebooks)

Prints Markdown tables to stdout; progress goes to stderr. Not part of the test suite.
"""
from __future__ import annotations

import argparse
import copy
import os
import platform
import random
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import nbformat

from aqwal.dataset.load import content_hash
from aqwal.exercises import execute, grade, key
from aqwal.exercises.generate import write
from aqwal.exercises.kernel import Kernel

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = ROOT / "answers"
STUDENTS = ROOT / "notebooks"
DATA = ROOT / "data"
SHOW_MISMATCHES = 10


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the machine --------------------------------------------------------------------------

def nproc() -> str:
    try:
        return subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return str(len(os.sched_getaffinity(0)))


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def command_line() -> str:
    exe = Path(sys.executable)
    shown = os.path.relpath(exe, Path.cwd()) if exe.is_relative_to(ROOT) else str(exe)
    return shlex.join([shown, *sys.argv])


def machine_table() -> list[str]:
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return ["| nproc | CPU | Python | load (1/5/15 min) at the start | command |", "|---:|---|---|---|---|",
            f"| {nproc()} | {cpu_model()} | {platform.python_version()} | {load} | `{command_line()}` |"]


# --- 0. the sandbox alone ------------------------------------------------------------------

LOAD_ALL = "import aqwal\nfor config in ('sentences', 'quotes', 'entities', 'documents'):\n    aqwal.load(config)"


def sandbox_alone(runs: int, timeout: int) -> list[str]:
    times: dict[bool, list[tuple[float, float, float]]] = {True: [], False: []}
    for i in range(runs):
        for sandboxed in (True, False):
            start = time.perf_counter()
            with Kernel(DATA, sandboxed=sandboxed) as kernel:
                ready = time.perf_counter() - start
                kernel.run(LOAD_ALL, timeout)
                loaded = time.perf_counter() - start - ready
            times[sandboxed].append((ready, loaded, time.perf_counter() - start))
        log(f"  sandbox alone run {i + 1}/{runs}")
    lines = ["| | kernel ready (s) | load the 4 configs, fresh home (s) | start to stop (s) |", "|---|---:|---:|---:|"]
    for sandboxed, label in ((True, "bubblewrap sandbox"), (False, "no sandbox")):
        medians = [statistics.median(t[k] for t in times[sandboxed]) for k in range(3)]
        lines.append(f"| {label} | " + " | ".join(f"{m:.2f}" for m in medians) + " |")
    return lines


# --- 1. per notebook ----------------------------------------------------------------------

class Keys:
    """The keys' values, computed once per key into a cache of this run (timed)."""

    def __init__(self, folder: Path, timeout: int):
        self.folder, self.timeout = folder, timeout
        self.data = grade.copy_data(DATA, folder)
        self.digest = content_hash(DATA)
        self.values: dict[tuple[str, bool], key.KeyValues] = {}
        self.seconds: dict[tuple[str, bool], float] = {}

    def get(self, path: Path, sandboxed: bool) -> key.KeyValues:
        k = (path.name, sandboxed)
        if k not in self.values:
            start = time.perf_counter()
            self.values[k] = key.expected(path, self.data, self.digest, sandboxed, self.timeout,
                                          self.folder / "cache")
            self.seconds[k] = time.perf_counter() - start
        return self.values[k]


def plain_run(path: Path, timeout: int) -> float:
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    execute.run(nb, path.parent, timeout, allow_errors=True)
    return time.perf_counter() - start


def graded_run(path: Path, keys: Keys, sandboxed: bool, timeout: int) -> float:
    values = keys.get(path, sandboxed)
    settings = grade.Settings(timeout=timeout, sandboxed=sandboxed)
    start = time.perf_counter()
    result = grade.grade_one(path, values, keys.data, settings)
    elapsed = time.perf_counter() - start
    if result.total != result.max_total:  # an answer key must pass, or the timing means nothing
        failed = [(e.id, e.message) for e in result.exercises if e.points != e.max_points]
        log(f"  WARNING: {path.name} scored {result.total:g}/{result.max_total:g}: {failed}")
    return elapsed


def per_notebook(answers: list[Path], runs: int, timeout: int, keys: Keys) -> list[str]:
    lines = ["| notebook | nbclient (s) | grader, no sandbox (s) | grader, sandbox (s) | sandbox overhead (s) "
             "| key computed once (s) |", "|---|---:|---:|---:|---:|---:|"]
    totals = [0.0] * 5
    for path in answers:
        keys.get(path, True)
        keys.get(path, False)
        times: dict[str, list[float]] = {"plain": [], "bare": [], "sandbox": []}
        for i in range(runs):
            times["plain"].append(plain_run(path, timeout))
            times["bare"].append(graded_run(path, keys, False, timeout))
            times["sandbox"].append(graded_run(path, keys, True, timeout))
            log(f"  {path.name} run {i + 1}/{runs}: nbclient {times['plain'][-1]:.2f} s, "
                f"no sandbox {times['bare'][-1]:.2f} s, sandbox {times['sandbox'][-1]:.2f} s")
        p, b, s = (statistics.median(times[k]) for k in ("plain", "bare", "sandbox"))
        row = [p, b, s, s - b, keys.seconds[(path.name, True)]]
        totals = [t + r for t, r in zip(totals, row, strict=True)]
        lines.append(f"| {path.name} | " + " | ".join(f"{x:+.2f}" if i == 3 else f"{x:.2f}"
                                                       for i, x in enumerate(row)) + " |")
    lines.append("| **all** | " + " | ".join(f"**{x:+.2f}**" if i == 3 else f"**{x:.2f}**"
                                                 for i, x in enumerate(totals)) + " |")
    return lines


# --- 2. a class folder --------------------------------------------------------------------

def make_class(folder: Path, names: list[str], copies: int, seed: int) -> dict[tuple[str, str], bool]:
    """copies submissions of each notebook under folder/sNNN/; returns {(path, exercise): solved}."""
    rng = random.Random(seed)
    plans = {n: key.read_plan(ANSWERS / n) for n in names}
    answers = {n: nbformat.read(ANSWERS / n, as_version=4) for n in names}
    students = {n: nbformat.read(STUDENTS / n, as_version=4) for n in names}
    solved: dict[tuple[str, str], bool] = {}
    for k in range(copies):
        sub = folder / f"s{k:03d}"
        sub.mkdir(parents=True)
        for name in names:
            source = {cell.get("id"): cell.source for cell in answers[name].cells}
            nb = copy.deepcopy(students[name])
            cells = {cell.get("id"): cell for cell in nb.cells}
            path = sub / name
            for ex in plans[name].exercises:
                solved[(str(path), ex.id)] = done = rng.random() < 0.5
                for cid in ex.solution_ids:
                    if cid not in cells:
                        raise SystemExit(f"{STUDENTS / name} has no cell {cid!r}; regenerate (`aqwal exercises`)")
                    if done:
                        cells[cid].source = source[cid]
            write(nb, path)
    return solved


def mismatches(results: list[grade.NotebookResult], solved: dict[tuple[str, str], bool]) -> list[str]:
    wrong, seen = [], set()
    for r in results:
        for e in r.exercises:
            seen.add((r.notebook, e.id))
            expected = solved.get((r.notebook, e.id))
            if expected is None:
                wrong.append(f"{r.notebook} {e.id}: not an exercise of the key ({e.message})")
            elif expected and e.points != e.max_points:
                wrong.append(f"{r.notebook} {e.id}: solved, scored {e.points:g}/{e.max_points:g} ({e.message})")
            elif not expected and e.points != 0:
                wrong.append(f"{r.notebook} {e.id}: unsolved, scored {e.points:g}/{e.max_points:g} ({e.message})")
    wrong += [f"{nb} {ex}: no result" for nb, ex in sorted(set(solved) - seen)]
    return wrong


def plain_class(paths: list[Path], jobs: int, timeout: int) -> float:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(lambda p: plain_run(p, timeout), paths))
    return time.perf_counter() - start


def class_folder(names: list[str], copies: int, jobs: list[int], seed: int, timeout: int,
                 keep: bool) -> tuple[list[str], list[str]]:
    folder = Path(tempfile.mkdtemp(prefix="aqwal-grading-"))
    lines = ["| jobs | notebooks | sandboxed grader (s) | notebooks per minute | plain nbclient (s) "
             "| grader / nbclient | wrong scores |", "|---:|---:|---:|---:|---:|---:|---:|"]
    notes: list[str] = []
    try:
        solved = make_class(folder / "class", names, copies, seed)
        paths = sorted((folder / "class").glob("s*/*.ipynb"))
        cache = folder / "cache"
        n_solved = sum(solved.values())
        notes.append(f"{len(paths)} submissions: {n_solved} of {len(solved)} exercises solved, "
                     f"{len(solved) - n_solved} left as stubs (seed {seed}).")
        data = grade.copy_data(DATA, folder)
        start = time.perf_counter()
        for name in names:
            key.expected(ANSWERS / name, data, content_hash(DATA), True, timeout, cache)
        notes.append(f"the {len(names)} keys computed once, one after the other, into an empty cache: "
                     f"{time.perf_counter() - start:.1f} s (then every grading run below reuses them).")
        for j in jobs:
            log(f"  grading {len(paths)} notebooks with jobs={j} ...")
            start = time.perf_counter()
            results = grade.grade_many(paths, ANSWERS, timeout=timeout, data_dir=DATA, jobs=j, cache_dir=cache)
            seconds = time.perf_counter() - start
            wrong = mismatches(results, solved)
            log(f"  jobs={j}: {seconds:.1f} s, {len(wrong)} mismatches; plain nbclient ...")
            plain = plain_class(paths, j, timeout)
            lines.append(f"| {j} | {len(paths)} | {seconds:.1f} | {len(paths) / seconds * 60:.1f} | {plain:.1f} "
                         f"| {seconds / plain:.2f} | {len(wrong)} |")
            notes += [f"jobs={j} mismatch: {w}" for w in wrong[:SHOW_MISMATCHES]]
            if len(wrong) > SHOW_MISMATCHES:
                notes.append(f"jobs={j}: … and {len(wrong) - SHOW_MISMATCHES} more mismatches")
    finally:
        if keep:
            notes.append(f"kept {folder}")
        else:
            grade.remove_workspace(folder)
    return lines, notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per notebook for the medians of part 1")
    parser.add_argument("--copies", type=int, default=5,
                        help="submissions of each of the 6 student notebooks (5: a class folder of 30)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="notebooks graded at once")
    parser.add_argument("--seed", type=int, default=0, help="seed of the solved/unsolved mix")
    parser.add_argument("--timeout", type=int, default=grade.DEFAULT_TIMEOUT, help="per-cell timeout (s)")
    parser.add_argument("--notebooks", nargs="+", metavar="NAME",
                        help="only these notebooks, e.g. 01_exploring.ipynb (all when not given)")
    parser.add_argument("--skip-sandbox", action="store_true", help="skip part 0")
    parser.add_argument("--skip-notebooks", action="store_true", help="skip part 1")
    parser.add_argument("--skip-class", action="store_true", help="skip part 2")
    parser.add_argument("--keep", action="store_true", help="keep the temporary class folder")
    args = parser.parse_args()

    answers = sorted(ANSWERS.glob("[0-9][0-9]_*.ipynb"))
    if args.notebooks:
        answers = [p for p in answers if p.name in set(args.notebooks)]
    if not answers:
        parser.error("no answer notebooks selected")

    print("## Machine\n")
    print("\n".join(machine_table()))
    if not args.skip_sandbox:
        log(f"the sandbox alone: {args.runs} runs x 2")
        print(f"\n## The sandbox alone (median of {args.runs} run{'s' if args.runs != 1 else ''})\n")
        print("\n".join(sandbox_alone(args.runs, args.timeout)))
    if not args.skip_notebooks:
        log(f"per notebook: {len(answers)} notebooks x {args.runs} runs x 3")
        work = Path(tempfile.mkdtemp(prefix="aqwal-bench-keys-"))
        try:
            lines = per_notebook(answers, args.runs, args.timeout, Keys(work, args.timeout))
        finally:
            grade.remove_workspace(work)
        print(f"\n## One notebook: plain nbclient, the grader, the grader in its sandbox "
              f"(median of {args.runs} run{'s' if args.runs != 1 else ''})\n")
        print("\n".join(lines))
    if not args.skip_class:
        log(f"class: {args.copies} copies x {len(answers)} notebooks, jobs {args.jobs}")
        lines, notes = class_folder([p.name for p in answers], args.copies, args.jobs, args.seed,
                                    args.timeout, args.keep)
        print(f"\n## A class folder ({args.copies} copies of each notebook), sandboxed\n")
        print("\n".join(lines))
        if notes:
            print()
            print("\n".join(f"- {n}" for n in notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
