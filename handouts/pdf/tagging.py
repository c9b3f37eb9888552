"""Tagged PDF (PDF/UA-1): the structure tree and the marked content behind it.

Open-source ReportLab writes no tags, so handouts adds them in three steps:

1. **Structure**, while the story is built (``blocks.py``, through ``tree.py``):
   every block gets a :class:`Node` in one tree, in reading order: ``Document`` > ``H1``, ``P``,
   ``L`` > ``LI`` > ``Lbl`` + ``LBody``, ``Sect`` (a warning-sign tier),
   ``Div`` (a box, a panel), ``Figure`` (with ``Alt``), ``Form`` (a check box
   or a line to write on, with the ``PrintField`` attributes of a printed form)...
2. **Marked content**, while the pages are drawn: a tagged flowable brackets
   what it draws in ``/P <</MCID n>> BDC ... EMC`` (:meth:`TaggingCanvas.begin_tag`)
   and the tree records which page and MCID belong to which node. Everything
   else on a page (box fills and borders, rules, icons, check boxes, footers,
   fold and crop marks) sits in ``/Artifact BMC ... EMC``. A flowable drawn a
   second time (a box's heading row repeated on the next page) is an artifact.
3. **Objects**, when the document is saved (:meth:`StructureTree.write`): the
   struct elements, the parent tree, ``/MarkInfo``, ``/StructTreeRoot``, each
   page's ``/StructParents`` and ``/Tabs /S``, and XMP metadata with the title
   and the PDF/UA identifier.

Heading levels are made consecutive when written (a card's tier headings,
written ``h3`` right after the title, become ``H2``): PDF/UA forbids skipped
levels. Nodes that drew nothing are left out.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFPage,
    PDFStream,
    PDFString,
)
from reportlab.pdfbase.pdfdoc import format as format_pdf
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from . import reuse
from .paragraphs import ReusedParagraph
from .pdfobjects import FastArray, FastDict

ARTIFACT_OPEN = "/Artifact BMC"
_HEADINGS = {f"H{n}": n for n in range(1, 7)}


@dataclass(eq=False)
class Node:
    """One structure element. ``kids`` holds child nodes and marked content as ``(page, mcid)``."""

    role: str
    alt: str | None = None
    title: str | None = None
    kids: list[Node | tuple[int, int]] = field(default_factory=list)
    attributes: dict[str, str] | None = None
    """Standard attributes as PDF names, e.g. ``{"O": "PrintField", "Role": "cb"}``."""
    actual_text: str | None = None
    """What assistive technology reads instead of the marked text (citations spelt out)."""

    def add(self, role: str, alt: str | None = None, title: str | None = None,
            attributes: dict[str, str] | None = None) -> Node:
        """A new child node, after the children already there (reading order)."""
        node = Node(role, alt=alt, title=title, attributes=attributes)
        self.kids.append(node)
        return node

    def __copy__(self) -> Node:  # flowables are copied and split; their node must stay the tree's
        return self

    def __deepcopy__(self, memo) -> Node:
        return self


class StructureTree:
    """The document's structure tree and, per page, which node each MCID belongs to."""

    def __init__(self) -> None:
        self.root = Node("Document")
        self.pages: list[list[Node]] = []

    def mark(self, node: Node, page: int) -> int:
        """A new MCID on ``page`` (from 0) for content of ``node``."""
        while len(self.pages) <= page:
            self.pages.append([])
        mcids = self.pages[page]
        mcids.append(node)
        node.kids.append((page, len(mcids) - 1))
        return len(mcids) - 1

    # -- writing --------------------------------------------------------------
    def write(self, canvas: Canvas, title: str, lang: str, page_count: int) -> None:
        """Add the structure tree, parent tree, MarkInfo and XMP metadata to the canvas's document.

        Call after the last page is written (the pages are named ``Page1``...) and before ``save``.
        Every page has ``/StructParents``, so every page gets a parent-tree entry, empty or not.
        """
        while len(self.pages) < page_count:
            self.pages.append([])
        doc = canvas._doc
        Dict, Array = (FastDict, FastArray) if reuse.active() else (PDFDictionary, PDFArray)
        live = _with_content(self.root)
        roles = _heading_roles(self.root, live)
        refs: dict[int, PDFObjectReference] = {}
        counter = iter(range(1, 1_000_000))

        def ref(node: Node) -> PDFObjectReference:
            if id(node) not in refs:
                refs[id(node)] = PDFObjectReference(f"SE{next(counter)}")
            return refs[id(node)]

        def page_ref(page: int) -> PDFObjectReference:
            return PDFObjectReference(f"Page{page + 1}")

        def element(node: Node, parent: PDFObjectReference) -> None:
            me = ref(node)
            kids, first_page = [], None
            for kid in node.kids:
                if isinstance(kid, Node):
                    if id(kid) in live:
                        element(kid, me)
                        kids.append(ref(kid))
                    continue
                page, mcid = kid
                if first_page is None:
                    first_page = page
                kids.append(mcid if page == first_page else Dict(
                    {"Type": PDFName("MCR"), "Pg": page_ref(page), "MCID": mcid}))
            entries = {"Type": PDFName("StructElem"), "S": PDFName(roles.get(id(node), node.role)), "P": parent,
                       "K": Array(kids)}
            if first_page is not None:
                entries["Pg"] = page_ref(first_page)
            if node.alt:
                entries["Alt"] = PDFString(node.alt)
            if node.title:
                entries["T"] = PDFString(node.title)
            if node.actual_text:
                entries["ActualText"] = PDFString(node.actual_text)
            if node.attributes:
                entries["A"] = PDFDictionary({k: PDFName(v) for k, v in node.attributes.items()})
            doc.Reference(Dict(entries), me.name)

        root_ref = PDFObjectReference("StructTreeRoot")
        element(self.root, root_ref)
        nums: list = []
        for page, mcids in enumerate(self.pages):
            nums += [page, Array([ref(node) for node in mcids])]
        parent_tree = doc.Reference(Dict({"Nums": Array(nums)}), "ParentTree")
        doc.Reference(PDFDictionary({
            "Type": PDFName("StructTreeRoot"), "K": ref(self.root), "ParentTree": parent_tree,
            "ParentTreeNextKey": len(self.pages),
        }), "StructTreeRoot")
        catalog = doc.Catalog
        catalog.StructTreeRoot = root_ref
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        catalog.Metadata = _PlainStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                                        xmp(title, lang).encode("utf-8"))


