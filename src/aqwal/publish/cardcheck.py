"""Offline checks of the publishable folder's card, because the Hub only validates after upload.

`DatasetCardData` accepts any value and `DatasetCard.validate()` needs the network, so the tag
fields are checked against the lists `datasets` ships (datasets/utils/resources/*.json) and,
where nothing is shipped, against hand-kept lists below; the licence fields against the Hub's
rules and the folder's files; the YAML `configs` and `dataset_info` against the Parquet files
they describe. Every problem is a string that starts with the field it is about.
"""
from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import datasets
import pyarrow.parquet as pq
import yaml
from datasets import Features
from datasets.data_files import sanitize_patterns

from aqwal.publish import card

RESOURCES = Path(datasets.__file__).parent / "utils" / "resources"
PLACEHOLDER = "[More Information Needed]"


def _resource(name: str):
    return json.loads((RESOURCES / name).read_text(encoding="utf-8"))


_CREATORS = _resource("creators.json")

# Hub licence ids, as listed in the Hub's docs (hub-docs, docs/hub/repositories-licenses.md).
HUB_LICENSES = frozenset({
    "apache-2.0", "mit", "openrail", "bigscience-openrail-m", "creativeml-openrail-m",
    "bigscience-bloom-rail-1.0", "bigcode-openrail-m", "afl-3.0", "artistic-2.0", "bsl-1.0",
    "bsd", "bsd-2-clause", "bsd-3-clause", "bsd-3-clause-clear", "c-uda", "cc", "cc0-1.0",
    "cc-by-2.0", "cc-by-2.5", "cc-by-3.0", "cc-by-4.0", "cc-by-sa-3.0", "cc-by-sa-4.0",
    "cc-by-nc-2.0", "cc-by-nc-3.0", "cc-by-nc-4.0", "cc-by-nd-4.0", "cc-by-nc-nd-3.0",
    "cc-by-nc-nd-4.0", "cc-by-nc-sa-2.0", "cc-by-nc-sa-3.0", "cc-by-nc-sa-4.0",
    "cdla-sharing-1.0", "cdla-permissive-1.0", "cdla-permissive-2.0", "wtfpl", "ecl-2.0",
    "epl-1.0", "epl-2.0", "etalab-2.0", "eupl-1.1", "agpl-3.0", "gfdl", "gpl", "gpl-2.0",
    "gpl-3.0", "lgpl", "lgpl-2.1", "lgpl-3.0", "isc", "lppl-1.3c", "ms-pl", "mpl-2.0", "odc-by",
    "odbl", "openrail++", "osl-3.0", "postgresql", "ofl-1.1", "ncsa", "unlicense", "zlib",
    "pddl", "lgpl-lr", "deepfloyd-if-license", "llama2", "gemma", "unknown", "other",
})

