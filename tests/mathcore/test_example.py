"""The worked example: its numbers, its LaTeX strings, its input handling.

Expected values are computed here in plain Python (``math.exp``, ``math.fsum``),
never copied from mathcore; the figures of the storyboard (y = 0.659, 0.242,
0.099; C = 0.417) are checked to the three decimals the storyboard gives.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import mathcore.example as example_module
from mathcore.example import MAX_LOGIT, MAX_NAME_LENGTH, ExampleError, WorkedExample, formulas
from mathcore.notation import format_number
from tests.reference import plain_cost, plain_gradient, plain_probabilities

STORYBOARD_LOGITS = (2.0, 1.0, 0.1)
STORYBOARD_CLASSES = ("cat", "dog", "bird")
TOLERANCE = 1e-14  # float64 results of O(1) against the same formula in plain Python
EPS = 2.0**-52  # the spacing of float64 numbers just above 1


def three_decimals(value: float) -> str:
    """The storyboard's way of writing an O(1) number, spelled out independently."""
    text = f"{value:.3f}"
    return "0.000" if text == "-0.000" else text


def close(actual, expected, tolerance: float = TOLERANCE) -> None:
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float),
                               rtol=0, atol=tolerance)


@pytest.fixture(scope="module")
def storyboard() -> WorkedExample:
    return WorkedExample.build()


# ---------------------------------------------------------------------------
# the storyboard's example


def test_default_example_is_the_storyboards(storyboard):
    assert storyboard.classes == STORYBOARD_CLASSES
    close(storyboard.logits, STORYBOARD_LOGITS, 0.0)
    assert storyboard.target == 0 and storyboard.target_name == "cat"
    assert storyboard.n_classes == 3
    close(storyboard.one_hot, [1.0, 0.0, 0.0], 0.0)


def test_default_example_numbers(storyboard):
    logits = STORYBOARD_LOGITS
    close(storyboard.probabilities, plain_probabilities(logits))
    close(storyboard.exponentials, [math.exp(value) for value in logits], 1e-14 * math.exp(2))
    close(storyboard.partition, math.fsum(math.exp(value) for value in logits), 1e-13)
    close(storyboard.cost, plain_cost(logits, 0))
    close(storyboard.gradient, plain_gradient(logits, 0))
    close(storyboard.log_partition, math.log(math.fsum(math.exp(value) for value in logits)))
    close(storyboard.log_probabilities, [math.log(y) for y in plain_probabilities(logits)])
    # The storyboard's own figures, to the three decimals it prints.
    close(storyboard.probabilities, [0.659, 0.242, 0.099], 5e-4)
    close(storyboard.cost, 0.417, 5e-4)
    close(storyboard.gradient, [-0.341, 0.242, 0.099], 5e-4)


def test_default_example_derived_quantities(storyboard):
    logits = STORYBOARD_LOGITS
    y = np.array(plain_probabilities(logits))
    close(storyboard.finite_difference, plain_gradient(logits, 0), 1e-8)
    assert storyboard.finite_difference_error <= 1e-8
    close(storyboard.jacobian, np.diag(y) - np.outer(y, y))
    close(storyboard.shifted_probabilities, y)
    close(storyboard.shifted_logits, [value + storyboard.shift for value in logits], 0.0)
    rise = plain_cost(logits, 0) - math.log(3.0)  # C(0) = log K
    close(storyboard.cost_rise, rise)
    assert set(storyboard.path_integrals) == {"straight", "coordinatewise"}
    for name, value in storyboard.path_integrals.items():
        assert abs(value - rise) <= 1e-9 * (1.0 + abs(rise)), name


