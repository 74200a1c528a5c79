"""Protection and sync: the organisation key and sealed fields, backups, instances, bundles, conflicts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tawthiq.services.exports import lazy

if TYPE_CHECKING:
    from tawthiq.services.protection.backup import create_backup as create_backup, restore_backup as restore_backup
    from tawthiq.services.protection.bundles import export_bundle as export_bundle, import_bundle as import_bundle
    from tawthiq.services.protection.conflicts import (
        list_conflicts as list_conflicts,
        resolve_conflict as resolve_conflict,
    )
    from tawthiq.services.protection.instance import instance_key as instance_key, trust as trust, trusted as trusted
    from tawthiq.services.protection.keys import (
        init_keys as init_keys,
        reveal as reveal,
        reveal_target as reveal_target,
        rewrap as rewrap,
    )

__getattr__, __all__ = lazy(__name__, {
    "create_backup": "backup", "export_bundle": "bundles", "import_bundle": "bundles", "init_keys": "keys",
    "instance_key": "instance", "list_conflicts": "conflicts", "resolve_conflict": "conflicts",
    "restore_backup": "backup", "reveal": "keys", "reveal_target": "keys", "rewrap": "keys", "trust": "instance",
    "trusted": "instance",
})
