"""The README's Python blocks and the typed example program run as written,
against the mock."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PERSONAL_KEY, Mock

PYTHON = Path(__file__).resolve().parents[1]
README = PYTHON / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)


def test_readme_has_python_blocks() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_block_runs(mock: Mock, index: int, run_token: str) -> None:
    # A fresh interpreter per block, as a reader would run it; emails made unique per run.
    code = BLOCKS[index].replace("ada@example.com", f"ada.{run_token}@example.com")
    env = {"REPLY_API_KEY": PERSONAL_KEY, "REPLY_BASE_URL": mock.url, "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_typed_example_program_runs(mock: Mock) -> None:
    env = {"REPLY_API_KEY": PERSONAL_KEY, "REPLY_BASE_URL": mock.url, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, str(PYTHON / "examples/tour.py")], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "user 1" and "job Done" in lines and lines[-1].endswith("contacts (async)")


def test_safe_workflows_example_runs(mock: Mock) -> None:
    env = {"REPLY_API_KEY": PERSONAL_KEY, "REPLY_BASE_URL": mock.url, "PATH": "/usr/bin:/bin"}
    example = PYTHON / "examples/safe_workflows.py"
    done = subprocess.run([sys.executable, str(example)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].endswith("created=True, again created=False"), lines
    assert lines[1] == lines[0].replace("ensured ", "found ").split(" created")[0]
    assert [line.split(": ")[1] for line in lines[2:4]] == ["enrolled", "not_found"]
    assert lines[4:] == ["refused: step_not_found", "async: created=True, invalid_input"]


def test_per_call_example_runs(mock: Mock) -> None:
    env = {"REPLY_API_KEY": PERSONAL_KEY, "REPLY_BASE_URL": mock.url, "PATH": "/usr/bin:/bin"}
    example = PYTHON / "examples/per_call.py"
    done = subprocess.run([sys.executable, str(example)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "title Set through extra_body", lines
    assert lines[1] == "created True (str on the wire)", lines
    assert lines[2].startswith("raw 200 application/json "), lines
    assert lines[3] == "async raw 200 user 1", lines
