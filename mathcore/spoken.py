r"""The narration as a lecturer reads it aloud, and cut into caption cues.

The narration is written for the eye: ``y_T``, ``e^{z_m}``, ``C = 0.313``,
``2.1e-12``, ``diag(y)``, class names as the user typed them (``horse_riding``,
``<b>``, ``50%_off``). A speech engine (Piper, which hands text to espeak-ng
for phonemes) reads symbols and digits badly or not at all, so
:func:`spoken` rewrites a text into words: ``y T``, ``e to the z m``,
``C equals zero point three one three``, ``two point one times ten to the
minus twelve``, ``diag of y``, ``horse riding``, ``b``, ``fifty percent off``.

Its result holds only ASCII letters, the Latin-1 letters ``À``-``ÿ`` (not
``×`` or ``÷``), single spaces and the punctuation ``, . ; : ? ! ' -`` (a
hyphen only inside a word), so the pauses the engine makes at commas and full
stops survive and nothing reaches it that it would spell out or drop.

Numbers are read as printed: the whole part in words, the digits after the
point one by one with trailing zeros dropped (``1.500`` is "one point five",
``1.000`` is "one"), an exponent as "times ten to the" (``4.852e+08``).

:func:`caption_chunks` cuts a narration into cues of at most two lines of 42
characters (:func:`caption_lines` wraps one), first at sentence ends, then at
clause punctuation, then between words, never inside a parenthesis; every cue
is synthesised on its own, so each must read aloud on its own.

Pure Python: no Manim, no numpy.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["caption_chunks", "caption_lines", "number_words", "spoken", "whole_number_words"]

# ----------------------------------------------------------------------
# Numbers.

_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
         "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
         "seventeen", "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"))
_LARGEST_IN_WORDS = 10**15  # from here on a whole number is read digit by digit


def _digits(text: str) -> str:
    return " ".join(_ONES[int(digit)] for digit in text)


def _below_thousand(n: int) -> str:
    words = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append(f"{_ONES[hundreds]} hundred")
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(_TENS[tens] + (f"-{_ONES[ones]}" if ones else ""))
    elif rest or not hundreds:
        words.append(_ONES[rest])
    return " ".join(words)


def whole_number_words(n: int) -> str:
    """A whole number ``n`` >= 0 in English words: 2026 is "two thousand twenty-six".

    No "and" (American usage), hyphens between tens and ones. From 10**15 on
    the digits are read one by one.

    Parameters
    ----------
    n : int
        The number, 0 or more.

    Returns
    -------
    str
        The words.
    """
    if n < 0:
        raise ValueError(f"{n} is negative")
    if n >= _LARGEST_IN_WORDS:
        return _digits(str(n))
    words = []
    for size, name in _SCALES:
        count, n = divmod(n, size)
        if count:
            words.append(f"{_below_thousand(count)} {name}")
    if n or not words:
        words.append(_below_thousand(n))
    return " ".join(words)


_NUMBER = re.compile(r"(?P<sign>[-\u2212]?)(?P<whole>\d+)(?:\.(?P<fraction>\d+))?"
                     r"(?:[eE](?P<exponent>[-+]?\d+))?")


def number_words(text: str) -> str:
    """A number as printed (``-1.000``, ``0.659``, ``2.1e-12``, ``30``) in words, as read aloud.

    The whole part in words (a whole part with a leading zero, such as
    ``007``, digit by digit), then "point" and the digits after the point one by
    one with trailing zeros dropped, then an exponent as "times ten to the".
    A leading ``-`` or ``−`` is "minus".

    Parameters
    ----------
    text : str
        The number, matching ``[-−]?digits[.digits][e[+-]digits]``.

    Returns
    -------
    str
        The words, e.g. "two point one times ten to the minus twelve".
    """
    match = _NUMBER.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a number as the lecture prints them")
    whole = match["whole"]
    words = ["minus"] if match["sign"] else []
    if len(whole) > 1 and whole.startswith("0"):
        words.append(_digits(whole))
    else:
        words.append(whole_number_words(int(whole)))
    fraction = (match["fraction"] or "").rstrip("0")
    if fraction:
        words += ["point", _digits(fraction)]
    exponent = match["exponent"]
    if exponent is not None:
        words.append("times ten to the")
        if exponent.startswith("-"):
            words.append("minus")
        words.append(whole_number_words(int(exponent.lstrip("+-"))))
    return " ".join(words)


# ----------------------------------------------------------------------
# Symbols.

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda",
    "μ": "mu", "µ": "mu", "ν": "nu", "ξ": "xi", "ο": "omicron", "π": "pi", "ρ": "rho",
    "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi",
    "χ": "chi", "ψ": "psi", "ω": "omega",
    "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi",
    "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}
# Symbols read as words wherever they stand (the spaces keep them apart from their neighbours).
_WORDS = {
    "Σ": "sum", "∑": "sum", "∏": "product", "∫": "integral", "∂": "partial", "∇": "nabla",
    "√": "square root of", "∞": "infinity", "·": "dot", "⋅": "dot", "×": "times",
    "÷": "divided by", "±": "plus or minus", "∓": "minus or plus", "≈": "approximately",
    "≃": "approximately", "∼": "approximately", "≠": "not equal to", "≤": "less than or equal to",
    "≥": "greater than or equal to", "⩽": "less than or equal to",
    "⩾": "greater than or equal to", "≪": "much less than", "≫": "much greater than",
    "→": "goes to", "↦": "maps to", "⇒": "so", "∈": "in", "∝": "proportional to",
    "=": "equals", "+": "plus", "&": "and", "%": "percent", "#": "number", "@": "at",
    "/": "over", "°": "degrees", "²": "squared", "³": "cubed", "¹": "to the one",
    "½": "one half", "¼": "one quarter", "¾": "three quarters", "−": "minus",
    **_GREEK,
}
_FUNCTIONS = ("diag", "log", "ln", "exp", "softmax", "sigma", "sigmoid", "tanh", "max", "min",
              "argmax", "argmin", "sum", "det", "tr", "sin", "cos", "sqrt", "abs")
_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"
_LETTER = f"[{_LETTERS}]"
_SYMBOL = r"[A-Za-z](?:_\{[^{}]*\}|_\w+)?"  # z, z_m, z_{m}, y_T
_PUNCTUATION = ",.;:?!"
_STRENGTH = "?!.;:,"  # a run of pauses keeps the strongest, in this order
_ABBREVIATIONS = {"e.g.": "for example", "i.e.": "that is", "etc.": "and so on",
                  "vs.": "versus", "cf.": "compare"}


def _superscript(match: re.Match[str]) -> str:
    power = match["braced"] if match["braced"] is not None else match["bare"]
    power = re.sub(r"^[-\u2212](?=[^\d.])", "minus ", power.strip())
    if power == "2":
        return " squared "
    if power == "3":
        return " cubed "
    return f" to the {power} "


def _greek(match: re.Match[str]) -> str:
    """A Greek letter's name, apart from letters and digits beside it (``σ(z)``: "sigma(z)")."""
    before = match.string[match.start() - 1:match.start()]
    after = match.string[match.end():match.end() + 1]
    return ((" " if before.isalnum() else "") + _GREEK[match.group(0)]
            + (" " if after.isalnum() else ""))


