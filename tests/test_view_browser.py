"""The annotated-article view as people see it: Debian's Chromium, driven by Playwright.

Every gold span is an element whose text is the span's text; the Arabic reads right to left
with digits, `2017` and quotation marks where the text has them; hover and keyboard focus show
the speaker; colour is never the only cue; text and lines reach WCAG AA; no network, no script.
Screenshots at 1280 and 390 pixels wide go to build/screenshots/ to be looked at.
"""
import itertools
import re

import pytest
from conftest import ROOT, SCREENSHOTS

import aqwal.view as view
from aqwal.dataset.summary import loaded_rows
from aqwal.view.colours import contrast

PAGE = ROOT / "data" / view.FILENAME
WIDTHS = (1280, 390)
TOKEN = re.compile(r"[\w\u0610-\u061A\u064B-\u065F\u0670]+|\S")  # a word, a number or one sign


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    return loaded_rows(ROOT / "data", tmp_path_factory.mktemp("cache"))


@pytest.fixture
def open_page(browser):
    """A fresh page at a given width, on a file or on HTML; every request it makes is kept."""
    pages = []

    def make(width: int = 1280, url: str = PAGE.as_uri(), html: str | None = None, **options):
        page = browser.new_page(viewport={"width": width, "height": 900}, **options)
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.goto(url) if html is None else page.set_content(html)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.close()


def gold_spans(rows):
    """(layer, start, end, text) of every annotated span: mentions and attribution parts."""
    spans = {("entity", m["start"], m["end"], m["text"]) for e in rows["entities"] for m in e["mentions"]}
    for q in rows["quotes"]:
        parts = [("cue", q["cue"])] + [("source", q["source"])] * bool(q["source"])
        spans |= {(role, s["start"], s["end"], s["text"]) for role, s in parts + [("content", c) for c in q["content"]]}
    return spans


MARKS_JS = """() => {
  const found = {};
  for (const e of document.querySelectorAll('.aqv-text .a')) {
    const m = found[e.dataset.key] ||= {layer: e.classList[1], start: +e.dataset.start, end: +e.dataset.end, text: ''};
    m.start = Math.min(m.start, +e.dataset.start); m.end = Math.max(m.end, +e.dataset.end); m.text += e.textContent;
  }
  return Object.values(found);
}"""


def test_every_gold_span_is_an_element_with_its_text(open_page, rows):
    page = open_page()
    shown = {(m["layer"], m["start"], m["end"], m["text"]) for m in page.evaluate(MARKS_JS)}
    expected = gold_spans(rows)
    assert len(expected) > 150
    assert expected - shown == set()
    text = rows["documents"][0]["text"]
    assert all(t == text[s:e] for _, s, e, t in shown), "every element's text is its slice"
    records = page.evaluate("() => [...document.querySelectorAll('[data-record] .rec-ar')].map(e => e.textContent)")
    assert records == [s["text"] for s in rows["sentences"]], "the whole page, every character"


BOXES_JS = """(spans) => {
  const out = {};
  for (const [rid, tokens] of spans) {
    const p = document.querySelector(`[data-record="${rid}"] .rec-ar`);
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const nodes = []; let at = 0;
    while (walker.nextNode()) { nodes.push([walker.currentNode, at]); at += walker.currentNode.data.length; }
    const place = (offset, end) => {
      for (const [n, s] of nodes) {
        if (offset < s + n.data.length || (end && offset === s + n.data.length)) return [n, offset - s];
      }
    };
    out[rid] = tokens.map(([a, b]) => {
      const range = document.createRange();
      range.setStart(...place(a, false)); range.setEnd(...place(b, true));
      return [...range.getClientRects()].filter(r => r.width > 0).map(r => [r.left, r.right, r.top, r.bottom]);
    });
  }
  return out;
}"""


