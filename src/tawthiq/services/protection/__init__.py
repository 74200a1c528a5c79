"""Protection and sync: the organisation key and sealed fields, backups, instances, bundles, conflicts."""
