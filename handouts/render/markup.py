"""The leaflet markup that layout templates produce, and its parser.

Templates emit a small XML vocabulary (documented in ``docs/layouts.md``);
:func:`parse_markup` parses it with the standard library's expat parser,
refuses DTDs and entity declarations, and checks every element and attribute
against :data:`BLOCKS` and :data:`INLINE` so the typesetter can trust the tree.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.parsers import expat

from ..errors import LayoutSpecError

FLOW = {"title", "subtitle", "h2", "h3", "p", "list", "checklist", "fill", "box", "tier", "row", "figure",
        "logo", "image", "qr", "spacer", "keep"}
"""Blocks that can stand in the flow of a page, a panel or a cell."""

# element -> (allowed attributes, required attributes, allowed children or
# "inline" for text with inline markup)
BLOCKS: dict[str, tuple[set[str], set[str], set[str] | str]] = {
    "leaflet": (set(), set(), FLOW | {"pagebreak", "footer", "panel"}),
    "panel": ({"id"}, {"id"}, FLOW),
    "title": ({"style", "bookmark"}, set(), "inline"),
    "subtitle": ({"style"}, set(), "inline"),
    "h2": ({"style", "bookmark"}, set(), "inline"),
    "h3": ({"style"}, set(), "inline"),
    "p": ({"style"}, set(), "inline"),
    "list": ({"style", "type", "columns", "start"}, set(), {"item"}),
    "checklist": ({"style"}, set(), {"item"}),
    "item": (set(), set(), "inline"),
    "fill": ({"style", "lines"}, set(), "inline"),
    "box": ({"style"}, set(), FLOW - {"title", "tier", "box", "keep"}),
    "tier": ({"level", "style"}, {"level"}, {"h3", "p", "list"}),
    "row": ({"widths", "gap", "valign", "space_after"}, set(), {"cell"}),
    "cell": ({"align", "box"}, set(), FLOW - {"keep"}),
    "figure": ({"picture", "width", "height", "style", "alt"}, {"picture", "alt"}, "inline"),
    "logo": ({"width", "height", "align", "alt"}, set(), set()),
    "image": ({"src", "width", "height", "alt"}, {"src", "alt"}, set()),
    "qr": ({"data", "size", "alt", "align"}, {"data"}, set()),
    "spacer": ({"height"}, set(), set()),
    "pagebreak": (set(), set(), set()),
    "keep": (set(), set(), FLOW - {"keep"}),
    "footer": ({"style"}, set(), {"left", "center", "right"}),
    "left": (set(), set(), "inline"),
    "center": (set(), set(), "inline"),
    "right": (set(), set(), "inline"),
}

INLINE: dict[str, set[str]] = {"b": set(), "i": set(), "sup": set(), "br": set(), "pageno": set(), "pagecount": set()}
TIER_LEVELS = ("emergency", "call-today", "visit")
_ALIGNS = ("left", "center", "right")
_CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "tier": {"level": TIER_LEVELS},
    "list": {"type": ("bullet", "number")},
    "row": {"valign": ("top", "middle", "bottom")},
    "cell": {"align": _ALIGNS},
    "logo": {"align": _ALIGNS},
    "qr": {"align": _ALIGNS},
}


def _line_of(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line - 1].strip()[:80] if 0 < line <= len(lines) else ""


def parse_markup(text: str, template: str) -> ET.Element:
    """Parse and check rendered markup; errors name the template and the output line."""
    if "<!doctype" in text.lower() or "<!entity" in text.lower():
        raise LayoutSpecError(f"{template}: DTDs and entity declarations are not allowed in leaflet markup")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line = exc.position[0]
        raise LayoutSpecError(
            f"{template}: the template produced invalid markup at output line {line}: "
            f"{expat.ErrorString(exc.code)} near {_line_of(text, line)!r}") from exc
    if root.tag != "leaflet":
        raise LayoutSpecError(f"{template}: the markup must start with <leaflet>, found <{root.tag}>")
    _check(root, template)
    return root


def _check(elem: ET.Element, template: str) -> None:
    spec = BLOCKS.get(elem.tag)
    if spec is None:
        raise LayoutSpecError(f"{template}: unknown element <{elem.tag}>; known: {', '.join(sorted(BLOCKS))}")
    allowed, required, children = spec
    for attr in elem.attrib:
        if attr not in allowed:
            raise LayoutSpecError(f"{template}: <{elem.tag}> has no attribute {attr!r}")
    for attr in required:
        if attr not in elem.attrib:
            raise LayoutSpecError(f"{template}: <{elem.tag}> needs the attribute {attr!r}")
    for attr, choices in _CHOICES.get(elem.tag, {}).items():
        if attr in elem.attrib and elem.get(attr) not in choices:
            raise LayoutSpecError(f"{template}: <{elem.tag} {attr}> must be one of {', '.join(choices)}, "
                                  f"found {elem.get(attr)!r}")
    if children == "inline":
        _check_inline(elem, template)
        return
    text = (elem.text or "").strip()
    if text:
        raise LayoutSpecError(f"{template}: <{elem.tag}> cannot hold text directly: {text[:40]!r}")
    for child in elem:
        if child.tag not in children:
            raise LayoutSpecError(f"{template}: <{child.tag}> is not allowed inside <{elem.tag}>")
        tail = (child.tail or "").strip()
        if tail:
            raise LayoutSpecError(f"{template}: text {tail[:40]!r} after <{child.tag}> must be inside an element")
        _check(child, template)


def _check_inline(elem: ET.Element, template: str) -> None:
    for child in elem:
        if child.tag not in INLINE:
            raise LayoutSpecError(f"{template}: <{child.tag}> is not allowed inside <{elem.tag}> text; "
                                  f"inline markup is {', '.join(sorted(INLINE))}")
        if child.attrib:
            raise LayoutSpecError(f"{template}: <{child.tag}> takes no attributes")
        _check_inline(child, template)


def plain_text(elem: ET.Element) -> str:
    """The text of an element with inline markup removed, whitespace folded."""
    return " ".join("".join(elem.itertext()).split())


def spoken_text(elem: ET.Element) -> str | None:
    """What a screen reader should say for text with citation superscripts, or None if it has none.

    ``lets go.<sup>1,2</sup>`` would be read "go point one comma two"; this gives
    ``lets go. [1, 2]``, the way the large-print layout prints citations.
    """
    if elem.find(".//sup") is None:
        return None

    def walk(node: ET.Element) -> str:
        parts = [node.text or ""]
        for child in node:
            if child.tag == "sup":
                numbers = ", ".join(n.strip() for n in "".join(child.itertext()).split(","))
                parts.append(f" [{numbers}]")
            elif child.tag == "br":
                parts.append(" ")
            else:
                parts.append(walk(child))
            parts.append(child.tail or "")
        return "".join(parts)

    return " ".join(walk(elem).split())
