"""The `aqwal` command: one subcommand per step of seeds + gold -> validate -> build -> data/."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aqwal.gold.findings import InvalidGold


def _paths(parser: argparse.ArgumentParser, *names: str) -> None:
    defaults = {"gold": "gold", "seeds": "seeds", "data": "data", "card": "dataset_card.md",
                "passes": "gold/passes", "answers": "answers", "notebooks": "notebooks"}
    for name in names:
        parser.add_argument(f"--{name}", type=Path, default=Path(defaults[name]),
                            help=f"default: ./{defaults[name]}")


def cmd_validate(args) -> int:
    from aqwal.gold.validate import validate_dir
    findings, _ = validate_dir(args.gold, args.seeds)
    print(findings.report(as_json=args.json))
    return 0 if findings.ok else 1


def cmd_build(args) -> int:
    from aqwal.dataset.build import build
    try:
        tables = build(args.gold, args.seeds, args.data, args.card,
                       args.passes if args.passes.is_dir() else None, args.jobs)
    except InvalidGold as error:
        print(error.findings.report(), file=sys.stderr)
        print(f"build refused: {args.data} left as it was", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {table.num_rows}" for name, table in tables.items())
    print(f"PASSED validation; wrote {args.data}/ ({counts})")
    return 0


def cmd_agreement(args) -> int:
    from aqwal.gold.agreement import agreement, markdown
    try:
        print(markdown(agreement(args.passes, args.seeds)))
    except InvalidGold as error:
        print(error.findings.report(), file=sys.stderr)
        return 1
    return 0


def cmd_exercises(args) -> int:
    from aqwal.exercises.generate import execute_answers, generate
    if args.execute:
        for path in execute_answers(args.answers):
            print(f"executed {path}")
    for path in generate(args.answers, args.notebooks):
        print(f"wrote {path}")
    return 0


def cmd_grade(args) -> int:
    from aqwal.exercises import report, sandbox
    from aqwal.exercises.grade import grade_many
    from aqwal.exercises.key import KeyBroken
    if not args.no_sandbox and sandbox.unavailable_reason():
        print(f"aqwal grade: refusing to run submissions without a sandbox: {sandbox.unavailable_reason()}.\n"
              "A submission's code would run with your rights and could read the answer key or change other "
              "grades. Install bubblewrap, or pass --no-sandbox to grade trusted notebooks anyway.",
              file=sys.stderr)
        return 2
    try:
        results = grade_many(args.notebook, args.answers, args.timeout, args.data, args.jobs,
                             deadline=args.deadline, sandboxed=not args.no_sandbox, cache_dir=args.key_cache)
    except (KeyBroken, sandbox.SandboxUnavailable) as error:
        print(f"aqwal grade: {error}", file=sys.stderr)
        return 2
    fmt = "json" if args.json else args.format
    rendered = report.RENDER[fmt](results)
    if args.out:
        args.out.write_text(rendered + "\n", encoding="utf-8")
    if not args.out or fmt != "text":
        print(report.text(results) if args.out else rendered)
    if args.feedback:
        report.write_feedback(results, args.feedback)
    return 0


def cmd_export(args) -> int:
    from aqwal.dataset.summary import loaded_rows
    from aqwal.publish.export import export
    for path in export(loaded_rows(args.data), args.format, args.out):
        print(f"wrote {path}")
    return 0


def cmd_publish(args) -> int:
    from aqwal.publish.upload import CardProblems, publish
    try:
        files = publish(args.data, args.repo_id, args.yes)
    except CardProblems as error:
        print(error, file=sys.stderr)
        return 1
    for path, size in files:
        print(f"{size:>10,}  {path}")
    total = sum(size for _, size in files)
    verb = "uploaded" if args.yes else "would upload (dry run; --yes uploads)"
    print(f"{verb} {len(files)} files, {total:,} bytes, to dataset repo {args.repo_id}")
    return 0


def cmd_summary(args) -> int:
    from aqwal.dataset.summary import summary
    print(summary(args.data))
    return 0


COMMANDS = {
    "validate": (cmd_validate, "check the gold files against the seeds and the guidelines",
                 ("gold", "seeds")),
    "build": (cmd_build, "validate, then write data/ atomically",
              ("gold", "seeds", "data", "card", "passes")),
    "agreement": (cmd_agreement, "agreement of the independent passes, before adjudication",
                  ("passes", "seeds")),
    "summary": (cmd_summary, "load every config with load_dataset and print counts", ("data",)),
    "exercises": (cmd_exercises, "generate the student notebooks from the solved answers",
                  ("answers", "notebooks")),
    "publish": (cmd_publish, "upload data/ to the Hugging Face Hub (a dry run without --yes)",
                ("data",)),
    "export": (cmd_export, "write the dataset for NER toolkits and annotation tools", ("data",)),
    "grade": (cmd_grade, "grade notebooks against answers/, each in a sandbox",
              ("answers", "data")),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="aqwal", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    for name, (func, help_text, paths) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        _paths(p, *paths)
        if name == "validate":
            p.add_argument("--json", action="store_true", help="findings as JSON")
        if name == "build":
            p.add_argument("--jobs", type=int, help="worker processes (default: every core)")
        if name == "exercises":
            p.add_argument("--execute", action="store_true",
                           help="re-run the answer notebooks in place first")
        if name == "publish":
            p.add_argument("--repo-id", required=True, help="ORG/NAME of the dataset repo")
            p.add_argument("--yes", action="store_true", help="really upload")
        if name == "export":
            from aqwal.publish.export import FORMATS
            p.add_argument("--format", required=True, choices=sorted(FORMATS),
                           help="conll: BIO text; brat: standoff + annotation.conf; citron: JSON Lines")
            p.add_argument("--out", required=True, type=Path, help="folder to write into")
        if name == "grade":
            from aqwal.exercises.report import FORMATS
            p.add_argument("notebook", nargs="+", type=Path, help="notebooks to grade, one folder per student")
            p.add_argument("--format", choices=FORMATS, default="text",
                           help="text (default), json, csv (a gradebook: a row per student, a column per "
                                "exercise) or gradescope (Gradescope's results.json)")
            p.add_argument("--json", action="store_true", help="the same as --format json")
            p.add_argument("--out", type=Path, help="write the report in --format to this file "
                                                    "(the terminal then gets the text table)")
            p.add_argument("--feedback", type=Path, metavar="DIR",
                           help="write one Markdown feedback file per student into DIR")
            p.add_argument("--timeout", type=int, default=60, help="seconds per cell and per test case (default 60)")
            p.add_argument("--deadline", type=int, default=900,
                           help="seconds per notebook, after which its sandbox is killed (default 900)")
            p.add_argument("--jobs", type=int, default=1, help="notebooks graded at once")
            p.add_argument("--no-sandbox", action="store_true",
                           help="run submissions without bubblewrap (only for notebooks you trust)")
            p.add_argument("--key-cache", type=Path, metavar="DIR",
                           help="where the answer keys' values are kept (default ~/.cache/aqwal/keys)")
        p.set_defaults(func=func)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
