"""Which part of the page each line is: the `section` of its records, with the rule that said so.

A page saved from a browser reads: date line, navigation, kicker and headline, teaser, the body,
a byline, the comment form, and whatever else the site prints. The body is found first (the run
of long lines), then the lines before and after it are read against tables of the words sites
use; every decision names its rule so a reviewer sees why.
"""
from __future__ import annotations

import re

from aqwal.draft.dates import is_date_line
from aqwal.draft.text import has_arabic, key, words

BODY_MIN_WORDS = 15
BODY_MIN_WORDS_WITH_STOP = 8
BYLINE_MAX_WORDS = 5
KICKER_MAX_WORDS = 6
BULLETS = "•●▪■◾►-*–"
BREADCRUMB = re.compile(r"\s(?:/|>|»|›|\\|\|)\s")
# Lines (keys) of site navigation and of comment forms, as sites print them.
NAVIGATION = {key(w) for w in (
    "الرئيسية", "الصفحة الرئيسية", "أخبار عاجلة", "عاجل", "آخر الأخبار", "أخر الأخبار", "الأكثر قراءة",
    "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "مقالات ذات صلة", "أخبار ذات صلة", "ذات صلة", "المزيد",
    "شارك", "شارك المقال", "شارك الخبر", "مشاركة", "تابعونا", "تابعونا على", "اتصل بنا", "من نحن",
    "سياسة الخصوصية", "الوسوم", "كلمات مفتاحية", "طباعة", "أرسل لصديق", "القائمة", "بحث", "إغلاق",
    "السابق", "التالي", "المقال السابق", "المقال التالي", "الوطني", "دولي", "رياضة", "اقتصاد",
    "ثقافة", "مجتمع", "الحدث", "وطني", "منوعات", "فيسبوك", "تويتر", "يوتيوب", "واتساب", "تيليغرام",
    "جميع الحقوق محفوظة")}
COMMENT_FORM = [key(w) for w in (
    "اترك تعليقا", "اترك تعليقاً", "أترك تعليقا", "اترك رداً", "اترك ردا", "أضف تعليق", "أضف تعليقك",
    "أضف تعليقا", "التعليقات", "تعليقات", "لن يتم نشر عنوان بريدك الإلكتروني", "بريدك الإلكتروني",
    "الحقول الإلزامية", "الحقول المطلوبة", "الاسم", "الاسم *", "البريد الإلكتروني", "الموقع الإلكتروني",
    "إرسال التعليق", "أرسل التعليق", "إرسال", "التعليق", "تعليقك", "احفظ اسمي", "نشر التعليق")]
BYLINE_OPENERS = {key(w) for w in ("بقلم", "كتب", "كتبت", "إعداد", "تحرير", "المراسل", "مراسل")}


def _n_words(line: str) -> int:
    return len(words(line))


def _is_navigation(line: str, k: str) -> bool:
    """A navigation phrase, alone or before a colon (`الوسوم: ...`), or a breadcrumb."""
    return (k.strip(" :|") in NAVIGATION or k.split(":")[0].strip() in NAVIGATION
            or bool(BREADCRUMB.search(line)))


def _is_comment_form(k: str) -> bool:
    k = k.strip(" *:")
    return any(k == phrase or (len(phrase) > 8 and phrase in k) for phrase in COMMENT_FORM)


def _is_body(line: str) -> bool:
    n = _n_words(line)
    return n >= BODY_MIN_WORDS or (n >= BODY_MIN_WORDS_WITH_STOP and line.rstrip().endswith((".", "“.", "”.")))


def propose_sections(lines: list[str]) -> list[tuple[str, str]]:
    """(section, rule) for every line (empty lines get ("", "")), in order."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    result = [("", "")] * len(lines)
    body = [i for i in content if has_arabic(lines[i]) and _is_body(lines[i])]
    first, last = (body[0], body[-1]) if body else (len(lines), len(lines))
    before, after = [i for i in content if i < first], [i for i in content if i > last]
    for i in content:
        k = key(lines[i].strip())
        if _is_comment_form(k):
            result[i] = ("comment_form", "comment-form-phrase")
        elif not has_arabic(lines[i]):
            result[i] = ("spam", "no-arabic")
        elif first <= i <= last:
            result[i] = ("body", "long-line" if i in body else "inside-body")
    _before_body(lines, before, result)
    _after_body(lines, after, result)
    return result


def _before_body(lines, before: list[int], result) -> None:
    """Date line and navigation, then (from the body upwards) teaser, headline and kicker."""
    open_lines = []
    for i in before:
        if result[i][0]:
            continue
        line = lines[i].strip()
        if is_date_line(line):
            result[i] = ("dateline", "date-line")
        elif _is_navigation(line, key(line)):
            result[i] = ("navigation", "navigation-phrase" if key(line).strip(" :|") in NAVIGATION
                         else "breadcrumb")
        else:
            open_lines.append(i)
    headline = above = None  # the headline, and the open line right above it
    for i in reversed(open_lines):
        line = lines[i].strip()
        if headline is None and line[0] in BULLETS:
            result[i] = ("teaser", "bullet")
        elif headline is None:
            headline = i
            result[i] = ("headline", "last-line-before-body")
        elif above is None:
            above = i
            if line.endswith(":") or _n_words(line) <= KICKER_MAX_WORDS:
                result[i] = ("kicker", "colon-above-headline" if line.endswith(":") else "short-line-above-headline")
    title = {key(lines[i].strip()) for i in open_lines if result[i][0] in ("headline", "kicker")}
    for i in open_lines:
        if not result[i][0]:
            repeats = key(lines[i].strip()) in title
            result[i] = ("navigation", "repeats-title" if repeats else "above-title")


def _after_body(lines, after: list[int], result) -> None:
    """The byline (the first short line after the body), then navigation."""
    byline_seen = False
    for i in after:
        if result[i][0]:
            continue
        line = lines[i].strip()
        first_word = key(line.split()[0]) if line.split() else ""
        if not byline_seen and (_n_words(line) <= BYLINE_MAX_WORDS or first_word in BYLINE_OPENERS):
            result[i] = ("byline", "short-line-after-body")
            byline_seen = True
        elif _is_navigation(line, key(line)):
            result[i] = ("navigation", "navigation-phrase")
        else:
            result[i] = ("spam", "after-body")
