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
    from aqwal.draft.count import corpus_proposals, report
    from aqwal.gold.validate import gold_paths, validate_dir
    findings, _ = validate_dir(args.gold, args.seeds)
    print(findings.report(as_json=args.json))
    drafts = corpus_proposals(gold_paths(args.gold)[0])
    if drafts and not args.json:  # the JSON stays the list of findings
        print(report(drafts), file=sys.stderr)
        print(f"{len(drafts)} draft document(s): review with `aqwal review DOC_ID`", file=sys.stderr)
    return 0 if findings.ok else 1


def cmd_build(args) -> int:
    from aqwal.dataset.build import DraftsLeft, build
    from aqwal.gold.agreement import PassError
    from aqwal.publish.card import CardError
    try:
        tables = build(args.gold, args.seeds, args.data, args.card,
                       args.passes if args.passes.is_dir() else None, args.jobs, args.include_drafts)
    except (InvalidGold, CardError, PassError) as error:
        report = (error.findings.report() if isinstance(error, InvalidGold)
                  else f"{args.card}: {error}" if isinstance(error, CardError) else str(error))
        print(report, file=sys.stderr)
        print(f"build refused: {args.data} left as it was", file=sys.stderr)
        return 1
    except DraftsLeft as error:
        print(error, file=sys.stderr)
        print(f"build refused: {args.data} left as it was (review the drafts with `aqwal review DOC_ID`, "
              "or build them as they are with --include-drafts)", file=sys.stderr)
        return 1
    except OSError as error:  # a folder that cannot be written, a full disk
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {table.num_rows}" for name, table in tables.items())
    print(f"PASSED validation; wrote {args.data}/ ({counts})")
    return 0


def cmd_new(args) -> int:
    from aqwal.draft.new import create
    from aqwal.draft.source import PageError
    try:
        created = create(args.source, args.doc_id, args.gold, args.seeds, publisher=args.publisher,
                         url=args.url, date=args.date)
    except PageError as error:
        print(f"aqwal new: {error}", file=sys.stderr)
        return 1
    seed, gold, manifest = created.paths
    print(f"wrote {seed} ({len(created.text):,} characters), the page byte for byte")
    print(f"wrote {manifest} (row {args.doc_id})")
    print(f"wrote {gold}: draft: {created.summary}")
    for warning in created.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"next: aqwal review {args.doc_id}")
    return 0


