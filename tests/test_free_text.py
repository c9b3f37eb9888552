"""Property-based tests: free text from the user prints literally, or fails with one clear line.

The fields are the patient's name, the notes, the clinician, the follow-up
and the clinic's name. For any input (any Unicode, markup, Jinja syntax,
control characters, very long words and URLs, right-to-left text, combining
marks, emoji, zero-width characters) the build either

- succeeds, and the text pypdf extracts from the PDF contains the input
  (normalised, see :func:`_norm`), with no black box (U+25A0), replacement
  character (U+FFFD) or NUL (what ReportLab's .notdef glyph extracts as) and
  no template evaluation (``{{ 7*7 }}`` prints as itself, never ``49``); or
- fails with a :class:`~handouts.errors.HandoutsError` whose message is one
  printable line per problem, each naming the option (``--patient``,
  ``--note``, ``--clinician``, ``--follow-up``) or the clinic file's field
  ``name``; a character no font has is named as ``'X' (U+XXXX)``.

Any other exception fails the test with its traceback. The oracle also says
*which* problems an input has (over the limit, a control character, a
character no font has), so a valid input that fails, or an invalid one that
renders, is caught too.

Speed: one session ``Handouts`` object (conftest's ``app``) renders every
example; a field is rendered on the cheapest built-in layout that prints it:
the pocket ``card`` (about 20 ms with text extraction) for the patient's
name, the follow-up and the clinic's name, the ``handout`` (about 75 ms) for
notes and clinician, which only its "For you" box prints.

The product bugs these properties found (zero-width characters printed as
boxes, a soft hyphen that swallowed a space, notes that did not fit and a
note taller than a page reported without naming --note) are fixed; each is
pinned by a small test at the end with the minimal input hypothesis found.
"""

from __future__ import annotations

import ast
import io
import itertools
import re
import unicodedata
from datetime import date
from pathlib import Path

import pypdf
import pytest
import yaml
from fontTools.ttLib import TTFont
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from conftest import DAY
from handouts import BuildRequest, Handouts
from handouts.request import MAX_CHARS, MAX_NOTES

MAX_PATIENT_CHARS, MAX_NOTE_CHARS, MAX_FOLLOW_UP_CHARS = MAX_CHARS["patient"], MAX_CHARS["note"], MAX_CHARS["follow_up"]
from handouts.load.clinic import MAX_FIELD_CHARS
from handouts.errors import HandoutsError

MAX_CLINIC_NAME_CHARS = MAX_FIELD_CHARS["name"]
CARD, HANDOUT = "card", "handout"

