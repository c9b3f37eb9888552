"""Fitting the story to the layout's pages, shrinking the text where the layout allows.

A *flowing* layout with ``max_pages`` shrinks all text evenly, in steps of
5%, down to the layout's ``min_font_size``, to keep to it: an attempt stops
as soon as it needs one page too many; the last one runs to the end, so the
error can say how many pages it would take.

A *panel* layout (trifold, card) is fitted before anything is drawn: each
panel's content must fit its frame. If one does not, all text shrinks the
same way; past ``min_font_size`` the error names the panel and how much did
not fit. Each attempt is a new :class:`~handouts.pdf.blocks.StoryBuilder`
(``attempt(scale)``) with its own structure tree.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator

from reportlab.platypus import Flowable, FrameBreak, Spacer
from reportlab.platypus.doctemplate import LayoutError

from ..errors import BlockTooTall, DoesNotFit, LayoutSpecError, TooManyPages
from ..load.layout_spec import LayoutSpec
from .blocks import StoryBuilder
from .footer import footer_drawer
from .pages import Box, PdfInfo, build_pdf, column_boxes

Attempt = Callable[[float], StoryBuilder]
"""A story builder for one layout attempt at a scale (1.0: the sizes ``layout.yaml`` gives)."""

_SHRINK_STEP = 0.05


def fit(spec: LayoutSpec, attempt: Attempt, root: ET.Element, paper: str, info: PdfInfo) -> tuple[bytes, int]:
    """Lay the markup ``root`` out on ``paper`` (a paper of ``spec``); returns the PDF bytes and the page count.

    Raises :class:`LayoutSpecError` if the template's top level does not suit the layout,
    :class:`DoesNotFit` if a panel does not fit even at the smallest size, :class:`BlockTooTall`
    if one block is taller than a page, and whatever building the story raises. A flowing layout
    that still needs more than ``max_pages`` returns them all: the caller decides.
    """
    sheet = spec.papers[paper]
    boxes = column_boxes(spec, sheet)
    _check_top_level(spec, root)
    if spec.panels:
        page_boxes = [column_boxes(spec, sheet, page) for page in range(len(spec.panels))]
        return _fit_panels(spec, attempt, root, page_boxes, paper, info)
    scales = shrink_scales(spec) if spec.max_pages else [1.0]
    for scale in scales:
        builder = attempt(scale)
        story = builder.flowables(root, boxes[0].width, top=True)
        last = scale == scales[-1]
        try:
            pdf, pages = _build(spec, builder, root, paper, info, story, None if last else spec.max_pages)
        except TooManyPages:
            continue
        break
    return pdf, pages


def shrink_scales(spec: LayoutSpec) -> list[float]:
    """1.0, then 5% steps down to the layout's smallest body size (``min_font_size``), which is last."""
    body = spec.styles["body"].size
    smallest = min(1.0, (spec.min_font_size or body) / body)
    scales = [1.0]
    while scales[-1] - _SHRINK_STEP > smallest + 1e-9:
        scales.append(round(scales[-1] - _SHRINK_STEP, 4))
    if scales[-1] > smallest:
        scales.append(smallest)
    return scales


def _build(spec: LayoutSpec, builder: StoryBuilder, root: ET.Element, paper: str, info: PdfInfo,
           story: list[Flowable], stop_after: int | None = None) -> tuple[bytes, int]:
    sheet = spec.papers[paper]
    blocks = list(story)  # building uses the story up
    try:
        return build_pdf(spec, sheet, info, story,
                         footer_drawer(builder.styles, builder.fonts, root.find("footer"), sheet.piece),
                         builder.styles.body.fontName, builder.tree.tree, stop_after)
    except LayoutError as exc:  # ReportLab's message names internal objects: not for users
        error = BlockTooTall(f"layout {spec.id!r}: one block of the leaflet is taller than a whole {paper} page")
        box = column_boxes(spec, sheet)[0]
        error.text = next((" ".join(_texts(flowable)) for flowable in blocks
                           if builder.height([flowable], box.width) > box.height), "")
        raise error from exc


