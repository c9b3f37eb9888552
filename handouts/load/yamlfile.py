"""Read YAML files while keeping the line of every mapping, key and list item, and the text as typed.

Validation messages must say ``FILE:LINE: FIELD: message``. PyYAML knows the
line of every node while it composes; these loader classes keep it on the
containers they build (``Map.line``, ``Map.key_lines``, ``Seq.item_lines``).

Every scalar is read as the text typed (NFC, line breaks as LF), never
converted by YAML 1.1's implicit types: ``phone: 0145670123`` is the text
``0145670123``, not the octal number 26701907; ``+4930123456`` keeps its
``+``; ``030_1234_567``, ``10:30``, ``no``, ``on`` and ``2026-12-05`` stay as
typed. Only an empty value, ``~`` and ``null`` mean "not given" (``None``).
A field that is a number, a date or true/false converts the text itself
(:mod:`handouts.load.schema`), so it says exactly what it accepts. Explicit
tags (``!!int 5``) still convert.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError, Problem
from ..normalize import nfc

# the C loader is ~5x faster; fall back to pure Python where it is missing
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 1_000_000


class Map(dict):
    """A YAML mapping that remembers where it and each of its keys stand."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Seq(list):
    """A YAML sequence that remembers where it and each of its items stand."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


_KEPT_RESOLVERS = ("tag:yaml.org,2002:null", "tag:yaml.org,2002:merge")
_TEXT_RESOLVERS = {first: [(tag, regexp) for tag, regexp in resolvers if tag in _KEPT_RESOLVERS]
                   for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Plain scalars resolve to text, except null (empty, ``~``, ``null``) and the merge key ``<<``."""

    yaml_implicit_resolvers = {first: kept for first, kept in _TEXT_RESOLVERS.items() if kept}  # noqa: RUF012


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Map:
    loader.flatten_mapping(node)
    result = Map()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark
            )
        key = str(key)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> Seq:
    result = Seq(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    """The scalar's text as typed, in NFC with LF line breaks (``handouts.normalize``). Dates stay
    text too (also ``!!timestamp``): the schema checks them, so 2026-21-11 is a clear error."""
    return nfc(loader.construct_scalar(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_text)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)


def display_path(path: Path) -> str:
    """A path as users should see it: relative to the current folder if inside it;
    a built-in file of an installed package as ``data/...`` or ``layouts/...``."""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except ValueError:
        pass
    parts = resolved.parts
    if "_builtin" in parts and parts[parts.index("_builtin") - 1] == "handouts":
        return "/".join(parts[parts.index("_builtin") + 1:])
    return str(path)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file. Raises :class:`DataError` naming the file and line."""
    shown = display_path(path)

    def fail(line: int | None, message: str) -> DataError:
        return DataError(problems=[Problem(shown, line, "", message)])

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise fail(None, f"cannot read file: {exc.strerror}") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise fail(None, f"file is {len(raw):,} bytes; content files may be at most {MAX_FILE_BYTES:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(raw[: exc.start].count(b"\n") + 1, f"file is not UTF-8 text (byte {exc.start})") from exc
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise fail(mark.line + 1 if mark else None, f"invalid YAML: {exc.problem or exc.context or exc}") from exc
    except yaml.YAMLError as exc:
        raise fail(None, f"invalid YAML: {exc}") from exc


def load_mapping(path: Path) -> Map:
    """Parse a YAML file whose top level must be a mapping."""
    doc = load_yaml(path)
    if not isinstance(doc, Map):
        kind = "empty" if doc is None else f"a {_kind(doc)}"
        raise DataError(
            problems=[Problem(display_path(path), 1, "", f"expected a mapping at the top level, found {kind}")]
        )
    return doc


def _kind(value: Any) -> str:
    return {
        Map: "mapping", Seq: "list", str: "text", int: "number", float: "number", bool: "true/false"
    }.get(type(value), type(value).__name__)


kind_of = _kind
