"""Read YAML files while keeping the line of every mapping, key and list item, and the text as typed.

Validation messages must say ``FILE:LINE: FIELD: message``. PyYAML knows the
line of every node while it composes; these loader classes keep it on the
containers they build (``Map.line``, ``Map.key_lines``, ``Seq.item_lines``).

Bounded: a file is read only if it is a regular file of at most
``MAX_FILE_BYTES`` (checked before reading); its nodes are checked before
anything is built from them: at most ``MAX_DEPTH`` levels of nesting (deeper
would exhaust Python's stack), aliases that expand to at most ``MAX_VALUES``
values (a few lines of ``*alias`` can stand for billions), and numbers of at
most ``MAX_DIGITS`` digits (typed as a plain number or tagged ``!!int``).

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

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError, Problem
from ..normalize import nfc
from .files import read_regular

# the C loader is ~5x faster; fall back to pure Python where it is missing
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 100
"""Mappings and lists nested deeper than this are refused (content nests about five levels)."""
MAX_VALUES = 1_000_000
"""The most values a file may stand for once its aliases are expanded."""
_DIGITS = re.compile(r"[-+]?[0-9][0-9_]*")
MAX_DIGITS = 100
"""The longest number (in digits) a file may hold; longer is never a real value (and Python refuses
to read one of over 4,300 digits)."""


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


def load_yaml(path: Path, max_values: int = MAX_VALUES) -> Any:
    """Parse one YAML file. Raises :class:`DataError` naming the file and line."""
    shown = display_path(path)

    def fail(line: int | None, message: str) -> DataError:
        return DataError(problems=[Problem(shown, line, "", message)])

    raw, problem = read_regular(path, MAX_FILE_BYTES, limit_text="content files may be at most")
    if raw is None:
        raise fail(None, problem if problem.startswith("file is") else
                   ("cannot read file: no such file" if problem == "no such file" else problem))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(raw[: exc.start].count(b"\n") + 1, f"file is not UTF-8 text (byte {exc.start})") from exc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        line, problem = _node_problem(node, max_values)
        if problem:
            raise fail(line, problem)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise fail(mark.line + 1 if mark else None, f"invalid YAML: {exc.problem or exc.context or exc}") from exc
    except yaml.reader.ReaderError as exc:  # a control character: which, on which line, in one line
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise fail(text[: exc.position].count("\n") + 1,
                   f"invalid YAML: the character U+{code:04X} is not allowed in a YAML file") from exc
    except yaml.YAMLError as exc:
        raise fail(None, f"invalid YAML: {' '.join(str(exc).split())[:200]}") from exc
    finally:
        loader.dispose()


def _node_problem(root: yaml.Node, max_values: int) -> tuple[int | None, str]:
    """``(line, problem)`` if the node graph is too deep, expands to too many values, or holds an overlong
    number; ``(None, "")`` if not. Iterative, and each node is visited once however many aliases name it."""
    size: dict[int, int] = {}  # id(node) -> values it stands for (itself and everything below it)
    height: dict[int, int] = {}  # id(node) -> levels of nesting from it down, aliases followed
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            size[id(node)] = 1
            number = node.tag.endswith(":int") or (not node.style and _DIGITS.fullmatch(node.value))
            if number and sum(ch.isdigit() for ch in node.value) > MAX_DIGITS:
                return (node.start_mark.line + 1, f"a number of {len(node.value):,} digits; numbers may have at "
                                                  f"most {MAX_DIGITS} (quote it if it is text)")
            continue
        children = ([c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode)
                    else list(node.value))
        if done:
            size[id(node)] = 1 + sum(size.get(id(child), 1) for child in children)
            height[id(node)] = 1 + max((height.get(id(child), 0) for child in children), default=0)
            if height[id(node)] > MAX_DEPTH:  # deeper only through aliases
                return (node.start_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep (through aliases)")
            if size[id(node)] > max_values:
                return (node.start_mark.line + 1, f"its aliases (*name) expand it to more than {max_values:,} "
                                                  "values; write the values out, or use fewer aliases")
            continue
        if id(node) in size:
            continue
        if depth > MAX_DEPTH:
            return (node.start_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep")
        size[id(node)] = 0  # being visited: an alias back to it (a recursive structure) counts it once
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in children if id(child) not in size)
    return None, ""


def load_mapping(path: Path, max_values: int = MAX_VALUES) -> Map:
    """Parse a YAML file whose top level must be a mapping."""
    doc = load_yaml(path, max_values)
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


def load_or_report(path: Path, problems: list[Problem]) -> Map | None:
    """:func:`load_mapping`, but a problem is added to ``problems`` (and ``None`` returned) instead of raised."""
    try:
        return load_mapping(path)
    except DataError as exc:
        problems.extend(exc.problems)
        return None


def brief(value: Any, limit: int = 60) -> str:
    """A value as a message shows it: ``repr`` of text or a number, cut to about ``limit`` characters;
    a mapping or list by its kind (its ``repr`` could be as large as the file, or larger through aliases)."""
    if isinstance(value, (dict, list, tuple, set)):
        return f"a {_kind(value)}"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** MAX_DIGITS:
        return "a number too long to show"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 8] + "..." + text[-5:]
