r"""The worked example: one set of logits, a target and class names, fully computed.

A :class:`WorkedExample` holds every number and every LaTeX string the lecture
shows, and proves its numbers consistent on construction (a failed check raises
:class:`ExampleError`). The default is the storyboard's: classes cat, dog, bird,
logits (2.0, 1.0, 0.1), target cat.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import stat
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp

from . import notation as nt
from .notation import Shown, format_number, number_latex, text_latex
from .numerics import (
    FINITE_DIFFERENCE_STEP,
    MAX_PIECES,
    QUADRATURE_NODES,
    DescentTrajectory,
    finite_difference_gradient,
    gradient_descent_trajectory,
    line_integral,
    log_softmax,
    logsumexp,
    nll,
    nll_gradient,
    softmax,
    softmax_jacobian,
)

__all__ = [
    "CONFIG_KEYS",
    "DEFAULT_CLASSES",
    "DEFAULT_LOGITS",
    "DEFAULT_TARGET",
    "MAX_CLASSES",
    "MAX_CONFIG_BYTES",
    "MAX_LOGIT",
    "MAX_NAME_LENGTH",
    "MIN_CLASSES",
    "Check",
    "ExampleError",
    "WorkedExample",
    "formula_terms",
    "formulas",
    "load_config",
    "parse_logits",
    "slice_classes",
    "slice_window",
]

DEFAULT_CLASSES = ("cat", "dog", "bird")
DEFAULT_LOGITS = (2.0, 1.0, 0.1)
DEFAULT_TARGET = "cat"
MIN_CLASSES, MAX_CLASSES = 2, 8
# Far beyond any network's logits; keeps the path-integral checks accurate and small.
MAX_LOGIT = 1e5
MAX_NAME_LENGTH = 24  # the layout is designed for up to 12; longer ones shrink
CONFIG_KEYS = ("logits", "target", "classes")
# A lecture.toml is a few lines; anything larger is refused before it is read.
MAX_CONFIG_BYTES = 1_000_000

# Tolerances of the example's own checks. Each is the rounding error its computation
# can make in float64 (EPS relative to the magnitudes it adds and cancels, times the
# number of roundings that pile up), times ULPS for the constants and second-order
# terms such first-order estimates leave out; see _checks.
EPS = float(np.finfo(np.float64).eps)  # 2.2e-16, the spacing of floats just above 1
ULPS = 4.0
# Central differences err by truncation, h^2/6 |d^3 C/dz_m^3| <= h^2/60 (the third
# derivative is y_m (1 - y_m)(1 - 2 y_m), below 1/10), and by rounding: the two costs
# err by ULPS EPS M each (M: the magnitudes the cost cancels, see _checks), divided by
# 2h, and z_m +- h itself rounds by EPS |z_m|, a step error of EPS |z_m| / h. The
# tolerance is this factor times M (>= 2), which bounds h^2/60 + ULPS EPS M / h.
FINITE_DIFFERENCE_TOLERANCE = FINITE_DIFFERENCE_STEP**2 / 60 + ULPS * EPS / FINITE_DIFFERENCE_STEP
DESCENT_RATE = 1.0
DESCENT_STEPS = 30
SHIFT = 1.5  # the constant added to every logit in the shift-invariance beat
SLICE_HALF_WIDTH = 2  # [a, b] reaches this far either side of a whole number (chapter 5)


class ExampleError(ValueError):
    """Bad input for a worked example; its message is one line for the user."""


@dataclass(frozen=True)
class Check:
    """One consistency check of the example's numbers."""

    name: str
    passed: bool
    max_error: float
    tolerance: float
    description: str


@dataclass(frozen=True)
class Slice:
    r"""Chapter 5's one-dimensional slice through the cost along :math:`z_m`.

    The example has two (:func:`slice_classes`, :func:`slice_window`): along
    the likeliest class that is not the target (:math:`y_m - t_m = y_m > 0`, the
    cost rises) and along the target (:math:`y_T - 1 < 0`, the cost falls).

    Attributes
    ----------
    index : int
        The class :math:`m` whose logit varies (the others stay fixed).
    start, end : float
        :math:`a` and :math:`b`: the area of :math:`y_m - t_m` from :math:`a` to
        :math:`b` equals :math:`C(b) - C(a)`.
    area : float
        :math:`\int_a^b (y_m - t_m)\, dz_m` by quadrature.
    rise : float
        :math:`C(b) - C(a)` computed from the cost itself.
    """

    index: int
    start: float
    end: float
    area: float
    rise: float


