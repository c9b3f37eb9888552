"""Reading-level scores that work offline.

English: Flesch-Kincaid grade level,
    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59
Spanish: Fernández-Huerta reading ease, in the corrected form used by
legible.es and textstat (F is words per sentence, not sentences per 100 words),
    ease = 206.84 - 60 * (syllables / words) - 1.02 * (words / sentences)
Higher ease is easier: 80-90 "fácil", 70-80 "bastante fácil".

Counting rules (the hard part is syllables):
- Sentences end at ``.``, ``!``, ``?``, ``:`` or ``;`` followed by a space or
  the end; every leaflet item counts as at least one sentence.
- Words are runs of letters (apostrophes and hyphens inside a word keep it
  one word) or of digits; ``**bold**`` markers are ignored.
- A number counts as one word with one syllable per digit, at most three
  ("10" 2, "911" 3, "2,000" 3).
- English syllables: the CMU Pronouncing Dictionary count (vowel phonemes of
  the first pronunciation) for the ~18,600 words where it differs from
  :func:`english_rule_syllables`, shipped as a small table
  (``lexicon/en-syllables.txt.gz``, made by ``tools/make_syllable_table.py``);
  the rule for every other word. Nothing is downloaded.
- Spanish syllables: vowel nuclei by rule (:func:`spanish_syllables`): a run
  of vowels is one nucleus unless two strong vowels (a, e, o) meet or an
  accented í/ú breaks the diphthong; the u of que/qui/gue/gui is silent;
  y is a vowel at the end of a word or before a consonant.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_LEXICON = Path(__file__).resolve().parent / "lexicon" / "en-syllables.txt.gz"
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_SENTENCE_END_RE = re.compile(r"[.!?:;]+(?=\s|$)")


@dataclass(frozen=True)
class Score:
    """Counts and the score for one text."""

    words: int
    sentences: int
    syllables: int
    value: float
    """Flesch-Kincaid grade (English) or Fernández-Huerta ease (Spanish)."""
    measure: str


def english_rule_syllables(word: str) -> int:
    """Syllables of an English word by rule: vowel groups, less a silent final e."""
    w = word.lower().replace("'", "").replace("’", "")
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", lambda m: m.group(0)[0], w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]+", w)))


@lru_cache(maxsize=1)
def _english_exceptions() -> dict[str, int]:
    table: dict[str, int] = {}
    for line in gzip.decompress(_LEXICON.read_bytes()).decode("ascii").splitlines():
        word, count = line.split()
        table[word] = int(count)
    return table


def english_syllables(word: str) -> int:
    parts = [p for p in re.split(r"[-]", word.lower().replace("’", "'")) if p]
    return sum(_english_exceptions().get(p) or english_rule_syllables(p) for p in parts) or 1


_STRONG = set("aeoáéó")
_ACCENTED_WEAK = set("íú")
_VOWELS = set("aeiouáéíóúü")


def spanish_syllables(word: str) -> int:
    """Syllables of a Spanish word by rule (see the module docstring)."""
    w = word.lower()
    w = re.sub(r"(?<=q)u(?=[eiéí])|(?<=g)u(?=[eiéí])", "", w)  # silent u: que, qui, gue, gui
    letters = list(w)
    for i, ch in enumerate(letters):  # y as a vowel: at the end, or before a consonant
        if ch == "y":
            nxt = letters[i + 1] if i + 1 < len(letters) else ""
            letters[i] = "i" if (not nxt or nxt not in _VOWELS) else "y"
    count, previous = 0, ""
    for ch in letters:
        if ch not in _VOWELS:
            previous = ""
            continue
        if not previous:
            count += 1
        elif (previous in _STRONG and ch in _STRONG) or ch in _ACCENTED_WEAK or previous in _ACCENTED_WEAK:
            count += 1  # hiatus: a new syllable
        previous = ch
    return max(1, count)


def _number_syllables(token: str) -> int:
    return min(3, sum(ch.isdigit() for ch in token))


def count(texts: list[str], lang: str) -> tuple[int, int, int]:
    """(words, sentences, syllables) over a list of item texts."""
    syllables_of = spanish_syllables if lang.startswith("es") else english_syllables
    words = sentences = syllables = 0
    for text in texts:
        text = text.replace("**", "")
        tokens = _WORD_RE.findall(text)
        if not tokens:
            continue
        words += len(tokens)
        sentences += max(1, len(_SENTENCE_END_RE.findall(text)))
        syllables += sum(_number_syllables(t) if t[0].isdigit() else syllables_of(t) for t in tokens)
    return words, sentences, syllables


def score(texts: list[str], lang: str) -> Score:
    """Flesch-Kincaid grade for English (``en``), Fernández-Huerta ease for Spanish (``es``)."""
    words, sentences, syllables = count(texts, lang)
    if not words:
        return Score(0, 0, 0, 0.0, "none")
    if lang.startswith("es"):
        value = 206.84 - 60 * syllables / words - 1.02 * words / sentences
        return Score(words, sentences, syllables, round(value, 1), "Fernández-Huerta ease")
    value = 0.39 * words / sentences + 11.8 * syllables / words - 15.59
    return Score(words, sentences, syllables, round(value, 1), "Flesch-Kincaid grade")


SUPPORTED = ("en", "es")
