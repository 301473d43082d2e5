"""Projects that cannot be opened show the engine's sentence, translated."""

from __future__ import annotations

import subprocess
import sys

from desktop.i18n import install_language
from engine.project import Project

HOLDER = """
import sys
from engine.project import Project
project = Project.open(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
project.close()
"""


def test_project_held_by_another_process_shows_project_locked(window, tmp_path):
    Project.create(tmp_path / "Shared").close()
    folder = tmp_path / "Shared.pictor"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        install_language("zh_CN")
        window.open_project(folder)
    finally:
        holder.communicate("\n", timeout=10)

    assert window.project is None
    message = window.last_error.message.text()
    assert message.startswith("项目“Shared”已在另一个 Pictor 窗口中打开")
    assert f"进程 {holder.pid}" in message
    assert "ProjectLocked" in window.last_error.details


def test_folder_that_is_not_a_project_shows_not_a_project(window, tmp_path):
    plain = tmp_path / "holiday"
    plain.mkdir()
    window.open_project(plain)
    assert window.project is None
    assert window.last_error.message.text().startswith(
        f"“{plain}” is not a Pictor project"
    )
    assert window.pages.currentWidget() is window.welcome


def test_creating_over_an_existing_project_shows_project_exists(
    window, patch_new_project
):
    folder = patch_new_project("Twice")
    Project.create(folder).close()
    window.new_project()
    assert window.project is None
    assert "already exists" in window.last_error.message.text()
