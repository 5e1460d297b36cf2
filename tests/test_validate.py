"""One fixture per rule (tests/cases/<rule>[--variant].yaml, first line says why it is invalid),
and the folder-level rules (file names, stray files, the manifest) on folders made here."""
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import CASES, ROOT

from aqwal.dataset.records import quote_rows
from aqwal.gold import seeds, shape
from aqwal.gold.findings import EXCERPT, LEVEL_OF
from aqwal.gold.validate import gold_paths, validate_dir, validate_file

INVALID = sorted(p for p in CASES.glob("*.yaml") if p.name != "valid.yaml")
MANIFESTS = sorted((CASES / "manifests").glob("*.tsv"))
# Findings about a whole file or folder: no record or field to name.
FILE_RULES = {"malformed-yaml", "yaml-line-break", "not-utf8", "empty-file", "unreadable-file", "stray-file",
              "no-gold-files", "manifest-format", "manifest-unreadable"}
FOLDER_RULES = {"file-name", "stray-file", "unreadable-file", "no-gold-files",
                "manifest-unreadable"}  # tested on folders made below
KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
VALID = (CASES / "valid.yaml").read_text(encoding="utf-8")


def rule_of(case: Path) -> str:
    first = case.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    assert first.startswith("# "), f"{case.name}: the first line must say why it is invalid"
    assert first[2:].split(":")[0] == case.stem.split("--")[0], case.name
    return first[2:].split(":")[0]


def rules(findings) -> list[str]:
    return [f.rule for f in findings]


def assert_addressed(findings):
    """Every finding has a level, a kebab-case rule, a file, a line, and a record or field."""
    for f in findings:
        text = str(f)
        assert f.level in ("format", "reference", "guideline") and KEBAB.fullmatch(f.rule), text
        assert f.file and (f.line or f.rule in {"stray-file", "unreadable-file", "no-gold-files",
                                                 "manifest-unreadable"}), text
        assert f.rule in FILE_RULES or f.record or f.field, text


def test_the_valid_case_fires_nothing():
    findings, document = validate_file(CASES / "valid.yaml", CASES / "seeds")
    assert [] == [str(f) for f in findings]
    assert document is not None


@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_each_case_fires_exactly_its_rule(case):
    findings, document = validate_file(case, CASES / "seeds")
    assert {rule_of(case)} == set(rules(findings)), [str(f) for f in findings]
    assert document is None


@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_each_finding_names_file_line_record_and_field(case):
    findings, _ = validate_file(case, CASES / "seeds")
    assert_addressed(findings)
    for finding in findings:
        assert str(finding).startswith(f"{case}:{finding.line} ")


def test_every_rule_has_a_case():
    """A case file, a manifest case, or (for folders) a test below; offset-mismatch, which only
    a bug in the row builder can fire, is tested in tests/test_corpus.py."""
    covered = ({rule_of(p) for p in INVALID} | {p.stem.split("--")[0] for p in MANIFESTS}
               | FOLDER_RULES | {"offset-mismatch"})
    assert [] == sorted(set(LEVEL_OF) - covered)


def test_the_docs_name_every_rule_and_print_the_shape_table_exactly():
    doc = (ROOT / "docs" / "annotation-format.md").read_text(encoding="utf-8")
    for rule in LEVEL_OF:
        assert f"`{rule}`" in doc, rule
    rows = re.findall(r"^\| `([a-z]+)` \| `([a-z_]+)` \| ([a-z -]+) \| (yes|no) \|$", doc, re.M)

    def spelled(kind, required):
        name = kind.rstrip("?+").strip("[]").replace("-", " ")
        if kind.startswith("["):
            name = ("non-empty list of " if kind.endswith("+") else "list of ") + name
        return (name + (" or null" if kind.endswith("?") else ""), "yes" if required else "no")
    assert [(kind, key, *spelled(t, required)) for kind, keys in shape.SHAPE.items()
                      for key, (t, required) in keys.items()] == rows


def test_the_real_gold_is_clean():
    findings, documents = validate_dir(ROOT / "gold", ROOT / "seeds")
    assert [] == [str(f) for f in findings]
    assert [d.doc_id for d in documents] == ["000_5e3c12ae8d8c7ed7"]