def test_default_example_slice(storyboard):
    # Chapter 5 slides dog (the likeliest class but the target) and cat (the target),
    # each over whole numbers 2 either side of where its y is 1/2 (issue #11: informative).
    for cut, index, sign in ((storyboard.slice, 1, 1.0), (storyboard.target_slice, 0, -1.0)):
        assert cut.index == index
        others = [value for k, value in enumerate(STORYBOARD_LOGITS) if k != index]
        half = math.log(sum(math.exp(value) for value in others))  # y_m = 1/2 there
        centre = math.floor(half + 0.5)
        assert (cut.start, cut.end) == (centre - 2.0, centre + 2.0)
        low, high = list(STORYBOARD_LOGITS), list(STORYBOARD_LOGITS)
        low[index], high[index] = cut.start, cut.end
        rise = plain_cost(high, 0) - plain_cost(low, 0)
        close(cut.rise, rise)
        assert abs(cut.area - rise) <= 1e-9 * (1.0 + abs(rise))
        # y_m - t_m > 0 off the target, the cost rises with z_m; y_T - 1 < 0, it falls.
        assert rise * sign > 0


def test_default_example_descent(storyboard):
    trajectory = storyboard.trajectory
    steps = len(trajectory.costs) - 1
    assert steps >= 1
    z = list(STORYBOARD_LOGITS)
    costs = [plain_cost(z, 0)]
    for _ in range(steps):
        z = [value - trajectory.rate * g for value, g in zip(z, plain_gradient(z, 0), strict=True)]
        costs.append(plain_cost(z, 0))
    close(trajectory.costs, costs, 1e-12)
    close(trajectory.logits[-1], z, 1e-12)
    assert np.all(np.diff(trajectory.costs) <= 0.0)


def test_default_example_checks_all_pass(storyboard):
    assert storyboard.passed
    names = [check.name for check in storyboard.checks]
    assert len(names) == len(set(names))
    for check in storyboard.checks:
        assert check.passed and check.max_error <= check.tolerance, check.name
        assert storyboard.check(check.name) is check
    with pytest.raises(KeyError):
        storyboard.check("no such check")


def test_default_example_latex_numbers(storyboard):
    logits = STORYBOARD_LOGITS
    y = plain_probabilities(logits)
    cost = plain_cost(logits, 0)
    total = math.fsum(math.exp(value) for value in logits)
    rise = cost - math.log(3.0)
    latex = storyboard.latex
    assert latex["logits"] == ["2.000", "1.000", "0.100"]
    assert latex["exponentials"] == [three_decimals(math.exp(value)) for value in logits]
    assert latex["probabilities"] == [three_decimals(value) for value in y]
    assert latex["shifted_probabilities"] == [three_decimals(value) for value in y]
    assert latex["gradient"] == [three_decimals(value) for value in plain_gradient(logits, 0)]
    assert latex["one_hot"] == ["1.000", "0.000", "0.000"]
    assert latex["classes"] == [r"\text{cat}", r"\text{dog}", r"\text{bird}"]
    assert latex["target_is"] == r"T = \text{cat}"
    assert latex["cost_value"] == rf"C = -\log y_{{T}} = {three_decimals(cost)}"
    assert latex["target_probability"] == rf"y_{{T}} = {three_decimals(y[0])}"
    assert latex["partition_value"] == rf"\sum_{{k}} e^{{z_{{k}}}} = {three_decimals(total)}"
    assert latex["probabilities_sum_value"] == r"\sum_{k} y_{k} = 1.000"
    assert latex["cost_rise"] == rf"C(z) - C(0) = {three_decimals(rise)}"
    for name in ("straight", "coordinatewise"):
        assert latex["path_integrals"][name].endswith(f"= {three_decimals(rise)}")
    # The storyboard's figures as printed.
    assert latex["probabilities"] == ["0.659", "0.242", "0.099"]
    assert latex["cost_value"].endswith("= 0.417")


def test_example_latex_keeps_every_general_formula(storyboard):
    # example.latex is "every string of LaTeX that the scenes show": the general
    # formulas must survive next to the example's numbers, not be overwritten.
    latex = storyboard.latex
    for name, formula in formulas().items():
        assert latex.get(name) == formula, name


