"""The benchmarks still run (their figures are in BENCHMARKS.md; nothing here is timed): the
corpus build on two copies of the article prints its row."""
import subprocess
import sys

from conftest import ROOT


def test_the_corpus_benchmark_builds_and_loads_two_copies():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "corpus.py"), "--sizes", "2", "--repeat", "1"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    row = run.stdout.strip().splitlines()[-1]
    assert row.startswith("| 2 | 58 |"), row  # two documents of 29 records each
