"""kg: a citable knowledge graph of China's poverty-alleviation record, from English reports."""

__version__ = "0.1.0"