PROPERTY = settings(
    max_examples=500,
    deadline=None,        # a render takes 10-100 ms, and the first one loads fonts
    derandomize=True,     # the same examples on every run, so CI is repeatable
    database=None,        # ... and no replay of examples saved by earlier local runs
    # too_slow: rendering is the point. function_scoped_fixture: conftest's autouse
    # _isolated only changes into an empty folder; sharing it between examples is fine.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


# -- what the layouts' fonts can print --------------------------------------------------

def _covered(app: Handouts) -> frozenset[str]:
    """Every character some font of the card or handout layout (or its fallbacks) has."""
    files = {path for layout in (CARD, HANDOUT) for family in app.layout(layout).fonts.values()
             for path in family.values()}
    return frozenset(chr(code) for path in files for code in TTFont(path).getBestCmap())


COVERED = _covered(Handouts())
# Characters the glyph check lets through without a glyph (handouts/fonts.py): white-space
# controls, the soft hyphen and zero-width characters, which print nothing.
IGNORABLE = frozenset("\t\n\r\u00ad\u200b\u2060\ufeff")
PRINTABLE = sorted(ch for ch in COVERED if unicodedata.category(ch) != "Cc") + [" "] * 20  # more spaces: words
# Zero-width characters: exempt from the glyph check, and removed before typesetting (the
# fonts lack them; they printed as .notdef boxes until test_zero_width_characters_print_nothing).
ZERO_WIDTH = frozenset("\u200b\u2060\ufeff")


def _control(ch: str) -> bool:
    """C0 and C1 controls (U+0000-001F, U+007F-009F): refused in the request's text fields."""
    return unicodedata.category(ch) == "Cc"


def _uncovered(text: str) -> list[str]:
    """Characters no font has, in order of first appearance, once each, in the text as it prints: NFC
    (issue 14: decomposed accents are composed as text enters, which may also reorder combining marks)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch not in COVERED and ch not in IGNORABLE and ch != " " and ch not in out:
            out.append(ch)
    return out


# -- rendering and reading back -----------------------------------------------------------

def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _norm(text: str) -> str:
    """Both sides of the comparison: format characters (Unicode category Cf: soft hyphen,
    zero-width and bidi controls) dropped, since they are invisible by definition and
    ReportLab drops the soft hyphen (or sets a '-' where it breaks a line); then NFC, since
    what a user types and what the PDF holds may compose differently; then white space
    collapsed, since the layout breaks lines and notes keep their line breaks as <br/>.
    Combining marks (Mn) are kept: pypdf extracts them faithfully from these fonts."""
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(unicodedata.normalize("NFC", text).split())


def _assert_printed(value: str, pdf: bytes) -> None:
    """The text of ``pdf`` contains ``value``; no missing-glyph boxes anywhere."""
    text = _text(pdf)
    for bad in ("\x00", "\u25a0", "\ufffd"):  # .notdef (extracts as NUL), black box, replacement
        assert bad not in text or bad in value, f"{bad!r} in the PDF text for input {value!r}"
    want, got = _norm(value), _norm(text)
    if want in got:
        return
    # ReportLab breaks a word wider than the line (a long word, a URL) without a hyphen; at
    # a soft hyphen it breaks with a '-'. Then compare with all white space (and '-') removed.
    long_word = any(len(word) > 8 for word in want.split())
    assert long_word, f"{want!r} not in the PDF text:\n{got}"
    squeeze = str.maketrans("", "", "-" if "\u00ad" in value else "")
    flat_want = "".join(want.split()).translate(squeeze)
    flat_got = "".join(got.split()).translate(squeeze)
    assert flat_want in flat_got, f"{want!r} not in the PDF text, even with spaces removed:\n{got}"


def _render(app: Handouts, **kwargs):
    """(pdf, None) or (None, the HandoutsError). Any other exception propagates: a bug."""
    try:
        return app.render(BuildRequest(audience="general", date=DAY, **kwargs)).pdf, None
    except HandoutsError as exc:
        return None, exc


# -- the error message --------------------------------------------------------------------

_NAMED_CHAR = re.compile(r"""('[^']+'|"'") \(U\+([0-9A-F]{4,6})\)""")


def _named_chars(line: str) -> list[str]:
    """The characters a line names as 'X' (U+XXXX); the two spellings must agree."""
    out = []
    for quoted, code in _NAMED_CHAR.findall(line):
        ch = ast.literal_eval(quoted)
        assert ch == chr(int(code, 16)), f"{quoted} is not U+{code}: {line}"
        out.append(ch)
    return out


def _kind(line: str, value: str, limit: int) -> str:
    """Which problem one line of the message reports."""
    if "cannot print" in line:
        return "glyph"
    if re.search(r"control character U\+[0-9A-F]{4}\b", line):
        return "control"
    if re.search(rf"\b{len(value)} characters\b", line) and re.search(rf"\bat most {limit}\b", line):
        return "limit"
    if "not a real date" in line and repr(value) in line and re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        return "date"
    if repr(value.strip()) in line and ("YYYY-MM-DD" in line or "spreadsheet" in line or "time of day" in line):
        return "date-form"
    if "must not be empty" in line:
        return "empty"
    return f"unexpected: {line}"


