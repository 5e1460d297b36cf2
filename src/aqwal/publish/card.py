"""The published card: `dataset_card.md` plus generated YAML (configs, features) and tables.

People edit `dataset_card.md`; the build writes `data/README.md` from it. A line
`<!-- aqwal:NAME -->` in the source is replaced by the generated block NAME, so every number in
the card comes from the data. The licence file the card's `license_link` names is the card's
"Licensing" section, so the licence is written once.
"""
from __future__ import annotations

import re
from collections import Counter

import yaml
from datasets import ClassLabel, List, Value

from aqwal import schema
from aqwal.dataset import stats

MARKER = re.compile(r"^<!-- aqwal:([\w:-]+) -->$", re.M)

# The Hub's card metadata spec (hub-docs, datasetcard.md): with `license: other`, `license_link`
# is "LICENSE" or "LICENSE.md" for a file of that name in the repository, or a URL.
LICENCE_FILE = "LICENSE.md"
LICENCE_SECTION = re.compile(r"^## Licensing\n.*?(?=^## |\Z)", re.S | re.M)


class CardError(ValueError):
    pass


def split_front_matter(source: str) -> tuple[dict, str]:
    match = re.match(r"^---\n(.*?)\n---\n", source, re.S)
    if not match:
        raise CardError("the card must start with YAML front matter between --- lines")
    return yaml.safe_load(match.group(1)) or {}, source[match.end():]


def feature_type(feature) -> str:
    if isinstance(feature, ClassLabel):
        return "ClassLabel: " + ", ".join(f"{i}={n}" for i, n in enumerate(feature.names))
    if isinstance(feature, List):
        return "list of " + feature_type(feature.feature)
    if isinstance(feature, dict):
        return "{" + ", ".join(f"{k}: {feature_type(v)}" for k, v in feature.items()) + "}"
    if isinstance(feature, Value):
        return feature.dtype
    raise CardError(f"no description for feature {feature!r}")


def field_table(config: str) -> str:
    features = schema.FEATURES[config]
    return stats.markdown_table(
        ("field", "type", "meaning"),
        [(f"`{name}`", feature_type(f), schema.DESCRIPTIONS[config][name])
         for name, f in features.items()])


def generated_yaml(counts: dict[str, Counter], num_bytes: dict[str, int]) -> dict:
    return {
        "configs": [{"config_name": name,
                     "data_files": [{"split": schema.SPLIT, "path": f"{name}/{schema.SPLIT}.parquet"}],
                     **({"default": True} if name == schema.DEFAULT_CONFIG else {})}
                    for name in schema.CONFIGS],
        "dataset_info": [{"config_name": name,
                          "features": schema.FEATURES[name]._to_yaml_list(),
                          "splits": [{"name": schema.SPLIT, "num_bytes": num_bytes[name],
                                      "num_examples": counts["Records per config"][name]}]}
                         for name in schema.CONFIGS],
    }


def blocks(counts: dict[str, Counter], extra: dict[str, str]) -> dict[str, str]:
    found = {f"fields:{name}": field_table(name) for name in schema.CONFIGS}
    found["labels"] = "\n\n".join(f"**{title}**\n\n" + stats.markdown_table(("label", "count"), body)
                                  for title, body in stats.tables(counts).items())
    return {**found, **extra}


def render(source: str, counts: dict[str, Counter], num_bytes: dict[str, int],
           extra: dict[str, str] | None = None) -> str:
    """The published card; counts are `stats.count` of the rows."""
    meta, body = split_front_matter(source)
    clash = set(meta) & {"configs", "dataset_info"}
    if clash:
        raise CardError(f"dataset_card.md must not set {sorted(clash)}: the build generates them")
    available = blocks(counts, extra or {})

    def replace(match):
        if match.group(1) not in available:
            raise CardError(f"unknown card block <!-- aqwal:{match.group(1)} -->; "
                            f"known: {', '.join(sorted(available))}")
        return available[match.group(1)]

    meta.update(generated_yaml(counts, num_bytes))
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{front}---\n{MARKER.sub(replace, body)}"


def licence(card_text: str) -> str:
    """The licence file: the card's "## Licensing" section, its headings one level up."""
    _, body = split_front_matter(card_text)
    match = LICENCE_SECTION.search(body)
    if not match:
        raise CardError('dataset_card.md has no "## Licensing" section: the licence file '
                        f"{LICENCE_FILE} is written from it")
    return re.sub(r"^#(#+ )", r"\1", match.group(0).rstrip("\n"), flags=re.M) + "\n"


def with_notice(card_text: str, notice: str) -> str:
    """The card with `notice` as a paragraph under its title (the first `# ` heading)."""
    front, sep, body = card_text.partition("\n---\n")
    lines = body.split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    return front + sep + "\n".join([*lines[:at], "", notice, *lines[at:]])
