"""cookkit.scaffold: a title becomes a notebook name, and the new recipe is listed after its stage's
recipes in the table of contents.

A name with spaces or capitals breaks links and Colab URLs; a toc entry in the wrong part puts the
recipe under another stage in the book.
"""

import pytest

from cookkit.scaffold import listed_in_toc, recipe_name

TOC = """parts:
  - caption: "Fine-tune: teach a skill"
    chapters:
      - file: cookbook/03-finetune/lora-date-rewriting
  - caption: Reference
    chapters:
      - file: book/references
"""


def test_titles_become_lower_case_hyphenated_names():
    assert recipe_name("Prefer answers with DPO!") == "prefer-answers-with-dpo"
    assert recipe_name("  LoRA: 4-bit (QLoRA) ") == "lora-4-bit-qlora"
    with pytest.raises(ValueError, match="no letters or digits"):
        recipe_name("!!!")


def test_the_recipe_is_listed_after_its_stage():
    listed = listed_in_toc(TOC, "03-finetune", "cookbook/03-finetune/dpo")
    assert "lora-date-rewriting\n      - file: cookbook/03-finetune/dpo\n  - caption: Ref" in listed
    with pytest.raises(ValueError, match="add `cookbook/09-x/y` by hand"):
        listed_in_toc(TOC, "09-x", "cookbook/09-x/y")