def _assert_one_line_each(exc: HandoutsError, prefix: str) -> list[str]:
    """Every line of the message is printable (no raw control, line or paragraph separator
    from the input) and starts with ``prefix`` (a regular expression)."""
    lines = exc.lines
    assert str(exc).split("\n") == lines, f"a problem spans lines: {str(exc)!r}"
    for line in lines:
        assert line.isprintable(), f"unprintable characters in the message: {line!r}"
        assert re.match(prefix, line), f"the line does not start with {prefix!r}: {line!r}"
        assert "Traceback" not in line, line
        assert not re.search(r"\b0x[0-9A-Fa-f]{6,}", line), f"a memory address in the message: {line!r}"
    return lines


def _assert_glyph_line(line: str, text: str) -> None:
    """``line`` names the first (up to five) characters of ``text`` that no font has."""
    missing = _uncovered(text)
    assert _named_chars(line) == missing[:5], f"{line!r} for {text!r}"
    if len(missing) > 5:
        assert f"and {len(missing) - 5} more" in line, line


# Follow-up text that is a date in another form than YYYY-MM-DD is refused with the fix (handouts/dates.py,
# issue 14): day/month/year in digits, a time of day, a spreadsheet serial number, '#####', a formula.
_NUMERIC_DATE = re.compile(r"[0-9]{1,4}([/.\-])[0-9]{1,2}\1[0-9]{1,4}\.?")
_TIMED_DATE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?Z?")


def _refused_date_form(value: str) -> bool:
    text = value.strip()
    timed = _TIMED_DATE.fullmatch(text)
    if timed:
        return any(int(part or 0) for part in timed.groups()[1:])  # midnight: the date (a spreadsheet's export)
    serial = re.fullmatch(r"([0-9]{5})(?:\.[0-9]+)?", text)
    return bool(_NUMERIC_DATE.fullmatch(text) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text)) or \
        bool(serial and 20000 <= int(serial.group(1)) <= 99999) or (bool(text) and set(text) == {"#"}) or \
        text.startswith("=")


def _problems(value: str, limit: int, allowed_controls: str = "", looks_like_date: bool = False) -> set[str]:
    """What is wrong with one text option of a request, as the API checks it: length and
    control characters first; only text without those is checked against the fonts."""
    found = set()
    if len(value) > limit:
        found.add("limit")
    if any(_control(ch) and ch not in allowed_controls for ch in value):
        found.add("control")
    if looks_like_date:
        try:
            date.fromisoformat(value.strip()[:10])
        except ValueError:
            found.add("date")
    return found


def _check_field(app: Handouts, field: str, option: str, value: str, limit: int, layout: str) -> None:
    """The property for one single-text option of the request."""
    # A follow-up that looks like YYYY-MM-DD (ASCII digits, as the API has it) is a date.
    is_date = field == "follow_up" and (re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()) is not None or
                                        (_TIMED_DATE.fullmatch(value.strip()) is not None and
                                         not _refused_date_form(value)))
    data = _problems(value, limit, looks_like_date=is_date)
    if field == "follow_up" and _refused_date_form(value):
        data.add("date-form")
    expected = data or ({"glyph"} if _uncovered(value) else set())
    pdf, exc = _render(app, layout=layout, **{field: value})
    event(f"{option}: " + (", ".join(sorted(expected)) or "prints"))
    if exc is None:
        assert not expected, f"{value!r} rendered, but it has: {', '.join(sorted(expected))}"
        if is_date:  # a follow-up date prints in the leaflet's language
            day = date.fromisoformat(value.strip()[:10])
            value = f"{day:%B} {day.day}, {day.year}"
        _assert_printed(value if field == "follow_up" else value.strip(), pdf)
        return
    lines = _assert_one_line_each(exc, re.escape(f"{field}: "))  # the library names the request field
    kinds = [_kind(line, value, limit) for line in lines]
    assert sorted(kinds) == sorted(expected), f"{value!r}: expected {sorted(expected)}, got {lines}"
    for line, kind in zip(lines, kinds):
        if kind == "glyph":
            _assert_glyph_line(line, value)
        if kind == "control":
            first = next(ch for ch in value if _control(ch))
            assert f"U+{ord(first):04X}" in line, line


