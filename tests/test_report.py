"""Grade reports: JSON, a CSV gradebook, Markdown feedback, Gradescope's results.json."""
import csv
import io
import json
import re

import pytest

from aqwal.exercises import report
from aqwal.exercises.grade import CaseResult, ExerciseResult, NotebookResult, check_points


def result(student, notebook, *exercises):
    return NotebookResult(f"submissions/{student}/{notebook}.ipynb", student, list(exercises))


def exercise(ex_id, *cases):
    earned = sum(c.points for c in cases)
    top = sum(c.max_points for c in cases)
    return ExerciseResult(ex_id, earned, top, "passed" if earned == top else "1 of 2 test cases passed", list(cases))


PASS = CaseResult("the sum of [1, 2] is 3", False, 1.0, 1.0, True, "passed")
FAIL = CaseResult("an empty list raises ValueError", True, 0.0, 1.0, False, "raised \\x1b[2J <b>bold</b> [x](http://e)")
RESULTS = [result("ada", "01_intro", exercise("ex1", PASS, FAIL), exercise("ex2", PASS)),
           result("=cmd|' /C calc'!A0", "01_intro", exercise("ex1", FAIL, FAIL), exercise("ex2", PASS)),
           result("ada", "02_more", exercise("ex1", PASS))]


def test_the_gradebook_has_a_row_per_student_and_a_column_per_exercise():
    rows = list(csv.reader(io.StringIO(report.gradebook(RESULTS))))
    assert rows[0] == ["student", "01_intro/ex1", "01_intro/ex2", "02_more/ex1", "total", "max_total", "notes"]
    assert rows[1] == ["(max)", "2", "1", "1", "4", "", ""]
    assert rows[2] == ["'=cmd|' /C calc'!A0", "0", "1", "0", "1", "4", ""], "a formula is shown, never run"
    assert rows[3] == ["ada", "1", "1", "1", "3", "4", ""]


def test_feedback_lists_every_case_with_what_to_fix_as_literal_text():
    page = report.feedback(RESULTS)["ada"]
    assert "## 01\\_intro.ipynb: 2 / 3" in page and "## 02\\_more.ipynb: 1 / 1" in page
    assert "- ✓ the sum of \\[1, 2\\] is 3 (1 / 1)" in page
    assert ("- ✗ an empty list raises ValueError *(hidden test)* (0 / 1): "
            "raised \\\\x1b\\[2J \\<b\\>bold\\</b\\>") in page
    assert "<b>" not in page and "[x](" not in page


def test_feedback_files_have_safe_names(tmp_path):
    written = report.write_feedback(RESULTS, tmp_path)
    names = sorted(p.name for p in written)
    assert names[0] == "ada.md" and names[1].startswith("cmd_C_calc_A0-") and names[1].endswith(".md")
    assert all(p.parent == tmp_path for p in written)


def test_gradescope_results_have_a_test_per_case():
    data = json.loads(report.gradescope(RESULTS[:1]))
    assert data["score"] == 2 and [t["name"] for t in data["tests"]] == [
        "01_intro/ex1: the sum of [1, 2] is 3", "01_intro/ex1: an empty list raises ValueError",
        "01_intro/ex2: the sum of [1, 2] is 3"]
    assert [t["status"] for t in data["tests"]] == ["passed", "failed", "passed"]
    assert all(set(t) == {"name", "score", "max_score", "status", "output", "visibility"} for t in data["tests"])


@pytest.mark.parametrize("points, top", [(float("nan"), 1.0), (-1.0, 1.0), (2.0, 1.0), (1.0, float("inf"))])
def test_scores_must_be_finite_non_negative_and_at_most_the_maximum(points, top):
    bad = [result("x", "nb", ExerciseResult("ex1", points, top, "passed"))]
    with pytest.raises(ValueError, match="not a valid score"):
        check_points(bad)
    with pytest.raises(ValueError):
        report.as_json(bad)


def test_the_text_report_escapes_what_a_student_controls():
    text = report.text([result("stu\x1b[2Jdent\u202e", "nb", exercise("ex1", FAIL))])
    assert "\x1b" not in text and "\u202e" not in text and "stu\\x1b[2Jdent\\u202e" in text


def test_what_a_student_named_is_never_a_formula_or_markup():
    """A notebook without an answer key gets a gradebook column named after its file, and the
    feedback's headings name the student's folder and the notebook: a file named like a
    formula was a formula in the CSV header, a folder or file name with HTML or a link was
    markup in the feedback."""
    student, notebook = "<img src=x onerror=alert(1)>", '=HYPERLINK("e.com","x")[y](e.com).ipynb'
    odd = [NotebookResult(f"submissions/{student}/{notebook}", student,
                          [ExerciseResult("-", 0.0, 0.0, "no answer key answers/x.ipynb")])]
    header = next(csv.reader(io.StringIO(report.gradebook(odd))))
    assert header[1] == "'=HYPERLINK(\"e.com\",\"x\")[y](e.com)/-"
    page = report.feedback(odd)[student]
    assert re.search(r"(?<!\\)[<>\[\]]", page) is None, "every bracket is escaped"
    assert "## =HYPERLINK(\"e.com\",\"x\")\\[y\\](e.com).ipynb: 0 / 0" in page
    assert page.startswith("# Feedback for \\<img src=x onerror=alert(1)\\>\n")


def test_a_folder_name_that_is_not_utf8_does_not_lose_the_batchs_report():
    """A folder named with a byte that is not UTF-8 reaches Python as a lone surrogate: the
    JSON report could not be written or printed (UnicodeEncodeError after every notebook was
    graded). It is written with the surrogate as a JSON escape, so it reads back the same."""
    odd = [result("stu\udcffdent", "01_intro", exercise("ex1", PASS)), *RESULTS]
    for render in (report.as_json, report.gradescope):
        render(odd).encode("utf-8")
    assert json.loads(report.as_json(odd))[0]["student"] == "stu\udcffdent"