def _operand(token: str) -> bool:
    """Whether ``token`` reads as a term of a formula rather than a word of prose."""
    core = token.strip(_PUNCTUATION + "()[]{}")
    return (len(core) == 1 or any(character.isdigit() or character in "_^{}"
                                  for character in core))


def _spaced_hyphen(match: re.Match[str]) -> str:
    """A hyphen with spaces around it: "minus" between terms of a formula, else a pause."""
    before = match.string[:match.start()].split()
    after = match.string[match.end():].split()
    terms = [token for token in (before[-1:] + after[:1]) if _operand(token)]
    return " minus " if terms else ", "


def _pauses(match: re.Match[str]) -> str:
    run = match.group(0)
    return next(mark for mark in _STRENGTH if mark in run)


def _plain(character: str) -> str:
    """``character`` if the engine may get it; else its compatibility letters, or a space."""
    if character in _PUNCTUATION + "'- " or re.fullmatch(_LETTER, character):
        return character
    if ord(character) > 0xFF:
        decomposed = unicodedata.normalize("NFKD", character)
        letters = "".join(part for part in decomposed if re.fullmatch(_LETTER, part))
        if letters:
            return letters
    return " "


def spoken(text: str) -> str:
    r"""What the speech engine is given for ``text`` (written narration or a chunk of it).

    Symbols become words (``y_T`` "y T", ``e^{z_m}`` "e to the z m", ``x^2``
    "x squared", ``∂C/∂z_m`` "d C by d z m", ``diag(y)`` "diag of y",
    ``(1, ..., 1)`` "the all-ones vector", ``=`` "equals"), numbers are read as
    printed (:func:`number_words`), and whatever else a class name holds
    becomes a word (``&`` "and", ``+`` "plus", ``%`` "percent", ``#``
    "number") or a space (``< > { } \ | ^ _ * ~ `` and the backquote).

    Parameters
    ----------
    text : str
        Narration as written.

    Returns
    -------
    str
        Letters (ASCII and Latin-1), single spaces and ``, . ; : ? ! ' -``
        (hyphens only inside words), stripped.
    """
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\s", " ", text)
    text = text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u2032": "'",
                                         "\u201c": " ", "\u201d": " ", '"': " ",
                                         "\u2026": "...", "\u00a0": " "}))
    text = re.sub(r"\s*[\u2013\u2014]\s*", ", ", text)  # a dash is a pause
    text = re.sub(r"\u2212(?=\.?\d)", "-", text)  # the minus sign of a number
    text = re.sub(f"[{''.join(_GREEK)}]", _greek, text)
    for written, said in _ABBREVIATIONS.items():
        text = re.sub(rf"(?<!\w){re.escape(written)}", f" {said} ", text, flags=re.IGNORECASE)
    # Vectors and lists.
    text = re.sub(r"\(\s*1\s*,\s*\.\.\.\s*,\s*1\s*\)", " the all-ones vector ", text)
    text = re.sub(r"\(\s*0\s*,\s*\.\.\.\s*,\s*0\s*\)", " the zero vector ", text)
    text = re.sub(r",\s*\.\.\.\s*,", ", and so on,", text)
    text = re.sub(r"\.{3,}\s*$", ".", text)
    text = re.sub(r"\.{3,}", ", ", text)  # elsewhere an ellipsis is a pause
    # Derivatives, powers, function calls.
    text = re.sub(rf"∂\s*({_SYMBOL})\s*/\s*∂\s*({_SYMBOL})", r" d \1 by d \2 ", text)
    text = re.sub(rf"\bd([A-Za-z])\s*/\s*d({_SYMBOL})", r" d \1 by d \2 ", text)
    text = re.sub(r"\^\s*(?:\{(?P<braced>[^{}]*)\}|(?P<bare>[-+\u2212]?(?:\d+(?:\.\d+)?|"
                  r"[A-Za-z](?:_\{[^{}]*\}|_[A-Za-z0-9]+)?)))", _superscript, text)
    text = re.sub(rf"\b({'|'.join(_FUNCTIONS)}|[A-Za-z])\(([^()]*)\)", r"\1 of \2 ", text)
    text = re.sub(r"(?<=\S)\s+-\s+(?=\S)", _spaced_hyphen, text)
    # Numbers: a minus sign where no word or number comes just before it, then the number.
    text = re.sub(r"(?<![\w.])\.(\d+)", lambda match: f" point {_digits(match[1])} ", text)
    text = re.sub(r"(?:(?<![\w.])-)?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?",
                  lambda match: f" {number_words(match.group(0))} ", text)
    # Operators.
    text = re.sub(r"\s<=\s", " less than or equal to ", text)
    text = re.sub(r"\s>=\s", " greater than or equal to ", text)
    text = re.sub(r"\s<\s", " less than ", text)
    text = re.sub(r"\s>\s", " greater than ", text)
    text = re.sub(r"\s->\s", " goes to ", text)
    text = "".join(f" {_WORDS[character]} " if character in _WORDS else character
                   for character in text)
    # Subscripts are read after their letter; differentials as "d" and their variable.
    text = re.sub(r"[_{}\\^]", " ", text)
    text = re.sub(r"\bd([uxyzt])\b", r"d \1", text)
    # Brackets: a function's argument was read above; other parentheses are a pause.
    text = re.sub(r"\s*[()]\s*", ", ", text)
    # Apostrophes inside words (cost's), full stops between letters (a.b: "a dot b").
    text = re.sub(rf"(?<!{_LETTER})'|'(?!{_LETTER})", " ", text)
    text = re.sub(rf"(?<={_LETTER})\.(?={_LETTER})", " dot ", text)
    text = re.sub(rf"(?<!{_LETTER})-|-(?!{_LETTER})", " ", text)
    text = "".join(_plain(character) for character in text)
    # Tidy: one pause per run of punctuation, none first, a space after each.
    text = re.sub(rf"[{_PUNCTUATION}](?:\s*[{_PUNCTUATION}])+", _pauses, text)
    text = re.sub(rf"\s+([{_PUNCTUATION}])", r"\1", text)
    text = re.sub(rf"^[\s{_PUNCTUATION}]+", "", text)
    text = re.sub(rf"([{_PUNCTUATION}])(?=[^\s{_PUNCTUATION}])", r"\1 ", text)
    return _letter_a(" ".join(text.split()))


