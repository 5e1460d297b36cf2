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
    from aqwal.gold.agreement import PassError
    try:
        tables = build(args.gold, args.seeds, args.data, args.card,
                       args.passes if args.passes.is_dir() else None, args.jobs)
    except (InvalidGold, PassError) as error:
        print(error.findings.report() if isinstance(error, InvalidGold) else error, file=sys.stderr)
        print(f"build refused: {args.data} left as it was", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {table.num_rows}" for name, table in tables.items())
    print(f"PASSED validation; wrote {args.data}/ ({counts})")
    return 0


def cmd_agreement(args) -> int:
    from aqwal.gold.agreement import PassError, agreement, markdown, markdown_c, pass_c
    try:
        print("## Pass C against the gold\n\n" + markdown_c(pass_c(args.passes, args.gold, args.seeds)))
        print("\n## History: pass A against pass B\n\n" + markdown(agreement(args.passes, args.seeds)))
    except InvalidGold as error:
        print(error.findings.report(), file=sys.stderr)
        return 1
    except PassError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def cmd_handout(args) -> int:
    from aqwal.gold.agreement import PassError
    from aqwal.gold.guidelines import GuidelinesError
    from aqwal.gold.handout import HandoutError, handout
    try:
        paths = handout(args.layer, args.gold, args.seeds, args.passes / "c" / "README.md",
                        args.guidelines, args.out)
    except InvalidGold as error:
        print(error.findings.report(), file=sys.stderr)
        return 1
    except (HandoutError, GuidelinesError, PassError, OSError) as error:
        print(f"handout not written: {error}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"wrote {path}")
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
    from aqwal.exercises.grade import as_json, grade_many, report
    results = grade_many(args.notebook, args.answers, args.timeout, args.data, args.jobs)
    print(as_json(results) if args.json else report(results))
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
    "agreement": (cmd_agreement, "agreement of pass C with the gold, and of passes A and B",
                  ("passes", "gold", "seeds")),
    "handout": (cmd_handout, "write what an independent annotator of one layer is given (pass C)",
                ("gold", "seeds", "passes")),
    "summary": (cmd_summary, "load every config with load_dataset and print counts", ("data",)),
    "exercises": (cmd_exercises, "generate the student notebooks from the solved answers",
                  ("answers", "notebooks")),
    "publish": (cmd_publish, "upload data/ to the Hugging Face Hub (a dry run without --yes)",
                ("data",)),
    "export": (cmd_export, "write the dataset for NER toolkits and annotation tools", ("data",)),
    "grade": (cmd_grade, "run notebooks against the answer key and print points per exercise",
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
        if name == "handout":
            from aqwal.gold.agreement import PASS_C_LAYERS
            p.add_argument("--layer", required=True, choices=PASS_C_LAYERS, help="the layer to annotate")
            p.add_argument("--out", required=True, type=Path, help="folder to write into")
            p.add_argument("--guidelines", type=Path, default=Path("docs/guidelines.md"),
                           help="default: ./docs/guidelines.md")
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
            p.add_argument("notebook", nargs="+", type=Path, help="notebooks to grade")
            p.add_argument("--json", action="store_true", help="results as JSON")
            p.add_argument("--timeout", type=int, default=60, help="seconds per cell (default 60)")
            p.add_argument("--jobs", type=int, default=1, help="notebooks graded at once")
        p.set_defaults(func=func)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