def cmd_review(args) -> int:
    from aqwal.draft.review import ReviewError, review
    try:
        print(review(args.doc_id, args.gold, args.seeds, layers=args.layer, as_json=args.json,
                     colour=args.colour == "always" or (args.colour == "auto" and sys.stdout.isatty())))
    except ReviewError as error:
        print(f"aqwal review: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `aqwal review ID | head`
        sys.stderr.close()
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
    from aqwal.publish.export import UnsafePath, export
    try:
        paths = export(loaded_rows(args.data), args.format, args.out)
    except UnsafePath as error:
        print(f"export refused: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a folder that cannot be made, a symbolic link where a file goes
        print(f"export failed: {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"wrote {path}")
    return 0


# --predictions: what each key of the JSON object must be (null: not given)
PREDICTIONS = {"entities": ("a list", lambda v: isinstance(v, list)),
               "quotes": ("a list", lambda v: isinstance(v, list)),
               "scope": ("a list of record ids", lambda v: isinstance(v, list) and all(isinstance(r, str) for r in v)),
               "label": ("a string", lambda v: isinstance(v, str))}


def _predictions(path: Path) -> dict:
    """--predictions: a JSON object with `entities`, `quotes`, `label`, `scope` (all optional)."""
    import json

    from aqwal.gold.findings import quoted
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: cannot read the predictions: {error}") from None
    except RecursionError:
        raise ValueError(f"{path}: cannot read the predictions: nested too deeply") from None
    if not isinstance(found, dict) or set(found) - set(PREDICTIONS):
        raise ValueError(f"{path}: expected a JSON object with keys among {sorted(PREDICTIONS)}")
    for key, (what, fits) in PREDICTIONS.items():
        if found.get(key) is not None and not fits(found[key]):
            raise ValueError(f"{path}: `{key}` must be {what}, not {quoted(found[key])}")
    return found


def cmd_show(args) -> int:
    from aqwal import view
    from aqwal.dataset.summary import loaded_rows
    try:
        if args.gold is not None:
            rows = view.gold_rows(args.gold, args.seeds)
        elif (args.data / "README.md").is_file():
            rows = loaded_rows(args.data)
        else:
            print(f"no published data in {args.data}/: run `aqwal build`, or show a gold file "
                  "with --gold FILE", file=sys.stderr)
            return 1
        given = _predictions(args.predictions) if args.predictions else {}
        options = {"predicted_entities": given.get("entities"),
                   "predicted_quotes": given.get("quotes"), "label": given.get("label"),
                   **({"layers": args.layers.split(",")} if args.layers else {})}
        if args.record:
            shown = view.sentence(args.record, rows, **options)
        elif args.attribution:
            options.pop("predicted_entities")
            shown = view.attribution(args.attribution, rows, **options)
        else:
            shown = view.document(args.doc_id, rows, scope=given.get("scope"), **options)
    except InvalidGold as error:
        print(error.findings.report(), file=sys.stderr)
        print(f"show refused: {args.gold} does not pass validation", file=sys.stderr)
        return 1
    except ValueError as error:  # ViewError, or unreadable predictions
        print(f"show: {error}", file=sys.stderr)
        return 1
    if str(args.out) == "-":
        sys.stdout.write(shown.page())
        return 0
    try:
        path = shown.save(args.out)
    except OSError as error:
        print(f"show: cannot write {args.out}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
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
    "grade": (cmd_grade, "grade notebooks against answers/, each in a sandbox",
              ("answers", "data")),
    "new": (cmd_new, "add a page: its seed, manifest row and a draft gold file of proposals",
            ("gold", "seeds")),
    "review": (cmd_review, "list a draft's proposals, layer by layer, with the line that accepts each",
               ("gold", "seeds")),
    "show": (cmd_show, "write the annotated article as one self-contained HTML page",
             ("data", "seeds")),
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
            p.add_argument("--include-drafts", action="store_true",
                           help="build documents that still have proposals (the card says so)")
        if name == "new":
            p.add_argument("source", type=Path, help="the page: a UTF-8 text file, or a saved HTML page")
            p.add_argument("--doc-id", required=True, help="the new document's id (a-z, 0-9, _ and -)")
            p.add_argument("--publisher", help="the publisher's name as printed on the page")
            p.add_argument("--url", help="the page's address")
            p.add_argument("--date", help="the date the page shows, YYYY-MM-DD (default: its date line)")
        if name == "review":
            from aqwal.draft.count import LAYERS
            p.add_argument("doc_id", help="the document to review")
            p.add_argument("--layer", action="append", choices=[*LAYERS, "translations"],
                           help="only this layer (repeatable)")
            p.add_argument("--json", action="store_true", help="the proposals as JSON (for the viewer)")
            p.add_argument("--colour", choices=("auto", "always", "never"), default="auto",
                           help="highlight the spans (default: when printing to a terminal)")
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
        if name == "show":
            from aqwal.view import LAYERS
            p.add_argument("doc_id", nargs="?", help="the document (default: the only one)")
            p.add_argument("--out", required=True, type=Path, help="the page to write (`-`: stdout)")
            p.add_argument("--gold", type=Path, metavar="FILE",
                           help="show this gold file (validated, built in memory) instead of data/")
            which = p.add_mutually_exclusive_group()
            which.add_argument("--record", metavar="ID", help="only this record (`p9s1` or a full id)")
            which.add_argument("--attribution", metavar="ID",
                               help="only this attribution and those nested in it (`q16`)")
            p.add_argument("--layers", help=f"comma-separated, among {','.join(LAYERS)} "
                                            "(default: all; an attribution: attributions,translation)")
            p.add_argument("--predictions", type=Path, metavar="JSON",
                           help="compare with a prediction: {entities, quotes, label, scope} (docs/viewer.md)")
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