# The engine reads a lone "a" or "A" as the article (a schwa); as a quantity (the
# sigmoid's output a, the log-sum-exp A) it must say the letter's name, which it
# does for "eh". An "a" is a quantity when an operator follows it (not "a minus
# sign") or a pause does; an "A" unless it starts a sentence before a noun.
_OPERATORS = {"equals", "minus", "plus", "times", "over", "squared", "is", "and"}
_ARTICLE_AFTER = {"sign", "signs"}


def _letter_a(text: str) -> str:
    words = text.split(" ")
    said = []
    for index, word in enumerate(words):
        core = word.rstrip(_PUNCTUATION)
        after = words[index + 1].rstrip(_PUNCTUATION) if index + 1 < len(words) else ""
        later = words[index + 2].rstrip(_PUNCTUATION) if index + 2 < len(words) else ""
        paused = core != word or index + 1 == len(words)
        operator = after in _OPERATORS and later not in _ARTICLE_AFTER
        if core == "a" and (paused or (operator and after not in ("is", "and"))):
            word = "eh" + word[1:]
        elif core == "A":
            starts = index == 0 or words[index - 1][-1:] in ".?!"
            if not starts or paused or operator:
                word = "eh" + word[1:]
        said.append(word)
    return " ".join(said)


# ----------------------------------------------------------------------
# Captions.


