"""Read a tagged PDF's structure tree back, with the text each element marks on the page.

Independent of handouts' own code: the tree is read with pypdf, and each
marked-content id's text comes from pdfplumber (pdfminer), which records the
MCID and tag of every character it extracts.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field

import pdfplumber
import pypdf
from pypdf.generic import ArrayObject, DictionaryObject


@dataclass
class Element:
    role: str
    depth: int
    alt: str | None = None
    title: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    actual_text: str | None = None
    marks: list[tuple[int, int]] = field(default_factory=list)
    """(page from 0, MCID) of the element's own marked content, in order."""
    kids: list[Element] = field(default_factory=list)
    text: str = ""
    """Text of the element's own marked content, whitespace folded."""

    def all_text(self) -> str:
        return " ".join(part for part in [self.text, *(k.all_text() for k in self.kids)] if part)

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()


@dataclass
class Tagged:
    root: Element
    chars: list[list[dict]]
    """pdfplumber's characters, per page."""
    parent_tree: dict[tuple[int, int], int]
    """(page, MCID) -> id of the struct element the parent tree names."""
    element_ids: dict[int, Element]
    parent_tree_keys: list[int]
    """The parent tree's keys, in order (one per page that has ``/StructParents``)."""
    next_key: int

    def elements(self) -> list[Element]:
        return list(self.root.walk())

    def roles(self, *names: str) -> list[Element]:
        return [e for e in self.root.walk() if e.role in names]


def _kids(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, ArrayObject)) else [value]


def read_tags(pdf: bytes) -> Tagged:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    page_of = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    with pdfplumber.open(io.BytesIO(pdf)) as plumber:
        chars = [list(page.chars) for page in plumber.pages]
    text: dict[tuple[int, int], str] = defaultdict(str)
    for n, page_chars in enumerate(chars):
        for char in page_chars:
            if char.get("mcid") is not None:
                text[n, char["mcid"]] += char["text"]
    element_ids: dict[int, Element] = {}

    def build(ref, depth: int, page: int | None) -> Element:
        node = ref.get_object()
        if "/Pg" in node:
            page = page_of[node.raw_get("/Pg").idnum]
        element = Element(str(node["/S"])[1:], depth, alt=node.get("/Alt"), title=node.get("/T"),
                          actual_text=node.get("/ActualText"),
                          attributes={str(k)[1:]: str(v).lstrip("/") for k, v in (node.get("/A") or {}).items()})
        element_ids[ref.idnum] = element
        for kid in _kids(node.get("/K")):
            if isinstance(kid, int):
                element.marks.append((page, kid))
                continue
            obj = kid.get_object()
            if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/MCR":
                element.marks.append((page_of[obj.raw_get("/Pg").idnum], int(obj["/MCID"])))
            else:
                element.kids.append(build(kid, depth + 1, page))
        element.text = " ".join("".join(text[mark] for mark in element.marks).split())
        return element

    catalog = reader.trailer["/Root"]
    tree_root = catalog["/StructTreeRoot"]
    root = build(tree_root.raw_get("/K"), 0, None)
    parent_tree: dict[tuple[int, int], int] = {}
    nums = list(tree_root["/ParentTree"]["/Nums"])
    keys = [int(key) for key in nums[::2]]
    for key, value in zip(nums[::2], nums[1::2]):
        for mcid, ref in enumerate(value.get_object()):
            parent_tree[int(key), mcid] = ref.idnum
    structparents = [int(page["/StructParents"]) for page in reader.pages]
    assert structparents == list(range(len(reader.pages))), structparents
    return Tagged(root, chars, parent_tree, element_ids, keys, int(tree_root["/ParentTreeNextKey"]))


def folded(text: str) -> str:
    return " ".join(text.split())
