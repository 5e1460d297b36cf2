"""The grader on the tiny toy key, against honest and adversarial submissions (tests/attacks.py).

Each attack here gave its author marks (or broke the batch) with the grader this one replaced,
which ran the checks in the student's kernel; the report of issue 10 lists what each got. The
submissions of one test are graded in one call, two at a time, and the key's values come from
a cache shared by the session, so the key runs once.
"""
import hashlib
import json
import os
import subprocess
import sys
import threading
import time

import nbformat
import pytest
from attacks import (
    BARE_EXCEPT_LOOP,
    DIES,
    FOOL_EQUALITY,
    HANGS_IN_A_CASE,
    IGNORES_SIGINT,
    KILLS_ITS_PARENT,
    READ_THE_KEY,
    SILENCERS,
    SPOOF,
    submission,
    tamper,
)
from notebook_factory import POINTS, toy_answers

from aqwal.exercises.generate import write
from aqwal.exercises.grade import grade_many
from aqwal.exercises.judge import NOT_ANSWERED
from aqwal.exercises.key import KeyBroken, read_plan


@pytest.fixture
def toy(tmp_path):
    """answers/toy.ipynb and answers/toy2.ipynb (the same key), and a data folder."""
    (tmp_path / "answers").mkdir()
    for name in ("toy", "toy2"):
        write(toy_answers(), tmp_path / "answers" / f"{name}.ipynb")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "README.md").write_text("a data folder the kernels get a read-only copy of\n")
    return tmp_path


def hand_in(toy, student: str, nb, name: str = "toy"):
    """submissions/<student>/<name>.ipynb; nb is a notebook or the text of a file."""
    path = toy / "submissions" / student / f"{name}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(nb, str | bytes):
        path.write_bytes(nb if isinstance(nb, bytes) else nb.encode())
    else:
        write(nb, path)
    return path


def grade(toy, key_cache, paths, **options):
    options = {"timeout": 10, "jobs": 2, "cache_dir": key_cache, "data_dir": toy / "data", **options}
    return grade_many(paths, toy / "answers", **options)


def points(result):
    return {e.id: e.points for e in result.exercises}


def messages(result):
    return {e.id: e.message for e in result.exercises}


FULL = {ex: float(p) for ex, p in POINTS.items()}
ZERO = dict.fromkeys(POINTS, 0.0)
HONEST = toy_answers()


def test_key_full_marks_student_copy_not_answered_half_solved_exactly_its_cases(toy, key_cache):
    half = submission({"ex2": "def shout(s):\n    return s.upper() + '!' if s else '?'",
                       "ex4": "def mean(xs):\n    return sum(xs) // len(xs)"})
    paths = [hand_in(toy, "key", HONEST), hand_in(toy, "empty", submission({})), hand_in(toy, "half", half)]
    key, empty, partial = grade(toy, key_cache, paths)
    assert points(key) == FULL and key.total == key.max_total == 10
    assert points(empty) == ZERO
    assert all(c.message == NOT_ANSWERED for e in empty.exercises for c in e.cases)
    assert all(e.message == NOT_ANSWERED for e in empty.exercises)
    # ex2: 'a' and 'abc' right, '' wrong; ex4: mean([]) raises and 0 <= 0.0 <= 1, but ints, not floats
    cases = {(e.id, c.name): c for e in partial.exercises for c in e.cases}
    solved = {k for k, c in cases.items() if c.passed}
    assert solved == {("ex2", "shout('a') is 'A!'"), ("ex2", "shout('abc') is 'ABC!'"),
                      ("ex4", "mean([]) raises ZeroDivisionError"), ("ex4", "a mean of probabilities is a probability")}
    assert partial.total == sum(c.max_points for k, c in cases.items() if k in solved) == 4.0
    assert points(partial) == {"ex1": 0.0, "ex2": 2.0, "ex3": 0.0, "ex4": 2.0}
    assert cases[("ex4", "mean([1, 2]) is 1.5")].message == "expected a float: 1.5; got an int: 1"
    assert cases[("ex2", "shout('') is '!'")].message == (
        "expected a str of 1 character: '!'; got a str of 1 character: '?'")


