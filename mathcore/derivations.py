r"""The lecture's derivations as data: ordered steps, each an equation that is proven.

A :class:`Derivation` is a list of :class:`Step`\ s. A step is an equation
between two sympy expressions written in the lecture's general notation (any
number of classes :math:`K`, indices :math:`m, n, T`), its LaTeX printed from
those expressions, and one line saying why it holds.

:meth:`Derivation.verify` proves every step for concrete class counts. For each
:math:`K` it replaces the display symbols by their definitions (:math:`y_m` by
:math:`e^{z_m}/\sum_k e^{z_k}`, :math:`t_m` by :math:`1_{m=T}`, ...), gives the
free indices concrete values, expands the sums, and then

1. simplifies ``lhs - rhs`` to zero with sympy ("symbolic"), or failing that
2. evaluates it at :data:`NUMERIC_POINTS` random points and requires
   :math:`|lhs - rhs| \le` :data:`NUMERIC_TOLERANCE` at every one ("numeric";
   the inputs are of order 1, so the tolerance is absolute). A residual with no
   variables left must be exactly zero.

A step that fails both is reported as failed; a derivation passes only if all
its steps do. Free indices are checked on every equality pattern among them
(for :math:`m, T`: :math:`m = T` and :math:`m \ne T`); every statement here is
unchanged when the classes are relabelled, so the patterns cover all index
values (``exhaustive=True`` checks every value instead).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from . import notation as nt
from .notation import A, C, K, T, a, c, f, g, j, k, m, n, t, u, v, x, y, z

__all__ = [
    "NUMERIC_POINTS",
    "NUMERIC_TOLERANCE",
    "Derivation",
    "DerivationResult",
    "Step",
    "StepResult",
    "all_derivations",
    "canonical_link_derivation",
    "forward_derivation",
    "neuron_target",
    "potential_derivation",
    "reverse_derivation",
    "sigmoid_derivation",
    "verify_all",
]

NUMERIC_POINTS = 24
NUMERIC_TOLERANCE = 1e-9
INDEX_SYMBOLS = (m, n, T)

neuron_target = sp.Symbol("t", real=True)
"""A single output's target (chapters 7 and 8): :math:`t`, as the softmax's target vector.

