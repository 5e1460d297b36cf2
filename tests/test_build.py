import filecmp
import os
import shutil
import stat

import pytest
from conftest import CASES, ROOT

from aqwal.dataset.build import build
from aqwal.gold.findings import InvalidGold


def folder_bytes(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_committed_data_folder_equals_a_fresh_build(built):
    assert folder_bytes(ROOT / "data") == folder_bytes(built), "run `make build` and commit data/"


def test_two_builds_are_byte_identical(project, built):
    build(project / "gold", project / "seeds", project / "data", project / "dataset_card.md",
          project / "gold" / "passes")
    assert folder_bytes(project / "data") == folder_bytes(built)


def test_the_card_is_generated_from_dataset_card_md(project, built):
    card = project / "dataset_card.md"
    card.write_text(card.read_text(encoding="utf-8").replace(
        "## Uses", "## Uses\n\nA sentence only this test writes.", 1), encoding="utf-8")
    build(project / "gold", project / "seeds", project / "data", card, project / "gold" / "passes")
    assert "A sentence only this test writes." in (project / "data" / "README.md").read_text(encoding="utf-8")
    assert "A sentence only this test writes." not in (built / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", ["sentence-gap", "duplicate-id", "malformed-yaml", "undefined-entity"])
def test_a_failed_build_leaves_data_exactly_as_it_was(project, built, case):
    shutil.copytree(built, project / "data")
    before = folder_bytes(project / "data")
    gold = project / "bad"
    gold.mkdir()
    shutil.copy(CASES / f"{case}.yaml", gold / "tiny.yaml")
    with pytest.raises(InvalidGold) as error:
        build(gold, CASES / "seeds", project / "data", project / "dataset_card.md")
    assert case in str(error.value)
    assert folder_bytes(project / "data") == before
    assert sorted(p.name for p in project.iterdir()) == ["bad", "data", "dataset_card.md", "gold", "seeds"]


def test_a_build_replaces_stale_files(project, built):
    shutil.copytree(built, project / "data")
    (project / "data" / "stale.parquet").write_bytes(b"old")
    build(project / "gold", project / "seeds", project / "data", project / "dataset_card.md",
          project / "gold" / "passes")
    assert not (project / "data" / "stale.parquet").exists()
    assert filecmp.cmp(project / "data" / "README.md", built / "README.md", shallow=False)


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_data_gets_the_permissions_the_umask_gives_any_new_folder(project, umask):
    """Not the 0700 of the temporary folder it is written in: on a shared server, others read it."""
    old = os.umask(umask)
    try:
        build(project / "gold", project / "seeds", project / "data", project / "dataset_card.md",
              project / "gold" / "passes")
        (project / "new").mkdir()
        (project / "new.txt").write_text("x")
    finally:
        os.umask(old)
    mode = {path.name: stat.S_IMODE(path.stat().st_mode) for path in project.iterdir()}
    assert mode["data"] == mode["new"] == 0o777 & ~umask
    assert {stat.S_IMODE(p.stat().st_mode) for p in (project / "data").rglob("*")} == {
        mode["new"], mode["new.txt"]}
