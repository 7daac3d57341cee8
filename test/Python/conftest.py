"""Shared fixtures of the Python package's tests: the examples and a numpy
attention that shares nothing with edge."""

import os

import numpy as np
import pytest

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
EXAMPLES = os.path.join(SOURCE_ROOT, "examples")


def example(name):
    return os.path.join(EXAMPLES, name)


def numpy_attention(q, k, v):
    """AV[f,p] of examples/attention-3pass.mlir (Q[e,p], K[e,m], V[f,m]) in
    float64: a softmax over m of the scores K^T Q."""
    scores = k.astype(np.float64).T @ q.astype(np.float64)
    scores -= scores.max(axis=0)
    weights = np.exp(scores)
    weights /= weights.sum(axis=0)
    return v.astype(np.float64) @ weights


@pytest.fixture
def attention_inputs():
    rng = np.random.default_rng(15)
    q = rng.standard_normal((64, 128), dtype=np.float32)
    k = rng.standard_normal((64, 256), dtype=np.float32)
    v = rng.standard_normal((64, 256), dtype=np.float32)
    return q, k, v
