import json
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


def test_validate_does_not_import_scikit_learn():
    """scikit-learn costs ~0.9 s to import; `aqwal validate` has no use for it (BENCHMARKS.md)."""
    code = ("import sys; from aqwal.cli import main; main(['validate']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().splitlines()[-1] == "[]"


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


def test_a_card_without_a_licensing_section_refuses_the_build(tmp_path, capsys):
    """The licence file is made from the card's Licensing section: no section, no build."""
    source = tmp_path / "dataset_card.md"
    source.write_text((ROOT / "dataset_card.md").read_text(encoding="utf-8")
                      .replace("## Licensing", "## Terms"), encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "keep.txt").write_text("untouched")
    code = main(["build", "--data", str(data), "--card", str(source),
                 "--gold", str(ROOT / "gold"), "--seeds", str(ROOT / "seeds")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{source}: " in err and '"## Licensing"' in err and "left as it was" in err
    assert [p.name for p in data.iterdir()] == ["keep.txt"]


def test_show_writes_the_published_view(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "view.html"
    assert main(["show", "--data", str(ROOT / "data"), "--out", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert out.read_bytes() == (ROOT / "data" / "view.html").read_bytes()


def test_show_a_gold_file_a_record_an_attribution_and_a_prediction(tmp_path, capsys):
    gold = ["--gold", str(CASES / "valid.yaml"), "--seeds", str(CASES / "seeds")]
    predictions = tmp_path / "predictions.json"
    predictions.write_text('{"entities": [["p2s1", 0, 3, "PER"]], "quotes": [{"cue": [0, 3]}], '
                           '"label": "a test baseline", "scope": ["p2s1"]}')
    pages = {}
    for name, extra in {"doc": [], "record": ["--record", "p2s2"], "quote": ["--attribution", "q1"],
                        "predicted": ["--predictions", str(predictions)]}.items():
        assert main(["show", *gold, *extra, "--out", str(tmp_path / f"{name}.html")]) == 0
        pages[name] = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
    assert 'data-record="tiny:p2s1"' in pages["doc"] and 'data-record="tiny:p2s1"' not in pages["record"]
    assert "attribution q1 in record" in pages["quote"]
    assert "a test baseline" in pages["predicted"] and "1 false alarms" in pages["predicted"]
    capsys.readouterr()
    assert main(["show", *gold, "--layers", "entities", "--out", "-"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(("args", "message"), [
    (["--gold", str(CASES / "span-not-at-anchor.yaml")], "span-not-at-anchor"),
    (["--gold", str(CASES / "valid.yaml"), "--record", "p9s9"], "record 'p9s9' is not one"),
    (["--gold", str(CASES / "valid.yaml"), "--layers", "entities,colours"], "unknown layers"),
    (["--gold", str(CASES / "valid.yaml"), "--predictions", str(CASES / "valid.yaml")], "cannot read the predictions"),
    (["--data", "no-such-folder"], "run `aqwal build`"),
])
def test_show_refuses_bad_input_with_a_message_and_writes_nothing(tmp_path, capsys, args, message):
    out = tmp_path / "view.html"
    assert main(["show", "--seeds", str(CASES / "seeds"), *args, "--out", str(out)]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_show_into_a_missing_folder_says_so(tmp_path, capsys):
    out = tmp_path / "no" / "such" / "view.html"
    assert main(["show", "--gold", str(CASES / "valid.yaml"), "--seeds", str(CASES / "seeds"),
                 "--out", str(out)]) == 1
    assert f"cannot write {out}: No such file or directory" in capsys.readouterr().err


@pytest.mark.parametrize("layer", ["entities", "attributions", "stance"])
def test_handout_writes_the_folder_an_annotator_gets(tmp_path, capsys, layer):
    """Its file validates where it is (the notes beside it are no gold files), except that an
    attributions handout lists the quotation marks still to explain (its to-do list)."""
    out = tmp_path / layer
    assert main(["handout", "--layer", layer, "--out", str(out), "--gold", str(ROOT / "gold"),
                 "--seeds", str(ROOT / "seeds"), "--passes", str(ROOT / "gold" / "passes"),
                 "--guidelines", str(ROOT / "docs" / "guidelines.md")]) == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "000_5e3c12ae8d8c7ed7.yaml", "INSTRUCTIONS.md", "guidelines.md",
        "seeds/000_5e3c12ae8d8c7ed7.txt", "seeds/manifest.tsv"]
    assert (out / "seeds" / "000_5e3c12ae8d8c7ed7.txt").read_bytes() == (
        ROOT / "seeds" / "000_5e3c12ae8d8c7ed7.txt").read_bytes()
    capsys.readouterr()
    code = main(["validate", "--gold", str(out), "--seeds", str(out / "seeds"), "--json"])
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)}
    assert (code, rules) == ((1, {"mark-unexplained"}) if layer == "attributions" else (0, set()))


def test_handout_refuses_a_missing_readme_without_a_traceback(tmp_path, capsys):
    assert main(["handout", "--layer", "entities", "--out", str(tmp_path / "x"),
                 "--passes", str(tmp_path)]) == 1
    assert "handout not written" in capsys.readouterr().err


@pytest.mark.parametrize(("predictions", "message"), [
    ('{"entities": 5}', "`entities` must be a list"),
    ('{"quotes": {"cue": [0, 3]}}', "`quotes` must be a list"),
    ('{"scope": "p2s1"}', "`scope` must be a list of record ids"),
    ('{"scope": [5]}', "`scope` must be a list of record ids"),
    ('{"label": ["x"]}', "`label` must be a string"),
    ('{"entities": [{"id": "p2s1", "entities": 5}]}', "predicted entity 0: `entities` must be a list"),
    ('{"entities": [{"id": "p2s1", "entities": [5]}]}', "predicted entity 0: expected (record_id"),
    ('{"entities": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ('{"entities": [["p2s1", 0, 3, "PER", "' + "x" * 100_000 + '"]]}', "characters)"),
])
def test_show_refuses_malformed_predictions_naming_the_field(tmp_path, capsys, predictions, message):
    path = tmp_path / "predictions.json"
    path.write_text(predictions, encoding="utf-8")
    out = tmp_path / "view.html"
    assert main(["show", "--gold", str(CASES / "valid.yaml"), "--seeds", str(CASES / "seeds"),
                 "--predictions", str(path), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err) < 1000
    assert not out.exists()


def test_show_never_writes_through_a_symbolic_link(tmp_path, capsys):
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    out = tmp_path / "view.html"
    out.symlink_to(target)
    assert main(["show", "--gold", str(CASES / "valid.yaml"), "--seeds", str(CASES / "seeds"),
                 "--out", str(out)]) == 1
    assert "symbolic link" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "keep me" and out.is_symlink()