def test_silencing_errors_earns_nothing(toy, key_cache):
    """set_custom_exc, input and AST transformers, showtraceback, a post_run_cell hook that
    clears outputs, an exception whose _render_traceback_ raises: each made every check of the
    old grader 'run without an error' (full marks for wrong answers)."""
    paths = [hand_in(toy, name, submission(attack)) for name, attack in SILENCERS.items()]
    for name, result in zip(SILENCERS, grade(toy, key_cache, paths), strict=True):
        assert points(result) == ZERO, (name, messages(result))
        assert not any(c.passed for e in result.exercises for c in e.cases), name


def test_equality_cannot_be_fooled(toy, key_cache):
    """An object equal to everything, a str subclass whose == is always true, 3.0 for 3, and
    math.isclose / numpy.allclose patched to say yes: full marks on the old grader."""
    [result] = grade(toy, key_cache, [hand_in(toy, "fool", submission(FOOL_EQUALITY))])
    assert points(result) == ZERO
    said = messages(result)
    assert "AlwaysEqual, which the grader cannot read" in said["ex1"]
    assert "Yes, which the grader cannot read" in said["ex2"]
    assert said["ex3"] == "expected an int: 3; got a float: 3.0"
    assert "Num, which the grader cannot read" in said["ex4"] or "cannot read" in said["ex4"]


def test_the_answer_key_cannot_be_read(toy, key_cache):
    """Looking for answers/ from the working folder, the package's folder, /proc's cwd and
    cmdline entries and the key cache found the toy key on the old grader: ex1 scored."""
    [result] = grade(toy, key_cache, [hand_in(toy, "reader", submission(READ_THE_KEY))])
    assert points(result) == ZERO
    assert "not defined" in result.exercises[0].message


def _digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _processes_with(mark: str, wait: float = 10.0) -> list[int]:
    """Live processes whose command line holds mark, once those being killed have gone."""
    limit = time.monotonic() + wait
    while (found := _live_with(mark)) and time.monotonic() < limit:
        time.sleep(0.1)
    return found


def _live_with(mark: str) -> list[int]:
    found = []
    for proc in os.listdir("/proc"):
        try:
            with open(f"/proc/{proc}/cmdline", "rb") as cmdline:
                if proc.isdigit() and mark.encode() in cmdline.read():
                    found.append(int(proc))
        except OSError:
            pass
    return [p for p in found if p != os.getpid()]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_submission_cannot_change_another(toy, key_cache, jobs):
    """Graded first, in the same folder as an honest notebook, the tamperer rewrites the key
    (NaN points, failing checks) and the data, leaves an IPython startup file, plants a module
    the next setup imports and starts a process that kills the next kernels. On the old grader
    the honest notebook then scored 0 of NaN."""
    mark = str(toy)
    answers, data = _digest(toy / "answers"), _digest(toy / "data")
    bad = hand_in(toy, "shared", submission(tamper(mark, str(toy / "answers"), str(toy / "data"))))
    good = hand_in(toy, "shared", HONEST, name="toy2")
    tampered, honest = grade(toy, key_cache, [bad, good], jobs=jobs)
    assert points(honest) == FULL and honest.max_total == 10, messages(honest)
    assert points(tampered)["ex1"] == FULL["ex1"]     # its own exercise still counts
    assert _digest(toy / "answers") == answers and _digest(toy / "data") == data
    assert sorted(p.name for p in (toy / "submissions" / "shared").iterdir()) == ["toy.ipynb", "toy2.ipynb"]
    assert _processes_with(mark) == [], "a process of a submission outlived its sandbox"


