"""Where the blocks of a story go in the tagged PDF's structure tree.

The block builders ask one :class:`TreeCursor` per layout attempt for a node
of each block they make, in reading order, and nest nodes with
:meth:`TreeCursor.under`. Untagged, every method gives None or the flowable
unchanged, so builders need no test of their own. The tree itself and the
tagged flowables are in ``tagging.py``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from reportlab.platypus import Flowable

from ..render.markup import spoken_text
from .tagging import Node, StructureTree, TaggedDrawing, TaggedParagraph

P = TypeVar("P", bound=TaggedParagraph)


class TreeCursor:
    """A new structure tree (``tree``; None when ``tagged`` is false) and the node new blocks go under."""

    def __init__(self, tagged: bool):
        self.tree = StructureTree() if tagged else None
        self._parent: Node | None = self.tree.root if self.tree is not None else None

    def node(self, role: str, alt: str | None = None, title: str | None = None) -> Node | None:
        """A new node (``P``, ``L``, ``Div``, ``Figure``...) under the current one; None if untagged."""
        return self._parent.add(role, alt, title) if self._parent is not None else None

    @contextmanager
    def under(self, node: Node | None) -> Iterator[None]:
        """Blocks built inside go under ``node`` (no change if it is None)."""
        saved = self._parent
        self._parent = node if node is not None else saved
        try:
            yield
        finally:
            self._parent = saved

    def tag(self, para: P, role: str, source: ET.Element | None = None) -> P:
        """``para`` tagged with a new node ``role``; citations in ``source`` are spelt out for screen readers."""
        para.node = self.node(role)
        if para.node is not None and source is not None:
            para.node.actual_text = spoken_text(source)
        return para

    def figure(self, flowable: Flowable, alt: str) -> Flowable:
        """A ``Figure`` with its alternative text; with ``alt=""`` the drawing is decoration (an artifact)."""
        if self._parent is None or not alt.strip():
            return flowable
        return TaggedDrawing(flowable, self.node("Figure", alt=alt))
