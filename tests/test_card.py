import pytest
import yaml
from conftest import ROOT

from aqwal import schema
from aqwal.dataset import stats
from aqwal.publish import card

SOURCE = "---\nlicense: other\n---\n# Title\n\n<!-- aqwal:labels -->\n\n<!-- aqwal:fields:quotes -->\n"


def small_counts():
    return stats.count({"documents": [{}], "sentences": [{"section": "body", "entities": [], "ner_tags": ["O"],
                                               "stance": "none"}],
            "quotes": [], "entities": []})


def test_markers_are_replaced_by_generated_tables():
    text = card.render(SOURCE, small_counts(), {name: 1 for name in schema.CONFIGS})
    assert "<!-- aqwal" not in text
    assert "| `speaker_ids` | list of string |" in text
    assert "| body | 1 |" in text


def test_the_yaml_declares_every_config_with_one_default():
    text = card.render(SOURCE, small_counts(), {name: 7 for name in schema.CONFIGS})
    meta = yaml.safe_load(text.split("---\n")[1])
    assert [c["config_name"] for c in meta["configs"]] == schema.CONFIGS
    assert [c.get("default", False) for c in meta["configs"]].count(True) == 1
    assert meta["dataset_info"][1]["splits"] == [{"name": "train", "num_bytes": 7, "num_examples": 1}]
    assert meta["license"] == "other"


def test_an_unknown_marker_is_an_error():
    with pytest.raises(card.CardError, match="unknown card block"):
        card.render(SOURCE + "<!-- aqwal:nonsense -->\n", small_counts(), {n: 1 for n in schema.CONFIGS})


def test_the_source_may_not_set_generated_keys():
    with pytest.raises(card.CardError, match="configs"):
        card.render("---\nconfigs: []\n---\n", small_counts(), {n: 1 for n in schema.CONFIGS})


def test_the_published_card_has_no_unreplaced_markers():
    assert "<!-- aqwal:" not in (ROOT / "data" / "README.md").read_text(encoding="utf-8")


def test_counts_of_parts_add_up_to_the_counts_of_the_whole():
    whole = {"documents": [{}, {}], "sentences": [
        {"section": "body", "entities": [{"label": "PER"}], "ner_tags": ["B-PER", "O"], "stance": "none"},
        {"section": "headline", "entities": [], "ner_tags": ["O"], "stance": "favor"}],
        "quotes": [{"type": "direct", "stance": "none"}], "entities": [
            {"type": "PER", "mentions": [{"kind": "name"}, {"kind": "nominal"}]}]}
    first = {name: rows[:1] for name, rows in whole.items()}
    rest = {name: rows[1:] for name, rows in whole.items()}
    assert stats.total([stats.count(first), stats.count(rest)]) == stats.count(whole)
    tables = stats.tables(stats.count(whole))
    assert tables["Records per config"] == [("documents", 2), ("sentences", 2), ("quotes", 1), ("entities", 1)]
    assert ("against", 0) in tables["Sentence stance (sentences.stance)"]


LICENSED = ("---\nlicense: other\n---\n# Title\n\n## Uses\n\nTeaching.\n\n## Licensing\n\nTwo regimes.\n\n"
            "### Annotations\n\nCC BY 4.0.\n\n### Article text\n\nThe publisher's.\n\n## Citation\n\nNone.\n")


def test_the_licence_file_is_the_licensing_section_with_headings_raised():
    assert card.licence(LICENSED) == ("# Licensing\n\nTwo regimes.\n\n## Annotations\n\nCC BY 4.0.\n\n"
                                      "## Article text\n\nThe publisher's.\n")


def test_a_card_without_a_licensing_section_has_no_licence_file():
    with pytest.raises(card.CardError, match="Licensing"):
        card.licence(LICENSED.replace("## Licensing", "## Licence terms"))


def test_the_published_licence_file_is_the_published_cards_licensing_section():
    """One text: data/LICENSE.md is the card's section, and the card's license_link names it."""
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    licence = (ROOT / "data" / card.LICENCE_FILE).read_text(encoding="utf-8")
    assert licence == card.licence(readme)
    assert card.split_front_matter(readme)[0]["license_link"] == card.LICENCE_FILE
    assert "license_details" not in card.split_front_matter(readme)[0]
    for must in ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/legalcode",
                 "not licensed by this project", "You may not"):
        assert must in licence
