"""Script-based language detection and legacy text decoding.

Both questions are answered by counting letters per script: a document is
Arabic when most of its letters are Arabic, and bytes are windows-1256
(the legacy Arabic Windows code page) when decoding them that way yields
Arabic letters rather than accented Latin ones.
"""

from __future__ import annotations

import codecs
import re

__all__ = [
    "LANGUAGE_SAMPLE_CHARS",
    "declared_charset",
    "decode_text",
    "detect_language",
    "looks_like_cp1256_arabic",
    "looks_like_damaged_utf8",
]

#: How much of a text :func:`detect_language` looks at.
LANGUAGE_SAMPLE_CHARS = 20_000

# Enough to judge an encoding; a whole 50 MB file is not needed for that.
_ENCODING_SAMPLE_BYTES = 1 << 20

# Arabic script letters: the Arabic block's letters plus the supplement,
# extended-A and presentation-form blocks (which PDFs and old pages use).
_ARABIC_SCRIPT = re.compile(
    "[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u0750-\u077f"
    "\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc]"
)
# Letters of Persian, Urdu, Kurdish and Pashto written in Arabic script that
# Arabic itself does not use (Farsi yeh and keheh above all); a text full of
# them is in Arabic script but not in the Arabic language.
_NON_ARABIC_LANGUAGE = re.compile(
    "[\u067e\u0686\u0698\u06af\u06a9\u06cc\u06d5\u06c6\u06ce\u0695\u06b5\u06be\u06c1\u06d2"
    "\u0679\u0688\u0691]"
)
_ACCENTED_LATIN = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_LATIN = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_LATIN_WORD = re.compile("[A-Za-z]+")
# Frequent English function words; together they are a quarter or more of
# the words of any English prose and rare as whole words in other languages
# written in Latin script.
_ENGLISH_WORDS = frozenset(
    "the and of in to a is was that for on with by said as at from were it are has have this be "
    "not he she they which".split()
)
# English prose scores 35-50% on that list; German or French with "in",
# "a" or the acronym "IS" score under 15%.
_ENGLISH_SHARE = 0.2
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,1024}?charset[ \t\n\r\f]*=[ \t\n\r\f]*["']?[ \t\n\r\f]*([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
# Browsers look for the declaration this far into the page.
_CHARSET_PRESCAN_BYTES = 4096
# Labels the WHATWG encoding standard reads differently from Python.
_CHARSET_ALIASES = dict.fromkeys(("iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii"), "cp1252")
# Binary data has these within a few bytes; text almost never does.
_C0_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_DAMAGE_RATIO = 10
# Python codecs that decode bytes to text but are no charset a document can be in.
_NOT_CHARSETS = frozenset({"unicode-escape", "raw-unicode-escape", "undefined", "idna", "punycode"})


def detect_language(text: str) -> str:
    """Guess the language of ``text`` from its first 20,000 characters.

    The rule: count letters by script. When Arabic-script letters outnumber
    Latin ones (and all others), the text is ``"ar"``, unless more than 5% of
    them are letters only Persian, Urdu or Kurdish use (``"other"``). When
    Latin letters dominate, the text is ``"en"`` if at least 20% of its Latin
    words are common English function words ("the", "and", "of", "in",
    "to", "said", ...), else ``"other"``. No letters at all is ``"other"``.

    Args:
        text: Any text; only the first :data:`LANGUAGE_SAMPLE_CHARS` count.

    Returns:
        ``"ar"``, ``"en"`` or ``"other"``.
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    arabic = len(_ARABIC_SCRIPT.findall(sample))
    latin = len(_LATIN.findall(sample))
    other = sum(1 for ch in sample if ch.isalpha()) - arabic - latin
    if arabic > latin and arabic > other:
        non_arabic = len(_NON_ARABIC_LANGUAGE.findall(sample))
        return "other" if non_arabic > 0.05 * arabic else "ar"
    if latin > arabic and latin > other:
        words = [w.lower() for w in _LATIN_WORD.findall(sample)]
        hits = sum(1 for w in words if w in _ENGLISH_WORDS)
        return "en" if words and hits >= _ENGLISH_SHARE * len(words) else "other"
    return "other"


def looks_like_cp1256_arabic(data: bytes) -> bool:
    """True if ``data`` read as windows-1256 is Arabic text rather than junk or Latin-1.

    Every byte decodes in windows-1256, so decoding proves nothing; what
    counts is the result: no control characters (binary junk has them),
    some Arabic letters, and more Arabic than accented Latin letters (which
    is what French or German Latin-1 text would give).
    """
    sample = data[:_ENCODING_SAMPLE_BYTES].decode("cp1256", errors="replace")
    if _C0_CONTROLS.search(sample):
        return False
    arabic = len(_ARABIC_SCRIPT.findall(sample))
    return arabic > 0 and arabic > len(_ACCENTED_LATIN.findall(sample))


def looks_like_damaged_utf8(data: bytes) -> bool:
    """True for UTF-8 text with a few invalid bytes (at most one character in ten), no control characters."""
    text = data[:_ENCODING_SAMPLE_BYTES].decode("utf-8", errors="replace")
    return not _C0_CONTROLS.search(text) and text.count("\ufffd") * _DAMAGE_RATIO <= len(text)


def decode_text(data: bytes, declared: str | None = None, *, label: str = "text") -> tuple[str, list[str]]:
    """Decode document bytes, trying the likely encodings of English and Arabic reports.

    Order: a byte-order mark (UTF-8, UTF-32, UTF-16); the ``declared``
    charset if Python knows it and the bytes are valid in it; strict UTF-8;
    windows-1256 when :func:`looks_like_cp1256_arabic`; otherwise UTF-8
    with U+FFFD for the invalid bytes. Text that is mostly valid UTF-8 with a few bad bytes
    stays UTF-8 rather than being misread as windows-1256.

    Args:
        data: The raw bytes.
        declared: A charset named by the caller or the document (HTML meta).
        label: Prefix of the warnings, e.g. ``"text"`` or ``"html"``.

    Returns:
        The text and the warnings, e.g. ``"text: invalid UTF-8 replaced"``.
    """
    warnings: list[str] = []
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _decode_lenient(data, codec, label, warnings), warnings
    if declared:
        try:
            codec = codecs.lookup(declared).name
            if codec in _NOT_CHARSETS:
                raise LookupError(codec)
            return data.decode(codec), warnings
        except LookupError:
            warnings.append(f"{label}: unknown charset {declared[:40]!r} ignored")
        except ValueError:
            # Servers and pages often declare the wrong charset (UTF-8 on a
            # windows-1256 page), or a Python codec that is no charset at all
            # ("undefined" raises UnicodeError); the bytes decide instead.
            warnings.append(f"{label}: not valid {codec} as declared; encoding detected instead")
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError:
        pass
    if not _mostly_utf8(data[:_ENCODING_SAMPLE_BYTES]) and looks_like_cp1256_arabic(data):
        return data.decode("cp1256", errors="replace"), warnings
    warnings.append(f"{label}: invalid UTF-8 replaced")
    return data.decode("utf-8", errors="replace"), warnings


def declared_charset(page: bytes) -> str | None:
    """The charset an HTML page declares in ``<meta charset>`` or ``http-equiv``, as WHATWG reads it."""
    match = _META_CHARSET.search(page[:_CHARSET_PRESCAN_BYTES])
    if match is None:
        return None
    label = match[1].decode("ascii").lower()
    if label.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a page cannot declare these in ASCII; the standard reads it as UTF-8
    return _CHARSET_ALIASES.get(label, label)


def _decode_lenient(data: bytes, codec: str, label: str, warnings: list[str]) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        warnings.append(f"{label}: invalid {codec} replaced")
        return data.decode(codec, errors="replace")


def _mostly_utf8(sample: bytes) -> bool:
    """True if the sample has at least as many valid non-ASCII UTF-8 characters as bad bytes.

    windows-1256 Arabic is almost never valid UTF-8 (its letters are lead
    bytes followed by more lead bytes), so real UTF-8 with some damage
    scores high here and legacy Arabic scores near zero.
    """
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    ascii_chars = len(text.encode("ascii", errors="ignore"))
    return len(text) - ascii_chars - bad >= bad
