"""Work done at once on two cores: a forked copy of the process runs one part while this process runs another.

``tawthiq publish`` writes the open data (and the collection's memo) in the child while it writes the site here:
both only read the same redacted set and write files of their own, so the fork gives the child the set as it is,
nothing copied through a pipe; the child sends back its result (a small value) or its error. Where ``fork`` is not
offered, the work runs here, first.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from typing import Any

__all__ = ["Alongside"]


class Alongside:
    """``with Alongside(work) as running: ...`` runs ``work()`` in a forked child while the block runs; leaving the
    block waits for it, then ``running.result`` is what ``work`` returned. A failed child raises RuntimeError with
    its error (after the block's own error, if the block failed: the child is waited for either way)."""

    def __init__(self, work: Callable[[], Any], *, what: str = "work") -> None:
        self.work, self.what = work, what
        self.result: Any = None
        self.process: Any = None
        self.channel: Any = None

    def __enter__(self) -> Alongside:
        if "fork" not in multiprocessing.get_all_start_methods():
            self.result = self.work()
            return self
        context = multiprocessing.get_context("fork")
        reader, writer = context.Pipe(duplex=False)
        self.channel = reader
        self.process = context.Process(target=_child, args=(self.work, writer), daemon=True)
        self.process.start()
        writer.close()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is None:
            return
        try:
            outcome, value = self.channel.recv()
        except EOFError:  # the child died before it could say (killed): its exit code tells
            outcome, value = "error", f"exit {self.process.exitcode}"
        self.process.join()
        self.channel.close()
        if outcome != "ok" or self.process.exitcode != 0:
            raise RuntimeError(f"{self.what} failed in the second process: {value or self.process.exitcode}")
        self.result = value


def _child(work: Callable[[], Any], channel: Any) -> None:
    try:
        result = work()
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        channel.send(("error", traceback.format_exc(limit=3)))
        os._exit(1)
    channel.send(("ok", result))
