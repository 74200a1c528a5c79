"""The rules of RFC 8493 that the conformance suite leaves out, one test each, and bags no validator should
crash on."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import bagit
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tawthiq.bagit import BagCheck, validate_bag
from tests.bagit.suite import Bag, digest

FILES = {"data/a.txt": b"first\n", "data/sub/b.txt": b"second\n"}


def make(root: Path, version: str = "1.0", files: dict[str, bytes] | None = None,
         algorithms: tuple[str, ...] = ("sha256",), info: list[str] | None = None) -> Bag:
    bag = Bag(root, version, payload=FILES if files is None else files)
    bag.declaration()
    bag.info(info or ["Source-Organization: a test"])
    for algorithm in algorithms:
        bag.manifest(algorithm)
    for algorithm in algorithms:
        bag.tagmanifest(algorithm)
    return bag


def codes(check: BagCheck, severity: str = "problem") -> set[str]:
    return {f.code for f in check.findings if f.severity == severity}


def retag(bag: Bag, algorithm: str = "sha256") -> None:
    """Rewrite the tag manifest after a tag file was changed on purpose, so only the rule under test fails."""
    bag.tagmanifest(algorithm)


def test_a_bag_of_every_supported_algorithm_is_valid(tmp_path: Path) -> None:
    check = validate_bag(make(tmp_path / "bag", algorithms=("md5", "sha1", "sha256", "sha512")).root)
    assert check.ok and not check.findings and check.files_checked == 2 and check.version == (1, 0)


def test_upper_case_hex_and_tabs_between_checksum_and_path_are_accepted(tmp_path: Path) -> None:
    bag = make(tmp_path / "bag")
    bag.text("manifest-sha256.txt", [f"{digest('sha256', data).upper()}\t \t{path}" for path, data in FILES.items()])
    retag(bag)
    check = validate_bag(bag.root)
    assert check.ok and not check.findings


@pytest.mark.parametrize("kind", ["symlink-file", "symlink-dir", "symlink-tag", "fifo", "socket"])
def test_links_fifos_and_sockets_are_refused_and_never_followed(tmp_path: Path, kind: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"first\n")  # the same bytes as data/a.txt: only the link itself is wrong
    bag = make(tmp_path / "bag")
    if kind == "symlink-file":
        (bag.root / "data/a.txt").unlink()
        (bag.root / "data/a.txt").symlink_to(outside / "secret.txt")
    elif kind == "symlink-dir":
        (bag.root / "data/linked").symlink_to(outside, target_is_directory=True)
    elif kind == "symlink-tag":
        (bag.root / "bag-info.txt").rename(outside / "bag-info.txt")
        (bag.root / "bag-info.txt").symlink_to(outside / "bag-info.txt")
    elif kind == "fifo":
        os.mkfifo(bag.root / "data/pipe")
    else:
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(bag.root / "data/sock"))
    check = validate_bag(bag.root)
    assert not check.ok and "not-regular" in codes(check)
    assert all("secret" not in f.describe() for f in check.findings)  # nothing behind the link was walked


def test_percent_encoded_line_breaks_and_percent_signs_name_the_files(tmp_path: Path) -> None:
    files = {"data/two\nlines.txt": b"1", "data/cr\rhere.txt": b"2", "data/100%.txt": b"3", "data/%41.txt": b"4"}
    bag = make(tmp_path / "bag", files=files)
    encoded = {p: p.replace("%", "%25").replace("\n", "%0A").replace("\r", "%0d") for p in files}
    bag.text("manifest-sha256.txt", [f"{digest('sha256', d)}  {encoded[p]}" for p, d in files.items()])
    retag(bag)
    check = validate_bag(bag.root)
    assert check.ok and not check.findings and check.files_checked == 4


def test_a_percent_sign_left_unencoded_by_other_tools_still_names_its_file_with_a_warning(tmp_path: Path) -> None:
    payload = tmp_path / "payload"
    payload.mkdir()
    (payload / "report%25final.txt").write_bytes(b"x")  # bagit.py writes the name as it is: data/report%25final.txt
    bagit.make_bag(str(payload), checksums=["sha256", "sha512"])
    check = validate_bag(payload)
    assert check.ok and codes(check, "warning") == {"percent"}


def test_a_bag_made_by_bagit_py_is_valid(tmp_path: Path) -> None:
    payload = tmp_path / "payload"
    (payload / "sub dir").mkdir(parents=True)
    (payload / "sub dir" / "witness statement.txt").write_text("\u0634\u0647\u0627\u062f\u0629\n")
    (payload / "\u0635\u0648\u0631\u0629.jpg").write_bytes(os.urandom(4096))
    bagit.make_bag(str(payload), {"Source-Organization": "Tawthiq test"}, checksums=["sha256", "sha512"])
    check = validate_bag(payload)
    assert check.ok and not check.findings and check.files_checked == 2


@pytest.mark.parametrize(("version", "same", "severity"), [("1.0", True, "problem"), ("1.0", False, "problem"),
                                                          ("0.97", True, "warning"), ("0.97", False, "problem")])
def test_a_path_listed_twice_is_flagged(tmp_path: Path, version: str, same: bool, severity: str) -> None:
    bag = make(tmp_path / "bag", version)
    real = digest("sha256", FILES["data/a.txt"])
    bag.manifest("sha256", extra=(f"{real if same else '0' * 64}  data/a.txt",))
    retag(bag)
    assert "listed-twice" in codes(validate_bag(bag.root), severity)


@pytest.mark.parametrize(("version", "severity"), [("1.0", "problem"), ("0.97", "warning")])
def test_every_manifest_lists_every_payload_file_from_1_0(tmp_path: Path, version: str, severity: str) -> None:
    bag = make(tmp_path / "bag", version, algorithms=("sha256", "sha512"))
    bag.manifest("sha512", names=["data/a.txt"])
    retag(bag)
    retag(bag, "sha512")
    assert "not-listed" in codes(validate_bag(bag.root), severity)


@pytest.mark.parametrize(("oxum", "code"), [("99.2", "oxum"), ("13", "oxum"), ("13.2\nPayload-Oxum: 13.2", "oxum"),
                                            ("13.2", None)])
def test_payload_oxum_is_checked(tmp_path: Path, oxum: str, code: str | None) -> None:
    bag = make(tmp_path / "bag")
    bag.text("bag-info.txt", [f"Payload-Oxum: {oxum}"])
    retag(bag)
    check = validate_bag(bag.root)
    assert (code in codes(check)) if code else check.ok


def test_bag_info_continuation_lines_join_the_value_above(tmp_path: Path) -> None:
    bag = make(tmp_path / "bag", info=["External-Description: the shelling of the market", "  of Albu Kamal,",
                                       "\tas reported", "Contact-Name: Mariam"])
    check = validate_bag(bag.root)
    assert check.ok
    assert check.info[0] == ("External-Description", "the shelling of the market\nof Albu Kamal,\nas reported")
    assert check.info[1] == ("Contact-Name", "Mariam")


@pytest.mark.parametrize(("version", "line", "ok"), [
    ("1.0", "Label : value", False), ("1.0", "Label:value", False), ("1.0", "no colon here", False),
    ("0.97", "Label   :  value", True), ("1.0", "  starts as a continuation", False)])
def test_bag_info_lines_follow_the_version_rules(tmp_path: Path, version: str, line: str, ok: bool) -> None:
    bag = make(tmp_path / "bag", version)
    bag.text("bag-info.txt", [line])
    retag(bag)
    assert validate_bag(bag.root).ok is ok


@pytest.mark.parametrize(("declaration", "code"), [
    (b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8", None),  # the last line ending is only recommended
    (b"BagIt-Version: 1.0\r\nTag-File-Character-Encoding: UTF-8\r\n", None),
    (b"BagIt-version: 1.0\nTag-File-Character-Encoding: utf-8\n", None),  # RFC 8493's own example
    (b"Tag-File-Character-Encoding: UTF-8\nBagIt-Version: 1.0\n", "declaration-form"),
    (b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n\n", "declaration-line"),
    (b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\nContact-Name: x\n", "declaration-line"),
    (b"BagIt-Version: 1.0\tTag-File-Character-Encoding: UTF-8\n", "version"),
    (b"BagIt-Version: 2.0\nTag-File-Character-Encoding: UTF-8\n", "version"),
    (b"BagIt-Version: 1.0\nTag-File-Character-Encoding: EBCDIC-XYZ\n", "encoding"),
    (b"BagIt-Version: 1.0\nTag-File-Character-Encoding: base64\n", "encoding"),  # a codec, but not of text
    (b"\xef\xbb\xbfBagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", "bom"),
    (b"\xff\xfeB\x00", "bom"),
    (b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\xff\n", "encoding"),
])
def test_the_declaration_is_read_to_the_letter(tmp_path: Path, declaration: bytes, code: str | None) -> None:
    bag = make(tmp_path / "bag")
    bag.write("bagit.txt", declaration)
    retag(bag)
    check = validate_bag(bag.root)
    assert (code in codes(check)) if code else check.ok, [f.describe() for f in check.findings]


def test_a_utf_8_tag_file_with_a_byte_order_mark_or_bytes_of_another_encoding_is_refused(tmp_path: Path) -> None:
    bag = make(tmp_path / "bag")
    bag.write("bag-info.txt", b"\xef\xbb\xbfContact-Name: x\n")
    bag.write("manifest-sha512.txt", b"\xff\xfe not utf-8\n")
    retag(bag)
    check = validate_bag(bag.root)
    assert {"bom", "encoding"} <= codes(check)


@pytest.mark.parametrize(("line", "code"), [
    ("https://example.org/a - data/a.txt", None),  # listed, and here: nothing to fetch
    ("https://example.org/c 12 data/c.txt", "not-fetched"),  # listed and not here: incomplete, never fetched
    ("https://example.org/d - data/d.txt", "fetch-unlisted"),
    ("https://example.org/x - ../outside.txt", "unsafe-path"),
    ("https://example.org/x - /etc/passwd", "unsafe-path"),
    ("https://example.org/x - bag-info.txt", "outside-payload"),
    ("example.org/x - data/a.txt", "fetch-line"),
    ("https://example.org/x data/a.txt", "fetch-line"),
])
def test_fetch_txt_entries_are_checked_and_never_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         line: str, code: str | None) -> None:
    def no_network(*_args: object) -> None:
        raise AssertionError("a validator never fetches")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    bag = make(tmp_path / "bag")
    if code == "not-fetched":
        bag.manifest("sha256", extra=(f"{digest('sha256', b'c' * 12)}  data/c.txt",))
    bag.text("fetch.txt", [line])
    retag(bag)
    check = validate_bag(bag.root)
    assert (code in codes(check)) if code else check.ok, [f.describe() for f in check.findings]


@pytest.mark.parametrize(("extra", "code"), [
    ("data/./a.txt", "unsafe-path"), ("data//a.txt", "unsafe-path"), ("data/sub", "directory-listed"),
    ("bag-info.txt", "outside-payload"), ("data/../../x", "unsafe-path"), ("C:\\x", "unsafe-path"),
])
def test_manifest_paths_that_are_not_plain_payload_files_are_refused(tmp_path: Path, extra: str, code: str) -> None:
    bag = make(tmp_path / "bag")
    bag.manifest("sha256", extra=(f"{'0' * 64}  {extra}",))
    retag(bag)
    assert code in codes(validate_bag(bag.root))


@pytest.mark.parametrize(("change", "code"), [
    ("short", "manifest-line"), ("lists-payload", "payload-in-tag-manifest"),
    ("lists-tagmanifest", "tag-manifest-listed"), ("omits-manifest", "manifest-unlisted"),
    ("unknown-only", "no-manifest"), ("no-data", "no-payload"),
])
def test_manifests_and_tag_manifests_follow_rfc_8493(tmp_path: Path, change: str, code: str) -> None:
    bag = make(tmp_path / "bag", algorithms=("sha256", "sha512"))
    if change == "short":
        bag.text("manifest-sha256.txt", [f"{'ab' * 16}  data/a.txt"])
    elif change == "lists-payload":
        bag.manifest("sha256", tag=True, names=["bagit.txt", "manifest-sha256.txt", "data/a.txt"])
    elif change == "lists-tagmanifest":
        bag.manifest("sha256", tag=True, names=["bagit.txt", "manifest-sha256.txt", "manifest-sha512.txt",
                                                "tagmanifest-sha512.txt"])
    elif change == "omits-manifest":
        bag.manifest("sha256", tag=True, names=["bagit.txt", "manifest-sha256.txt"])
    elif change == "unknown-only":
        for name in ("manifest-sha256.txt", "manifest-sha512.txt", "tagmanifest-sha256.txt", "tagmanifest-sha512.txt"):
            (bag.root / name).rename(bag.root / name.replace("sha", "whirlpool"))
    else:
        for path in FILES:
            (bag.root / path).unlink()
        (bag.root / "data/sub").rmdir()
        (bag.root / "data").rmdir()
    assert code in codes(validate_bag(bag.root))


def test_a_manifest_of_an_unknown_algorithm_beside_a_known_one_is_a_warning(tmp_path: Path) -> None:
    bag = make(tmp_path / "bag")
    bag.text("manifest-whirlpool.txt", [f"{'ab' * 64}  {path}" for path in FILES])
    retag(bag)
    check = validate_bag(bag.root)
    assert check.ok and codes(check, "warning") == {"algorithm"}


@pytest.mark.parametrize("target", ["missing", "file"])
def test_what_is_not_a_bag_directory_is_a_problem_not_an_error(tmp_path: Path, target: str) -> None:
    path = tmp_path / "x"
    if target == "file":
        path.write_text("a file")
    assert codes(validate_bag(path)) == {"not-a-bag"}


def test_a_name_with_a_line_break_stays_on_one_problem_line(tmp_path: Path) -> None:
    bag = make(tmp_path / "bag")
    bag.write("data/added\nFAKE: valid", b"x")
    problems = [f.describe() for f in validate_bag(bag.root).problems]
    assert problems and all("\n" not in p for p in problems) and any("added\\nFAKE" in p for p in problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt",
                             "fetch.txt"]),
       content=st.binary(max_size=300) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_no_tag_file_content_makes_the_validator_raise(tmp_path_factory: pytest.TempPathFactory, name: str,
                                                        content: bytes) -> None:
    bag = make(tmp_path_factory.mktemp("fuzz") / "bag")
    bag.write(name, content)
    check = validate_bag(bag.root)
    assert all(f.describe() for f in check.findings)