def _wrap(words: list[str], width: int) -> list[list[str]]:
    """``words`` in the fewest lines of at most ``width`` characters, as even as they go."""
    if not words:
        return []
    count = len(_greedy(words, width))
    sizes = [len(word) for word in words]

    def length(start: int, stop: int) -> int:
        return sum(sizes[start:stop]) + stop - start - 1

    # best[i][l]: least sum of squared line lengths for words[i:] in l lines.
    infinity = float("inf")
    best = [[infinity] * (count + 1) for _ in range(len(words) + 1)]
    cut = [[0] * (count + 1) for _ in range(len(words) + 1)]
    best[len(words)][0] = 0
    for start in range(len(words) - 1, -1, -1):
        for lines in range(1, count + 1):
            for stop in range(start + 1, len(words) + 1):
                size = length(start, stop)
                if size > width and stop > start + 1:
                    break
                total = size * size + best[stop][lines - 1]
                if total <= best[start][lines]:
                    best[start][lines], cut[start][lines] = total, stop
    rows, start = [], 0
    for lines in range(count, 0, -1):
        stop = cut[start][lines]
        rows.append(words[start:stop])
        start = stop
    return rows


def _greedy(words: list[str], width: int) -> list[list[str]]:
    rows: list[list[str]] = []
    for word in words:
        if rows and len(" ".join(rows[-1])) + 1 + len(word) <= width:
            rows[-1].append(word)
        else:
            rows.append([word])
    return rows


def caption_lines(chunk: str, width: int = 42) -> str:
    r"""A chunk wrapped at spaces into lines of at most ``width`` characters joined by "\n".

    The fewest lines that fit, as even in length as they can be (a word longer
    than ``width`` stands alone on its line).

    Parameters
    ----------
    chunk : str
        One caption cue.
    width : int
        Most characters per line.

    Returns
    -------
    str
        The lines joined by newlines.
    """
    if width < 1:
        raise ValueError(f"width {width} must be at least 1")
    return "\n".join(" ".join(row) for row in _wrap(chunk.split(), width))


_SENTENCE_END = re.compile(r"[.?!][\"')\]\u2019\u201d]*$")
_CLAUSE_END = re.compile(r"[,;:][\"')\]\u2019\u201d]*$")
# Words a cue should not end on (the next word belongs to them) or begin with.
_LEANS_RIGHT = {"a", "an", "the", "of", "to", "by", "in", "on", "at", "for", "from", "with",
                "over", "under", "and", "or", "is", "are", "be", "=", "+", "-", "minus", "plus",
                "times", "equals", "its", "their", "each", "every", "per", "as", "than",
                "sum", "log", "e", "where", "which", "that", "this", "these", "no", "not"}
_LEANS_LEFT = {"=", "+", "-", "minus", "plus", "times", "over", "equals", "squared",
               "transpose", "to"}