def test_both_independent_passes_are_clean_and_only_pass_a_translates():
    for name in ("a", "b"):
        findings, _ = validate_dir(ROOT / "gold" / "passes" / name, ROOT / "seeds", translated=False)
        assert [] == [str(f) for f in findings]
    assert [] == validate_dir(ROOT / "gold" / "passes" / "a", ROOT / "seeds")[0]
    assert {"blank-text"} == set(rules(validate_dir(ROOT / "gold" / "passes" / "b", ROOT / "seeds")[0]))


def test_an_edited_seed_is_refused(tmp_path):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    seed = tmp_path / "seeds" / "000_5e3c12ae8d8c7ed7.txt"
    seed.write_bytes(seed.read_bytes().replace("مساهل".encode(), "مساهيل".encode(), 1))
    findings, document = validate_dir(ROOT / "gold", tmp_path / "seeds")
    assert ["seed-hash-changed"] == rules(findings)
    assert document == []


def test_a_look_alike_in_the_seed_is_shown_with_both_characters_and_no_follow_on_gap(tmp_path):
    """A new version of a seed (hash updated) with a Persian yeh: one finding, which says where."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    seed = tmp_path / "seeds" / "000_5e3c12ae8d8c7ed7.txt"
    seed.write_bytes(seed.read_bytes().replace("سيرغي".encode(), "سیرغي".encode(), 1))
    manifest = tmp_path / "seeds" / seeds.MANIFEST
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "d8e86a9985ad1d9842cd7b52356bc5b640d1cd810bb4b20d56398d6fb0c9769a", seeds.sha256_of(seed)),
        encoding="utf-8")
    findings, _ = validate_dir(ROOT / "gold", tmp_path / "seeds")
    [finding] = findings
    assert finding.rule == "sentence-not-at-anchor"
    assert "the file has U+064A ARABIC LETTER YEH, the seed has U+06CC ARABIC LETTER FARSI YEH" in \
        finding.message
    assert "the file: 'يره الروسي سيرغي لافروف '" in finding.message


def test_findings_report_counts_and_verdict():
    findings, _ = validate_file(CASES / "duplicate-id.yaml", CASES / "seeds")
    report = findings.report().splitlines()
    assert report[-1] == "FAILED: 1 finding(s)"
    assert "reference: duplicate-id 1" in report


def test_findings_point_at_their_own_record_after_a_record_that_could_not_be_placed(tmp_path):
    text = (CASES / "duplicate-id.yaml").read_text(encoding="utf-8").replace(
        'text: "الأحد 1 يناير 2023"', 'text: "الأحد 1 يناير 2024"')
    path = tmp_path / "shifted.yaml"
    path.write_text(text, encoding="utf-8")
    findings, _ = validate_file(path, CASES / "seeds")
    second_id = [i for i, line in enumerate(text.splitlines(), 1) if "id: q1" in line][1]
    duplicate = next(f for f in findings if f.rule == "duplicate-id")
    assert duplicate.line == second_id
    assert sorted(rules(findings)) == ["duplicate-id", "sentence-not-at-anchor"]


def test_a_proposed_label_is_accepted_on_every_label_mapping_and_typed(tmp_path):
    """The pre-annotation contract: `proposed: <rule>` on records, entities, mentions, quotes
    and marks; a non-empty string."""
    proposed = (VALID.replace("name_en: \"TASS\"}", "name_en: \"TASS\", proposed: gazetteer}")
                .replace("kind: nominal}", "kind: nominal, proposed: gazetteer}")
                .replace("      - id: q2\n", "      - id: q2\n        proposed: cue-list\n")
                .replace("use: name}", "use: name, proposed: marks}")
                .replace("  - section: spam\n", "  - section: spam\n    proposed: boilerplate\n"))
    assert proposed.count("proposed:") == 5
    path = tmp_path / "proposed.yaml"
    path.write_text(proposed, encoding="utf-8")
    assert [] == [str(f) for f in validate_file(path, CASES / "seeds")[0]]
    for bad, rule in (('""', "blank-text"), ("1", "wrong-type"), ("[x]", "wrong-type")):
        path.write_text(proposed.replace("proposed: gazetteer}", f"proposed: {bad}}}", 1),
                        encoding="utf-8")
        assert [rule] == rules(validate_file(path, CASES / "seeds")[0])
    path.write_text(proposed.replace("use: name, proposed: marks}", "use: name, proposed: x}")
                    .replace("{text: \"قال\"}", "{text: \"قال\", proposed: x}"), encoding="utf-8")
    assert ["unknown-key"] == rules(validate_file(path, CASES / "seeds")[0])  # spans take none



def test_a_proposed_record_may_wait_for_its_translation_and_an_accepted_one_may_not(tmp_path):
    """A draft's records come with empty text_en; deleting `proposed` (accepting) makes it a finding."""
    record = "  - section: spam\n"
    at = VALID.index(record)
    text_en = VALID.index("text_en:", at)
    line_end = VALID.index("\n", text_en)
    draft = VALID[:at] + record + "    proposed: boilerplate\n" + VALID[at + len(record):text_en] + \
        'text_en: ""' + VALID[line_end:]
    path = tmp_path / "draft.yaml"
    path.write_text(draft, encoding="utf-8")
    assert [] == [str(f) for f in validate_file(path, CASES / "seeds")[0]]
    path.write_text(draft.replace("    proposed: boilerplate\n", "", 1), encoding="utf-8")
    assert ["blank-text"] == rules(validate_file(path, CASES / "seeds")[0])

