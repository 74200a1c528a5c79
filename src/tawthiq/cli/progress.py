"""Rich progress bars on stderr, for long work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from tawthiq.cli.output import errors


@dataclass
class Bar:
    """Call it to advance the bar by ``n``; ``total`` sets the end once a service knows it."""

    progress: Progress
    task: TaskID

    def __call__(self, n: int) -> None:
        self.progress.advance(self.task, n)

    def total(self, n: int) -> None:
        self.progress.update(self.task, total=n)


@contextmanager
def progress_bar(description: str, total: int | None, *, in_bytes: bool = False) -> Iterator[Bar]:
    """A Rich progress bar on stderr; yields what advances it."""
    columns = [TextColumn("{task.description}"), BarColumn()]
    columns += [DownloadColumn(), TransferSpeedColumn()] if in_bytes else [TextColumn("{task.completed}/{task.total}")]
    with Progress(*columns, TimeRemainingColumn(), console=errors, transient=True) as progress:
        yield Bar(progress, progress.add_task(description, total=total))
