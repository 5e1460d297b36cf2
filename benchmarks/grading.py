"""Grading benchmark: what the grader costs on top of running a notebook, and how many
submissions a class can have graded per minute.

1. Overhead per notebook. For every answers/NN_*.ipynb, the median of --runs runs of
   (a) the floor: read the notebook from disk and execute it with nbclient exactly as the
       grader does (`aqwal.execute.run(nb, cwd, timeout, allow_errors=True, brief_errors=True)`), and
   (b) `aqwal.grade.grade_notebook(path, answers_dir)` on that same answer notebook
       (reads key and submission, assembles, executes, scores).
   The two are interleaved, so drift on the machine hits both alike. The project's target is
   an overhead under 20%.

2. Class-size throughput. A temporary folder gets --copies submissions of each of the six
   student notebooks, <tmp>/sNNN/<name>.ipynb. For every exercise of every copy a seeded coin
   (random.Random(--seed)) decides whether the student cell is replaced by the solution cell of
   the answer key (matched by cell id: `aqwal.exercises.exercises()` gives the solution cell ids)
   or left as the stub. All of them are graded with `aqwal.grade.grade_many(..., data_dir=data/,
   jobs=J)` for each J in --jobs. Every solved exercise must score full points and every
   unsolved one 0; anything else is counted as a mismatch (and the first few are listed).

Run (the grader needs no network; the script sets HF_HUB_OFFLINE=1 and HF_DATASETS_OFFLINE=1
unless they are set):

    .venv/bin/python benchmarks/grading.py                        # runs=3, copies=20, jobs 1 2
    .venv/bin/python benchmarks/grading.py --copies 2 --runs 1    # a quick look
    .venv/bin/python benchmarks/grading.py --copies 50 --jobs 2   # a class of 50 (300 notebooks)

On 2 cores a notebook takes 7-11 s to grade, so the quick look takes about 5 minutes,
--copies 5 about 13 minutes and the defaults about 35 minutes (most of it the jobs=1 pass).

Prints Markdown tables to stdout; progress goes to stderr. Not part of the test suite.
"""
from __future__ import annotations

import argparse
import copy
import os
import platform
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import nbformat

from aqwal.exercises import execute, grade
from aqwal.exercises.generate import exercises, write

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = ROOT / "answers"
STUDENTS = ROOT / "notebooks"
DATA = ROOT / "data"
TARGET_OVERHEAD = 20.0  # percent
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
    return ["| nproc | CPU | Python | command |", "|---:|---|---|---|",
            f"| {nproc()} | {cpu_model()} | {platform.python_version()} | `{command_line()}` |"]


# --- 1. overhead over plain nbclient ------------------------------------------------------

def plain_run(path: Path, timeout: int) -> float:
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    execute.run(nb, path.parent, timeout, allow_errors=True, brief_errors=True)
    return time.perf_counter() - start


def graded_run(path: Path, timeout: int) -> float:
    start = time.perf_counter()
    result = grade.grade_notebook(path, path.parent, timeout=timeout)
    elapsed = time.perf_counter() - start
    if result.total != result.max_total:  # an answer key must pass, or the timing means nothing
        failed = [(e.id, e.message) for e in result.exercises if e.points != e.max_points]
        log(f"  WARNING: {path.name} scored {result.total:g}/{result.max_total:g}: {failed}")
    return elapsed


def overhead(answers: list[Path], runs: int, timeout: int) -> list[str]:
    lines = ["| notebook | nbclient run (s) | grade (s) | overhead (%) |", "|---|---:|---:|---:|"]
    total_run = total_grade = 0.0
    for path in answers:
        plain, graded = [], []
        for i in range(runs):
            plain.append(plain_run(path, timeout))
            graded.append(graded_run(path, timeout))
            log(f"  {path.name} run {i + 1}/{runs}: nbclient {plain[-1]:.2f} s, grade {graded[-1]:.2f} s")
        p, g = statistics.median(plain), statistics.median(graded)
        total_run, total_grade = total_run + p, total_grade + g
        lines.append(f"| {path.name} | {p:.2f} | {g:.2f} | {(g - p) / p * 100:+.1f} |")
    lines.append(f"| **all** | {total_run:.2f} | {total_grade:.2f} | "
                 f"{(total_grade - total_run) / total_run * 100:+.1f} |")
    return lines


# --- 2. class-size throughput -------------------------------------------------------------

