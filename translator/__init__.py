"""translator: a glossary-driven translation workflow for news articles.

The package is a library first; `translator.cli` is a thin command line over it.
"""

__version__ = "0.1.0"
