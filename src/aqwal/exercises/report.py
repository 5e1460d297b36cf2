"""Grade reports for teachers and students: a terminal table, JSON, a CSV gradebook, one
Markdown feedback file per student, and Gradescope's autograder results.json.

Every string a student controls (file and folder names, messages with their values) was made
safe by `safetext.clean` when the result was made, and is cleaned again here; a CSV cell that
a spreadsheet would read as a formula is quoted. Hidden test cases appear by name and verdict.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import defaultdict
from pathlib import Path

from aqwal.exercises.grade import NotebookResult, check_points
from aqwal.safetext import clean

FORMATS = ("text", "json", "csv", "gradescope")


def _points(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def text(results: list[NotebookResult]) -> str:
    lines = []
    for r in results:
        lines.append(clean(r.notebook, 300))
        for e in r.exercises:
            lines.append(f"  {clean(e.id, 12):<8} {_points(e.points):>5} / {_points(e.max_points):<5} "
                         f"{clean(e.message, 300)}")
        lines.append(f"  {'total':<8} {_points(r.total):>5} / {_points(r.max_total):<5}")
    return "\n".join(lines)


def _json(value) -> str:
    """JSON text that can be written as UTF-8: a lone surrogate (a file name's byte that is not
    UTF-8) stays a JSON escape, so the text reads back the same."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def as_json(results: list[NotebookResult]) -> str:
    check_points(results)
    return _json([r.as_dict() for r in results])


def _safe_cell(value) -> str:
    """A CSV cell a spreadsheet shows as text (never runs a formula)."""
    value = clean(value, 300) if isinstance(value, str) else _points(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") and not re.fullmatch(r"-?[\d.]+", value) else value


def gradebook(results: list[NotebookResult]) -> str:
    """CSV: one row per student, one column per exercise (notebook/exercise), total, max."""
    check_points(results)
    columns, rows, notes = {}, defaultdict(dict), defaultdict(list)
    for r in results:
        stem = Path(r.notebook).stem
        for e in r.exercises:
            name = f"{stem}/{e.id}"
            columns.setdefault(name, e.max_points)
            rows[r.student][name] = e.points
            if e.id == "-" or e.message.startswith(("not a readable", "the notebook could not", "the grader failed")):
                notes[r.student].append(f"{stem}: {e.message}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *map(_safe_cell, columns), "total", "max_total", "notes"])
    writer.writerow(["(max)", *map(_points, columns.values()), _points(sum(columns.values())), "", ""])
    for student in sorted(rows):
        cells = [rows[student].get(name, 0.0) for name in columns]
        writer.writerow([_safe_cell(student), *map(_points, cells), _points(sum(cells)),
                         _points(sum(columns.values())), _safe_cell("; ".join(dict.fromkeys(notes[student])))])
    return out.getvalue()


def feedback(results: list[NotebookResult]) -> dict[str, str]:
    """{student: Markdown}: every notebook, exercise and test case, with what to fix."""
    check_points(results)
    by_student = defaultdict(list)
    for r in results:
        by_student[r.student].append(r)
    pages = {}
    for student, mine in sorted(by_student.items()):
        lines = [f"# Feedback for {_md(student, 80)}", ""]
        for r in mine:
            lines += [f"## {_md(Path(r.notebook).name, 120)}: {_points(r.total)} / {_points(r.max_total)}", ""]
            for e in r.exercises:
                lines += [f"### {_md(e.id, 20)}: {_points(e.points)} / {_points(e.max_points)}", "",
                          _md(e.message), ""]
                for c in e.cases:
                    mark = "✓" if c.passed else "✗"
                    tag = " *(hidden test)*" if c.hidden else ""
                    detail = "" if c.passed else f": {_md(c.message)}"
                    lines.append(f"- {mark} {_md(c.name)}{tag} ({_points(c.points)} / {_points(c.max_points)})"
                                 f"{detail}")
                lines.append("")
        pages[student] = "\n".join(lines).rstrip() + "\n"
    return pages


def _md(text: str, limit: int = 300) -> str:
    """Student text as literal Markdown: no markup, links or HTML of its own."""
    return re.sub(r"([\\`*_\[\]<>#|~])", r"\\\1", clean(text, limit))


def write_feedback(results: list[NotebookResult], folder: Path) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for student, page in feedback(results).items():
        name = re.sub(r"[^\w.-]+", "_", student, flags=re.ASCII).strip("._") or "student"
        if name != student:   # two folder names must not meet in one file
            name += "-" + hashlib.sha256(student.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        path = folder / f"{name}.md"
        path.write_text(page, encoding="utf-8")
        written.append(path)
    return written


def gradescope(results: list[NotebookResult]) -> str:
    """Gradescope autograder results.json: one test per test case, named notebook/exercise."""
    check_points(results)
    tests = []
    for r in results:
        stem = clean(Path(r.notebook).stem, 80)
        for e in r.exercises:
            for c in e.cases:
                tests.append({"name": f"{stem}/{clean(e.id, 20)}: {clean(c.name, 150)}",
                              "score": c.points, "max_score": c.max_points,
                              "status": "passed" if c.passed else "failed",
                              "output": "" if c.passed else clean(c.message, 300),
                              "visibility": "visible"})
            if not e.cases:
                tests.append({"name": f"{stem}/{clean(e.id, 20)}", "score": e.points, "max_score": e.max_points,
                              "status": "failed", "output": clean(e.message, 300), "visibility": "visible"})
    total = sum(r.total for r in results)
    return _json({"score": total, "output": f"{_points(total)} of {_points(sum(r.max_total for r in results))} points",
                  "visibility": "visible", "tests": tests})


RENDER = {"text": text, "json": as_json, "csv": gradebook, "gradescope": gradescope}
