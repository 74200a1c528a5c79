"""Gazetteers: places from GeoNames and OCHA COD-AB files, as entries for the place loader."""

from tawthiq.geo.codab import read_cod_ab
from tawthiq.geo.geonames import default_entries, geonames_feature, read_geonames_dump
from tawthiq.geo.sources import COD_AB, DEFAULT_COUNTRIES, FEATURES, GEONAMES, GazetteerEntry

__all__ = [
    "COD_AB",
    "DEFAULT_COUNTRIES",
    "FEATURES",
    "GEONAMES",
    "GazetteerEntry",
    "default_entries",
    "geonames_feature",
    "read_cod_ab",
    "read_geonames_dump",
]
