import pytest
from conftest import ROOT
from datasets import ClassLabel, load_dataset

from aqwal import schema
from aqwal.dataset.build import build
from aqwal.dataset.load import load, readable_rows


@pytest.mark.parametrize("config", schema.CONFIGS)
def test_every_config_loads_offline_with_its_declared_features(config, tmp_path):
    dataset = load_dataset(str(ROOT / "data"), config, split="train", cache_dir=str(tmp_path))
    assert dataset.features == schema.FEATURES[config]
    assert len(dataset) > 0


def test_the_default_config_is_sentences(tmp_path):
    dataset = load_dataset(str(ROOT / "data"), split="train", cache_dir=str(tmp_path))
    assert dataset.features == schema.FEATURES["sentences"]


def test_class_labels_are_readable(tmp_path):
    sentences = load_dataset(str(ROOT / "data"), "sentences", split="train", cache_dir=str(tmp_path))
    assert sentences.features["section"].names == schema.SECTIONS
    assert sentences.features["stance"].names == ["none", "favor", "against"]
    assert sentences.features["ner_tags"].feature.names[:3] == ["O", "B-PER", "I-PER"]
    assert isinstance(sentences.features["entities"].feature["label"], ClassLabel)
    assert readable_rows(sentences)[0]["section"] == "dateline"


def test_the_loader_never_returns_stale_rows_after_a_rebuild(project, tmp_path):
    cache = tmp_path / "cache"
    build(project / "gold", project / "seeds", project / "data", project / "dataset_card.md",
          project / "gold" / "passes")
    before = load("sentences", project / "data", cache)
    gold = project / "gold" / "000_5e3c12ae8d8c7ed7.yaml"
    gold.write_text(gold.read_text(encoding="utf-8").replace(
        'text_en: "Breaking news"', 'text_en: "Urgent news"'), encoding="utf-8")
    build(project / "gold", project / "seeds", project / "data", project / "dataset_card.md",
          project / "gold" / "passes")
    after = load("sentences", project / "data", cache)
    assert before[1]["text_en"] == "Breaking news"
    assert after[1]["text_en"] == "Urgent news"


def test_find_data_dir_walks_up_from_a_notebook_folder():
    from aqwal.dataset.load import find_data_dir
    assert find_data_dir(ROOT / "notebooks") == ROOT / "data"
    with pytest.raises(FileNotFoundError):
        find_data_dir(ROOT.parent.parent / "nonexistent-dir-for-aqwal")
