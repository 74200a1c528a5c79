"""User errors as a real process shows them: one message in English and Arabic on stderr, no traceback, the exit
code of its kind (2 rejected input, 3 unknown record, 4 not allowed), and nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TAWTHIQ = [sys.executable, "-m", "tawthiq.cli"]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAWTHIQ_")}
    return {**env, "TAWTHIQ_DATA_DIR": str(tmp_path / "data"), "TAWTHIQ_USER": "operator", **extra}


def _run(tmp_path: Path, *args: str, stdin: str | None = None, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*TAWTHIQ, *args], env=_env(tmp_path, **extra), input=stdin, capture_output=True, text=True,
                          timeout=120)


def _refused(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert all(word in result.stderr for word in words), result.stderr


def test_a_short_passphrase_at_init_is_refused_with_exit_2_and_nothing_made(tmp_path: Path) -> None:
    result = _run(tmp_path, "init", TAWTHIQ_PASSPHRASE="short")
    _refused(result, 2, "passphrase", "12", "nothing was written", "لم يُكتب شيء")
    assert not (tmp_path / "data").exists()


@pytest.fixture
def initialised(tmp_path: Path) -> Path:
    subprocess.run([*TAWTHIQ, "init"], env=_env(tmp_path), check=True, capture_output=True, timeout=120)
    subprocess.run([*TAWTHIQ, "user", "add", "salma", "--role", "viewer", "--password-stdin"], env=_env(tmp_path),
                   input="a long secret phrase\n", check=True, capture_output=True, text=True, timeout=120)
    return tmp_path


def test_each_kind_of_user_error_has_its_exit_code(initialised: Path) -> None:
    _refused(_run(initialised, "event", "add", "--title", "x", "--start", "2016", "--end", "2015"), 2,
             "end", "لم يُكتب شيء")
    _refused(_run(initialised, "event", "show", "deadbeef"), 3, "deadbeef: not found / غير موجود")
    _refused(_run(initialised, "event", "list", TAWTHIQ_USER="nobody"), 4, "'nobody'", "لا يوجد حساب")
    _refused(_run(initialised, "event", "add", "--title", "Raid", TAWTHIQ_USER="salma"), 4,
             "your role does not allow", "دورك لا يسمح")
    _refused(_run(initialised, "verify", TAWTHIQ_USER="salma"), 4, "verify the whole data directory")
    listed = _run(initialised, "event", "list", "--json")
    assert listed.returncode == 0 and listed.stdout.strip() == "[]"  # nothing was written by the refused commands



@pytest.mark.parametrize(("login", "account"), [("Ahmad Ali", "ahmad-ali"), ("root", "root"), ("Ö", "operator"),
                                                ("x_y.Z", "x_y.z"), ("-", "operator")])
def test_the_default_operator_is_the_login_name_written_as_an_account_name(login: str, account: str) -> None:
    from tawthiq.config import account_name

    assert account_name(login) == account
