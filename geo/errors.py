"""The one exception raised for bad data, carrying every problem found at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of one feature of one file."""

    file: str
    feature: int | None  # index in the file's ``features`` list; None for the file as a whole
    place: str | None  # the place id the feature is about, when it has one
    field: str | None
    message: str  # what is wrong; should end with "; expected ..."
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.feature is not None:
            where += f": feature {self.feature}"
            if self.place:
                where += f" (place {self.place!r})"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        if self.hint:
            text += f". Hint: {self.hint}"
        return text


class DataError(Exception):
    """Raised when place or claim files do not validate; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the data:\n{lines}")
