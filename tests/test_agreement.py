import shutil

import pytest
import yaml
from conftest import CASES, ROOT
from sklearn.metrics import cohen_kappa_score

from aqwal.gold.agreement import (
    PASS_C_LAYERS,
    PassError,
    agreement,
    compare,
    markdown,
    markdown_c,
    pass_c,
    span_f1,
)
from aqwal.gold.handout import NOT_THIS_LAYER, handout
from aqwal.gold.validate import validate_file

README = ROOT / "gold" / "passes" / "c" / "README.md"
GUIDELINES = ROOT / "docs" / "guidelines.md"


def test_span_f1_exact_and_overlap():
    a = {(0, 5, "X"), (10, 15, "X")}
    b = {(0, 5, "X"), (11, 15, "X"), (20, 25, "X")}
    assert span_f1(a, b) == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    assert span_f1(a, b, overlap=True) == pytest.approx(2 * (2 / 3) * 1 / (2 / 3 + 1))
    assert span_f1(a, {(0, 5, "Y")}, overlap=True) == 0.0
    assert span_f1(set(), set()) == 1.0


def test_identical_passes_agree_perfectly():
    _, doc = validate_file(CASES / "valid.yaml", CASES / "seeds")
    result = compare(doc, doc)
    assert all(v["exact"] == 1.0 for v in result["spans"].values())
    assert result["disagreements"] == []


def test_a_changed_label_is_counted_and_listed(tmp_path):
    changed = tmp_path / "changed.yaml"
    changed.write_text((CASES / "valid.yaml").read_text(encoding="utf-8").replace(
        "    stance: favor\n    stance_holder: [ali]\n    stance_rationale: \"Ali calls the cooperation useful.\"\n",
        "    stance: none\n"), encoding="utf-8")
    _, a = validate_file(CASES / "valid.yaml", CASES / "seeds")
    _, b = validate_file(changed, CASES / "seeds")
    result = compare(a, b)
    expected = cohen_kappa_score([s.stance for s in a.sentences], [s.stance for s in b.sentences])
    assert result["sentence_stance"]["kappa"] == pytest.approx(expected)
    assert result["disagreements"] == ["sentence tiny:p2s1 stance: A favor, B none"]


def test_the_real_passes_cover_the_same_records_and_the_history_says_what_it_counts():
    result = agreement(ROOT / "gold" / "passes", ROOT / "seeds")
    assert set(result) == {"000_5e3c12ae8d8c7ed7"}
    r = result["000_5e3c12ae8d8c7ed7"]
    assert r["sentence_stance"]["n"] == 29
    spans = r["spans"]
    # nested attributions repeat a span of their parent: merged, the distinct spans are fewer
    assert spans["content spans, per attribution"]["a"] > spans[
        "content spans, distinct (nested duplicates merged)"]["a"]
    # plural descriptions link to several entities: more links than mentions
    assert spans["entity links (mention span + entity, ids aligned)"]["a"] > spans[
        "mentions, all kinds (span + kind)"]["a"]
    assert "| entity links (mention span + entity, ids aligned) |" in markdown(result)


def test_every_disagreement_of_the_real_pass_c_is_settled():
    result = pass_c(ROOT / "gold" / "passes", ROOT / "gold", ROOT / "seeds")
    found = [d for per_doc in result["layers"].values() for _, ds in per_doc.values() for d in ds]
    assert found, "pass C disagreed with the gold somewhere: the check must see it"
    assert [d.key for d in found if d.key not in result["settled"]] == []
    assert "not settled yet" not in markdown_c(result)
    assert result["since"] == []


def test_the_reference_is_the_gold_pass_c_was_given():
    """Each layer's file holds the lower layers exactly as the reference has them."""
    c = ROOT / "gold" / "passes" / "c"
    doc = "000_5e3c12ae8d8c7ed7.yaml"

    def load(folder):
        return yaml.safe_load((c / folder / doc).read_text(encoding="utf-8"))

    def without_stance(quotes):
        return [{k: v for k, v in q.items() if k not in ("stance", "stance_rationale")} for q in quotes]

    reference, attributions, stance = load("reference"), load("attributions"), load("stance")
    for ref, att, st in zip(reference["sentences"], attributions["sentences"], stance["sentences"],
                            strict=True):
        assert att["mentions"] == (ref.get("mentions") or []) == st["mentions"], ref["text"]
        assert without_stance(st["quotes"]) == without_stance(ref.get("quotes") or []), ref["text"]
    assert [r["given_en"] for r in load("translation")["records"]] == [
        s["text_en"] for s in reference["sentences"]]


