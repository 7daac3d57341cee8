# RUN: %edge_python -m pytest -q -p no:cacheprovider %s
"""Compiled cascades with i1 mask inputs (numpy bool) and bfloat16 inputs
(their 16-bit patterns in uint16 arrays), against a numpy masked attention
and the interpreter."""

import edge
import numpy as np
import pytest
from conftest import example

SCALE = 0.125  # the scale of examples/attention-masked*.mlir


def numpy_masked_attention(q, k, v, valid):
    """AV[f,p] with keys m where valid[m] is False left out; a query with
    no key gets an empty row (0), as EDGE's merges give."""
    scores = SCALE * (k.astype(np.float64).T @ q.astype(np.float64))
    scores[~valid, :] = -np.inf
    out = np.zeros((v.shape[0], q.shape[1]))
    if valid.any():
        weights = np.exp(scores - scores.max(axis=0))
        weights /= weights.sum(axis=0)
        out = v.astype(np.float64) @ weights
    return out


def to_bf16_bits(x):
    """The bfloat16 patterns of float32 `x`, truncated (exact values)."""
    return (x.astype(np.float32).view(np.uint32) >> 16).astype(np.uint16)


def from_bf16_bits(bits):
    return (bits.astype(np.uint32) << 16).view(np.float32)


@pytest.fixture
def inputs():
    rng = np.random.default_rng(16)
    q = rng.standard_normal((64, 128), dtype=np.float32)
    k = rng.standard_normal((64, 256), dtype=np.float32)
    v = rng.standard_normal((64, 256), dtype=np.float32)
    valid = rng.random(256) < 0.7
    return q, k, v, valid


@pytest.fixture(scope="module")
def masked():
    return edge.parse_file(example("attention-masked.mlir"))


@pytest.fixture(scope="module")
def masked_compiled(masked):
    return masked.compile("attention", lowering="threads=1")


def test_mask_matches_numpy_and_interpreter(masked, masked_compiled, inputs):
    (out,) = masked_compiled(*inputs)
    expected = numpy_masked_attention(*inputs)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-5)
    (reference,) = masked.interpret(*inputs)
    np.testing.assert_allclose(reference, expected, rtol=1e-12, atol=1e-12)


def test_fully_masked_keys_give_empty_rows(masked_compiled, inputs):
    q, k, v, _ = inputs
    (out,) = masked_compiled(q, k, v, np.zeros(256, dtype=bool))
    assert not out.any()


def test_mask_must_be_bool(masked_compiled, inputs):
    q, k, v, valid = inputs
    with pytest.raises(TypeError, match="input #3 has dtype float32, "
                                        "expected bool"):
        masked_compiled(q, k, v, valid.astype(np.float32))


def test_bf16_inputs_as_uint16_bits(inputs):
    module = edge.parse_file(example("attention-masked-bf16.mlir"))
    compiled = module.compile("attention", lowering="threads=1")
    q, k, v, valid = inputs
    bits = [to_bf16_bits(x) for x in (q, k, v)]
    (out,) = compiled(*bits, valid)
    exact = [from_bf16_bits(b) for b in bits]
    np.testing.assert_allclose(out, numpy_masked_attention(*exact, valid),
                               rtol=1e-4, atol=1e-5)
    with pytest.raises(TypeError, match="expected uint16"):
        compiled(q, k, v, valid)
