"""Plumbing shared by the Open LLM Cookbook's recipes.

Each module holds one thing: ``paths`` (where artifacts live), ``parameters`` (the checks a
recipe's parameters pass, and the error a bad one raises), ``recipes`` (which notebook is which
stage, and ``start_run``), ``records`` (run records), ``tolerances`` (how far a rerun may drift),
``runtime`` (threads and device), ``models`` (the default model and how to load any other),
``launch`` (running a training script as separate processes), ``servers`` and ``watchdog``
(starting any inference server, and never leaving one behind), ``request_guard`` and
``transformers_server`` (a schema check in front of ``transformers serve``),
``endpoints``, ``llama_cpp_engine``, ``served_measures``, ``load_test``, ``bad_requests`` and
``browser`` (talking to, timing and probing served models), ``stage_outputs`` and
``chain_models`` (what earlier stages made), ``llama_cpp_converter`` (llama.cpp's GGUF
converter), ``method_comparison``, ``evaluation_tasks``, ``release_card``, ``trace`` and
``trace_figure`` (the later recipes' tables, tasks, cards and provenance), ``pipeline`` and
``verify`` (the runner and the reproduction check behind ``python -m cookkit``) and ``export``
(generating modules from recipes). ``measures``, ``date_task``, ``llama_cpp`` and ``provenance``
are generated from the recipes that teach them; the techniques themselves live in the notebooks.
"""

import logging

__version__ = "0.2.0"


class _CpuMachineNotices(logging.Filter):
    """Drops two notices every model load prints once ``torchao`` is installed on a CPU machine.

    ``transformers`` imports ``torchao`` whenever it loads a model; ``torchao`` 0.18 then warns that
    its CUDA kernels cannot load (naming this machine's paths), and torch 2.13 that ``torchao``
    registers enums the old way. Neither concerns a recipe, and both would be stored in notebooks.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Failed to load") or "is an Enum subclass" in message)


for _logger in ("torchao", "torch.utils._pytree"):
    logging.getLogger(_logger).addFilter(_CpuMachineNotices())