# -- a pass C on the tiny document, made from the handouts as an annotator would -------------
@pytest.fixture
def bare(tmp_path):
    """gold/ with the tiny document, and passes/ with A and B (copies of the gold) only."""
    (tmp_path / "gold").mkdir()
    shutil.copy(CASES / "valid.yaml", tmp_path / "gold" / "tiny.yaml")
    for name in ("a", "b"):
        (tmp_path / "passes" / name).mkdir(parents=True)
        shutil.copy(CASES / "valid.yaml", tmp_path / "passes" / name / "tiny.yaml")
    return tmp_path


def test_without_pass_c_every_layer_is_reported_as_pending(bare):
    result = pass_c(bare / "passes", bare / "gold", CASES / "seeds")
    assert result["layers"] == dict.fromkeys(PASS_C_LAYERS)
    text = markdown_c(result)
    assert all(f"**{layer}**: pass C has no file for this layer yet" in text for layer in PASS_C_LAYERS)


@pytest.fixture
def tiny(bare):
    """bare, plus pass C's folder: its README, the reference (the gold the handouts are made
    from) and who annotated each layer."""
    c = bare / "passes" / "c"
    (c / "reference").mkdir(parents=True)
    shutil.copy(README, c / "README.md")
    shutil.copy(CASES / "valid.yaml", c / "reference" / "tiny.yaml")
    (c / "annotators.yaml").write_text(yaml.safe_dump(
        [{"layer": layer, "annotator": "a test", "date": "2026-12-02"} for layer in PASS_C_LAYERS]),
        encoding="utf-8")
    return bare


def given(tiny, layer):
    out = tiny / "handout" / layer
    handout(layer, tiny / "gold", CASES / "seeds", README, GUIDELINES, out)
    return yaml.safe_load((out / "tiny.yaml").read_text(encoding="utf-8"))


def returned(tiny, layer, data):
    folder = tiny / "passes" / "c" / layer
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tiny.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")


def gold_raw():
    return yaml.safe_load((CASES / "valid.yaml").read_text(encoding="utf-8"))


def annotate_entities(tiny):
    """The gold's entities with another id for Ali, one mention missed, one linked elsewhere."""
    data, gold = given(tiny, "entities"), gold_raw()
    rename = {"ali": "ahmed_ali"}
    data["entities"] = [{**e, "id": rename.get(e["id"], e["id"])} for e in gold["entities"]]
    for record, node in zip(data["sentences"], gold["sentences"], strict=True):
        record["mentions"] = [{**m, "entity": rename.get(m["entity"], m["entity"])}
                              for m in node.get("mentions") or []]
    body = data["sentences"][1]["mentions"]
    data["sentences"][1]["mentions"] = [m for m in body if m["text"] != "تاس"]
    data["entities"] = [e for e in data["entities"] if e["id"] != "tass"]
    data["sentences"][2]["mentions"][0]["entity"] = "algeria"  # المتحدث linked to Algeria
    returned(tiny, "entities", data)


def annotate_attributions(tiny):
    """The gold's attributions, with q2's content missing its first span."""
    data, gold = given(tiny, "attributions"), gold_raw()
    for record, node in zip(data["sentences"], gold["sentences"], strict=True):
        record["quotes"] = [{**q, "stance": "none", "stance_rationale": None} for q in node.get("quotes") or []]
        record["marks"] = node.get("marks") or []
    data["sentences"][2]["quotes"][0]["content"] = [{"text": "شريك مهم"}]
    data["sentences"][2]["quotes"][0]["type"] = "direct"
    returned(tiny, "attributions", data)


