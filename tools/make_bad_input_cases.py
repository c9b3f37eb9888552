"""Regenerate the data overlays in tests/cases/ from the built-in data.

Each case copies a built-in file and breaks one thing. Run this after the
built-in content changes, then `python tools/make_bad_input_cases.py --expect`
to print each case's message, and check every message by eye before you
update its expected.txt (expected.txt files are not touched here).
"""
import shutil, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CASES = ROOT / "tests" / "cases"

def builtin(rel):
    return (DATA / rel).read_text(encoding="utf-8")

def sub(text, old, new, count=1):
    assert text.count(old) == count, (old, text.count(old))
    return text.replace(old, new)

def case(name, files=None, args=None, exit=None, env=None):
    folder = CASES / name
    keep = {p.name: p.read_bytes() for p in folder.glob("*.txt") if p.name in ("expected.txt", "match.txt", "xfail.txt")} \
        if folder.exists() else {}
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for kept, content in keep.items():
        (folder / kept).write_bytes(content)
    for rel, content in (files or {}).items():
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    if args is not None:
        (folder / "args.txt").write_text("\n".join(args) + "\n", encoding="utf-8")
    if exit is not None:
        (folder / "exit.txt").write_text(f"{exit}\n", encoding="utf-8")
    if env is not None:
        (folder / "env.txt").write_text("".join(f"{k}={v}\n" for k, v in env.items()), encoding="utf-8")

G = "audiences/general.yaml"
general = builtin(G)
core = builtin("core.yaml")
en = builtin("languages/en.yaml")
clinic = builtin("clinics/demo.yaml")

def add_items(block):
    """general.yaml with `add: []` replaced by the given block (YAML text, indented 2)."""
    return sub(general, "add: []\n", "add:\n" + block)

GOOD_ITEM = """  - id: prevent-walk
    section: prevent
    text:
      en: "Take a short walk before bed."
      es: "Camine un poco antes de dormir."
    sources: [C2]
"""

# --- YAML-level problems ----------------------------------------------------
case("yaml-syntax-error", {G: sub(general, 'en: "For adults with leg cramps"', 'en: "For adults" with leg cramps')})
case("top-level-list", {G: "# An audience file must be a mapping, not a list.\n- id: general\n- order: 1\n"})
case("empty-file", {G: ""})
case("not-utf8", {G: sub(general, '"For adults with leg cramps"', '"For adults with leg cramps \u2013 Caf\u00e9"').encode("utf-8")
                     .replace("Caf\u00e9".encode("utf-8"), b"Caf\xe9")})
case("duplicate-yaml-key", {G: sub(general, "forbid: []\n", 'title:\n  en: "Leg cramps"\nforbid: []\n')})

# --- items ------------------------------------------------------------------
case("item-missing-sources", {G: add_items(sub(GOOD_ITEM, "    sources: [C2]\n", ""))})
case("unknown-source-id", {G: add_items(sub(GOOD_ITEM, "[C2]", "[C2, C99]"))})
case("duplicate-item-id", {"core.yaml": sub(core, "  - id: prevent-supplement\n",
                                             sub(GOOD_ITEM, "prevent-walk", "prevent-bike") + "  - id: prevent-supplement\n")})
case("wrong-type-text", {G: add_items(sub(GOOD_ITEM, '    text:\n      en: "Take a short walk before bed."\n      es: "Camine un poco antes de dormir."\n',
                                           '    text: "Take a short walk before bed."\n'))})
case("unknown-field", {G: add_items(sub(GOOD_ITEM, "    sources: [C2]\n", "    sources: [C2]\n    tag: [exercise]\n"))})
case("bad-section", {G: add_items(sub(GOOD_ITEM, "section: prevent", "section: prevention"))})
case("warning-without-tier", {G: add_items(sub(GOOD_ITEM, "section: prevent\n",
                                                 "section: warning\n    triage: {source: C2, says: visit}\n"))})
