"""MLCommons Croissant metadata (JSON-LD) for the publishable folder, so tools that read
Croissant (search engines, TFDS, mlcroissant) can find, check and load Aqwal without the card.

One `cr:FileObject` per Parquet file (with its SHA-256), one `cr:RecordSet` per config whose
fields follow `schema.FEATURES`: structs become sub-fields, lists become array fields, and a
ClassLabel becomes an integer field whose description lists its names. Each label list is also
published as an enumeration RecordSet (`<list>_labels`, inline `index`/`name` records). The
fields do not point at it with `references`: mlcroissant executes `source` + `references` as a
join, which works for one scalar column per record set, not for label lists inside arrays.

Call `write_croissant` after `README.md` is written: the description and citation come from it.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from datasets import ClassLabel, List, Value

from aqwal import __version__, schema
from aqwal.publish import card

FILENAME = "croissant.json"
CONFORMS_TO = "http://mlcommons.org/croissant/1.1"

# The @context mlcroissant 1.1 writes for Croissant 1.1 (mlcroissant warns on any other).
CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "description": {"@container": "@language"},
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileObject": "cr:fileObject",
    "fileProperty": "cr:fileProperty",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "name": {"@container": "@language"},
    "parentField": "cr:parentField",
    "path": "cr:path",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

# `datasets` Value dtypes used by the schema, as Croissant data types.
DATA_TYPES = {"string": "sc:Text", "bool": "sc:Boolean", "int32": "cr:Int32", "int64": "cr:Int64"}

# Each ClassLabel name list of the schema, under the id of its enumeration RecordSet.
LABEL_SETS = {
    "section_labels": schema.SECTIONS,
    "ner_tag_labels": schema.NER_TAGS,
    "entity_type_labels": schema.ENTITY_TYPES,
    "mention_kind_labels": schema.MENTION_KINDS,
    "quote_type_labels": schema.QUOTE_TYPES,
    "stance_labels": schema.STANCES,
}

# Hub licence ids with a canonical URL; any other licence is described by its text.
LICENSE_URLS = {
    "apache-2.0": "https://www.apache.org/licenses/LICENSE-2.0",
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-nc-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "cc-by-sa-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "mit": "https://opensource.org/licenses/MIT",
    "odc-by": "https://opendatacommons.org/licenses/by/1-0/",
}

BIBTEX = re.compile(r"^```bibtex\n(.*?)\n```$", re.S | re.M)
BIBTEX_AUTHOR = re.compile(r"^\s*author\s*=\s*\{(.*)\},?\s*$", re.M)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def label_set_id(feature: ClassLabel) -> str:
    for set_id, names in LABEL_SETS.items():
        if feature.names == names:
            return set_id
    raise KeyError(f"ClassLabel {feature.names} has no entry in croissant.LABEL_SETS")


def field(path: str, feature, file_id: str, column: str, json_path: list[str],
          description: str | None = None) -> dict:
    """One cr:Field for a `datasets` feature; `json_path` leads from the column to a sub-field."""
    node = {"@type": "cr:Field", "@id": path, "name": path.rsplit("/", 1)[-1]}
    if isinstance(feature, List):
        return {**field(path, feature.feature, file_id, column, json_path, description),
                "isArray": True, "arrayShape": "-1"}
    if isinstance(feature, dict):
        node["subField"] = [field(f"{path}/{name}", sub, file_id, column, [*json_path, name])
                            for name, sub in feature.items()]
    elif isinstance(feature, ClassLabel):
        ids = ", ".join(f"{i}={name}" for i, name in enumerate(feature.names))
        node["dataType"] = "sc:Integer"
        description = (f"{description} " if description else "") + \
            f"Class ids: {ids} (names in record set `{label_set_id(feature)}`)."
    elif isinstance(feature, Value):
        node["dataType"] = DATA_TYPES[feature.dtype]
    else:
        raise TypeError(f"no Croissant field for feature {feature!r} at {path}")
    if "subField" not in node:
        node["source"] = {"fileObject": {"@id": file_id}, "extract": {"column": column},
                          **({"transform": [{"jsonPath": key} for key in json_path]}
                             if json_path else {})}
    if description:
        node["description"] = description
    return node


def record_set(config: str, file_id: str) -> dict:
    default = " (default config)" if config == schema.DEFAULT_CONFIG else ""
    return {
        "@type": "cr:RecordSet", "@id": config, "name": config,
        "description": f"Config `{config}`{default}, split `{schema.SPLIT}`.",
        "field": [field(f"{config}/{name}", feature, file_id, name, [],
                        schema.DESCRIPTIONS[config][name])
                  for name, feature in schema.FEATURES[config].items()],
    }


def label_record_set(set_id: str, names: list[str]) -> dict:
    index, name = f"{set_id}/index", f"{set_id}/name"
    return {
        "@type": "cr:RecordSet", "@id": set_id, "name": set_id, "dataType": "sc:Enumeration",
        "description": "ClassLabel names: the integer stored in the data is `index`.",
        "key": {"@id": index},
        "field": [{"@type": "cr:Field", "@id": index, "name": "index", "dataType": "sc:Integer"},
                  {"@type": "cr:Field", "@id": name, "name": "name", "dataType": "sc:Text"}],
        "data": [{index: i, name: label} for i, label in enumerate(names)],
    }


def creators(bibtex: str) -> list[dict]:
    """Authors of the BibTeX entry; a name in braces is an organisation, as BibTeX reads it."""
    match = BIBTEX_AUTHOR.search(bibtex)
    if not match:
        return []
    names = [name.strip() for name in match.group(1).split(" and ")]
    return [{"@type": "sc:Organization", "name": name[1:-1]} if name.startswith("{")
            else {"@type": "sc:Person", "name": name} for name in names]


def first_paragraph(body: str, heading: str) -> str | None:
    match = re.search(rf"^#+ {re.escape(heading)}\n+(.+?)(?:\n\n|\Z)", body, re.S | re.M)
    return " ".join(match.group(1).split()) if match else None


def licence(card_meta: dict, body: str) -> str | list[dict] | None:
    """The card's licence: a listed one by its URL; `other` as the CreativeWork the card names
    (`license_name`, `license_link`), described by the first paragraph of its Licensing section."""
    name = card_meta.get("license")
    if name != "other":
        return LICENSE_URLS.get(name, name)
    work = {"@type": "sc:CreativeWork", "name": card_meta.get("license_name"),
            "url": card_meta.get("license_link"), "description": first_paragraph(body, "Licensing")}
    return [{key: value for key, value in work.items() if value}]


def croissant(data_dir: Path, card_meta: dict) -> dict:
    """The Croissant JSON-LD of data_dir; depends only on its files and card, never on the clock."""
    data_dir = Path(data_dir)
    _, body = card.split_front_matter((data_dir / "README.md").read_text(encoding="utf-8"))
    bibtex = BIBTEX.search(body)
    files = {config: f"{config}/{schema.SPLIT}.parquet" for config in schema.CONFIGS}
    optional = {
        "name": card_meta.get("pretty_name"),
        "description": first_paragraph(body, "Dataset Description"),
        "license": licence(card_meta, body),
        "url": card_meta.get("url"),
        "citeAs": bibtex.group(1) if bibtex else None,
        "creator": creators(bibtex.group(1)) if bibtex else None,
        "inLanguage": card_meta.get("language"),
        "keywords": card_meta.get("tags"),
    }
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "version": __version__,
        **{key: value for key, value in optional.items() if value},
        "distribution": [{"@type": "cr:FileObject", "@id": path, "name": path, "contentUrl": path,
                          "encodingFormat": "application/x-parquet",
                          "sha256": sha256(data_dir / path)}
                         for path in files.values()],
        "recordSet": [record_set(config, path) for config, path in files.items()]
                     + [label_record_set(set_id, names) for set_id, names in LABEL_SETS.items()],
    }


def write_croissant(data_dir: Path, card_meta: dict) -> Path:
    path = Path(data_dir) / FILENAME
    text = json.dumps(croissant(data_dir, card_meta), ensure_ascii=False, indent=2, sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path