# -- strategies ---------------------------------------------------------------------------

MARKUP_TOKENS = [
    "<b>", "</b>", "<i>", "</i>", "<para>", "</para>", "<br/>", "<br>", "<sup>", "</p>", "<leaflet>",
    "</leaflet>", "<pageno/>", "<pagecount/>", '<font name="Courier">', "</font>", '<a href="x">', "<img/>",
    "&amp;", "&lt;", "&gt;", "&quot;", "&#65;", "&#x41;", "&nbsp;", "&bogus;", "&", "<", ">", '"', "'",
    "<![CDATA[", "]]>", "<!--", "-->", "<!DOCTYPE x>", "<!ENTITY e 'x'>", "<?xml version='1.0'?>",
    "{{", "}}", "{{ 7*7 }}", "{{7*7}}", "{{ patient.name }}", "{{ ''.__class__.__mro__ }}", "{{ self }}",
    "{%", "%}", "{% if true %}", "{% endif %}", "{% raw %}", "{% endraw %}", "{#", "#}", "{# x #}",
    "**", "**bold**", "{page}", "{pages}", "%s", "{0}", "${x}", "\\", "\\n", " ", " ", " ", "Ann", "7",
]
MARKUP_CHARS = "<>&\"'{}%#!/=;[]\\*- ab7"
URL_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%"
RTL = st.characters(min_codepoint=0x0590, max_codepoint=0x06FF)  # Hebrew and Arabic
BIDI_CONTROLS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
COMBINING = st.characters(min_codepoint=0x0300, max_codepoint=0x036F)
EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF) | st.sampled_from("\u2764\ufe0f\u200d\u2600")
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\u180e\u2028\u2029\u00a0\u3000"
LETTERS = st.sampled_from("abcdefghij ABC xyz ")


def mixed(*alphabets: st.SearchStrategy[str], max_size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=st.one_of(*alphabets), max_size=max_size)