class _PlainStream(PDFStream):
    """A stream written as it is, with no filter: XMP metadata stays readable to any tool."""

    def format(self, document) -> bytes:
        entries = PDFDictionary(dict(self.dictionary.dict, Length=len(self.content)))
        return format_pdf(entries, document) + b"\nstream\n" + self.content + b"\nendstream\n"


def _with_content(root: Node) -> set[int]:
    """The ids of the nodes that mark content, themselves or through a descendant (one pass)."""
    live: set[int] = set()

    def walk(node: Node) -> bool:
        found = False
        for kid in node.kids:
            if isinstance(kid, tuple) or walk(kid):  # marked content of its own, or a descendant's
                found = True
        if found:
            live.add(id(node))
        return found

    walk(root)
    return live


def _heading_roles(root: Node, live: set[int]) -> dict[int, str]:
    """``H1``-``H6`` with no level skipped (PDF/UA-1, 7.4.2): the levels in use are renumbered
    1, 2, 3... (a card with a title and ``h3`` tiers gets ``H1`` and ``H2``), and no heading is
    more than one level below the heading before it."""
    order: list[tuple[Node, int]] = []

    def walk(node: Node) -> None:
        level = _HEADINGS.get(node.role)
        if level is not None and id(node) in live:
            order.append((node, level))
        for kid in node.kids:
            if isinstance(kid, Node):
                walk(kid)

    walk(root)
    rank = {level: n for n, level in enumerate(sorted({level for _, level in order}), start=1)}
    roles: dict[int, str] = {}
    last = 0
    for node, level in order:
        last = min(rank[level], last + 1)
        roles[id(node)] = f"H{last}"
    return roles


def escape(text: str) -> str:
    """``&``, ``<``, ``>`` as XML entities, as ``xml.sax.saxutils.escape`` does (importing it pulls in
    urllib.request, http.client and ssl: a sixth of a cold build's imports)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xmp(title: str, lang: str) -> str:
    """XMP metadata: the title (dc:title) and the PDF/UA-1 identifier. No dates: the bytes stay reproducible."""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="{escape(lang)}">{escape(title)}</rdf:li></rdf:Alt></dc:title>\n'
        f'<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>\n'
        '<pdfuaid:part>1</pdfuaid:part>\n'
        '</rdf:Description>\n'
        '</rdf:RDF>\n'
        '</x:xmpmeta>\n'
        '<?xpacket end="w"?>'
    )


class TaggingCanvas(Canvas):
    """A canvas that keeps everything outside tagged content in artifact sequences.

    ``tree`` is the document's :class:`StructureTree`, or None for an untagged PDF
    (then every method here does what ReportLab's canvas does).
    """

    tree: StructureTree | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._tag_depth = 0
        self._label_body: Node | None = None
        if self.tree is not None:
            self._code.append(ARTIFACT_OPEN)

    def _startPage(self) -> None:  # ReportLab's name
        super()._startPage()
        if self.tree is not None:
            self._code.append(ARTIFACT_OPEN)

    def begin_tag(self, node: Node | None) -> bool:
        """Start marked content for ``node``; False (and nothing written) if untagged or already inside a tag."""
        if self.tree is None or node is None or self._tag_depth:
            return False
        mcid = self.tree.mark(node, self._pageNumber - 1)
        self._code.append(f"EMC /{node.role} <</MCID {mcid}>> BDC")
        self._tag_depth = 1
        return True

    def end_tag(self) -> None:
        """End the marked content :meth:`begin_tag` started; what follows is an artifact again."""
        self._code.append("EMC " + ARTIFACT_OPEN)
        self._tag_depth = 0

    def close_page(self) -> None:
        """End the page's last artifact sequence (call just before the page is written)."""
        if self.tree is not None:
            self._code.append("EMC")

    def label_then(self, body: Node) -> None:
        """The next text object drawn is a list label; what follows it belongs to ``body``."""
        self._label_body = body

    def drawText(self, aTextObject) -> None:  # ReportLab's name
        super().drawText(aTextObject)
        body, self._label_body = self._label_body, None
        if body is not None and self._tag_depth:
            self.end_tag()
            self.begin_tag(body)

    def _setAnnotations(self, page: PDFPage) -> None:  # called by showPage for each page
        super()._setAnnotations(page)
        if self.tree is not None:
            page.StructParents = self._pageNumber - 1
            page.Tabs = PDFName("S")
            page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]


