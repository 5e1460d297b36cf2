"""The pre-annotation rules, the draft file they write, and the counting of what is left."""
import shutil

import pytest
import yaml
from conftest import ROOT, TEST_PAGE

from aqwal import baselines
from aqwal.draft.count import count_proposals, describe, file_proposals
from aqwal.draft.cues import lexicon
from aqwal.draft.document import propose
from aqwal.draft.gazetteer import cldr_gazetteer
from aqwal.draft.marks import pair_marks
from aqwal.draft.writer import quoted
from aqwal.gold.validate import validate_file

PAGE = TEST_PAGE
SEED = ROOT / "seeds" / "000_5e3c12ae8d8c7ed7.txt"


def test_splitter_gives_the_seed_gold_records():
    text = SEED.read_text(encoding="utf-8")
    gold = yaml.safe_load((ROOT / "gold" / "000_5e3c12ae8d8c7ed7.yaml").read_text(encoding="utf-8"))
    assert [text[a:b] for a, b in baselines.split_sentences(text)] == [s["text"] for s in gold["sentences"]]


@pytest.mark.parametrize(("text", "pieces"), [
    ("قال د. أحمد إن الوضع صعب. وأضاف", ["قال د. أحمد إن الوضع صعب.", "وأضاف"]),
    ("قال: «الوضع صعب. ونحن نعمل». ثم غادر", ["قال: «الوضع صعب.", "ونحن نعمل».", "ثم غادر"]),
    ("هل انتهى؟ نعم! ولماذا? لا", ["هل انتهى؟", "نعم!", "ولماذا?", "لا"]),
    ("الرقم 3.5 والموقع aqwal.org هنا", ["الرقم 3.5 والموقع aqwal.org هنا"]),
    ("قال: «انتهى الأمر.» وغادر", ["قال: «انتهى الأمر.»", "وغادر"]),
    ("إسلام.ك”\n\n3.5 مليون", ["إسلام.ك”", "3.5 مليون"]),
    ("نص.\rنص", ["نص.", "نص"]),
])
def test_splitter_refinements(text, pieces):
    assert [text[a:b] for a, b in baselines.split_sentences(text)] == pieces


@pytest.mark.parametrize(("text", "normalised"), [
    ("أإآٱ", "اااا"), ("الروسى", "الروسي"), ("مدرسة", "مدرسه"), ("تعـــزيز", "تعزيز"),
    ("عَلَّمَ هٰذا", "علم هذا"), ("ؤ ئ ء ه ي ا", "ؤ ئ ء ه ي ا"), ("", ""),
])
def test_normalise_is_notebook_02s_rules(text, normalised):
    assert baselines.normalise(text) == normalised


@pytest.mark.parametrize(("text", "pairs", "unpaired"), [
    ("قال «نص» ثم \"كلام\" و“آخر” و” رابع “", 4, 0),
    ("الإرهاب “. وقال ” نص “", 1, 1),  # a lone closing mark
    ("قال «نص \"داخلي\" ثم» انتهى", 2, 0),  # nested families
    ("الرئيسية » اقتصاد » طاقة", 0, 2),
    ("قال ” نص\nثم “", 0, 2),  # never across a line
])
def test_marks_pair_in_every_convention(text, pairs, unpaired):
    found, lone = pair_marks(text)
    assert (len(found), len(lone)) == (pairs, unpaired)
    assert all(text[a] in "“”«»\"" and text[b] in "“”«»\"" for a, b in found)


def test_cue_lexicon_is_generated_and_inflected():
    forms = lexicon()
    assert len(forms) > 10_000
    for form in ("قالت", "قالوا", "قلن", "يقول", "سيقول", "يقولان", "أكدا", "يعتبرها", "ويعتبرها", "موضحا",
                 "مشيرا", "أضافت", "رأى", "يرى"):
        assert baselines.find_cues(form), form
    assert baselines.find_cues("ويُرجح الخبير") == [(1, 6)]
    assert baselines.find_cues("لا تشمل الخارجية فحسب") == [], "فحسب is not ف + حسب"
    assert baselines.find_cues("في مقال جديد") == []


