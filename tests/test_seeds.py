import hashlib
import subprocess

from conftest import ROOT

from aqwal.gold import seeds

SEED_SHA256 = "d8e86a9985ad1d9842cd7b52356bc5b640d1cd810bb4b20d56398d6fb0c9769a"


def test_the_seed_is_the_published_article_byte_for_byte():
    path = ROOT / "seeds" / "000_5e3c12ae8d8c7ed7.txt"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == SEED_SHA256
    assert seeds.read_manifest(ROOT / "seeds")["000_5e3c12ae8d8c7ed7"]["sha256"] == SEED_SHA256
    text = seeds.read_text(path)
    assert len(text) == 4710 and "\r" not in text and not text.startswith("\ufeff")


def test_nothing_in_the_project_reads_the_shared_folder():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    code = [p for p in tracked if p.endswith((".py", ".ipynb", "Makefile", ".toml")) or p.startswith(".ci/")]
    offenders = [p for p in code if "../shared" in (ROOT / p).read_text(encoding="utf-8")
                 and p != "tests/test_seeds.py"]
    assert offenders == []
