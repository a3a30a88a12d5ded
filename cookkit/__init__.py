"""Plumbing shared by the Open LLM Cookbook's recipes.

Each module holds one thing: ``paths`` (where artifacts live), ``parameters`` (the checks a
recipe's parameters pass, and the error a bad one raises), ``recipes`` (which notebook is which
stage, and ``start_run``), ``records`` (run records), ``tolerances`` (how far a rerun may drift),
``runtime`` (threads and device), ``models`` (the default model and how to load any other),
``launch`` (running a training script as separate processes), ``pipeline`` and ``verify`` (the
runner and the reproduction check behind ``python -m cookkit``) and ``export`` (generating
modules from recipes). ``measures`` and ``date_task`` are generated from the recipes that teach
them; the techniques themselves live in the notebooks.
"""

__version__ = "0.2.0"
