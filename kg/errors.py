"""The errors a user can cause; each names what it is about and says what to do."""

from __future__ import annotations

from pathlib import Path


class KgError(Exception):
    """Base of every error kg reports without a traceback."""


class DocumentError(KgError):
    """An input document that cannot be read; the build goes on with the others."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


class InputError(KgError):
    """A file or option given by the user that cannot be used (missing graph, unknown query...)."""
