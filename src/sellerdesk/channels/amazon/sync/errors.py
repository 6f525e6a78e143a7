"""A step that did part of its work."""

from __future__ import annotations


class StepErrors(Exception):
    """Some items of a step failed; the others were done."""

    def __init__(self, errors: list[str], counts: dict[str, int]) -> None:
        self.errors, self.counts = errors, counts
        super().__init__(
            "; ".join(errors[:5]) + (f" (and {len(errors) - 5} more)" if len(errors) > 5 else "")
        )
