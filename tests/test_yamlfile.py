import math

import pytest
import yaml
from conftest import CASES, ROOT

from aqwal.gold import yamlfile

# Every annotation file: the gold, passes A and B, pass C's layers and reference (its bookkeeping,
# gold/passes/c/settled.yaml and annotators.yaml, is plain YAML read by PyYAML).
GOLD = [p for p in sorted((ROOT / "gold").rglob("*.yaml")) if p.parent != ROOT / "gold" / "passes" / "c"]

# Snippets on which rapidyaml alone and PyYAML disagree (types, aliases, tags, merge keys,
# documents, reserved indicators), or agree; `load` must give PyYAML's answer for all of them.
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
    "a: 'it''s'", "{a: 1, b: [x, y]}", "a: -0", "a: -12", "a: 12",
    'a: "\\x41\\/\\_\\N\\L\\P"', 'a: "one\\\n  two"', "a: 'one\n\n  two'", "a: one\n\n  two",
    "a: b\r\nc: d\r\n", "a: b   \nc: d # note", "'a: b': c", "a: \"x: y\"", "a: x #y", "a: x#y",
    "a:\n  - b\n  -   c\n", "a: [b, {c: d}]", "a: |\n  عربي\n  نص\n", "a: \"عربي ” “\"",
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


def outcome(read, source):
    """The typed value read, or "refused" (both readers must refuse the same files)."""
    try:
        return typed(read(source))
    except yaml.YAMLError:
        return "refused"


def pyyaml(text):
    return outcome(lambda t: yaml.load(t, Loader=yaml.SafeLoader), text)


def ours(path):
    return outcome(yamlfile.load, path)


@pytest.mark.parametrize("text", SNIPPETS)
def test_load_means_what_pyyaml_means(text, tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert ours(path) == pyyaml(text)


def test_the_gold_files_take_the_fast_path_and_read_the_same():
    for path in GOLD + sorted(CASES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if path.name != "malformed-yaml.yaml":
            assert yamlfile._fast(text) is not yamlfile._FALLBACK, path
        assert ours(path) == pyyaml(text), path


@pytest.mark.parametrize("old, new", [
    ("stance: none", "stance: no"), ("n: 2", "n: 0x2"), ("n: 2", "n: 2.0"),
    ('page_date: "2024-05-18"', "page_date: 2024-05-18"), ("kind: name", "kind: ~"),
    ("entity: algeria", "entity: *algeria"), ("entity: algeria", "entity: !!str algeria"),
])
def test_edits_to_the_gold_read_as_pyyaml_reads_them(old, new, tmp_path):
    text = GOLD[0].read_text(encoding="utf-8")
    assert old in text
    edited = text.replace(old, new, 1)
    path = tmp_path / "gold.yaml"
    path.write_text(edited, encoding="utf-8")
    assert ours(path) == pyyaml(edited)


def test_lines_point_at_each_mapping(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nitems:\n  - {b: 2}\n  - c: 3\n    d: 4\n", encoding="utf-8")
    data = yamlfile.load_with_lines(path)
    assert [data.line, data["items"][0].line, data["items"][1].line] == [1, 3, 4]


def test_a_malformed_file_is_reported_once_by_pyyaml_without_rapidyaml_noise(tmp_path, capfd):
    path = tmp_path / "x.yaml"
    path.write_text("a: [1, 2\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError):
        yamlfile.load(path)
    assert capfd.readouterr().err == ""
