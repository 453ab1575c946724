from helpers import env


def test_versions_lists_every_library():
    found = env.versions()
    for name in ["python", "torch", "torchvision", "tensorflow", "keras", "numpy", "opencv (cv2)",
                 "pillow (PIL)", "scikit-learn", "scipy", "matplotlib", "ipywidgets", "tqdm", "pooch"]:
        assert name in found
        assert found[name] not in ("missing", "?", ""), name


def test_a_missing_library_is_reported_not_raised(monkeypatch):
    monkeypatch.setattr(env, "LIBRARIES", env.LIBRARIES + [("nothing", "no_such_module_here")])
    assert env.versions()["nothing"] == "missing"


def test_torch_device_matches_what_torch_sees():
    import torch

    device = env.torch_device()
    if torch.cuda.is_available():
        assert device == "cuda"
    elif torch.backends.mps.is_available():
        assert device == "mps"
    else:
        assert device == "cpu"
    torch.ones(2, device=device)  # the device really works


def test_check_prints_versions_and_accelerators(capsys):
    report = env.check()
    out = capsys.readouterr().out
    assert "accelerator seen by pytorch" in report and "accelerator seen by tensorflow" in report
    assert report["keras"] in out and "tensorflow" in out
