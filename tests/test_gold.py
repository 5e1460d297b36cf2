"""The published gold, read back through load_dataset: the invariants users rely on."""
import itertools
import re

import pytest
from conftest import ROOT

from aqwal import schema
from aqwal.dataset.summary import loaded_rows
from aqwal.dataset.tokens import decode
from aqwal.dataset.verify import span_mismatches
from aqwal.gold.anchor import PROCLITICS, Span


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    return loaded_rows(ROOT / "data", tmp_path_factory.mktemp("cache"))


def test_every_span_matches_its_text(rows):
    assert [] == span_mismatches(rows)


def test_the_span_check_catches_a_shifted_span(rows):
    broken = {**rows, "quotes": [dict(rows["quotes"][0])]}
    broken["quotes"][0]["cue"] = {**broken["quotes"][0]["cue"],
                                  "start": broken["quotes"][0]["cue"]["start"] + 1}
    assert len(span_mismatches(broken)) == 1


def test_records_reproduce_every_non_whitespace_character_in_order(rows):
    text = rows["documents"][0]["text"]
    sentences = sorted(rows["sentences"], key=lambda s: s["start"])
    joined = "".join(text[s["start"]:s["end"]] for s in sentences)
    assert re.sub(r"\s", "", joined) == re.sub(r"\s", "", text)
    assert all(a["end"] <= b["start"] for a, b in itertools.pairwise(sentences))


def test_record_ids_are_ud_style_and_unique(rows):
    ids = [s["id"] for s in rows["sentences"]]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"000_5e3c12ae8d8c7ed7:p\d+s\d+", i) for i in ids)


def test_every_section_of_the_page_is_labelled(rows):
    sections = [s["section"] for s in rows["sentences"]]
    assert set(sections) == set(schema.SECTIONS)
    assert sections[0] == "dateline" and sections[-1] == "spam"


def test_bio_tags_decode_back_to_the_entity_spans(rows):
    for s in rows["sentences"]:
        tokens = [Span(t["start"], t["end"], tok) for t, tok in zip(s["token_spans"], s["tokens"], strict=True)]
        decoded = decode(tokens, s["ner_tags"], s["text"])
        gold = s["entities"]
        assert len(decoded) == len(gold), s["id"]
        for (span, label), entity in zip(decoded, gold, strict=True):
            assert label == entity["label"] and span.end == entity["end"], s["id"]
            prefix = s["text"][span.start:entity["start"]]
            assert span.start <= entity["start"] and set(prefix) <= PROCLITICS, (s["id"], prefix)


def test_mentions_speakers_and_holders_link_to_existing_entities(rows):
    entities = {e["entity_id"] for e in rows["entities"]}
    assert all(e["mentions"] for e in rows["entities"])
    assert {e["entity_id"] for s in rows["sentences"] for e in s["entities"]} <= entities
    assert {i for q in rows["quotes"] for i in q["speaker_ids"]} <= entities
    assert {h for s in rows["sentences"] for h in s["stance_holder"]} <= entities | {schema.AUTHOR}


def test_sentence_entities_are_exactly_the_name_mentions(rows):
    from_sentences = {(s["start"] + e["start"], s["start"] + e["end"], e["entity_id"])
                      for s in rows["sentences"] for e in s["entities"]}
    from_entities = {(m["start"], m["end"], e["entity_id"]) for e in rows["entities"]
                     for m in e["mentions"] if m["kind"] == "name"}
    assert from_sentences == from_entities


def test_quotes_and_sentences_point_at_each_other(rows):
    by_sentence = {q["id"]: q["sentence_id"] for q in rows["quotes"]}
    listed = {qid: s["id"] for s in rows["sentences"] for qid in s["quote_ids"]}
    assert listed == by_sentence
    parents = {q["parent_id"] for q in rows["quotes"]} - {None}
    assert parents <= set(by_sentence)


def test_quote_type_agrees_with_marked(rows):
    for q in rows["quotes"]:
        assert q["marked"] == (q["type"] != "indirect"), q["id"]


def test_every_non_none_stance_has_a_rationale(rows):
    for item in rows["sentences"] + rows["quotes"]:
        assert (item["stance"] != "none") == bool(item["stance_rationale"]), item["id"]


def test_translations_spell_people_as_their_english_names(rows):
    names = {e["entity_id"]: e["name_en"] for e in rows["entities"] if e["type"] == "PER"}
    for s in rows["sentences"]:
        assert s["text_en"], s["id"]
        for e in s["entities"]:
            if e["entity_id"] in names:
                full = names[e["entity_id"]]
                assert full in s["text_en"] or full.split()[-1] in s["text_en"], (s["id"], full)


def test_translations_keep_the_quotation_marks(rows):
    marks = re.compile("[\u201c\u201d]")
    for s in rows["sentences"]:
        assert len(marks.findall(s["text"])) == len(marks.findall(s["text_en"])), s["id"]


def test_translations_spell_a_name_written_in_its_canonical_form_as_its_english_name(rows):
    """Guidelines 5: the canonical form gives `name_en`; other forms are rendered as written."""
    entities = {e["entity_id"]: e for e in rows["entities"] if e["type"] != "NORP"}
    english = {s["id"]: s["text_en"] for s in rows["sentences"]}
    checked = 0
    for e in entities.values():
        for m in e["mentions"]:
            if m["kind"] == "name" and m["text"] == e["name"]:
                assert e["name_en"] in english[m["sentence_id"]], (m["sentence_id"], e["name_en"])
                checked += 1
    assert checked > 50
