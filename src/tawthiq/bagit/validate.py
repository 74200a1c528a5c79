"""Is a directory a complete and valid bag (RFC 8493 section 3)? Every rule that fails is a finding; none raises."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tawthiq.bagit.report import BagCheck, shown
from tawthiq.bagit.tagfiles import (
    V1,
    Entry,
    decode,
    parse_fetch,
    parse_info,
    parse_manifest,
    read_declaration,
    unescape,
    unsafe,
)
from tawthiq.bagit.tree import ALGORITHMS, HEX_LENGTH, digest_file, walk

TAG_LIMIT = 256 << 20  # a manifest of millions of files fits; a tag file bigger than this is not read at all
MANIFEST = re.compile(r"(tag)?manifest-([a-z0-9]+)\.txt")


@dataclass
class Manifest:
    name: str
    algorithm: str | None  # None: not one this validator computes
    tag: bool
    entries: dict[str, tuple[Entry, str]] = field(default_factory=dict)  # NFC path -> (line, path in the bag)


def validate_bag(path: Path, *, on_bytes: Callable[[int], None] | None = None) -> BagCheck:
    """Check the bag at ``path``: declaration, bag-info.txt, fetch.txt, every manifest and tag manifest, every
    checksum, Payload-Oxum, and that every file in the bag is a regular file. ``on_bytes`` hears progress."""
    root = Path(os.path.realpath(path))  # the operator's own path may go through links; nothing inside may
    check = BagCheck(root=root)
    if not root.is_dir():
        check.problem("not-a-bag", str(path), "not a directory", "ليس مجلداً")
        return check
    check.tree = tree = walk(root)
    for odd, english, arabic in tree.odd:
        check.problem("not-regular", odd, f"{english}: refused, never followed nor read", f"{arabic}: مرفوض، لا يُتبع")
    for where, reason in tree.unreadable:
        check.problem("unreadable", where, f"cannot be read ({reason})", "تعذّرت قراءته")
    if "data" not in tree.dirs:
        check.problem("no-payload", "data/", "missing: every bag has its payload in a directory named data",
                      "مجلد الحمولة data مفقود")
    if "bagit.txt" not in tree.files:
        read_declaration(check, None)
    elif (declaration := check.read("bagit.txt", 1 << 16)) is not None:
        read_declaration(check, declaration)
    info_name = "package-info.txt" if check.version and check.version < (0, 96) else "bag-info.txt"
    if (text := _text(check, info_name)) is not None:
        check.info = parse_info(check, info_name, text)
    _check_oxum(check, info_name)
    manifests = _manifests(check)
    fetched = _check_fetch(check, manifests)
    expected = _check_payload(check, [m for m in manifests if not m.tag], fetched)
    for manifest in (m for m in manifests if m.tag):
        _check_tag_manifest(check, manifest, [m.name for m in manifests if not m.tag], expected)
    _check_checksums(check, expected, on_bytes)
    check.manifests = {m.name: {p: e.value for e, p in m.entries.values()} for m in manifests}
    return check


def _text(check: BagCheck, name: str) -> str | None:
    data = check.read(name, TAG_LIMIT)
    return None if data is None else decode(check, name, data, check.encoding)


def _strict(check: BagCheck) -> bool:
    return check.version is None or check.version >= V1


def _nfc(path: str) -> str:
    return unicodedata.normalize("NFC", path)


def _manifests(check: BagCheck) -> list[Manifest]:
    manifests = []
    for name in sorted(n for n in check.tree.files if "/" not in n):
        match = MANIFEST.fullmatch(name)
        if not match:
            continue
        algorithm = match.group(2) if match.group(2) in ALGORITHMS else None
        if algorithm is None:
            check.warn("algorithm", name, f"{match.group(2)} is not an algorithm this validator computes: its "
                       "checksums are not checked", "خوارزمية لا يحسبها هذا المدقق: لم تُفحص بصماتها")
        if (text := _text(check, name)) is None:
            continue
        manifest = Manifest(name, algorithm, bool(match.group(1)))
        for entry in parse_manifest(check, name, text, HEX_LENGTH.get(match.group(2))):
            if (path := _locate(check, name, entry, payload=not manifest.tag)) is not None:
                _add(check, manifest, entry, path)
        _warn_case_twins(check, manifest)
        manifests.append(manifest)
    if not any(not m.tag for m in manifests):
        check.problem("no-manifest", ".", "no readable payload manifest (manifest-<algorithm>.txt)",
                      "لا يوجد بيان حمولة مقروء")
    elif not any(not m.tag and m.algorithm for m in manifests):
        check.problem("no-manifest", ".", "no payload manifest of an algorithm this validator computes",
                      "لا يوجد بيان حمولة بخوارزمية معروفة")
    return manifests


def _locate(check: BagCheck, name: str, entry: Entry, *, payload: bool) -> str | None:
    """The path in the bag that a manifest or fetch.txt line names; None (a problem) when it is unsafe or outside
    where it belongs. Tolerated, with a warning: md5sum's '*', an unencoded '%', a leading './'."""
    files, line, path = check.tree.files, entry.line, entry.written
    if path.startswith("*") and path not in files:
        path = path[1:]
        check.warn("md5sum-marker", name, "a '*' before the path, as md5sum writes: accepted, but the bag fails "
                   "strict validation", "علامة '*' قبل المسار كما يكتبها md5sum: مقبولة لكنها خارج المعيار", line)
    decoded = unescape(path)
    if decoded != path and decoded not in files and path in files:
        check.warn("percent", name, "'%' in a name is not written %25 (RFC 8493 2.1.3): the name as written was used",
                   "الرمز '%' غير مرمّز بـ %25: استُعمل الاسم كما كُتب", line)
        decoded = path
    path = decoded
    if path.startswith("./"):
        path = path[2:]
        check.warn("dot-slash", name, "a path written from './': RFC 8493 writes it from the bag's top ('data/…')",
                   "مسار يبدأ بـ './' والمعيار يكتبه دونها", line)
    reason = unsafe(path)
    if reason is not None:
        check.problem("unsafe-path", name, f"{reason[0]} ({shown(entry.written)}): refused, never opened",
                      f"{reason[1]}: مرفوض", line)
        return None
    if payload and not path.startswith("data/"):
        check.problem("outside-payload", name, f"{shown(entry.written)} is outside the payload directory data/",
                      "المسار خارج مجلد الحمولة data/", line)
        return None
    if not payload and path.startswith("data/"):
        check.problem("payload-in-tag-manifest", name, f"a tag manifest lists the payload file {shown(path)}",
                      "بيان الوسوم يذكر ملف حمولة", line)
        return None
    return path


