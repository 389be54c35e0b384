"""The lecture's derivations: every step proven for K = 2..8, and wrong steps caught.

Proving all five derivations for K = 2..8 takes a few seconds, so each proof
runs once per module (the fixtures below) and the tests read the results.
"""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from mathcore import Derivation, DerivationResult, Step, all_derivations, verify_all
from mathcore import notation as nt
from mathcore.derivations import (
    canonical_link_derivation,
    forward_derivation,
    potential_derivation,
    reverse_derivation,
    sigmoid_derivation,
)

ALL_CLASS_COUNTS = range(2, 9)
EXHAUSTIVE_CLASS_COUNTS = range(2, 5)
NAMES = ("forward", "reverse", "potential", "sigmoid", "canonical")
METHODS = {"symbolic", "numeric"}


@pytest.fixture(scope="module")
def derivations() -> dict[str, Derivation]:
    return {derivation.name: derivation for derivation in all_derivations()}


@pytest.fixture(scope="module")
def proven(derivations) -> dict[str, DerivationResult]:
    return {name: derivation.verify(ALL_CLASS_COUNTS) for name, derivation in derivations.items()}


@pytest.fixture(scope="module")
def proven_exhaustively(derivations) -> dict[str, DerivationResult]:
    return {
        name: derivation.verify(EXHAUSTIVE_CLASS_COUNTS, exhaustive=True)
        for name, derivation in derivations.items()
    }


def test_the_five_derivations_in_storyboard_order(derivations):
    assert tuple(derivations) == NAMES
    chapters = [derivation.chapter for derivation in derivations.values()]
    assert chapters == sorted(chapters)
    for derivation in derivations.values():
        assert derivation.title.strip()
        assert derivation.steps


@pytest.mark.parametrize("name", NAMES)
def test_every_step_is_proven_for_every_class_count(proven, derivations, name):
    result = proven[name]
    expected_counts = tuple(ALL_CLASS_COUNTS) if derivations[name].general else (2,)
    assert result.classes == expected_counts
    assert len(result.steps) == len(derivations[name].steps)
    failed = [(step.latex, step.detail) for step in result.steps if not step.passed]
    assert failed == []
    assert result.passed
    for step in result.steps:
        assert step.method in METHODS
        assert step.max_error <= 1e-9


@pytest.mark.parametrize("name", NAMES)
def test_every_step_is_proven_for_every_index_value(proven_exhaustively, name):
    result = proven_exhaustively[name]
    assert [step.method for step in result.steps if step.method not in METHODS] == []
    assert result.passed


@pytest.mark.parametrize("name", NAMES)
def test_step_latex_is_printed_from_the_sympy_expressions(derivations, proven, name):
    for step, result in zip(derivations[name].steps, proven[name].steps, strict=True):
        assert result.latex == step.latex
        assert step.latex.strip()
        rhs = nt.latex(step.rhs)
        expected = f"= {rhs}" if step.chained else f"{nt.latex(step.lhs)} = {rhs}"
        assert step.latex == expected
        assert result.justification == step.justification and step.justification.strip()
        for expr in (step.lhs, step.rhs):
            printed = nt.latex(expr)
            # The lecture's notation, decided by what the expression holds.
            if any(limits[1:] == (1, nt.K) for total in expr.atoms(sp.Sum)
                   for limits in total.limits):
                assert r"\sum_{" in printed and r"\sum_{k=1}" not in printed
            if expr.has(sp.KroneckerDelta(nt.m, nt.T)):
                assert "1_{m=T}" in printed
            for indexed in expr.atoms(sp.Indexed):
                assert f"{indexed.base.label}_{{" in printed


def test_key_formulas_read_as_in_the_lecture(derivations):
    latex = [step.latex for step in derivations["forward"].steps]
    assert r"C = - \log y_{T}" in latex
    assert any(r"\log \sum_{k} e^{z_{k}} - z_{T}" in text for text in latex)
    assert latex[-1].endswith("= y_{m} - t_{m}")
    assert any(r"1_{m=T}" in text for text in latex)


def test_verify_all_proves_everything():
    results = verify_all((3,))
    assert [result.name for result in results] == list(NAMES)
    assert all(result.passed for result in results)
    general = [result for result in results if result.name != "sigmoid"]
    assert all(result.classes == (3,) for result in general)


# ---------------------------------------------------------------------------
# wrong steps are reported as failed


def replace_step(derivation: Derivation, index: int, **changes) -> Derivation:
    steps = list(derivation.steps)
    steps[index] = dataclasses.replace(steps[index], **changes)
    return dataclasses.replace(derivation, steps=tuple(steps))


def find_step(derivation: Derivation, lhs: sp.Expr) -> int:
    matches = [index for index, step in enumerate(derivation.steps) if step.lhs == lhs]
    assert matches, f"no step with lhs {lhs} in {derivation.name}"
    return matches[0]


def assert_caught(result: DerivationResult, wrong_index: int) -> None:
    assert not result.passed
    wrong = result.steps[wrong_index]
    assert not wrong.passed
    assert wrong.method == "failed"
    assert wrong.max_error > 1e-9
    assert wrong.detail.startswith("K=")
    others = [step for index, step in enumerate(result.steps) if index != wrong_index]
    assert all(step.passed for step in others)