# --- triage: a warning item names the source that sets its tier (docs/content.md, "Triage rule") ----
WARN_ITEM = sub(sub(GOOD_ITEM, "prevent-walk", "warn-restless"), "section: prevent\n",
                "section: warning\n    tier: visit\n    triage: {source: C2, says: visit}\n")
case("warning-without-triage", {G: add_items(sub(WARN_ITEM, "    triage: {source: C2, says: visit}\n", ""))})
case("triage-source-not-cited", {G: add_items(sub(WARN_ITEM, "{source: C2,", "{source: C5,"))})
case("tier-contradicts-triage", {G: add_items(sub(WARN_ITEM, "tier: visit", "tier: emergency"))})
case("tier-on-non-warning", {G: add_items(sub(GOOD_ITEM, "section: prevent\n", "section: prevent\n    tier: visit\n"))})
case("unknown-language-key", {G: add_items(sub(GOOD_ITEM, '      en: "Take a short walk before bed."\n',
                                                '      en: "Take a short walk before bed."\n      fr: "Faites une courte promenade avant de dormir."\n'))})
case("missing-translation", {G: sub(general, 'title:\n  en: "Muscle cramps"\n', 'title:\n')})

# --- audience rules -----------------------------------------------------------
case("drop-unknown-id", {G: sub(general, "drop: []\n", "drop: [prevent-stretch, prevent-fluid]\n")})
case("replace-unknown-id", {G: sub(general, "replace: []\n", "replace:\n" + GOOD_ITEM)})
case("add-existing-core-id", {G: add_items(sub(GOOD_ITEM, "id: prevent-walk", "id: prevent-bike"))})
case("before-unknown-anchor", {G: add_items(sub(GOOD_ITEM, "section: prevent\n", "section: prevent\n    before: prevent-bikes\n"))})
case("anchor-other-section", {G: add_items(sub(GOOD_ITEM, "section: prevent\n", "section: prevent\n    after: relief-heat\n"))})
case("forbidden-tag-left", {G: sub(sub(general, "forbid: []", "forbid: [supplement]"), "replace: []\n", """replace:
  - id: prevent-supplement
    section: prevent
    tags: [supplement]
    text:
      en: "Ask your clinician before you take magnesium or any other supplement."
      es: "Pregunte a su médico antes de tomar magnesio u otro suplemento."
    sources: [C7, C11]
""")})
case("audience-id-mismatch", {G: sub(general, "id: general", "id: generall")})
case("two-main-points", {G: sub(general, "drop: []", "drop: [main-quinine]")})
case("missing-tier", {G: sub(general, "drop: []", "drop: [warn-new-medicine, warn-walking, warn-severe-often, warn-sleep]")})

# --- sources, core meta, languages ------------------------------------------------
case("sources-missing-field", {"sources.yaml": """sources:
  - id: C99
    title: "Leg cramps at night"
    publisher: Example Health
    year: 2024
"""})
case("duplicate-source-id", {"sources.yaml": """sources:
  - id: C98
    title: "Leg cramps at night"
    publisher: Example Health
    year: 2024
    url: https://example.org/night-cramps
  - id: C98
    title: "Leg cramps in the day"
    publisher: Example Health
    year: 2024
    url: https://example.org/day-cramps
"""})
# --- sources a committee can check: a 4-digit year, an https address of the original, no copies -------
def source_case(name, field, value):
    entry = {"year": "2024", "url": "https://example.org/night-cramps"}
    entry[field] = value
    case(name, {"sources.yaml": "sources:\n  - id: C99\n    title: \"Leg cramps at night\"\n"
                f"    publisher: Example Health\n    year: {entry['year']}\n    url: {entry['url']}\n"})