def _add(check: BagCheck, manifest: Manifest, entry: Entry, path: str) -> None:
    key = _nfc(path)
    if key not in manifest.entries:
        manifest.entries[key] = (entry, path)
        return
    first, first_path = manifest.entries[key]
    where = f"{shown(path)} (lines {first.line} and {entry.line})"
    if first.value != entry.value:
        check.problem("listed-twice", manifest.name, f"lists {where} twice, with different checksums",
                      "يذكر الملف مرتين ببصمتين مختلفتين", entry.line)
    elif first_path != path:  # RFC 8493 section 6.2.3: a warning, the same file either way
        check.warn("normalization-twins", manifest.name, f"lists {where} twice, in two Unicode normalization forms",
                   "يذكر الملف مرتين بصيغتي تطبيع يونيكود", entry.line)
    elif check.version is not None and check.version >= V1:
        check.problem("listed-twice", manifest.name, f"lists {where} twice: BagIt 1.0 lists each file once",
                      "يذكر الملف مرتين، والإصدار 1.0 يذكر كل ملف مرة واحدة", entry.line)
    else:
        check.warn("listed-twice", manifest.name, f"lists {where} twice, with the same checksum",
                   "يذكر الملف مرتين بالبصمة نفسها", entry.line)


def _warn_case_twins(check: BagCheck, manifest: Manifest) -> None:
    folded: dict[str, list[str]] = {}
    for key in manifest.entries:
        folded.setdefault(key.casefold(), []).append(key)
    for twins in (t for t in folded.values() if len(t) > 1):
        check.warn("case-twins", manifest.name, f"lists {', '.join(map(shown, twins))}, which differ only in letter "
                   "case: one file on Windows and macOS", "يذكر ملفات لا تختلف إلا في حالة الأحرف")


