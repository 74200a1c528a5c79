"""Bags equivalent to the Library of Congress BagIt conformance suite (github.com/LibraryOfCongress/
bagit-conformance-suite), made by code: no package ships the suite, and its files are not copied here.

One bag per case of the suite, under the suite's own path (``v0.97/invalid/missing-baginfo``), built to the rule
its name states, with the suite's quirks that matter (CRLF, a missing last newline, package-info.txt before 0.96,
UTF-16 and ISO-8859-1 tag files, md5sum's '*'). Where a bag of the suite breaks a second rule by accident (a stale
tag-manifest checksum, a Payload-Oxum that no longer fits), ours breaks only the rule it is named after. Expected:
'valid' and 'warning' bags are valid, 'invalid', 'linux-only' and 'windows-only' ones are not; the harness of the
suite skips the bags of the other operating system, so the 54 cases that are not 'windows-only' are the ones that
count on Linux.
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SPENGLER = ["Source-Organization: Spengler University", "Organization-Address: 1400 Elm St., Cupertino, CA",
            "Contact-Name: Edna Janssen", "External-Description: Uncompressed greyscale TIFF images from the",
            "         Yoshimuri papers collection.", "External-Identifier: spengler_yoshimuri_001",
            "Bag-Count: 1 of 15", "Internal-Sender-Description: Uncompressed greyscale TIFFs created from",
            "         microfilm."]
DUPLICATES = ["Source-Organization: Spengler University", "Source-Organization: Foo University",
              "Contact-Name: Edna Janssen", "contact-name: Foo Bar", "CONTACT-NAME: Baz"]
FIVE = {"data/dir1/test3.txt": b"test3", "data/dir2/dir3/test5.txt": b"test5", "data/dir2/test4.txt": b"test4",
        "data/test1.txt": b"test1", "data/test2.txt": b"test2"}
TWO = {"data/bare-filename": b"a file with no extension\n", "data/text-file.txt": b"a file with an extension\n"}
HELLO = {"data/hello.txt": b"hello\n"}
README = {"data/README": b"This bag tests one rule of the BagIt conformance suite.\n"}


def digest(algorithm: str, data: bytes) -> str:
    return hashlib.new(algorithm, data, usedforsecurity=False).hexdigest()


class Bag:
    """Writes one bag, tag file by tag file, so that each case can bend the one rule it tests."""

    def __init__(self, root: Path, version: str = "0.97", *, encoding: str = "UTF-8", newline: str = "\n",
                 payload: dict[str, bytes] | None = None) -> None:
        self.root, self.version, self.encoding, self.newline = root, version, encoding, newline
        self.payload = dict(TWO if payload is None else payload)
        root.mkdir(parents=True)
        for path, data in self.payload.items():
            self.write(path, data)

    def write(self, path: str, data: bytes) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def text(self, path: str, lines: list[str], *, final: bool = True, encoding: str | None = None) -> None:
        body = self.newline.join(lines) + (self.newline if final and lines else "")
        self.write(path, body.encode(encoding or self.encoding))

    def declaration(self, lines: list[str] | None = None, *, final: bool = True, bom: bool = False) -> None:
        lines = lines or [f"BagIt-Version: {self.version}", f"Tag-File-Character-Encoding: {self.encoding}"]
        body = self.newline.join(lines) + (self.newline if final else "")
        self.write("bagit.txt", (codecs.BOM_UTF8 if bom else b"") + body.encode("utf-8"))

    def info(self, lines: list[str], *, name: str = "bag-info.txt", oxum: bool = True) -> None:
        sizes = [len(data) for path, data in self.payload.items() if path.startswith("data/")]
        self.text(name, lines + ([f"Payload-Oxum: {sum(sizes)}.{len(sizes)}"] if oxum else []))

    def manifest(self, algorithm: str, *, separator: str = "  ", rename: Callable[[str], str] = str,
                 extra: tuple[str, ...] = (), tag: bool = False, names: list[str] | None = None) -> None:
        """A (tag) manifest of the payload (or of ``names``) written ``rename(path)``, then ``extra`` lines."""
        listed = names if names is not None else sorted(self.payload)
        lines = [f"{digest(algorithm, (self.root / p).read_bytes())}{separator}{rename(p)}" for p in listed]
        self.text(f"{'tag' if tag else ''}manifest-{algorithm}.txt", lines + list(extra))

    def tagmanifest(self, algorithm: str, *, separator: str = " ", rename: Callable[[str], str] = str) -> None:
        names = sorted(p.name for p in self.root.iterdir() if p.is_file() and not p.name.startswith("tagmanifest-"))
        self.manifest(algorithm, separator=separator, rename=rename, tag=True, names=names)


def _standard(root: Path, version: str = "0.97", *, payload: dict[str, bytes] | None = None,
              algorithms: tuple[str, ...] = ("md5",), info: list[str] | None = None, extra: tuple[str, ...] = (),
              fetch: list[str] | None = None) -> Bag:
    """A bag as bagit.py writes it (LF, two spaces in manifests, one in tag manifests, Payload-Oxum)."""
    bag = Bag(root, version, payload=payload)
    bag.declaration()
    bag.info(info if info is not None else ["Bag-Software-Agent: a test generator"])
    for algorithm in algorithms:
        bag.manifest(algorithm, extra=extra if algorithm == algorithms[0] else ())
    if fetch is not None:
        bag.text("fetch.txt", fetch)
    for algorithm in algorithms:
        bag.tagmanifest(algorithm)
    return bag


def _old(root: Path, version: str, *, duplicates: bool = False) -> Bag:
    """0.93-0.95: CRLF, package-info.txt, the declaration's last line ended only before 0.95."""
    bag = Bag(root, version, newline="\r\n", payload=FIVE)
    bag.declaration(final=version < "0.95")
    bag.info(DUPLICATES if duplicates else SPENGLER, name="package-info.txt", oxum=not duplicates)
    bag.manifest("md5")
    bag.tagmanifest("md5", separator="  ")
    return bag


