"""Publishing: the offline card check, the exact upload, and the Croissant metadata."""
import json
import shutil
import socket
from pathlib import Path

import mlcroissant as mlc
import pyarrow.parquet as pq
import pytest
import yaml
from conftest import ROOT
from huggingface_hub import HfApi
from mlcroissant._src.core.context import Context, CroissantVersion
from mlcroissant._src.core.rdf import make_context

from aqwal import schema, view
from aqwal.publish import card, cardcheck, croissant, upload

DATA = ROOT / "data"
PARQUET = [f"{config}/{schema.SPLIT}.parquet" for config in schema.CONFIGS]


def refuse_network(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the network was used")
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture
def data(tmp_path) -> Path:
    """A scratch copy of the published folder, to break or add to."""
    return Path(shutil.copytree(DATA, tmp_path / "data"))


def edit_meta(folder: Path, change) -> None:
    readme = folder / "README.md"
    meta, body = card.split_front_matter(readme.read_text(encoding="utf-8"))
    change(meta)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    readme.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def info(meta: dict, config: str) -> dict:
    return next(entry for entry in meta["dataset_info"] if entry["config_name"] == config)


def retype_paragraph(meta: dict) -> None:
    feature = next(f for f in info(meta, "sentences")["features"] if f["name"] == "paragraph")
    feature["dtype"] = "int64"


def miscount(meta: dict) -> None:
    info(meta, "quotes")["splits"][0]["num_examples"] += 1


def unlicense_other(meta: dict) -> None:
    meta["license"] = "other"
    meta.pop("license_name", None)


def unlink_other(meta: dict) -> None:
    meta["license"] = "other"
    meta.pop("license_link", None)


def config(meta: dict, name: str) -> dict:
    return next(entry for entry in meta["configs"] if entry["config_name"] == name)


# Each broken card: how the front matter is changed, and the one field the check must name.
BROKEN = {
    "bad language code": (lambda meta: meta.update(language=["ar", "arabic"]), "language"),
    "bad licence": (lambda meta: meta.update(license="cc-by-4"), "license"),
    "no licence": (lambda meta: meta.pop("license"), "license"),
    "other without license_name": (unlicense_other, "license_name"),
    "other without license_link": (unlink_other, "license_link"),
    "license_name that is not an id": (lambda meta: meta.update(license_name="CC BY 4.0 + text"),
                                       "license_name"),
    "license_name the Hub lists": (lambda meta: meta.update(license_name="cc-by-4.0"), "license_name"),
    "license_link to a missing file": (lambda meta: meta.update(license_link="LICENSE"), "license_link"),
    "license_link outside the folder": (lambda meta: meta.update(license_link="../data/LICENSE.md"),
                                        "license_link"),
    "license_link neither file nor http(s)": (
        lambda meta: meta.update(license_link="ftp://example.org/LICENSE.md"), "license_link"),
    "license_link that is not a string": (lambda meta: meta.update(license_link=["LICENSE.md"]),
                                          "license_link"),
    "unknown size category": (lambda meta: meta.update(size_categories=["n<2K"]),
                              "size_categories"),
    "bad annotations creator": (lambda meta: meta.update(annotations_creators=["experts"]),
                                "annotations_creators"),
    "bad multilinguality": (lambda meta: meta.update(multilinguality=["bilingual"]),
                            "multilinguality"),
    "bad task category": (lambda meta: meta.update(task_categories=["ner"]), "task_categories"),
    "bad task id": (lambda meta: meta.update(task_ids=["quotation-attribution"]), "task_ids"),
    "two defaults": (lambda meta: config(meta, "documents").update(default=True), "configs"),
    "no default": (lambda meta: config(meta, schema.DEFAULT_CONFIG).pop("default"), "configs"),
    "missing data file": (lambda meta: config(meta, "quotes").update(data_files="quotes/*.csv"),
                          "configs"),
    "features that do not match": (retype_paragraph, "dataset_info"),
}


def fields_of(problems: list[str]) -> list[str]:
    return [problem.split(":")[0] for problem in problems]


def test_the_published_card_passes_every_check():
    """The real data/README.md has no problem."""
    assert cardcheck.check_folder(DATA) == []


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_field_is_reported_by_name(data, case):
    """Each kind of bad front-matter value yields exactly one problem, naming its field."""
    change, field = BROKEN[case]
    edit_meta(data, change)
    assert fields_of(cardcheck.check_folder(data)) == [field]


def test_the_licence_file_must_be_in_the_folder(data):
    """The published card links its licence file; without that file the link is reported."""
    meta, _ = card.split_front_matter((data / "README.md").read_text(encoding="utf-8"))
    (data / meta["license_link"]).unlink()
    [problem] = cardcheck.check_folder(data)
    assert problem.startswith(f"license_link: '{meta['license_link']}' is neither")


def test_a_licence_file_that_would_not_be_uploaded_is_reported(data):
    """A hidden file stays local (upload.IGNORE_PATTERNS), so a link to it would break."""
    (data / ".LICENSE.md").write_text("terms", encoding="utf-8")
    edit_meta(data, lambda meta: meta.update(license_link=".LICENSE.md"))
    assert fields_of(cardcheck.check_folder(data)) == ["license_link"]


@pytest.mark.parametrize("link", ["https://creativecommons.org/licenses/by/4.0/", "./LICENSE.md"])
def test_a_licence_link_may_be_a_url_or_a_path_to_the_file(data, link):
    edit_meta(data, lambda meta: meta.update(license_link=link))
    assert cardcheck.check_folder(data) == []


def test_a_wrong_row_count_is_reported(data):
    """num_examples must equal the rows of the split's Parquet files."""
    edit_meta(data, miscount)
    [problem] = cardcheck.check_folder(data)
    assert problem.startswith("dataset_info: num_examples of quotes/train")


def test_a_parquet_file_that_lost_its_features_is_reported(data):
    """A Parquet file without the `datasets` schema metadata no longer matches the card."""
    path = data / "sentences" / "train.parquet"
    pq.write_table(pq.read_table(path).replace_schema_metadata(None), path)
    [problem] = cardcheck.check_folder(data)
    assert problem.startswith("dataset_info: features of config sentences do not match")
    assert "section" in problem and "ner_tags" in problem


def test_a_placeholder_is_reported(data):
    """The template's "[More Information Needed]" must not reach the Hub."""
    readme = data / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\n[More Information Needed]\n",
                      encoding="utf-8")
    assert fields_of(cardcheck.check_folder(data)) == ["card"]


