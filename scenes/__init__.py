"""scenes: the lecture animated with Manim, and the ``softmax-lecture`` command line.

Importing this package does not import Manim; the chapter modules do.
"""
