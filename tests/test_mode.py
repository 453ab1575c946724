import pytest

from helpers import mode


def test_default_is_full(monkeypatch):
    monkeypatch.delenv("COURSE_MODE", raising=False)
    assert mode.current() == "full"
    assert not mode.is_quick()
    assert mode.pick(quick=1, full=15) == 15


@pytest.mark.parametrize("value", ["quick", "QUICK", " quick "])
def test_quick(monkeypatch, value):
    monkeypatch.setenv("COURSE_MODE", value)
    assert mode.is_quick()
    assert mode.pick(quick=1, full=15) == 1


def test_empty_means_default(monkeypatch):
    monkeypatch.setenv("COURSE_MODE", "")
    assert mode.current() == "full"


def test_unknown_mode_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("COURSE_MODE", "fast")
    with pytest.raises(ValueError, match=r"COURSE_MODE='fast'.*quick, full"):
        mode.current()


@pytest.mark.parametrize("value,word", [("quick", "QUICK"), ("full", "FULL")])
def test_show_prints_the_mode(monkeypatch, capsys, value, word):
    monkeypatch.setenv("COURSE_MODE", value)
    assert mode.show() is None
    line = capsys.readouterr().out.strip()
    assert word in line and len(line.splitlines()) == 1
