"""Counts that the notebooks' prose quotes are typed by hand; each is checked against the data,
so a change to the gold that makes one stale fails here, naming the notebook and the phrase."""
import re

import nbformat
import pytest
from conftest import ROOT

from aqwal import schema
from aqwal.dataset.summary import loaded_rows
from aqwal.gold.anchor import PROCLITICS


@pytest.fixture(scope="module")
def counts(tmp_path_factory):
    rows = loaded_rows(ROOT / "data", tmp_path_factory.mktemp("cache"))
    sentences, quotes = rows["sentences"], rows["quotes"]
    text = rows["documents"][0]["text"]
    body = [s for s in sentences if s["section"] == "body"]
    by_id = {s["id"]: s for s in sentences}
    return {
        "records": len(sentences), "body": len(body), "quotes": len(quotes),
        "mixed": sum(q["type"] == "mixed" for q in quotes),
        "favor": sum(s["stance"] == "favor" for s in sentences),
        "quote_favor": sum(q["stance"] == "favor" for q in quotes),
        "editorial": sum(s["section"] in schema.EDITORIAL_SECTIONS for s in sentences),
        "body_none": sum(s["stance"] == "none" for s in body),
        "body_favor": sum(s["stance"] == "favor" for s in body),
        "agree": sum(q["stance"] == by_id[q["sentence_id"]]["stance"] for q in quotes),
        "kharief": sum(any(e.endswith(":kharief") for e in q["speaker_ids"]) for q in quotes),
        "proclitic_cues": sum(text[q["cue"]["start"] - 1] in PROCLITICS for q in quotes),
        "content_spans": len({(s["start"], s["end"]) for q in quotes for s in q["content"]}),
        **quoted_words(quotes),
    }


# 06_sources' word: a run of letters, digits and Arabic diacritics (its setup cell's WORD)
WORD = re.compile(r"[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]+")


def quoted_words(quotes) -> dict[str, int]:
    """Words of content in all attributions, in those with a speaker, and Kharief's share."""
    words = [sum(len(WORD.findall(span["text"])) for span in q["content"]) for q in quotes]
    kharief = sum(n / len(q["speaker_ids"]) for n, q in zip(words, quotes, strict=True)
                  if any(e.endswith(":kharief") for e in q["speaker_ids"]))
    return {"words": sum(words), "kharief_words": round(kharief),
            "speaker_words": sum(n for n, q in zip(words, quotes, strict=True) if q["speaker_ids"])}


# (notebook, phrase with {count} fields, as the markdown says it)
CLAIMS = [
    ("02_sentences", "Only {body} of the {records} records are the article"),
    ("04_quotes", "The {quotes} attributions"),
    ("04_quotes", "And {mixed} of the {quotes} attributions are `mixed`"),
    ("04_quotes", "because {proclitic_cues} of the {quotes} cues carry a proclitic"),
    ("04_quotes", "of the {content_spans} distinct content spans"),
    ("04_quotes", "The Aqwal article has {quotes} gold attributions"),
    ("04_quotes", "agrees with the gold for all {quotes} attributions"),
    ("04_quotes", "all but one of the {quotes} gold cues"),
    ("05_stance", "{records} sentence records ({body} in the body)"),
    ("05_stance", "{quotes} quotations, {quote_favor} `favor`"),
    ("05_stance", "the {editorial} editorial sentence records against the {quotes} quotations"),
    ("05_stance", "{body_none} of the {body} body records are `none`"),
    ("05_stance", "There are {body_favor} `favor` body records"),
    ("05_stance", "with {records} records, {favor} `favor`"),
    ("05_stance", "layers agree on {agree} of {quotes} quotations"),
    ("05_stance", "({body} in the body), {favor} of them `favor`"),
    ("05_stance", "All {favor} `favor` records are held by quoted sources"),
    ("06_sources", "its {quotes} gold attributions"),
    ("06_sources", "Kharief alone holds {kharief} of the {quotes} attributions"),
    ("06_sources", "and {kharief_words} of the {speaker_words} words given to a speaker"),
    ("06_sources", "as an attribution (there are {quotes})"),
    ("06_sources", "the {quotes} attributions hold {words} words of content, and the table holds {speaker_words}"),
    ("01_exploring", "only {body} of its {records} records are the article body"),
]


def prose(name: str) -> str:
    nb = nbformat.read(ROOT / "answers" / f"{name}.ipynb", as_version=4)
    return " ".join(" ".join(c.source.replace("*", "").split())
                    for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("name, phrase", CLAIMS, ids=[f"{n}: {p[:30]}" for n, p in CLAIMS])
def test_a_count_in_the_prose_is_the_count_in_the_data(counts, name, phrase):
    expected = phrase.format(**counts)
    text = prose(name)
    pattern = re.escape(phrase).replace(r"\{", "{").replace(r"\}", "}")
    pattern = re.sub(r"\{\w+\}", r"\\d+", pattern)
    assert re.search(pattern, text), f"answers/{name}.ipynb no longer says {phrase!r}"
    assert expected in text, f"answers/{name}.ipynb: the data now gives {expected!r}"


# (notebook, phrase in its prose, what the card in data/ must say for the phrase to hold)
CARD_CLAIMS = [
    ("06_sources", "agreed on 23 of 23 speakers, with every kappa 1.000",
     ["| same speakers, of matched attributions | 23 / 23 |", "| attribution type, Cohen's kappa (matched) | 1.000 |",
      "| attribution stance, Cohen's kappa (matched) | 1.000 |",
      "| sentence stance, Cohen's kappa (all records) | 1.000 |"]),
    ("06_sources", "on attributions (24 of 24 speakers)",
     ["| speakers, of matched attributions | 24 | 24 | 24 / 24 equal |"]),
    ("06_sources", "kappa 0.886 on the records' stance and 0.909 on the attributions'",
     ["| record stance (editorial records) | 20 | 20 | 19 / 20 equal, kappa 0.886 |",
      "| attribution stance (the gold attributions) | 24 | 24 | 23 / 24 equal, kappa 0.909 |"]),
    ("06_sources", "PolNeAR's alpha of 0.754", ["Krippendorff's alpha 0.754"]),
]


@pytest.mark.parametrize("name, phrase, card_says", CARD_CLAIMS, ids=[f"{n}: {p[:30]}" for n, p, _ in CARD_CLAIMS])
def test_an_agreement_figure_in_the_prose_is_the_cards(name, phrase, card_says):
    assert phrase in prose(name), f"answers/{name}.ipynb no longer says {phrase!r}"
    card = " ".join((ROOT / "data" / "README.md").read_text(encoding="utf-8").split())
    missing = [line for line in card_says if line not in card]
    assert not missing, f"answers/{name}.ipynb says {phrase!r}, but the card no longer has {missing}"
