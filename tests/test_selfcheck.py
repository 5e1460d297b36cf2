"""The students' self-check, `aqwal.check`: public cases only, a verdict per case, never raises."""
import json

import pytest
from notebook_factory import toy_answers

import aqwal
from aqwal.exercises import execute, selfcheck
from aqwal.exercises.generate import generate, write
from aqwal.exercises.judge import NOT_ANSWERED

KEY = {"BASE": 10, "double": lambda x: 2 * x, "shout": lambda s: s.upper() + "!", "total": sum,
       "mean": lambda xs: sum(xs) / len(xs)}


def _stub(*args):
    raise NotImplementedError()


STUBS = {"BASE": 10, **dict.fromkeys(["double", "shout", "total", "mean"], _stub)}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The toy key run once (its stored outputs hold the public values), and its student copy."""
    root = tmp_path_factory.mktemp("course")
    (root / "answers").mkdir()
    key = toy_answers()
    execute.run(key, root / "answers", 60, allow_errors=False)
    write(key, root / "answers" / "toy.ipynb")
    generate(root / "answers", root / "notebooks")
    return root


def spec(course, exercise):
    return json.loads((course / "notebooks" / "checks" / "toy.json").read_text())["exercises"][exercise]


def test_the_self_check_file_has_the_public_cases_only(course):
    data = json.loads((course / "notebooks" / "checks" / "toy.json").read_text())
    names = {ex: [s["case"]["name"] for s in e["statements"] if "case" in s] for ex, e in data["exercises"].items()}
    assert names == {"ex1": ["double(BASE) is 20"], "ex2": ["shout('a') is 'A!'", "shout('') is '!'"],
                     "ex3": ["total([1, 2]) is 3"], "ex4": ["mean([1, 2]) is 1.5", "mean([2, 2]) is the float 2.0"]}
    assert data["exercises"]["ex2"]["statements"][0] == {"given": "WORDS = ['a', 'abc']"}
    assert data["exercises"]["ex1"]["statements"][0]["case"]["expected"] == 20


def test_the_key_passes_and_a_stub_is_not_answered_yet(course):
    for exercise in ("ex1", "ex2", "ex3", "ex4"):
        assert all(ok for _, ok, _ in selfcheck.run(exercise, spec(course, exercise), dict(KEY)))
        assert selfcheck.report(exercise, selfcheck.run(exercise, spec(course, exercise), dict(STUBS))) == (
            f"Exercise {exercise[2:]}: {NOT_ANSWERED}")


def test_a_wrong_answer_says_what_came_back(course):
    verdicts = selfcheck.run("ex4", spec(course, "ex4"), {**KEY, "mean": lambda xs: sum(xs) // len(xs)})
    text = selfcheck.report("ex4", verdicts)
    assert text.splitlines() == [
        "Exercise 4: 0 of 2 public test cases passed (the grade also counts hidden ones)",
        "  ✗ mean([1, 2]) is 1.5: expected a float: 1.5; got an int: 1",
        "  ✗ mean([2, 2]) is the float 2.0: expected a float: 2.0; got an int: 2"]


def test_it_never_raises(course, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    aqwal.check("ex1", notebook="toy")
    assert "cannot run: no checks/toy.json" in capsys.readouterr().out
    monkeypatch.chdir(course / "notebooks")
    aqwal.check("ex9", notebook="toy")
    assert "no exercise 'ex9'" in capsys.readouterr().out
    (tmp_path / "checks").mkdir()
    (tmp_path / "checks" / "toy.json").write_text("{not json")
    monkeypatch.chdir(tmp_path)
    aqwal.check("ex1", notebook="toy")
    assert "could not run (JSONDecodeError" in capsys.readouterr().out


def test_run_all_on_the_student_copy_reaches_the_end(course):
    """Every check cell of the student copy prints its verdict, and no cell raises."""
    import nbformat
    student = nbformat.read(course / "notebooks" / "toy.ipynb", as_version=4)
    execute.run(student, course / "notebooks", 60, allow_errors=False)
    checks = [c for c in student.cells if c.id.endswith("-check")]
    assert [c.source.splitlines()[-1] for c in checks] == [f'aqwal.check("ex{n}", notebook="toy")' for n in range(1, 5)]
    assert ["".join(o.get("text", "") for o in c.outputs) for c in checks] == [
        f"Exercise {n}: {NOT_ANSWERED}\n" for n in range(1, 5)]