class TaggedParagraph(ReusedParagraph):
    """A paragraph drawn as marked content of ``node``; a list item also tags its bullet (``label``)."""

    node: Node | None = None
    label: Node | None = None
    _drawn = False
    _continued = False  # the paragraph goes on in the next frame (a part made by split)

    def drawOn(self, canvas, x, y, _sW=0):  # ReportLab's name
        begin = getattr(canvas, "begin_tag", None)
        first = self.label if self.label is not None else self.node
        if begin is None or self._drawn or not begin(first):
            return super().drawOn(canvas, x, y, _sW)  # untagged, or a repeat: an artifact
        self._drawn = True
        self._space_line_ends()
        if self.label is not None:
            canvas.label_then(self.node)
        try:
            super().drawOn(canvas, x, y, _sW)
        finally:
            canvas._label_body = None
            canvas.end_tag()

    def _space_line_ends(self) -> None:
        """End every line but the last with a space, so a reader sees the word break (ISO 32000-1, 14.8.2.5).

        ReportLab drops the space where it breaks a line; the space added here is
        drawn past the line's end, so nothing moves on the page. The first part of a
        paragraph split across frames ends with one too.
        """
        lines = self.blPara.lines
        source = self._source
        cursor = 0
        for index, line in enumerate(lines):
            kind0 = self.blPara.kind == 0  # (extra space, [words]): one font in the paragraph
            raw = " ".join(line[1]) if kind0 else "".join(getattr(f, "text", "") for f in line.words)
            text = " ".join(raw.split())
            found = source.find(text, cursor) if text and source else -1
            if found >= 0:
                cursor = found + len(text)
            last = index == len(lines) - 1
            if last and not self._continued:
                continue
            if found >= 0 and not last and source[cursor:cursor + 1] != " ":
                continue  # ReportLab broke a long word (a web address) here: no space
            if kind0:
                extra, words = line
                if words and not words[-1].endswith(" "):
                    lines[index] = (extra, [*words[:-1], words[-1] + " "])
                continue
            frags = line.words  # fragments of styled text
            for position in range(len(frags) - 1, -1, -1):
                frag = frags[position]
                if getattr(frag, "text", "") and not getattr(frag, "cbDefn", None):
                    if not frag.text.endswith(" "):
                        frags[position] = copy.copy(frag)
                        frags[position].text = frag.text + " "
                    break

    def split(self, availWidth, availHeight):  # ReportLab's names
        parts = super().split(availWidth, availHeight)
        for index, part in enumerate(parts):
            if isinstance(part, TaggedParagraph):
                part.node = self.node
                part.label = self.label if index == 0 else None
                part._continued = index < len(parts) - 1 or self._continued
        return parts


class TaggedDrawing(Flowable):
    """A drawn flowable as marked content of ``node``: a ``Figure`` (a picture, logo or QR code,
    with its Alt text) or a ``Form`` (a check box or a line to write on)."""

    def __init__(self, inner: Flowable, node: Node | None):
        super().__init__()
        self.inner, self.node = inner, node
        self.hAlign = getattr(inner, "hAlign", "LEFT")
        self.spaceBefore = inner.getSpaceBefore()
        self.spaceAfter = inner.getSpaceAfter()
        self._drawn = False

    def wrap(self, availWidth, availHeight):  # ReportLab's names
        self.width, self.height = self.inner.wrap(availWidth, availHeight)
        return self.width, self.height

    def drawOn(self, canvas, x, y, _sW=0):  # ReportLab's name
        begin = getattr(canvas, "begin_tag", None)
        tagged = begin is not None and not self._drawn and begin(self.node)
        self._drawn = self._drawn or tagged
        try:
            self.inner.drawOn(canvas, x, y, _sW)
        finally:
            if tagged:
                canvas.end_tag()
