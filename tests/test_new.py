"""`aqwal new` on every kind of page, and the whole path: new, review, build, load_dataset."""
import shutil

import pytest
from conftest import ROOT, TEST_PAGE, TEST_PAGE_ID

from aqwal.cli import main
from aqwal.draft.new import create
from aqwal.draft.source import PageError, html_text
from aqwal.gold import seeds
from aqwal.gold.validate import validate_dir, validate_file

PAGE, PAGE_ID = TEST_PAGE, TEST_PAGE_ID


@pytest.fixture
def empty(tmp_path):
    """A project folder with no documents yet."""
    return tmp_path / "gold", tmp_path / "seeds"


def _new(tmp_path, name: str, data: bytes, doc_id: str = "p1"):
    gold, seeds_dir = tmp_path / "gold", tmp_path / "seeds"
    page = tmp_path / name
    page.write_bytes(data)
    created = create(page, doc_id, gold, seeds_dir)
    findings, document = validate_file(gold / f"{doc_id}.yaml", seeds_dir)
    assert findings.ok, findings.report()
    return created, document, page


MIXED = ("قال الرئيس إيمانويل ماكرون (Emmanuel Macron) في باريس: «Nous sommes prêts» ثم غادر.\n"
         "\u200fكتب على X: \"AI is here\" و‏قال آخرون إن «الأمر صعب».\n")
