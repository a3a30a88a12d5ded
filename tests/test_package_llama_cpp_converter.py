"""cookkit.llama_cpp_converter runs llama.cpp's converter script as it is, with its own gguf-py.

Without these checks the converter could import the installed ``gguf`` package instead of the one
it was written against (and fail on a newer architecture's names), a failed conversion would leave
the recipe reading a file that was never written, and its reason would be lost.
"""

import pytest

from cookkit.llama_cpp_converter import convert_to_gguf

FAKE_CONVERTER = """
import os, sys
model, _, target, _, outtype = sys.argv[1:]
if outtype == "q3_k":
    sys.exit("unknown outtype q3_k")
open(target, "w").write(f"{model} {outtype} " + os.environ["PYTHONPATH"])
"""


@pytest.fixture
def converter(tmp_path):
    script = tmp_path / "llama.cpp" / "convert_hf_to_gguf.py"
    script.parent.mkdir()
    script.write_text(FAKE_CONVERTER)
    return script


def test_the_converter_writes_the_target_with_its_own_gguf_py(tmp_path, converter):
    """The target's folder is created; the script runs with the gguf-py beside it on its path."""
    target = tmp_path / "out" / "model-f32.gguf"
    assert convert_to_gguf("merged", target, "f32", converter) == target
    model, outtype, python_path = target.read_text().split(" ")
    assert (model, outtype) == ("merged", "f32")
    assert python_path == str(converter.parent / "gguf-py"), "the converter's gguf-py is not used"


def test_a_failed_conversion_raises_with_the_converters_reason(tmp_path, converter):
    with pytest.raises(RuntimeError, match="(?s)converter failed.*unknown outtype q3_k"):
        convert_to_gguf("merged", tmp_path / "model.gguf", "q3_k", converter)