def make_class(folder: Path, names: list[str], copies: int, seed: int) -> dict[tuple[str, str], bool]:
    """copies submissions of each notebook under folder/sNNN/; returns {(path, exercise): solved}."""
    rng = random.Random(seed)
    answers = {n: nbformat.read(ANSWERS / n, as_version=4) for n in names}
    students = {n: nbformat.read(STUDENTS / n, as_version=4) for n in names}
    solved: dict[tuple[str, str], bool] = {}
    for k in range(copies):
        sub = folder / f"s{k:03d}"
        sub.mkdir(parents=True)
        for name in names:
            key = {cell.get("id"): cell for cell in answers[name].cells}
            nb = copy.deepcopy(students[name])
            cells = {cell.get("id"): cell for cell in nb.cells}
            path = sub / name
            for ex in exercises(answers[name]):
                solved[(str(path), ex.id)] = done = rng.random() < 0.5
                for cid in ex.solution_ids:
                    if cid not in cells:
                        raise SystemExit(f"{STUDENTS / name} has no cell {cid!r}; "
                                         "regenerate the student notebooks (`aqwal exercises`)")
                    if done:
                        cells[cid].source = key[cid].source
            write(nb, path)
    return solved


def mismatches(results: list[grade.NotebookResult],
               solved: dict[tuple[str, str], bool]) -> list[str]:
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


def throughput(names: list[str], copies: int, jobs: list[int], seed: int, timeout: int,
               keep: bool) -> tuple[list[str], list[str]]:
    folder = Path(tempfile.mkdtemp(prefix="aqwal-grading-"))
    lines = ["| jobs | notebooks | seconds | notebooks per minute | mismatches |",
             "|---:|---:|---:|---:|---:|"]
    notes: list[str] = []
    try:
        solved = make_class(folder, names, copies, seed)
        paths = sorted(folder.glob("s*/*.ipynb"))
        n_solved = sum(solved.values())
        notes.append(f"{len(paths)} submissions in {folder}: {n_solved} of {len(solved)} exercises "
                     f"solved, {len(solved) - n_solved} left as stubs (seed {seed}).")
        for j in jobs:
            log(f"  grading {len(paths)} notebooks with jobs={j} ...")
            start = time.perf_counter()
            results = grade.grade_many(paths, ANSWERS, timeout=timeout, data_dir=DATA, jobs=j)
            seconds = time.perf_counter() - start
            wrong = mismatches(results, solved)
            log(f"  jobs={j}: {seconds:.1f} s, {len(wrong)} mismatches")
            lines.append(f"| {j} | {len(paths)} | {seconds:.1f} | {len(paths) / seconds * 60:.1f} | {len(wrong)} |")
            for w in wrong[:SHOW_MISMATCHES]:
                notes.append(f"jobs={j} mismatch: {w}")
            if len(wrong) > SHOW_MISMATCHES:
                notes.append(f"jobs={j}: … and {len(wrong) - SHOW_MISMATCHES} more mismatches")
    finally:
        if keep:
            notes.append(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return lines, notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per notebook for the overhead median")
    parser.add_argument("--copies", type=int, default=20,
                        help="submissions of each of the 6 student notebooks (a class of this size)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="grade_many worker counts")
    parser.add_argument("--seed", type=int, default=0, help="seed of the solved/unsolved mix")
    parser.add_argument("--timeout", type=int, default=grade.DEFAULT_TIMEOUT, help="per-cell timeout (s)")
    parser.add_argument("--notebooks", nargs="+", metavar="NAME",
                        help="only these notebooks, e.g. 01_exploring.ipynb (all when not given)")
    parser.add_argument("--skip-overhead", action="store_true", help="skip part 1")
    parser.add_argument("--skip-throughput", action="store_true", help="skip part 2")
    parser.add_argument("--keep", action="store_true", help="keep the temporary submissions folder")
    args = parser.parse_args()

    answers = sorted(ANSWERS.glob("[0-9][0-9]_*.ipynb"))
    if args.notebooks:
        answers = [p for p in answers if p.name in set(args.notebooks)]
    if not answers:
        parser.error("no answer notebooks selected")

    print("## Machine\n")
    print("\n".join(machine_table()))
    if not args.skip_overhead:
        log(f"overhead: {len(answers)} notebooks x {args.runs} runs x 2")
        print(f"\n## Grader overhead over plain nbclient (median of {args.runs} run"
              f"{'s' if args.runs != 1 else ''}; "
              f"target under {TARGET_OVERHEAD:g}%)\n")
        print("\n".join(overhead(answers, args.runs, args.timeout)))
    if not args.skip_throughput:
        log(f"throughput: {args.copies} copies x {len(answers)} notebooks, jobs {args.jobs}")
        lines, notes = throughput([p.name for p in answers], args.copies, args.jobs, args.seed,
                                  args.timeout, args.keep)
        print(f"\n## Class-size throughput ({args.copies} copies of each notebook)\n")
        print("\n".join(lines))
        if notes:
            print()
            print("\n".join(f"- {n}" for n in notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
