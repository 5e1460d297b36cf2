"""The code the card gives under "Known traps" runs on the published data and does what it says."""
import re
import textwrap

import pytest
from conftest import ROOT
from datasets import load_dataset

from aqwal import schema


@pytest.fixture(scope="module")
def snippets():
    card = (ROOT / "dataset_card.md").read_text(encoding="utf-8")
    section = card.split("#### Known traps", 1)[1].split("\n#### ", 1)[0]
    found = [textwrap.dedent(code) for code in re.findall(r"```python\n(.*?)```", section, re.S)]
    assert len(found) == 2, "the card gives two snippets under Known traps"
    return found


@pytest.fixture(scope="module")
def sentences(tmp_path_factory):
    return load_dataset(str(ROOT / "data"), "sentences", split="train",
                        cache_dir=str(tmp_path_factory.mktemp("cache")))


def test_the_boilerplate_filter_keeps_exactly_the_editorial_records(snippets, sentences):
    names = sentences.features["section"].names
    scope = {"sentences": sentences}
    exec(snippets[0], scope)
    kept = [names[i] for i in scope["editorial"]["section"]]
    assert set(kept) == schema.EDITORIAL_SECTIONS
    assert len(kept) == sum(names[i] in schema.EDITORIAL_SECTIONS for i in sentences["section"])


def test_the_writer_stance_view_keeps_only_stances_the_writer_holds(snippets, sentences):
    scope = {"sentences": sentences}
    exec(snippets[1], scope)
    writer = scope["writer_stance"]
    assert len(writer) == len(sentences)
    assert set(writer) == {"none"}, "the card says the writer holds no stance in this article"
    assert "favor" in {sentences.features["stance"].int2str(s) for s in sentences["stance"]}