def wrong_derivations():
    y, t, z, m, n, a = nt.y, nt.t, nt.z, nt.m, nt.n, nt.a
    log_sum_exp = sp.log(sp.Sum(sp.exp(z[nt.k]), (nt.k, 1, nt.K)))
    forward = forward_derivation()
    chain_rule = find_step(forward, sp.Derivative(log_sum_exp, z[m]))
    yield "chain rule: y_m + t_m", replace_step(forward, chain_rule, rhs=y[m] + t[m]), chain_rule
    yield "gradient: t_m - y_m", replace_step(forward, len(forward.steps) - 1,
                                               rhs=t[m] - y[m]), len(forward.steps) - 1

    sigmoid = sigmoid_derivation()
    slope = find_step(sigmoid, sp.Derivative(a, nt.x))
    yield "sigmoid slope a(1 + a)", replace_step(sigmoid, slope, rhs=a * (1 + a)), slope

    reverse = reverse_derivation()
    indicator = find_step(reverse, sp.Integral(sp.KroneckerDelta(m, nt.T), z[m]))
    yield ("antiderivative of 1_{m=T} is z_m", replace_step(reverse, indicator,
                                                            rhs=z[m] + nt.g), indicator)

    potential = potential_derivation()
    jacobian = find_step(potential, sp.Derivative(nt.g_field[m], z[n]))
    yield ("Jacobian without -y_m y_n", replace_step(potential, jacobian + 1,
                                                      rhs=y[m] * sp.KroneckerDelta(m, n)),
           jacobian + 1)

    canonical = canonical_link_derivation()
    hessian = find_step(canonical, sp.Derivative(nt.A, z[m], z[n]))
    yield ("Hessian diag(y) + y y^T",
           replace_step(canonical, hessian, rhs=y[m] * sp.KroneckerDelta(m, n) + y[m] * y[n]),
           hessian)


@pytest.mark.parametrize("case", list(wrong_derivations()), ids=lambda case: case[0])
def test_a_wrong_step_is_reported_as_failed(case):
    _, derivation, wrong_index = case
    assert_caught(derivation.verify((2, 3)), wrong_index)


def test_a_wrong_step_is_caught_exhaustively_too():
    _, derivation, wrong_index = next(iter(wrong_derivations()))
    assert_caught(derivation.verify((2, 3), exhaustive=True), wrong_index)


def test_a_hand_built_derivation_with_one_wrong_step():
    y, t, z, m, k = nt.y, nt.t, nt.z, nt.m, nt.k
    total = sp.Sum(sp.exp(z[k]), (k, 1, nt.K))

    def definitions(expr: sp.Expr) -> sp.Expr:
        expr = expr.replace(
            lambda node: isinstance(node, sp.Indexed) and node.base == y,
            lambda node: sp.exp(z[node.indices[0]]) / total,
        )
        return expr.replace(
            lambda node: isinstance(node, sp.Indexed) and node.base == t,
            lambda node: sp.KroneckerDelta(node.indices[0], nt.T),
        )

    right = Step(sp.Derivative(sp.log(total), z[m]), y[m], "Chain rule.")
    wrong = Step(sp.Derivative(sp.log(total), z[m]), y[m] + t[m], "Wrong on purpose.")
    derivation = Derivation("hand-built", "One right, one wrong", 0, (right, wrong), definitions)
    result = derivation.verify(range(2, 5))
    assert result.steps[0].passed and result.steps[0].method in METHODS
    assert_caught(result, 1)
    assert r"\sum_{k}" in result.steps[1].latex and "t_{m}" in result.steps[1].latex


@pytest.mark.parametrize("name", NAMES)
def test_step_names_are_unique_in_a_derivation(derivations, name):
    names = [step.name for step in derivations[name].steps if step.name]
    assert len(names) == len(set(names))


def test_chapters_pick_steps_by_name(derivations):
    """The named steps are the equations the chapters show (built here independently)."""
    y, t, z, m, n, T, k = nt.y, nt.t, nt.z, nt.m, nt.n, nt.T, nt.k
    forward, reverse = derivations["forward"], derivations["reverse"]
    log_sum = sp.log(sp.Sum(sp.exp(z[k]), (k, 1, nt.K)))
    cost = sp.Derivative(nt.C, z[m])
    split = forward.step("split")
    assert split.lhs == cost
    assert split.rhs.atoms(sp.Derivative) == {sp.Derivative(log_sum, z[m]),
                                              sp.Derivative(z[T], z[m])}
    assert forward.step("gradient").lhs == cost
    assert sp.expand(forward.step("gradient").rhs - (y[m] - t[m])) == 0
    assert forward.step("one_hot").rhs == t[m]
    assert forward.step("softmax_output").rhs == y[m]
    assert reverse.step("collected").lhs == nt.C
    assert reverse.step("every_logit").rhs.has(y[n], t[n])
    # The substitution turns the softmax term's integral into the integral of du/u.
    assert reverse.step("substitution").rhs == sp.Integral(1 / nt.u, nt.u)
    assert reverse.step("substitution").lhs == reverse.step("softmax_integral").lhs
    with pytest.raises(KeyError, match="no step 'nowhere'"):
        forward.step("nowhere")
