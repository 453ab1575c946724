import json

import pytest

from helpers import metrics


def test_record_prints_and_appends(tmp_path, monkeypatch, capsys):
    path = tmp_path / "m.jsonl"
    monkeypatch.setenv(metrics.METRICS_VARIABLE, str(path))
    metrics.record("test_accuracy", 0.99312)
    metrics.record("train_seconds", 171.2, unit="s")
    assert capsys.readouterr().out == "test_accuracy = 0.9931\ntrain_seconds = 171.2 s\n"
    assert metrics.load(path) == {"test_accuracy": {"value": 0.99312, "unit": ""},
                                  "train_seconds": {"value": 171.2, "unit": "s"}}


def test_record_without_the_variable_only_prints(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(metrics.METRICS_VARIABLE, raising=False)
    assert metrics.record("x", 1) is None  # nothing returned: a cell stores the line once
    assert capsys.readouterr().out == "x = 1\n"


@pytest.mark.parametrize("name,value,error", [
    ("bad name", 1, ValueError), ("", 1, ValueError), ("ok", "high", TypeError),
    ("ok", float("nan"), ValueError), ("ok", None, TypeError),
])
def test_bad_metrics_are_refused(name, value, error):
    with pytest.raises(error):
        metrics.record(name, value)


def test_load_reports_a_malformed_line(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_text(json.dumps({"name": "a", "value": 1}) + "\nnot json\n")
    with pytest.raises(ValueError, match=r"m\.jsonl:2 is not a metrics line"):
        metrics.load(path)


def test_load_of_a_missing_file_is_empty(tmp_path):
    assert metrics.load(tmp_path / "none.jsonl") == {}
