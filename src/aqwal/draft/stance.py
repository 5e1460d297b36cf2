"""A lexicon stance baseline (notebook 05, exercise 2): the label of the majority of distinct
evaluative cues in a text, compared on keys (text.key) and as substrings.

`aqwal new` proposes `none` everywhere and leaves stance to a person: this is a baseline to
compare students' classifiers with, blind to the target like every lexicon.
"""
from __future__ import annotations

from aqwal.draft.text import key

FAVOR_CUES = ["تعزيز", "تعاون أوثق", "سيفيد", "الديناميكية المتميزة", "تطابق", "استعداد", "إرادة", "إرادت",
              "أهمية", "تنشيط التعاون", "تكثيف التعاون", "شراكة", "نجاح", "ترحيب", "يرحب", "دعم"]
AGAINST_CUES = ["تهديد", "خطر", "يضر", "فشل", "توتر", "تحذر", "صراع", "تدخل", "أزمة", "خلاف", "رفض",
                "انتقاد", "قلق"]


def lexicon_stance(text: str, favor=FAVOR_CUES, against=AGAINST_CUES) -> str:
    """`favor`, `against` or `none` (a tie, or no cue)."""
    k = key(text)
    f = sum(cue in k for cue in {key(c) for c in favor})
    a = sum(cue in k for cue in {key(c) for c in against})
    return "favor" if f > a else "against" if a > f else "none"