def _on_disk(check: BagCheck, path: str, nfc: dict[str, list[str]]) -> str | None:
    if path in check.tree.files:
        return path
    twins = nfc.get(_nfc(path), [])
    return twins[0] if len(twins) == 1 else None


def _check_fetch(check: BagCheck, manifests: list[Manifest]) -> set[str]:
    """Paths fetch.txt lists (each must be in every payload manifest); they are checked like any file, never
    fetched: one that is not here leaves the bag incomplete."""
    if (text := _text(check, "fetch.txt")) is None:
        return set()
    fetched = set()
    for entry in parse_fetch(check, text):
        if (path := _locate(check, "fetch.txt", entry, payload=True)) is None:
            continue
        fetched.add(_nfc(path))
        for manifest in (m for m in manifests if not m.tag and _nfc(path) not in m.entries):
            check.problem("fetch-unlisted", "fetch.txt", f"{shown(path)} is not in {manifest.name}",
                          "ملف في fetch.txt غير مذكور في بيان الحمولة", entry.line)
        size = check.tree.files.get(path)
        if size is not None and entry.value != "-" and int(entry.value) != size:
            check.warn("fetch-length", "fetch.txt", f"{shown(path)} has {size} octets, not the {entry.value} listed",
                       "حجم الملف يخالف المذكور في fetch.txt", entry.line)
    return fetched


Expected = dict[str, list[tuple[str, str, str]]]  # path in the bag -> [(algorithm, checksum, manifest)]


def _nfc_index(check: BagCheck) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for path in check.tree.files:
        index.setdefault(_nfc(path), []).append(path)
    return index


def _check_payload(check: BagCheck, manifests: list[Manifest], fetched: set[str]) -> Expected:
    """Every listed file present, every payload file listed (in every manifest from 1.0, in one before)."""
    nfc = _nfc_index(check)
    expected: Expected = {}
    listed: dict[str, set[str]] = {}
    missing: dict[str, tuple[str, list[str]]] = {}  # NFC path -> (path as listed first, manifests)
    for manifest in manifests:
        for key, (entry, path) in manifest.entries.items():
            disk = _on_disk(check, path, nfc)
            if disk is None:
                missing.setdefault(key, (path, []))[1].append(manifest.name)
                continue
            if disk != path:
                check.warn("normalization", manifest.name, f"{shown(path)} is named in another Unicode normalization "
                           "form on disk: matched", "الاسم بصيغة تطبيع أخرى على القرص: طوبق", entry.line)
            listed.setdefault(disk, set()).add(manifest.name)
            if manifest.algorithm:
                expected.setdefault(disk, []).append((manifest.algorithm, entry.value, manifest.name))
    payload = sorted(p for p in check.tree.files if p.startswith("data/"))
    folded = {p.casefold(): p for p in payload}
    for key, (path, names) in missing.items():
        if key in fetched:
            check.problem("not-fetched", path, "listed in fetch.txt and not here: the bag is incomplete (files are "
                          "never fetched)", "مذكور في fetch.txt وغير موجود: الحقيبة ناقصة (لا يُجلب شيء)")
        elif path in check.tree.dirs:
            check.problem("directory-listed", path, f"a directory, listed in {', '.join(names)}: manifests list files",
                          "مجلد مذكور في البيان، والبيانات تذكر الملفات فقط")
        else:
            twin = folded.get(key.casefold())
            hint = f" ({shown(twin)}, differing in letter case, is here)" if twin else ""
            check.problem("missing", path, f"listed in {', '.join(names)} but missing{hint}",
                          "مذكور في البيان لكنه مفقود")
    if manifests:
        for path in payload:
            absent = [m.name for m in manifests if m.name not in listed.get(path, set())]
            if len(absent) == len(manifests):
                check.problem("not-listed", path, "in the payload but in no manifest (added?)",
                              "في الحمولة وغير مذكور في أي بيان (مضاف؟)")
            elif absent:
                say = check.problem if _strict(check) else check.warn
                say("not-listed", path, f"not in {', '.join(absent)}: BagIt 1.0 lists every file in every manifest",
                    "غير مذكور في كل بيانات الحمولة")
    return expected