def test_front_matter_that_does_not_parse_is_reported(data):
    """Broken YAML is one problem, not a crash."""
    readme = data / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("language:", "language: [", 1),
                      encoding="utf-8")
    assert fields_of(cardcheck.check_folder(data)) == ["front matter"]


def test_the_dry_run_lists_exactly_the_published_files_offline(data, monkeypatch):
    """Without yes: every file upload_folder would send, with its size; hidden files stay out."""
    refuse_network(monkeypatch)
    monkeypatch.setattr(HfApi, "upload_folder", lambda *a, **k: pytest.fail("uploaded"))
    (data / ".DS_Store").write_bytes(b"x")
    (data / "sentences" / ".ipynb_checkpoints").mkdir()
    (data / "sentences" / ".ipynb_checkpoints" / "note.txt").write_text("x")
    listed = upload.publish(data, "someone/aqwal", yes=False)
    expected = ["README.md", card.LICENCE_FILE, croissant.FILENAME, *PARQUET, view.FILENAME]
    assert sorted(path for path, _ in listed) == sorted(expected)
    assert all(size == (data / path).stat().st_size > 0 for path, size in listed)
    meta, _ = card.split_front_matter((data / "README.md").read_text(encoding="utf-8"))
    assert meta["license_link"] in [path for path, _ in listed]


def test_yes_uploads_the_folder_once_as_a_dataset(data, monkeypatch):
    """With yes: one upload_folder call to the dataset repo, with the token given."""
    refuse_network(monkeypatch)
    calls = []
    monkeypatch.setattr(HfApi, "upload_folder",
                        lambda self, **kwargs: calls.append((self.token, kwargs)))
    listed = upload.publish(data, "someone/aqwal", yes=True, token="hf_test")
    [(token, kwargs)] = calls
    assert token == "hf_test"
    assert kwargs["repo_id"] == "someone/aqwal" and kwargs["repo_type"] == "dataset"
    assert kwargs["folder_path"] == str(data)
    assert kwargs["ignore_patterns"] == upload.IGNORE_PATTERNS
    assert listed == upload.upload_list(data)


def test_a_card_with_problems_is_never_uploaded(data, monkeypatch):
    """publish raises CardProblems before any upload."""
    monkeypatch.setattr(HfApi, "upload_folder", lambda *a, **k: pytest.fail("uploaded"))
    edit_meta(data, BROKEN["bad licence"][0])
    with pytest.raises(upload.CardProblems, match="license"):
        upload.publish(data, "someone/aqwal", yes=True)


@pytest.fixture(scope="module")
def croissant_dir(tmp_path_factory) -> Path:
    """A copy of the published folder with croissant.json written into it."""
    folder = Path(shutil.copytree(DATA, tmp_path_factory.mktemp("croissant") / "data"))
    meta, _ = card.split_front_matter((folder / "README.md").read_text(encoding="utf-8"))
    croissant.write_croissant(folder, meta)
    return folder


