"""``handouts check``: prove that all content and layouts are fit to print.

Loading already rejects invalid content (schema, unknown or missing sources,
sources that are not a primary https address or sit on the deny-list in
``source-policy.yaml``, warning signs whose tier contradicts their triage
source, missing or extra translations, forbidden advice). On top of that, the check
builds every audience in every language with every layout and paper, and as
the HTML twin, and scores each leaflet's reading level against the gates below.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from .api import Handouts
from .request import BuildRequest, default_clinic
from .errors import HandoutsError
from .readability import score

# Reading-level targets and the gates that fail the check (docs/content.md).
TARGETS = {"en": ("grade", 6.0), "es": ("ease", 80.0)}
GATES = {"en": ("grade", 8.0), "es": ("ease", 70.0)}
REVIEW_WARN_DAYS = 730  # content older than two years should be reviewed again


@dataclass
class LeafletReport:
    audience: str
    lang: str
    words: int
    sentences: int
    syllables: int
    reading_measure: str
    reading_score: float
    meets_target: bool
    items: int
    sources_cited: int
    missing_translations: int
    days_since_review: int


@dataclass
class CheckResult:
    leaflets: list[LeafletReport] = field(default_factory=list)
    builds: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {"ok": self.ok, "leaflets": [asdict(r) for r in self.leaflets], "builds": self.builds,
                "problems": self.problems, "warnings": self.warnings}


def _passes(lang: str, value: float, rule: dict[str, tuple[str, float]]) -> bool:
    kind, limit = rule.get(lang, rule["en"])
    return value <= limit if kind == "grade" else value >= limit


def run_check(app: Handouts, today: date) -> CheckResult:
    """Check everything. Content that does not load raises :class:`DataError` as usual."""
    content = app.content
    result = CheckResult()
    audiences = sorted(content.audiences.values(), key=lambda a: (a.order, a.id))
    age = (today - content.meta.reviewed).days
    if age > REVIEW_WARN_DAYS:
        result.warnings.append(f"content was last reviewed {age} days ago (on {content.meta.reviewed}); "
                               "review it again")
    clinics = sorted(content.clinic_files)
    site_default, _ = default_clinic()
    clinics += [site_default] if site_default not in clinics else []
    usable = []
    for ref in clinics:  # every clinic profile loads, and its approval is recent enough
        try:
            app.clinic(ref)
            usable.append(ref)
        except HandoutsError as exc:
            result.problems.extend(exc.lines)
    result.warnings.extend(approval_warnings(app, usable, today))

    for audience in audiences:  # a committee reads why each core item is dropped or replaced (handouts review)
        changed = list(audience.drop) + [item.id for item in audience.replace]
        missing = [item_id for item_id in changed if item_id not in audience.reasons]
        if missing:
            result.warnings.append(f"{audience.origin.file}: no reason (why:) recorded for dropping or replacing "
                                   f"{', '.join(missing)}; the review packet shows none")
    for audience in audiences:
        for lang in sorted(content.languages):
            selection = app.selection(audience.id, lang)
            texts = [item.text[lang] for item in selection.items]
            reading = score(texts, lang)
            report = LeafletReport(
                audience.id, lang, reading.words, reading.sentences, reading.syllables, reading.measure,
                reading.value, _passes(lang, reading.value, TARGETS), len(selection.items),
                len(selection.cited_sources()), 0, age)
            result.leaflets.append(report)
            where = f"{audience.origin.file}: {audience.id} [{lang}]"
            if not _passes(lang, reading.value, GATES):
                kind, limit = GATES.get(lang, GATES["en"])
                bound = "above" if kind == "grade" else "below"
                result.problems.append(f"{where}: reading {reading.measure} {reading.value} is {bound} the "
                                       f"limit {limit:g}; use shorter sentences and words")
            elif not report.meets_target:
                kind, target = TARGETS.get(lang, TARGETS["en"])
                result.warnings.append(f"{where}: reading {reading.measure} {reading.value} misses the target "
                                       f"{target:g}")

    for layout_id in sorted(app.layout_folders):
        try:
            spec = app.layout(layout_id)
        except HandoutsError as exc:
            result.problems.extend(exc.lines)
            continue
        for paper in spec.papers:
            for audience in audiences:
                for lang in sorted(content.languages):
                    request = BuildRequest(audience=audience.id, lang=lang, layout=layout_id, paper=paper, date=today)
                    _build(app, request, result)
    for audience in audiences:  # the HTML twin: one web page per audience and language
        for lang in sorted(content.languages):
            _build(app, BuildRequest(audience=audience.id, lang=lang, date=today, format="html"), result)
    return result


def approval_warnings(app: Handouts, clinics: list[str], today: date) -> list[str]:
    """A warning for each clinic whose recorded approval (``approved_on``) is over two years old."""
    warnings = []
    for ref in clinics:
        clinic = app.clinic(ref)
        if clinic.approved_on is not None:
            age = (today - clinic.approved_on).days
            if age > REVIEW_WARN_DAYS:
                warnings.append(f"{clinic.origin.file}: the leaflets were approved on {clinic.approved_on} ({age} "
                                "days ago, more than two years); ask the committee to review them again")
    return warnings


def _build(app: Handouts, request: BuildRequest, result: CheckResult) -> None:
    try:
        app.render(request)
        result.builds += 1
    except HandoutsError as exc:
        result.problems.extend(exc.lines)


def format_table(result: CheckResult) -> list[str]:
    header = ("audience", "lang", "words", "reading score", "target", "items", "sources", "missing",
              "reviewed")
    rows = []
    for r in result.leaflets:
        measure = "grade" if r.reading_measure.startswith("Flesch") else "ease"
        kind, target = TARGETS.get(r.lang, TARGETS["en"])
        rows.append((r.audience, r.lang, str(r.words), f"{measure} {r.reading_score:.1f}",
                     ("ok " if r.meets_target else "no ") + ("<=" if kind == "grade" else ">=") + f"{target:g}",
                     str(r.items), str(r.sources_cited), str(r.missing_translations),
                     f"{r.days_since_review} days ago"))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    numeric = {2, 5, 6, 7}
    lines = []
    for row in [header, *rows]:
        cells = [cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return lines