# Hub task categories and their task ids, from the Hub's own list (huggingface.js,
# packages/tasks/src/pipelines.ts, less the categories it hides from dataset filters);
# `datasets` ships only a deprecated list of categories, with no task ids.
HUB_TASKS: dict[str, tuple[str, ...]] = {
    "text-classification": (
        "acceptability-classification", "entity-linking-classification", "fact-checking",
        "intent-classification", "language-identification", "multi-class-classification",
        "multi-label-classification", "multi-input-text-classification",
        "natural-language-inference", "semantic-similarity-classification",
        "sentiment-classification", "topic-classification", "semantic-similarity-scoring",
        "sentiment-scoring", "sentiment-analysis", "hate-speech-detection", "text-scoring"),
    "token-classification": (
        "named-entity-recognition", "part-of-speech", "parsing", "lemmatization",
        "word-sense-disambiguation", "coreference-resolution"),
    "table-question-answering": (),
    "question-answering": ("extractive-qa", "open-domain-qa", "closed-domain-qa"),
    "zero-shot-classification": (),
    "translation": (),
    "summarization": ("news-articles-summarization", "news-articles-headline-generation"),
    "feature-extraction": (),
    "text-generation": ("dialogue-modeling", "dialogue-generation", "conversational",
                        "language-modeling"),
    "text2text-generation": (
        "text-simplification", "explanation-generation", "abstractive-qa",
        "open-domain-abstractive-qa", "closed-domain-qa", "open-book-qa", "closed-book-qa"),
    "fill-mask": ("slot-filling", "masked-language-modeling"),
    "sentence-similarity": (),
    "text-to-speech": (),
    "text-to-audio": (),
    "automatic-speech-recognition": (),
    "audio-to-audio": (),
    "audio-classification": (
        "keyword-spotting", "speaker-identification", "audio-intent-classification",
        "audio-emotion-recognition", "audio-language-identification"),
    "voice-activity-detection": (),
    "depth-estimation": (),
    "image-classification": ("multi-label-image-classification",
                             "multi-class-image-classification"),
    "object-detection": ("face-detection", "vehicle-detection"),
    "image-segmentation": ("instance-segmentation", "semantic-segmentation",
                           "panoptic-segmentation"),
    "text-to-image": (),
    "image-to-text": ("image-captioning",),
    "image-to-image": ("image-inpainting", "image-colorization", "super-resolution"),
    "image-to-video": (),
    "unconditional-image-generation": (),
    "video-classification": (),
    "reinforcement-learning": (),
    "robotics": ("grasping", "task-planning"),
    "tabular-classification": ("tabular-multi-class-classification",
                               "tabular-multi-label-classification"),
    "tabular-regression": ("tabular-single-column-regression",),
    "tabular-to-text": ("rdf-to-text",),
    "table-to-text": (),
    "multiple-choice": ("multiple-choice-qa", "multiple-choice-coreference-resolution"),
    "text-ranking": (),
    "text-retrieval": ("document-retrieval", "utterance-retrieval", "entity-linking-retrieval",
                       "fact-checking-retrieval"),
    "time-series-forecasting": ("univariate-time-series-forecasting",
                                "multivariate-time-series-forecasting"),
    "text-to-video": (),
    "visual-question-answering": ("visual-question-answering",),
    "zero-shot-image-classification": (),
    "graph-ml": (),
    "mask-generation": (),
    "zero-shot-object-detection": (),
    "text-to-3d": (),
    "image-to-3d": (),
    "image-feature-extraction": (),
    "video-text-to-text": (),
}

# Each tag field of the front matter, and the values the Hub knows for it.
ALLOWED = {
    "language": frozenset(_resource("languages.json")),
    "annotations_creators": frozenset(_CREATORS["annotations"]),
    "language_creators": frozenset(_CREATORS["language"]),
    "multilinguality": frozenset(_resource("multilingualities.json")),
    "size_categories": frozenset(_resource("size_categories.json")),
    "license": HUB_LICENSES,
    "task_categories": frozenset(HUB_TASKS),
    "task_ids": frozenset(task for tasks in HUB_TASKS.values() for task in tasks),
}


def _as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def tag_problems(meta: dict) -> list[str]:
    problems = [f"{name}: unknown value {value!r}"
                for name, allowed in ALLOWED.items()
                for value in _as_list(meta.get(name))
                if not isinstance(value, str) or value not in allowed]
    if "license" not in meta:
        problems.append("license: missing")
    return problems


# The Hub's rules for a licence it does not list, from its card metadata spec (hub-docs,
# datasetcard.md) and licence docs (docs/hub/repositories-licenses.md): `license: other` takes
# `license_name`, an id "like `my-license-1.0`" for a licence not in the Hub's list, and
# `license_link`, "LICENSE" or "LICENSE.md" for a file in the repository or a URL to a remote
# file. `license_details` is marked legacy there (a free-text description), so it is not needed.
LICENCE_ID = re.compile(r"^[a-z0-9][a-z0-9.+-]*$")
URL_SCHEMES = ("http", "https")


def _link_problem(link, data_dir: Path) -> str | None:
    """Why `license_link` would not resolve on the Hub: not a URL, nor a file that is uploaded."""
    if not isinstance(link, str) or not link.strip():
        return f"license_link: must be a file name or an http(s) URL, found {link!r}"
    parts = urlsplit(link)
    if parts.scheme in URL_SCHEMES and parts.netloc:
        return None
    # upload imports this module, so its file list is imported here, when it is needed.
    from aqwal.publish.upload import upload_list

    if parts.scheme or posixpath.normpath(link) not in {path for path, _ in upload_list(data_dir)}:
        return (f"license_link: {link!r} is neither an http(s) URL nor a file of {data_dir} "
                f"that would be uploaded; write the licence to {card.LICENCE_FILE} there")
    return None


