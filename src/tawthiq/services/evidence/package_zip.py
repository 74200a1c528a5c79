"""An event's evidence package as one zip file, for a download: the signed BagIt package that ``tawthiq package``
writes (``packages.create_package``, which asks the policy and records the package in the audit log), zipped with
the bag as its one top folder, made in a private scratch folder of the data directory."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.services.evidence.packages import create_package
from tawthiq.services.records.access import acting, read_record
from tawthiq.services.scratch import private_scratch
from tawthiq.services.workspace import Workspace

CHUNK = 1 << 20


@dataclass
class PackageZip:
    name: str  # the file name offered: tawthiq-package-EVENT.zip
    size: int
    handle: IO[bytes]  # the zip, open for reading; its file is already removed: closing the handle frees it

    def chunks(self) -> Iterator[bytes]:
        try:
            while block := self.handle.read(CHUNK):
                yield block
        finally:
            self.handle.close()


def package_zip(ws: Workspace, account: Principal, *, event: str) -> PackageZip:
    """The evidence package of ``event`` (an id or prefix) as a zip, made as ``account``: what it may read and
    nothing of protected identities. Raises Forbidden unless the role may make packages, NotFound for an event it
    cannot read."""
    ensure(account, Action.PACKAGE)
    found = read_record(ws, account, kind="event", ident=event)
    name = f"tawthiq-package-{found['id']}"
    with private_scratch(ws.settings.data_dir, "package") as folder:
        bag = folder / name
        create_package(acting(ws, account), account, events=[found["id"]], out=bag)
        archive = folder / f"{name}.zip"
        _zip(bag, archive)
        handle = archive.open("rb")  # still readable once the scratch folder is gone
    return PackageZip(f"{name}.zip", os.fstat(handle.fileno()).st_size, handle)


def _zip(bag: Path, archive: Path) -> None:
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted(p for p in bag.rglob("*") if p.is_file()):
            relative = path.relative_to(bag.parent).as_posix()
            # evidence files are mostly compressed already (photos, video): stored; the text files deflated
            stored = "/data/evidence/" in f"/{relative}"
            out.write(path, relative, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
