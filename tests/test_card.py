import pytest
import yaml

from aqwal import card, schema
from conftest import ROOT

SOURCE = "---\nlicense: other\n---\n# Title\n\n<!-- aqwal:labels -->\n\n<!-- aqwal:fields:quotes -->\n"


def small_rows():
    return {"documents": [{}], "sentences": [{"section": "body", "entities": [], "ner_tags": ["O"],
                                               "stance": "none"}],
            "quotes": [], "entities": []}


def test_markers_are_replaced_by_generated_tables():
    text = card.render(SOURCE, small_rows(), {name: 1 for name in schema.CONFIGS})
    assert "<!-- aqwal" not in text
    assert "| `speaker_ids` | list of string |" in text
    assert "| body | 1 |" in text


def test_the_yaml_declares_every_config_with_one_default():
    text = card.render(SOURCE, small_rows(), {name: 7 for name in schema.CONFIGS})
    meta = yaml.safe_load(text.split("---\n")[1])
    assert [c["config_name"] for c in meta["configs"]] == schema.CONFIGS
    assert [c.get("default", False) for c in meta["configs"]].count(True) == 1
    assert meta["dataset_info"][1]["splits"] == [{"name": "train", "num_bytes": 7, "num_examples": 1}]
    assert meta["license"] == "other"


def test_an_unknown_marker_is_an_error():
    with pytest.raises(card.CardError, match="unknown card block"):
        card.render(SOURCE + "<!-- aqwal:nonsense -->\n", small_rows(), {n: 1 for n in schema.CONFIGS})


def test_the_source_may_not_set_generated_keys():
    with pytest.raises(card.CardError, match="configs"):
        card.render("---\nconfigs: []\n---\n", small_rows(), {n: 1 for n in schema.CONFIGS})


def test_the_published_card_has_no_unreplaced_markers():
    assert "<!-- aqwal:" not in (ROOT / "data" / "README.md").read_text(encoding="utf-8")