def _shown(value: Any) -> str:
    """A value as a config's author wrote it: ``true``, ``1979-05-27``, ``[1, 'a']``.

    Python's repr would say ``True`` or ``datetime.date(1979, 5, 27)``; strings keep
    their quotes, and anything long is cut short (a message is one line).
    """
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (datetime.date, datetime.time)):  # datetime is a date
        text = value.isoformat()
    elif isinstance(value, (np.floating, np.integer)):
        text = repr(value.item())
    elif isinstance(value, list):
        text = "[" + ", ".join(_shown(item) for item in value) + "]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{key} = {_shown(item)}" for key, item in value.items()) + "}"
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def parse_logits(text: str) -> tuple[float, ...]:
    """Parse ``"2,1,0.1"`` into floats; a clear ExampleError for anything else."""
    parts = [part.strip() for part in text.split(",")]
    values = []
    for part in parts:
        try:
            values.append(float(part))
        except ValueError:
            raise ExampleError(f"logit {part!r} is not a number") from None
    return tuple(values)


def _validate_logits(logits: Sequence[Any]) -> tuple[float, ...]:
    values = []
    for value in logits:
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
            raise ExampleError(f"logit {_shown(value)} is not a number")
        number = float(value)
        if not math.isfinite(number):
            raise ExampleError(
                f"logit {_shown(value)} is not finite: logits must be finite numbers")
        if abs(number) > MAX_LOGIT:
            raise ExampleError(
                f"logit {_shown(value)} is too large: logits must lie within ±{MAX_LOGIT:g}")
        values.append(number)
    if not MIN_CLASSES <= len(values) <= MAX_CLASSES:
        raise ExampleError(
            f"{len(values)} logits given: the lecture needs {MIN_CLASSES} to {MAX_CLASSES} classes"
        )
    return tuple(values)


def _typesettable(character: str) -> bool:
    """Whether every sink prints ``character``: printable ASCII, or a Latin-1 letter.

    These are what pdflatex (the handout) and Manim's latex and dvisvgm (the
    formulas) typeset as :func:`mathcore.notation.escape_text` writes them; the
    tests read them back from both. Refusing the rest up front keeps a name from
    passing ``verify`` and then failing in ``render`` or ``handout``.
    """
    return " " <= character <= "~" or (
        "\u00c0" <= character <= "\u00ff" and character not in "\u00d7\u00f7")


def _validate_classes(classes: Sequence[Any], count: int) -> tuple[str, ...]:
    names = []
    for name in classes:
        if not isinstance(name, str):
            raise ExampleError(f"class name {_shown(name)} is not a string")
        stripped = name.strip()
        if not stripped:
            raise ExampleError("class names must not be empty")
        if len(stripped) > MAX_NAME_LENGTH:
            raise ExampleError(
                f"class name {stripped!r} is longer than {MAX_NAME_LENGTH} characters"
            )
        if any(not character.isprintable() for character in stripped):
            raise ExampleError(f"class name {stripped!r} contains a control character")
        untypeset = next((character for character in stripped
                          if not _typesettable(character)), None)
        if untypeset is not None:
            raise ExampleError(
                f"class name {stripped!r} has a character the lecture cannot typeset "
                f"(U+{ord(untypeset):04X}); use Latin letters, digits and punctuation")
        names.append(stripped)
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ExampleError(f"duplicate class name {duplicates[0]!r}")
    if len(names) != count:
        raise ExampleError(f"{len(names)} class names given for {count} logits")
    return tuple(names)


def _resolve_target(target: Any, classes: Sequence[str]) -> int:
    """The target's index: an integer is an index; text is a class name or an index.

    Text that is one class's name and, as a number, the index of another (classes
    2,0,1 and target "1") is refused as ambiguous rather than guessed.
    """
    if isinstance(target, bool):
        raise ExampleError(f"target {_shown(target)} is neither a class name nor an index")
    if isinstance(target, (int, np.integer)):
        index = int(target)
    elif isinstance(target, str):
        text = target.strip()
        if text in classes:
            named = classes.index(text)
            try:
                index = int(text)
            except ValueError:
                return named
            if 0 <= index < len(classes) and index != named:
                raise ExampleError(
                    f"target {text!r} is ambiguous: it is the name of the class at index "
                    f"{named} and the index of class {classes[index]!r}; rename the classes "
                    f"so that no class name is another class's index")
            return named
        try:
            index = int(text)
        except ValueError:
            raise ExampleError(
                f"unknown target class {text!r}: the classes are {', '.join(classes)}"
            ) from None
    else:
        raise ExampleError(f"target {_shown(target)} is neither a class name nor an index")
    if not 0 <= index < len(classes):
        raise ExampleError(
            f"target index {index} is out of range: use 0 to {len(classes) - 1} or a class name"
        )
    return index


def _exponential_shift(z: np.ndarray) -> float:
    """The c of the e^{z_k - c} shown: max z where e^{z_k} would overflow, else 0.

    Softmax is unchanged by the shift; beyond |max z| = 700 e^{max z} leaves float64's
    range (about e^{709}).
    """
    peak = float(np.max(z))
    return peak if abs(peak) > 700 else 0.0


