"""The reader: PyYAML's meaning for every file it accepts, a line for every problem."""
import math
import random

import pytest
import yaml
from conftest import CASES, ROOT
from mutations import mutate

from aqwal.gold import yamlfile

# Every YAML file under gold/: the gold, passes A and B, pass C's layers, reference, translation
# review and bookkeeping (settled.yaml, annotators.yaml); all are read through `yamlfile.read`.
GOLD = sorted((ROOT / "gold").rglob("*.yaml"))
# What PyYAML reads but the format refuses.
REFUSALS = {"duplicate-key", "yaml-alias", "yaml-merge-key", "yaml-line-break"}

# Snippets where YAML 1.1 and 1.2 readers disagree (types, aliases, tags, merge keys,
# documents, reserved indicators, escapes, line breaks), or agree.
SNIPPETS = [
    "a: yes", "a: no", "a: on", "a: Off", "a: ~", "a: Null", "a: NULL", "a: True", "a: TRUE",
    "a: 2024-05-18", "a: '2024-05-18'", "a: 2001-12-14 21:59:43.10 -5", "a: 1_000", "a: 0x10",
    "a: 017", "a: 00", "a: +1", "a: 1:20", "a: 1e3", "a: 0.5e3", "a: 1.5", "a: .inf", "a: .nan",
    "a: &x 1\nb: *x", "a: &x {c: 1}\nb: *x", "&x a: 1\n*x : 2", "a: !!str 12", "a: !!int '12'",
    "<<: {b: 1}\nc: 2", "a: x\n---\nb: y", "a: x\n...\nb: y", "--- a: 1", "a: @x", "a: `x",
    "%YAML 1.1\n---\na: 1", "\ufeffa: 1", "1: a", "yes: a", "a: 1\na: 2", "a: b: c",
    "a:\n\tb: 1", "a: [1, 2", "a: 'x\n", "a: plain\n  continued", "a: 2024-05-18\nb: '2024-05-18'",
    "a: '2024-05-18'\nb: x 2024-05-18", "a: \"yes\"\nb: 'no'", "a: ''\nb:", "- \n- ''",
    "a: |+\n  x\n\n", "a: >\n  x\n  y\n", "a: \"\\u0041\\n\"", "a: '*x'", "a: \x07",
    "a: 'it''s'", "{a: 1, b: [x, y]}", "a: -0", "a: -12", "a: 12", "a: =", "=: 1", "? [a]\n: 1",
    'a: "\\x41\\/\\_\\N\\L\\P"', 'a: "one\\\n  two"', "a: 'one\n\n  two'", "a: one\n\n  two",
    "a: b\r\nc: d\r\n", "a: b   \nc: d # note", "'a: b': c", "a: \"x: y\"", "a: x #y", "a: x#y",
    "a:\n  - b\n  -   c\n", "a: [b, {c: d}]", "a: |\n  عربي\n  نص\n", "a: \"عربي ” “\"",
    'a: "\\ud800"', "a: x\u2028y", "a: x\x85y", 'a: "x\x85y"', 'a: "x\u2029y"', "a: &x [1, *x]",
    "a: &x 1\nb: &x 2", "a: ! 12", "", "# only a comment\n   \n", "a: 1\n---\n", "1: a\ntrue: b",
]


