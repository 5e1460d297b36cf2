"""Stubbing one exercise's solution fails that exercise's test cases alone (no cascade), and
stubbing them all (the student notebook) fails every case with "not answered yet", in every
notebook. The same kernel also shows that the key passes its own cases, that re-running the
checks later gives the same values, and that the public values committed for the students'
self-check (notebooks/checks/) are the key's.

The test is run from two files, half the notebooks each, so that the two workers of
`pytest -n 2 --dist loadfile` share its time.
"""
import json

from conftest import ROOT

from aqwal.exercises import key
from aqwal.exercises.judge import NOT_ANSWERED, Value, difference, judge, outcome_of
from aqwal.exercises.kernel import Kernel

ANSWERS = sorted((ROOT / "answers").glob("*.ipynb"))
TIMEOUT = 120


def _verdicts(kernel, plan, expected) -> dict[str, list]:
    """Every exercise's checks run again now: {exercise: [verdict of each case]}."""
    run = key.Run()
    for ex in plan.exercises:
        key.take_results(run, ex.check, key.run_probe(kernel, ex.check, TIMEOUT).results)
    missing = outcome_of(None)
    return {ex.id: [judge(c, expected[ex.id][c.index], run.outcomes[ex.id].get(c.index, missing))
                    for c in ex.check.cases] for ex in plan.exercises}


def _passed(verdicts) -> dict[str, bool]:
    return {ex: all(v.passed for v in vs) for ex, vs in verdicts.items()}


def _self_check(kernel, plan, checks_text: str) -> dict[str, str]:
    """What `aqwal.check` says for each exercise, from the committed self-check file."""
    statements = [["given", 0, f"import json as _json\nimport aqwal.exercises.selfcheck as _sc\n"
                               f"_spec = _json.loads({checks_text!r})['exercises']"]]
    statements += [["case", i, f"_sc.report({ex.id!r}, _sc.run({ex.id!r}, _spec[{ex.id!r}], get_ipython().user_ns))"]
                   for i, ex in enumerate(plan.exercises)]
    code = f"import aqwal.exercises.probe as _p\n_p.run('self-check', {statements!r})"
    said = [json.loads(r)["outcome"] for r in kernel.run(code, TIMEOUT, expect=len(statements)).results]
    return {ex.id: outcome_of(o).value for ex, o in zip(plan.exercises, said[-len(plan.exercises):], strict=True)}


def _committed_public_values_are_the_keys(plan, expected, checks: dict) -> None:
    for ex in plan.exercises:
        statements = [s["case"] for s in checks["exercises"][ex.id]["statements"] if "case" in s]
        public = [c for c in ex.check.cases if not c.hidden]
        assert [s["name"] for s in statements] == [c.name for c in public], ex.id
        for stored, case in zip(statements, public, strict=True):
            if case.needs_key:
                value = outcome_of({"value": json.dumps(stored["expected"])})
                same = isinstance(value, Value) and difference(expected[ex.id][case.index].value, value.value, 0.0)
                assert same is None, f"{plan.name} {ex.id} {case.name}: run `make notebooks`"


def stubbing_one_solution_fails_that_exercise_alone(path):
    plan = key.read_plan(path)
    checks_text = (ROOT / "notebooks" / "checks" / f"{path.stem}.json").read_text(encoding="utf-8")
    stubs, keyed = key.stubs(plan), {s.cell_id: s.source for s in plan.steps if s.kind == "solution"}
    with Kernel(ROOT / "data", sandboxed=False, deadline=900) as kernel:
        run = key.run_plan(kernel, plan, {}, TIMEOUT)   # the key, each check where it stands
        key.verify(plan, run)
        expected = run.outcomes
        _committed_public_values_are_the_keys(plan, expected, json.loads(checks_text))
        assert all(_passed(_verdicts(kernel, plan, expected)).values()), "a check depends on a cell after it"
        for said in _self_check(kernel, plan, checks_text).values():
            assert said.split(":")[1].split(" of ")[0].strip() == said.split(" of ")[1].split()[0], said
        for ex in plan.exercises:
            for cell_id in ex.solution_ids:
                kernel.run(stubs[cell_id], TIMEOUT)
            verdicts = _verdicts(kernel, plan, expected)
            assert _passed(verdicts) == {e.id: e.id != ex.id for e in plan.exercises}, ex.id
            assert all(v.message == NOT_ANSWERED for v in verdicts[ex.id]), (ex.id, verdicts[ex.id])
            for cell_id in ex.solution_ids:
                kernel.run(keyed[cell_id], TIMEOUT)
        for source in stubs.values():
            kernel.run(source, TIMEOUT)
        verdicts = _verdicts(kernel, plan, expected)
        assert all(v.message == NOT_ANSWERED for vs in verdicts.values() for v in vs)
        assert _self_check(kernel, plan, checks_text) == {
            ex.id: f"Exercise {ex.id[2:]}: {NOT_ANSWERED}" for ex in plan.exercises}
