import re

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from IPython.core.formatters import DisplayFormatter

from aqwal import bidi, classroom
from aqwal.bidi import FSI, PDI, has_rtl, html_table, isolate, isolate_runs, plain_table

ISOLATED = re.compile(f"{FSI}([^{FSI}{PDI}]*){PDI}")


@pytest.fixture(autouse=True)
def display_options():
    """The notebooks' display options, restored after each test."""
    with pd.option_context("display.width", 100, "display.max_columns", 12, "display.max_colwidth", 60,
                           "display.notebook_repr_html", True):
        yield


def frames():
    long = "الجزائر تنضم إلى بنك المعلومات الدولي حول الإرهابيين الأجانب الذي تديره روسيا "
    return {
        "adjacent-arabic-columns": pd.DataFrame({"token": ["بموسكو", "ومساهل"], "name": ["موسكو", "مساهل"],
                                                 "start": [59, 12]}),
        "missing-and-lists": pd.DataFrame({"cues": [["أهمية", "تعزيز"], None], "text": ["ب", np.nan]}),
        "series-with-arabic-index": pd.Series(["أ\nب", None, "x"], index=["س", "ص", "z"], name="اسم"),
        "value-counts": pd.Series(["قال", "قال", "أكد"]).value_counts(),
        "multi-index": pd.DataFrame(
            {"n": [1, 2, 3, 4], "w": ["و", "ي", "x", "ك"]},
            index=pd.MultiIndex.from_tuples([("أ", "ب"), ("أ", "ج"), ("د", "ب"), ("د", "ه")], names=["م", "ن"])),
        "categorical": pd.DataFrame({"c": pd.Categorical(["قال", "أكد", "قال"]), "d": ["قال", "أكد", "قال"]}),
        "cut-to-max-colwidth": pd.DataFrame({"t": [long * 2, "قصير"], "u": ["ا", "ب"]}),
        "arabic-column-names": pd.DataFrame([[1, "ا"]], columns=["عدد", "نص"]),
        "wrapped-wide-frame": pd.DataFrame({f"c{i}": ["نص عربي طويل نوعا ما"] for i in range(8)}),
        "truncated-rows": pd.DataFrame({"a": ["ا"] * 100, "b": ["ب"] * 100}),
        "arabic-indic-digits": pd.DataFrame({"a": ["٣٤", "٥"], "b": ["٥٦", "٧"]}),
        "no-arabic": pd.DataFrame({"a": ["x", "y"], "b": [1.5, 2.25]}),
    }


FRAMES = frames()


def test_right_to_left_means_hebrew_arabic_letters_and_arabic_indic_digits():
    assert has_rtl("بموسكو") and has_rtl("שלום") and has_rtl("٣٤")
    assert not has_rtl("B-GPE 41, 2024 (“”) ،") and not has_rtl("")


def test_isolate_wraps_only_right_to_left_text():
    assert isolate("موسكو") == f"{FSI}موسكو{PDI}"
    assert isolate("PER") == "PER"


@pytest.mark.parametrize("name", FRAMES)
def test_plain_tables_keep_pandas_layout_and_isolate_every_arabic_cell(name):
    obj = FRAMES[name]
    shown = plain_table(obj)
    assert shown.replace(FSI, "").replace(PDI, "") == repr(obj), "isolates take no room: same layout"
    assert not has_rtl(ISOLATED.sub("", shown)), "no Arabic outside an isolate"
    assert all(run.strip() == run.strip(" ") for run in ISOLATED.findall(shown))


def test_each_isolate_holds_exactly_one_cell():
    shown = plain_table(FRAMES["adjacent-arabic-columns"])
    assert ISOLATED.findall(shown) == ["بموسكو", "موسكو", "ومساهل", "مساهل"]
    cut = plain_table(FRAMES["cut-to-max-colwidth"])
    assert ISOLATED.findall(cut)[0].endswith("..."), "pandas' cut mark stays with its cell"


