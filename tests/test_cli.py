import shutil
import subprocess
import sys

import pytest
from conftest import CASES, ROOT

from aqwal.cli import COMMANDS, main


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert COMMANDS[command][1] in capsys.readouterr().out


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "aqwal", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "validate" in result.stdout


def test_validate_passes_on_the_real_gold(capsys):
    assert main(["validate", "--gold", str(ROOT / "gold"), "--seeds", str(ROOT / "seeds")]) == 0
    assert capsys.readouterr().out.strip().endswith("PASSED")


@pytest.mark.parametrize("case", ["span-not-at-anchor", "seed-hash-changed", "unknown-label--section"])
def test_bad_input_exits_non_zero_naming_file_record_and_field(case, tmp_path, capsys):
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(CASES / f"{case}.yaml", gold / f"{case}.yaml")
    data = tmp_path / "data"
    data.mkdir()
    (data / "keep.txt").write_text("untouched")
    code = main(["build", "--gold", str(gold), "--seeds", str(CASES / "seeds"),
                 "--data", str(data), "--card", str(ROOT / "dataset_card.md")])
    err = capsys.readouterr().err
    assert code == 1
    finding = next(line for line in err.splitlines() if f"[{case.split('--')[0]}]" in line)
    assert f"{case}.yaml:" in finding and "tiny" in finding
    assert "left as it was" in err
    assert [p.name for p in data.iterdir()] == ["keep.txt"]


def test_summary_prints_counts_per_config_and_section(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path))
    assert main(["summary", "--data", str(ROOT / "data")]) == 0
    out = capsys.readouterr().out
    assert "Records per config" in out and "Sentence records per section" in out
    assert "  body " in out


def test_agreement_prints_pass_c_and_the_history(capsys):
    assert main(["agreement", "--passes", str(ROOT / "gold" / "passes"), "--gold", str(ROOT / "gold"),
                 "--seeds", str(ROOT / "seeds")]) == 0
    out = capsys.readouterr().out
    assert "## Pass C against the gold" in out and "## History: pass A against pass B" in out
    assert "F1 exact" in out


def test_handout_writes_the_folder_an_annotator_gets(tmp_path, capsys):
    out = tmp_path / "stance"
    assert main(["handout", "--layer", "stance", "--out", str(out), "--gold", str(ROOT / "gold"),
                 "--seeds", str(ROOT / "seeds"), "--passes", str(ROOT / "gold" / "passes"),
                 "--guidelines", str(ROOT / "docs" / "guidelines.md")]) == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "000_5e3c12ae8d8c7ed7.yaml", "INSTRUCTIONS.md", "guidelines.md",
        "seeds/000_5e3c12ae8d8c7ed7.txt", "seeds/manifest.tsv"]
    assert (out / "seeds" / "000_5e3c12ae8d8c7ed7.txt").read_bytes() == (
        ROOT / "seeds" / "000_5e3c12ae8d8c7ed7.txt").read_bytes()
    assert main(["validate", "--gold", str(out), "--seeds", str(out / "seeds")]) == 0


def test_handout_refuses_a_missing_readme_without_a_traceback(tmp_path, capsys):
    assert main(["handout", "--layer", "entities", "--out", str(tmp_path / "x"),
                 "--passes", str(tmp_path)]) == 1
    assert "handout not written" in capsys.readouterr().err
