"""Notebook 12's exercise checks accept the right answers and reject typical wrong ones."""
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from helpers.exercises import ex12


def kappa_right(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    observed = (y_true == y_pred).mean()
    classes = np.union1d(y_true, y_pred)
    chance = sum((y_true == c).mean() * (y_pred == c).mean() for c in classes)
    return 1.0 if chance == 1 else float((observed - chance) / (1 - chance))


def test_exercise_1():
    assert ex12.problems(1, kappa_right) == []
    # scikit-learn's own kappa is right except for one class everywhere (0/0)
    assert ex12.problems(1, lambda a, b: 1.0 if len(set(a) | set(b)) == 1 else cohen_kappa_score(a, b)) == []
    assert "accuracy" in ex12.problems(1, lambda a, b: float((np.asarray(a) == np.asarray(b)).mean()))[0]
    assert "chance agreement of 1" in ex12.problems(1, lambda a, b: cohen_kappa_score(a, b))[0]

    def chance_from_true_only(a, b):
        a, b = np.asarray(a), np.asarray(b)
        observed = (a == b).mean()
        chance = sum((a == c).mean() ** 2 for c in np.unique(a))
        return 1.0 if chance == 1 else (observed - chance) / (1 - chance)

    def assumes_labels_0_to_3(a, b):
        a, b = np.asarray(a), np.asarray(b)
        observed = (a == b).mean()
        chance = sum((a == c).mean() * (b == c).mean() for c in range(4))
        return 1.0 if chance == 1 else (observed - chance) / (1 - chance)

    assert ex12.problems(1, chance_from_true_only) != []
    for wrong in (chance_from_true_only, assumes_labels_0_to_3, lambda a, b: None, lambda a, b: [0.5, 0.5]):
        assert ex12.problems(1, wrong), wrong


def folds_right(ids, k):
    ids = np.asarray(ids)
    patients, counts = np.unique(ids, return_counts=True)
    sizes, fold_of = np.zeros(k, int), {}
    for p, n in sorted(zip(patients, counts), key=lambda t: -t[1]):
        f = int(np.argmin(sizes))
        fold_of[p] = f
        sizes[f] += n
    return np.array([fold_of[p] for p in ids])


def test_exercise_2():
    assert ex12.problems(2, folds_right) == []
    from sklearn.model_selection import GroupKFold

    def group_kfold(ids, k):
        out = np.empty(len(ids), int)
        for f, (_, te) in enumerate(GroupKFold(k).split(np.zeros(len(ids)), groups=ids)):
            out[te] = f
        return out

    assert ex12.problems(2, group_kfold) == []
    image_level = lambda ids, k: np.arange(len(ids)) % k                  # ignores patients
    assert "must share one" in ex12.problems(2, image_level)[0]
    all_in_one = lambda ids, k: np.zeros(len(ids), int)
    assert ex12.problems(2, all_in_one)
    one_based = lambda ids, k: folds_right(ids, k) + 1
    assert "from 0 to" in ex12.problems(2, one_based)[0]
    as_float = lambda ids, k: folds_right(ids, k).astype(float)
    assert "integers" in ex12.problems(2, as_float)[0]

    def by_patient_order(ids, k):                                         # round-robin over patients
        patients = list(dict.fromkeys(np.asarray(ids).tolist()))
        return np.array([patients.index(p) % k for p in np.asarray(ids).tolist()])

    # round-robin keeps patients together but can leave folds uneven; the check tolerates one patient's
    # worth of imbalance, so it must not reject a reasonable answer on these inputs either way:
    assert all("share one" not in p for p in ex12.problems(2, by_patient_order))


@pytest.mark.parametrize("n", [1, 2])
def test_an_unfinished_answer_is_not_correct(n):
    assert ex12.problems(n, ...) == ["There is no answer yet: replace the ... with your code."]
