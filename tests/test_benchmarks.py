"""The benchmarks still run (their figures are in BENCHMARKS.md; nothing here is timed): the
corpus build on one and two copies of the article prints a whole row for each."""
import subprocess
import sys

from conftest import ROOT


def test_the_corpus_benchmark_builds_and_loads_one_and_two_copies():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "corpus.py"), "--sizes", "1", "2", "--repeat", "1"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    header, _, *rows = run.stdout.strip().splitlines()
    assert [row.split(" | ")[:2] for row in rows] == [["| 1", "29"], ["| 2", "58"]], rows  # 29 records each
    assert all(row.count("|") == header.count("|") for row in rows), rows
