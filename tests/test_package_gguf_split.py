"""cookkit.gguf_split: a GGUF file split in llama.cpp's format keeps every key and tensor, byte for
byte, in parts no larger than asked; a file within the bound stays whole.

A part that lost a key (the tokenizer's vocabulary, the chat template) or a tensor's bytes would
load as another model, or not at all, in the reader's browser.
"""

import gguf
import numpy as np
import pytest

from cookkit.gguf_split import part_names, split_gguf


def tiny_gguf(path, tensors=6, size=4096):
    """A GGUF file with a few keys (a string, a number, an array) and ``tensors`` float tensors."""
    writer = gguf.GGUFWriter(path, "llama")
    writer.add_string("tokenizer.chat_template", "{{ messages }}")
    writer.add_uint32("llama.block_count", 2)
    writer.add_array("tokenizer.ggml.tokens", ["a", "b", "c"])
    for n in range(tensors):
        writer.add_tensor(f"blk.{n}.weight", np.full(size // 4, n, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def keys(reader):
    return {
        k: f.contents() for k, f in reader.fields.items() if not k.startswith(("GGUF.", "split."))
    }


def test_parts_hold_every_key_and_tensor_within_the_bound(tmp_path):
    source = tiny_gguf(tmp_path / "model.gguf")
    original = gguf.GGUFReader(source)
    bound = 3 * 4096 + original.data_offset
    parts = split_gguf(source, tmp_path / "parts", bound)
    assert [p.name for p in parts] == part_names("model", len(parts)), "parts misnamed"
    assert len(parts) == 2, f"expected 2 parts of at most {bound} bytes, got {len(parts)}"
    assert all(p.stat().st_size <= bound for p in parts), "a part is larger than the bound"
    readers = [gguf.GGUFReader(p) for p in parts]
    assert [r.get_field("split.no").contents() for r in readers] == [0, 1]
    assert {r.get_field("split.count").contents() for r in readers} == {2}
    assert readers[0].get_field("split.tensors.count").contents() == 6
    assert keys(readers[0]) == keys(original), "the first part lost metadata"
    split = {t.name: t.data.tobytes() for r in readers for t in r.tensors}
    assert split == {t.name: t.data.tobytes() for t in original.tensors}, "tensors changed"


def test_a_file_within_the_bound_is_written_whole(tmp_path):
    source = tiny_gguf(tmp_path / "model.gguf", tensors=2)
    parts = split_gguf(source, tmp_path / "parts", 10 * source.stat().st_size)
    assert [p.name for p in parts] == ["model.gguf"]
    assert gguf.GGUFReader(parts[0]).get_field("split.count") is None


def test_part_names_follow_llama_cpp():
    assert part_names("m", 2) == ["m-00001-of-00002.gguf", "m-00002-of-00002.gguf"]
    with pytest.raises(ValueError, match="positive"):
        split_gguf("unused.gguf", "unused", 0)