source_case("source-year-not-4-digits", "year", '"n.d."')
source_case("source-url-not-https", "url", "http://www.example.org/night-cramps")
source_case("source-url-home-page", "url", "https://www.example.org/")
source_case("source-url-copy-host", "url", "https://studylib.net/doc/8694929/dry-weight")
source_case("source-url-staging-host", "url", "https://qa.example.org/pregnancy-info-leg-cramps")
case("bad-date-in-meta", {"core.yaml": sub(core, "reviewed: 2026-11-21", "reviewed: 2026-21-11")})
case("language-missing-string", {"languages/en.yaml": sub(en, '    plan: "My plan"\n', "")})
case("picture-alt-missing", {"languages/es.yaml": sub(builtin("languages/es.yaml"),
     '    thigh-stretch: "Dibujo: una persona se sostiene de una silla y jala un pie hacia la nalga."\n', "")})

# --- clinics ------------------------------------------------------------------
case("clinic-missing-phone", {"clinic.yaml": sub(sub(clinic, 'phone: "(555) 010-2000"\n', ""), "logo: demo-logo.png", "# logo: none")},
     args=["build", "general", "-o", "out.pdf", "--clinic", "{case}/clinic.yaml"])
case("unknown-clinic", args=["build", "general", "-o", "out.pdf", "--clinic", "riverside"])

# --- command line ---------------------------------------------------------------
case("unknown-audience", args=["build", "genral", "-o", "out.pdf"])
case("unknown-layout", args=["build", "general", "-o", "out.pdf", "--layout", "poster"])
case("unknown-paper", args=["build", "general", "-o", "out.pdf", "--paper", "legal"])
case("unknown-language", args=["build", "general", "-o", "out.pdf", "--lang", "fr"])
case("bad-date-option", args=["build", "general", "-o", "out.pdf", "--date", "21/11/2026"])
case("patient-too-long", args=["build", "general", "-o", "out.pdf", "--patient", "Ana " + "x" * 117])
case("note-control-char", args=["build", "general", "-o", "out.pdf", "--note", "Call\x07 me"])
case("output-folder-missing", args=["build", "general", "-o", "{tmp}/missing/out.pdf"])

# --- extra cases --------------------------------------------------------------------
case("item-not-a-mapping", {G: add_items("  - prevent-walk\n")})
case("missing-item-translation", {G: add_items(sub(GOOD_ITEM, '      es: "Camine un poco antes de dormir."\n', ''))})
case("unprintable-character", {G: add_items(sub(GOOD_ITEM, "before bed.", "before bed \U0001F4A7"))})

# --- more content problems ------------------------------------------------------------
# A content file over the size limit: the built-in file padded with comment lines to about 3 MB.
case("file-too-large", {G: general + "".join(f"# padding line {n:06d}: {'x' * 50}\n" for n in range(45_000))})
case("title-is-a-list", {G: sub(general, 'title:\n  en: "Muscle cramps"\n  es: "Calambres musculares"\n',
                                'title:\n  - "Muscle cramps"\n  - "Calambres musculares"\n')})
case("order-not-a-number", {G: sub(general, "order: 1", "order: first")})
case("sources-not-a-list", {G: add_items(sub(GOOD_ITEM, "sources: [C2]", "sources: C2"))})
case("translation-is-a-list", {G: add_items(sub(GOOD_ITEM, '      es: "Camine un poco antes de dormir."\n',
                                                 '      es:\n        - "Camine un poco"\n        - "antes de dormir."\n'))})
es = builtin("languages/es.yaml")
case("language-string-is-a-list", {"languages/es.yaml": sub(es, 'for_you: "Para usted"', 'for_you: ["Para", "usted"]')})

# --- layouts (a copy of the built-in handout in {case}/layouts, with one thing broken) -------------
LAYOUT_DIR = ROOT / "layouts" / "handout"
layout_yaml = (LAYOUT_DIR / "layout.yaml").read_text(encoding="utf-8")
layout_tpl = (LAYOUT_DIR / "leaflet.xml.j2").read_text(encoding="utf-8")

def layout_case(name, spec=layout_yaml, template=layout_tpl, extra_args=()):
    case(name, {"layouts/handout/layout.yaml": spec, "layouts/handout/leaflet.xml.j2": template},
         args=["build", "general", "-o", "out.pdf", "--layouts-dir", "{case}/layouts", *extra_args])

