"""Reusable mobjects of the lecture; each returns animations for the scene to play."""