def test_the_seed_draft_finds_its_attributions():
    draft = propose(SEED.read_text(encoding="utf-8"), cldr_gazetteer())
    found = {(r.text[a.cue[0]:a.cue[1]], a.type) for r in draft.records for a in r.attributions}
    assert {(":", "direct"), ("يعتبرها", "indirect"), ("حسب", "mixed"), ("جدد", "direct"),
            ("أكدا", "direct"), ("تعتقد", "mixed")} <= found
    nested = [a for r in draft.records for a in r.attributions if a.parent is not None]
    assert nested, "a cue inside another attribution's content is nested"
    assert not any(a.source is None for r in draft.records for a in r.attributions
                   if r.text[a.cue[0]:a.cue[1]] == "قال"), "VSO: the source follows the cue"


def test_the_test_page_draft_tells_names_in_marks_from_quotations():
    text = (PAGE / "seeds" / "t01_tunis_rome_cable.txt").read_text(encoding="utf-8")
    draft = propose(text, cldr_gazetteer())
    names = {r.text[s:e] for r in draft.records for s, e, use, _ in r.marks if use == "name"}
    assert {"«الصباح»", '"لا ريبوبليكا"', '"موزاييك"'} <= names
    contents = {r.text[s:e] for r in draft.records for a in r.attributions for s, e in a.content}
    assert "الصباح" not in contents and "موزاييك" not in contents


@pytest.mark.parametrize("value", ["نص", "a\"b\\c", "\u2028x\u0085", "\ufeffbom", "tab\tnl\n", "\x7f\x9f",
                                   "emoji 😀", ""])
def test_quoted_strings_read_back_verbatim(value):
    assert yaml.safe_load(f"k: {quoted(value)}")["k"] == value


def test_counting_proposals_and_missing_translations(tmp_path):
    raw = {"entities": [{"id": "a", "proposed": "x"}, {"id": "b"}],
           "sentences": [{"proposed": "s", "text_en": "", "mentions": [{"proposed": "g"}, {}],
                          "quotes": [{"proposed": "q"}], "marks": []},
                         {"text_en": "done", "mentions": None, "quotes": "bad"}]}
    counts = count_proposals(raw)
    assert dict(counts) == {"entities": 1, "records": 1, "mentions": 1, "quotes": 1, "translations": 1}
    assert describe(counts) == "4 proposals left (records 1, entities 1, mentions 1, quotes 1); 1 translation missing"
    assert count_proposals("not a mapping") == {}
    assert file_proposals(ROOT / "gold" / "000_5e3c12ae8d8c7ed7.yaml") == {}, "the seed gold is reviewed"
    broken = tmp_path / "x.yaml"
    broken.write_text("proposed: [", encoding="utf-8")
    assert file_proposals(broken) == {}, "the validator reports what cannot be read"


def test_the_hand_made_test_gold_validates():
    findings, document = validate_file(PAGE / "gold" / "t01_tunis_rome_cable.yaml", PAGE / "seeds")
    assert findings.ok, findings.report()
    assert len(document.sentences) == 27 and sum(len(s.quotes) for s in document.sentences) == 13


def test_accepting_every_proposal_leaves_a_valid_reviewed_file(tmp_path):
    from aqwal.draft.new import create
    shutil.copytree(PAGE / "seeds", tmp_path / "page")
    gold, seeds = tmp_path / "gold", tmp_path / "seeds"
    created = create(tmp_path / "page" / "t01_tunis_rome_cable.txt", "t02", gold, seeds)
    draft = gold / "t02.yaml"
    assert validate_file(draft, seeds)[0].ok
    accepted = "".join(line for line in draft.read_text(encoding="utf-8").splitlines(keepends=True)
                       if not line.lstrip().startswith("proposed:"))
    draft.write_text(accepted, encoding="utf-8")
    findings = validate_file(draft, seeds)[0]
    assert [(f.rule, f.field) for f in findings] == [("blank-text", "text_en")] * 27  # accepted: translate
    assert dict(file_proposals(draft)) == {"translations": 27}
    assert "27 translations missing" in created.summary
    draft.write_text(accepted.replace('text_en: ""', 'text_en: "a translation"'), encoding="utf-8")
    assert validate_file(draft, seeds)[0].ok and not file_proposals(draft)