layout_case("template-syntax-error", template=sub(layout_tpl, "<h2>{{ t.sections.avoid }}</h2>", "<h2>{{ t.sections.avoid }</h2>"))
layout_case("template-undefined-variable", template=sub(layout_tpl, "{{ t.plan_intro }}", "{{ plan_intro }}"))
layout_case("template-unknown-element", template=sub(layout_tpl, "<h2>{{ t.sections.avoid }}</h2>",
                                                   "<h2>{{ t.sections.avoid }}</h2>\n<blink>{{ t.sections.avoid }}</blink>"))
layout_case("layout-paper-not-in-spec", spec=sub(layout_yaml, "  a4: {width: 210mm, height: 297mm}\n", ""),
            extra_args=["--paper", "legal"])
layout_case("layout-paper-missing-height", spec=sub(layout_yaml, "  a4: {width: 210mm, height: 297mm}\n",
                                                    "  a4: {width: 210mm, height: 297mm}\n  legal: {width: 8.5in}\n"))
layout_case("layout-negative-margin", spec=sub(layout_yaml, "margins: {top: 0.55in,", "margins: {top: -0.25in,"))
layout_case("layout-missing-font-file", spec=sub(layout_yaml, "bold: AtkinsonHyperlegible-Bold.ttf",
                                                 "bold: AtkinsonHyperlegible-Heavy.ttf"))
layout_case("layout-unknown-style-field", spec=sub(layout_yaml, "body:      {font: body, size: 12,",
                                                   "body:      {font: body, weight: heavy, size: 12,"))

# --- clinic profiles and logos ------------------------------------------------------------
import struct, zlib

