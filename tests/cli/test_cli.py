"""The shell commands, run as the person runs them: a subprocess, exit codes, output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_CATALOG

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, db: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`offrecord ARGS` on the fixture catalog (added with --catalog), in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    command = [sys.executable, "-m", "tui", *args]
    if db is not None:
        command += ["--db", str(db)]
    return subprocess.run(command, capture_output=True, text=True, env=full_env, cwd=ROOT, timeout=60)


def fixture(*args: str) -> tuple[str, ...]:
    """ARGS on the fixture catalog alone, so these tests do not move when the shipped one changes."""
    return (*args, "--catalog", str(FIXTURE_CATALOG), "--catalog-only")


def test_providers_json_shape(db_path: Path) -> None:
    result = run(*fixture("providers", "--json"), db=db_path)
    assert result.returncode == 0, result.stderr
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    alpha = rows["alpha"]
    assert alpha["name"] == "Alpha Chat" and alpha["company"] == "Alpha Labs"
    assert alpha["reviewed"] == "2026-06-01"
    assert alpha["sources"] == ["https://help.alpha.example/privacy"]
    assert alpha["steps"] == ["training-off", "delete-history"]
    assert alpha["done"] == 0
    assert not db_path.exists(), "reading commands create no record"


def test_mark_then_status_and_summary(db_path: Path) -> None:
    assert run(*fixture("status"), db=db_path).returncode == 1
    assert run(*fixture("mark", "alpha/training-off"), db=db_path).returncode == 0
    status = run(*fixture("status"), db=db_path)
    assert status.returncode == 1
    assert status.stdout.splitlines() == ["alpha/delete-history  Delete old chats", "beta/object-eu  File an objection"]
    for step in ("alpha/delete-history", "beta/object-eu"):
        assert run(*fixture("mark", step), db=db_path).returncode == 0
    done = run(*fixture("status"), db=db_path)
    assert (done.returncode, done.stdout) == (0, "")
    summary = json.loads(run(*fixture("summary", "--format", "json"), db=db_path).stdout)
    assert summary["format"] == "offrecord-summary/1"
    assert summary["totals"]["done"] == 2
    alpha = summary["providers"][0]
    assert (alpha["id"], alpha["status"]) == ("alpha", "done")
    step = alpha["steps"][0]
    assert step["id"] == "training-off" and step["done"] is True and step["checked_at"]


def test_unmark_skip_and_unskip(db_path: Path) -> None:
    run(*fixture("mark", "alpha/training-off"), db=db_path)
    run(*fixture("unmark", "alpha/training-off"), db=db_path)
    assert run(*fixture("skip", "beta"), db=db_path).returncode == 0
    lines = run(*fixture("status"), db=db_path).stdout.splitlines()
    assert lines == ["alpha/training-off  Switch off training", "alpha/delete-history  Delete old chats"]
    run(*fixture("unskip", "beta"), db=db_path)
    assert len(run(*fixture("status"), db=db_path).stdout.splitlines()) == 3


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("mark", "alpha/training-of"), "did you mean alpha/training-off"),
        (("mark", "alpah/training-off"), "did you mean alpha"),
        (("skip", "zzz"), "valid ids: alpha, beta"),
        (("status", "--stale-after", "soon"), "not a whole number"),
        (("status", "--bogus"), "unrecognized arguments: --bogus"),
        (("frobnicate",), "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(db_path: Path, args: tuple[str, ...], expected: str) -> None:
    result = run(*fixture(*args), db=db_path)
    assert result.returncode == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_summary_output_file(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.json"
    result = run(*fixture("summary", "--format", "json", "--output", str(out)), db=db_path)
    assert result.returncode == 0 and result.stdout == ""
    assert json.loads(out.read_text())["format"] == "offrecord-summary/1"


def test_db_from_env_flag_order_and_default(tmp_path: Path, db_path: Path) -> None:
    env_db = tmp_path / "env.json"
    run(*fixture("mark", "alpha/training-off"), env={"OFFRECORD_DB": str(env_db)})
    assert env_db.exists()
    subprocess.run([sys.executable, "-m", "tui", "--db", str(db_path), *fixture("mark", "beta/object-eu")],
                   cwd=ROOT, check=True, capture_output=True)
    assert db_path.exists()
    run(*fixture("mark", "alpha/training-off"))  # the platform default, under the test's XDG_DATA_HOME
    assert (Path(os.environ["XDG_DATA_HOME"]) / "offrecord" / "record.json").exists()


def test_unreadable_record_exit_2_names_the_file(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text("not json")
    for args in (("status",), ("mark", "alpha/training-off"), ("summary",)):
        result = run(*fixture(*args), db=db_path)
        assert result.returncode == 2 and str(db_path) in result.stderr and "Traceback" not in result.stderr
    assert db_path.read_text() == "not json"


def test_validate_names_every_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "bad"\nname = "Bad"\n')
    result = run("validate", str(FIXTURE_CATALOG / "alpha.toml"), str(bad))
    assert result.stdout.startswith("ok: ") and "2 steps" in result.stdout
    assert result.returncode == 2
    assert "ok: " in result.stdout and f"{bad}: field 'applies' is missing" in result.stderr


def test_installed_script_and_module_agree(db_path: Path) -> None:
    script = Path(sys.executable).with_name("offrecord")
    as_script = subprocess.run([str(script), *fixture("providers"), "--db", str(db_path)], capture_output=True, text=True)
    assert as_script.returncode == 0
    assert as_script.stdout == run(*fixture("providers"), db=db_path).stdout


def test_builtin_catalog_is_there_unless_catalog_only(db_path: Path) -> None:
    builtin = json.loads(run("providers", "--json", "--catalog", str(FIXTURE_CATALOG), db=db_path).stdout)
    only = json.loads(run(*fixture("providers", "--json"), db=db_path).stdout)
    assert [row["id"] for row in only] == ["alpha", "beta"]
    assert {"alpha", "beta", "chatgpt", "claude"} <= {row["id"] for row in builtin}
    assert run("providers", "--catalog-only", db=db_path).returncode == 2


def test_a_catalog_with_nothing_loadable_is_an_error_not_all_clear(db_path: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "x.toml").write_text("id = ")
    result = run("status", "--catalog", str(broken), "--catalog-only", db=db_path)
    assert result.returncode == 2
    assert "skipped a provider file" in result.stderr and "no provider files could be loaded" in result.stderr
