from aqwal.gold.anchor import Span, anchor
from aqwal.gold.quotemarks import inside_pair, quotation_pairs

TEXT = "قال ” تاس ” إن ” أ ب، ج د “ ثم ” هـ “ و“"


def test_listed_marks_are_not_boundaries_and_the_rest_pair_in_order():
    name = anchor(TEXT, "” تاس ”")
    lone = Span(len(TEXT) - 1, len(TEXT), "“")
    marks = [i for i, ch in enumerate(TEXT) if ch in "“”"]
    assert quotation_pairs(TEXT, [name, lone]) == [(marks[2], marks[3]), (marks[4], marks[5])]
    assert quotation_pairs(TEXT, [name]) == [(marks[2], marks[3]), (marks[4], marks[5])]
    assert quotation_pairs(TEXT, []) == [(marks[0], marks[1]), (marks[2], marks[3]), (marks[4], marks[5])]


def test_a_span_is_inside_when_it_lies_between_the_marks_of_one_pair():
    pairs = quotation_pairs(TEXT, [anchor(TEXT, "” تاس ”")])
    assert inside_pair(anchor(TEXT, "أ ب"), pairs), "stops before the closing mark"
    assert inside_pair(anchor(TEXT, "ج د"), pairs), "starts after the opening mark"
    assert inside_pair(anchor(TEXT, "هـ"), pairs)
    assert not inside_pair(anchor(TEXT, "ثم"), pairs), "between two pairs"
    assert not inside_pair(anchor(TEXT, "أ ب، ج د “ ثم"), pairs), "runs out of its pair"
    assert not inside_pair(anchor(TEXT, "قال"), pairs)