The lecture writes every target :math:`t` and every output :math:`y` or
:math:`a`; Nielsen's :math:`y` for the target would clash with the
probabilities of chapters 1 to 6. A symbol of its own (real, where the label
of the vector :math:`t` is nonnegative), so replacing it never touches
:math:`t_m`.
"""

Definitions = Callable[[sp.Expr], sp.Expr]
Constraint = Callable[[sp.Expr, int], sp.Expr]


@dataclass(frozen=True)
class Step:
    r"""One equation of a derivation.

    Attributes
    ----------
    lhs, rhs : sympy.Expr
        The two sides, in the lecture's general notation.
    justification : str
        Why the step holds, in one line of words.
    relation : {"eq", "antiderivative"}
        ``"eq"``: ``lhs = rhs``. ``"antiderivative"``: equal up to a term
        constant in ``variable`` (indefinite integrals), checked as
        :math:`\\partial(lhs - rhs)/\\partial\\,variable = 0`.
    variable : sympy.Expr, optional
        The integration variable of an ``"antiderivative"`` step.
    chained : bool
        Print as ``= rhs`` continuing the previous step's right-hand side.
    definitions, constraint : callable, optional
        Replace the derivation's own for this step (a statement about any
        probability vector, say, rather than about the softmax).
    name : str
        What a chapter calls the step when it shows it (``"split"``), unique in
        its derivation; empty for a step no chapter picks by itself.
    """

    lhs: sp.Expr
    rhs: sp.Expr
    justification: str
    relation: str = "eq"
    variable: sp.Expr | None = None
    chained: bool = False
    definitions: Definitions | None = None
    constraint: Constraint | None = None
    name: str = ""

    @property
    def lhs_latex(self) -> str:
        """LaTeX of the left-hand side."""
        return nt.latex(self.lhs)

    @property
    def rhs_latex(self) -> str:
        """LaTeX of the right-hand side."""
        return nt.latex(self.rhs)

    @property
    def latex(self) -> str:
        """LaTeX of the whole equation (``= rhs`` alone when chained)."""
        if self.chained:
            return f"= {self.rhs_latex}"
        return f"{self.lhs_latex} = {self.rhs_latex}"


@dataclass(frozen=True)
class StepResult:
    """How one step was proven."""

    latex: str
    justification: str
    passed: bool
    method: str
    max_error: float
    detail: str = ""


@dataclass(frozen=True)
class DerivationResult:
    """The verification of a whole derivation."""

    name: str
    title: str
    classes: tuple[int, ...]
    steps: tuple[StepResult, ...]

    @property
    def passed(self) -> bool:
        """True when every step passed."""
        return all(step.passed for step in self.steps)


@dataclass(frozen=True)
class Derivation:
    r"""An ordered list of steps with the definitions that give them meaning.

    Attributes
    ----------
    name : str
        Short machine name (``"forward"``, ``"reverse"``, ...).
    title : str
        Human title.
    chapter : int
        The storyboard chapter that shows it.
    steps : tuple of Step
    definitions : callable
        Rewrites display symbols into what they stand for (applied until
        nothing changes), before indices and :math:`K` get values.
    constraint : callable, optional
        Applied after the sums are expanded, for a concrete :math:`K` (e.g. a
        soft target's :math:`t_K = 1 - \\sum_{k<K} t_k`).
    general : bool
        Whether the statements hold for every :math:`K` (checked per
        :math:`K`); False for fixed-size statements such as the sigmoid's.
    """

    name: str
    title: str
    chapter: int
    steps: tuple[Step, ...]
    definitions: Definitions
    constraint: Constraint | None = None
    general: bool = True

    def step(self, name: str) -> Step:
        """The step called ``name``.

        Raises
        ------
        KeyError
            When no step has that name.
        """
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(f"{self.name} derivation has no step {name!r}")

    def verify(
        self,
        classes: Iterable[int] = (3,),
        exhaustive: bool = False,
        seed: int = 0,
    ) -> DerivationResult:
        """Prove every step for each class count in ``classes``.

        Parameters
        ----------
        classes : iterable of int
            Values of :math:`K` (ignored when ``general`` is False).
        exhaustive : bool
            Check every value of the free indices, not one per pattern.
        seed : int
            Seed of the random points of the numeric check.
        """
        counts = tuple(sorted(set(classes))) if self.general else (2,)
        rng = np.random.default_rng(seed)
        results = []
        for step in self.steps:
            results.append(self._verify_step(step, counts, exhaustive, rng))
        return DerivationResult(self.name, self.title, counts, tuple(results))

    def _verify_step(
        self,
        step: Step,
        counts: Sequence[int],
        exhaustive: bool,
        rng: np.random.Generator,
    ) -> StepResult:
        methods = []
        worst = 0.0
        for count in counts:
            for residual in self._residuals(step, count, exhaustive):
                method, error = _prove_zero(residual, rng, count)
                worst = max(worst, error)
                if method is None:
                    return StepResult(
                        step.latex,
                        step.justification,
                        False,
                        "failed",
                        error,
                        f"K={count}: lhs - rhs = {sp.sstr(residual)[:200]}",
                    )
                methods.append(method)
        method = "numeric" if "numeric" in methods else "symbolic"
        return StepResult(step.latex, step.justification, True, method, worst)

    def _residuals(self, step: Step, count: int, exhaustive: bool) -> Iterable[sp.Expr]:
        # Definitions act on both sides at once: a symbol that one side's
        # derivative forces to be expanded must be expanded on the other too.
        definitions = step.definitions or self.definitions
        constraint = step.constraint or self.constraint
        difference = _fixed_point(definitions, sp.Add(step.lhs, -step.rhs))
        if step.relation == "antiderivative":
            # Equal up to a constant in the variable: differentiate, which also
            # turns each indefinite integral back into its integrand.
            difference = sp.Derivative(difference, step.variable).doit(deep=False)
        free = [index for index in INDEX_SYMBOLS if difference.has(index)]
        count_here = count if self.general else 2
        for values in _index_assignments(len(free), count_here, exhaustive):
            substitution = {K: count_here, **dict(zip(free, values, strict=True))}
            residual = difference.xreplace(substitution).doit()
            if constraint is not None:
                residual = constraint(residual, count_here)
            yield _concrete(residual)


def _fixed_point(rewrite: Definitions, expr: sp.Expr, limit: int = 8) -> sp.Expr:
    for _ in range(limit):
        rewritten = rewrite(expr)
        if rewritten == expr:
            return expr
        expr = rewritten
    return expr


def _index_assignments(
    free: int, count: int, exhaustive: bool
) -> Iterable[tuple[int, ...]]:
    """Values 1..count for ``free`` indices: all of them, or one per equality pattern."""
    if exhaustive:
        yield from itertools.product(range(1, count + 1), repeat=free)
        return
    seen = set()
    for values in itertools.product(range(1, count + 1), repeat=free):
        # Canonical form of the pattern: first occurrences numbered 1, 2, ...
        relabel: dict[int, int] = {}
        pattern = tuple(relabel.setdefault(value, len(relabel) + 1) for value in values)
        if pattern not in seen:
            seen.add(pattern)
            yield values


_CONCRETE_CACHE: dict[tuple[str, int], sp.Symbol] = {}


def _concrete(expr: sp.Expr) -> sp.Expr:
    """Replace ``z[2]`` and the like by plain symbols ``z_2`` (with the base's assumptions)."""
    replacements = {}
    for indexed in expr.atoms(sp.Indexed):
        if all(index.is_Integer for index in indexed.indices):
            name = str(indexed.base.label)
            number = int(indexed.indices[0])
            key = (name, number)
            if key not in _CONCRETE_CACHE:
                assumptions = indexed.base.label.assumptions0
                _CONCRETE_CACHE[key] = sp.Symbol(f"{name}_{number}", **{
                    key_: value for key_, value in assumptions.items()
                    if key_ in ("real", "positive", "nonnegative")
                })
            replacements[indexed] = _CONCRETE_CACHE[key]
    return expr.xreplace(replacements)


def _exponentials_as_symbols(expr: sp.Expr) -> sp.Expr:
    """Write each ``exp(2 z_1 - z_2)`` as ``X_1**2 / X_2``, with ``X_i = e^{z_i}``.

    Softmax expressions become rational functions of the ``X_i``, which
    ``together`` and ``expand`` decide quickly. Logs are factored and split,
    and ``log X_i`` is written back as ``z_i``.
    """
    powers: dict[sp.Symbol, sp.Symbol] = {}

    def as_powers(exponential: sp.exp) -> sp.Expr:
        product = sp.Integer(1)
        for term in sp.Add.make_args(sp.expand(exponential.args[0])):
            coefficient, rest = term.as_coeff_Mul()
            if rest.is_Symbol and coefficient.is_Integer:
                base = powers.setdefault(rest, sp.Symbol(f"X_{rest.name}", positive=True))
                product *= base**coefficient
            else:
                product *= sp.exp(term)
        return product

    expr = expr.replace(lambda node: isinstance(node, sp.exp), as_powers)
    if expr.has(sp.log):
        expr = expr.replace(
            lambda node: isinstance(node, sp.log),
            lambda node: sp.log(sp.factor(sp.together(node.args[0]))),
        )
        expr = sp.expand_log(expr, force=True)
        expr = expr.xreplace({sp.log(power): symbol for symbol, power in powers.items()})
    return expr


def _cheap_zero(residual: sp.Expr) -> bool:
    """Fast symbolic zero test: exponentials as symbols, logs split, denominators cleared."""
    candidate = _exponentials_as_symbols(sp.expand_log(residual, force=True))
    if candidate == 0:
        return True
    try:
        numerator, _ = sp.fraction(sp.together(candidate))
        if sp.expand(numerator) == 0:
            return True
        return sp.cancel(candidate) == 0
    except sp.PolynomialError:
        return False


def _zero_by_gradient(residual: sp.Expr) -> bool:
    """Zero gradient everywhere, and zero at one point, on a connected domain.

    Logs of sums resist ``cancel``; their derivatives are rational functions of
    the exponentials, which it handles.
    """
    symbols = residual.free_symbols
    if not symbols or not residual.has(sp.log):
        return False
    if not all(_cheap_zero(sp.diff(residual, symbol)) for symbol in symbols):
        return False
    point = {symbol: sp.Rational(1, 2) if symbol.name == "a" else 0 for symbol in symbols}
    return sp.simplify(residual.subs(point)) == 0


def _prove_zero(
    residual: sp.Expr, rng: np.random.Generator, count: int
) -> tuple[str | None, float]:
    """Prove ``residual == 0``; return the method that held and the largest error seen."""
    if residual == 0:
        return "symbolic", 0.0
    if residual.is_number:
        # No variables left: it is zero exactly or the step is wrong, however small.
        if sp.simplify(residual) == 0:
            return "symbolic", 0.0
        return None, abs(complex(residual.evalf()))
    if _cheap_zero(residual) or _zero_by_gradient(residual):
        return "symbolic", 0.0
    error = _numeric_error(residual, rng, count)
    if error > NUMERIC_TOLERANCE:
        return None, error
    if sp.simplify(residual) == 0:
        return "symbolic", 0.0
    return "numeric", error


def _sample(symbol: sp.Symbol, rng: np.random.Generator, size: int) -> np.ndarray:
    """Random values for a free symbol, inside its domain."""
    name = symbol.name
    if name == "a":  # a sigmoid's activation, strictly inside (0, 1)
        return rng.uniform(0.05, 0.95, size)
    if name in ("y", "t") or name.startswith("t_"):  # targets
        return rng.uniform(0.0, 1.0, size)
    return rng.uniform(-3.0, 3.0, size)


def _numeric_error(residual: sp.Expr, rng: np.random.Generator, count: int) -> float:
    """Largest relative size of ``residual`` at random points (inf if not finite)."""
    symbols = sorted(residual.free_symbols, key=lambda symbol: symbol.name)
    try:
        function = sp.lambdify(symbols, residual, modules="numpy")
    except Exception:  # noqa: BLE001 - anything lambdify cannot print is unproven
        return float("inf")
    values = [_sample(symbol, rng, NUMERIC_POINTS) for symbol in symbols]
    with np.errstate(all="ignore"):
        errors = np.broadcast_to(np.asarray(function(*values), dtype=np.complex128),
                                 (NUMERIC_POINTS,))
    if not np.all(np.isfinite(errors)):
        return float("inf")
    return float(np.max(np.abs(errors)))


# --------------------------------------------------------------------------
# Definitions shared by the derivations.


def _replace_indexed(expr: sp.Expr, base: sp.IndexedBase, meaning: Callable) -> sp.Expr:
    return expr.replace(
        lambda node: isinstance(node, sp.Indexed) and node.base == base,
        lambda node: meaning(node.indices[0]),
    )


def _softmax_and_one_hot(expr: sp.Expr) -> sp.Expr:
    """y_i -> softmax, t_i -> 1_{i=T}."""
    expr = _replace_indexed(expr, y, nt.softmax_of)
    return _replace_indexed(expr, t, lambda index: sp.KroneckerDelta(index, T))


def _sum(term: sp.Expr, index: sp.Symbol = k) -> sp.Sum:
    return sp.Sum(term, (index, 1, K))


SUM_EXP = _sum(sp.exp(z[k]))
LOG_SUM_EXP = sp.log(SUM_EXP)


def _neg(expr: sp.Expr) -> sp.Expr:
    """``-(expr)`` kept as written, for display."""
    return sp.Mul(-1, expr, evaluate=False)


def _minus(left: sp.Expr, right: sp.Expr) -> sp.Expr:
    """``left - right`` kept in this order, for display."""
    return sp.Add(left, sp.Mul(-1, right, evaluate=False), evaluate=False)


def _plus(*terms: sp.Expr) -> sp.Expr:
    return sp.Add(*terms, evaluate=False)


def _d(expr: sp.Expr, *variables: sp.Expr) -> sp.Derivative:
    return sp.Derivative(expr, *variables)


# --------------------------------------------------------------------------
# (a) Forward: the cost, rewritten, then differentiated.


def forward_derivation() -> Derivation:
    r"""Forward: :math:`C = -\log y_T = \log\sum_k e^{z_k} - z_T`, then its gradient.

    The gradient comes out as :math:`\partial C/\partial z_m = y_m - t_m`.
    """
    cost = _neg(sp.log(y[T]))

    def definitions(expr: sp.Expr) -> sp.Expr:
        return _softmax_and_one_hot(expr.xreplace({C: cost}))

    steps = (
        Step(C, cost, "The cost is minus the log of the probability given to the target.",
             name="cost"),
        Step(cost, _neg(sp.log(sp.exp(z[T]) / SUM_EXP, evaluate=False)),
             "Softmax: y_T is e^{z_T} divided by the sum of all e^{z_k}.", chained=True,
             name="softmax"),
        Step(cost, _neg(_minus(z[T], LOG_SUM_EXP)),
             "The log of a quotient is a difference of logs, and log e^{z_T} = z_T.",
             chained=True, name="log_of_quotient"),
        Step(cost, _minus(LOG_SUM_EXP, z[T]), "Distribute the minus sign.", chained=True,
             name="distribute"),
        Step(_d(C, z[m]), _minus(_d(LOG_SUM_EXP, z[m]), _d(z[T], z[m])),
             "Differentiation is linear: one term at a time.", name="split"),
        Step(_d(LOG_SUM_EXP, z[m]), sp.exp(z[m]) / SUM_EXP,
             "Chain rule: 1 over the sum, times the one term of the sum that holds z_m.",
             name="chain_rule"),
        Step(sp.exp(z[m]) / SUM_EXP, y[m], "That quotient is the softmax output y_m.",
             chained=True, name="softmax_output"),
        Step(_d(z[T], z[m]), sp.KroneckerDelta(m, T),
             "z_T moves with z_m only when m is the target.", name="target_slope"),
        Step(sp.KroneckerDelta(m, T), t[m], "That indicator is the one-hot target t_m.",
             chained=True, name="one_hot"),
        Step(_d(C, z[m]), _minus(y[m], t[m]), "Put the two terms together: the 'magic' gradient.",
             name="gradient"),
    )
    return Derivation("forward", "From -log y_T to the gradient y - t", 4, steps, definitions)


# --------------------------------------------------------------------------
# (b) Reverse: integrate the requirement back to the cost (the seed's answer).


def reverse_derivation() -> Derivation:
    r"""From :math:`\partial C/\partial z_m = y_m - t_m` back to :math:`C = -\log y_T`."""
    result = _plus(LOG_SUM_EXP, -z[T], c)

    def definitions(expr: sp.Expr) -> sp.Expr:
        return _softmax_and_one_hot(expr.xreplace({u: SUM_EXP, C: result}))

    def substituted(expr: sp.Expr) -> sp.Expr:
        # The integral in u is done in u (log u), then u is put back as the sum: the
        # step holds when that is an antiderivative of the integrand in z_m.
        done = expr.replace(lambda node: isinstance(node, sp.Integral)
                            and tuple(node.variables) == (u,),
                            lambda node: node.doit())
        return definitions(done)

    integrand = sp.exp(z[m]) / SUM_EXP
    steps = (
        Step(_minus(y[m], t[m]), _minus(integrand, sp.KroneckerDelta(m, T)),
             "The requirement, written out: softmax minus the one-hot target.",
             name="written_out"),
        Step(sp.Integral(_minus(y[m], t[m]), z[m]),
             _minus(sp.Integral(integrand, z[m]), sp.Integral(sp.KroneckerDelta(m, T), z[m])),
             "Integrate over z_m, one term at a time.",
             relation="antiderivative", variable=z[m], name="integral"),
        Step(sp.Integral(integrand, z[m]), sp.Integral(1 / u, u),
             "Substitute u = sum_k e^{z_k}: only its k = m term holds z_m, so "
             "du = e^{z_m} dz_m and the integrand is du/u.",
             relation="antiderivative", variable=z[m], definitions=substituted,
             name="substitution"),
        Step(sp.Integral(integrand, z[m]), _plus(sp.log(u), f),
             "The integrand is du/u, whose integral is log u plus f, free of z_m.",
             relation="antiderivative", variable=z[m], name="softmax_integral"),
        Step(sp.Integral(sp.KroneckerDelta(m, T), z[m]), _plus(z[T], g),
             "1_{m=T} is 1 only when m = T, and the integral of dz_T is z_T, plus g free of z_m.",
             relation="antiderivative", variable=z[m], name="indicator_integral"),
        Step(_d(_minus(LOG_SUM_EXP, z[T]), z[n]), _minus(y[n], t[n]),
             "This holds for every n, so f - g can hold no z_n at all: it is a constant c.",
             name="every_logit"),
        Step(C, result, "Collect the terms: the cost, up to that constant.", name="collected"),
        Step(result, _plus(_neg(sp.log(y[T])), c),
             "It is the negative log-likelihood of chapter 3; choose c = 0.", chained=True,
             name="negative_log_likelihood"),
    )
    return Derivation("reverse", "Integrating y - t back to -log y_T", 5, steps, definitions)


# --------------------------------------------------------------------------
# (c) The field y - t is a gradient field: symmetric Jacobian.


def potential_derivation() -> Derivation:
    r"""The field :math:`g = y - t` and its symmetric Jacobian.

    :math:`\partial g_m/\partial z_n = y_m(\delta_{mn} - y_n)`, i.e.
    :math:`\operatorname{diag}(y) - y y^\top`.
    """
    field_m = _minus(y[m], t[m])
    field_n = _minus(y[n], t[n])
    cost = _minus(LOG_SUM_EXP, z[T])

    def definitions(expr: sp.Expr) -> sp.Expr:
        expr = _replace_indexed(expr, nt.g_field, lambda index: _minus(y[index], t[index]))
        return _softmax_and_one_hot(expr.xreplace({C: cost}))

    jacobian = _minus(y[m] * sp.KroneckerDelta(m, n), y[m] * y[n])
    steps = (
        Step(nt.g_field[m], field_m, "The field: the required gradient, one entry per class."),
        Step(_d(nt.g_field[m], z[n]), _d(y[m], z[n]),
             "t does not depend on z."),
        Step(_d(y[m], z[n]), y[m] * _minus(sp.KroneckerDelta(m, n), y[n]),
             "Quotient rule on e^{z_m} / sum_k e^{z_k}.", chained=True),
        Step(_d(y[m], z[n]), jacobian,
             "Entry (m, n) of diag(y) - y y^T.", chained=True),
        Step(_minus(_d(nt.g_field[m], z[n]), _d(nt.g_field[n], z[m])), sp.Integer(0),
             "Symmetric: the field is curl-free on all of R^K, "
             "so it is the gradient of a potential."),
        Step(_d(C, z[m]), field_n.xreplace({n: m}),
             "The potential is C = log sum_k e^{z_k} - z_T; any other differs by a constant."),
    )
    return Derivation("potential", "Why integrating one coordinate at a time is allowed", 6,
                      steps, definitions)


# --------------------------------------------------------------------------
# (d) Sigmoid with cross-entropy (Nielsen), and two-class softmax.


def sigmoid_derivation() -> Derivation:
    r"""Nielsen's derivation: :math:`\partial C/\partial z = a - t` gives the cross-entropy."""
    sigma = 1 / (1 + sp.exp(-x))
    cross_entropy = _neg(_plus(neuron_target * sp.log(a), (1 - neuron_target) * sp.log(1 - a)))
    z1, z2 = z[1], z[2]
    two_class_cost = _minus(sp.log(sp.exp(z1) + sp.exp(z2)), _plus(t[1] * z1, (1 - t[1]) * z2))
    difference_sigmoid = 1 / (1 + sp.exp(-(z1 - z2)))

    def definitions(expr: sp.Expr) -> sp.Expr:
        # C is the cross-entropy as a function of a; where a derivative in z is
        # taken, a stands for sigma(z).
        expr = expr.xreplace({C: cross_entropy})
        derivatives = expr.atoms(sp.Derivative)
        if any(x in derivative.variables for derivative in derivatives):
            expr = expr.xreplace({a: sigma})
        return expr

    steps = (
        Step(_d(a, x), a * (1 - a), "The sigmoid's slope: sigma'(z) = sigma(z)(1 - sigma(z))."),
        Step(_d(C, a), (a - neuron_target) / (a * (1 - a)),
             "Chain rule: dC/dz = dC/da times sigma'(z), so divide the requirement by a(1 - a)."),
        Step((a - neuron_target) / (a * (1 - a)),
             _plus(-neuron_target / a, (1 - neuron_target) / (1 - a)),
             "Partial fractions.", chained=True),
        Step(sp.Integral(_plus(-neuron_target / a, (1 - neuron_target) / (1 - a)), a),
             _plus(cross_entropy, c),
             "Integrate in a: the cross-entropy, plus a constant.",
             relation="antiderivative", variable=a),
        Step(_d(cross_entropy, x), a - neuron_target,
             "Check: the cross-entropy of a = sigma(z) meets the requirement."),
        Step(sp.exp(z1) / (sp.exp(z1) + sp.exp(z2)), difference_sigmoid,
             "Two-class softmax is a sigmoid of z_1 - z_2."),
        Step(two_class_cost,
             _neg(_plus(t[1] * sp.log(difference_sigmoid),
                        (1 - t[1]) * sp.log(1 - difference_sigmoid))),
             "So the two-class softmax cost is the sigmoid's cross-entropy: "
             "chapter 5 contains it."),
    )
    return Derivation("sigmoid", "The same trick for a sigmoid neuron", 7, steps,
                      definitions, general=False)


# --------------------------------------------------------------------------
# (e) The deeper reason: the log-partition function A(z).


def canonical_link_derivation() -> Derivation:
    r"""The log-partition function: :math:`\nabla A = y`, :math:`\nabla^2 A \succeq 0`.

    Then :math:`C = A(z) - t^\top z` for any target distribution, and the same
    pattern for the sigmoid and for a linear output.
    """
    # Written as a lecturer would, weight first: sum_k y_k (v_k - sum_j y_j v_j)^2.
    y_weighted_mean = _sum(sp.Mul(y[j], v[j], evaluate=False), j)
    variance = _sum(sp.Mul(y[k], sp.Pow(_minus(v[k], y_weighted_mean), 2, evaluate=False),
                           evaluate=False))
    quadratic_form = _minus(_sum(sp.Mul(y[k], v[k] ** 2, evaluate=False)),
                            sp.Pow(y_weighted_mean, 2, evaluate=False))
    soft_cost = _neg(_sum(t[k] * sp.log(y[k])))
    linear_term = _sum(t[k] * z[k])
    sigma = 1 / (1 + sp.exp(-x))
    softplus = sp.log(1 + sp.exp(x))
    quadratic = x**2 / 2

    def definitions(expr: sp.Expr) -> sp.Expr:
        expr = expr.xreplace({A: LOG_SUM_EXP})
        return _replace_indexed(expr, y, nt.softmax_of)

    def soft_target(expr: sp.Expr, count: int) -> sp.Expr:
        return _on_simplex(expr, t, count)

    def any_distribution(expr: sp.Expr, count: int) -> sp.Expr:
        return _on_simplex(expr, y, count)

    steps = (
        Step(_d(A, z[m]), y[m], "The gradient of A = log sum_k e^{z_k} is the softmax."),
        Step(_d(A, z[m], z[n]), _minus(y[m] * sp.KroneckerDelta(m, n), y[m] * y[n]),
             "Its Hessian is diag(y) - y y^T."),
        Step(quadratic_form, variance,
             "For any v, v^T (diag(y) - y y^T) v is a variance under y: never negative, "
             "so A and C are convex.",
             definitions=lambda expr: expr, constraint=any_distribution),
        Step(soft_cost, _minus(A, linear_term),
             "For any target distribution t (soft labels too), C = A(z) - t^T z."),
        Step(_d(_minus(A, linear_term), z[m]), _minus(y[m], t[m]),
             "So the gradient is y - t for every target distribution."),
        Step(_d(softplus, x), sigma,
             "A sigmoid neuron: A = log(1 + e^z) has derivative sigma(z)."),
        Step(_minus(softplus, neuron_target * x),
             _neg(_plus(neuron_target * sp.log(sigma), (1 - neuron_target) * sp.log(1 - sigma))),
             "and A(z) - t z is the cross-entropy, with gradient sigma(z) - t."),
        Step(_d(quadratic, x), x, "A linear output: A = z^2/2 has derivative z."),
        Step(_plus(quadratic, -neuron_target * x, neuron_target**2 / 2),
             (x - neuron_target) ** 2 / 2,
             "and A(z) - t z is the squared error, up to a constant, with gradient z - t."),
    )
    return Derivation("canonical", "The deeper reason: a cost and its canonical output", 8,
                      steps, definitions, constraint=soft_target)


def _on_simplex(expr: sp.Expr, base: sp.IndexedBase, count: int) -> sp.Expr:
    """Impose that ``base[1..count]`` is a probability vector: the last entry is 1 - the rest."""
    others = [sp.Indexed(base, i) for i in range(1, count)]
    return expr.xreplace({sp.Indexed(base, count): 1 - sum(others)})


def all_derivations() -> tuple[Derivation, ...]:
    """The five derivations of the lecture, in storyboard order."""
    return (
        forward_derivation(),
        reverse_derivation(),
        potential_derivation(),
        sigmoid_derivation(),
        canonical_link_derivation(),
    )


def verify_all(
    classes: Iterable[int] = (3,), exhaustive: bool = False
) -> tuple[DerivationResult, ...]:
    """Verify every derivation for each class count in ``classes``."""
    counts = tuple(classes)
    return tuple(derivation.verify(counts, exhaustive) for derivation in all_derivations())
