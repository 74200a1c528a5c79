"""Evidence: files stored once under their hash, uploads, working copies, verification, BagIt packages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tawthiq.services.exports import lazy

if TYPE_CHECKING:
    from tawthiq.services.evidence.copies import (
        copy_out as copy_out,
        derive_blurred_copy as derive_blurred_copy,
        derive_stripped_copy as derive_stripped_copy,
    )
    from tawthiq.services.evidence.integrity import verify_workspace as verify_workspace
    from tawthiq.services.evidence.packages import create_package as create_package, verify_package as verify_package
    from tawthiq.services.evidence.store import add_evidence as add_evidence, show_evidence as show_evidence
    from tawthiq.services.evidence.uploads import (
        evidence_download as evidence_download,
        read_evidence as read_evidence,
        upload_evidence as upload_evidence,
    )

__getattr__, __all__ = lazy(__name__, {
    "add_evidence": "store", "copy_out": "copies", "create_package": "packages", "derive_stripped_copy": "copies",
    "derive_blurred_copy": "copies",
    "evidence_download": "uploads", "read_evidence": "uploads", "show_evidence": "store",
    "upload_evidence": "uploads", "verify_package": "packages", "verify_workspace": "integrity",
})