@pytest.fixture(scope="module")
def dataset(croissant_dir) -> mlc.Dataset:
    """The JSON-LD as mlcroissant reads it: parsing runs its full validation, offline."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        refuse_network(monkeypatch)
        return mlc.Dataset(jsonld=croissant_dir / croissant.FILENAME)


def records(dataset: mlc.Dataset, record_set: str) -> list[dict]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        refuse_network(monkeypatch)
        return list(dataset.records(record_set))


def test_croissant_uses_the_standard_context_and_hashes(croissant_dir):
    """The @context is mlcroissant's own for 1.1, and each FileObject carries its file's SHA-256."""
    jsonld = json.loads((croissant_dir / croissant.FILENAME).read_text(encoding="utf-8"))
    assert jsonld["@context"] == make_context(Context(conforms_to=CroissantVersion.V_1_1))
    assert {f["contentUrl"]: f["sha256"] for f in jsonld["distribution"]} == \
        {path: croissant.sha256(croissant_dir / path) for path in PARQUET}


def test_croissant_licence_is_the_cards(dataset, croissant_dir):
    """license: the card's license_name and license_link, described by the Licensing section's
    first paragraph; mlcroissant reads it back."""
    readme = (croissant_dir / "README.md").read_text(encoding="utf-8")
    meta, _ = card.split_front_matter(readme)
    jsonld = json.loads((croissant_dir / croissant.FILENAME).read_text(encoding="utf-8"))
    [licence] = jsonld["license"]
    assert licence["@type"] == "sc:CreativeWork"
    assert (licence["name"], licence["url"]) == (meta["license_name"], meta["license_link"])
    summary = card.licence(readme).split("\n\n")[1]
    assert licence["description"] == " ".join(summary.split())
    assert "not licensed by this project" in licence["description"]
    [read] = dataset.metadata.license
    assert (read.name, read.url) == (meta["license_name"], meta["license_link"])


def test_a_listed_licence_is_its_url_in_croissant():
    assert croissant.licence({"license": "cc-by-4.0"}, "") == "https://creativecommons.org/licenses/by/4.0/"


def test_croissant_is_deterministic(croissant_dir):
    """Writing twice gives the same bytes, and no date is recorded."""
    path = croissant_dir / croissant.FILENAME
    before = path.read_bytes()
    meta, _ = card.split_front_matter((croissant_dir / "README.md").read_text(encoding="utf-8"))
    croissant.write_croissant(croissant_dir, meta)
    assert path.read_bytes() == before
    assert not [key for key in json.loads(before) if key.startswith("date")]


def test_croissant_record_sets_mirror_the_parquet_columns(dataset, croissant_dir):
    """One record set per config, whose fields are the Parquet file's columns in order."""
    record_sets = {rs.id: rs for rs in dataset.metadata.record_sets}
    assert set(schema.CONFIGS) | set(croissant.LABEL_SETS) == set(record_sets)
    for config, path in zip(schema.CONFIGS, PARQUET, strict=True):
        columns = pq.read_schema(croissant_dir / path).names
        assert [field.name for field in record_sets[config].fields] == columns


def test_croissant_reads_every_sentence_record(dataset, croissant_dir):
    """mlcroissant reads as many sentence records as the Parquet file has rows, nested included."""
    rows = pq.read_table(croissant_dir / "sentences" / "train.parquet").to_pylist()
    read = records(dataset, "sentences")
    assert len(read) == len(rows)
    assert [r["sentences/id"].decode() for r in read] == [row["id"] for row in rows]
    assert [list(r["sentences/ner_tags"]) for r in read] == [row["ner_tags"] for row in rows]
    assert [[e["sentences/entities/start"] for e in r["sentences/entities"]] for r in read] == \
        [[e["start"] for e in row["entities"]] for row in rows]


def test_croissant_label_sets_hold_the_class_names(dataset):
    """Each enumeration record set lists its ClassLabel names by index."""
    for set_id, names in croissant.LABEL_SETS.items():
        read = records(dataset, set_id)
        assert [(r[f"{set_id}/index"], r[f"{set_id}/name"]) for r in read] == list(enumerate(names))


def test_croissant_rejects_a_changed_parquet_file(croissant_dir, tmp_path):
    """A file whose bytes no longer match its sha256 cannot be read."""
    folder = Path(shutil.copytree(croissant_dir, tmp_path / "data"))
    with open(folder / "quotes" / "train.parquet", "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(mlc.GenerationError) as error:
        records(mlc.Dataset(jsonld=folder / croissant.FILENAME), "quotes")
    assert "Hash of downloaded file" in str(error.value.__cause__)