def _check_tag_manifest(check: BagCheck, manifest: Manifest, payload_manifests: list[str], expected: Expected) -> None:
    nfc = _nfc_index(check)
    say = check.problem if _strict(check) else check.warn
    for entry, path in manifest.entries.values():
        disk = _on_disk(check, path, nfc)
        if disk is None:
            check.problem("missing", path, f"listed in {manifest.name} but missing", "مذكور في بيان الوسوم لكنه مفقود")
        elif manifest.algorithm:
            expected.setdefault(disk, []).append((manifest.algorithm, entry.value, manifest.name))
        if path.startswith("tagmanifest-"):
            say("tag-manifest-listed", manifest.name, f"lists the tag manifest {shown(path)}: tag manifests list "
                "no tag manifest", "يذكر بيان وسوم آخر، وهذا ممنوع", entry.line)
    listed = {path for _entry, path in manifest.entries.values()}
    for name in payload_manifests:
        if name not in listed:
            say("manifest-unlisted", manifest.name, f"does not list the payload manifest {name}",
                "لا يذكر بيان الحمولة")


def _check_checksums(check: BagCheck, expected: Expected, on_bytes: Callable[[int], None] | None) -> None:
    for path in sorted(expected):
        wanted = expected[path]
        try:
            digests = digest_file(check.root / path, {algorithm for algorithm, _d, _m in wanted}, on_bytes)
        except OSError as exc:
            check.problem("unreadable", path, f"cannot be read ({exc.strerror or type(exc).__name__})", "تعذّرت قراءته")
            continue
        for algorithm, digest, manifest in wanted:
            if digests[algorithm] != digest:
                check.problem("checksum", path, f"its {algorithm} checksum does not match {manifest} (altered or "
                              "damaged)", f"بصمته ({algorithm}) لا تطابق {manifest}: معدّل أو تالف")
        if path.startswith("data/"):
            check.files_checked += 1
            check.bytes_checked += check.tree.files[path]


def _check_oxum(check: BagCheck, info_name: str) -> None:
    values = [value for label, value in check.info if label.lower() == "payload-oxum"]
    if not values:
        return
    if len(values) > 1:
        check.problem("oxum", info_name, "Payload-Oxum appears more than once", "Payload-Oxum مكرر")
    match = re.fullmatch(r"([0-9]+)\.([0-9]+)", values[0].strip())
    if not match:
        check.problem("oxum", info_name, "Payload-Oxum is not OctetCount.StreamCount", "Payload-Oxum بشكل غير صحيح")
        return
    sizes = [size for path, size in check.tree.files.items() if path.startswith("data/")]
    if (int(match.group(1)), int(match.group(2))) != (sum(sizes), len(sizes)):
        check.problem("oxum", info_name, f"Payload-Oxum says {match.group(1)} octets in {match.group(2)} files; the "
                      f"payload has {sum(sizes)} in {len(sizes)}", "Payload-Oxum لا يطابق الحمولة")
