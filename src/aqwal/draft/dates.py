"""Dates: the page's date line, absolute dates and the relative ones that fix a date.

Month names come in three traditions (Egyptian/Gulf `يناير`, Maghrebi `جانفي`, Levantine
`كانون الثاني`); the patterns run on keys (text.key) and answer in offsets of the text.
"""
from __future__ import annotations

import re

from aqwal.draft.text import key, keyed, span_of

DAYS = ["الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]
MONTHS = {  # name -> month number
    **{m: i + 1 for i, m in enumerate(["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو",
                                        "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"])},
    **{m: i + 1 for i, m in enumerate(["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية",
                                        "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"])},
    **{m: i + 1 for i, m in enumerate(["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
                                        "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني",
                                        "كانون الأول"])},
    "إبريل": 4, "يونيه": 6, "يوليه": 7,
}
RELATIVE_UNITS = ["السنة", "العام", "الشهر", "الأسبوع"]
RELATIVE_WHEN = ["الماضي", "الماضية", "الفارط", "الفارطة", "المقبل", "المقبلة", "القادم", "القادمة",
                 "الجاري", "الجارية", "المنصرم", "المنصرمة"]
DURATIONS = ["يومين", "أسبوعين", "شهرين", "سنتين", "عامين"]  # duals: a number is in the word
PLURAL_DURATIONS = ["أيام", "أسابيع", "أشهر", "شهور", "سنوات", "أعوام", "يوما", "أسبوعا", "شهرا", "عاما"]
DURATION_AFTER = ["خلال", "منذ", "قبل", "بعد", "لمدة", "طيلة", "طوال"]


def _alternatives(names) -> str:
    return "|".join(sorted((re.escape(key(n)) for n in names), key=len, reverse=True))


_B, _E = r"(?<![\w])", r"(?![\w])"
_DAY, _MONTH = _alternatives(DAYS), _alternatives(MONTHS)
_DIGITS = r"[0-9٠-٩]"
_DAY_NUM = rf"(?:ال)?{_DIGITS}{{1,2}}"
_YEAR = rf"{_DIGITS}{{4}}"
_WHEN = _alternatives(RELATIVE_WHEN)
DATE_PATTERNS = [re.compile(p) for p in (
    # السبت , مايو 18 2024 / الأربعاء 14 نوفمبر 2018
    rf"{_B}(?:{_DAY})\s*[,،]?\s*(?:(?:{_MONTH})\s+{_DAY_NUM}|{_DAY_NUM}\s+(?:{_MONTH}))(?:\s*[,،]?\s*{_YEAR})?{_E}",
    # 30 و 31 جانفي الفارط / الـ31 جانفي الماضي / 14 نوفمبر 2018
    rf"{_B}{_DAY_NUM}(?:\s+و\s*{_DAY_NUM})?\s+(?:{_MONTH})(?:\s+(?:{_YEAR}|{_WHEN}))?{_E}",
    # أكتوبر من عام 2017 / نوفمبر 2018 / جانفي الماضي
    rf"{_B}(?:{_MONTH})\s+(?:(?:من\s+)?(?:عام|سنه)\s+{_YEAR}|{_YEAR}|{_WHEN}){_E}",
    rf"{_B}(?:عام|سنه)\s+{_YEAR}{_E}",
    rf"{_B}(?:{_alternatives(RELATIVE_UNITS)})\s+(?:{_WHEN}){_E}",
    rf"{_B}(?:هذا|هذه)\s+(?:{_alternatives(RELATIVE_UNITS)}){_E}",
    rf"{_B}(?:يوم\s+)?(?:{_DAY})\s+(?:{_WHEN}){_E}",
    rf"{_B}شهر\s+(?:{_MONTH}){_E}",
)]
_DURATION = re.compile(rf"{_B}(?:[وف]?(?:{_alternatives(DURATION_AFTER)}))\s+((?:{_alternatives(DURATIONS)})|"
                       rf"{_DIGITS}+\s+(?:{_alternatives(PLURAL_DURATIONS)})){_E}")
_TIME = re.compile(rf"{_DIGITS}{{1,2}}:{_DIGITS}{{2}}")


def find_dates(text: str) -> list[tuple[int, int]]:
    """(start, end) of every date in text, longest first where two overlap."""
    k, origin = keyed(text)
    found = []
    for pattern in DATE_PATTERNS:
        found += [span_of(text, origin, m.start(), m.end()) for m in pattern.finditer(k)]
    found += [span_of(text, origin, m.start(1), m.end(1)) for m in _DURATION.finditer(k)]
    kept = []
    for span in sorted(set(found), key=lambda s: (s[0] - s[1], s[0])):
        if all(span[1] <= a or b <= span[0] for a, b in kept):
            kept.append(span)
    return sorted(kept)


def is_date_line(line: str) -> bool:
    """A short line that is mostly a date (and maybe a time)."""
    dates = find_dates(line)
    rest = line
    for a, b in sorted(dates, reverse=True):
        rest = rest[:a] + rest[b:]
    rest = _TIME.sub("", rest)
    return bool(dates) and len(re.findall(r"\w+", rest)) <= 2


def iso_date(line: str) -> str | None:
    """YYYY-MM-DD of a date line such as `السبت , مايو 18 2024`, or None."""
    k = key(line).translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    year = re.search(r"(?<!\d)(\d{4})(?!\d)", k)
    if year is None:
        return None
    month = next((n for name, n in sorted(MONTHS.items(), key=lambda x: -len(x[0]))
                  if re.search(rf"(?<!\w){re.escape(key(name))}(?!\w)", k)), None)
    rest = k[:year.start()] + " " + k[year.end():]
    day = re.search(r"(?<!\d)(\d{1,2})(?!\d)", rest)
    if month is None or day is None or not 1 <= int(day.group(1)) <= 31:
        return None
    return f"{year.group(1)}-{month:02d}-{int(day.group(1)):02d}"
