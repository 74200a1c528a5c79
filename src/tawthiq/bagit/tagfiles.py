"""The text tag files of a bag: the declaration (bagit.txt), bag-info.txt, manifests and fetch.txt, as RFC 8493
writes them and as BagIt 0.93-0.97 bags still in archives wrote them."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from tawthiq.bagit.report import BagCheck

V1 = (1, 0)
KNOWN_VERSIONS = {(0, 93), (0, 94), (0, 95), (0, 96), (0, 97), V1}
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_LINES = re.compile(r"\r\n|\r|\n")  # RFC 8493 endings only: str.splitlines would also split at \x0c, \u2028...
_LOOSE = re.compile(r"[ \t]*([^:]*?)[ \t]*:[ \t]*(.*?)[ \t]*")
_EXACT = {"bagit-version": "BagIt-Version: ", "tag-file-character-encoding": "Tag-File-Character-Encoding: "}
_MANIFEST_LINE = re.compile(r"([0-9A-Fa-f]+)[ \t]+(.+)")
_FETCH_LINE = re.compile(r"(\S+)[ \t]+([0-9]+|-)[ \t]+(.+)")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
_PERCENT = re.compile(r"%(0[AaDd]|25)")


def lines(text: str) -> list[str]:
    """Lines ended by LF, CR or CRLF; the last one may lack its ending (RFC 8493 only recommends it)."""
    parts = _LINES.split(text)
    return parts[:-1] if parts and parts[-1] == "" else parts


def decode(check: BagCheck, name: str, data: bytes, encoding: str) -> str | None:
    """A tag file's text in the bag's encoding; None (and a problem) when it is not valid text in it."""
    if codecs.lookup(encoding).name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        check.problem("bom", name, "begins with a byte-order mark, which a UTF-8 tag file must not have",
                      "يبدأ بعلامة ترتيب البايتات، وهي ممنوعة في ملف UTF-8")
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        check.problem("encoding", name, f"is not valid {encoding} text (the encoding bagit.txt declares)",
                      f"ليس نصاً صالحاً بترميز {encoding} المعلن في bagit.txt")
        return None
    return text.removeprefix("\ufeff")  # UTF-16 and its kin may carry one (RFC 8493 section 2.3)


def read_declaration(check: BagCheck, data: bytes | None) -> None:
    """Sets the bag's version and encoding from bagit.txt: exactly two lines of an exact form in 1.0; the spacing
    of older bags is accepted with a warning. Without a usable declaration, 1.0 and UTF-8 are assumed for the rest
    of the check, which then fails."""
    name = "bagit.txt"
    if data is None:
        check.problem("no-declaration", name, "missing: not a bag", "مفقود: ليس حقيبة BagIt")
        return
    if data.startswith(BOMS):
        check.problem("bom", name, "begins with a byte-order mark, which bagit.txt must not have",
                      "يبدأ بعلامة ترتيب البايتات، وهي ممنوعة في bagit.txt")
        data = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        check.problem("encoding", name, "is not UTF-8 text", "ليس نصاً بترميز UTF-8")
        return
    found: dict[str, tuple[int, str, str]] = {}  # lower-case label -> (line, value, the line as written)
    blank: list[int] = []
    for number, line in enumerate(lines(text), start=1):
        match = _LOOSE.fullmatch(line)
        label = match.group(1).lower() if match else ""
        if not line.strip(" \t"):
            blank.append(number)
        elif match is None or label not in _EXACT or label in found:
            check.problem("declaration-line", name, "has a line other than the two it must have (BagIt-Version, "
                          "Tag-File-Character-Encoding), once each", "فيه سطر غير السطرين المطلوبين", number)
        else:
            found[label] = (number, match.group(2), line)
    if "bagit-version" in found:
        number, value, _line = found["bagit-version"]
        version = re.fullmatch(r"([0-9]+)\.([0-9]+)", value)
        if not version:
            check.problem("version", name, "BagIt-Version is not MAJOR.MINOR", "رقم الإصدار ليس بالشكل M.N", number)
        elif (int(version.group(1)), int(version.group(2))) not in KNOWN_VERSIONS:
            check.problem("version", name, f"BagIt-Version {value} is not one this validator knows (0.93 to 1.0)",
                          f"الإصدار {value} غير معروف لهذا المدقق", number)
        else:
            check.version = (int(version.group(1)), int(version.group(2)))
    else:
        check.problem("version", name, "has no BagIt-Version", "لا يذكر BagIt-Version")
    if "tag-file-character-encoding" in found:
        number, value, _line = found["tag-file-character-encoding"]
        try:
            b"".decode(value)  # only text encodings: codecs also knows base64, rot13...
            check.encoding = codecs.lookup(value).name
        except LookupError:
            check.problem("encoding", name, f"declares an unknown encoding {value!r}", "يعلن ترميزاً غير معروف",
                          number)
    else:
        check.problem("encoding", name, "has no Tag-File-Character-Encoding", "لا يذكر Tag-File-Character-Encoding")
    _exact_form(check, found, blank)


def _exact_form(check: BagCheck, found: dict[str, tuple[int, str, str]], blank: list[int]) -> None:
    strict = check.version is None or check.version >= V1
    say = check.problem if strict else check.warn
    later = "" if strict else " (accepted before BagIt 1.0)"
    for position, (label, prefix) in enumerate(_EXACT.items(), start=1):
        if label not in found:
            continue
        number, value, line = found[label]
        # ABNF strings are case-insensitive: RFC 8493's own example writes "BagIt-version: 1.0".
        if line[:len(prefix)].lower() == prefix.lower() and line[len(prefix):] == value and number == position:
            continue
        place = "" if number == position else f", as line {position}"
        say("declaration-form", "bagit.txt", f"must read exactly '{prefix}{value}'{place}{later}",
            "السطر ليس بالشكل الدقيق المطلوب", number)
    for number in blank:
        say("declaration-line", "bagit.txt", f"an empty line: bagit.txt has exactly two lines{later}",
            "سطر فارغ: للملف سطران فقط", number)


def parse_info(check: BagCheck, name: str, text: str) -> list[tuple[str, str]]:
    """Metadata elements in order; a line indented by a space or tab continues the value above (RFC 8493 2.2.2).
    From 1.0 a label must not start or end with whitespace and a value follows one space or tab; before 1.0
    any spacing around the colon is accepted."""
    strict = check.version is None or check.version >= V1
    elements: list[tuple[str, str]] = []
    for number, line in enumerate(lines(text), start=1):
        if not line.strip():
            continue
        if line[0] in " \t":
            if not elements:
                check.problem("info-line", name, "a continuation line with no element above it",
                              "سطر تكملة لا يسبقه عنصر", number)
            else:
                label, value = elements[-1]
                elements[-1] = (label, value + "\n" + line.strip(" \t"))  # the padding is not part of the value
            continue
        label, colon, value = line.partition(":")
        if not colon or not label.strip(" \t"):
            check.problem("info-line", name, "not 'Label: value'", "ليس بالشكل 'Label: value'", number)
            continue
        if strict and (label != label.strip(" \t") or (value and value[0] not in " \t")):
            check.problem("info-line", name, "from BagIt 1.0 a label has no space around it and ': ' follows it",
                          "منذ الإصدار 1.0 لا مسافات حول الوسم ويليه ': '", number)
        elements.append((label.strip(" \t"), value[1:] if strict and value[:1] in (" ", "\t") else value.strip(" \t")))
    return elements


@dataclass(frozen=True)
class Entry:
    """A manifest or fetch.txt line: its number, the checksum (lower case) or fetch length, the path as written."""

    line: int
    value: str
    written: str


def parse_manifest(check: BagCheck, name: str, text: str, hex_length: int | None) -> list[Entry]:
    """'checksum filepath' lines: any run of spaces or tabs between, upper- or lower-case hex."""
    entries = []
    for number, line in enumerate(lines(text), start=1):
        if not line.strip():
            continue
        match = _MANIFEST_LINE.fullmatch(line)
        if not match:
            check.problem("manifest-line", name, "not 'checksum filepath'", "ليس بالشكل 'checksum filepath'", number)
        elif hex_length is not None and len(match.group(1)) != hex_length:
            check.problem("manifest-line", name, f"a checksum of {len(match.group(1))} hex digits where "
                          f"{hex_length} are due", "طول البصمة لا يناسب الخوارزمية", number)
        else:
            entries.append(Entry(number, match.group(1).lower(), match.group(2)))
    return entries


def parse_fetch(check: BagCheck, text: str) -> list[Entry]:
    """'url length filepath' lines; the url must be absolute. Nothing is ever fetched."""
    entries = []
    for number, line in enumerate(lines(text), start=1):
        if not line.strip():
            continue
        match = _FETCH_LINE.fullmatch(line)
        if not match or not _URI.fullmatch(match.group(1)):
            check.problem("fetch-line", "fetch.txt", "not 'url length filepath' with an absolute url",
                          "ليس بالشكل 'url length filepath' بعنوان مطلق", number)
            continue
        entries.append(Entry(number, match.group(2), match.group(3)))
    return entries


def unescape(written: str) -> str:
    """RFC 8493 percent-encodes only CR, LF and '%' in file paths: only %0D, %0A and %25 are decoded."""
    return _PERCENT.sub(lambda m: {"0a": "\n", "0d": "\r", "25": "%"}[m.group(1).lower()], written)


def unsafe(path: str) -> tuple[str, str] | None:
    """Why a path from a manifest or fetch.txt could reach outside the bag or is no plain relative path, in
    English and Arabic; None for a safe one."""
    if path.startswith("/"):
        return "an absolute path", "مسار مطلق"
    if path.startswith("~"):
        return "a home-directory path", "مسار مجلد المستخدم"
    if re.match(r"[A-Za-z]:|\\\\|//", path):
        return "a drive or network path", "مسار قرص أو شبكة"
    parts = path.split("/")
    if ".." in parts:
        return "a path climbing out with '..'", "مسار يخرج بـ '..'"
    if "\x00" in path or "." in parts or "" in parts:
        return "not a plain relative path (an empty or '.' part, or a NUL)", "ليس مساراً نسبياً بسيطاً"
    return None
