"""Print a tagged PDF's structure tree with the text each element marks: the human review's tool.

    python tools/show_tags.py leaflet.pdf            # the tree, one element a line
    python tools/show_tags.py leaflet.pdf --spoken   # the words in reading order, as a screen reader gets them

Needs the test extras (pypdf, pdfplumber). Read the output beside the printed
page: is the order the order a person reads, does every picture's Alt say what
it shows, is each heading the right level? See docs/accessibility.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from pdftags import Element, read_tags  # noqa: E402 - after the path is set


def tree_lines(element: Element) -> list[str]:
    extra = []
    if element.alt:
        extra.append(f"Alt={element.alt!r}")
    if element.title:
        extra.append(f"T={element.title!r}")
    if element.attributes:
        extra.append(" ".join(f"/{k} /{v}" for k, v in element.attributes.items()))
    head = "  " * element.depth + element.role + (f" [{'; '.join(extra)}]" if extra else "")
    text = element.actual_text or element.text
    lines = [f"{head}: {text}" if text else head]
    for kid in element.kids:
        lines += tree_lines(kid)
    return lines


def spoken(element: Element) -> list[str]:
    """Roughly what a screen reader announces: role cues, alt text, then the words."""
    cue = {"H1": "heading 1", "H2": "heading 2", "H3": "heading 3", "L": "list", "Figure": "graphic",
           "Form": "form field"}.get(element.role)
    out = []
    if element.role == "Figure":
        out.append(f"[graphic] {element.alt}")
    elif element.role == "Form":
        kind = {"cb": "check box, not checked", "tv": "blank to write on"}.get(element.attributes.get("Role", ""), "")
        out.append(f"[{kind or 'form field'}]")
    elif element.actual_text or element.text:
        out.append((f"[{cue}] " if cue else "") + (element.actual_text or element.text))
    elif cue == "list":
        out.append(f"[list of {len(element.kids)} items]")
    for kid in element.kids:
        out += spoken(kid)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--spoken", action="store_true", help="print the words in reading order instead")
    args = parser.parse_args()
    tags = read_tags(args.pdf.read_bytes())
    print("\n".join(spoken(tags.root) if args.spoken else tree_lines(tags.root)))


if __name__ == "__main__":
    main()