def annotate_stance(tiny):
    """The gold's stance, except q2 and its record, which pass C finds favourable."""
    data, gold = given(tiny, "stance"), gold_raw()
    for record, node in zip(data["sentences"], gold["sentences"], strict=True):
        for key in ("stance", "stance_holder", "stance_rationale"):
            if key in node:
                record[key] = node[key]
        for q, gq in zip(record["quotes"], node.get("quotes") or [], strict=True):
            q["stance"], q["stance_rationale"] = gq["stance"], gq.get("stance_rationale")
    data["sentences"][2]["stance"] = "favor"
    data["sentences"][2]["stance_holder"] = ["ali"]  # the holder speaks in a favor attribution
    data["sentences"][2]["quotes"][0].update(stance="favor", stance_rationale="An important partner.")
    data["sentences"][2]["stance_rationale"] = "Calls Algeria an important partner."
    returned(tiny, "stance", data)


def annotate_translation(tiny):
    data = given(tiny, "translation")
    for r in data["records"]:
        r["verdict"] = "keep"
    data["records"][3].update(verdict="change", text_en="Watch this!", reason="punctuation")
    returned(tiny, "translation", data)


def annotate_all(tiny):
    for annotate in (annotate_entities, annotate_attributions, annotate_stance, annotate_translation):
        annotate(tiny)


def test_handouts_give_no_gold_of_the_layer_itself(tiny):
    entities, attributions, stance = (given(tiny, layer) for layer in ("entities", "attributions", "stance"))
    assert entities["entities"] == [] and all(r["mentions"] == [] for r in entities["sentences"])
    assert all(r["quotes"] == [] and r["text_en"] == NOT_THIS_LAYER for r in attributions["sentences"])
    assert attributions["entities"] == gold_raw()["entities"]
    assert all(q["stance"] == "none" and q["stance_rationale"] is None
               for r in stance["sentences"] for q in r["quotes"])
    assert all(r["stance"] == "none" and r["stance_holder"] == [] for r in stance["sentences"])
    translation = given(tiny, "translation")
    assert [r["given_en"] for r in translation["records"]] == [
        s["text_en"] for s in gold_raw()["sentences"]]
    assert all(r["verdict"] is None and "text_en" not in r for r in translation["records"])
    sheet = (tiny / "handout" / "stance" / "INSTRUCTIONS.md").read_text(encoding="utf-8")
    assert sheet.startswith("## Layer: stance") and "## Layer: translation" not in sheet


@pytest.mark.parametrize("layer", ["entities", "stance"])
def test_a_handout_validates_as_it_is_given(tiny, layer):
    given(tiny, layer)
    findings, _ = validate_file(tiny / "handout" / layer / "tiny.yaml", tiny / "handout" / layer / "seeds")
    assert [] == [str(f) for f in findings]


def test_pass_c_is_compared_layer_by_layer_and_every_disagreement_listed(tiny):
    annotate_all(tiny)
    result = pass_c(tiny / "passes", tiny / "gold", CASES / "seeds")
    layers = result["layers"]
    rows, found = layers["entities"]["tiny"]
    by_name = {row[0]: row for row in rows}
    assert by_name["mentions, all kinds (span + kind)"][1:3] == ("7", "6")
    # ahmed_ali is aligned with ali: only the relinked description breaks a link
    assert by_name["mentions both mark: same entity (or entities)"][3] == "5 / 6 equal"
    assert [(d.record, d.gold, d.pass_c) for d in found] == [
        ("p2s1", "name → tass", "—"), ("p2s2", "nominal → ali", "nominal → algeria")]
    rows, found = layers["attributions"]["tiny"]
    assert [(d.record, d.item) for d in found] == [("p2s2", "q2 content"), ("p2s2", "q2 type")]
    assert found[0].gold == "`الجزائر` + `شريك مهم`" and found[0].pass_c == "`شريك مهم`"
    rows, found = layers["stance"]["tiny"]
    assert [(d.record, d.item, d.gold) for d in found] == [("p2s2", "record stance", "none []"),
                                                          ("p2s2", "q2 stance", "none")]
    assert found[0].pass_c == "favor [ali]: Calls Algeria an important partner."
    rows, found = layers["translation"]["tiny"]
    assert rows[0][3] == "3 / 4 equal"
    assert [(d.record, d.gold, d.pass_c) for d in found] == [
        ("p3s1", "Watch this", "Watch this! (reason: punctuation)")]


