# RUN: %edge_python -m pytest -q -p no:cacheprovider %s
"""Parsing, printing, pipelines and the analysis."""

import edge
import pytest
from conftest import example


def test_parse_and_print_round_trip():
    module = edge.parse_file(example("attention-3pass.mlir"))
    text = str(module)
    assert "edge.cascade @attention" in text
    assert '"SD"' in text
    # The printed form parses back to the same text.
    assert str(edge.parse(text)) == text


def test_one_pass_pipeline_removes_the_extra_passes():
    module = edge.parse_file(example("attention-3pass.mlir"))
    before = module.analyze()["cascades"][0]
    derived = module.copy()
    derived.run_pipeline("fusemax-1pass")
    after = derived.analyze()["cascades"][0]
    assert before["cascade"] == after["cascade"] == "attention"
    assert before["max_passes"] == 3
    assert after["max_passes"] == 1
    # copy() kept the original as it was.
    assert module.analyze()["cascades"][0]["max_passes"] == 3


def test_saturate_with_options_derives_one_pass():
    module = edge.parse_file(example("attention-3pass.mlir"))
    module.run_pipeline("edge.cascade(edge-saturate{tile=64})")
    assert module.analyze()["cascades"][0]["max_passes"] == 1


def test_analysis_is_a_dict_like_the_json_report():
    analysis = edge.parse_file(example("attention-3pass.mlir")).analyze()
    (cascade,) = analysis["cascades"]
    assert cascade["primary_rank"] == "m"
    names = [t["name"] for t in cascade["tensors"]]
    assert names[:3] == ["Q", "K", "V"]
    # Q x K: 64 * 128 * 256 multiplications.
    assert cascade["flops"]["mul"] >= 64 * 128 * 256


def test_parse_error_has_file_line_and_column():
    with pytest.raises(edge.EdgeError) as info:
        edge.parse("edge.cascade @x(%a: tensor<4xf32>) -> (Y: tensor<4xf32>) {\n"
                   "  edge.return %b : tensor<4xf32>\n"
                   "}\n", filename="bad.mlir")
    (error,) = info.value.errors
    # %b, undefined, at line 2, column 15.
    assert (error.file, error.line, error.column) == ("bad.mlir", 2, 15)
    assert "undeclared" in error.message
    assert str(info.value).startswith("bad.mlir:2:15: error: ")


def test_verifier_error_is_located_in_the_file(tmp_path):
    source = open(example("attention-3pass.mlir")).read()
    broken = tmp_path / "broken.mlir"
    # AV reads A with a rank that A does not have.
    broken.write_text(source.replace("%A[m, p], %V[f, m]", "%A[m, q], %V[f, m]"))
    with pytest.raises(edge.EdgeError) as info:
        edge.parse_file(broken)
    error = info.value.errors[0]
    assert error.file == str(broken)
    line = source.splitlines().index(
        next(l for l in source.splitlines() if "%A[m, p], %V[f, m]" in l)) + 1
    assert error.line == line


def test_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        edge.parse_file(tmp_path / "missing.mlir")


def test_bad_pipeline_raises_with_location_and_message():
    module = edge.parse_file(example("attention-3pass.mlir"))
    with pytest.raises(edge.EdgeError) as info:
        module.run_pipeline("no-such-pass")
    error = info.value.errors[0]
    assert error.file.endswith("attention-3pass.mlir")
    assert "no-such-pass" in error.message
    with pytest.raises(edge.EdgeError, match="no such option bogus"):
        module.run_pipeline("edge.cascade(edge-saturate{bogus=1})")


def test_failing_pass_reports_the_op_location():
    # A fill of dynamic shape: no size of the inputs gives its extent, so
    # the analysis rejects it at the fill.
    module = edge.parse(
        "edge.cascade @d(%X: tensor<4xf32>) -> (Y: tensor<?xf32>) {\n"
        "  %F = edge.fill 0.0 : tensor<?xf32>\n"
        "  edge.return %F : tensor<?xf32>\n"
        "}\n", filename="dynamic.mlir")
    with pytest.raises(edge.EdgeError) as info:
        module.analyze()
    error = info.value.errors[0]
    assert (error.file, error.line) == ("dynamic.mlir", 2)