@pytest.mark.parametrize("old, new", [
    ('{text: "تاس", entity', '{text: "HUGE", entity'),  # a span that is not in its record
    ('name_en: "Russia"', 'name_en: "Russia", HUGE: x'),  # an unknown key
    ('name_en: "Russia"', 'name_en: " HUGE"'),  # an untrimmed text
    ("type: GPE", 'type: "HUGE"'),  # an unknown label
    ('text: "Watch this"', 'text: "HUGE"'),  # a record not in the seed
])
def test_every_quoted_excerpt_is_capped(tmp_path, old, new):
    path = tmp_path / "huge.yaml"
    path.write_text(VALID.replace(old, new.replace("HUGE", "ب" * 1_000_000), 1), encoding="utf-8")
    findings, _ = validate_file(path, CASES / "seeds")
    assert findings and all(len(f.message) < 4 * EXCERPT + 300 for f in findings), \
        [(f.rule, len(f.message)) for f in findings]


# -- folders ----------------------------------------------------------------------------------

def gold_folder(tmp_path: Path, name: str = "tiny.yaml") -> Path:
    gold = tmp_path / "gold"
    gold.mkdir(parents=True)
    (gold / name).write_text(VALID, encoding="utf-8")
    return gold


def test_a_gold_file_is_named_after_its_doc_id(tmp_path):
    findings, documents = validate_dir(gold_folder(tmp_path, "other.yaml"), CASES / "seeds")
    assert [("file-name", 2, "tiny")] == [(f.rule, f.line, f.record) for f in findings]
    assert documents == []
    assert [] == validate_dir(gold_folder(tmp_path / "ok"), CASES / "seeds")[0]


@pytest.mark.parametrize("make, rule", [
    (lambda gold: (gold / "extra.yml").write_text(VALID, encoding="utf-8"), "stray-file"),
    (lambda gold: (gold / "notes.txt").write_text("x", encoding="utf-8"), "stray-file"),
    (lambda gold: (gold / "old.yaml").mkdir(), "stray-file"),
    (lambda gold: (gold / "gone.yaml").symlink_to(gold / "missing.yaml"), "unreadable-file"),
])
def test_anything_else_in_the_gold_folder_is_reported_not_skipped(tmp_path, make, rule):
    gold = gold_folder(tmp_path)
    (gold / "passes").mkdir()  # folders hold other things (the independent passes)
    (gold / ".tiny.yaml.swp").write_text("editor state")  # hidden files are the editor's
    (gold / "NOTES.md").write_text("# notes")  # so are notes in Markdown (an annotator's)
    make(gold)
    findings, documents = validate_dir(gold, CASES / "seeds")
    assert [rule] == rules(findings)
    assert_addressed(findings)
    assert [d.doc_id for d in documents] == ["tiny"]


def test_an_unreadable_or_empty_gold_folder_is_one_finding(tmp_path):
    assert ["no-gold-files"] == rules(gold_paths(tmp_path / "absent")[1])
    (tmp_path / "empty").mkdir()
    assert ["no-gold-files"] == rules(gold_paths(tmp_path / "empty")[1])


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_gold_file_is_a_finding(tmp_path):
    gold = gold_folder(tmp_path)
    (gold / "tiny.yaml").chmod(0)
    assert ["unreadable-file"] == rules(validate_dir(gold, CASES / "seeds")[0])


# -- the manifest -----------------------------------------------------------------------------

