from conftest import CASES
from datasets import Dataset

from aqwal import schema
from aqwal.dataset.encode import as_dataset, compile_encoder, to_table
from aqwal.dataset.load import readable_rows
from aqwal.dataset.records import config_rows
from aqwal.gold.validate import validate_file


def to_dataset(rows, features):
    return as_dataset(to_table(rows, features), features)


def rows():
    _, document = validate_file(CASES / "valid.yaml", CASES / "seeds")
    return config_rows([document])


def test_to_dataset_equals_the_generic_from_list():
    for name, config_rows_ in rows().items():
        fast = to_dataset(config_rows_, schema.FEATURES[name])
        slow = Dataset.from_list(config_rows_, features=schema.FEATURES[name])
        assert fast.features == slow.features
        assert fast.to_list() == slow.to_list(), name


def test_labels_round_trip_through_ids():
    original = rows()["sentences"]
    assert readable_rows(to_dataset(original, schema.FEATURES["sentences"])) == original


def test_columns_without_labels_need_no_encoder():
    assert compile_encoder(schema.FEATURES["documents"]["text"]) is None
    assert compile_encoder(schema.FEATURES["quotes"]["source"]) is None
    assert compile_encoder(schema.FEATURES["sentences"]["ner_tags"])(["O", "B-PER"]) == [0, 1]
