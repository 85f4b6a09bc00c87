"""The shared linear machinery: numpy reading gives the fitted regression's probabilities."""

from __future__ import annotations

from pathlib import Path

from openimr.records import linear

TEXTS = ["pain persists despite therapy", "therapy helped a lot", "no change at all",
         "much better after therapy", "still the same pain", "helped her walk further"] * 3
LABELS = ["failed", "helped", "failed", "helped", "failed", "helped"] * 3


def test_groups_share_one_vocabulary_and_read_as_fitted(tmp_path: Path) -> None:
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    three = [*LABELS[:-3], "none", "none", "none"]
    classes, size = linear.fit({"two": (TEXTS, LABELS), "three": (TEXTS, three)}, tmp_path)
    assert classes == {"two": ["failed", "helped"], "three": ["failed", "helped", "none"]}
    model = linear.LinearModel(tmp_path)
    read = model.probabilities("the pain persists")
    assert set(read) == {"two", "three"} and size == len(model.column)
    assert read["two"]["failed"] > 0.5 > read["two"]["helped"]
    assert model.probabilities("it helped", ["three"]).keys() == {"three"}
    # the binary group, read as a two-way softmax, is scikit-learn's own probability
    vocabulary = sorted(model.column)
    rows = []
    for text in TEXTS:
        found = dict(linear._normalised(linear.features(text)))
        rows.append([found.get(f, 0.0) for f in vocabulary])
    fitted = LogisticRegression(C=4.0, class_weight="balanced", max_iter=3000).fit(
        csr_matrix(rows), LABELS)
    found = dict(linear._normalised(linear.features("the pain persists")))
    expected = fitted.predict_proba(csr_matrix([[found.get(f, 0.0) for f in vocabulary]]))[0]
    assert abs(read["two"]["failed"] - expected[0]) < 1e-4


def test_features_seen_in_fewer_texts_than_min_count_are_left_out(tmp_path: Path) -> None:
    texts = [*TEXTS[:6], "a rare word once"]
    _classes, size = linear.fit({"": (texts, [*LABELS[:6], "failed"])}, tmp_path,
                                min_count=2)
    model = linear.LinearModel(tmp_path)
    assert size == len(model.column) and "rare" not in model.column
    assert "therapy" in model.column  # seen in three texts


def test_word_classes_carry_a_phrasing_to_others() -> None:
    assert "scue_persist" in linear.cues("pain unchanged", "s")
    assert "scue_persist" in linear.cues("still hurts", "s")
    assert linear.cues("60% relief", "r") == ["rcue_gain", "rcue_pct_high"]


def _one_at_a_time(model: linear.LinearModel, text: str, groups: list[str]
                   ) -> dict[str, dict[str, float]]:
    """The scoring before issue 18's batching: one text, every class, then its groups."""
    import numpy as np

    scores = model.intercept.copy()
    for feature, weight in linear._normalised(linear.features(text)):
        index = model.column.get(feature)
        if index is not None:
            scores += (model.coef[index] * np.float32(weight)).astype(np.float64)
    out = {}
    for name in groups:
        lo, hi, names = model.groups[name]
        part = scores[lo:hi]
        exp = np.exp(part - part.max())
        out[name] = dict(zip(names, (exp / exp.sum()).tolist(), strict=True))
    return out


def test_texts_scored_together_read_as_one_at_a_time() -> None:
    """The shipped segment reader, its texts scored in one batch over the columns of the
    groups asked for (issue 18), gives each text the classes and probabilities it gets
    alone over every column (to rounding: the batch sums in float32, as it did before)."""
    from openimr.records import trained

    reader = trained.reader()
    if reader is None:
        return
    model = reader.model
    texts = ["He can now walk two blocks without his cane", "", "denies depression",
             "Unable to dress himself; needs help with socks and shoes",
             "stays home except for medical visits homebound l_patient scue_persist",
             "xyzzy plugh"]
    groups = sorted(model.groups)[:4]
    batch = model.probabilities_of(texts, groups)
    for text, found in zip(texts, batch, strict=True):
        alone = _one_at_a_time(model, text, groups)
        assert found.keys() == alone.keys() == set(groups)
        for group in groups:
            assert found[group].keys() == alone[group].keys()
            for label, p in found[group].items():
                assert abs(p - alone[group][label]) < 1e-5, (text, group, label)
    # the same texts in another batch, or alone, score exactly the same
    assert model.probabilities_of(texts[::-1], groups)[::-1] == batch
    assert [model.probabilities_of([text], groups)[0] for text in texts] == batch