def default_classes(count: int) -> tuple[str, ...]:
    """Class names used when only logits are given."""
    if count == len(DEFAULT_CLASSES):
        return DEFAULT_CLASSES
    return tuple(f"class {index + 1}" for index in range(count))


def _read_config(file: Path) -> str:
    """The text of a config file: a regular file of at most MAX_CONFIG_BYTES, in UTF-8.

    A device (``/dev/zero``, ``/dev/urandom``), a FIFO or a directory is refused
    without reading from it, and a large file without reading it whole.
    """
    name = str(file)
    try:
        # Non-blocking: opening a FIFO must not wait for a writer; fstat refuses it next.
        descriptor = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise ExampleError(f"config file {name!r} does not exist") from None
    except OSError as error:
        raise ExampleError(f"cannot read config file {name!r}: {error.strerror}") from None
    too_large = (f"cannot read config file {name!r}: it is larger than "
                 f"{MAX_CONFIG_BYTES:,} bytes (a lecture.toml is a few lines)")
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_CONFIG_BYTES:
        os.close(descriptor)
        raise ExampleError(too_large if stat.S_ISREG(status.st_mode) else
                           f"cannot read config file {name!r}: not a regular file")
    with os.fdopen(descriptor, "rb") as handle:
        try:
            data = handle.read(MAX_CONFIG_BYTES + 1)  # it may have grown since fstat
        except OSError as error:
            raise ExampleError(f"cannot read config file {name!r}: {error.strerror}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ExampleError(too_large)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ExampleError(f"cannot read config file {name!r}: {error}") from None


def load_config(path: str | Path) -> dict[str, Any]:
    """Read a ``lecture.toml``: keys ``logits``, ``target``, ``classes``, all optional.

    Only a regular file of at most :data:`MAX_CONFIG_BYTES` is read.
    """
    file = Path(path)
    text = _read_config(file)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ExampleError(f"config file {str(file)!r} is not valid TOML: {error}") from None
    unknown = sorted(set(data) - set(CONFIG_KEYS))
    if unknown:
        raise ExampleError(
            f"unknown key {unknown[0]!r} in {str(file)!r}: expected {', '.join(CONFIG_KEYS)}"
        )
    if "logits" in data and not isinstance(data["logits"], list):
        raise ExampleError(f"'logits' in {str(file)!r} must be a list of numbers, "
                           f"not {_shown(data['logits'])}")
    if "classes" in data and not isinstance(data["classes"], list):
        raise ExampleError(f"'classes' in {str(file)!r} must be a list of names, "
                           f"not {_shown(data['classes'])}")
    return data


def _sympy_formulas() -> dict[str, str]:
    """General formulas of the lecture, printed from sympy expressions."""
    z, y, t = nt.z, nt.y, nt.t
    m, T, k = nt.m, nt.T, nt.k
    total = sp.Sum(sp.exp(z[k]), (k, 1, nt.K))
    log_total = sp.log(total)
    gradient = sp.Derivative(nt.C, z[m])
    minus = sp.Add(y[m], sp.Mul(-1, t[m], evaluate=False), evaluate=False)
    pairs = {
        "softmax": (y[m], sp.exp(z[m]) / total),
        "cost": (nt.C, sp.Mul(-1, sp.log(y[T]), evaluate=False)),
        "cost_rewritten": (
            nt.C,
            sp.Add(log_total, sp.Mul(-1, z[T], evaluate=False), evaluate=False),
        ),
        "gradient_formula": (gradient, minus),
        "one_hot_formula": (t[m], sp.KroneckerDelta(m, T)),
        "probabilities_sum": (sp.Sum(y[k], (k, 1, nt.K)), sp.Integer(1)),
        "log_partition": (nt.A, log_total),
    }
    table = {name: f"{nt.latex(lhs)} = {nt.latex(rhs)}" for name, (lhs, rhs) in pairs.items()}
    table["neg_log"] = nt.latex(sp.Mul(-1, sp.log(sp.Symbol("y")), evaluate=False))
    table["sum_exp"] = nt.latex(total)
    table["log_sum_exp"] = nt.latex(log_total)
    table["logits_symbol"] = nt.latex(sp.Symbol("z"))
    table["exponentials_symbol"] = nt.latex(sp.exp(sp.Symbol("z")))
    table["probabilities_symbol"] = nt.latex(sp.Symbol("y"))
    table["target_symbol"] = nt.latex(sp.Symbol("t"))
    table["gradient_symbol"] = nt.latex(
        sp.Add(sp.Symbol("y"), sp.Mul(-1, sp.Symbol("t"), evaluate=False), evaluate=False))
    table["shift_invariance"] = (
        rf"{nt.latex(sp.Function('y')(sp.Symbol('z') + sp.Symbol('c')))} = "
        rf"{nt.latex(sp.Function('y')(sp.Symbol('z')))}")
    table["update"] = rf"{nt.latex(z[m])} \leftarrow {nt.latex(z[m])} - \eta\,({nt.latex(minus)})"
    # Chapter 2 builds softmax from its numerator; chapter 1 names the operation.
    table["exponential"] = nt.latex(sp.exp(z[m]))
    table["softmax_fraction"] = nt.latex(pairs["softmax"][1])
    table["softmax_name"] = r"\mathrm{softmax}"
    return table


_FORMULAS: dict[str, str] | None = None


def formula_terms() -> list[str]:
    """LaTeX of the terms that move between formulas (for TransformMatchingTex)."""
    z, y, t = nt.z, nt.y, nt.t
    m, T, k = nt.m, nt.T, nt.k
    total = sp.Sum(sp.exp(z[k]), (k, 1, nt.K))
    terms = [
        sp.log(total), total, z[T], y[T], y[m], t[m], sp.exp(z[m]), sp.exp(z[T]),
        sp.Derivative(nt.C, z[m]), sp.KroneckerDelta(m, T),
    ]
    return [nt.latex(term) for term in terms]


def formulas() -> dict[str, str]:
    """The lecture's general formulas as LaTeX (printed once from sympy)."""
    global _FORMULAS
    if _FORMULAS is None:
        _FORMULAS = _sympy_formulas()
    return dict(_FORMULAS)


@dataclass(frozen=True)
class WorkedExample:
    r"""Logits :math:`z`, a target :math:`T` and class names, with everything derived from them.

    Parameters
    ----------
    logits : sequence of float
        :math:`z`, 2 to 8 finite numbers.
    target : int or str
        The target class, as an index (0-based) or a class name (or an index as
        text). Text that names one class and is the index of another is refused.
    classes : sequence of str, optional
        Class names (unique, non-empty, at most :data:`MAX_NAME_LENGTH` = 24
        characters; the layout is designed for 12, longer ones shrink); default
        ``cat, dog, bird`` for three classes, ``class 1`` ... otherwise.

    Raises
    ------
    ExampleError
        On bad input, or when any consistency check fails.
    """

    logits: tuple[float, ...]
    target: int
    classes: tuple[str, ...]
    probabilities: np.ndarray = field(repr=False)
    exponentials: np.ndarray = field(repr=False)
    cost: float = field(repr=False)
    gradient: np.ndarray = field(repr=False)
    finite_difference: np.ndarray = field(repr=False)
    jacobian: np.ndarray = field(repr=False)
    shifted_probabilities: np.ndarray = field(repr=False)
    path_integrals: dict[str, float] = field(repr=False)
    cost_rise: float = field(repr=False)
    slice: Slice = field(repr=False)
    target_slice: Slice = field(repr=False)
    trajectory: DescentTrajectory = field(repr=False)
    checks: tuple[Check, ...] = field(repr=False)

    @classmethod
    def build(
        cls,
        logits: Sequence[float] = DEFAULT_LOGITS,
        target: int | str = DEFAULT_TARGET,
        classes: Sequence[str] | None = None,
        strict: bool = True,
    ) -> WorkedExample:
        """Validate the input, compute every quantity, run every check.

        With ``strict`` (the default) a failed check raises ExampleError;
        without it the example is returned and its :attr:`checks` say what failed.
        """
        values = _validate_logits(logits)
        names = _validate_classes(
            default_classes(len(values)) if classes is None else classes, len(values)
        )
        index = _resolve_target(target, names)
        z = np.array(values)
        probabilities = softmax(z)
        exponentials = np.exp(z - _exponential_shift(z))
        cost = float(nll(z, index))
        gradient = nll_gradient(z, index)
        finite_difference = finite_difference_gradient(
            lambda point: float(nll(point, index)), z, FINITE_DIFFERENCE_STEP
        )
        jacobian = softmax_jacobian(z)
        shifted_probabilities = softmax(z + SHIFT)
        origin = np.zeros_like(z)

        def field_of(points: np.ndarray) -> np.ndarray:
            return nll_gradient(points, index)

        straight = line_integral(field_of, [origin, z])
        corners = [origin.copy()]
        for m in range(len(z)):  # one coordinate at a time, as in chapter 5
            corner = corners[-1].copy()
            corner[m] = z[m]
            corners.append(corner)
        coordinatewise = line_integral(field_of, corners)
        cost_rise = cost - float(nll(origin, index))
        other, _ = slice_classes(z, index)
        slice_ = _slice(z, index, other)
        target_slice = _slice(z, index, index)
        trajectory = gradient_descent_trajectory(z, index, DESCENT_RATE, DESCENT_STEPS)
        checks = _checks(
            z, index, probabilities, cost, gradient, finite_difference, jacobian,
            shifted_probabilities, straight, coordinatewise, cost_rise, (slice_, target_slice),
            trajectory,
        )
        example = cls(
            logits=values,
            target=index,
            classes=names,
            probabilities=probabilities,
            exponentials=exponentials,
            cost=cost,
            gradient=gradient,
            finite_difference=finite_difference,
            jacobian=jacobian,
            shifted_probabilities=shifted_probabilities,
            path_integrals={"straight": straight, "coordinatewise": coordinatewise},
            cost_rise=cost_rise,
            slice=slice_,
            target_slice=target_slice,
            trajectory=trajectory,
            checks=checks,
        )
        failed = [check for check in checks if not check.passed]
        if failed and strict:
            first = failed[0]
            raise ExampleError(
                f"check {first.name!r} failed: error {first.max_error:.3g} "
                f"> tolerance {first.tolerance:.3g}"
            )
        return example

    @classmethod
    def from_options(
        cls,
        logits: str | Sequence[float] | None = None,
        target: str | int | None = None,
        classes: str | Sequence[str] | None = None,
        config: str | Path | None = None,
        search_dir: str | Path = ".",
        strict: bool = True,
    ) -> WorkedExample:
        """The example a command line asks for.

        A config file (``config``, else ``lecture.toml`` in ``search_dir`` if it
        exists) gives the base; explicit options override its keys.
        """
        settings: dict[str, Any] = {}
        config_path = Path(config) if config is not None else Path(search_dir) / "lecture.toml"
        if config is not None or config_path.is_file():
            settings.update(load_config(config_path))
        if logits is not None:
            settings["logits"] = parse_logits(logits) if isinstance(logits, str) else logits
        if classes is not None:
            settings["classes"] = (
                [name for name in classes.split(",")] if isinstance(classes, str) else classes
            )
        if target is not None:
            settings["target"] = target
        chosen_logits = settings.get("logits", DEFAULT_LOGITS)
        chosen_classes = settings.get("classes")
        default_target = DEFAULT_TARGET if chosen_classes is None and len(
            chosen_logits) == len(DEFAULT_CLASSES) else 0
        return cls.build(
            chosen_logits, settings.get("target", default_target), chosen_classes, strict=strict
        )

    # ------------------------------------------------------------------
    # Derived views.

    @property
    def passed(self) -> bool:
        """True when every check passed."""
        return all(check.passed for check in self.checks)

    @property
    def n_classes(self) -> int:
        """:math:`K`."""
        return len(self.logits)

    @property
    def shift(self) -> float:
        """The constant :math:`c` added to every logit in the shift-invariance beat."""
        return SHIFT

    @property
    def shifted_logits(self) -> np.ndarray:
        """The logits after the shift-invariance beat adds :data:`SHIFT` to each."""
        return np.array(self.logits) + SHIFT

    @property
    def target_name(self) -> str:
        """The target's class name."""
        return self.classes[self.target]

    @property
    def one_hot(self) -> np.ndarray:
        """:math:`t`, the one-hot target."""
        one_hot = np.zeros(self.n_classes)
        one_hot[self.target] = 1.0
        return one_hot

    @property
    def exponential_shift(self) -> float:
        r"""The :math:`c` in the :attr:`exponentials` shown, :math:`e^{z_k - c}`.

        0 (the plain :math:`e^{z_k}`), or :math:`\max_k z_k` where :math:`e^{z_k}`
        would overflow or underflow; softmax is the same either way.
        """
        return _exponential_shift(np.array(self.logits))

    @property
    def partition(self) -> float:
        r""":math:`\sum_k e^{z_k}` on the same scale as :attr:`exponentials`."""
        return float(np.sum(self.exponentials))

    @property
    def log_partition(self) -> float:
        r""":math:`\log \sum_k e^{z_k}`."""
        return float(logsumexp(np.array(self.logits)))

    @property
    def log_probabilities(self) -> np.ndarray:
        r""":math:`\log y`."""
        return log_softmax(np.array(self.logits))

    @property
    def finite_difference_error(self) -> float:
        """Largest |finite difference - (y - t)| over the classes."""
        return float(np.max(np.abs(self.finite_difference - self.gradient)))

    def check(self, name: str) -> Check:
        """The check called ``name``."""
        for check in self.checks:
            if check.name == name:
                return check
        raise KeyError(name)

    def fmt(self, value: float) -> str:
        """Format a number the one way the lecture does."""
        return format_number(value)

    def tex(self, value: float) -> str:
        r"""A number for a formula, as :meth:`fmt` prints it, with :math:`2.1 \times 10^{-12}`."""
        return number_latex(self.fmt(value))

    def shown(self, values: Sequence[float]) -> tuple[Shown, ...]:
        """Each value with the text :meth:`fmt` prints for it (a bar and its label, as one)."""
        return tuple(Shown(float(value), self.fmt(value)) for value in values)

    @property
    def class_latex(self) -> tuple[str, ...]:
        r"""Each class name as ``\text{...}`` with LaTeX specials escaped."""
        return tuple(text_latex(name) for name in self.classes)

    @property
    def latex(self) -> dict[str, Any]:
        """Every string of LaTeX that the scenes show for this example."""
        fmt = self.tex
        names = self.class_latex
        target = names[self.target]
        entries: dict[str, Any] = dict(formulas())
        entries.update(
            {
                "logits": [fmt(value) for value in self.logits],
                "exponentials": [fmt(value) for value in self.exponentials],
                "probabilities": [fmt(value) for value in self.probabilities],
                "shifted_logits": [fmt(value + SHIFT) for value in self.logits],
                "shifted_probabilities": [fmt(value) for value in self.shifted_probabilities],
                "one_hot": [fmt(value) for value in self.one_hot],
                "gradient": [fmt(value) for value in self.gradient],
                "finite_difference": [fmt(value) for value in self.finite_difference],
                "classes": list(names),
                "target_is": rf"T = {target}",
                "cost_value": rf"C = -\log y_{{T}} = {fmt(self.cost)}",
                "target_probability": rf"y_{{T}} = {fmt(self.probabilities[self.target])}",
                "partition_value": rf"\sum_{{k}} e^{{z_{{k}}}} = {fmt(self.partition)}",
                "probabilities_sum_value": rf"\sum_{{k}} y_{{k}} = "
                rf"{fmt(float(np.sum(self.probabilities)))}",
                "shift": rf"z_{{k}} \to z_{{k}} + {fmt(SHIFT)}",
                "finite_difference_error": (
                    rf"\max_m \left|\Delta_m - (y_m - t_m)\right| = "
                    rf"{fmt(self.finite_difference_error)}"
                ),
                "path_integrals": {
                    name: rf"\int_{{\gamma}} g \cdot dz = {fmt(value)}"
                    for name, value in self.path_integrals.items()
                },
                "cost_rise": rf"C(z) - C(0) = {fmt(self.cost_rise)}",
                "slice_area": f"{_slice_integral(self.slice, self.target)} = "
                f"{fmt(self.slice.area)}",
                "slice_rise": rf"C(b) - C(a) = {fmt(self.slice.rise)}",
                "target_slice_area": f"{_slice_integral(self.target_slice, self.target)} = "
                f"{fmt(self.target_slice.area)}",
                "target_slice_rise": rf"C(b) - C(a) = {fmt(self.target_slice.rise)}",
                "descent_rate": rf"\eta = {fmt(self.trajectory.rate)}",
                "descent_costs": [fmt(value) for value in self.trajectory.costs],
            }
        )
        return entries

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description of the example and its checks."""
        return {
            "logits": list(self.logits),
            "target": self.target,
            "target_name": self.target_name,
            "classes": list(self.classes),
            "exponentials": self.exponentials.tolist(),
            "probabilities": self.probabilities.tolist(),
            "cost": self.cost,
            "gradient": self.gradient.tolist(),
            "finite_difference_gradient": self.finite_difference.tolist(),
            "jacobian": self.jacobian.tolist(),
            "path_integrals": dict(self.path_integrals),
            "cost_rise": self.cost_rise,
            "slice": _slice_dict(self.slice),
            "target_slice": _slice_dict(self.target_slice),
            "descent": {
                "rate": self.trajectory.rate,
                "costs": self.trajectory.costs.tolist(),
                "probabilities": self.trajectory.probabilities.tolist(),
            },
            "checks": {
                check.name: {
                    "passed": check.passed,
                    "max_error": check.max_error,
                    "tolerance": check.tolerance,
                    "description": check.description,
                }
                for check in self.checks
            },
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as a JSON string."""
        return json.dumps(self.to_dict(), indent=2)

    def fingerprint(self) -> str:
        """A stable text of the inputs, for cache keys."""
        return json.dumps(
            {"logits": list(self.logits), "target": self.target, "classes": list(self.classes)},
            sort_keys=True,
        )


def slice_classes(logits: Sequence[float] | np.ndarray, target: int) -> tuple[int, int]:
    r"""The classes chapter 5 slides: the likeliest one that is not the target, and the target.

    The first is the class :math:`m \ne T` of largest logit (the first of equal
    ones), so of largest :math:`y_m`: the one a viewer reads as the rival. With
    two classes it is simply the other class.

    Returns
    -------
    (int, int)
        :math:`m` and :math:`T`, 0-based.
    """
    z = np.asarray(logits, dtype=np.float64)
    others = np.where(np.arange(len(z)) == target, -np.inf, z)
    return int(np.argmax(others)), int(target)


def slice_window(logits: Sequence[float] | np.ndarray, index: int,
                 half_width: int = SLICE_HALF_WIDTH) -> tuple[float, float]:
    r"""The stretch :math:`[a, b]` of :math:`z_m` that chapter 5 integrates over.

    Along the slice :math:`y_m(s) = 1 / (1 + e^{r - s})` with
    :math:`r = \log \sum_{k \ne m} e^{z_k}`: a logistic curve that crosses
    :math:`1/2` at :math:`s = r`, whatever the other logits. The window is
    centred on the whole number nearest :math:`r`, ``half_width`` either side,
    so :math:`y_m` climbs from below :math:`\sigma(-1.5) \approx 0.18` to above
    :math:`\sigma(1.5) \approx 0.82` across it, and the area of
    :math:`y_m - t_m` is at least about 1.6 in size (along :math:`z_T` as
    well, where the integrand is :math:`y_T - 1`). Both ends are whole numbers:
    a lecturer writes them as 3 and -1.

    Parameters
    ----------
    logits : array_like, shape (K,)
    index : int
        :math:`m` (0-based).
    half_width : int
        Half the window's width.

    Returns
    -------
    (float, float)
        :math:`a < b`, whole numbers.
    """
    z = np.asarray(logits, dtype=np.float64)
    middle = float(logsumexp(np.delete(z, index)))
    centre = math.floor(middle + 0.5)
    return float(centre - half_width), float(centre + half_width)


def _slice(z: np.ndarray, target: int, index: int) -> Slice:
    """The slice along class ``index`` over :func:`slice_window`, with its area and rise."""
    start, end = slice_window(z, index)

    def field_of(points: np.ndarray) -> np.ndarray:
        return nll_gradient(points, target)

    low, high = z.copy(), z.copy()
    low[index], high[index] = start, end
    area = line_integral(field_of, [low, high])
    # C(b) - C(a) in closed form (the sum of e^z grows by e^b - e^a): for m != T,
    # log(1 + y_m(a) (e^{b-a} - 1)); for m = T, minus (b - a) on top, which is
    # log(1 + (1 - y_T(a)) (e^{-(b-a)} - 1)). Subtracting two costs near 27 would
    # lose every digit of a small rise.
    probabilities = softmax(low)
    if index != target:
        rise = float(np.log1p(probabilities[index] * np.expm1(end - start)))
    else:
        others = float(np.sum(np.delete(probabilities, index)))
        rise = float(np.log1p(others * np.expm1(start - end)))
    return Slice(index=index, start=start, end=end, area=area, rise=rise)


def _slice_integral(slice_: Slice, target: int) -> str:
    r"""The slice's integral with its bounds, :math:`\int_{-1}^{3} (y_m - t_m)\, dz_m`.

    Along the target the integrand is written :math:`y_T - 1`. The bounds are
    whole numbers (:func:`slice_window`) and print as such.
    """
    if slice_.index == target:
        index, integrand = nt.T, sp.Add(nt.y[nt.T], sp.Integer(-1), evaluate=False)
    else:
        index = nt.m
        integrand = sp.Add(nt.y[index], sp.Mul(-1, nt.t[index], evaluate=False),
                           evaluate=False)
    bounds = (sp.Integer(round(slice_.start)), sp.Integer(round(slice_.end)))
    return nt.latex(sp.Integral(integrand, (nt.z[index], *bounds)))


def _slice_dict(slice_: Slice) -> dict[str, Any]:
    return {"index": slice_.index, "start": slice_.start, "end": slice_.end,
            "area": slice_.area, "rise": slice_.rise}


def _checks(
    z: np.ndarray,
    target: int,
    probabilities: np.ndarray,
    cost: float,
    gradient: np.ndarray,
    finite_difference: np.ndarray,
    jacobian: np.ndarray,
    shifted_probabilities: np.ndarray,
    straight: float,
    coordinatewise: float,
    cost_rise: float,
    slices: tuple[Slice, Slice],
    trajectory: DescentTrajectory,
) -> tuple[Check, ...]:
    """Every check of the example, each against an independent computation.

    Each tolerance follows the check's conditioning (see the constants above): a few
    ulps of the magnitudes the computation adds and cancels, times how many roundings
    pile up. A logit of 1e5 has an ulp of 1.5e-11, so a fixed tolerance would either
    fail correct examples there or hide real errors near the storyboard's numbers.
    """
    classes = len(z)
    largest = float(np.max(np.abs(z)))
    # The cost, log sum_k e^{z_k - max z} + max z - z_T (either way it is computed), sums
    # K exponentials of numbers in (0, 1] and adds and cancels numbers as large as
    # |max z| and |z_T|: each step rounds by EPS relative to its operands.
    cost_magnitude = classes + abs(cost) + 2.0 * largest
    cost_tolerance = ULPS * EPS * cost_magnitude
    # Sums of K probabilities (each within a few ulps of its exact value): K roundings.
    sum_tolerance = ULPS * EPS * classes
    # z + c rounds each logit by EPS/2 |z_k + c|; y moves by at most that (|dy/dz| <= 1/2
    # per logit, summed), on top of K roundings in each softmax.
    shift_tolerance = ULPS * EPS * (classes + largest + SHIFT)
    # Quadrature: the pieces are short enough (numerics.MAX_PIECE) for Gauss-Legendre's
    # own error to stay below the rounding. Each node's term (y - t) . dz is a K-term
    # dot product, each piece adds QUADRATURE_NODES of them in a row, and numpy adds
    # the pieces pairwise, in log2(pieces) <= log2(MAX_PIECES) levels; every rounding
    # is EPS of the sum of |terms|, at most ||z||_1 since |y_m - t_m| <= 1. Rounding the
    # nodes' positions (EPS |z| each) moves the integral by at most 2 EPS ||z||_1 per
    # segment, K of them.
    levels = 2 * classes + QUADRATURE_NODES + math.log2(MAX_PIECES)
    integral_tolerance = ULPS * EPS * levels * (1.0 + float(np.sum(np.abs(z)))) + cost_tolerance
    # A slice's integrand has one sign (y_m > 0 off the target, y_T - 1 < 0 on it), so
    # its area and its closed-form rise are both accurate relative to themselves: the
    # same levels of sums, and the ulps of the logits in the exponents (the window's
    # ends lie within log K + 1/2 + SLICE_HALF_WIDTH of the largest logit).
    slice_tolerance = ULPS * EPS * (
        levels + 4.0 * (largest + math.log(classes) + 1.0 + SLICE_HALF_WIDTH))
    # Each cost along the descent errs as the cost does; the logits move by at most
    # DESCENT_RATE per step (|y_m - t_m| <= 1). Two costs compared: twice that.
    descent_tolerance = 2.0 * ULPS * EPS * (
        cost_magnitude + 2.0 * DESCENT_RATE * (len(trajectory.costs) - 1))
    # -log y_T from the probabilities themselves, where they do not underflow.
    log_form = float(np.log(np.sum(np.exp(z - z.max()))) + z.max() - z[target])
    costs = trajectory.costs
    results = [
        Check("probabilities_sum_to_one", True, abs(float(np.sum(probabilities)) - 1.0),
              sum_tolerance, "sum_k y_k = 1"),
        Check("cost_is_log_sum_exp_minus_target", True, abs(cost - log_form),
              cost_tolerance, "-log y_T = log sum_k e^{z_k} - z_T"),
        Check("gradient_matches_finite_differences", True,
              float(np.max(np.abs(finite_difference - gradient))),
              FINITE_DIFFERENCE_TOLERANCE * cost_magnitude,
              "y - t equals central differences of C"),
        Check("gradient_sums_to_zero", True, abs(float(np.sum(gradient))), sum_tolerance,
              "sum_m (y_m - t_m) = 0"),
        # y_m y_n and y_n y_m are the same product, so the matrix is symmetric exactly.
        Check("jacobian_is_symmetric", True, float(np.max(np.abs(jacobian - jacobian.T))), 0.0,
              "diag(y) - y y^T is symmetric"),
        Check("shift_invariance", True,
              float(np.max(np.abs(shifted_probabilities - probabilities))), shift_tolerance,
              "softmax(z + c) = softmax(z)"),
        Check("straight_path_integral", True, abs(straight - cost_rise),
              integral_tolerance, "straight path: integral of y - t = C(z) - C(0)"),
        Check("coordinatewise_path_integral", True, abs(coordinatewise - cost_rise),
              integral_tolerance,
              "one coordinate at a time: integral of y - t = C(z) - C(0)"),
        Check("slice_area_is_cost_rise", True, abs(slices[0].area - slices[0].rise),
              slice_tolerance * abs(slices[0].rise) + 1e-300,
              "area under y_m - t_m = C(b) - C(a) (relative)"),
        Check("target_slice_area_is_cost_fall", True, abs(slices[1].area - slices[1].rise),
              slice_tolerance * abs(slices[1].rise) + 1e-300,
              "along z_T, area under y_T - 1 = C(b) - C(a) < 0 (relative)"),
        Check("descent_decreases_cost", True,
              float(max(0.0, np.max(np.diff(costs))) if len(costs) > 1 else 0.0),
              descent_tolerance, "gradient descent never raises the cost"),
        # log of a sum whose largest term is exactly 1, minus z_T - max z <= 0: never < 0.
        Check("cost_is_nonnegative", True, float(max(0.0, -cost)), 0.0, "C >= 0"),
    ]
    return tuple(
        Check(check.name, check.max_error <= check.tolerance, check.max_error, check.tolerance,
              check.description)
        for check in results
    )