def _name_problem(name) -> str | None:
    if not name:
        return "license_name: required when license is other (an id like my-license-1.0)"
    if not isinstance(name, str) or not LICENCE_ID.match(name):
        return (f"license_name: {name!r} is not an id (lowercase letters, digits, '.', '-', '+') "
                "like my-license-1.0")
    if name in HUB_LICENSES:
        return f"license_name: {name} is a licence the Hub lists: set license: {name} instead of other"
    return None


def licence_problems(meta: dict, data_dir: Path) -> list[str]:
    """`license_name` and `license_link` as the Hub wants them; a link given must resolve."""
    other = "other" in _as_list(meta.get("license"))
    problems = [_name_problem(meta.get("license_name"))] if other else []
    if "license_link" in meta:
        problems.append(_link_problem(meta["license_link"], data_dir))
    elif other:
        problems.append(f"license_link: required when license is other ({card.LICENCE_FILE}, "
                        "a file in the folder, or an http(s) URL)")
    return [problem for problem in problems if problem]


def _data_files(data_dir: Path, config: dict) -> dict[str, list[Path]]:
    """Split name -> the files its `data_files` patterns match, read as `datasets` reads them."""
    return {split: sorted(path for pattern in patterns for path in data_dir.glob(pattern))
            for split, patterns in sanitize_patterns(config.get("data_files", [])).items()}


def _feature_differences(declared: Features, found: Features) -> list[str]:
    return sorted(name for name in declared.keys() | found.keys()
                  if declared.get(name) != found.get(name))


def config_problems(meta: dict, data_dir: Path) -> list[str]:
    """`configs` and `dataset_info` against each other and against the Parquet files."""
    configs = {config.get("config_name"): config for config in _as_list(meta.get("configs"))}
    infos = {info.get("config_name"): info for info in _as_list(meta.get("dataset_info"))}
    defaults = sorted(name for name, config in configs.items() if config.get("default"))
    problems = [] if len(defaults) == 1 else [
        f"configs: exactly one config must say default: true, found {defaults}"]
    problems += [f"dataset_info: config {name} is not in configs"
                 for name in sorted(infos.keys() - configs.keys(), key=str)]
    for name, config in configs.items():
        problems += _one_config(name, config, infos.get(name), data_dir)
    return problems


def _one_config(name: str, config: dict, info: dict | None, data_dir: Path) -> list[str]:
    try:
        files = _data_files(data_dir, config)
    except ValueError as error:
        return [f"configs: data_files of config {name} do not parse: {error}"]
    if not files or not all(files.values()):
        return [f"configs: data_files of config {name} match no file"]
    if info is None:
        return [f"dataset_info: config {name} has no entry"]
    try:
        declared = Features._from_yaml_list(info.get("features"))
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        return [f"dataset_info: features of config {name} do not parse: {error}"]
    problems = []
    for path in (path for paths in files.values() for path in paths):
        found = Features.from_arrow_schema(pq.read_schema(path))
        if declared != found:
            problems.append(f"dataset_info: features of config {name} do not match "
                            f"{path.relative_to(data_dir).as_posix()} in "
                            f"{', '.join(_feature_differences(declared, found))}")
    for split in _as_list(info.get("splits")):
        rows = sum(pq.ParquetFile(path).metadata.num_rows
                   for path in files.get(split.get("name"), []))
        if split.get("num_examples") != rows:
            problems.append(f"dataset_info: num_examples of {name}/{split.get('name')} is "
                            f"{split.get('num_examples')}, the files hold {rows} rows")
    return problems


def check_folder(data_dir: Path) -> list[str]:
    """Every problem of data_dir/README.md that would make the Hub reject or misread it."""
    data_dir = Path(data_dir)
    text = (data_dir / "README.md").read_text(encoding="utf-8")
    try:
        meta, _ = card.split_front_matter(text)
    except (card.CardError, yaml.YAMLError) as error:
        return [f"front matter: {error}"]
    if not isinstance(meta, dict):
        return ["front matter: must be a YAML mapping"]
    problems = tag_problems(meta) + licence_problems(meta, data_dir) + config_problems(meta, data_dir)
    if PLACEHOLDER in text:
        problems.append(f"card: {PLACEHOLDER} is left in the text")
    return problems