def _classic(root: Path, version: str, *, payload: dict[str, bytes] = FIVE, info: list[str] = SPENGLER,
             rename: Callable[[str], str] = str, fetch: bool = False) -> Bag:
    """0.96-0.97 bags of the older tools: CRLF, no newline after the declaration, one space in manifests."""
    bag = Bag(root, version, newline="\r\n", payload=payload)
    bag.declaration(final=False)
    bag.info(info, oxum=False)
    bag.manifest("md5", separator=" ", rename=rename)
    if fetch:
        bag.text("fetch.txt", [f"https://example.org/bags/holey/{p.replace(' ', '%20')} - {p}" for p in payload])
    bag.tagmanifest("md5", separator="  ")
    return bag


def _inner_bag(version: str) -> dict[str, bytes]:
    """The files of a complete bag, as the payload of another."""
    files = {f"data/bag/{path}": data for path, data in FIVE.items()}
    files["data/bag/bagit.txt"] = f"BagIt-Version: {version}\r\nTag-File-Character-Encoding: UTF-8".encode()
    manifest = "".join(f"{digest('md5', data)} {path}\r\n" for path, data in FIVE.items())
    files["data/bag/manifest-md5.txt"] = manifest.encode()
    files["data/bag/tagmanifest-md5.txt"] = (f"{digest('md5', files['data/bag/bagit.txt'])}  bagit.txt\r\n"
                                             f"{digest('md5', manifest.encode())}  manifest-md5.txt\r\n").encode()
    return files


def _outside(root: Path) -> str:
    """A file three levels above the bag, where '../../../README.md' leads, and its md5: a naive validator finds it."""
    outside = root.parents[2] / "README.md"
    outside.write_bytes(b"outside the bag\n")
    return digest("md5", outside.read_bytes())


def _climbing_fetch(root: Path) -> None:
    _standard(root, fetch=["https://example.org/file - ../../../README.md"])
    _outside(root)


def _fetch_case(target: str) -> Callable[[Path], object]:
    return lambda root: _standard(root, fetch=[f"https://example.org/file - {target}"])


def _manifest_case(target: str) -> Callable[[Path], object]:
    return lambda root: _standard(root, extra=(f"{digest('md5', b'x')}  {target}",))


def _corrupt_data(root: Path) -> None:
    _standard(root)
    (root / "data/bare-filename").write_bytes(b"a file with no extension!")  # the same size: Payload-Oxum still fits


