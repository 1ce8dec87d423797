"""scripts/audit-dependencies: findings fail, an unreachable database is only reported."""

import importlib.machinery
import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit-dependencies"


@pytest.fixture
def audit():
    loader = importlib.machinery.SourceFileLoader("audit_dependencies", str(SCRIPT))
    spec = importlib.util.spec_from_loader("audit_dependencies", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def fake_run(stdout: str, stderr: str = ""):
    def run(command, **kwargs):
        return subprocess.CompletedProcess(command, 0, stdout=stdout, stderr=stderr)

    return run


def test_a_known_vulnerability_fails(audit, monkeypatch, capsys):
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "6.1.3",
                "vulns": [{"id": "PYSEC-1", "fix_versions": ["6.1.4"]}],
            },
            {"name": "wagtail", "version": "8.0.1", "vulns": []},
        ]
    }
    monkeypatch.setattr(audit.subprocess, "run", fake_run(json.dumps(report)))
    assert audit.main() == 1
    assert "PYSEC-1" in capsys.readouterr().out


def test_a_clean_report_passes(audit, monkeypatch):
    report = {"dependencies": [{"name": "django", "version": "6.1.3", "vulns": []}]}
    monkeypatch.setattr(audit.subprocess, "run", fake_run(json.dumps(report)))
    assert audit.main() == 0


def test_an_unreachable_database_is_reported_not_failed(audit, monkeypatch, capsys):
    report = {
        "dependencies": [
            {
                "name": "django",
                "skip_reason": "Dependency not found on PyPI and could not be audited",
            }
        ]
    }
    monkeypatch.setattr(audit.subprocess, "run", fake_run(json.dumps(report)))
    assert audit.main() == 0
    assert "NOT DONE" in capsys.readouterr().out
    monkeypatch.setenv("AUDIT_REQUIRE_NETWORK", "1")
    assert audit.main() == 1


def test_a_crash_without_network_words_fails(audit, monkeypatch):
    monkeypatch.setattr(audit.subprocess, "run", fake_run("", "Traceback: something broke"))
    assert audit.main() == 2