def test_when_layouts_differ_cells_are_isolated_inside_pandas_layout(monkeypatch):
    monkeypatch.setattr(bidi, "_isolate_runs", lambda text, layout: None)
    for name, obj in FRAMES.items():
        shown = plain_table(obj)
        assert all(line.count(FSI) == line.count(PDI) for line in shown.splitlines()), name
        assert not has_rtl(ISOLATED.sub("", shown)), name


def test_html_tables_give_each_arabic_cell_its_own_direction():
    frame = pd.DataFrame({"token": ["بموسكو", "a<b"], "n": [1, 2]}, index=pd.Index(["س", "x"], name="اسم"))
    shown = html_table(frame)
    assert '<td dir="auto">بموسكو</td>' in shown and "<td>a&lt;b</td>" in shown
    assert '<th dir="auto">س</th>' in shown and '<th dir="auto">اسم</th>' in shown
    assert "<th>x</th>" in shown and "<td>1</td>" in shown
    assert shown.replace(' dir="auto"', "") == frame._repr_html_()


def test_no_html_table_when_pandas_html_is_off():
    with pd.option_context("display.notebook_repr_html", False):
        assert html_table(FRAMES["adjacent-arabic-columns"]) is None


def formatter() -> DisplayFormatter:
    shell = type("Shell", (), {"display_formatter": DisplayFormatter()})()
    bidi.register(shell)
    return shell.display_formatter


def test_a_registered_shell_shows_tables_lists_and_strings_isolated():
    show = formatter()
    data, _ = show.format(FRAMES["adjacent-arabic-columns"])
    assert data["text/plain"] == plain_table(FRAMES["adjacent-arabic-columns"])
    assert data["text/html"] == html_table(FRAMES["adjacent-arabic-columns"])
    data, _ = show.format(FRAMES["value-counts"])
    assert data["text/plain"] == plain_table(FRAMES["value-counts"]) and "text/html" not in data
    data, _ = show.format(["وعلقت", "قناة", "x"])
    assert data["text/plain"] == f"[{FSI}'وعلقت'{PDI}, {FSI}'قناة'{PDI}, 'x']"
    data, _ = show.format({"مساهل": 2})
    assert data["text/plain"] == f"{{{FSI}'مساهل'{PDI}: 2}}"


def test_setup_in_a_notebook_registers_the_displays(monkeypatch):
    shell = type("Shell", (), {"display_formatter": DisplayFormatter()})()
    monkeypatch.setattr(classroom, "get_ipython", lambda: shell)
    with mpl.rc_context():
        classroom.setup()
        assert mpl.rcParams["axes.prop_cycle"].by_key()["color"] == classroom.OKABE_ITO
    data, _ = shell.display_formatter.format(FRAMES["adjacent-arabic-columns"])
    assert FSI in data["text/plain"] and 'dir="auto"' in data["text/html"]


def test_setup_outside_ipython_only_sets_options(monkeypatch):
    monkeypatch.setattr(classroom, "get_ipython", lambda: None)
    with mpl.rc_context():
        classroom.setup()
    assert pd.get_option("display.width") == 100


def test_an_english_line_quoting_arabic_isolates_each_arabic_run_and_nothing_else():
    line = "ف + ل before ال: the alef put back, 2 ways"
    assert isolate_runs(line) == f"{FSI}ف + ل{PDI} before {FSI}ال{PDI}: the alef put back, 2 ways"
    assert isolate_runs("no Arabic here") == "no Arabic here"
    assert isolate_runs("بموسكو") == f"{FSI}بموسكو{PDI}"


def test_a_final_diacritic_stays_inside_its_words_isolate():
    """`تعليقاً` ends in a tanwin (a combining mark): closing the isolate before it would leave
    the mark outside its word."""
    assert isolate_runs("keep اترك تعليقاً, as written") == f"keep {FSI}اترك تعليقاً{PDI}, as written"
    assert isolate_runs("\u064b then بموسكو") == f"\u064b then {FSI}بموسكو{PDI}"  # no word before it: left alone
