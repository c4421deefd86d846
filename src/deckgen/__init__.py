"""deckgen: turn a YAML outline of a talk into a polished PowerPoint deck."""

__version__ = "0.1.0"
