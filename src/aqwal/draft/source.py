"""A page as its visible text: a UTF-8 text file as it is, or a saved HTML page's visible text.

A text file copied from a browser is the seed byte for byte (a leading byte-order mark, an
encoding signature and not text, is the one thing dropped). A saved HTML page is rendered to
text by inscriptis, which lays blocks out on their own lines as a browser does and leaves out
what a browser does not show (scripts, styles, `display:none`, the `hidden` attribute);
boilerplate stays, since the gold labels it. Lines are then trimmed (list bullets too) and runs
of blank lines kept to one. A page nested too deeply to be walked whole is refused, never cut.
"""
from __future__ import annotations

import re
from pathlib import Path

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_HTML_START = re.compile(rb"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)
BOM = b"\xef\xbb\xbf"
_XML_DECLARATION = re.compile(r"\A<\?xml [^>]+?\?>")


class PageError(ValueError):
    """A page that cannot become a seed; the message says why and what to do."""


def is_html(path: Path, data: bytes) -> bool:
    return Path(path).suffix.lower() in HTML_SUFFIXES or bool(_HTML_START.match(data[:4096]))


def decode(path: Path, data: bytes) -> str:
    """UTF-8 text, or a PageError naming the first bad byte's line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise PageError(
            f"{path}: not UTF-8 (byte 0x{data[error.start]:02X} at line {line}, column {column}). "
            "Save the page as UTF-8, or convert it, e.g. for an Arabic Windows code page: "
            f"iconv -f WINDOWS-1256 -t UTF-8 {path} > page.txt") from None


def html_text(html: str) -> str:
    """The visible text of an HTML page, one block per line."""
    import lxml.etree
    import lxml.html
    from inscriptis import Inscriptis
    from inscriptis.css_profiles import CSS_PROFILES
    from inscriptis.html_properties import Display
    from inscriptis.model.config import ParserConfig
    from inscriptis.model.html_element import HtmlElement

    css = dict(CSS_PROFILES["strict"])
    for tag in ("noscript", "template", "svg", "iframe", "object", "select", "option", "datalist",
                "noembed", "noframes"):
        css[tag] = HtmlElement(display=Display.none)
    for tag in ("label", "button", "textarea", "form", "fieldset", "legend", "section", "time", "dt",
                "dd", "tr", "caption", "summary", "details", "figcaption"):
        css[tag] = HtmlElement(display=Display.block)
    # huge_tree: past 256 levels libxml2 would stop and drop the rest of the page without a word
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html.strip(), count=1), parser=parser)
    except lxml.etree.ParserError:  # no element and no text: an empty page
        return "\n"
    for hidden in tree.xpath("//*[@hidden]"):  # what the `hidden` attribute hides, as browsers do
        hidden.drop_tree()
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    if not too_deep:
        try:
            text = Inscriptis(tree, ParserConfig(css=css, display_links=False, display_images=False)).get_text()
        except RecursionError:
            too_deep = True
    if too_deep:
        raise PageError("the HTML is nested too deeply to be read whole: open the page in a browser, copy "
                        "its text into a UTF-8 text file and add that file instead")
    # inscriptis marks list items with `* `, which a browser's copy does not have
    lines = [" ".join(line.split()).removeprefix("* ") for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def read_page(path: Path) -> tuple[bytes, str]:
    """(the seed's bytes, its text) for a page file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PageError(f"{path}: cannot be read ({error.strerror or error})") from None
    if data.startswith(BOM):
        data = data[len(BOM):]
    text = decode(path, data)
    if is_html(path, data):
        try:
            text = html_text(text)
        except PageError as error:
            raise PageError(f"{path}: {error}") from None
        data = text.encode("utf-8")
    return data, text
