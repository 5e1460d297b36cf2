"""Writing an output file where a user said, never through a symbolic link planted there."""
from __future__ import annotations

import errno
import os
from pathlib import Path


def write_bytes(path: Path, data: bytes) -> Path:
    """Write data to path (created, or a regular file truncated); a symbolic link at path is
    refused with an OSError that says so, where following it would overwrite its target."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o666)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, "it is a symbolic link, which is not followed: remove it or "
                          "choose another path", str(path)) from None
        raise
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return Path(path)
