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
