"""The view model, its comparison with predictions, its HTML and the published data/view.html.

The browser tests (what people see) are in test_view_browser.py.
"""
import copy
import re
import tomllib
from pathlib import Path

import pytest
from conftest import CASES, ROOT

import aqwal.view as view
from aqwal import classroom, schema
from aqwal.dataset.summary import loaded_rows
from aqwal.gold.findings import InvalidGold
from aqwal.view import colours, compare, model


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    """The published rows, read back through load_dataset as the notebooks read them."""
    return loaded_rows(ROOT / "data", tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def gold(rows):
    return model.build(rows)


def flatten(items) -> str:
    return "".join(it if isinstance(it, str) else flatten(it.children) for it in items)


def nodes(items):
    for it in items:
        if not isinstance(it, str):
            yield it
            yield from nodes(it.children)


def mark(key, layer, start, end, text="", label="PER", **more):
    return model.Mark(key, layer, start, end, text, label, **more)


# --- colours ----------------------------------------------------------------------------------

def test_contrast_is_the_wcag_ratio():
    assert colours.contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert colours.contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert colours.contrast("#FFFFFF", "#777777") == colours.contrast("#777777", "#FFFFFF")


def test_entity_types_take_the_figures_palette_with_aa_inks_and_chips():
    assert list(colours.TYPE_COLOURS) == schema.ENTITY_TYPES
    assert list(colours.TYPE_COLOURS.values()) == classroom.OKABE_ITO[:len(schema.ENTITY_TYPES)]
    for p in colours.palette().values():
        assert colours.contrast(p["ink"], colours.WHITE) >= 4.5
        assert colours.contrast(p["chip_text"], p["colour"]) >= 4.5
        assert colours.contrast(colours.COLOURS["text"], p["tint"]) >= 4.5
    assert colours.ink("#0072B2") == "#0072B2", "a colour already AA stays as it is"


# --- nesting ----------------------------------------------------------------------------------

def test_nesting_keeps_every_character_and_orders_equal_extents():
    text = "قال أحمد علي إن التعاون مفيد"
    marks = [mark("e", "entity", 4, 12), mark("s", "source", 4, 12, label="q1"),
             mark("c", "content", 16, 28, label="q1"), mark("k", "cue", 0, 3, label="q1")]
    items = model.nest(text, 0, marks)
    assert flatten(items) == text
    outer = next(n for n in nodes(items) if n.mark.key == "s")
    assert [c.mark.key for c in outer.children] == ["e"], "a source encloses its mention"
    assert [text[n.start:n.end] for n in nodes(items)] == ["قال", "أحمد علي", "أحمد علي", "التعاون مفيد"]


def test_crossing_marks_are_cut_into_fragments_that_rebuild_the_span():
    text = "abcdefghij"
    items = model.nest(text, 100, [mark("a", "content", 102, 107, label="q1"),
                                   mark("b", "entity", 105, 109)])
    assert flatten(items) == text
    fragments = [n for n in nodes(items) if n.mark.key == "b"]
    assert [(n.start, n.end, n.first, n.last) for n in fragments] == [(105, 107, True, False),
                                                                      (107, 109, False, True)]
    assert "".join(flatten(n.children) for n in fragments) == text[5:9]


def test_label_chips_that_would_overlap_stack():
    items = model.nest("abcdefghijklmnop", 0, [
        mark("k", "cue", 0, 3, label="q1"), mark("s", "source", 4, 9, label="q1"),
        mark("e", "entity", 4, 9), mark("p", "entity", 5, 9, status="false-alarm"),
        mark("c", "content", 6, 16, label="q1"), mark("f", "entity", 12, 16)])
    levels = {n.mark.key: n.level for n in nodes(items)}
    assert levels == {"k": 0, "s": 0, "e": 0, "p": 1, "c": 0, "f": 0}, \
        "a chip a character after another goes up a row; sources and contents have none above"


# --- the gold view ----------------------------------------------------------------------------

def test_every_gold_span_is_one_mark_with_its_text(rows, gold):
    found = {(n.mark.layer, n.start, n.end): flatten(n.children)
             for r in gold.records for n in nodes(r.content)}
    spans = [("entity", m) for e in rows["entities"] for m in e["mentions"]]
    for q in rows["quotes"]:
        spans += [("cue", q["cue"])] + [("content", c) for c in q["content"]]
        spans += [("source", q["source"])] if q["source"] else []
    assert len(spans) > 150
    for layer, span in spans:
        assert found[(layer, span["start"], span["end"])] == span["text"]
    assert [flatten(r.content) for r in gold.records] == [s["text"] for s in rows["sentences"]]


def test_nested_attributions_are_drawn_inside_what_reports_them(gold):
    record = next(r for r in gold.records if r.short == "p13s2")
    outer = next(n for n in nodes(record.content) if n.mark.layer == "content" and n.mark.label == "q16")
    inner = [n.mark for n in nodes(outer.children)]
    assert {(m.layer, m.label) for m in inner} >= {("cue", "q17"), ("source", "q17")}
    q17 = next(q for q in gold.quotes if q.short == "q17")
    assert gold.quotes[q17.parent].short == "q16" and q17.index in gold.quotes[q17.parent].children
    assert "q17" not in [gold.quotes[i].short for i in gold.shown_quotes], "listed under q16, not at the top"


def test_sections_records_stance_and_legend(gold):
    assert [b.section for b in gold.blocks][:4] == ["dateline", "navigation", "kicker", "headline"]
    assert {b.editorial for b in gold.blocks if b.section in ("navigation", "comment_form", "spam")} == {False}
    kicker = gold.blocks[2].records[0]
    assert kicker.stance == "favor" and gold.entities[kicker.holders[0]].name_en.startswith("unnamed")
    assert [r.direction for r in gold.records][-1] == "ltr" and gold.records[0].direction == "rtl"
    assert gold.types == schema.ENTITY_TYPES and gold.kinds == ["name", "nominal"] and gold.statuses == []
    plural = next(n.mark for r in gold.records for n in nodes(r.content) if n.mark.text == "البلدين")
    assert sorted(gold.entities[i].name_en for i in plural.entities) == ["Algeria", "Russia"]


def test_short_ids_and_clear_errors(rows):
    v = view.sentence("p9s1", rows)
    assert [r.id for r in v.model.records] == [f"{rows['documents'][0]['doc_id']}:p9s1"]
    assert [v.model.quotes[i].short for i in v.model.shown_quotes] == ["q03", "q04"]
    with pytest.raises(view.ViewError, match=r"record 'p99s1' is not one of the 29 known"):
        view.sentence("p99s1", rows)
    with pytest.raises(view.ViewError, match="unknown layers"):
        view.document(rows=rows, layers=["entities", "colours"])
    with pytest.raises(view.ViewError, match="needs the entities layer"):
        view.document(rows=rows, layers=["attributions"], predicted_entities=[])


def test_an_attribution_view_shows_it_and_what_is_nested_in_it(rows):
    v = view.attribution("q21", rows).model
    labels = {n.mark.label for r in v.records for n in nodes(r.content)}
    assert labels == {"q21", "q22", "q23"} and v.layers == ("attributions", "translation")
    assert [v.quotes[i].short for i in v.shown_quotes] == ["q21"]
    # its content continues into the next record (`continues`): that record is shown too
    assert [r.short for r in v.records] == ["p15s1", "p15s2"]
    assert "its content continuing into" in view.attribution("q21", rows).html()
    assert [r.short for r in view.attribution("q22", rows).model.records] == ["p15s1"]


def test_a_generic_source_is_said_to_have_no_speaker(rows):
    """q24's source is `التقارير` ("the reports"), no entity: the list and the tooltip say so,
    where an attribution with speakers names them."""
    html = view.attribution("q18", rows).html()
    items = html.split('<li class="qi"')
    q24 = next(item for item in items if ">q24</a>" in item.split("</div>")[0])
    assert q24.split('class="qi-who">')[1].split("</div>")[0] == \
        '<span class="en">a generic source: no speaker (guidelines 3.2)</span>'
    assert html.count("a generic source: no speaker") >= 2  # the list and the marks' tooltips
    assert "a generic source" not in view.attribution("q21", rows).html()


def test_a_span_marked_proposed_is_shown_as_proposed(rows):
    draft = copy.deepcopy(rows)
    draft["quotes"][0]["cue"]["status"] = "proposed"
    draft["entities"][1]["mentions"][0]["status"] = "proposed"
    v = model.build(draft)
    proposed = sorted(n.mark.layer for r in v.records for n in nodes(r.content) if n.mark.status == "proposed")
    assert proposed == ["cue", "entity"] and v.statuses == ["proposed"]
    assert "? proposed" in view.View(v).html()


# --- predictions ------------------------------------------------------------------------------

def gold_ner(rows):
    return [(s["id"], e["start"], e["end"], e["label"]) for s in rows["sentences"] for e in s["entities"]]


def test_the_gold_as_prediction_hits_everything(rows):
    spans = gold_ner(rows)
    parts = [{"cue": q["cue"], "source": q["source"], "content": q["content"]} for q in rows["quotes"]]
    v = model.build(rows, predicted_entities=spans, predicted_quotes=parts)
    assert v.scores["entities"] == {"hit": len(spans)}
    n_parts = sum(1 + bool(q["source"]) + len(q["content"]) for q in rows["quotes"])
    assert v.scores["attributions"] == {"hit": n_parts} and v.false_alarms == []


def test_hits_misses_and_false_alarms_with_what_the_other_side_has(rows):
    (rid, start, end, label), *rest = [s for s in gold_ner(rows) if s[0].endswith("p10s1")]
    shifted = (rid, start - 1, end, label) if start else (rid, start, end + 1, label)
    relabelled = (rest[0][0], rest[0][1], rest[0][2], "DATE")
    v = model.build(rows, predicted_entities=[shifted, relabelled, *rest[1:]], scope=[rid])
    assert v.scores["entities"] == {"hit": len(rest) - 1, "miss": 2, "false-alarm": 2}
    missed = {n.mark.text: n.mark.note for r in v.records for n in nodes(r.content) if n.mark.status == "miss"}
    record_text = next(r.text for r in v.records if r.id == rid)
    assert missed[record_text[start:end]] == f"predicted {label} on “{record_text[shifted[1]:shifted[2]]}”"
    assert {m.label for m in v.false_alarms} == {label, "DATE"}
    outside = model.build(rows, predicted_entities=[shifted], scope=["p1s1"])
    assert outside.scores["entities"] == {"miss": 1}, "records out of scope are not compared"


def test_only_the_predicted_roles_are_compared(rows):
    cues = [*[{"cue": q["cue"]} for q in rows["quotes"]][:-1], {"cue": (0, 5)}]
    v = model.build(rows, predicted_quotes=cues)
    assert v.scores["attributions"] == {"hit": len(cues) - 1, "miss": 1, "false-alarm": 1}
    assert [m.layer for m in v.false_alarms] == ["cue"]
    assert f"predicted by attribution {len(cues) - 1}" in v.false_alarms[0].note  # the last, 0-based


def test_an_attribution_view_compares_only_what_it_shows(rows):
    cues = [{"cue": q["cue"]} for q in rows["quotes"] if q["sentence_id"].endswith("p15s1")]
    assert len(cues) == 3
    v = view.attribution("q22", rows, predicted_quotes=cues).model
    assert v.scores == {"attributions": {"hit": 1}} and v.false_alarms == [], "q21's and q23's cues are gold"


def test_prediction_shapes_dicts_rows_and_pairs(rows):
    record = next(s for s in rows["sentences"] if s["entities"])
    as_tuples = model.build(rows, predicted_entities=[(record["id"], e["start"], e["end"], e["label"])
                                                      for e in record["entities"]], scope=[record["id"]])
    as_row = model.build(rows, predicted_entities=[record], scope=[record["id"]])
    as_dicts = model.build(rows, predicted_entities=[{**e, "record_id": record["id"].split(":")[1]}
                                                     for e in record["entities"]], scope=[record["id"]])
    assert as_tuples.scores == as_row.scores == as_dicts.scores == {"entities": {"hit": len(record["entities"])}}
    q = rows["quotes"][2]
    pairs = [{"content": [(c["start"], c["end"]) for c in q["content"]]}]
    one = [{"content": q["content"][0]}]
    assert model.build(rows, predicted_quotes=pairs).scores["attributions"]["hit"] == len(q["content"])
    assert model.build(rows, predicted_quotes=one).scores["attributions"]["hit"] == 1


@pytest.mark.parametrize(("bad", "message"), [
    ([("nope", 0, 3, "PER")], "record 'nope' is not one"),
    ([("p9s1", 0, 3, "PERSON")], "label 'PERSON' is not one of PER"),
    ([("p9s1", 5, 3, "PER")], r"\(5, 3\) is not a non-empty span"),
    ([("p9s1", 0, 9999, "PER")], "not a non-empty span"),
    ([("p9s1", 0.0, 3, "PER")], "must be integers"),
    ([{"record_id": "p9s1", "start": 0, "end": 3, "label": "PER", "text": "xyz"}], "differs from the text"),
    (["p9s1"], "expected \\(record_id, start, end, label\\)"),
])
def test_a_bad_predicted_entity_is_named_in_the_error(rows, bad, message):
    with pytest.raises(ValueError, match=message):
        model.build(rows, predicted_entities=bad)


def test_a_bad_predicted_attribution_is_named_in_the_error(rows):
    with pytest.raises(compare.PredictionError, match="predicted attribution 1, content"):
        model.build(rows, predicted_quotes=[{"cue": (0, 3)}, {"content": [{"start": -1, "end": 2}]}])
    with pytest.raises(compare.PredictionError, match="expected a dict"):
        model.build(rows, predicted_quotes=[(0, 3)])


def test_compare_counts_exact_matches():
    statuses, alarms = compare.compare({"a": (1, 2), "b": (3, 4)}, {(1, 2), (5, 6)})
    assert statuses == {"a": "hit", "b": "miss"} and alarms == [(5, 6)]
    assert compare.overlapping(("r", 0, 5, "X"), [("r", 4, 8, "Y"), ("r", 5, 9, "Y"), ("s", 0, 5, "X"),
                                                  ("r", 0, 5, "X")]) == [("r", 4, 8, "Y")]


# --- HTML -------------------------------------------------------------------------------------

def test_the_fragment_is_scoped_script_free_and_stable(rows):
    html = view.document(rows=rows)._repr_html_()
    assert html == view.document(rows=rows).html()
    assert "<script" not in html and not re.search(r"(src|href)=\"?(https?:)?//", html)
    styles = re.sub(r"/\*.*?\*/", "", re.search(r"<style>(.*?)</style>", html, re.S).group(1), flags=re.S)
    selectors = [s.strip() for block in re.findall(r"(?:^|[{}])\s*([^{}@]+)\{", styles)
                 for s in re.split(r",(?![^(]*\))", block)]
    assert len(selectors) > 100
    uid = re.search(r'class="aqv aqv-document" id="(aqv-[0-9a-f]{10})"', html).group(1)
    assert [s for s in selectors if not s.startswith(f"#{uid}")] == [], "every rule is scoped to the view"
    predicted = view.document(rows=rows, predicted_entities=[]).html()
    assert uid not in predicted, "another view gets other ids"


def test_the_plain_repr_is_stable(rows):
    assert repr(view.sentence("p9s1", rows)) == "<aqwal.view.View of sentence 000_5e3c12ae8d8c7ed7:p9s1: 1 record>"
    assert repr(view.attribution("q16", rows)).startswith("<aqwal.view.View of attribution 000_5e3c12ae8d8c7ed7:q16")
    assert "0x" not in repr(view.document(rows=rows))


def test_datasets_work_as_rows(rows, tmp_path):
    import aqwal
    loaded = {name: aqwal.load(name, ROOT / "data", tmp_path) for name in schema.CONFIGS}
    assert view.sentence("p9s1", loaded).html() == view.sentence("p9s1", rows).html()


def test_the_page_is_self_contained_with_the_font_and_its_licence(rows):
    page = view.document(rows=rows).page()
    assert page.startswith("<!DOCTYPE html>") and "default-src 'none'" in page
    assert "url(data:font/woff;base64," in page and "SIL Open Font License" in page
    assert 150_000 < len(page.encode()) < 400_000, "the font and the article, nothing more"
    licence = (Path(view.__file__).parent / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Google LLC" in licence


def test_text_from_the_data_is_escaped(rows):
    hostile = copy.deepcopy(rows)
    hostile["entities"][0]["name_en"] = '<script>alert(1)</script>" onmouseover="x'
    hostile["documents"][0]["publisher_en"] = "<img src=x onerror=alert(1)>"
    html = view.document(rows=hostile).html()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34; onmouseover=&#34;x" in html


def test_the_templates_and_the_font_ship_in_the_package():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["aqwal.view"]
    folder = Path(view.__file__).parent
    shipped = {p for pattern in data for p in folder.glob(pattern)}
    assert {p for sub in ("templates", "fonts") for p in (folder / sub).iterdir()} == shipped


# --- from a gold file, and published with the data ------------------------------------------

def test_any_valid_gold_file_is_shown_without_data(tmp_path):
    rows = view.gold_rows(CASES / "valid.yaml", CASES / "seeds")
    v = view.document(rows=rows)
    assert [r.short for r in v.model.records] == ["p1s1", "p2s1", "p2s2", "p3s1"]
    assert "المتحدث" in v.save(tmp_path / "tiny.html").read_text(encoding="utf-8")
    with pytest.raises(InvalidGold, match="span-not-at-anchor"):
        view.gold_rows(CASES / "span-not-at-anchor.yaml", CASES / "seeds")


def test_two_builds_write_the_same_view(project, built):
    from aqwal.dataset.build import build
    build(project / "gold", project / "seeds", project / "data", project / "dataset_card.md",
          project / "gold" / "passes")
    assert (project / "data" / view.FILENAME).read_bytes() == (built / view.FILENAME).read_bytes()


def test_the_published_view_is_the_view_of_the_published_rows(rows, built):
    page = (built / view.FILENAME).read_bytes()
    assert page == (ROOT / "data" / view.FILENAME).read_bytes(), "run `make build` and commit data/"
    assert page == view.document(rows=rows).page().encode("utf-8")
    card = (ROOT / "dataset_card.md").read_text(encoding="utf-8")
    assert f"]({view.FILENAME})" in card, "the card links the view"


def test_the_example_in_docs_viewer_md_runs_and_says_what_it_shows(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path))
    code = re.search(r"```python\n(.*?)```", (ROOT / "docs" / "viewer.md").read_text(encoding="utf-8"), re.S)
    scope = {}
    exec(code.group(1), scope)
    shown = view.sentence("p10s1", predicted_entities=scope["predicted"])
    assert shown.model.scores["entities"] == {"hit": 2, "miss": 4, "false-alarm": 1}
    assert [m.text for m in shown.model.false_alarms] == ["بموسكو"]


def test_the_notebooks_show_the_view_and_03_04_a_prediction_on_it():
    """Issue 14: the view in 01, 03, 04 and 05 (stored outputs of the solved notebooks), and a
    prediction drawn over the gold in 03 (entities) and 04 (attributions)."""
    import nbformat

    def views(name):
        nb = nbformat.read(ROOT / "answers" / f"{name}.ipynb", as_version=4)
        return [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
                if o.get("data", {}).get("text/plain", "").startswith("<aqwal.view.View of")]

    assert all(views(name) for name in ("01_exploring", "03_entities", "04_quotes", "05_stance"))
    for name, layer in (("03_entities", "Entities"), ("04_quotes", "Attributions")):
        compared = [re.sub("<[^>]+>", " ", html) for html in views(name) if "Compared with" in html]
        assert compared and re.search(rf"{layer}\s+\d+ hits", compared[0]), name