PAGES = {
    "empty": b"",
    "blank lines": b"\n\n  \n",
    "no Arabic": b"Breaking news\nThe minister said: \"we are ready\". Then he left.\n",
    "no quotation marks": ("وقال الوزير إن الحكومة ستواصل الإصلاحات خلال العام المقبل في كل الولايات "
                           "دون استثناء.\n").encode(),
    "mixed LTR/RTL": MIXED.encode(),
    "CRLF": "الأحد 5 مايو 2024\r\nقال الوزير: «نعم».\r\n".encode(),
    "marks everywhere": "” “ « » \" ” نص “ « \" » ”\n«««\n\"\"\"\n".encode(),
    "controls": "نص\x00\x07 و\u2028سطر\ufeff «كلام\x1b»\n".encode(),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_new_never_crashes_and_the_draft_validates(name, tmp_path):
    created, document, page = _new(tmp_path, "page.txt", PAGES[name])
    assert (tmp_path / "seeds" / "p1.txt").read_bytes() == page.read_bytes(), "the seed is the page, byte for byte"
    assert seeds.read_manifest(tmp_path / "seeds")["p1"]["sha256"] == seeds.sha256_of(page)
    if name == "no Arabic":
        assert {s.section for s in document.sentences} == {"spam"} and created.warnings


def test_a_200_kb_page(tmp_path):
    text = (PAGE / "seeds" / f"{PAGE_ID}.txt").read_text(encoding="utf-8") * 60
    _created, document, _ = _new(tmp_path, "big.txt", text.encode())
    assert len(text.encode()) > 200_000 and len(document.sentences) == 60 * 27


def test_a_page_of_many_short_lines_gives_a_record_each(tmp_path):
    """3,000 one-line paragraphs. How long 30,000 take (the record lookup and the kicker search
    were quadratic) is measured in BENCHMARKS.md ("Drafts", speed), not here."""
    _created, document, _ = _new(tmp_path, "lines.txt", "قال.\n\n".encode() * 3_000)
    assert len(document.sentences) == 3_000


def test_a_saved_html_page_gives_its_visible_text(tmp_path):
    html = ("<!DOCTYPE html><html><head><title>عنوان النافذة</title><style>p{color:red}</style>"
            "<script>var s = \"قال\";</script></head><body><nav><a href='/'>الرئيسية</a> / <a>وطني</a></nav>"
            "<h1>الجزائر وتونس توقعان اتفاقا</h1><p>وقال وزير الخارجية سليم بن صالح في ندوة صحفية بالعاصمة إن "
            "«الاتفاق تاريخي ويفتح صفحة جديدة بين البلدين». وأضاف: \"سنواصل\".</p>"
            "<div style='display:none'>مخفي</div><noscript>فعّل جافاسكريبت</noscript>"
            "<form><label>الاسم</label><input><button>إرسال</button></form></body></html>")
    _created, document, _ = _new(tmp_path, "page.html", html.encode())
    seed = (tmp_path / "seeds" / "p1.txt").read_text(encoding="utf-8")
    assert seed == html_text(html)
    assert "وقال وزير الخارجية" in seed and "الاسم\nإرسال" in seed
    for hidden in ("var s", "color:red", "عنوان النافذة", "مخفي", "جافاسكريبت"):
        assert hidden not in seed
    assert [q.type for s in document.sentences for q in s.quotes] == ["direct", "direct"]


def test_what_a_browser_hides_by_attribute_or_element_is_not_text(tmp_path):
    html = ("<html><body><p>قال الوزير: «نعم».</p><div hidden><p>نافذة مخفية</p></div>"
            "<p hidden=''>مخفي أيضا</p><noembed>بديل</noembed><noframes>إطارات</noframes>"
            "<p>وقال آخر: «لا».</p></body></html>")
    text = html_text(html)
    assert text == "قال الوزير: «نعم».\n\nوقال آخر: «لا».\n"


@pytest.mark.parametrize("html", ["", "<!DOCTYPE html>", "<?xml version='1.0'?><!-- nothing -->"])
def test_an_html_page_without_content_is_empty(html):
    assert html_text(html) == "\n"


@pytest.mark.parametrize("depth", [300, 600, 1500, 5000])
def test_a_deeply_nested_page_is_read_whole_or_refused(depth, tmp_path):
    """libxml2 stops at 256 levels and drops the rest of the page: read up to what inscriptis
    can walk, refused past it; never a silently empty or cut seed (nor a RecursionError)."""
    html = ("<html><body>" + "<div>" * depth + "<p>قال الوزير: «نعم».</p>" + "</div>" * depth
            + "<p>وقال آخر: «لا».</p></body></html>")
    page = tmp_path / "deep.html"
    page.write_text(html, encoding="utf-8")
    if depth < 1000:
        _created, document, _ = _new(tmp_path, "deep.html", html.encode())
        assert [s.text for s in document.sentences] == ["قال الوزير: «نعم».", "وقال آخر: «لا»."]
    else:
        with pytest.raises(PageError, match=f"{page}: the HTML is nested too deeply"):
            create(page, "p1", tmp_path / "gold", tmp_path / "seeds")
        assert not (tmp_path / "seeds").exists()


def test_a_byte_order_mark_is_not_text(tmp_path):
    _, _document, _ = _new(tmp_path, "bom.txt", b"\xef\xbb\xbf" + "قال الوزير.\n".encode())
    assert (tmp_path / "seeds" / "p1.txt").read_bytes() == "قال الوزير.\n".encode()


def test_not_utf8_is_a_clear_error_and_writes_nothing(tmp_path, capsys):
    page = tmp_path / "cp1256.txt"
    page.write_bytes("سطر أول\n".encode() + "قال".encode("cp1256"))
    assert main(["new", str(page), "--doc-id", "p1", "--gold", str(tmp_path / "gold"),
                 "--seeds", str(tmp_path / "seeds")]) == 1
    err = capsys.readouterr().err
    assert "not UTF-8" in err and "line 2, column 1" in err and "iconv" in err and "Traceback" not in err
    assert not (tmp_path / "seeds").exists() and not (tmp_path / "gold").exists()


@pytest.mark.parametrize("doc_id", ["", "A B", "../x", "x:y", "-x", "a" * 65, "ملف"])
def test_bad_doc_ids_are_refused(doc_id, tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("نص.\n", encoding="utf-8")
    with pytest.raises(PageError, match="not valid"):
        create(page, doc_id, tmp_path / "gold", tmp_path / "seeds")


def test_nothing_is_overwritten(project, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("نص جديد.\n", encoding="utf-8")
    manifest = (project / "seeds" / "manifest.tsv").read_bytes()
    with pytest.raises(PageError, match="is taken"):
        create(page, "000_5e3c12ae8d8c7ed7", project / "gold", project / "seeds")
    shutil.copy(ROOT / "seeds" / "000_5e3c12ae8d8c7ed7.txt", page)
    with pytest.raises(PageError, match="already the seed of '000_5e3c12ae8d8c7ed7'"):
        create(page, "copy", project / "gold", project / "seeds")
    (project / "gold" / "orphan.yaml").write_text("x: 1\n", encoding="utf-8")
    page.write_text("نص آخر.\n", encoding="utf-8")
    with pytest.raises(PageError, match="is taken"):
        create(page, "orphan", project / "gold", project / "seeds")
    assert (project / "seeds" / "manifest.tsv").read_bytes() == manifest
    assert not list((project / "seeds").glob(".aqwal-*")) and not (project / "seeds" / "orphan.txt").exists()


def test_cli_new_review_validate_and_build(project, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(project)
    shutil.copy(PAGE / "seeds" / f"{PAGE_ID}.txt", tmp_path / "page.txt")
    assert main(["new", str(tmp_path / "page.txt"), "--doc-id", "t01", "--publisher", "صدى"]) == 0
    out = capsys.readouterr().out
    assert "wrote seeds/t01.txt" in out and "proposals left" in out and "next: aqwal review t01" in out
    assert main(["review", "t01", "--layer", "quotes", "--colour", "never"]) == 0
    listing = capsys.readouterr().out
    assert "== quotes (13)" in listing and "⟦أكد⟧" in listing and "accept: delete line" in listing
    line = int(listing.split("accept: delete line ")[1].split()[0])
    assert (project / "gold" / "t01.yaml").read_text(encoding="utf-8").splitlines()[line - 1].strip().startswith(
        "proposed:")
    assert main(["validate"]) == 0
    assert "t01.yaml: draft:" in capsys.readouterr().err
    data = project / "data"
    assert main(["build", "--data", str(data)]) == 1
    assert "build refused" in capsys.readouterr().err and not data.exists()
    assert main(["build", "--data", str(data), "--include-drafts"]) == 0
    card = (data / "README.md").read_text(encoding="utf-8")
    assert "Draft annotations included" in card and "`t01.yaml`" in card


def test_review_json_hands_spans_to_a_viewer(project, tmp_path, capsys, monkeypatch):
    import json
    monkeypatch.chdir(project)
    shutil.copy(PAGE / "seeds" / f"{PAGE_ID}.txt", tmp_path / "page.txt")
    main(["new", str(tmp_path / "page.txt"), "--doc-id", "t01"])
    capsys.readouterr()
    assert main(["review", "t01", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    text = (project / "seeds" / "t01.txt").read_text(encoding="utf-8")
    spans = [s for p in found["proposals"] for s in p["spans"]]
    assert spans and all(text[s["doc_start"]:s["doc_end"]] == s["text"] for s in spans)
    assert {p["layer"] for p in found["proposals"]} == {"records", "entities", "mentions", "quotes", "marks",
                                                         "translations"}
    assert main(["review", "nope"]) == 1


def test_a_new_article_reviewed_builds_and_loads_with_the_seed(project, tmp_path, capsys, monkeypatch):
    """The issue's done-when, in a temporary copy: new, review (the hand-made gold stands for the
    reviewer's work), build without --include-drafts, load_dataset with both documents."""
    from aqwal.dataset.load import load
    monkeypatch.chdir(project)
    shutil.copy(PAGE / "seeds" / f"{PAGE_ID}.txt", tmp_path / "page.txt")
    assert main(["new", str(tmp_path / "page.txt"), "--doc-id", PAGE_ID]) == 0
    shutil.copy(PAGE / "gold" / f"{PAGE_ID}.yaml", project / "gold" / f"{PAGE_ID}.yaml")
    assert validate_dir(project / "gold", project / "seeds")[0].ok
    assert main(["build", "--data", "data"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "cache"))
    documents = load("documents", project / "data", tmp_path / "cache")
    quotes = load("quotes", project / "data", tmp_path / "cache")
    assert documents["doc_id"] == ["000_5e3c12ae8d8c7ed7", PAGE_ID]
    assert sum(q.startswith(PAGE_ID) for q in quotes["id"]) == 13
    assert "Draft annotations" not in (project / "data" / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("colour", ["always", "never"])
def test_review_shows_control_and_bidi_characters_of_a_page_as_escapes(tmp_path, capsys, colour):
    """A page may hold terminal escape sequences and bidi overrides (they are in its seed, byte
    for byte): the listing shows them as escapes, never sends them to the terminal."""
    page = tmp_path / "page.txt"
    page.write_text("قال الوزير: «نعم \x1b[2J\x1b]0;title\x07 هذا \u202e كلام».\n", encoding="utf-8")
    folders = ["--gold", str(tmp_path / "gold"), "--seeds", str(tmp_path / "seeds")]
    assert main(["new", str(page), "--doc-id", "p1", *folders]) == 0
    capsys.readouterr()
    assert main(["review", "p1", "--colour", colour, *folders]) == 0
    listing = capsys.readouterr().out
    assert "\\x1b[2J\\x1b]0;title\\x07" in listing and "\\u202e" in listing
    shown = listing.replace("\x1b[0m", "").replace("\x1b[7m", "")  # the listing's own highlights
    assert not any(ch in shown for ch in "\x1b\x07\u202e")


def test_a_page_file_name_with_control_characters_is_added(tmp_path, capsys):
    """The draft's header names the page file: its controls are written as escapes, so the
    draft stays valid YAML and no bidi override hides in its comment."""
    page = tmp_path / "p\x1b[31mage\u202e.txt"
    page.write_text("قال الوزير: «نعم».\n", encoding="utf-8")
    assert main(["new", str(page), "--doc-id", "p1", "--gold", str(tmp_path / "gold"),
                 "--seeds", str(tmp_path / "seeds")]) == 0
    header = (tmp_path / "gold" / "p1.yaml").read_text(encoding="utf-8").split("\n", 1)[0]
    assert "p\\x1b[31mage\\u202e.txt" in header


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--url", "javascript:alert(1)", "is not an http(s) URL"),
    ("--url", "https://example.org/a b", "is not an http(s) URL"),
    ("--publisher", "الخبر\x1b[2J", "U+001B"),
    ("--publisher", " ", "must not be empty"),
    ("--date", "20240518", "is not a date written YYYY-MM-DD"),
    ("--date", "2024-02-30", "is not a date written YYYY-MM-DD"),
])
def test_a_bad_option_is_named_and_nothing_is_written(option, value, message, tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text("قال الوزير: «نعم».\n", encoding="utf-8")
    assert main(["new", str(page), "--doc-id", "p1", option, value, "--gold", str(tmp_path / "gold"),
                 "--seeds", str(tmp_path / "seeds")]) == 1
    err = capsys.readouterr().err
    assert f"aqwal new: {option} " in err and message in err and "a bug" not in err and "\x1b" not in err
    assert not (tmp_path / "seeds").exists() and not (tmp_path / "gold").exists()
