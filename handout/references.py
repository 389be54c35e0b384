r"""The handout's references: the sources the lecture follows, cited with ``\cite``.

A ``thebibliography`` list, so no BibTeX run is needed. The keys are what the
document cites; every entry is cited (``tests/handout`` checks both ways).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["REFERENCES", "Reference", "bibliography"]


@dataclass(frozen=True)
class Reference:
    r"""One entry: its ``\cite`` key and its text as LaTeX."""

    key: str
    text: str


REFERENCES = (
    Reference("nielsen", r"Michael A. Nielsen. \emph{Neural Networks and Deep Learning}. "
              r"Determination Press, 2015. Chapter 3, ``Improving the way neural networks "
              r"learn'': the cross-entropy cost function, and softmax with the "
              r"log-likelihood cost. \url{http://neuralnetworksanddeeplearning.com/chap3.html}"),
    Reference("bridle", r"John S. Bridle. Probabilistic interpretation of feedforward "
              r"classification network outputs, with relationships to statistical pattern "
              r"recognition. In F.~Fogelman Souli\'e and J.~H\'erault, editors, "
              r"\emph{Neurocomputing: Algorithms, Architectures and Applications}, pages "
              r"227--236. Springer, 1990."),
    Reference("bishop", r"Christopher M. Bishop. \emph{Pattern Recognition and Machine "
              r"Learning}. Springer, 2006. Sections 4.2 and 4.3 (probabilistic generative and "
              r"discriminative models, multiclass logistic regression in \S4.3.4) and "
              r"\S4.3.6 (canonical link functions)."),
    Reference("mccullagh-nelder", r"Peter McCullagh and John A. Nelder. \emph{Generalized "
              r"Linear Models}. Chapman and Hall, second edition, 1989. Chapter 2: exponential "
              r"families, the log-partition (cumulant) function and canonical links."),
)


def bibliography() -> str:
    """The references as a ``thebibliography`` environment (it sets its own heading)."""
    items = "\n".join(rf"\bibitem{{{reference.key}}} {reference.text}"
                      for reference in REFERENCES)
    return ("\\begin{thebibliography}{9}\n"
            "\\addcontentsline{toc}{section}{References}\n"
            f"{items}\n\\end{{thebibliography}}\n")
