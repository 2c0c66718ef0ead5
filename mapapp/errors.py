"""One error hierarchy: every problem a user can fix is a MapAppError with an actionable message."""
from __future__ import annotations


class MapAppError(Exception):
    """Base of every error mapapp raises on purpose."""


class DataError(MapAppError):
    """A story file is wrong: names the file, the feature/row and what to fix."""

    def __init__(self, path, feature: str | None, detail: str):
        self.path = str(path)
        self.feature = feature
        self.detail = detail
        where = f"{self.path}: {feature}" if feature else self.path
        super().__init__(f"{where}: {detail}")


class StoryInvalid(MapAppError):
    """Several DataErrors found while checking a whole story folder."""

    def __init__(self, problems: list[DataError]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the story:\n{lines}")


class ArticleError(DataError):
    """An article file or pasted text cannot be used (encoding, size, not text)."""


class ExportError(MapAppError):
    """An export could not be written."""


class StoreError(MapAppError):
    """A file in the story folder could not be written (added article, accepted links); nothing was lost."""


class EditRefused(MapAppError):
    """An edit of a story was refused (bad value, a place still in use, the story changed meanwhile); no file
    was changed."""


class SettingError(MapAppError):
    """A MAPAPP_* environment variable holds a value the setting cannot take."""

    def __init__(self, variable: str, value: str, expected: str):
        self.variable, self.value, self.expected = variable, value, expected
        shown = value if len(value) <= 80 else value[:80] + "…"
        super().__init__(f"{variable}={shown!r} is not usable: expected {expected}")