_BETTER_START = {"and", "but", "so", "which", "where", "while", "since", "because", "when",
                 "as", "with", "then", "until", "after", "before", "or"}
_ELLIPSIS = {"...", "\u2026"}


def _guarded_gaps(words: list[str]) -> set[int]:
    """Gaps (gap i lies after words[i]) inside a matched pair of brackets."""
    inside: set[int] = set()
    opening = {")": "(", "]": "[", "}": "{"}
    stack: list[tuple[str, int]] = []
    for index, word in enumerate(words):
        for character in word:
            if character in "([{":
                stack.append((character, index))
            elif character in opening:
                depth = next((place for place in range(len(stack) - 1, -1, -1)
                              if stack[place][0] == opening[character]), None)
                if depth is not None:
                    inside.update(range(stack[depth][1], index))
                    del stack[depth:]
    return inside


def _gap_kinds(words: list[str]) -> list[tuple[int, int]]:
    """For each gap between words: (kind, penalty); kind 3 sentence, 2 clause, 1 word, 0 never."""
    guarded = _guarded_gaps(words)
    kinds = []
    for index in range(len(words) - 1):
        word, following = words[index], words[index + 1]
        if index in guarded:
            kinds.append((0, 0))
        elif word in _ELLIPSIS or following in _ELLIPSIS:
            kinds.append((1, 4))
        elif _SENTENCE_END.search(word) and word.lower() not in _ABBREVIATIONS:
            kinds.append((3, 0))
        elif _CLAUSE_END.search(word):
            kinds.append((2, 0))
        else:
            penalty = 1
            if word.lower() in _LEANS_RIGHT or following.lower() in _LEANS_LEFT:
                penalty = 3
            elif following.lower() in _BETTER_START:
                penalty = 0
            kinds.append((1, penalty))
    return kinds


def caption_chunks(narration: str, width: int = 42, lines: int = 2) -> list[str]:
    """The narration cut into caption cues, each at most ``lines`` lines of ``width`` characters.

    Each cue wraps (:func:`caption_lines`) into at most ``lines`` lines of
    ``width`` characters (about 84 characters for two lines of 42). Cuts fall
    first at sentence ends, then at clause punctuation (, ; :), then, only if
    needed, between words (rather before "and", "which", ... than after "the",
    "of", "=", ...). No cut falls inside a word, so never inside a number
    (2.1e-12, -1.000, 0.659) or a symbol (y_T, e^z), nor inside a matched
    parenthesis or bracket unless what it holds cannot fit in one cue.

    Among the cuts of the best kinds, the fewest cues, then cues of even length
    (no long cue with a two-word tail). ``" ".join(chunks)`` is the narration
    with runs of whitespace collapsed.

    Parameters
    ----------
    narration : str
        The narration of a beat.
    width : int
        Most characters per caption line.
    lines : int
        Most lines per cue.

    Returns
    -------
    list of str
        The cues, in order.
    """
    if width < 1 or lines < 1:
        raise ValueError(f"width {width} and lines {lines} must be at least 1")
    words = narration.split()
    if not words:
        return []
    kinds = _gap_kinds(words)

    def fits(start: int, stop: int) -> bool:
        return len(_greedy(words[start:stop], width)) <= lines

    # cost[i]: the best cutting of words[:i], compared as a tuple: cuts that break a bracket,
    # cuts between words, cuts at clause punctuation, cues, then unevenness and awkward cuts.
    cost: list[tuple[int, int, int, int, float] | None] = [None] * (len(words) + 1)
    back = [0] * (len(words) + 1)
    cost[0] = (0, 0, 0, 0, 0.0)
    for stop in range(1, len(words) + 1):
        for start in range(stop - 1, -1, -1):
            if not fits(start, stop):
                break
            before = cost[start]
            if before is None:
                continue
            size = len(" ".join(words[start:stop])) / (width * lines)
            added = [0, 0, 0, 1, size * size]
            if start > 0:
                kind, penalty = kinds[start - 1]
                if kind < 3:
                    added[kind] += 1
                added[4] += 0.05 * penalty
            total = tuple(a + b for a, b in zip(before, added, strict=True))
            if cost[stop] is None or total < cost[stop]:
                cost[stop], back[stop] = total, start
    chunks, stop = [], len(words)
    while stop > 0:
        start = back[stop]
        chunks.append(" ".join(words[start:stop]))
        stop = start
    return chunks[::-1]
