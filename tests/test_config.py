"""Configuration: both file formats, validation with file:line, and its effects."""

from __future__ import annotations

import pytest

from pytest_goexit.cli import main
from pytest_goexit.config import ConfigError, load_config

GO = 'package lib\n\nimport "os"\n\nfunc Die() {\n\tos.Exit(1)\n}\n'


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("select: [GX101]\nbogus: 1\n", 2, "bogus: unknown setting"),
        ("ignore: [GX999]\n", 1, "unknown rule code 'GX999'"),
        ("select: 3\n", 1, "expected a list of strings"),
        ("fail-level: fatal\n", 1, "expected one of note, warning, error"),
        ("rules:\n  GX102:\n    strict: yes-please\n", 3, "expected true or false"),
        ("rules:\n  GX102:\n    stricter: true\n", 3, "unknown option for GX102 (known: strict)"),
        ("rules:\n  GX301: {mode: sometimes}\n", 2, "expected one of panics, any"),
        ("per-path-ignores:\n  'cmd/*': [GX7]\n", 2, "no rule code starts with 'GX7'"),
        ("confirm:\n  timeout: -1\n", 2, "expected a positive number"),
        ("confirm:\n  scenarios:\n    - package: ./cmd\n      argv: [x]\n", 4, "unknown scenario key"),
        ("select: [GX101\n", 2, "invalid YAML"),
    ],
)
def test_yaml_errors_name_file_and_line(tmp_path, text, line, fragment):
    path = write(tmp_path / ".goexit.yaml", text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message


def test_pyproject_errors_name_line(tmp_path):
    path = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.goexit]\nselect = ["GX1"]\nnope = 1\n')
    with pytest.raises(ConfigError, match=r"pyproject.toml:6: nope: unknown setting"):
        load_config(path)


def test_pyproject_line_numbers_count_newlines_only(tmp_path):
    # NEL and LINE SEPARATOR are allowed in a TOML comment and end no line.
    text = '[project]\nname = "x"  # a\u0085b\u2028c\n\n[tool.goexit]\nselect = ["GX1"]\nnope = 1\n'
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject.toml:6: nope: unknown setting"):
        load_config(path)


def test_pyproject_is_found_and_applied(tmp_path, monkeypatch, capsys):
    write(tmp_path / "pyproject.toml", '[tool.goexit]\nignore = ["GX102"]\n')
    write(tmp_path / "lib" / "lib.go", GO)
    monkeypatch.chdir(tmp_path / "lib")
    assert main(["check", "."]) == 0


def test_yaml_config_found_upward_and_rule_options(tmp_path, monkeypatch, capsys):
    write(tmp_path / ".goexit.yaml", "rules:\n  GX102: {strict: true}\n")
    write(
        tmp_path / "cmd" / "main.go",
        'package main\n\nimport "os"\n\nfunc helper() {\n\tos.Exit(1)\n}\n\nfunc main() { helper() }\n',
    )
    monkeypatch.chdir(tmp_path / "cmd")
    assert main(["check", "--format", "json", "."]) == 1
    assert '"GX102"' in capsys.readouterr().out


def test_per_path_ignores_and_exclude(tmp_path, monkeypatch, capsys):
    write(tmp_path / ".goexit.yaml", "per-path-ignores:\n  'lib/*': [GX102]\nexclude: ['old']\n")
    write(tmp_path / "lib" / "lib.go", GO)
    write(tmp_path / "old" / "lib.go", GO)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "."]) == 0
    write(tmp_path / "new" / "lib.go", GO)
    assert main(["check", "."]) == 1


def test_exit_functions_extend_the_exit_set(tmp_path, monkeypatch, capsys):
    write(tmp_path / ".goexit.yaml", "exit-functions: [example.com/x/must.Die]\n")
    write(
        tmp_path / "main.go",
        'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/x/must"\n)\n\n'
        "func main() {\n\tdefer fmt.Println()\n\tmust.Die()\n}\n",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "json", "."]) == 1
    assert "must.Die exits" in capsys.readouterr().out


def test_bad_config_is_exit_2_without_traceback(tmp_path, monkeypatch, capsys):
    write(tmp_path / ".goexit.yaml", "select: [GX101]\nbogus: true\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "."]) == 2
    err = capsys.readouterr().err
    assert ".goexit.yaml:2: bogus: unknown setting" in err and "Traceback" not in err


def test_explicit_config_missing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--config", "nope.yaml", "."]) == 2
    assert "nope.yaml: configuration file not found" in capsys.readouterr().err
