"""Plumbing shared by the Open LLM Cookbook's recipes.

Each module holds one thing: ``paths`` (where artifacts live), ``parameters``
(the error a recipe raises for a bad parameter), ``runtime`` (threads and
device), ``models`` (the default model and how to load any other),
``records`` (run records) and ``pipeline`` (the runner behind
``python -m cookkit run``). The techniques themselves live in the notebooks.
"""

__version__ = "0.1.0"
