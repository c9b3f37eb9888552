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

def case(name, files=None, args=None, exit=None):
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
    sources: [C16]
"""

# --- YAML-level problems ----------------------------------------------------
case("yaml-syntax-error", {G: sub(general, 'en: "For adults with leg cramps"', 'en: "For adults" with leg cramps')})
case("top-level-list", {G: "# An audience file must be a mapping, not a list.\n- id: general\n- order: 1\n"})
case("empty-file", {G: ""})
case("not-utf8", {G: sub(general, '"For adults with leg cramps"', '"For adults with leg cramps \u2013 Caf\u00e9"').encode("utf-8")
                     .replace("Caf\u00e9".encode("utf-8"), b"Caf\xe9")})
case("duplicate-yaml-key", {G: sub(general, "forbid: []\n", 'title:\n  en: "Leg cramps"\nforbid: []\n')})

# --- items ------------------------------------------------------------------
case("item-missing-sources", {G: add_items(sub(GOOD_ITEM, "    sources: [C16]\n", ""))})
case("unknown-source-id", {G: add_items(sub(GOOD_ITEM, "[C16]", "[C16, C99]"))})
case("duplicate-item-id", {"core.yaml": sub(core, "  - id: prevent-supplement\n",
                                             sub(GOOD_ITEM, "prevent-walk", "prevent-bike") + "  - id: prevent-supplement\n")})
case("wrong-type-text", {G: add_items(sub(GOOD_ITEM, '    text:\n      en: "Take a short walk before bed."\n      es: "Camine un poco antes de dormir."\n',
                                           '    text: "Take a short walk before bed."\n'))})
case("unknown-field", {G: add_items(sub(GOOD_ITEM, "    sources: [C16]\n", "    sources: [C16]\n    tag: [exercise]\n"))})
case("bad-section", {G: add_items(sub(GOOD_ITEM, "section: prevent", "section: prevention"))})
case("warning-without-tier", {G: add_items(sub(GOOD_ITEM, "section: prevent", "section: warning"))})
case("tier-on-non-warning", {G: add_items(sub(GOOD_ITEM, "section: prevent\n", "section: prevent\n    tier: visit\n"))})
case("unknown-language-key", {G: add_items(sub(GOOD_ITEM, '      en: "Take a short walk before bed."\n',
                                                '      en: "Take a short walk before bed."\n      fr: "Faites une courte promenade avant de dormir."\n'))})
case("missing-translation", {G: sub(general, 'title:\n  en: "Muscle cramps"\n', 'title:\n')})

# --- audience rules -----------------------------------------------------------
case("drop-unknown-id", {G: sub(general, "drop: []\n", "drop: [prevent-alcohol, prevent-fluid]\n")})
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
case("missing-tier", {G: sub(general, "drop: []", "drop: [warn-severe-often, warn-sleep, warn-swelling, warn-wasting]")})

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
case("bad-date-in-meta", {"core.yaml": sub(core, "reviewed: 2026-11-21", "reviewed: 2026-21-11")})
case("language-missing-string", {"languages/en.yaml": sub(en, '    plan: "My plan"\n', "")})

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

if "--expect" in sys.argv:
    import subprocess
    subprocess.run([sys.executable, str(Path(__file__).with_name("run_bad_input_cases.py"))], check=False)
case("impossible-date-option", args=["build", "general", "-o", "out.pdf", "--date", "2026-02-30"])
case("data-dir-missing", args=["build", "general", "-o", "out.pdf", "--data-dir", "no-such-folder"])
