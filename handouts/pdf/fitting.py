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

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator

from reportlab.platypus import Flowable, FrameBreak, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import LayoutError

from ..collector import long_running
from ..errors import BlockTooTall, DoesNotFit, LayoutSpecError, TooManyPages
from ..load.layout_spec import LayoutSpec
from .blocks import StoryBuilder
from .footer import footer_drawer
from . import reuse
from .pages import Box, PdfInfo, build_pdf, column_boxes, fits

Attempt = Callable[[float], StoryBuilder]
"""A story builder for one layout attempt at a scale (1.0: the sizes ``layout.yaml`` gives)."""

_SHRINK_STEP = 0.05


def fit(spec: LayoutSpec, attempt: Attempt, root: ET.Element, paper: str, info: PdfInfo,
        owner: object = None) -> tuple[bytes, int]:
    """Lay the markup ``root`` out on ``paper`` (a paper of ``spec``); returns the PDF bytes and the page count.

    Raises :class:`LayoutSpecError` if the template's top level does not suit the layout,
    :class:`DoesNotFit` if a panel does not fit even at the smallest size, :class:`BlockTooTall`
    if one block is taller than a page, and whatever building the story raises. A flowing layout
    that still needs more than ``max_pages`` returns them all: the caller decides. ``owner``: the
    typesetter (its fonts measure the text), for the layouts kept between leaflets (reuse.py).
    """
    sheet = spec.papers[paper]
    boxes = column_boxes(spec, sheet)
    _check_top_level(spec, root)
    if spec.panels:
        page_boxes = [column_boxes(spec, sheet, page) for page in range(len(spec.panels))]
        return _fit_panels(spec, attempt, root, page_boxes, paper, info)
    scales = shrink_scales(spec) if spec.max_pages else [1.0]
    hint = (spec.id, str(spec.folder), paper, info.title, info.lang, info.keywords)
    fitted: frozenset[float] = (reuse.fitted.get(hint) or frozenset()) if reuse.active() else frozenset()
    for scale in scales:
        if scale != scales[0]:
            _free_attempts()
        last = scale == scales[-1]
        if not last and reuse.active() and scale not in fitted:
            # Not known to fit: laid out without drawing first (the same decision as a full build, at a
            # fraction of the cost, and its line breaks are reused by the build that follows). A layout
            # whose outcome is known (same blocks, the patient's blocks of the same geometry) is not redone.
            layout = _layout_key(owner, hint, attempt, root, scale, boxes[0].width)
            known = reuse.layouts.get(layout) if layout is not None else None
            if known is None:
                builder = attempt(scale)
                known = _fits(spec, builder, paper, builder.flowables(root, boxes[0].width, top=True))
                if layout is not None:
                    reuse.layouts.put(layout, known)
            if not known:
                continue
        builder = attempt(scale)
        story = builder.flowables(root, boxes[0].width, top=True)
        try:
            pdf, pages = _build(spec, builder, root, paper, info, story, None if last else spec.max_pages)
        except TooManyPages:
            fitted = fitted - {scale}
            if reuse.active():
                reuse.fitted.put(hint, fitted)
            continue
        if reuse.active() and not last and scale not in fitted:
            reuse.fitted.put(hint, fitted | {scale})
        break
    return pdf, pages


def _free_attempts() -> None:
    """Before a second attempt: where the garbage collector is off (a one-document command,
    :mod:`handouts.collector`), turn it on, so the cycles each attempt leaves (ReportLab's flowables,
    frames and canvas hold one another) are freed: a leaflet that shrinks many times stays at the
    memory of one that does not."""
    long_running()


def _layout_key(owner: object, hint: tuple, attempt: Attempt, root: ET.Element, scale: float,
                width: float) -> tuple | None:
    """What decides whether the story of ``root`` fits at ``scale``, or None if that cannot be told.

    Where a flowable goes depends only on what its ``wrap`` and ``split`` answer. For a block of the
    markup without the patient's text, the block itself (its markup), the typesetter and the scale
    decide that; for a block with the patient's text (the "for you" box), its geometry does: each
    flowable's kind, size and spacing, a table's row heights and column widths (it splits between
    rows), a paragraph's style and line count. Any other kind of block with the patient's text: None.
    """
    if owner is None:
        return None
    digest = hashlib.sha256()
    geometry: list[tuple] = []
    for index, child in enumerate(root):
        if not reuse.private("".join(child.itertext())):
            digest.update(ET.tostring(child))
            continue
        holder = ET.Element(root.tag)
        holder.append(child)
        shape = _geometry(attempt(scale).flowables(holder, width, top=True), width)
        if shape is None:
            return None
        geometry.append((index, shape))
    return owner, hint, scale, digest.hexdigest(), tuple(geometry)


def _geometry(flowables: list[Flowable], width: float) -> tuple | None:
    out: list[tuple] = []
    for flowable in flowables:
        if not isinstance(flowable, (Table, Paragraph)):
            return None
        size = flowable.wrap(width, 1e9)
        common = (type(flowable).__name__, size, flowable.getSpaceBefore(), flowable.getSpaceAfter(),
                  flowable.getKeepWithNext())
        if isinstance(flowable, Table):
            out.append((*common, tuple(flowable._rowHeights), tuple(flowable._colWidths), flowable.repeatRows,
                        flowable.splitByRow, getattr(flowable, "splitInRow", 0)))
        else:
            out.append((*common, flowable.style, len(flowable.blPara.lines)))
    return tuple(out)


def _fits(spec: LayoutSpec, builder: StoryBuilder, paper: str, story: list[Flowable]) -> bool:
    try:
        return fits(spec, spec.papers[paper], story, builder.styles.body.fontName, spec.max_pages or 0)
    except LayoutError:
        return True  # not a question of length: the full build reports it


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
        if scale != 1.0:
            _free_attempts()
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
