"""Coordinates and their checks."""

from __future__ import annotations

from tawthiq.domain.errors import InvalidInput, Problem


def check_coordinates(latitude: float | None, longitude: float | None) -> None:
    """Reject coordinates out of range, or one given without the other."""
    problems: list[Problem] = []
    if (latitude is None) != (longitude is None):
        problems.append(
            Problem("latitude", "latitude and longitude go together", "خط العرض وخط الطول يُعطيان معاً")
        )
    if latitude is not None and not -90.0 <= latitude <= 90.0:
        problems.append(
            Problem("latitude", f"{latitude} is out of range (-90 to 90)", f"\u200f{latitude} خارج النطاق (-90 إلى 90)")
        )
    if longitude is not None and not -180.0 <= longitude <= 180.0:
        problems.append(
            Problem(
                "longitude", f"{longitude} is out of range (-180 to 180)",
                f"\u200f{longitude} خارج النطاق (-180 إلى 180)"
            )
        )
    if problems:
        raise InvalidInput(problems)
