"""The general rules handed to independent annotators hold none of the seed article's examples."""
import re

import pytest
import yaml
from conftest import ROOT

from aqwal.gold.guidelines import LAYER_SECTIONS, GuidelinesError, for_layer, general_rules

GUIDELINES = (ROOT / "docs" / "guidelines.md").read_text(encoding="utf-8")
SEED = (ROOT / "seeds" / "000_5e3c12ae8d8c7ed7.txt").read_text(encoding="utf-8")
GOLD = yaml.safe_load((ROOT / "gold" / "000_5e3c12ae8d8c7ed7.yaml").read_text(encoding="utf-8"))
WORD = re.compile(r"[\w\u064B-\u065F\u0670]+")


def ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    words = WORD.findall(text)
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def leaks(text: str) -> list[str]:
    """Traces of the seed article: four of its words in a row, a name of one of its people or
    organisations, one of its descriptions (`ذات الخبير`), a record, attribution or entity id."""
    found = [" ".join(g) for g in ngrams(text, 4) & ngrams(SEED, 4)]
    names = {e["name"] for e in GOLD["entities"] if e["type"] in ("PER", "ORG")}
    names |= {m["text"] for s in GOLD["sentences"] for m in s.get("mentions") or []
              if m["kind"] == "name" and m["entity"] in {e["id"] for e in GOLD["entities"]
                                                          if e["type"] in ("PER", "ORG")}}
    names |= {m["text"] for s in GOLD["sentences"] for m in s.get("mentions") or [] if m["kind"] != "name"}
    found += [name for name in names if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    found += re.findall(r"\bp\d+s\d+\b|\bq\d\d\b", text)
    found += [f"`{e['id']}`" for e in GOLD["entities"] if f"`{e['id']}`" in text]
    return found


def test_the_full_guidelines_hold_the_examples_the_leak_check_finds():
    assert len(leaks(GUIDELINES)) > 50, "the check must see the article in the full text"
    assert GUIDELINES.count("<!-- example -->") >= 10


def test_the_general_rules_hold_no_example_of_the_seed_article():
    general = general_rules(GUIDELINES)
    assert leaks(general) == []
    assert not re.search(r"^\s*<!-- /?example", general, re.M), "no marker line is left"


@pytest.mark.parametrize("layer", list(LAYER_SECTIONS))
def test_each_layer_gets_its_sections_and_no_example(layer):
    text = for_layer(GUIDELINES, layer)
    numbers = [int(n) for n in re.findall(r"^## (\d+)\. ", text, re.M)]
    assert numbers == list(LAYER_SECTIONS[layer])
    assert leaks(text) == []


def test_every_rule_heading_survives_the_stripping():
    general = general_rules(GUIDELINES)
    kept = re.findall(r"^##+ .*$", general, re.M)
    examples_only = {"### 3.5 Worked examples", "### 4.7 Examples"}
    assert set(re.findall(r"^##+ .*$", GUIDELINES, re.M)) - set(kept) == examples_only


@pytest.mark.parametrize("text, message", [
    ("a\n<!-- example -->\nb\n", "never closed"),
    ("a\n<!-- /example -->\n", "none is open"),
    ("<!-- example -->\n<!-- example -->\n<!-- /example -->\n", "inside the example"),
    ("<!-- example-->\nb\n", "alone on its line"),
])
def test_broken_markers_are_errors_with_a_line(text, message):
    with pytest.raises(GuidelinesError, match=message):
        general_rules(text)


def test_stripping_keeps_the_text_around_an_example():
    assert general_rules("rule\n\n<!-- example -->\ncase\n<!-- /example -->\n\nnext\n") == "rule\n\nnext\n"
