"""The interpreter a program runs with: that of the virtualenv its Pulumi.yaml names, as under the
Pulumi CLI, or the one given; and a hint when a module the program imports is missing."""
import sys

import pytest

from stackcheck import ProgramLoadError, record_program
from stackcheck.cli import main

from .conftest import write_program

MAIN = "import pulumi\nimport only_in_the_venv\npulumi.export('from', only_in_the_venv.WHERE)\n"
VIRTUALENV_PROJECT = "name: scratch\nruntime:\n  name: python\n  options:\n    virtualenv: .venv\n"


def _virtualenv_python(directory):
    """A stand-in for a virtualenv's interpreter: this one, plus a module only it can import."""
    (directory / "site").mkdir(parents=True)
    (directory / "site" / "only_in_the_venv.py").write_text("WHERE = 'the program virtualenv'\n")
    python = directory / "bin" / "python"
    python.parent.mkdir()
    python.write_text(f'#!/bin/sh\nPYTHONPATH="{directory / "site"}:$PYTHONPATH" exec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    return python


def _exported(recording):
    return recording.resources[0].outputs["from"]


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in interpreter is a shell script")
def test_the_program_runs_in_the_virtualenv_its_pulumi_yaml_names(tmp_path):
    program = write_program(tmp_path / "p", MAIN)
    (program / "Pulumi.yaml").write_text(VIRTUALENV_PROJECT)
    _virtualenv_python(program / ".venv")
    assert _exported(record_program(program, "dev")) == "the program virtualenv"


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in interpreter is a shell script")
def test_python_chooses_the_interpreter(tmp_path, capsys):
    program = write_program(tmp_path / "p", MAIN)
    python = _virtualenv_python(tmp_path / "elsewhere")
    assert _exported(record_program(program, "dev", python=str(python))) == "the program virtualenv"
    assert main(["record", str(program), "--stack", "dev", "--python", str(python)]) == 0
    assert '"from": "the program virtualenv"' in capsys.readouterr().out


def test_a_missing_module_hints_at_the_interpreter(tmp_path):
    program = write_program(tmp_path / "p", MAIN)
    with pytest.raises(ProgramLoadError, match="ModuleNotFoundError") as raised:
        record_program(program, "dev")
    assert f"the program ran with {sys.executable}" in str(raised.value) and "--python" in str(raised.value)
    # Pulumi.yaml names a virtualenv that is not there: stackcheck's own interpreter runs it, and says why.
    (program / "Pulumi.yaml").write_text(VIRTUALENV_PROJECT)
    with pytest.raises(ProgramLoadError, match="names the virtualenv .*, which does not exist or has no pulumi"):
        record_program(program, "dev")
