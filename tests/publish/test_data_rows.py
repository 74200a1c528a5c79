"""Open data written again from the last run's files: the rows of an unchanged incident are copied, the others
encoded again, and the folder is byte for byte what a fresh run writes — after a change, an addition, a removal,
with an altered file or another folder."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tawthiq.domain.publication import PublicSet, event_digest
from tawthiq.publish.opendata import write_data, write_data_kept
from tawthiq.publish.rows import KeptRows
from tests.publish.sample import sample_set


def _digests(pset: PublicSet) -> dict[str, str]:
    return {e.id: event_digest(e) for e in pset.events}


def _folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if not p.name.startswith(".")}


def _fresh(pset: PublicSet, path: Path) -> dict[str, bytes]:
    write_data(pset, path, organisation="Syrians for Truth")
    return _folder(path)


def _again(pset: PublicSet, out: Path, kept: KeptRows | None) -> KeptRows:
    _files, rows = write_data_kept(pset, out, organisation="Syrians for Truth", digests=_digests(pset), kept=kept)
    assert rows is not None
    return rows


def _changed(pset: PublicSet) -> PublicSet:
    """The checkpoint retitled, the market removed, and a third incident added (a copy of the market)."""
    market, checkpoint = pset.events
    added = replace(market, id="event-added", title="Another market shelled",
                    acts=tuple(replace(a, id=f"{a.id}-added") for a in market.acts))
    return replace(pset, events=[replace(checkpoint, title="Detentions at the Mayadin checkpoint, again"), added])


def test_a_second_run_writes_what_a_fresh_run_writes(tmp_path: Path) -> None:
    first = sample_set()
    kept = _again(first, tmp_path / "data", None)
    second = _changed(first)
    _again(second, tmp_path / "data", kept)
    assert _folder(tmp_path / "data") == _fresh(second, tmp_path / "fresh")
    assert b"again" in (tmp_path / "data" / "incidents.csv").read_bytes()
    assert b"event-market" not in (tmp_path / "data" / "acts.json").read_bytes()


def test_rows_of_an_incident_with_the_same_digest_are_copied_not_encoded_again(tmp_path: Path) -> None:
    first = sample_set()
    kept = _again(first, tmp_path / "data", None)
    renamed = replace(first, events=[replace(first.events[0], title="A title the digest does not know"),
                                     first.events[1]])
    _files, _rows = write_data_kept(renamed, tmp_path / "data", organisation="Syrians for Truth",
                                    digests=_digests(first), kept=kept)  # digests as if nothing had changed
    incidents = (tmp_path / "data" / "incidents.csv").read_text(encoding="utf-8")
    assert "Shelling of the Albu Kamal market" in incidents and "does not know" not in incidents


def test_a_file_altered_since_the_last_run_is_not_copied_from(tmp_path: Path) -> None:
    first = sample_set()
    kept = _again(first, tmp_path / "data", None)
    acts = tmp_path / "data" / "acts.csv"
    acts.write_bytes(acts.read_bytes().replace(b"Artillery shells", b"Tampered shells!"))
    _again(first, tmp_path / "data", kept)
    assert _folder(tmp_path / "data") == _fresh(first, tmp_path / "fresh")


def test_rows_kept_for_one_folder_are_not_used_for_another(tmp_path: Path) -> None:
    first = sample_set()
    kept = _again(first, tmp_path / "one", None)
    (tmp_path / "two").mkdir()
    for name, data in _folder(tmp_path / "one").items():  # the same files, as a copy elsewhere
        (tmp_path / "two" / name).write_bytes(data.replace(b"Albu Kamal market", b"Albu Kamal souk!!"))
    _again(first, tmp_path / "two", kept)
    assert _folder(tmp_path / "two") == _fresh(first, tmp_path / "fresh")


def test_acts_left_out_of_the_acled_file_are_counted_from_kept_rows_too(tmp_path: Path) -> None:
    first = sample_set()
    market, checkpoint = first.events
    yearly = replace(checkpoint, acts=tuple(replace(a, precision="year") for a in checkpoint.acts))
    pset = replace(first, events=[market, yearly])
    kept = _again(pset, tmp_path / "data", None)
    again = replace(pset, events=[replace(market, title="Retitled"), yearly])
    _again(again, tmp_path / "data", kept)
    package = (tmp_path / "data" / "datapackage.json").read_text(encoding="utf-8")
    assert "1 acts left out." in package
    assert _folder(tmp_path / "data") == _fresh(again, tmp_path / "fresh")
