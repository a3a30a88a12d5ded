"""cookkit.space_app: the release's ``space/`` folder holds an app, pinned requirements and a README
whose front matter a Hugging Face Space reads, apart from the model card.

Written into the release's own README, the Space's front matter would replace the model card's (a
Space and a model repository both read ``README.md``); without ``sdk`` and ``app_file`` the hub
does not start the app; unpinned, the Space installs versions nobody ran.
"""

import json

import yaml

from cookkit.space_app import APP_TEMPLATE, write_space


def front_matter(text):
    assert text.startswith("---\n"), "a Space's README opens with YAML between --- lines"
    return yaml.safe_load(text.split("---\n")[1])


def test_the_space_folder_is_complete_and_leaves_the_model_card_alone(tmp_path):
    (tmp_path / "README.md").write_text("the model card")
    written = write_space(tmp_path, "dates", "apache-2.0", repo="me/dates")
    assert {p.name for p in written} == {"app.py", "requirements.txt", "README.md", "space.json"}
    assert all(p.parent == tmp_path / "space" for p in written)
    assert (tmp_path / "README.md").read_text() == "the model card", "the model card was touched"
    header = front_matter((tmp_path / "space" / "README.md").read_text())
    assert header["sdk"] == "streamlit" and header["app_file"] == "app.py"
    assert header["license"] == "apache-2.0" and header["models"] == ["me/dates"]
    assert str(header["sdk_version"]).count(".") == 2, "the Space must run a pinned Streamlit"
    requirements = (tmp_path / "space" / "requirements.txt").read_text().split()
    assert [r.split("==")[0] for r in requirements] == ["torch", "transformers", "streamlit"]
    assert all("==" in r and "+" not in r for r in requirements), f"unpinned: {requirements}"
    assert (tmp_path / "space" / "app.py").read_text() == APP_TEMPLATE.read_text()
    settings = json.loads((tmp_path / "space" / "space.json").read_text())
    assert settings["repo"] == "me/dates" and settings["examples"], settings


def test_an_unpushed_release_names_no_hub_model(tmp_path):
    write_space(tmp_path, "dates", "apache-2.0")
    assert "models" not in front_matter((tmp_path / "space" / "README.md").read_text())