def token_boxes(page, rows):
    """Per record, (token, left, right, middle) of each word, number and sign, in text order."""
    tokens = {s["id"]: [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(s["text"])]
              for s in rows["sentences"]}
    rects = page.evaluate(BOXES_JS, [[rid, [(a, b) for _, a, b in found]] for rid, found in tokens.items()])
    boxes = {}
    for rid, found in tokens.items():
        boxes[rid] = []
        for (token, _, _), pieces in zip(found, rects[rid], strict=True):
            assert pieces, f"{rid}: {token!r} is not drawn"
            lines = {round((top + bottom) / 2) for _, _, top, bottom in pieces}
            assert max(lines) - min(lines) < 8, f"{rid}: {token!r} is split across lines"
            boxes[rid].append((token, min(p[0] for p in pieces), max(p[1] for p in pieces),
                               sum(lines) / len(lines)))
    return boxes


@pytest.mark.parametrize("width", WIDTHS)
def test_arabic_reads_right_to_left_with_mixed_fragments_in_place(open_page, rows, width):
    boxes = token_boxes(open_page(width), rows)
    directions = {s["id"]: s["text"][0].isascii() for s in rows["sentences"]}
    pairs = 0
    for rid, found in boxes.items():
        for (a, a_left, a_right, a_mid), (b, b_left, b_right, b_mid) in itertools.pairwise(found):
            if abs(a_mid - b_mid) > 10:
                assert b_mid > a_mid, f"{rid}: {b!r} goes up a line after {a!r}"
                continue
            pairs += 1
            if directions[rid]:  # the English spam line reads left to right
                assert b_left >= a_right - 1, f"{rid}: {b!r} is not right of {a!r}"
            else:
                assert b_right <= a_left + 1, f"{rid}: {b!r} is not left of {a!r}"
    assert pairs > 500
    date = {t: (left, right) for t, left, right, _ in boxes[rows["sentences"][10]["id"]]}
    assert date["2017"][1] < date["عام"][0] < date["أكتوبر"][0], "أكتوبر من عام 2017 reads right to left"


def test_hover_and_keyboard_focus_show_the_speaker(open_page, rows):
    page = open_page()
    q05 = next(q for q in rows["quotes"] if q["id"].endswith(":q05"))
    cue = page.locator(f'.aqv-text .cue[data-start="{q05["cue"]["start"]}"]')
    details = "(e) => { const s = getComputedStyle(e, '::after'); return s.display === 'none' ? '' : s.content; }"
    assert cue.evaluate(details) in ("", "none"), "nothing shown before"
    cue.hover()
    shown = cue.evaluate(details)
    assert "سيرغي لافروف" in shown and "Sergey Lavrov" in shown and "Cue of q05" in shown
    page.mouse.move(0, 0)
    page.locator(".tg-labels").focus()
    page.keyboard.press("Tab")
    first = page.evaluate("() => document.activeElement.dataset.key")
    assert first == page.locator(".aqv-text .a[tabindex='0']").first.get_attribute("data-key")
    card = page.evaluate("() => getComputedStyle(document.activeElement, '::after').content")
    assert "DATE (date), name mention" in card and "Saturday, May 18, 2024" in card
    cue.focus()
    assert "Sergey Lavrov" in cue.evaluate(details)
    page.set_viewport_size({"width": 390, "height": 800})
    assert cue.evaluate("(e) => getComputedStyle(e, '::after').position") == "fixed", "a bottom sheet on a phone"


def test_every_mark_is_reachable_with_the_keyboard_in_reading_order(open_page):
    page = open_page()
    focusable = page.evaluate("() => [...document.querySelectorAll('.aqv-text .a.first, .aqv-text .stance')]"
                              ".map(e => [e.tabIndex, e.dataset.key || 'stance'])")
    assert len(focusable) > 200 and {t for t, _ in focusable} == {0}
    page.locator(".tg-labels").focus()
    visited = []
    for _ in range(60):
        page.keyboard.press("Tab")
        visited.append(page.evaluate("() => document.activeElement.dataset.key || 'stance'"))
    assert visited == [key for _, key in focusable[:60]]