def png(width, height, rows):
    """A PNG (1-bit greyscale) from raw scanline bytes."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))

demo_logo = (DATA / "clinics" / "demo-logo.png").read_bytes()
CLINIC_ARGS = ["build", "general", "-o", "out.pdf", "--clinic", "{case}/clinic.yaml"]
def clinic_case(name, logo_name=None, logo=None, yaml_text=None):
    text = yaml_text if yaml_text is not None else sub(clinic, "logo: demo-logo.png", f"logo: {logo_name}")
    files = {"clinic.yaml": text}
    if logo is not None:
        files[logo_name] = logo
    case(name, files, args=CLINIC_ARGS)

clinic_case("logo-truncated-png", "logo.png", demo_logo[:200])
# 15000 x 15000 pixels (225 million, over Pillow's decompression-bomb limit) in a 28 KB file
clinic_case("logo-decompression-bomb", "huge.png", png(15000, 15000, (b"\x00" + b"\x00" * (15000 // 8)) * 15000))
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="40" viewBox="0 0 120 40">\n'
SVG_RECT = '<rect x="0" y="0" width="120" height="40" fill="#0b5563"/>\n'
clinic_case("logo-svg-external-entity", "logo.svg",
            '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            + SVG_OPEN + SVG_RECT + '<text x="4" y="24">&x;</text>\n</svg>\n')
clinic_case("logo-svg-external-use", "logo.svg", SVG_OPEN + SVG_RECT + '<use href="http://example.org/x.svg#a"/>\n</svg>\n')
clinic_case("logo-svg-xlink-file", "logo.svg", SVG_OPEN + SVG_RECT + '<use xlink:href="file:///etc/passwd#a"/>\n</svg>\n')
clinic_case("logo-svg-style-url", "logo.svg",
            SVG_OPEN + '<rect x="0" y="0" width="120" height="40" style="fill:url(http://example.org/p.svg#g)"/>\n</svg>\n')
clinic_case("clinic-missing-name", yaml_text=sub(sub(clinic, "name: Riverside Family Clinic\n", ""), "logo: demo-logo.png", "# logo: none"))

# --- command line ---------------------------------------------------------------------------
case("unknown-option", args=["build", "general", "-o", "out.pdf", "--colour", "red"])
case("output-exists", {"existing.pdf": b"%PDF-1.4\n% a leaflet built earlier\n"},
     args=["build", "general", "-o", "{case}/existing.pdf"])
case("note-too-long", args=["build", "general", "-o", "out.pdf", "--note", "Drink water. " * 46 + "Rest a lot."])
case("follow-up-not-a-date", args=["build", "general", "-o", "out.pdf", "--follow-up", "2026-02-30"])
case("font-not-a-font", {"not-a-font.ttf": "This is a text file, not a TrueType font.\n"},
     args=["build", "general", "-o", "out.pdf", "--font", "{case}/not-a-font.ttf"])
case("font-missing-file", args=["build", "general", "-o", "out.pdf", "--font", "{case}/NotoSansSC-Regular.ttf"])

# --- batch manifests that are unusable as a whole (exit 2) ----------------------------------
def batch_case(name, manifest_name, content):
    case(name, {manifest_name: content}, args=["batch", "{case}/" + manifest_name, "--out-dir", "{tmp}/out"])

batch_case("batch-empty-manifest", "m.csv", "")
batch_case("batch-header-only", "m.csv", "audience,lang,layout,patient,output\n")
batch_case("batch-no-header", "m.csv", "general,es,handout,Ana Ruiz,ana.pdf\npregnancy,en,card,Maria Lopez,maria.pdf\n")
batch_case("batch-no-audience-column", "m.csv", "lang,layout,patient\nes,handout,Ana Ruiz\n")
batch_case("batch-unknown-column", "m.csv", "audience,lang,layout,patient,phone\ngeneral,es,handout,Ana Ruiz,555-0100\n")
batch_case("batch-yaml-syntax-error", "m.yaml", "defaults: {clinic: demo, date: 2026-12-01}\njobs:\n"
           "  - {audience: general, patient: Ana Ruiz\n  - {audience: dialysis, patient: Maria Lopez}\n")


# --- issue 15: bad values give exit 2 with a location, never "internal error" -------------------
BUILD = ["build", "general", "-o", "out.pdf"]
case("source-date-epoch-not-a-number", args=[*BUILD, "--date", "2026-11-21"], env={"SOURCE_DATE_EPOCH": "abc"})
case("source-date-epoch-past-year-9999", args=BUILD, env={"SOURCE_DATE_EPOCH": "99999999999999"})
case("source-date-epoch-in-a-batch", {"m.csv": "audience,date\ngeneral,2026-11-21\n"},
     args=["batch", "{case}/m.csv", "--out-dir", "{tmp}/out", "-j", "1"], env={"SOURCE_DATE_EPOCH": "abc"})
case("yaml-nested-900-levels", {G: general + "deep: " + "[" * 900 + "]" * 900 + "\n"})
clinic_case("yaml-aliases-expand-past-the-limit", yaml_text=sub(clinic, "logo: demo-logo.png", "# logo: none") + "".join(
    f"x{n}: &l{n} [" + ", ".join([f"*l{n - 1}" if n else "x"] * 10) + "]\n" for n in range(7)))
case("yaml-number-of-5000-digits", {G: sub(general, "order: 1", "order: " + "9" * 5000)})
layout_case("layout-paper-width-nan", spec=sub(layout_yaml, "letter: {width: 8.5in,", "letter: {width: .nan,"))
layout_case("layout-paper-width-inf", spec=sub(layout_yaml, "letter: {width: 8.5in,", "letter: {width: .inf,"))
layout_case("layout-paper-width-negative", spec=sub(layout_yaml, "letter: {width: 8.5in,", "letter: {width: -5in,"))
layout_case("layout-margin-huge", spec=sub(layout_yaml, "margins: {top: 0.55in,", "margins: {top: 1.0e+30,"))
layout_case("layout-width-digits-past-a-float", spec=sub(layout_yaml, "letter: {width: 8.5in,",
                                                          "letter: {width: '" + "9" * 400 + "in',"))
layout_case("layout-columns-huge", spec=sub(layout_yaml, "columns: 1\n", "columns: 1000000000\n"))
layout_case("layout-font-size-huge", spec=sub(layout_yaml, "body:      {font: body, size: 12,",
                                              "body:      {font: body, size: 10000,"))
case("output-name-over-255-bytes", args=["build", "general", "-o", "{tmp}/" + "\u00e9" * 130 + ".pdf"])
case("batch-output-name-over-255-bytes", {"m.csv": "audience,date,output\ngeneral,2026-11-21,"
                                          + "\u00e9" * 130 + ".pdf\ngeneral,2026-11-21,short.pdf\n"},
     args=["batch", "{case}/m.csv", "--out-dir", "{tmp}/out", "-j", "1"], exit=1)
case("batch-yaml-output-is-a-mapping", {"m.yaml": "defaults: {date: 2026-11-21}\njobs:\n"
                                        "  - {audience: general, output: {name: a.pdf}}\n"},
     args=["batch", "{case}/m.yaml", "--out-dir", "{tmp}/out", "-j", "1"], exit=1)
case("batch-yaml-empty-list", {"m.yaml": "defaults: {date: 2026-11-21}\njobs:\n  - {audience: general, lang: []}\n"},
     args=["batch", "{case}/m.yaml", "--out-dir", "{tmp}/out", "-j", "1"], exit=1)
case("language-date-format-spec", {"languages/en.yaml": sub(en, 'date_format: "{month} {day}, {year}"',
                                                            'date_format: "{day:>99999999999}"')})

# --- issue 15: bounded work --------------------------------------------------------------------------
case("batch-manifest-all-crossed-with-long-lists", {"m.yaml": "defaults: {date: 2026-11-21}\njobs:\n"
     "  - {audience: all, layout: all, paper: all, lang: [" + ", ".join(["en", "es"] * 5000) + "]}\n"},
     args=["batch", "{case}/m.yaml", "--out-dir", "{tmp}/out"])
case("batch-manifest-alias-100000-times", {"m.yaml": "defaults: {date: 2026-11-21}\njobs: [&j {audience: all, "
     "lang: all, layout: all, paper: all}" + ", *j" * 100_000 + "]\n"},
     args=["batch", "{case}/m.yaml", "--out-dir", "{tmp}/out"])
case("batch-output-format-spec", {"m.csv": "audience,date,output\ngeneral,2026-11-21,{audience:>6000000000}.pdf\n"},
     args=["batch", "{case}/m.csv", "--out-dir", "{tmp}/out", "-j", "1"], exit=1)
layout_case("template-repeats-a-billion-times", template=sub(layout_tpl, "<leaflet>", "<leaflet>{{ 'x' * 1000000000 }}"))
layout_case("template-width-a-billion", template=sub(layout_tpl, "<leaflet>",
                                                     "<leaflet>{{ '%1000000000s'|format('x') }}"))
case("content-item-over-2000-characters", {G: add_items(sub(GOOD_ITEM, "Take a short walk before bed.",
                                                            "Take a short walk before bed. " * 300))})

# --- issue 15: output that lands in other tools --------------------------------------------------------
CONTROL_CLINIC = sub(sub(clinic, "name: Riverside Family Clinic", 'name: "Riverside\\aFamily Clinic"'),
                     "logo: demo-logo.png", "# logo: none")
case("clinic-name-control-character", {"clinic.yaml": CONTROL_CLINIC}, args=CLINIC_ARGS)
case("clinic-name-control-character-html", {"clinic.yaml": CONTROL_CLINIC},
     args=["build", "general", "-o", "out.pdf", "--format", "html", "--clinic", "{case}/clinic.yaml"])

if "--expect" in sys.argv:
    import subprocess
    subprocess.run([sys.executable, str(Path(__file__).with_name("run_bad_input_cases.py"))], check=False)
case("impossible-date-option", args=["build", "general", "-o", "out.pdf", "--date", "2026-02-30"])
case("data-dir-missing", args=["build", "general", "-o", "out.pdf", "--data-dir", "no-such-folder"])
