"""pipeline: the ``softmax-lecture`` command and everything it orchestrates.

Rendering chapters in Manim processes, the render cache, key frames, assembling
the lecture video, exporting the slide deck, and building the handout. It
imports ``scenes``, ``handout`` and ``mathcore``; none of them imports it.
Importing this package does not import Manim (the chapter processes do).
"""