def test_colour_is_never_the_only_cue(open_page):
    page = open_page()
    style = """([sel, pseudo]) => { const e = document.querySelector(sel); const s = getComputedStyle(e, pseudo);
      return {chip: getComputedStyle(e, '::before').content, line: s.borderBottomStyle, bg: s.backgroundColor,
              left: s.borderLeftStyle, color: s.color}; }"""
    chips = {t: page.evaluate(style, [f".aqv-text .entity.t-{t}.k-name", None])["chip"]
             for t in ("PER", "ORG", "GPE", "LOC", "NORP", "DATE")}
    assert chips == {t: f'"{t}"' for t in chips}, "every type is named on its mark"
    name, nominal = (page.evaluate(style, [f".aqv-text .entity.k-{k}", None]) for k in ("name", "nominal"))
    assert (name["line"], nominal["line"]) == ("solid", "dashed")
    cue, source, content = (page.evaluate(style, [f".aqv-text .{r}.first", None]) for r in ("cue", "source", "content"))
    assert source["line"] == "double" and cue["line"] == "none" and content["left"] == "solid"
    assert content["chip"].startswith('"q') and cue["color"] == "rgb(255, 255, 255)", "pill, double rule, tagged band"
    legend = page.locator(".legend").inner_text()
    assert all(word in legend for word in ("person", "cue", "source", "content", "favor", "dashed"))