def test_settled_disagreements_show_how_and_stale_entries_are_refused(tiny):
    annotate_all(tiny)
    settled = tiny / "passes" / "c" / "settled.yaml"
    settled.write_text(yaml.safe_dump([{"layer": "translation", "record": "p3s1", "item": "text_en",
                                        "settled": "gold kept: the spam line is copied as it is"}]),
                       encoding="utf-8")
    text = markdown_c(pass_c(tiny / "passes", tiny / "gold", CASES / "seeds"))
    assert ("| p3s1 | text_en | Watch this | Watch this! (reason: punctuation) | gold kept: the spam "
            "line is copied as it is | unchanged |") in text
    assert "| p2s2 | q2 content |" in text and "not settled yet" in text
    assert "pass C has no file" not in text and "annotated by a test, on 2026-12-02" in text
    settled.write_text(yaml.safe_dump([{"layer": "stance", "record": "p9s9", "item": "q7 stance",
                                        "settled": "gold kept: ?"}]), encoding="utf-8")
    with pytest.raises(PassError, match="match no disagreement"):
        pass_c(tiny / "passes", tiny / "gold", CASES / "seeds")


def set_gold(tiny, old, new):
    path = tiny / "gold" / "tiny.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def settle(tiny, *entries):
    (tiny / "passes" / "c" / "settled.yaml").write_text(yaml.safe_dump(
        [dict(zip(("layer", "record", "item", "settled"), e, strict=True)) for e in entries],
        allow_unicode=True), encoding="utf-8")


def test_adopting_pass_c_keeps_the_figures_and_shows_what_the_gold_holds_now(tiny):
    annotate_all(tiny)
    before = pass_c(tiny / "passes", tiny / "gold", CASES / "seeds")
    set_gold(tiny, 'text_en: "Watch this"', 'text_en: "Watch this!"')
    set_gold(tiny, "The speaker added that Algeria", "And the speaker added that Algeria")
    settle(tiny, ("translation", "p3s1", "text_en", "pass C adopted: an exclamation"))
    after = pass_c(tiny / "passes", tiny / "gold", CASES / "seeds")
    # compared with the reference, the figures and disagreements are those of pass C as made
    assert after["layers"] == before["layers"]
    text = markdown_c(after)
    assert "| pass C adopted: an exclamation | as pass C |" in text
    assert "After settling, the gold takes pass C's value on 1, keeps its own on 0" in text
    # a change where pass C had agreed is listed on its own
    assert [(d.record, d.item) for d in after["since"]] == [("p2s2", "text_en")]
    assert "Changed in the gold since pass C, where pass C had agreed (1)" in text


@pytest.mark.parametrize("gold_now, entry, message", [
    (None, "pass C adopted: yes", "says 'pass C adopted', but the gold now holds 'unchanged'"),
    ("Watch this!", "gold kept: no", "says 'gold kept', but the gold now holds 'as pass C'"),
    ("Watch that", "gold kept: no", "says 'gold kept', but the gold now holds 'changed'"),
    (None, "kept it", "starts with one of"),
])
def test_a_settlement_must_say_what_the_gold_now_holds(tiny, gold_now, entry, message):
    annotate_all(tiny)
    if gold_now:
        set_gold(tiny, 'text_en: "Watch this"', f'text_en: "{gold_now}"')
    settle(tiny, ("translation", "p3s1", "text_en", entry))
    with pytest.raises(PassError, match=message):
        pass_c(tiny / "passes", tiny / "gold", CASES / "seeds")


@pytest.mark.parametrize("remove, message", [
    ("reference/tiny.yaml", "no copy of the gold"),
    ("annotators.yaml", "say who annotated the entities layer"),
])
def test_pass_c_needs_its_reference_and_its_annotators(tiny, remove, message):
    annotate_all(tiny)
    (tiny / "passes" / "c" / remove).unlink()
    with pytest.raises(PassError, match=message):
        pass_c(tiny / "passes", tiny / "gold", CASES / "seeds")


