"""Publishing the built folder to the Hub as it was tested locally: check, list, then upload.

The upload is `HfApi.upload_folder`, which keeps the folder's layout and card byte for byte
(`push_to_hub` would rewrite both). The dry run lists the very files that call would send,
filtered as it filters them, and works offline.
"""
from __future__ import annotations

from pathlib import Path

from huggingface_hub import HfApi
from huggingface_hub.utils import filter_repo_objects

from aqwal.publish import cardcheck

# Hidden files and folders (editor and notebook leftovers) stay local. upload_folder adds its
# own defaults (.git, .cache/huggingface), which these already cover. fnmatch's `*` spans `/`.
IGNORE_PATTERNS = [".*", "*/.*"]


class CardProblems(ValueError):
    """The card would be rejected or misread by the Hub; nothing was uploaded."""

    def __init__(self, problems: list[str]):
        super().__init__("the card has problems:\n" + "\n".join(f"- {p}" for p in problems))
        self.problems = problems


def upload_list(data_dir: Path) -> list[tuple[str, int]]:
    """(path in the repo, size in bytes) of every file upload_folder would send, sorted."""
    data_dir = Path(data_dir).resolve()
    files = {path.relative_to(data_dir).as_posix(): path.stat().st_size
             for path in sorted(data_dir.glob("**/*")) if path.is_file()}
    kept = filter_repo_objects(files, ignore_patterns=IGNORE_PATTERNS)
    return [(path, files[path]) for path in kept]


def publish(data_dir: Path, repo_id: str, yes: bool,
            token: str | None = None) -> list[tuple[str, int]]:
    """Check the card, list the files; upload them to the dataset repo only when `yes`."""
    problems = cardcheck.check_folder(data_dir)
    if problems:
        raise CardProblems(problems)
    files = upload_list(data_dir)
    if yes:
        HfApi(token=token).upload_folder(repo_id=repo_id, repo_type="dataset",
                                         folder_path=str(data_dir),
                                         ignore_patterns=list(IGNORE_PATTERNS))
    return files