def rgb(value: str, under: str = "#FFFFFF") -> str:
    """A computed CSS colour as hex, blended over under when it is translucent."""
    numbers = [float(x) for x in re.findall(r"[\d.]+", value)]
    alpha = numbers[3] if len(numbers) == 4 else 1.0
    base = [int(under[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(alpha * c + (1 - alpha) * b):02X}" for c, b in zip(numbers[:3], base, strict=True))


COLOURS_JS = """() => {
  const layers = (e) => {
    const out = [];
    for (; e; e = e.parentElement) out.push(getComputedStyle(e).backgroundColor);
    return out;
  };
  const found = [];
  const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  for (const e of document.querySelectorAll('.aqv *')) {
    if (!visible(e)) continue;
    const s = getComputedStyle(e);
    if ([...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()))
      found.push({what: 'text', sel: e.className || e.tagName, color: s.color, under: layers(e),
                  size: parseFloat(s.fontSize), weight: +s.fontWeight});
    const chip = getComputedStyle(e, '::before');
    if (chip.content !== 'none' && chip.content !== 'normal' && chip.display !== 'none')
      found.push({what: 'chip', sel: e.className, color: chip.color, under: [chip.backgroundColor, ...layers(e)],
                  size: parseFloat(chip.fontSize), weight: +chip.fontWeight});
    if (e.matches('.aqv-text .entity, .aqv-text .source') && s.borderBottomStyle !== 'none')
      found.push({what: 'line', sel: e.className, color: s.borderBottomColor, under: layers(e.parentElement),
                  size: 0, weight: 0});
  }
  return found;
}"""


@pytest.mark.parametrize("predicted", [False, True])
def test_text_and_lines_reach_aa_contrast(open_page, rows, predicted, tmp_path):
    if predicted:
        spans = [(s["id"], max(e["start"] - 1, 0), e["end"], e["label"])
                 for s in rows["sentences"] for e in s["entities"]][::2]
        page = open_page(url=view.document(rows=rows, predicted_entities=spans,
                                           predicted_quotes=[{"cue": q["cue"]} for q in rows["quotes"][::2]])
                         .save(tmp_path / "p.html").as_uri())
    else:
        page = open_page()
    page.locator(".aqv-text .cue").first.focus()  # a tooltip shown, checked with the rest
    found = page.evaluate(COLOURS_JS)
    failures = []
    for f in found:
        under = "#FFFFFF"
        for layer in reversed(f["under"]):
            under = rgb(layer, under)
        large = f["size"] >= 24 or (f["size"] >= 18.66 and f["weight"] >= 700)
        needed = 3.0 if f["what"] == "line" or large else 4.5
        ratio = contrast(rgb(f["color"], under), under)
        if ratio < needed:
            failures.append((f["what"], f["sel"], f["color"], under, round(ratio, 2)))
    assert len(found) > 500
    assert failures == []


def test_each_layer_has_a_toggle(open_page):
    page = open_page()
    name = page.locator(".aqv-text .entity.k-name").first
    english = page.locator(".rec-en").first
    boiler = page.locator(".boiler").first
    assert name.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    for toggle in ("entities", "translation", "sections"):
        page.locator(f".tg-{toggle}").uncheck()
    assert name.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert name.evaluate("e => getComputedStyle(e, '::before').display") == "none"
    assert not english.is_visible() and not boiler.is_visible()
    cue = page.locator(".aqv-text .cue").first
    assert cue.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.locator(".tg-attributions").uncheck()
    assert cue.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    page.locator(".tg-entities").check()
    assert name.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_boilerplate_is_set_apart_and_stance_is_in_the_margin(open_page):
    page = open_page()
    band = page.evaluate("""() => [...document.querySelectorAll('.blk')].map(b => [
        b.classList.contains('boiler'), getComputedStyle(b).backgroundColor, getComputedStyle(b).borderRightWidth,
        b.querySelector('.blk-h').textContent])""")
    boiler = [b for b in band if b[0]]
    editorial = [b for b in band if not b[0]]
    assert len(boiler) == 5 and all("boilerplate" in b[3] and b[2] != "0px" for b in boiler)
    assert {b[1] for b in boiler}.isdisjoint({b[1] for b in editorial})
    kicker = page.locator(".sec-kicker .rec")
    mark = kicker.locator(".rec-m .stance")
    assert mark.inner_text() == "▲ favor"
    assert mark.bounding_box()["x"] > kicker.locator(".rec-ar").bounding_box()["x"], "in the right margin"
    assert "held by" in kicker.locator(".why").inner_text()


def test_no_network_and_no_script_and_it_reads_without_javascript(open_page):
    page = open_page(java_script_enabled=False)
    assert page.requests == [PAGE.as_uri()]
    assert page.locator("script").count() == 0
    cue = page.locator(".aqv-text .cue").first
    cue.focus()
    assert "speaker" in cue.evaluate("e => getComputedStyle(e, '::after').content")


def test_in_a_notebook_the_fragment_styles_itself_and_survives_sanitizers(open_page, rows):
    one, two = view.sentence("p9s1", rows)._repr_html_(), view.attribution("q16", rows)._repr_html_()
    page = open_page(html=f"<!DOCTYPE html><html><body><p>cell</p>{one}{two}</body></html>")
    assert page.locator(".aqv").count() == 2
    ids = page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids)), "two views, no clashing ids"
    assert page.evaluate("() => getComputedStyle(document.querySelector('p')).direction") == "ltr", "nothing leaks"
    cue = page.locator(".aqv-sentence .aqv-text .cue").first
    cue.focus()
    assert "Sergey Lavrov" in cue.evaluate("e => getComputedStyle(e, '::after').content")
    stripped = re.sub(r"<style>.*?</style>", "", one, flags=re.S)  # what an untrusted output keeps
    bare = open_page(html=stripped)
    record = next(s["text"] for s in rows["sentences"] if s["id"].endswith("p9s1"))
    assert bare.locator(".rec-ar").inner_text() == record
    assert "Sergey Lavrov" in bare.locator(".aqv-side").inner_text()


def test_a_prediction_shows_hits_misses_and_false_alarms(open_page, rows, tmp_path):
    record = next(s for s in rows["sentences"] if s["id"].endswith("p10s1"))
    spans = [(record["id"], e["start"], e["end"], e["label"]) for e in record["entities"]][1:]
    spans.append((record["id"], 0, 2, "PER"))
    shown = view.document(rows=rows, predicted_entities=spans, scope=[record["id"]], label="test")
    page = open_page(url=shown.save(tmp_path / "p.html").as_uri())
    counts = page.evaluate("""() => Object.fromEntries(['hit', 'miss', 'false-alarm'].map(s =>
        [s, document.querySelectorAll(`.aqv-text .a.first.s-${s}`).length]))""")
    assert counts == dict(shown.model.scores["entities"]) == {"hit": len(spans) - 1, "miss": 1, "false-alarm": 1}
    styles = page.evaluate("""() => ['miss', 'false-alarm'].map(s => {
        const e = document.querySelector(`.aqv-text .s-${s}`);
        return [getComputedStyle(e).outlineStyle, getComputedStyle(e, '::before').content]; })""")
    assert styles[0][0] == "dashed" and styles[0][1].endswith(' ✗"')
    assert styles[1][0] == "dotted" and styles[1][1].endswith(' +"')
    assert "1 misses · 1 false alarms" in page.locator(".score").inner_text()


