"""The view's colours and their contrast: WCAG 2 arithmetic on sRGB hex colours.

Entity types take the Okabe–Ito palette of the figures (`classroom.OKABE_ITO`, in
`schema.ENTITY_TYPES` order), so a type has the same colour in a plot and in the view. Colour is
never the only cue (label chips, line styles and shapes say the same), and every text or line
drawn in a colour is darkened just enough to reach AA against white.
"""
from __future__ import annotations

from collections.abc import Iterable

from aqwal import schema

WHITE, BLACK = "#FFFFFF", "#000000"
TYPE_COLOURS = dict(zip(schema.ENTITY_TYPES,
                        ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9"], strict=True))
YELLOW, GREEN, VERMILLION, PURPLE = "#F0E442", "#009E73", "#D55E00", "#CC79A7"  # also Okabe–Ito
TINT = 0.24  # share of the type colour in a name's background (the rest is white)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _hex(rgb: Iterable[float]) -> str:
    return "#" + "".join(f"{round(c):02X}" for c in rgb)


def mix(colour: str, other: str, share: float) -> str:
    """share of colour, the rest of other, as a browser blends sRGB."""
    return _hex(share * a + (1 - share) * b for a, b in zip(_rgb(colour), _rgb(other), strict=True))


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""
    def linear(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio, from 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def ink(colour: str, ratio: float = 4.5) -> str:
    """colour darkened just enough to reach ratio against white (4.5: AA for text)."""
    share = 1.0
    while contrast(mix(colour, BLACK, share), WHITE) < ratio:
        share -= 0.02
    return mix(colour, BLACK, share)


def palette() -> dict[str, dict[str, str]]:
    """Per entity type: its colour (label chips), a tint (a name's background), an ink (its
    lines and text) and the chip's text colour (the better of black and white on the colour)."""
    return {t: {"colour": c, "tint": mix(c, WHITE, TINT), "ink": ink(c),
                "chip_text": max((BLACK, WHITE), key=lambda fg, c=c: contrast(fg, c))}
            for t, c in TYPE_COLOURS.items()}


# Every other colour: text and paper, the boilerplate's band, attributions (one dark ink;
# content on Okabe–Ito yellow, deeper at each level of nesting), stance, and compared spans.
COLOURS = {
    "text": "#1B1B1B", "muted": "#595959", "paper": WHITE, "boiler": "#F2F1EC", "rule": "#D6D3CB",
    "attribution": "#22303C", "quoted": [mix(YELLOW, WHITE, share) for share in (0.3, 0.5, 0.7)],
    "favor": ink(GREEN), "against": ink(VERMILLION), "hit": ink(GREEN), "miss": ink(VERMILLION),
    "false-alarm": ink(PURPLE), "proposed": "#595959", "focus": "#0B57D0",
}