def typed(value):
    """The value with every scalar's type beside it: 1 == True == 1.0 in Python, not here."""
    if isinstance(value, dict):
        return ("dict", sorted((typed(k), typed(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, repr(value))


def agrees_with_pyyaml(text: str) -> bool:
    """The reader gives PyYAML's data, or refuses what PyYAML refuses, or refuses one of the
    things the format forbids."""
    reading = yamlfile.parse(text)
    rules = {p.rule for p in reading.problems}
    if rules and rules <= REFUSALS:
        return True
    try:
        expected = typed(yaml.load(text, Loader=yamlfile.REFERENCE))
    except yaml.YAMLError:
        return rules == {"malformed-yaml"}
    return not rules and typed(reading.data) == expected


@pytest.mark.parametrize("text", SNIPPETS)
def test_the_reader_means_what_pyyaml_means(text):
    assert agrees_with_pyyaml(text)


def test_random_edits_of_the_gold_read_as_pyyaml_reads_them():
    """Seeded random edits of pieces of the real gold (a few records each, so that many edits
    fit in a second): controls, separators, BOM, surrogates, tabs, quotes, YAML 1.1 values."""
    text = GOLD[0].read_text(encoding="utf-8")
    records = text.split("\n  - section:")
    rng, disagreements = random.Random(11), []
    for _ in range(1500):
        i = rng.randrange(1, len(records) - 2)
        piece = "sentences:\n  - section:" + "\n  - section:".join(records[i:i + rng.randint(1, 3)])
        edited, edits = mutate(piece, rng, rng.randint(1, 3))
        if not agrees_with_pyyaml(edited):
            disagreements.append((edits, edited))
    assert [] == disagreements[:3]


def test_the_gold_files_and_cases_are_read_by_the_builder_and_read_the_same():
    """Only the cases of the reader's own rules are refused; no file needs PyYAML's loader."""
    reader_rules = REFUSALS | {"malformed-yaml", "not-utf8"}
    for path in GOLD + sorted(CASES.rglob("*.yaml")):
        if path.stem.split("--")[0] in reader_rules:
            continue
        text = path.read_text(encoding="utf-8")
        builder = yamlfile._Builder()
        assert typed(builder.build(text)) == typed(yaml.load(text, Loader=yamlfile.REFERENCE))
        assert builder.exact and not builder.problems, path


@pytest.mark.parametrize("old, new", [
    ("stance: none", "stance: no"), ("n: 2", "n: 0x2"), ("n: 2", "n: 2.0"),
    ('page_date: "2024-05-18"', "page_date: 2024-05-18"), ("kind: name", "kind: ~"),
    ("entity: algeria", "entity: *algeria"), ("entity: algeria", "entity: !!str algeria"),
    ("entity: algeria", "entity: &a algeria"), ("kind: name}", "kind: name, kind: nominal}"),
])
def test_edits_to_the_gold_read_as_pyyaml_reads_them(old, new):
    text = GOLD[0].read_text(encoding="utf-8")
    assert old in text
    assert agrees_with_pyyaml(text.replace(old, new, 1))


def test_lines_point_at_each_mapping_key_and_item(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nitems:\n  - {b: 2}\n  - c: 3\n    d: 4\n  - e\n", encoding="utf-8")
    data = yamlfile.read(path).data
    assert [data.line, data["items"][0].line, data["items"][1].line] == [1, 3, 4]
    assert data.key_lines == {"a": 1, "items": 2} and data["items"][1].key_lines == {"c": 4, "d": 5}
    assert data["items"].item_lines == [3, 4, 6]
    assert yamlfile.line_of(data["items"], 2) == 6 and yamlfile.line_of(data, "nope") == 1


def test_a_tagged_file_keeps_its_lines_through_pyyaml():
    reading = yamlfile.parse("a: !!str 1\nb:\n  - {c: 2}\n")
    assert reading.data == {"a": "1", "b": [{"c": 2}]}
    assert reading.data["b"].line == 3 and reading.data["b"][0].key_lines == {"c": 3}


@pytest.mark.parametrize("text, line, field", [
    ("a: 1\nb: 2\na: 3\n", 3, "a"),
    ('s:\n  - m:\n      - {text: "x", entity: lavrov, entity: messahel}\n', 3, "s[0].m[0].entity"),
    ("a: !!str 1\nb: 2\nb: 3\n", 3, "b"),  # read by PyYAML's loader: the key names the field
])
def test_a_key_written_twice_is_refused_at_its_second_line(text, line, field):
    [problem] = yamlfile.parse(text).problems
    assert (problem.rule, problem.line, problem.field) == ("duplicate-key", line, field)
    assert "twice" in problem.message


@pytest.mark.parametrize("text", ["a: &x [1, *x]\n", "a: &x 1\nb:\n  - *x\n"])
def test_aliases_are_refused_with_their_line(text):
    [problem] = yamlfile.parse(text).problems
    assert problem.rule == "yaml-alias" and problem.line == text.count("\n")


def test_a_syntax_error_names_where_the_construct_started_and_shows_both_lines():
    text = 'a: 1\nb: {text: "x", n: 1\nc: 2\nd: 3\n'
    [problem] = yamlfile.parse(text).problems
    assert problem.rule == "malformed-yaml" and problem.line == 3
    assert "from line 2" in problem.message and "'b: {text: \"x\", n: 1'" in problem.message


@pytest.mark.parametrize("text, rule, line", [
    ('a: 1\nb: "x\x85y"\n', "yaml-line-break", 2), ("a: 1\nb: x\u2028y\n", "yaml-line-break", 2),
    ("a:\n  <<: {b: 1}\n  c: 2\n", "yaml-merge-key", 2),
])
def test_what_yaml_readers_read_differently_is_refused(text, rule, line):
    [problem] = yamlfile.parse(text).problems
    assert (problem.rule, problem.line) == (rule, line)


def test_a_control_character_is_named_at_its_line_and_column():
    [problem] = yamlfile.parse("a: 1\nb: é\x07\n").problems
    assert (problem.rule, problem.line) == ("malformed-yaml", 2)
    assert "U+0007" in problem.message and "column 5" in problem.message


def test_a_file_that_is_not_utf8_is_reported_by_line_and_column(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes("a: 1\nb: \"عر\xff\"\n".encode().replace(b"\xc3\xbf", b"\xff"))
    [problem] = yamlfile.read(path).problems
    assert (problem.rule, problem.line) == ("not-utf8", 2)
    assert "0xff" in problem.message and "column 7" in problem.message


@pytest.mark.parametrize("text", ["a: " + "[" * 1100 + "]" * 1100, "a: !!seq " + "[" * 990 + "]" * 990,
                                  "a: &x " + "{b: " * 990 + "1" + "}" * 990])
def test_a_file_nested_too_deeply_is_malformed_not_a_crash(text):
    assert ["malformed-yaml"] == [p.rule for p in yamlfile.parse(text).problems]


def test_an_empty_or_comment_only_file_holds_nothing():
    for text in ("", "# a comment\n\n   \n"):
        assert yamlfile.parse(text) == (None, [])