@pytest.mark.parametrize("name, entries, message", [
    ("annotators.yaml", [{"layer": "ner", "annotator": "x", "date": "2026-12-02"}], "entry 1: the layer is one of"),
    ("annotators.yaml", [{"layer": "stance", "annotator": "x"}], "entry 1: expected the keys layer, annotator, date"),
    ("settled.yaml", [{"layer": "stance", "record": "p2s2", "item": "record stance", "settled": 3}],
     "entry 1: expected the keys layer, record, item, settled"),
])
def test_bad_bookkeeping_is_refused_with_its_file_and_entry(tiny, name, entries, message):
    annotate_all(tiny)
    (tiny / "passes" / "c" / name).write_text(yaml.safe_dump(entries), encoding="utf-8")
    with pytest.raises(PassError, match=message) as error:
        pass_c(tiny / "passes", tiny / "gold", CASES / "seeds")
    assert name in str(error.value)


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["records"].pop(), "records\\[3\\]: .*expected 'p3s1'"),
    (lambda d: d["records"][0].update(verdict="maybe"), "p1s1: verdict must be one of"),
    (lambda d: d["records"][0].update(verdict="change"), "p1s1: a change needs a new text_en"),
    (lambda d: d["records"][0].update(note="x"), "unknown key"),
    (lambda d: d["records"][1].update(given_en="old"), "not the gold translation any more"),
])
def test_a_bad_translation_review_is_refused_with_its_file_and_record(tiny, edit, message):
    data = given(tiny, "translation")
    for r in data["records"]:
        r["verdict"] = "keep"
    edit(data)
    returned(tiny, "translation", data)
    with pytest.raises(PassError, match=message) as error:
        pass_c(tiny / "passes", tiny / "gold", CASES / "seeds")
    assert str(tiny / "passes" / "c" / "translation" / "tiny.yaml") in str(error.value)


def test_a_translation_review_is_read_as_strictly_as_a_gold_file(tiny):
    """A key written twice (the last would win without a word) is refused at its line, and a
    review is named after its document, as a gold file is."""
    data = given(tiny, "translation")
    for r in data["records"]:
        r["verdict"] = "keep"
    returned(tiny, "translation", data)
    path = tiny / "passes" / "c" / "translation" / "tiny.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if "verdict: keep" in line)
    lines.insert(at + 1, lines[at].replace("keep", "change"))
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(PassError, match=rf"tiny.yaml:{at + 2}: \[duplicate-key\]"):
        pass_c(tiny / "passes", tiny / "gold", CASES / "seeds")
    path.unlink()
    returned(tiny, "translation", data)
    path.rename(path.with_name("other.yaml"))
    with pytest.raises(PassError, match=r"other\.yaml:.*must be named tiny\.yaml"):
        pass_c(tiny / "passes", tiny / "gold", CASES / "seeds")


def test_a_pass_file_that_changed_the_records_is_refused(tiny):
    data = given(tiny, "entities")
    data["sentences"][3]["section"] = "comment_form"
    returned(tiny, "entities", data)
    with pytest.raises(PassError, match="records differ from the gold"):
        pass_c(tiny / "passes", tiny / "gold", CASES / "seeds")


def test_the_build_puts_pass_c_into_the_card(tiny):
    from aqwal.dataset.build import build
    annotate_all(tiny)
    card = tiny / "card.md"
    card.write_text("---\nlicense: other\n---\n# Card\n\n<!-- aqwal:agreement-c -->\n\n"
                    "<!-- aqwal:agreement -->\n\n## Licensing\n\nCC BY 4.0\n", encoding="utf-8")
    build(tiny / "gold", CASES / "seeds", tiny / "data", card, tiny / "passes", jobs=1)
    text = (tiny / "data" / "README.md").read_text(encoding="utf-8")
    assert ("**entities**, document `tiny`: annotated by a test, on 2026-12-02; pass C was given the "
            "record segmentation") in text
    assert "**translation**, document `tiny`" in text and "pass A vs pass B" in text