@pytest.mark.parametrize("case", MANIFESTS, ids=[p.stem for p in MANIFESTS])
def test_each_manifest_case_fires_exactly_its_rule_at_its_line(case, tmp_path):
    """tests/cases/manifests/<rule>--<what>.tsv: each a manifest with one problem."""
    shutil.copytree(CASES / "seeds", tmp_path / "seeds")
    shutil.copy(case, tmp_path / "seeds" / seeds.MANIFEST)
    findings, _ = validate_dir(gold_folder(tmp_path), tmp_path / "seeds")
    expected = case.stem.split("--")[0]
    assert expected == findings[0].rule and findings[0].file.endswith(seeds.MANIFEST)
    assert all(f.rule in {expected, "seed-missing"} for f in findings), [str(f) for f in findings]
    assert_addressed(findings)


def test_a_missing_manifest_is_one_finding_and_every_file_says_its_seed_is_missing(tmp_path):
    (tmp_path / "seeds").mkdir()
    findings, _ = validate_dir(gold_folder(tmp_path), tmp_path / "seeds")
    assert ["manifest-unreadable", "seed-missing"] == rules(findings)

def test_generic_sources_early_closing_and_continued_content_are_published():
    """tests/cases/more/: a gold folder (its file named after its doc_id) with `speakers: []`,
    content that stops before its closing mark, and content continued into the next record."""
    findings, [document] = validate_dir(CASES / "more", CASES / "seeds")
    assert [] == [str(f) for f in findings]
    rows = {row["id"]: row for row in quote_rows(document)}
    continued = rows["more:q1"]["content"][-1]
    assert continued["text"] == "ناقش البلدان كذلك الوضع في الساحل"
    assert document.text[continued["start"]:continued["end"]] == continued["text"]
    assert rows["more:q1"]["sentence_id"] == "more:p1s1" and len(rows["more:q1"]["content"]) == 3
    assert rows["more:q2"]["marked"] and rows["more:q4"]["marked"]
    assert rows["more:q4"]["speaker_ids"] == [] and rows["more:q4"]["source"]["text"] == "التقارير"


def test_an_attribution_nested_in_continued_content_is_inside_its_parent(tmp_path):
    """A cue in the part of q1 continued into the next record: q1 contains it."""
    nested = """    continues:
      - quote: q1
        content:
          - {text: "ناقش البلدان كذلك الوضع في الساحل"}
    quotes:
      - id: q5
        type: indirect
        cue: {text: "ناقش"}
        source: {text: "البلدان"}
        speakers: [algeria, russia]
        content:
          - {text: "الوضع في الساحل"}
        parent: PARENT
        stance: none
"""
    text = (CASES / "more" / "more.yaml").read_text(encoding="utf-8")
    old = nested[:nested.index("    quotes:")]
    assert text.count(old) == 1
    path = tmp_path / "more.yaml"
    for parent, expected in (("q1", []), ("q3", ["parent-does-not-contain"]),
                             ("null", ["parent-missing"])):
        path.write_text(text.replace(old, nested.replace("PARENT", parent)), encoding="utf-8")
        assert expected == rules(validate_file(path, CASES / "seeds")[0])


@pytest.mark.parametrize("old, new, rule, field", [
    ("speakers: []", "speakers: {}", "wrong-type", "quotes[1].speakers"),
    ("entity: mofa,", "entity: [],", "missing-field", "mentions[0].entity"),  # a mention links
    ("      - quote: q1\n", "      - quote: q1\n        qoute: q1\n", "unknown-key",
     "continues[0].qoute"),
    ("      - quote: q1\n", "      - quote: Q1\n", "bad-id", "continues[0].quote"),
    ('          - {text: "ناقش البلدان كذلك الوضع في الساحل"}\n', "          []\n", "missing-field",
     "continues[0].content"),
    ('          - {text: "ناقش البلدان كذلك الوضع في الساحل"}\n',
     '          - {text: "الساحل"}\n          - {text: "ناقش"}\n', "content-order",
     "continues[0].content"),
])
def test_the_format_extensions_are_typed_and_addressed(tmp_path, old, new, rule, field):
    """`speakers` may be [] (a mention's `entity` may not); `continues` is a closed mapping."""
    text = (CASES / "more" / "more.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "more.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    findings, _ = validate_file(path, CASES / "seeds")
    assert [(rule, field)] == [(f.rule, f.field) for f in findings], [str(f) for f in findings]
    assert_addressed(findings)
    edited = text[:text.index(old)].count("\n") + 1
    assert edited - 1 <= findings[0].line <= edited + new.count("\n"), findings[0].line
