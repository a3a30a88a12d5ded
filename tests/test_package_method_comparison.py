"""cookkit.method_comparison measures a saved model's size and lays the quantize recipe's numbers
out against float32.

Without these checks a saved folder's size could count its config and tokenizer files (the size
column would favour no method, but lie), a method's ratio could be taken against the wrong row, and
a GGUF file could be listed as run by transformers.
"""

import pytest

from cookkit.method_comparison import method_line, methods_table, safetensors_bytes

RESULTS = {
    "float32": {"bytes": 400 * 2**20, "tokens_per_s": 20.0, "perplexity": 25.0, "exact_match": 1.0},
    "gguf-q8_0": {
        "bytes": 100 * 2**20,
        "tokens_per_s": 40.0,
        "perplexity": 27.5,
        "exact_match": 0.9,
    },
}


def test_size_counts_only_the_safetensors_weights(tmp_path):
    """A config or tokenizer file is not a weight."""
    (tmp_path / "model-00001.safetensors").write_bytes(b"x" * 100)
    (tmp_path / "model-00002.safetensors").write_bytes(b"x" * 20)
    (tmp_path / "config.json").write_text("{}" * 500)
    assert safetensors_bytes(tmp_path) == 120


def test_a_line_sets_the_method_against_float32():
    """The ratio is to float32's bytes: 100 of 400 MiB is 0.250x."""
    line = method_line("gguf-q8_0", RESULTS)
    for part in ("gguf-q8_0", "100.0 MiB (0.250x)", "40.0 tokens/s", "27.500", "90%"):
        assert part in line, f"{part!r} missing from {line!r}"


def test_the_table_adds_engine_ratios_and_perplexity_change():
    """Each derived column comes from float32's row; the engine from the method's name."""
    table = methods_table(RESULTS)
    row = table.loc["gguf-q8_0"]
    assert row["engine"] == "llama.cpp" and table.loc["float32", "engine"] == "transformers"
    assert row["MiB"] == pytest.approx(100) and row["× float32"] == pytest.approx(0.25)
    assert row["perplexity change"] == pytest.approx(0.10)
    assert list(table.columns)[-1] == "bytes", "bytes should come last (the printout drops it)"