def test_kernels_that_do_not_stop_are_killed_and_the_batch_goes_on(toy, key_cache):
    """A cell that ignores SIGINT, one that loops in a bare except, and one that kills its
    parent: the old grader never returned (the first two) or lost the whole batch (the third).
    A kernel that dies, and a case that hangs, cost only what comes after them."""
    start = time.monotonic()
    paths = [hand_in(toy, "sigint", submission(IGNORES_SIGINT)), hand_in(toy, "bare", submission(BARE_EXCEPT_LOOP)),
             hand_in(toy, "killer", submission(KILLS_ITS_PARENT)), hand_in(toy, "dies", submission(DIES)),
             hand_in(toy, "case", submission(HANGS_IN_A_CASE)), hand_in(toy, "honest", HONEST)]
    sigint, bare, killer, dies, case, honest = grade(toy, key_cache, paths, timeout=3, jobs=3)
    assert time.monotonic() - start < 90
    for stuck in (sigint, bare):
        assert stuck.total == 0
        assert "did not stop" in stuck.exercises[1].message
        assert stuck.exercises[2].message.startswith("not graded: the kernel did not stop")
    assert killer.total == 0 and "Operation not permitted" in killer.exercises[0].message   # no parent to kill
    assert dies.total == 0 and dies.exercises[0].message == NOT_ANSWERED
    assert dies.exercises[1].message == dies.exercises[3].message == "not graded: the kernel died"
    assert points(case) == {"ex1": 0.0, "ex2": 3.0, "ex3": 0.0, "ex4": 0.0}
    assert case.exercises[0].message == "interrupted: it ran longer than the time limit of 3 s"
    assert points(honest) == FULL


def test_a_notebook_past_its_deadline_is_stopped(toy, key_cache):
    sleeper = submission({ex: f"import time\ntime.sleep(2)\n{src}" for ex, src in
                          (("ex1", "def double(x):\n    return 2 * x"), ("ex2", "def shout(s):\n    return 's'"),
                           ("ex3", "def total(xs):\n    return 0"), ("ex4", "def mean(xs):\n    return 0.0"))})
    [result] = grade(toy, key_cache, [hand_in(toy, "slow", sleeper)], deadline=5)
    assert result.total <= FULL["ex1"]
    assert "ran past its deadline" in result.exercises[-1].message


def _no_cell_type():
    nb = json.loads(nbformat.writes(HONEST))
    del nb["cells"][2]["cell_type"]
    return json.dumps(nb)


UNREADABLE = {
    "not-json": "{ this is not json",
    "no-cells": json.dumps({"metadata": {}}),
    "cells-not-a-list": json.dumps({"cells": {"a": 1}}),
    "source-not-text": json.dumps({"cells": [{"cell_type": "code", "id": "ex1-solution", "source": 5}]}),
    "deep": "[" * 100_000 + "]" * 100_000,
    "not-utf8": b"\xff\xfe{",
}


def test_a_bad_file_gets_a_row_with_zero_and_the_batch_goes_on(toy, key_cache):
    paths = [hand_in(toy, name, text) for name, text in UNREADABLE.items()]
    paths.append(hand_in(toy, "no-cell-type", _no_cell_type()))   # the reader skips that cell
    big = hand_in(toy, "huge", "")
    with open(big, "wb") as out:
        out.truncate(21 * 1024 * 1024)
    paths += [big, hand_in(toy, "honest", HONEST), toy / "submissions" / "honest" / "other.ipynb"]
    write(HONEST, paths[-1])
    *bad, no_type, huge, honest, other = grade(toy, key_cache, paths)
    for name, result in zip(UNREADABLE, bad, strict=True):
        assert result.total == 0 and "not a readable notebook" in result.exercises[0].message, name
    assert huge.total == 0 and "larger than 20 MB" in huge.exercises[0].message
    assert points(no_type)["ex1"] == 0 and points(no_type)["ex2"] == FULL["ex2"]
    assert points(honest) == FULL
    assert other.total == 0 and "no answer key" in other.exercises[0].message


