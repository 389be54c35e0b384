"""``python -m scenes``: the same as the ``softmax-lecture`` command."""

from scenes.cli import run

if __name__ == "__main__":
    run()
