"""Split a GGUF file into parts in llama.cpp's split format, each part a GGUF file of its own.

llama.cpp (and wllama, which runs it in a browser) loads a model from parts named
``<name>-00001-of-0000N.gguf``: the first part holds every metadata key, each part some of the
tensors, and every part says where it stands in ``split.no``, ``split.count`` and
``split.tensors.count``. A host that caps the size of a file (GitHub rejects files over 100 MiB
and warns above 50 MiB) then serves the parts. ``split_gguf`` writes them with gguf-py's writer,
tensor by tensor, from the file's bytes as they are: nothing is quantized again.
"""

from __future__ import annotations

from pathlib import Path

import gguf

PART_NAME = "{stem}-{number:05d}-of-{count:05d}.gguf"
"""How llama.cpp names the parts of a split model, counted from 1."""
OWN_KEYS = ("GGUF.", "split.")
"""Keys the reader reports (the header's) or the writer sets itself (a split's), never copied."""


def part_names(stem: str, count: int) -> list[str]:
    """The names of ``count`` parts of the model ``stem``, in order; one part is ``stem.gguf``."""
    if count == 1:
        return [f"{stem}.gguf"]
    return [PART_NAME.format(stem=stem, number=n, count=count) for n in range(1, count + 1)]


def split_gguf(source: Path, folder: Path, max_bytes: int) -> list[Path]:
    """Write ``source`` into ``folder`` as parts of at most ``max_bytes`` each and return them
    in order. A tensor is never cut: a part is larger only when one tensor alone is. A file within
    the bound is written whole, under its own name.

    The writer bounds the tensors' bytes of a part; the first part also carries the metadata (the
    tokenizer's vocabulary, megabytes of it), so the tensors get the bound less that header.
    """
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be positive, not {max_bytes}")
    source, folder = Path(source), Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    reader = gguf.GGUFReader(source)
    arch = reader.get_field(gguf.Keys.General.ARCHITECTURE)
    if arch is None:
        raise ValueError(f"{source} names no architecture: is it a GGUF model?")
    whole = source.stat().st_size <= max_bytes
    tensor_bytes = 0 if whole else max(1, max_bytes - reader.data_offset)  # 0: no split
    writer = gguf.GGUFWriter(folder / source.name, arch.contents(), split_max_size=tensor_bytes)
    for field in reader.fields.values():
        if field.name.startswith(OWN_KEYS) or field.name == gguf.Keys.General.ARCHITECTURE:
            continue
        kind = field.types[0]
        inner = field.types[-1] if kind == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, field.contents(), kind, sub_type=inner)
    for tensor in reader.tensors:
        writer.add_tensor(tensor.name, tensor.data, raw_dtype=tensor.tensor_type)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return [folder / name for name in part_names(source.stem, len(writer.tensors))]
