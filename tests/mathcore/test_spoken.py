"""mathcore.spoken: what the speech engine is given, and the caption cues.

The expected spoken texts are worked out by hand. Numbers are checked the
other way round too: :func:`read_numbers`, written here independently of
mathcore, parses English number words back to the number they say, and the
property tests compare that with ``float()`` of the printed number.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from mathcore.spoken import (
    caption_chunks,
    caption_lines,
    number_words,
    spoken,
    whole_number_words,
)

PROPERTY = settings(deadline=None, max_examples=150)

# ----------------------------------------------------------------------
# An independent reader of number words.

UNITS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {word: 10 * (value + 2) for value, word in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def _small(word: str) -> int | None:
    """The value of one word below a hundred: "seven", "forty", "twenty-six"."""
    if word in UNITS:
        return UNITS[word]
    if word in TENS:
        return TENS[word]
    tens, _, unit = word.partition("-")
    if tens in TENS and unit in UNITS and 0 < UNITS[unit] < 10:
        return TENS[tens] + UNITS[unit]
    return None


def _read_whole(words: list[str], start: int) -> tuple[int, int] | None:
    """A whole number in words from ``words[start]``: (value, index after it), or None."""
    if start >= len(words) or _small(words[start]) is None:
        return None
    if words[start] == "zero":
        return 0, start + 1
    total, group, index = 0, 0, start
    last_scale = None
    expect = "small"  # what may come next: a small word, "hundred", a scale
    while index < len(words):
        word = words[index]
        value = _small(word)
        if value is not None and value > 0 and expect in ("small", "after hundred"):
            group += value
            expect = "after small" if value < 10 and expect == "small" else "after tens"
        elif word == "hundred" and expect == "after small":
            group *= 100
            expect = "after hundred"
        elif word in SCALES and group and expect != "small" and (
                last_scale is None or SCALES[word] < last_scale):
            total += group * SCALES[word]
            group, last_scale, expect = 0, SCALES[word], "small"
        else:
            break
        index += 1
    if expect == "small" and index > start and group == 0 and total == 0:
        return None
    return total + group, index


def read_numbers(text: str) -> list[float]:
    """Every number said in ``text`` ("minus two point one times ten to the minus twelve")."""
    words = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text)
    numbers, index = [], 0
    while index < len(words):
        negative = words[index] == "minus" and _read_whole(words, index + 1) is not None
        whole = _read_whole(words, index + negative)
        if whole is None:
            index += 1
            continue
        value, index = whole
        printed = ("-" if negative else "") + str(value)
        if index + 1 < len(words) and words[index] == "point" and words[index + 1] in UNITS \
                and UNITS[words[index + 1]] < 10:
            index += 1
            digits = ""
            while index < len(words) and words[index] in UNITS and UNITS[words[index]] < 10:
                digits += str(UNITS[words[index]])
                index += 1
            printed += "." + digits
        if words[index:index + 4] == ["times", "ten", "to", "the"]:
            minus = index + 4 < len(words) and words[index + 4] == "minus"
            exponent = _read_whole(words, index + 4 + minus)
            if exponent is not None:
                printed += "e" + ("-" if minus else "") + str(exponent[0])
                index = exponent[1]
        numbers.append(float(printed))
    return numbers


def test_the_reader_reads_by_hand():
    assert read_numbers("here eleven point two one three, and thirty steps") == [11.213, 30]
    assert read_numbers("two point one times ten to the minus twelve") == [2.1e-12]
    assert read_numbers("a equals minus one to b equals three") == [-1, 3]
    assert read_numbers("two thousand twenty-six and one hundred thousand two") == [2026, 100002]
    assert read_numbers("nine hundred ninety-nine million nine") == [999000009]
    assert read_numbers("y minus t, the one-hot target") == []
    assert read_numbers("zero point zero two one") == [0.021]
    # Two numbers side by side stay two numbers.
    assert read_numbers("one two") == [1, 2]
    assert read_numbers("twenty thirty") == [20, 30]


# ----------------------------------------------------------------------
# Hand-worked cases.

NUMBERS = [
    ("0", "zero"), ("7", "seven"), ("13", "thirteen"), ("30", "thirty"), ("42", "forty-two"),
    ("100", "one hundred"), ("105", "one hundred five"), ("999", "nine hundred ninety-nine"),
    ("1000", "one thousand"), ("2026", "two thousand twenty-six"),
    ("99988", "ninety-nine thousand nine hundred eighty-eight"),
    ("100002", "one hundred thousand two"), ("200000", "two hundred thousand"),
    ("1000000", "one million"), ("1000001000", "one billion one thousand"),
    ("0.659", "zero point six five nine"), ("1.500", "one point five"), ("1.000", "one"),
    ("-1.000", "minus one"), ("11.213", "eleven point two one three"),
    ("0.021", "zero point zero two one"), ("0.100", "zero point one"), ("0.000", "zero"),
    ("99989.059", "ninety-nine thousand nine hundred eighty-nine point zero five nine"),
    ("2.1e-12", "two point one times ten to the minus twelve"),
    ("4.852e+08", "four point eight five two times ten to the eight"),
    ("1.0e-07", "one times ten to the minus seven"),
    ("1.069e+13", "one point zero six nine times ten to the thirteen"),
    ("8.8e-27", "eight point eight times ten to the minus twenty-seven"),
    ("\u22120.716", "minus zero point seven one six"), ("007", "zero zero seven"),
]


@pytest.mark.parametrize(("printed", "said"), NUMBERS)
def test_numbers_by_hand(printed, said):
    assert number_words(printed) == said
    assert spoken(printed) == said


def test_number_words_refuses_what_is_not_a_number():
    for text in ("", "1.", "e5", "1e", "--1", "1.2.3"):
        with pytest.raises(ValueError):
            number_words(text)
    with pytest.raises(ValueError):
        whole_number_words(-1)


SYMBOLS = [
    ("y_T", "y T"), ("z_m", "z m"), ("t_1", "t one"), ("z_3", "z three"), ("z_{m}", "z m"),
    ("e^z", "e to the z"), ("e^{z_m}", "e to the z m"), ("R^K", "R to the K"),
    ("x^2", "x squared"), ("x^3", "x cubed"), ("e^{-x}", "e to the minus x"),
    ("\u2212log y_T", "minus log y T"), ("C = \u2212log y_T", "C equals minus log y T"),
    ("\u2202C/\u2202z_m", "d C by d z m"), ("\u2211_k e^{z_k}", "sum k e to the z k"),
    ("\u03a3 y", "sum y"), ("\u222b f", "integral f"), ("a \u00b7 b", "a dot b"),
    ("a \u00d7 b", "eh times b"),
    ("here A = 2.417.", "here eh equals two point four one seven."),
    ("A field with a symmetric Jacobian", "A field with a symmetric Jacobian"),
    ("the slope in a times one minus a.", "the slope in eh times one minus eh."),
    ("a minus sign, a cost", "a minus sign, a cost"), ("Integrate in a.", "Integrate in eh."),
    ("y \u2248 t", "y approximately t"),
    ("a < b", "a less than b"), ("a > b", "a greater than b"),
    ("a \u2264 b", "a less than or equal to b"), ("a \u2265 b", "a greater than or equal to b"),
    ("diag(y)", "diag of y"), ("along (1, ..., 1).", "along the all-ones vector."),
    ("along (1, \u2026, 1).", "along the all-ones vector."),
    ("z_1, z_2, ..., z_K", "z one, z two, and so on, z K"),
    ("Wait... what?", "Wait, what?"), ("The end...", "The end."),
    ("a = sigma of z", "eh equals sigma of z"),
    ("C = 0.313", "C equals zero point three one three"),
    ("eta = 1.000", "eta equals one"), ("a = -1.000", "eh equals minus one"),
    ("y = t_1", "y equals t one"), ("30 steps", "thirty steps"), ("chapter 5", "chapter five"),
    ("3 classes", "three classes"), ("du is e to the z_m dz_m", "d u is e to the z m d z m"),
    ("\u03c3(z) and \u03b7", "sigma of z and eta"), ("y - t", "y minus t"),
    ("here 1.5 - 0.5", "here one point five minus zero point five"),
    ("the cost \u2014 a number", "the cost, a number"),
    ("the cost - the number", "the cost, the number"),
    ("e.g. cats", "for example cats"),
]

NAMES = [
    ("horse_riding", "horse riding"), ("<b>", "b"), ("a--b", "a b"), ("x^2", "x squared"),
    ("{\\an8}", "an eight"), ("Jos\u00e9", "Jos\u00e9"), ("class1", "class one"),
    ("50%_off", "fifty percent off"), ("a&b", "a and b"), ("c++", "c plus plus"),
    ("#3", "number three"), ("\\input{/etc/passwd}", "input over etc over passwd"),
    ("$x$", "x"), ("a|b*c~d`e", "a b c d e"), ("one-hot", "one-hot"),
    ("\u00c0 la carte", "\u00c0 la carte"), ("na\u00efve \u00fcber", "na\u00efve \u00fcber"),
    ("it's", "it's"), ("'quoted'", "quoted"), ("\"quoted\"", "quoted"),
    ("v1.2", "v one point two"), ("file.txt", "file dot txt"), ("(wild) cat", "wild, cat"),
    ("cat (wild)", "cat, wild,"), ("class 12", "class twelve"), ("__init__", "init"),
]


@pytest.mark.parametrize(("written", "said"), SYMBOLS + NAMES)
def test_spoken_by_hand(written, said):
    assert spoken(written) == said


SENTENCES = [
    ("Stack them up: the total is the sum of e to the z_k, here 11.213.",
     "Stack them up: the total is the sum of e to the z k, here eleven point two one three."),
    ("The largest disagreement is 2.1e-12.",
     "The largest disagreement is two point one times ten to the minus twelve."),
    ("Its Hessian H is diag(y) minus y y transpose. Here are its entries, and its eigenvalues: "
     "none negative, and one zero, along (1, ..., 1).",
     "Its Hessian H is diag of y minus y y transpose. Here are its entries, and its eigenvalues: "
     "none negative, and one zero, along the all-ones vector."),
    ("one for each of horse_riding, <b>, a--b, x^2, {\\an8}, Jos\u00e9, class1.",
     "one for each of horse riding, b, a b, x squared, an eight, Jos\u00e9, class one."),
    ("from 0.417 to 0.021 in 30 steps.",
     "from zero point four one seven to zero point zero two one in thirty steps."),
    ("  Spaces\tand\nnewlines  ", "Spaces and newlines"), ("", ""), (" ,. ", ""),
]


@pytest.mark.parametrize(("written", "said"), SENTENCES)
def test_sentences_by_hand(written, said):
    assert spoken(written) == said


# ----------------------------------------------------------------------
# What reaches the engine, for any input.

ALLOWED = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff ,.;:?!'-]*")
LETTER = r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]"


def speakable_problems(said: str) -> list[str]:
    """What is wrong with ``said`` as text for the engine (empty when nothing is)."""
    problems = []
    if not ALLOWED.fullmatch(said):
        problems.append(f"characters {sorted(set(re.sub(ALLOWED.pattern[:-1], '', said)))}")
    if said != said.strip() or "  " in said:
        problems.append("not single-spaced and stripped")
    if re.search(rf"(?<!{LETTER})-|-(?!{LETTER})", said):
        problems.append("a hyphen outside a word")
    if re.search(r"\s[,.;:?!]|^[,.;:?!]", said):
        problems.append("a pause after a space or first")
    return problems


def test_speakable_problems_can_fail():
    assert speakable_problems("y_T") and speakable_problems("x  y") and speakable_problems("- a")
    assert speakable_problems("two , three") and speakable_problems("3")
    assert not speakable_problems("the one-hot target, Jos\u00e9's cat.")


@PROPERTY
@given(st.text())
@example("\u2202C/\u2202z_m \u2211 \u222b \u00b7 \u00d7 \u2248 \u2212 \u00f7 e^{-12} x^^2 "
         "((1, ..., 1)")
@example("a - - b -1- -- 1e+ 2.1e-12e5 .5 1..2 '' ,,, ...")
def test_spoken_gives_the_engine_only_what_it_reads(text):
    said = spoken(text)
    assert not speakable_problems(said), (text, said)
    assert not re.search(r"\d", said)


NAME_CHARACTERS = st.characters(min_codepoint=0x20, max_codepoint=0xFF,
                                exclude_characters="\x7f" + "".join(map(chr, range(0x80, 0xA0))))


@PROPERTY
@given(st.text(NAME_CHARACTERS, min_size=1, max_size=24))
def test_any_class_name_keeps_its_letters(name):
    said = spoken(f"the logit of {name} goes up.")
    assert not speakable_problems(said), (name, said)
    # Every letter of the name is still said, in order (symbols may add words between them).
    # A lone a or A is said "eh", the letter's name (the engine reads "a" as the article).
    letters = iter(re.findall(LETTER, re.sub(r"\beh\b", "a", said).lower()))
    assert all(letter in letters for letter in re.findall(LETTER, name.lower())), (name, said)


# ----------------------------------------------------------------------
# Numbers, read back.

@PROPERTY
@given(st.integers(0, 10**15 - 1))
@example(0)
@example(10**15 - 1)
@example(1_000_000_000_000)
def test_whole_numbers_read_back(n):
    said = whole_number_words(n)
    assert read_numbers(said) == [n]
    assert re.fullmatch(r"[a-z]+(?:[ -][a-z]+)*", said)
    assert "and" not in said.split()


PRINTED = st.builds(
    lambda sign, whole, fraction, exponent: (
        sign + str(whole) + (f".{fraction}" if fraction else "") + (exponent or "")),
    st.sampled_from(["", "-", "\u2212"]),
    st.integers(0, 10**9),
    st.one_of(st.none(), st.text("0123456789", min_size=1, max_size=6)),
    st.one_of(st.none(), st.builds(lambda sign, value: f"e{sign}{value:02d}",
                                   st.sampled_from(["", "+", "-"]), st.integers(0, 300))),
)


@PROPERTY
@given(PRINTED)
@example("2.1e-12")
@example("-1.000")
@example("4.852e+08")
def test_printed_numbers_read_back(printed):
    said = spoken(f"here {printed}, and so")
    assert read_numbers(said) == [float(printed.replace("\u2212", "-"))], said
    assert not speakable_problems(said)


@pytest.mark.parametrize(("printed", "said"), NUMBERS)
def test_the_hand_table_reads_back(printed, said):
    if not printed.startswith("00"):
        assert read_numbers(said) == [float(printed.replace("\u2212", "-"))]


# ----------------------------------------------------------------------
# Caption lines and cues.

def fits(chunk: str, width: int, lines: int) -> bool:
    rows = caption_lines(chunk, width).split("\n")
    return len(rows) <= lines and all(len(row) <= width or " " not in row for row in rows)


def test_caption_lines_by_hand():
    assert caption_lines("a b c", 3) == "a b\nc"
    assert caption_lines("one two three four", 9) == "one two\nthree\nfour"
    assert caption_lines("supercalifragilistic is long", 8) == "supercalifragilistic\nis long"
    assert caption_lines("", 10) == ""
    text = "The cost is minus the log of that probability: C equals minus log y_T,"
    rows = caption_lines(text).split("\n")
    assert len(rows) == 2 and all(len(row) <= 42 for row in rows)
    assert abs(len(rows[0]) - len(rows[1])) < 12  # even lines, not 42 then 27


@PROPERTY
@given(st.lists(st.text("abcdefghij", min_size=1, max_size=15), max_size=30),
       st.integers(5, 60))
def test_caption_lines_wrap_at_spaces_in_the_fewest_lines(words, width):
    rows = caption_lines(" ".join(words), width).split("\n") if words else []
    assert " ".join(rows).split() == words
    assert all(len(row) <= width or " " not in row for row in rows)
    # As few lines as filling each line in turn needs.
    greedy = []
    for word in words:
        if greedy and len(greedy[-1]) + 1 + len(word) <= width:
            greedy[-1] += " " + word
        else:
            greedy.append(word)
    assert len(rows) == len(greedy)


NARRATION = (
    "Now write y_T out as softmax: e to the z_T over the sum. The log of a quotient is a "
    "difference, the log of e to the z_T is z_T, and the minus sign distributes: the cost is "
    "log of the sum of e to the z_k, minus z_T. Its Hessian H is diag(y) minus y y transpose. "
    "Here are its entries, and its eigenvalues: none negative, and one zero, along (1, ..., 1). "
    "See it on one slice: keep every logit fixed except the one of dog, and slide it from "
    "a = -1.000 to b = 3.000. The largest disagreement is 2.1e-12. The dot marks z = 1.000, "
    "the difference of our example's first two logits; it comes back at the end. Why so simple? "
    "Softmax with two classes is a sigmoid of z_1 minus z_2: for cat and dog both give 0.731. "
    "Step by step the probability of cat climbs toward one, the others shrink toward zero, and "
    "the cost on the right falls: from 0.417 to 0.021 in 30 steps. Here it is for these 3 "
    "classes: the probabilities y, the one-hot target t, and their difference y minus t."
)
# Words of the narration; bracket groups come whole from GROUPS.
VOCABULARY = sorted(word for word in set(NARRATION.split()) if not set(word) & set("()[]{}"))
GROUPS = ["(1, ..., 1)", "diag(y)", "(the dots, the bars)", "e^{z_m - c}", "[2.0, 1.0, 0.1]",
          "(a long aside that goes on and on, with commas, and more words, until it cannot "
          "fit in any single caption cue at all, not even close)"]


def check_chunks(narration: str, chunks: list[str], width: int, lines: int) -> None:
    words = narration.split()
    assert " ".join(chunks) == " ".join(words)
    assert all(chunk and chunk == " ".join(chunk.split()) for chunk in chunks)
    # Cuts fall between words: every token (number, symbol, word) lies whole in one cue.
    assert [word for chunk in chunks for word in chunk.split()] == words
    for chunk in chunks:
        assert fits(chunk, width, lines), (chunk, caption_lines(chunk, width))


def bracket_spans(words: list[str]) -> list[tuple[int, int]]:
    """(first, last) word of each bracket group written as in GROUPS."""
    spans, opened = [], None
    for index, word in enumerate(words):
        if opened is None and word[:1] in "([":
            opened = index
        if opened is not None and word.rstrip(",.;:?!")[-1:] in ")]":
            spans.append((opened, index))
            opened = None
    return spans


def cut_positions(chunks: list[str]) -> set[int]:
    """The gaps cut, as the index of the word before each cut."""
    cuts, count = set(), 0
    for chunk in chunks[:-1]:
        count += len(chunk.split())
        cuts.add(count - 1)
    return cuts


def sentences_strategy(max_words: int = 16):
    word = st.one_of(st.sampled_from(VOCABULARY), st.sampled_from(VOCABULARY),
                     st.sampled_from(GROUPS), st.text("xyz", min_size=45, max_size=50))
    sentence = st.builds(
        lambda words, commas, end: " ".join(
            item + ("," if index in commas and index < len(words) - 1 else "")
            for index, item in enumerate(words)).rstrip(",.;:?!") + end,
        st.lists(word, min_size=1, max_size=max_words),
        st.sets(st.integers(0, max_words)), st.sampled_from([".", "?", "!"]))
    return st.lists(sentence, min_size=1, max_size=6).map(" ".join)


@PROPERTY
@given(sentences_strategy(), st.integers(20, 60), st.integers(1, 3))
@example(NARRATION, 42, 2)
def test_caption_chunks_keep_everything_in_cues_that_fit(narration, width, lines):
    chunks = caption_chunks(narration, width, lines)
    check_chunks(narration, chunks, width, lines)
    words = narration.split()
    cuts = cut_positions(chunks)
    for first, last in bracket_spans(words):
        if fits(" ".join(words[first:last + 1]), width, lines):
            assert not cuts & set(range(first, last)), (words[first:last + 1], chunks)


def sentence_of(words: list[str]) -> str:
    return " ".join(words).rstrip(",.;:?!") + "."


@PROPERTY
@given(st.lists(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=9), min_size=1,
                max_size=8))
def test_when_every_sentence_fits_cues_end_only_at_sentence_ends(sentences):
    texts = [sentence_of([word.rstrip(",.;:?!") or "x" for word in words])
             for words in sentences]
    narration = " ".join(texts)
    assume(all(fits(text, 42, 2) for text in texts))
    chunks = caption_chunks(narration)
    check_chunks(narration, chunks, 42, 2)
    assert all(chunk.endswith(".") for chunk in chunks), chunks
    # And cues are not split more than needed: no two neighbours would fit together.
    assert not any(fits(first + " " + second, 42, 2) for first, second in zip(
        chunks, chunks[1:], strict=False)), chunks


@PROPERTY
@given(st.lists(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=8), min_size=2,
                max_size=6))
def test_when_every_clause_fits_no_cue_is_cut_between_words(clauses):
    texts = [" ".join(word.rstrip(",.;:?!()") or "x" for word in words) for words in clauses]
    narration = ", ".join(texts) + "."
    assume(all(fits(text + ",", 42, 2) for text in texts))
    chunks = caption_chunks(narration)
    check_chunks(narration, chunks, 42, 2)
    assert all(chunk[-1] in ",." for chunk in chunks), chunks


@PROPERTY
@given(st.lists(st.sampled_from([w.strip(",.;:?!()") for w in VOCABULARY if w.strip(",.;:?!()")]),
                min_size=12, max_size=60))
def test_a_sentence_without_pauses_is_cut_into_even_cues(words):
    narration = " ".join(words) + "."
    chunks = caption_chunks(narration)
    check_chunks(narration, chunks, 42, 2)
    # As few cues as cutting greedily needs, and none a short tail of the others.
    greedy, cue = 0, []
    for word in narration.split():
        if cue and not fits(" ".join([*cue, word]), 42, 2):
            greedy, cue = greedy + 1, []
        cue.append(word)
    assert len(chunks) == greedy + 1
    if len(chunks) > 1:
        assert min(map(len, chunks)) >= 0.25 * max(map(len, chunks)), chunks


def test_caption_chunks_by_hand():
    assert caption_chunks("") == [] and caption_chunks("  \n ") == []
    assert caption_chunks(" Slide  y_T.\n") == ["Slide y_T."]
    two = ("A classifier turns logits into probabilities with softmax. "
           "Its gradient comes out as simply y minus t, and that is all.")
    assert caption_chunks(two) == ["A classifier turns logits into probabilities with softmax.",
                                   "Its gradient comes out as simply y minus t, and that is all."]
    clause = ("Gradient descent moves each logit against its gradient, by eta times y_m minus "
              "t_m, here with eta = 1.000.")
    assert caption_chunks(clause) == [
        "Gradient descent moves each logit against its gradient,",
        "by eta times y_m minus t_m, here with eta = 1.000."]
    # Not a long cue and a two-word tail.
    plain = ("the probability of cat climbs toward one while all the others shrink toward zero "
             "as the cost falls")
    chunks = caption_chunks(plain)
    assert len(chunks) == 2 and min(map(len, chunks)) > 30, chunks
    # The all-ones vector stays whole; so does a number.
    ones = ("Here are its entries and its eigenvalues which are none negative and exactly one "
            "zero along (1, ..., 1) in every case")
    assert any("(1, ..., 1)" in chunk for chunk in caption_chunks(ones))
    assert caption_chunks("x " * 50 + "2.1e-12", 10, 1)[-1].endswith("2.1e-12")


def test_caption_chunks_refuses_no_room():
    with pytest.raises(ValueError):
        caption_chunks("a b", 0)
    with pytest.raises(ValueError):
        caption_chunks("a b", 42, 0)


def test_each_cue_reads_alone_as_the_whole_does():
    said = spoken(NARRATION)
    pieces = [spoken(chunk) for chunk in caption_chunks(NARRATION)]
    assert re.findall(r"[\w'-]+", " ".join(pieces)) == re.findall(r"[\w'-]+", said)
    assert read_numbers(" ".join(pieces)) == read_numbers(said)
