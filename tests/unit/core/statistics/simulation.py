"""Synthetic survey responses shaped like real SKM data, for statistical tests."""

from __future__ import annotations

import numpy as np
from scipy.stats import norm

ELEMENT_EFFECT = np.array([0.1, 0.0, -0.5, 0.4, 0.0, 0.1, 0.05, -0.15, -0.25])
BASE = {"typical": 3.1, "high": 3.6, "low": 2.4, "ceiling": 3.1, "mixed": 2.4}
# Kinds where some people answer 4 everywhere, the others as their BASE says.
ALL_FOURS = {"ceiling": 0.5, "mixed": 1 / 3}
MOOD_SD = NOISE_SD = 0.45


def simulate_units(rng: np.random.Generator, kind: str, size: tuple[int, int]):
    """Correlated nine-element answers: a person's mood moves all nine."""
    mood = rng.normal(0, MOOD_SD, size=(*size, 1))
    latent = BASE[kind] + ELEMENT_EFFECT + mood + rng.normal(0, NOISE_SD, (*size, 9))
    scores = np.clip(np.rint(latent), 1, 4)
    if kind in ALL_FOURS:  # "mixed": a third answer 4 everywhere, the rest near 60
        scores[rng.random(size) < ALL_FOURS[kind]] = 4
    return scores.sum(axis=-1)


def true_mean(kind: str) -> float:
    """E[(total - 9) / 27] of the model above, by Gauss-Hermite over the mood."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(60)
    weights = weights / weights.sum()
    mu = BASE[kind] + ELEMENT_EFFECT[None, :] + MOOD_SD * nodes[:, None]
    # E[score] = 1 + sum_k P(score > k), k = 1, 2, 3; rounding at k + 0.5.
    above = sum(norm.sf((k + 0.5 - mu) / NOISE_SD) for k in (1, 2, 3))
    total = 9 + (weights @ above).sum()
    if kind in ALL_FOURS:
        total = ALL_FOURS[kind] * 36 + (1 - ALL_FOURS[kind]) * total
    return float((total - 9) / 27)