def free_text(limit: int, newlines: bool = False) -> st.SearchStrategy[str]:
    """Text for one field of at most about ``limit`` characters, sometimes over it."""
    printable = st.sampled_from(PRINTABLE + (["\n"] * 4 + ["\t"] if newlines else []))
    markup = st.lists(st.sampled_from(MARKUP_TOKENS) | st.text(MARKUP_CHARS, max_size=4), max_size=20).map("".join)
    return st.one_of(
        st.text(max_size=limit + 10),                                 # any Unicode (surrogates excluded)
        st.text(alphabet=printable, max_size=limit),                  # what the fonts have: should print
        st.text(alphabet=printable, min_size=limit // 2, max_size=limit),
        markup.map(lambda s: s[:limit]),                              # markup and Jinja, within the limit
        markup,                                                       # ... and sometimes over it
        st.text(alphabet=MARKUP_CHARS, max_size=limit),
        mixed(RTL, LETTERS, st.sampled_from(BIDI_CONTROLS), max_size=min(limit, 60)),
        mixed(LETTERS, COMBINING, max_size=min(limit, 60)),
        mixed(LETTERS, EMOJI, max_size=min(limit, 40)),
        mixed(LETTERS, st.sampled_from(INVISIBLE), max_size=min(limit, 60)),
        mixed(LETTERS, st.characters(max_codepoint=0x9F), max_size=min(limit, 60)),  # C0/C1 controls
        st.builds(str.__mul__, st.sampled_from(PRINTABLE[:-20]), st.integers(limit // 2, limit)),  # long word
        st.text(alphabet=st.sampled_from(PRINTABLE[:-20]), min_size=limit - 5, max_size=limit),  # no spaces
        st.text(alphabet=printable, min_size=limit + 1, max_size=limit + 40),  # over the limit
    )


def url(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text(URL_CHARS, min_size=min_size, max_size=max_size).map(lambda path: "https://example.org/" + path)


# The adversarial strings every field is tried with, whatever hypothesis draws.
ADVERSARIAL = [
    "{{ 7*7 }}", "{% if true %}yes{% endif %}", "{# hidden #}", "{{ ''.__class__.__mro__[1] }}",
    "A & B <b>x</b> </para> &amp; \"quoted\" 'single'", '<font name="Courier">x</font> <br/>',
    "]]> <!-- &#65; &lt; &nbsp; **not bold**", "שלום עולם", "مرحبا بالعالم", "Nguyễn Thị Minh Khai",
    "Zoë Ångström-Øberg", "e\u0301\u0323 a\u0300\u0301\u0302", "👍 thanks", "\u202eevil\u202c",
    "a\u00adb", "\u3000", "\x00", "\x1b[31mred", "x\ty", "", "   ",
]


def _examples(name, *values):
    """``@example(name=value)`` for each value, as one decorator."""
    def decorate(test):
        for value in reversed(values):
            test = example(**{name: value})(test)
        return test
    return decorate


# -- the properties ------------------------------------------------------------------------

@PROPERTY
@given(value=free_text(MAX_PATIENT_CHARS))
@_examples("value", *ADVERSARIAL, "x" * 150, "x" * MAX_PATIENT_CHARS, "W" * MAX_PATIENT_CHARS,
           "\u2031" * MAX_PATIENT_CHARS,  # the widest character the fonts have
           "a\u200bb", "0\u00ad \u0149")  # once bugs (minimal, as hypothesis found them): zero width; soft hyphen
def test_patient_name(app, value):
    _check_field(app, "patient", "--patient", value, MAX_PATIENT_CHARS, CARD)


@PROPERTY
@given(value=free_text(MAX_PATIENT_CHARS))
@_examples("value", *ADVERSARIAL, "Dr. O'Brien & Partners <MD>", "x" * 150, "x" * MAX_PATIENT_CHARS)
def test_clinician(app, value):
    _check_field(app, "clinician", "--clinician", value, MAX_PATIENT_CHARS, HANDOUT)


@PROPERTY
@given(value=free_text(MAX_FOLLOW_UP_CHARS))
@_examples("value", *ADVERSARIAL, "2026-12-01", " 2026-12-01 ", "2026-02-30", "0000-01-01", "٢٠٢٦-١١-٢١",
           "12/05/2026", "46361", "=TODAY()+14", "###", "2026-12-01 00:00", "2026-12-01 10:30", "1.2.3",
           "in 2 weeks {{ 7*7 }}", "x" * MAX_FOLLOW_UP_CHARS, "x" * (MAX_FOLLOW_UP_CHARS + 1))
def test_follow_up(app, value):
    _check_field(app, "follow_up", "--follow-up", value, MAX_FOLLOW_UP_CHARS, CARD)


def notes_strategy() -> st.SearchStrategy[tuple[str, ...]]:
    """Mostly one to three notes that fit on the handout; sometimes long ones, URLs, or too many."""
    short = free_text(300, newlines=True)
    return st.one_of(
        st.tuples(short), st.tuples(short),                           # twice: one note is the usual case
        st.lists(short, min_size=2, max_size=3),
        st.lists(free_text(MAX_NOTE_CHARS, newlines=True), min_size=1, max_size=1),
        st.tuples(st.builds("See {} now.".format, url(250, 300))),    # a 300-character URL
        st.tuples(st.builds(str.__mul__, st.sampled_from("xW.\u2031"), st.integers(100, MAX_NOTE_CHARS))),
        st.lists(st.text(alphabet=st.sampled_from(PRINTABLE), max_size=20), min_size=1,
                 max_size=MAX_NOTES + 2),                               # many notes, sometimes too many
    ).map(tuple)


NOTE_ADVERSARIAL = [
    ("line one\nline two\n\nsecond paragraph {{ 7*7 }} <b>&amp;</para>",),
    ("windows\r\nline",), ("tab\there",), ("x" * MAX_NOTE_CHARS,), ("x" * (MAX_NOTE_CHARS + 1),),
    ("See https://example.org/" + "a/b-c_d?e=f&g#" * 20 + " now",), ("a",) * (MAX_NOTES + 1),
    ("\n".join("a" * 48),),  # once a bug: a note taller than a page gave ReportLab internals
]


# The handout runs to at most two pages; the notes grow the one "For you" box, which cannot
# split across pages.
NOTES_OVERFLOW = re.compile(  # notes within the limits may still not fit: a clean error naming --note
    r"^note: layout 'handout': with the notes, the general leaflet in 'en' runs to \d+ pages on letter; "
    r"this layout allows 2 ")
NOTES_TOO_TALL = re.compile(
    r"^note: makes one block of the leaflet taller than a whole letter page; shorten it")


@PROPERTY
@given(notes=notes_strategy())
@_examples("notes", *[(value,) for value in ADVERSARIAL], *NOTE_ADVERSARIAL)
def test_notes(app, notes):
    over = [note for note in notes if len(note) > MAX_NOTE_CHARS]
    control = [note for note in notes if any(_control(ch) and ch not in "\n\t\r" for ch in note)]  # CR: a line break
    too_many = len(notes) > MAX_NOTES
    unprintable = [note for note in notes if _uncovered(note)]
    data = bool(over or control or too_many)
    pdf, exc = _render(app, layout=HANDOUT, notes=notes)
    if exc is None:
        event("--note: prints")
        assert not data and not unprintable, f"{notes!r} rendered"
        _assert_printed(" ".join(notes), pdf)
        return
    if not data and not unprintable and len(exc.lines) == 1 and \
            (NOTES_OVERFLOW.match(exc.lines[0]) or NOTES_TOO_TALL.match(exc.lines[0])):
        event("--note: does not fit the layout (a clean error naming --note)")
        return
    event("--note: " + ("data problems" if data else "cannot print"))
    lines = _assert_one_line_each(exc, re.escape("note: "))
    if data:  # length, count and control characters; the fonts are checked only when these pass
        control_lines = [line for line in lines if re.search(r"control character U\+[0-9A-F]{4}\b", line)]
        count_lines = [line for line in lines if re.search(rf"\b{len(notes)} notes\b.*\bat most {MAX_NOTES}\b", line)]
        limit_lines = [line for line in lines
                       if re.search(rf"\b\d+ characters\b.*\bat most {MAX_NOTE_CHARS}\b", line)]
        assert len(lines) == len(control_lines) + len(count_lines) + len(limit_lines), lines
        assert len(count_lines) == too_many, lines
        assert sorted(int(re.search(r"(\d+) characters", line).group(1)) for line in limit_lines) == \
            sorted(len(note) for note in over), lines
        assert len(control_lines) == len(control), lines
        for line, note in zip(control_lines, control):  # each names the note's first control character
            first = next(ch for ch in note if _control(ch) and ch not in "\n\t\r")
            assert f"U+{ord(first):04X}" in line, line
    else:  # one line per note with characters no font has, in order
        assert len(lines) == len(unprintable), lines
        for line, note in zip(lines, unprintable):
            _assert_glyph_line(line, note)


_clinic_files = itertools.count()


@pytest.fixture(scope="module")
def clinic_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("clinics")


def _yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML scalar: ASCII as is, every other character escaped,
    so the file says exactly ``text`` (raw NEL or LINE SEPARATOR would be line breaks)."""
    return '"' + "".join(ch if " " <= ch <= "~" and ch not in '"\\' else f"\\U{ord(ch):08x}"
                         for ch in text) + '"'


@PROPERTY
@given(value=free_text(MAX_CLINIC_NAME_CHARS))
@_examples("value", *ADVERSARIAL, "x" * MAX_CLINIC_NAME_CHARS, "x" * (MAX_CLINIC_NAME_CHARS + 1), "  padded  ",
           "A\nB", "yes", "null", "# not a comment", "- not a list", "key: value")
def test_clinic_name(app, clinic_dir, value):
    # A fresh file per example: Handouts caches clinics by reference (the path).
    path = clinic_dir / f"clinic-{next(_clinic_files)}.yaml"
    path.write_text(f"name: {_yaml_string(value)}\nphone: \"(555) 010-2000\"\n", encoding="utf-8")
    assert yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["name"] == value  # the harness
    name = unicodedata.normalize("NFC", value).strip()  # the YAML reader composes text (issue 14)
    # Issue 15: a control character (tab and line breaks aside) is refused where the clinic file is read, for
    # every output format ("control"); it used to pass to the PDF's glyph check, whose advice (add a font) was
    # wrong for it. Length and control characters are reported together; the fonts only when both pass.
    controls = [ch for ch in name if _control(ch) and ch not in "\t\n\r"]
    expected = {"empty"} if not name else ({"limit"} if len(name) > MAX_CLINIC_NAME_CHARS else set()) | \
        ({"control"} if controls else set())
    expected = expected or ({"glyph"} if _uncovered(name) else set())
    pdf, exc = _render(app, layout=CARD, clinic=str(path))
    event("clinic name: " + (", ".join(sorted(expected)) or "prints"))
    if exc is None:
        assert not expected, f"{value!r} rendered, but it has: {', '.join(sorted(expected))}"
        _assert_printed(name, pdf)
        return
    lines = _assert_one_line_each(exc, re.escape(str(path)) + r":\d+: name: ")
    kinds = [_kind(line, name, MAX_CLINIC_NAME_CHARS) for line in lines]
    assert sorted(kinds) == sorted(expected), f"{value!r}: expected {sorted(expected)}, got {lines}"
    if kinds == ["glyph"]:
        _assert_glyph_line(lines[0], name)
    for line, kind in zip(lines, kinds):
        if kind == "control":  # names the first one
            assert f"U+{ord(controls[0]):04X}" in line, line


# -- product bugs these properties found, fixed: each pinned by its minimal input -----------

@pytest.mark.parametrize("char", sorted(ZERO_WIDTH), ids=lambda ch: f"U+{ord(ch):04X}")
@pytest.mark.parametrize("field, layout", [("patient", CARD), ("clinician", HANDOUT)])
def test_zero_width_characters_print_nothing(app, char, field, layout):
    pdf, exc = _render(app, layout=layout, **{field: f"Ann{char}Lee"})
    assert exc is None
    text = _text(pdf)
    assert "\x00" not in text
    assert "AnnLee" in _norm(text)


@pytest.mark.parametrize("field, layout", [("patient", CARD), ("clinician", HANDOUT)])
def test_soft_hyphen_before_a_fallback_word_keeps_the_space(app, field, layout):
    pdf, exc = _render(app, layout=layout, **{field: "Ann\u00ad Nguyễn"})
    assert exc is None
    assert "Ann Nguyễn" in _norm(_text(pdf))


@pytest.mark.parametrize("notes", [
    ("\n".join("a" * 13),),
    (("Stretch your calf for thirty seconds before bed and drink water with every meal. " * 8)[:MAX_NOTE_CHARS],)
    * 3,
    ("x" * MAX_NOTE_CHARS,) * MAX_NOTES,
], ids=["13-short-lines", "3-notes-of-600", "10-notes-of-600"])
def test_notes_within_the_limits_fit_or_fail_naming_the_option(app, notes):
    assert all(len(note) <= MAX_NOTE_CHARS for note in notes) and len(notes) <= MAX_NOTES
    pdf, exc = _render(app, layout=HANDOUT, notes=notes)
    assert exc is None or all(line.startswith("note: ") for line in exc.lines), exc.lines


@pytest.mark.parametrize("lines", [48, 300])
def test_a_note_too_tall_for_a_page_fails_naming_the_option(app, lines):
    note = "\n".join("a" * lines)
    assert len(note) <= MAX_NOTE_CHARS
    pdf, exc = _render(app, layout=HANDOUT, notes=(note,))
    assert exc is not None
    assert all(line.startswith("note: ") for line in exc.lines), exc.lines
    assert "0x" not in str(exc) and "Flowable" not in str(exc), exc.lines