def test_screenshots_to_look_at(open_page, rows, tmp_path):
    """Saved, not compared: open them (build/screenshots/view-*.png) and look."""
    saved = []
    for width in WIDTHS:
        page = open_page(width)
        saved.append(SCREENSHOTS / f"view-{width}.png")
        page.screenshot(path=saved[-1])
        page.locator('[data-record$=":p9s1"]').evaluate("e => window.scrollTo(0, e.offsetTop - 24)")
        saved.append(SCREENSHOTS / f"view-{width}-body.png")
        page.screenshot(path=saved[-1])
        page.locator(".aqv-text .cue").nth(3).focus()
        saved.append(SCREENSHOTS / f"view-{width}-details.png")
        page.screenshot(path=saved[-1])
    spans = [(s["id"], max(e["start"] - 1, 0), e["end"], e["label"])
             for s in rows["sentences"] for e in s["entities"]][::2]
    predicted = view.document(rows=rows, predicted_entities=spans, label="proclitics kept, every other name")
    page = open_page(1280, url=predicted.save(tmp_path / "p.html").as_uri())
    page.locator('[data-record$=":p10s1"]').evaluate("e => window.scrollTo(0, e.offsetTop - 24)")
    saved.append(SCREENSHOTS / "view-1280-prediction.png")
    page.screenshot(path=saved[-1])
    assert all(path.stat().st_size > 20_000 for path in saved)


def test_in_jupyterlab_its_styles_do_not_bend_the_view(browser, rows, tmp_path):
    """Under JupyterLab's own stylesheet (nbconvert's lab template), which left-aligns an
    output's paragraphs and indents its lists, the view keeps its layout."""
    import nbformat
    from nbconvert import HTMLExporter

    cell = nbformat.v4.new_code_cell("aqwal.view.sentence('p13s2')", execution_count=1, outputs=[
        nbformat.v4.new_output("execute_result", {"text/html": view.sentence("p13s2", rows)._repr_html_(),
                                                  "text/plain": "<View>"}, execution_count=1)])
    html, _ = HTMLExporter(template_name="lab").from_notebook_node(nbformat.v4.new_notebook(cells=[cell]))
    (tmp_path / "lab.html").write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.route(re.compile(r"^https?://"), lambda route: route.abort())  # the template's CDN scripts
    page.goto((tmp_path / "lab.html").as_uri())
    assert page.locator(".jp-RenderedHTMLCommon .aqv").count() == 1
    record = page.locator(".aqv .rec-ar")
    boxes = record.evaluate("""p => { const r = document.createRange(); r.selectNodeContents(p);
        return [...r.getClientRects()].map(x => [Math.round((x.top + x.bottom) / 2 / 10), x.right]); }""")
    line_ends = {}
    for line, right in boxes:
        line_ends[line] = max(right, line_ends.get(line, 0))
    assert len(line_ends) >= 3 and max(line_ends.values()) - min(line_ends.values()) <= 2, \
        "every line of the Arabic starts at the right"
    assert page.locator(".aqv .legend ul").first.evaluate("e => getComputedStyle(e).paddingLeft") == "0px"
    cue = page.locator(".aqv .aqv-text .cue").first
    cue.focus()
    assert "Akram Kharief" in cue.evaluate("e => getComputedStyle(e, '::after').content")
    page.screenshot(path=SCREENSHOTS / "view-in-jupyterlab.png", full_page=True)
    page.close()