def _texts(flowable: object) -> Iterator[str]:
    """The plain text of a flowable and everything inside it (boxes, rows, lists), for naming what is too tall."""
    if isinstance(flowable, (list, tuple)):  # a table's rows and cells
        for child in flowable:
            yield from _texts(child)
    elif hasattr(flowable, "getPlainText"):
        yield flowable.getPlainText()
    else:
        for name in ("_content", "_flowables", "_cellvalues"):
            yield from _texts(getattr(flowable, name, ()))


def _check_top_level(spec: LayoutSpec, root: ET.Element) -> None:
    """Panel layouts put everything in <panel>s; flowing layouts have none."""
    for child in root:
        if spec.panels and child.tag not in ("panel", "footer"):
            raise LayoutSpecError(f"{spec.template_path}: layout {spec.id!r} has panels, "
                                  f"so <{child.tag}> must be inside a <panel>")
        if not spec.panels and child.tag == "panel":
            raise LayoutSpecError(f"{spec.template_path}: <panel> needs panels: in layout.yaml")


def _panel_elements(spec: LayoutSpec, root: ET.Element) -> dict[str, ET.Element]:
    wanted = [p for page in spec.panels for p in page]
    found: dict[str, ET.Element] = {}
    for panel in root.iter("panel"):
        pid = panel.get("id", "")
        if pid not in wanted:
            raise LayoutSpecError(f"{spec.template_path}: <panel id={pid!r}> is not a panel of this layout; "
                                  f"layout.yaml lists: {', '.join(wanted)}")
        found[pid] = panel
    return found


def _panel_stories(spec: LayoutSpec, builder: StoryBuilder, panels: dict[str, ET.Element],
                   pages: list[list[Box]]) -> list[tuple[str, list[Flowable], float]]:
    """(panel id, flowables, overflow in points) for each panel in page order.

    In the structure tree each panel is a ``Div``, in the template's order: the
    template is written in reading order, layout.yaml places panels for folding.
    """
    nodes = {pid: builder.tree.node("Div") for pid in panels}
    out = []
    for page, boxes in zip(spec.panels, pages):
        for pid, box in zip(page, boxes):
            elem = panels.get(pid)
            with builder.tree.under(nodes.get(pid)):
                flows = builder.flowables(elem, box.width) if elem is not None else []
            height = builder.height(flows, box.width) if flows else 0.0
            out.append((pid, flows, height - box.height))
    return out


def _fit_panels(spec: LayoutSpec, attempt: Attempt, root: ET.Element, pages: list[list[Box]], paper: str,
                info: PdfInfo) -> tuple[bytes, int]:
    """Shrink all text evenly until every panel fits; fail naming the panel that does not.

    Each panel is measured first; a scale at which every panel measures as fitting is then built,
    and if the build still needs a page more (a box kept whole that moves on by a point or two), the
    next smaller scale is tried."""
    panels = _panel_elements(spec, root)
    worst: tuple[str, list[Flowable], float] = ("", [], 0.0)
    for scale in shrink_scales(spec):
        builder = attempt(scale)
        stories = _panel_stories(spec, builder, panels, pages)
        worst = max(stories, key=lambda s: s[2])
        if worst[2] > 0.5:
            continue
        story: list[Flowable] = []
        for index, (_, flows, _) in enumerate(stories):
            if index:
                story.append(FrameBreak())
            story.extend(flows or [Spacer(1, 0)])
        try:
            return _build(spec, builder, root, paper, info, story, len(spec.panels))
        except TooManyPages:
            continue
    pid, _, over = worst
    size = spec.styles["body"].size * builder.styles.scale
    too_long = f"{over / 72:.1f} in ({over:.0f} pt) too long" if over > 0.5 else "too long"
    raise DoesNotFit(
        f"layout {spec.id!r}: panel {pid!r} is {too_long} for {paper}, even with body text shrunk to the "
        f"layout's smallest size ({size:.1f} pt); shorten the notes or choose the handout layout")
