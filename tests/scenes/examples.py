"""The examples every chapter is built for: 2, 3 and 8 classes, awkward on purpose."""

from __future__ import annotations

from mathcore.example import WorkedExample

EXAMPLES = {
    "two": dict(logits=[0.5, -1.25], classes=["spam", "ham"], target="ham"),
    "three": dict(logits=[2.0, 1.0, 0.1], classes=["cat", "dog", "bird"], target="cat"),
    # Extreme logits, 12-character names, and LaTeX specials that must print literally.
    "eight": dict(
        logits=[-20.0, 20.0, 3.3, 0.0, -7.5, 12.0, 1.0, -1.0],
        classes=["hippopotamus", "50%_off", "a&b", "\\input{/etc/passwd}", "$x$",
                 "zebra", "aardvark_12c", "x"],
        target="$x$",
    ),
}


def example(name: str) -> WorkedExample:
    """Build one of the test examples."""
    settings = EXAMPLES[name]
    return WorkedExample.build(settings["logits"], settings["target"], settings["classes"])