def test_a_submission_that_is_not_a_regular_file_gets_a_row_with_zero(toy, key_cache):
    """A FIFO (or a link to one) where a notebook should be, as an unpacked archive can leave:
    reading it waited for a writer forever, so the batch never ended (a link to /dev/zero read
    until the grader ran out of memory)."""
    fifo = toy / "submissions" / "fifo" / "toy.ipynb"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    link = toy / "submissions" / "link" / "toy.ipynb"
    link.parent.mkdir()
    link.symlink_to(fifo)
    paths = [fifo, link, hand_in(toy, "honest", HONEST)]
    done = []
    worker = threading.Thread(target=lambda: done.append(grade(toy, key_cache, paths)), daemon=True)
    worker.start()
    worker.join(60)
    if not done:   # free the stuck reader before failing
        for _ in paths[:2]:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert done, "the batch never ended"
    fifo_row, link_row, honest = done[0]
    for row in (fifo_row, link_row):
        assert row.total == 0 and "not a readable notebook (it is not a regular file)" in row.exercises[0].message
    assert points(honest) == FULL


def _run_cli(toy, key_cache, *args, env=None):
    return subprocess.run([sys.executable, "-m", "aqwal", "grade", "--answers", str(toy / "answers"),
                           "--data", str(toy / "data"), "--key-cache", str(key_cache), "--jobs", "2", *args],
                          capture_output=True, text=True, env=env)


def test_the_report_cannot_be_spoofed(toy, key_cache):
    """The kernel wrote to the grader's stdout (so --json was not JSON) and put terminal
    escapes into messages; a forged result message, a 10 MB value, a file name with escapes."""
    spoof = hand_in(toy, "stu\x1b[2Jdent", submission(SPOOF))
    honest = hand_in(toy, "honest", HONEST)
    run = _run_cli(toy, key_cache, "--format", "json", str(spoof), str(honest))
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    assert [r["total"] for r in results] == [0, 10]
    assert list(results[1]) == ["notebook", "student", "exercises", "total", "max_total"]
    assert list(results[1]["exercises"][0]) == ["id", "points", "max_points", "message", "cases"]
    assert list(results[1]["exercises"][0]["cases"][0]) == ["name", "hidden", "points", "max_points", "passed",
                                                            "message"]
    assert [c["hidden"] for c in results[1]["exercises"][0]["cases"]] == [False, True]
    said = {e["id"]: e["message"] for e in results[0]["exercises"]}
    assert said["ex1"].startswith("raised ValueError: \\x1b[2J\\x1b]0;owned\\x07\\u202eAAAA")
    assert len(said["ex1"]) <= 300
    assert said["ex2"].startswith("returned a value larger than the limit")
    assert said["ex3"] == "more results came back than the check has cases"
    assert results[0]["student"] == "stu\x1b[2Jdent"   # JSON escapes it; text reports show it escaped
    out = toy / "grades.json"
    text = _run_cli(toy, key_cache, "--out", str(out), "--format", "json", str(spoof), str(honest))
    assert json.loads(out.read_text()) == results
    assert "\x1b" not in text.stdout and "stu\\x1b[2Jdent" in text.stdout and "forged" not in text.stdout
    assert not any(ord(c) < 32 and c != "\n" for c in text.stdout)


def test_without_a_sandbox_grading_is_refused_unless_asked_for(toy, key_cache, tmp_path):
    env = {**os.environ, "PATH": str(tmp_path)}   # no bwrap on this PATH
    refused = _run_cli(toy, key_cache, str(toy / "answers" / "toy.ipynb"), env=env)
    assert refused.returncode == 2 and refused.stdout == ""
    assert "bubblewrap" in refused.stderr and "--no-sandbox" in refused.stderr
    key = str(toy / "answers" / "toy.ipynb")
    allowed = _run_cli(toy, key_cache, "--no-sandbox", "--format", "json", key, env=env)
    assert allowed.returncode == 0, allowed.stderr
    assert json.loads(allowed.stdout)[0]["total"] == 10


@pytest.mark.parametrize("points, problem", [(float("nan"), "finite"), (-1, "finite number ≥ 0"),
                                             ("2", "finite")])
def test_a_key_with_points_that_are_not_a_finite_positive_number_is_refused(tmp_path, points, problem):
    key = toy_answers()
    key.cells[3].metadata["nbgrader"]["points"] = points
    write(key, tmp_path / "toy.ipynb")
    with pytest.raises(KeyBroken, match=problem):
        read_plan(tmp_path / "toy.ipynb")