def test_general_formulas_are_printed_from_sympy():
    table = formulas()
    assert table["softmax"] == r"y_{m} = \frac{e^{z_{m}}}{\sum_{k} e^{z_{k}}}"
    assert table["cost"] == r"C = - \log y_{T}"
    assert table["cost_rewritten"] == r"C = \log \sum_{k} e^{z_{k}} - z_{T}"
    assert table["gradient_formula"] == r"\frac{\partial C}{\partial z_{m}} = y_{m} - t_{m}"
    assert table["one_hot_formula"] == r"t_{m} = 1_{m=T}"


@pytest.mark.parametrize(
    "value, text",
    [(0.0, "0.000"), (-0.0, "0.000"), (-0.0001, "-1.0e-04"), (0.0004, "4.0e-04"),
     (0.0005, "0.001"), (-0.00049, "-4.9e-04"), (1234.5678, "1234.568"), (-0.3409, "-0.341"),
     (2.1e-9, "2.1e-09"), (485165195.41, "4.852e+08"), (-3e7, "-3.000e+07"),
     (999999.0, "999999.000")],
)
def test_format_number(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_format_number_refuses_non_finite(value):
    with pytest.raises(ValueError):
        format_number(value)


def test_class_names_up_to_the_length_limit_are_accepted():
    longest = "n" * MAX_NAME_LENGTH
    assert WorkedExample.build([1.0, 0.0], longest, ["a", longest]).target_name == longest


# What the handout's pdflatex and Manim's latex typeset (tests/handout and
# tests/scenes show them printed): printable ASCII and the Latin-1 letters.
TYPESET = {chr(code) for code in range(0x20, 0x7F)} | set(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ")
# CJK, an emoji, Hebrew, Cyrillic, Greek, an en dash, a curly quote, the euro,
# the fi ligature, a zero-width space, a combining accent.
OTHER_SCRIPTS = "\u732b\U0001f436\u05e2\u0416\u03b1\u2013\u2019\u20ac\ufb01\u200b\u0301"


def test_a_class_name_may_hold_only_what_latex_can_typeset():
    wrong = []
    for character in [chr(code) for code in range(0x300)] + list(OTHER_SCRIPTS):
        name = f"a{character}b"
        try:
            accepted = WorkedExample.build([1.0, 0.0], 0, [name, "c"]).classes[0] == name
        except ExampleError as error:
            assert_one_line(error, repr(name))
            accepted = False
        if accepted != (character in TYPESET):
            wrong.append(f"U+{ord(character):04X}")
    assert wrong == []


def test_the_documented_name_length_is_the_enforced_one():
    limits = re.findall(r"at most [^()]*?(\d+)\s+characters", WorkedExample.__doc__)
    assert limits == [str(MAX_NAME_LENGTH)]
    with pytest.raises(ExampleError, match=f"longer than {MAX_NAME_LENGTH} characters"):
        WorkedExample.build([1.0, 0.0], 0, ["a", "n" * (MAX_NAME_LENGTH + 1)])


def test_class_names_are_escaped_for_latex():
    example = WorkedExample.build([1.0, 0.0], 0, ["a_b", "50%"])
    assert example.latex["classes"] == [r"\text{a\_b}", r"\text{50\%}"]


# ---------------------------------------------------------------------------
# other examples


@pytest.mark.parametrize(
    "logits, target",
    [
        ([0.5, -1.0, 3.0, 0.0], 2),
        ([1e4, -1e4], 1),
        ([1e4, -1e4, 0.0, 1e-8], 3),
        ([-3.0, -3.0, -3.0, -3.0, -3.0, -3.0, -3.0, -3.0], 7),
        ([40.0, -40.0, 0.0], 0),
    ],
)
def test_other_examples_match_plain_python(logits, target):
    example = WorkedExample.build(logits, target)
    assert example.passed
    tolerance = 1e-14 * (1.0 + max(abs(value) for value in logits))
    close(example.probabilities, plain_probabilities(logits), TOLERANCE)
    close(example.cost, plain_cost(logits, target), tolerance)
    close(example.gradient, plain_gradient(logits, target), TOLERANCE)
    rise = plain_cost(logits, target) - math.log(len(logits))
    for value in example.path_integrals.values():
        assert abs(value - rise) <= 1e-9 * (1.0 + abs(rise))
    default_names = (STORYBOARD_CLASSES if len(logits) == 3
                     else tuple(f"class {index + 1}" for index in range(len(logits))))
    assert example.classes == default_names


@pytest.mark.parametrize(
    "logits",
    [
        [2.0, 1.0, 0.1],
        [800.0, 799.0],
        [1e4, -1e4, 0.0],
        [-30.0, -31.0],
        [-800.0, -801.0],
        [-740.0, -741.0, -745.5],
    ],
)
def test_shown_exponentials_over_their_sum_are_the_probabilities(logits):
    # The lecture shows y = e^z / sum_k e^z; where e^z would overflow it shows
    # e^{z - max z} instead (same quotient). Either way the quotient of the
    # shown numbers must be the shown probabilities, and no shown e^z is 0.
    example = WorkedExample.build(logits, 0)
    shown = np.asarray(example.exponentials)
    assert example.partition > 0.0
    close(shown / example.partition, plain_probabilities(logits), 1e-12)
    probabilities = plain_probabilities(logits)
    assert [text == "0.000" for text in example.latex["exponentials"]] == [
        probability == 0.0 for probability in probabilities
    ]


@pytest.mark.parametrize("logits, shifted", [
    ([2.0, 1.0, 0.1], False),
    ([700.0, 699.0], False),  # e^700 = 1e304 still fits
    ([800.0, 799.0], True),
    ([-800.0, -801.0], True),  # e^-800 would underflow to 0
    ([1e4, -1e4, 0.0], True),
])
def test_the_exponentials_say_which_shift_they_carry(logits, shifted):
    example = WorkedExample.build(logits, 0)
    shift = example.exponential_shift
    assert shift == (max(logits) if shifted else 0.0)
    expected = [math.exp(value - max(logits)) if shifted else math.exp(value)
                for value in logits]
    close(example.exponentials, expected, 1e-14 * max(expected))


@pytest.mark.parametrize("logits", [[1e308, 0.0], [0.0, -1e12, 3.0]])
def test_huge_finite_logits_give_an_example_or_an_example_error(logits):
    # Finite but far beyond the lecture's range: the result must be a usable
    # example or a one-line ExampleError, never a crash inside the numerics.
    try:
        example = WorkedExample.build(logits, 0, strict=False)
    except ExampleError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert abs(math.fsum(example.probabilities) - 1.0) <= 1e-12


# ---------------------------------------------------------------------------
# the checks at the ends of the accepted range: no false failures, real errors caught

# Once failed with fixed tolerances: an ulp of 1e5 is 1.5e-11.
LARGE_IN_RANGE = [
    ([1e5, 1e5, 1e5, 1e5], 0),
    ([5e4, 5e4, 5e4, 5e4], 0),
    ([99999.5, 1e5], 0),
    ([65138.298, 93395.429, -18045.732], 1),
]


def assert_cost_matches_plain_python(example: WorkedExample, logits, target: int) -> None:
    # plain_cost adds and cancels |max z| and |z_T|: a few ulps of those.
    magnitude = len(logits) + 2 * max(abs(value) for value in logits) + example.cost
    assert abs(example.cost - plain_cost(logits, target)) <= 8 * EPS * magnitude


@pytest.mark.parametrize("logits, target", LARGE_IN_RANGE)
def test_large_logits_inside_the_range_pass_every_check(logits, target):
    example = WorkedExample.build(logits, target)  # strict: a failed check raises
    assert example.passed
    assert_cost_matches_plain_python(example, logits, target)


in_range_logit = st.one_of(
    st.floats(-MAX_LOGIT, MAX_LOGIT, allow_nan=False),
    st.sampled_from([MAX_LOGIT, -MAX_LOGIT, MAX_LOGIT / 2, -MAX_LOGIT / 2, 99999.5, 0.0]),
)
in_range_examples = st.integers(2, 8).flatmap(lambda count: st.tuples(
    st.lists(in_range_logit, min_size=count, max_size=count), st.integers(0, count - 1)))


# Up to 2 s an example at |z| ~ 1e5 with 8 classes (50 000 quadrature pieces a path):
# CI replays the same dozen; each local run draws new ones.
@settings(max_examples=12, deadline=None)
@given(in_range_examples)
@example(LARGE_IN_RANGE[0])
@example(LARGE_IN_RANGE[3])
def test_no_example_inside_the_range_fails_a_check(case):
    logits, target = case
    example = WorkedExample.build(logits, target, strict=False)
    failed = [(check.name, check.max_error, check.tolerance)
              for check in example.checks if not check.passed]
    assert failed == []
    assert_cost_matches_plain_python(example, logits, target)


def failed_checks(logits, target: int) -> set[str]:
    example = WorkedExample.build(logits, target, strict=False)
    return {check.name for check in example.checks if not check.passed}


@pytest.mark.parametrize("logits, target", [(STORYBOARD_LOGITS, 0), *LARGE_IN_RANGE[::3]])
def test_a_cost_off_by_1e_6_fails_its_check(monkeypatch, logits, target):
    honest = example_module.nll
    monkeypatch.setattr(example_module, "nll",
                        lambda point, index: honest(point, index) + 1e-6)
    assert failed_checks(logits, target) == {"cost_is_log_sum_exp_minus_target"}
    with pytest.raises(ExampleError, match="cost_is_log_sum_exp_minus_target"):
        WorkedExample.build(logits, target)


@pytest.mark.parametrize("logits, target, error", [
    (STORYBOARD_LOGITS, 0, 1e-6),
    # At |z| ~ 1e5 a finite difference with h = 1e-5 is only good to ~1e-6.
    (*LARGE_IN_RANGE[0], 1e-4),
    (*LARGE_IN_RANGE[3], 1e-4),
])
def test_a_perturbed_gradient_fails_its_checks(monkeypatch, logits, target, error):
    honest = example_module.nll_gradient

    def perturbed(points, index):
        gradient = honest(points, index)
        gradient[..., 0] += error
        return gradient

    monkeypatch.setattr(example_module, "nll_gradient", perturbed)
    assert {"gradient_matches_finite_differences", "gradient_sums_to_zero",
            "straight_path_integral", "coordinatewise_path_integral"} <= failed_checks(
        logits, target)


# ---------------------------------------------------------------------------
# JSON


def test_json_round_trip(storyboard):
    data = json.loads(storyboard.to_json())
    assert data["classes"] == list(STORYBOARD_CLASSES)
    assert data["target"] == 0 and data["target_name"] == "cat"
    close(data["logits"], STORYBOARD_LOGITS, 0.0)
    close(data["probabilities"], plain_probabilities(STORYBOARD_LOGITS))
    close(data["cost"], plain_cost(STORYBOARD_LOGITS, 0))
    close(data["gradient"], plain_gradient(STORYBOARD_LOGITS, 0))
    # JSON keeps every float exactly (shortest repr round trip).
    close(data["jacobian"], storyboard.jacobian, 0.0)
    close(data["descent"]["costs"], storyboard.trajectory.costs, 0.0)
    close(list(data["path_integrals"].values()), list(storyboard.path_integrals.values()), 0.0)
    assert set(data["checks"]) == {check.name for check in storyboard.checks}
    assert all(check["passed"] for check in data["checks"].values())
    rebuilt = WorkedExample.build(data["logits"], data["target"], data["classes"])
    assert rebuilt.fingerprint() == storyboard.fingerprint()
    assert json.loads(rebuilt.to_json()).keys() == data.keys()
    close(rebuilt.probabilities, storyboard.probabilities, 0.0)


def test_fingerprint_depends_on_the_inputs_only(storyboard):
    assert WorkedExample.build().fingerprint() == storyboard.fingerprint()
    assert WorkedExample.build(target="dog").fingerprint() != storyboard.fingerprint()


# ---------------------------------------------------------------------------
# from_options and lecture.toml


def write_config(directory: Path, text: str, name: str = "lecture.toml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


CONFIG = """\
logits = [0.5, -1.0, 3.0, 0.0]
classes = ["ant", "bee", "cow", "doe"]
target = "cow"
"""


def test_defaults_without_a_config(tmp_path):
    example = WorkedExample.from_options(search_dir=tmp_path)
    assert example.classes == STORYBOARD_CLASSES and example.target == 0
    close(example.logits, STORYBOARD_LOGITS, 0.0)


def test_config_in_the_search_directory(tmp_path):
    write_config(tmp_path, CONFIG)
    example = WorkedExample.from_options(search_dir=tmp_path)
    assert example.classes == ("ant", "bee", "cow", "doe")
    assert example.target == 2 and example.target_name == "cow"
    close(example.probabilities, plain_probabilities([0.5, -1.0, 3.0, 0.0]))


def test_config_given_explicitly(tmp_path):
    path = write_config(tmp_path, CONFIG, name="other.toml")
    assert WorkedExample.from_options(search_dir=tmp_path).classes == STORYBOARD_CLASSES
    example = WorkedExample.from_options(config=path, search_dir=tmp_path)
    assert example.target_name == "cow"
    example = WorkedExample.from_options(config=str(path))
    assert example.target_name == "cow"


@pytest.mark.parametrize(
    "options, logits, target, classes",
    [
        ({"logits": "1,2,3,4"}, [1.0, 2.0, 3.0, 4.0], 2, ("ant", "bee", "cow", "doe")),
        ({"logits": [4.0, 3.0, 2.0, 1.0]}, [4.0, 3.0, 2.0, 1.0], 2, ("ant", "bee", "cow", "doe")),
        ({"target": "bee"}, [0.5, -1.0, 3.0, 0.0], 1, ("ant", "bee", "cow", "doe")),
        ({"target": " doe "}, [0.5, -1.0, 3.0, 0.0], 3, ("ant", "bee", "cow", "doe")),
        ({"target": "1"}, [0.5, -1.0, 3.0, 0.0], 1, ("ant", "bee", "cow", "doe")),
        ({"target": 3}, [0.5, -1.0, 3.0, 0.0], 3, ("ant", "bee", "cow", "doe")),
        ({"classes": "w, x,y,z", "target": "x"}, [0.5, -1.0, 3.0, 0.0], 1, ("w", "x", "y", "z")),
        ({"classes": ["p", "q", "r", "s"], "target": 0}, [0.5, -1.0, 3.0, 0.0], 0,
         ("p", "q", "r", "s")),
        ({"logits": "1,2", "classes": "yes,no", "target": "no"}, [1.0, 2.0], 1, ("yes", "no")),
    ],
)
def test_options_override_config_keys(tmp_path, options, logits, target, classes):
    write_config(tmp_path, CONFIG)
    example = WorkedExample.from_options(search_dir=tmp_path, **options)
    close(example.logits, logits, 0.0)
    assert example.target == target
    assert example.classes == classes
    close(example.probabilities, plain_probabilities(logits))


@pytest.mark.parametrize("classes, target, index", [
    (["0", "1", "2"], "1", 1),  # name and index agree
    (["a", "1", "b"], "1", 1),
    (["5", "6", "7"], "1", 1),  # no class is named 1: an index
    (["10", "0", "1"], "10", 0),  # 10 is no index of three classes: a name
    (["2", "0", "1"], 1, 1),  # an integer is always an index
    (["cat", "dog", "bird"], " dog ", 1),
])
def test_a_target_that_is_a_name_or_an_index_but_not_both(classes, target, index):
    assert WorkedExample.build([2.0, 1.0, 0.1], target, classes).target == index


@pytest.mark.parametrize("classes, target, named, indexed", [
    (["2", "0", "1"], "1", 2, "0"),
    (["2", "0", "1"], " 2 ", 0, "1"),
    (["x", "+0"], "+0", 1, "x"),
])
def test_a_target_that_names_one_class_and_indexes_another_is_refused(classes, target,
                                                                     named, indexed):
    with pytest.raises(ExampleError) as caught:
        WorkedExample.build([1.0] * len(classes), target, classes)
    assert_one_line(caught.value, f"target {target.strip()!r} is ambiguous: it is the name of "
                                  f"the class at index {named} and the index of class "
                                  f"{indexed!r}; rename the classes")


@pytest.mark.parametrize(
    "text, logits, target, classes",
    [
        ("target = 1\n", [2.0, 1.0, 0.1], 1, STORYBOARD_CLASSES),
        ('target = "bird"\n', [2.0, 1.0, 0.1], 2, STORYBOARD_CLASSES),
        ("logits = [1, 2, 3, 4]\n", [1.0, 2.0, 3.0, 4.0], 0,
         ("class 1", "class 2", "class 3", "class 4")),
        ('classes = ["x", "y", "z"]\n', [2.0, 1.0, 0.1], 0, ("x", "y", "z")),
        ("", [2.0, 1.0, 0.1], 0, STORYBOARD_CLASSES),
    ],
)
def test_partial_configs(tmp_path, text, logits, target, classes):
    write_config(tmp_path, text)
    example = WorkedExample.from_options(search_dir=tmp_path)
    close(example.logits, logits, 0.0)
    assert example.target == target and example.classes == classes


# ---------------------------------------------------------------------------
# bad input: one-line ExampleError


BAD_OPTIONS = [
    ({"logits": "nan,1"}, "finite"),
    ({"logits": "2,inf"}, "finite"),
    ({"logits": "-inf,2,3"}, "finite"),
    ({"logits": "1e400,2"}, "finite"),
    ({"logits": "2,abc"}, "'abc' is not a number"),
    ({"logits": "2,,1"}, "not a number"),
    ({"logits": ""}, "not a number"),
    ({"logits": "1"}, "2 to 8"),
    ({"logits": "1,2,3,4,5,6,7,8,9"}, "2 to 8"),
    ({"logits": [1.0, "2"]}, "not a number"),
    ({"logits": [True, 2.0]}, "not a number"),
    ({"logits": [1.0, None]}, "not a number"),
    ({"target": "3"}, "out of range"),
    ({"target": "-1"}, "out of range"),
    ({"target": 7}, "out of range"),
    ({"target": "fish"}, "unknown target class 'fish'"),
    ({"target": True}, "neither"),
    ({"target": 1.5}, "neither"),
    ({"classes": "cat,cat,dog"}, "duplicate class name 'cat'"),
    ({"classes": "cat,,dog"}, "empty"),
    ({"classes": "cat, ,dog"}, "empty"),
    ({"classes": "cat,dog"}, "2 class names given for 3 logits"),
    ({"classes": "cat,dog,bird,fish"}, "4 class names given for 3 logits"),
    ({"classes": "cat,dog," + "n" * (MAX_NAME_LENGTH + 1)}, "longer than"),
    ({"classes": "cat,dog,bi\x07rd"}, "control character"),
    ({"classes": "\u732b,\U0001f436,\u05e2\u05d5\u05e3"},
     "class name '\u732b' has a character the lecture cannot typeset (U+732B); "
     "use Latin letters, digits and punctuation"),
    ({"classes": "cat,dog,2\u00d73"}, "(U+00D7)"),
    ({"classes": ["cat", "dog", 3]}, "not a string"),
]


def assert_one_line(error: ExampleError, fragment: str) -> None:
    message = str(error)
    assert message.strip() and "\n" not in message and "\r" not in message
    assert fragment in message


@pytest.mark.parametrize("options, fragment", BAD_OPTIONS, ids=repr)
def test_bad_options_raise_a_one_line_example_error(tmp_path, options, fragment):
    with pytest.raises(ExampleError) as caught:
        WorkedExample.from_options(search_dir=tmp_path, **options)
    assert_one_line(caught.value, fragment)


BAD_CONFIGS = [
    ("logits = [1, 2", "not valid TOML"),
    ("logits = 1, 2\n", "not valid TOML"),
    ("colour = 'red'\n", "unknown key 'colour'"),
    ("[logits]\nvalues = [1, 2]\n", "must be a list"),
    ("logits = '2,1'\n", "must be a list"),
    ("classes = 'cat'\n", "must be a list"),
    ("logits = [1, 'a']\n", "not a number"),
    ("logits = [true, 1]\n", "not a number"),
    ("logits = [1, nan]\n", "finite"),
    ("logits = [1, inf, 2]\n", "finite"),
    ("target = 1.5\n", "neither"),
    ("target = true\n", "neither"),
    ("target = 5\n", "out of range"),
    ("classes = ['a', 'b']\n", "2 class names given for 3 logits"),
    ("classes = ['a', 'a', 'b']\n", "duplicate"),
]


@pytest.mark.parametrize("text, fragment", BAD_CONFIGS, ids=repr)
def test_bad_config_raises_a_one_line_example_error(tmp_path, text, fragment):
    path = write_config(tmp_path, text)
    for options in ({"search_dir": tmp_path}, {"config": path}):
        with pytest.raises(ExampleError) as caught:
            WorkedExample.from_options(**options)
        assert_one_line(caught.value, fragment)


@pytest.mark.parametrize("text, message", [
    ("logits = true\n", "'logits' in {path!r} must be a list of numbers, not true"),
    ("logits = [false, 1.0]\n", "logit false is not a number"),
    ("target = true\n", "target true is neither a class name nor an index"),
    ("classes = [true, 'a', 'b']\n", "class name true is not a string"),
    ("target = 1979-05-27\n", "target 1979-05-27 is neither a class name nor an index"),
    ("target = {a = true}\n", "target {{a = true}} is neither a class name nor an index"),
    ("classes = 'cat'\n", "'classes' in {path!r} must be a list of names, not 'cat'"),
])
def test_config_values_are_quoted_as_toml_spells_them(tmp_path, text, message):
    path = write_config(tmp_path, text)
    with pytest.raises(ExampleError) as caught:
        WorkedExample.from_options(config=path)
    assert str(caught.value) == message.format(path=str(path))


def test_unreadable_configs_raise_a_one_line_example_error(tmp_path):
    missing = tmp_path / "missing.toml"
    with pytest.raises(ExampleError) as caught:
        WorkedExample.from_options(config=missing)
    assert_one_line(caught.value, "does not exist")
    with pytest.raises(ExampleError) as caught:
        WorkedExample.from_options(config=tmp_path)
    assert_one_line(caught.value, "cannot read")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"logits = [1, 2]\n\xff\xfe\n")
    with pytest.raises(ExampleError) as caught:
        WorkedExample.from_options(config=binary)
    assert_one_line(caught.value, "cannot read")


def test_a_lecture_toml_directory_is_not_a_config(tmp_path):
    (tmp_path / "lecture.toml").mkdir()
    assert WorkedExample.from_options(search_dir=tmp_path).classes == STORYBOARD_CLASSES


@pytest.mark.parametrize(
    "logits, target, classes, fragment",
    [
        ([math.nan, 1.0], 0, None, "finite"),
        ([1.0, math.inf], 0, None, "finite"),
        ([1.0], 0, None, "2 to 8"),
        ([1.0, 2.0], 2, None, "out of range"),
        ([1.0, 2.0], "class 3", None, "unknown target class"),
        ([1.0, 2.0], 0, ["a", "a"], "duplicate"),
        ([1.0, 2.0], 0, ["a", ""], "empty"),
        ([1.0, 2.0], 0, ["a"], "1 class names given for 2 logits"),
    ],
)
def test_build_refuses_bad_input(logits, target, classes, fragment):
    with pytest.raises(ExampleError) as caught:
        WorkedExample.build(logits, target, classes)
    assert_one_line(caught.value, fragment)
