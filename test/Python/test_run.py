# RUN: %edge_python -m pytest -q -p no:cacheprovider %s
"""Compiled cascades on numpy arrays and the reference interpreter."""

import edge
import numpy as np
import pytest
from conftest import example, numpy_attention


@pytest.fixture(scope="module")
def three_pass():
    return edge.parse_file(example("attention-3pass.mlir"))


@pytest.fixture(scope="module")
def compiled(three_pass):
    return three_pass.compile("attention", lowering="threads=1")


def test_interface(compiled):
    assert compiled.input_shapes == [[64, 128], [64, 256], [64, 256]]
    assert compiled.output_shapes == [[64, 128]]


def test_compiled_matches_numpy(compiled, attention_inputs):
    (out,) = compiled(*attention_inputs)
    assert out.dtype == np.float32 and out.shape == (64, 128)
    np.testing.assert_allclose(out, numpy_attention(*attention_inputs),
                               rtol=1e-4, atol=1e-5)


def test_one_pass_compiled_matches_interpreter(three_pass, attention_inputs):
    derived = three_pass.copy()
    derived.run_pipeline("fusemax-1pass")
    (out,) = derived.compile()(*attention_inputs)
    (reference,) = three_pass.interpret(*attention_inputs)
    assert reference.dtype == np.float64
    np.testing.assert_allclose(reference, numpy_attention(*attention_inputs),
                               rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(out, reference, rtol=1e-4, atol=1e-5)


def test_strided_inputs_and_outputs(compiled, attention_inputs):
    q, k, v = attention_inputs
    (expected,) = compiled(q, k, v)
    # Fortran order, a transposed view and a strided slice: read through
    # their strides.
    wide = np.zeros((64, 512), dtype=np.float32)
    wide[:, ::2] = k
    out = np.empty((128, 64), dtype=np.float32).T
    (written,) = compiled(np.asfortranarray(q), wide[:, ::2],
                          np.ascontiguousarray(v.T).T, out=[out])
    assert written is out
    np.testing.assert_array_equal(out, expected)


def test_out_is_written_in_place(compiled, attention_inputs):
    out = np.full((64, 128), np.nan, dtype=np.float32)
    compiled(*attention_inputs, out=[out])
    np.testing.assert_allclose(out, numpy_attention(*attention_inputs),
                               rtol=1e-4, atol=1e-5)


def test_wrong_shape_is_an_error(compiled, attention_inputs):
    q, k, v = attention_inputs
    with pytest.raises(ValueError, match="input #1 has shape"):
        compiled(q, k[:, :128], v)
    with pytest.raises(ValueError, match="output #0 has shape"):
        compiled(q, k, v, out=[np.empty((64, 64), dtype=np.float32)])


def test_wrong_dtype_is_an_error(compiled, attention_inputs):
    q, k, v = attention_inputs
    with pytest.raises(TypeError, match="input #2 has dtype float64"):
        compiled(q, k, v.astype(np.float64))
    with pytest.raises(TypeError, match="input #0 is not an array"):
        compiled("q", k, v)


def test_wrong_count_is_an_error(compiled, attention_inputs):
    with pytest.raises(ValueError, match="got 2 inputs, expected 3"):
        compiled(*attention_inputs[:2])


def test_read_only_output_is_an_error(compiled, attention_inputs):
    out = np.empty((64, 128), dtype=np.float32)
    out.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        compiled(*attention_inputs, out=[out])


def test_interpreter_errors_are_located(three_pass, attention_inputs):
    q, k, v = attention_inputs
    with pytest.raises(edge.EdgeError, match="inputs, expected 3"):
        three_pass.interpret(q, k)
    with pytest.raises(edge.EdgeError, match="no cascade or function named"):
        three_pass.interpret(q, k, v, name="nothing")
    with pytest.raises(edge.EdgeError) as info:
        three_pass.compile("nothing")
    assert info.value.errors[0].file.endswith("attention-3pass.mlir")


def test_interpreter_presence(three_pass, attention_inputs):
    ((values, present),) = three_pass.interpret(*attention_inputs,
                                                 with_presence=True)
    assert present.dtype == np.bool_ and present.all()
    assert values.shape == (64, 128)


DYNAMIC_ATTENTION = """
edge.cascade @attention(%Q: tensor<64x128xf32>, %K: tensor<64x?xf32>,
                        %V: tensor<64x?xf32>) -> (AV: tensor<64x128xf32>)
    sizes(M = K[1]) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<64x128xf32>, tensor<64x?xf32>) -> tensor<?x128xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<?x128xf32>)
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p]
          map sub_exp(pass_through) : (tensor<?x128xf32>, tensor<128xf32>)
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<?x128xf32>)
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<?x128xf32>, tensor<128xf32>)
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<?x128xf32>, tensor<64x?xf32>) -> tensor<64x128xf32>
  edge.return %AV : tensor<64x128xf32>
}
"""


def test_run_time_key_length_compiled_once():
    """A key length M = ? is compiled once (derived to 1 pass) and each call
    takes M from K and V; the output's shape does not depend on it."""
    module = edge.parse(DYNAMIC_ATTENTION)
    module.run_pipeline("fusemax-1pass")
    compiled = module.compile("attention", lowering="threads=1")
    assert compiled.input_shapes == [[64, 128], [64, -1], [64, -1]]
    rng = np.random.default_rng(3)
    q = rng.standard_normal((64, 128), dtype=np.float32)
    for m in (250, 64, 1, 1000):
        k = rng.standard_normal((64, m), dtype=np.float32)
        v = rng.standard_normal((64, m), dtype=np.float32)
        (out,) = compiled(q, k, v)
        np.testing.assert_allclose(out, numpy_attention(q, k, v),
                                   rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError, match="along size M"):
        compiled(q, np.zeros((64, 10), np.float32),
                 np.zeros((64, 11), np.float32))


def test_run_time_sizes_give_output_shapes():
    """An output of run-time extent is allocated for the inputs' sizes."""
    module = edge.parse("""
    edge.cascade @scale(%X: tensor<?x3xf32>) -> (Y: tensor<?x3xf32>)
        sizes(N = X[0]) {
      %Y = edge.einsum "Y" (%X[n, c], 2.0) -> [n, c] map mul(isect)
             : (tensor<?x3xf32>) -> tensor<?x3xf32>
      edge.return %Y : tensor<?x3xf32>
    }""")
    compiled = module.compile("scale", lowering="threads=1")
    assert compiled.output_shapes == [[-1, 3]]
    for n in (1, 5):
        x = np.arange(3 * n, dtype=np.float32).reshape(n, 3)
        (y,) = compiled(x)
        assert y.shape == (n, 3)
        np.testing.assert_array_equal(y, 2 * x)