def _corrupt_tag(root: Path) -> None:
    bag = _standard(root)
    lines = (root / "tagmanifest-md5.txt").read_text().splitlines()
    bag.text("tagmanifest-md5.txt", ["deadbeef" + line[8:] for line in lines])


def _extra_file(root: Path) -> None:
    bag = Bag(root, payload={"data/foo": b"foo\n"})
    bag.declaration()
    bag.manifest("md5")
    bag.payload["data/bar"] = b"bar\n"
    bag.write("data/bar", b"bar\n")
    bag.info(["Bag-Software-Agent: a test generator"])  # Payload-Oxum counts bar: only the manifest misses it
    bag.tagmanifest("md5")


def _missing(name: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        _standard(root)
        (root / name).unlink()
    return build


def _declaration(lines: list[str], *, bom: bool = False, algorithms: tuple[str, ...] = ("md5",),
                 payload: dict[str, bytes] | None = None, info: bool = True) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        bag = Bag(root, payload=payload)
        bag.declaration(lines, bom=bom)
        if info:
            bag.info(["Bag-Software-Agent: a test generator"])
        for algorithm in algorithms:
            bag.manifest(algorithm)
        for algorithm in algorithms:
            bag.tagmanifest(algorithm)
    return build


def _twice(version: str, *, same: bool) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        bag = Bag(root, version, payload=README)
        bag.declaration()
        bag.info(["Bag-Software-Agent: a test generator"])
        real = digest("sha256", README["data/README"])
        bag.manifest("sha256", extra=(f"{real if same else 'deadbeef' + real[8:]}  data/README",))
        bag.manifest("sha512")
        bag.tagmanifest("sha256")
        bag.tagmanifest("sha512")
    return build


def _iso_8859_1(root: Path) -> None:
    bag = Bag(root, encoding="ISO-8859-1")
    bag.declaration()
    bag.info(["Contact-Name: Jos\u00e9 Mart\u00ednez", "Bag-Software-Agent: a test generator"])
    bag.manifest("md5")
    bag.tagmanifest("md5")


def _utf_16(root: Path) -> None:
    bag = Bag(root, encoding="UTF-16")  # Python's UTF-16 writes a byte-order mark, which this encoding allows
    bag.declaration()
    bag.info(["Contact-Name: \u0645\u0631\u064a\u0645", "Bag-Software-Agent: a test generator"])
    bag.manifest("md5")
    bag.tagmanifest("md5", separator="  ")


def _minimal(root: Path) -> None:
    inner = {"data/bagit.txt": b"BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n",
             "data/bag-info.txt": b"Payload-Oxum: 49.2\n",
             **{f"data/{path}": data for path, data in TWO.items()}}
    inner["data/manifest-md5.txt"] = "".join(f"{digest('md5', d)}  {p}\n" for p, d in TWO.items()).encode()
    inner["data/tagmanifest-md5.txt"] = "".join(
        f"{digest('md5', inner['data/' + n])} {n}\n" for n in ("bag-info.txt", "bagit.txt", "manifest-md5.txt")
    ).encode()
    _standard(root, payload=inner)


def _separators(root: Path) -> None:
    _standard(root, payload=README, algorithms=("sha224",),
              info=["Bag-Software-Agent: a test generator", "Test-Tag: 1", "Test-Tag:   2", "Test-Tag : 3",
                    "Test-Tag\t:\t4", "Test-Tag    :   5"])


def _duplicate_97(root: Path) -> None:
    bag = Bag(root)
    bag.declaration()
    bag.text("bag-info.txt", ["Contact-Name: Chris", "contact-name: Chris", "Case-Insensitivity-Test: 1",
                              "CASE-INSENSITIVITY-TEST: 2", "case-insensitivity-test: 3"], final=False)
    bag.manifest("md5")
    bag.tagmanifest("md5")


def _case_twins(root: Path) -> None:
    twin = f"{digest('sha512', HELLO['data/hello.txt'])}  data/HELLO.txt"
    _standard(root, payload=HELLO, algorithms=("sha512",), extra=(twin,))


def _md5sum(root: Path) -> None:
    bag = _standard(root, payload=HELLO)
    bag.manifest("md5", separator=" *")
    bag.tagmanifest("md5", separator=" *")


def _relative(root: Path) -> None:
    bag = _standard(root, payload=HELLO, algorithms=("sha512",))
    bag.manifest("sha512", rename=lambda p: "./" + p)
    bag.tagmanifest("sha512")


def _normalization(root: Path) -> None:
    nfc = unicodedata.normalize("NFC", "data/N\u00fa\u00f1ez")
    bag = Bag(root, "0.96", payload={nfc: b""})
    bag.declaration()
    nfd = unicodedata.normalize("NFD", nfc)
    bag.text("manifest-sha512.txt", [f"{digest('sha512', b'')}  {nfd}", f"{digest('sha512', b'')}  {nfc}"])
    bag.tagmanifest("sha512", separator="  ")


def _system_files(root: Path) -> None:
    bag = Bag(root, payload={"data/Thumbs.db": b""})
    bag.declaration()
    bag.payload["data/.DS_Store"] = b""  # listed (and counted in Payload-Oxum) but not in the bag
    bag.info(["Bag-Software-Agent: a test generator"])
    bag.text("manifest-sha512.txt", [f"{digest('sha512', b'')}  data/.DS_Store", f"{digest('sha512', b'')}  "
                                     "data/Thumbs.db"])
    bag.tagmanifest("sha512")


def _not_all_listed(root: Path) -> None:
    bag = Bag(root, "1.0", payload=HELLO)
    bag.declaration()
    bag.manifest("sha512")
    bag.write("data/missingFromManifest.txt", b"this file is in no manifest\n")
    bag.tagmanifest("sha512", separator="  ")


def _basic_1_0(root: Path) -> None:
    bag = Bag(root, "1.0", payload=HELLO)
    bag.declaration()
    bag.manifest("sha512")
    bag.tagmanifest("sha512", separator="  ")


def _valid(version: str) -> dict[str, Callable[[Path], object]]:
    """The valid bags that 0.96 and 0.97 share."""
    return {
        "bag-in-a-bag": lambda root: _classic(root, version, payload=_inner_bag(version)),
        "bag-with-encoded-names": lambda root: _classic(root, version, payload={
            "data/dir1/~test3.txt": b"test3", "data/%7Edir2/dir3/test5.txt": b"test5",
            "data/%7Edir2/test4.txt": b"test4", "data/%7Etest1.txt": b"test1", "data/%test2.txt": b"test2"}),
        "bag-with-escapable-characters": lambda root: _classic(root, version, payload={
            **FIVE, "data/test file with spaces.txt": b"a file with spaces in its name\n"}),
        "bag-with-leading-dot-slash-in-manifest": lambda root: _classic(
            root, version, rename=lambda p: "./" + p if p == "data/test2.txt" else p),
        "bag-with-space": lambda root: _classic(root, version, payload={
            **{p: d for p, d in FIVE.items() if p != "data/test1.txt"}, "data/test 1.txt": b"test1"}),
        "basic-bag": (lambda root: _classic(root, version)) if version == "0.96" else (lambda root: _standard(root)),
        "duplicate-metadata-entries": ((lambda root: _classic(root, version, info=DUPLICATES)) if version == "0.96"
                                       else _duplicate_97),
        "holey-bag": lambda root: _classic(root, version, payload={
            **{p: d for p, d in FIVE.items() if p != "data/test1.txt"}, "data/test 1.txt": b"test1"}, fetch=True),
    }


@dataclass(frozen=True)
class Case:
    version: str
    category: str
    name: str
    build: Callable[[Path], object]

    @property
    def path(self) -> str:
        return f"{self.version}/{self.category}/{self.name}"

    @property
    def expected_valid(self) -> bool:
        return self.category in ("valid", "warning")

    @property
    def counts_on_linux(self) -> bool:
        return self.category != "windows-only"

    def make(self, base: Path) -> Path:
        """Build the bag under ``base`` at the suite's path; returns its directory."""
        root = base / self.path
        self.build(root)
        return root


def cases() -> list[Case]:
    table: dict[str, dict[str, dict[str, Callable[[Path], object]]]] = {
        **{f"v{v}": {"valid": {"basic-bag": lambda root, v=v: _old(root, v),
                               "duplicate-metadata-entries": lambda root, v=v: _old(root, v, duplicates=True)}}
           for v in ("0.93", "0.94", "0.95")},
        "v0.96": {"valid": _valid("0.96")},
        "v0.97": {
            "valid": {**_valid("0.97"), "ISO-8859-1-encoded-tag-files": _iso_8859_1,
                      "UTF-16-encoded-tag-files": _utf_16, "minimal-bag": _minimal,
                      "uncommon-metadata-separators": _separators},
            "invalid": {
                "baginfo-missing-encoding": _declaration(["BagIt-Version: 0.97"]),
                "bom-in-bagit.txt": _declaration(["BagIt-Version: 0.97", "Tag-File-Character-Encoding: UTF-8"],
                                                 bom=True, payload=HELLO),
                "corrupt-data-file": _corrupt_data,
                "corrupt-tag-file": _corrupt_tag,
                "extra-file-in-bag": _extra_file,
                "invalid-version-number": _declaration(["BagIt-Version: .97", "Tag-File-Character-Encoding: UTF-8"],
                                                       algorithms=("sha256", "sha512"), payload=README),
                "missing-baginfo": _missing("bag-info.txt"),
                "missing-bagit.txt": _missing("bagit.txt"),
                "out-of-scope-file-paths-using-dot-notation": lambda root: _standard(root, extra=(
                    f"{_outside(root)}  ../../../README.md", f"{digest('md5', b'x')}  \\.\\./\\.\\./\\.\\./README.md")),
                "out-of-scope-file-paths-using-dot-notation-for-fetch": _climbing_fetch,
                "same-filename-listed-twice-with-different-hashes": _twice("0.97", same=False),
            },
            "linux-only": {
                "out-of-scope-file-paths-using-absolute-path": _manifest_case("/tmp/foo"),
                "out-of-scope-file-paths-using-absolute-path-for-fetch": _fetch_case("/tmp/test.txt"),
                "out-of-scope-file-paths-using-shortcut": _manifest_case("~/foo"),
                "out-of-scope-file-paths-using-shortcut-for-fetch": _fetch_case("~/test.txt"),
                "out-of-scope-file-paths-using-shortcut-username": _manifest_case("~root/foo"),
                "out-of-scope-file-paths-using-shortcut-username-for-fetch": _fetch_case("~root/foo"),
            },
            "warning": {
                "duplicate-file-with-different-case": _case_twins,
                "made-with-md5sum-tools": _md5sum,
                "relative-path": _relative,
                "same-filename-listed-twice-with-different-normalization": _normalization,
                "same-filename-listed-twice-with-the-same-hash": _twice("0.97", same=True),
                "special-system-files": _system_files,
            },
            "windows-only": {
                "out-of-scope-file-paths-using-absolute-path": _manifest_case("C:\\Windows\\System32\\setx.exe"),
                "out-of-scope-file-paths-using-absolute-path-for-fetch": _fetch_case("C:\\Windows\\System32\\setx.exe"),
                "out-of-scope-file-paths-using-shortcut": _manifest_case("%HomeDrive%\\Windows\\System32\\setx.exe"),
                "out-of-scope-file-paths-using-shortcut-for-fetch":
                    _fetch_case("%HomeDrive%\\Windows\\System32\\setx.exe"),
                "out-of-scope-file-paths-using-unc": _manifest_case("\\\\?\\UNC\\server\\Windows\\System32\\setx.exe"),
                "out-of-scope-file-paths-using-unc-for-fetch":
                    _fetch_case("\\\\?\\UNC\\server\\Windows\\System32\\setx.exe"),
            },
        },
        "v1.0": {
            "valid": {"basicBag": _basic_1_0},
            "invalid": {
                "bagit-with-invalid-whitespace": _declaration(
                    ["BagIt-Version : 1.0", "Tag-File-Character-Encoding : UTF-8"], algorithms=("sha256", "sha512"),
                    payload=README),
                "notAllManifestsListAllFiles": _not_all_listed,
                "same-filename-listed-twice-with-different-hashes": _twice("1.0", same=False),
                "same-filename-listed-twice-with-the-same-hash": _twice("1.0", same=True),
            },
        },
    }
    return [Case(version, category, name, build) for version, categories in table.items()
            for category, builds in categories.items() for name, build in builds.items()]
