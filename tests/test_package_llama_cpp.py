"""`cookkit.llama_cpp` writes GGUF files with the types a rule names, and a server that cannot start
says why.

Without these checks a rule that misses a tensor silently leaves it in float32 (a file larger than
the recipe's table says), a copied file loses its tokenizer or chat template (llama.cpp then cannot
chat), and a server that cannot load its file leaves a recipe waiting for its timeout.
"""

import numpy as np
import pytest
from gguf import GGMLQuantizationType, GGUFReader, GGUFWriter, LlamaFileType

from cookkit.llama_cpp import requantized_gguf
from cookkit.servers import llama_server

TEMPLATE = "{% for m in messages %}{{ m.content }}{% endfor %}"


def small_float_gguf(path):
    """Write a GGUF file with two float32 matrices, one vector and some tokenizer metadata."""
    writer = GGUFWriter(path, arch="llama")
    writer.add_chat_template(TEMPLATE)
    writer.add_token_list(["<a>", "<b>", "<c>"])
    rng = np.random.default_rng(0)
    writer.add_tensor("token_embd.weight", rng.standard_normal((3, 64), dtype=np.float32))
    writer.add_tensor("blk.0.attn_v.weight", rng.standard_normal((2, 64), dtype=np.float32))
    writer.add_tensor("blk.0.attn_norm.weight", np.ones(64, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def eight_bits_for_attn_v(name):
    return GGMLQuantizationType.Q8_0 if "attn_v" in name else GGMLQuantizationType.Q4_0


def test_each_matrix_gets_the_type_its_rule_names(tmp_path):
    source = small_float_gguf(tmp_path / "float.gguf")
    written = requantized_gguf(source, tmp_path / "mixed.gguf", eight_bits_for_attn_v)
    types = {t.name: t.tensor_type for t in GGUFReader(written).tensors}
    assert types == {
        "token_embd.weight": GGMLQuantizationType.Q4_0,
        "blk.0.attn_v.weight": GGMLQuantizationType.Q8_0,
        "blk.0.attn_norm.weight": GGMLQuantizationType.F32,
    }, f"the types written do not follow the rule (vectors stay float32): {types}"


def test_metadata_survives_and_the_file_type_names_the_main_type(tmp_path):
    source = small_float_gguf(tmp_path / "float.gguf")
    reader = GGUFReader(requantized_gguf(source, tmp_path / "mixed.gguf", eight_bits_for_attn_v))
    assert reader.fields["tokenizer.chat_template"].contents() == TEMPLATE, (
        "the chat template was not copied: llama.cpp could not format a chat with this file"
    )
    assert reader.fields["tokenizer.ggml.tokens"].contents() == ["<a>", "<b>", "<c>"], (
        "the token list was not copied"
    )
    assert reader.fields["general.file_type"].contents() == LlamaFileType.MOSTLY_Q4_0, (
        "general.file_type should name the type that holds most weights"
    )


def test_a_file_the_server_cannot_load_stops_it_with_a_reason(tmp_path):
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"this is not a GGUF file")
    with pytest.raises(RuntimeError, match="llama.cpp's server stopped"):
        with llama_server(broken, threads=1, slots=1):
            pass
