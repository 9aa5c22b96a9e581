"""nettui: personal networking in the terminal, for people who network for real."""

__version__ = "0.1.0"
