"""Turn uploaded bytes into text: BOMs, UTF-8, declared charsets, then detection."""

import codecs
import re

import charset_normalizer

from claims.uploads.errors import UploadError
from claims.uploads.sniff import binary_kind, magic_kind

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE_SIZE = 8192
# UTF-7 can smuggle markup past filters, and browsers refuse it for that reason.
_REFUSED_CODECS = {"utf_7"}
# A page that *declares* UTF-16 but got this far has no BOM and no NUL pattern,
# so the label is wrong; browsers ignore it too.
_IGNORED_DECLARATIONS = {
    "utf_16",
    "utf_16_le",
    "utf_16_be",
    "utf_32",
    "utf_32_le",
    "utf_32_be",
}
# Browsers read these labels as windows-1252 (WHATWG Encoding), and so do we.
_WINDOWS_1252_ALIASES = {"latin_1", "iso8859_1", "ascii"}
_CONTENT_TYPE_CHARSET = re.compile(r";\s*charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_NOT_RECOGNISED = (
    "The text is not in a recognised encoding; save it as UTF-8 and upload it again."
)


def decode_text(data: bytes, *, content_type: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; only a BOM is dropped.

    >>> decode_text("caf\\u00e9".encode("cp1252"))
    ('café', 'cp1252')
    """
    kind = magic_kind(data)
    if kind is not None:
        raise binary_error(kind)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding), encoding
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    kind = binary_kind(data)
    if kind is not None:
        raise binary_error(kind)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in _declared_encodings(data, content_type):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return _detected(data)


def binary_error(kind: str) -> UploadError:
    """The rejection for a binary file, naming what it seems to be."""
    return UploadError(
        f"This looks like a binary file ({kind}), not text; upload plain text or HTML."
    )


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UploadError(_NOT_RECOGNISED) from error


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Spot BOM-less UTF-16 by its NUL bytes, which are otherwise a binary sign."""
    sample = data[:_SAMPLE_SIZE]
    if len(sample) < 4 or len(data) % 2:
        return None
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.3 * half and even_nuls < 0.02 * half:
        encoding = "utf-16-le"
    elif even_nuls > 0.3 * half and odd_nuls < 0.02 * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return None


def _declared_encodings(data: bytes, content_type: str | None) -> list[str]:
    """Charsets named by the HTTP header or an HTML <meta>, as Python codecs."""
    labels = []
    if content_type and (match := _CONTENT_TYPE_CHARSET.search(content_type)):
        labels.append(match.group(1))
    if match := _META_CHARSET.search(data[:4096]):
        labels.append(match.group(1).decode("ascii"))
    encodings = []
    for label in labels:
        try:
            name = codecs.lookup(label).name.replace("-", "_")
        except LookupError:
            continue
        if name in _REFUSED_CODECS or name in _IGNORED_DECLARATIONS:
            continue
        if name in _WINDOWS_1252_ALIASES:
            encodings.extend(["cp1252", "latin-1"])
        else:
            encodings.append(name)
    return encodings


# The legacy encodings browsers support (WHATWG Encoding Standard), as Python
# codecs: detection outside this list mostly turns binary noise into "text".
# UTF-16 is left out because it was already handled by BOM and NUL pattern.
WEB_ENCODINGS = (
    *(f"cp{page}" for page in range(1250, 1259)),
    "cp874",
    "cp866",
    *(f"iso8859_{part}" for part in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
    "koi8_r",
    "koi8_u",
    "mac_roman",
    "mac_cyrillic",
    "gbk",
    "gb18030",
    "big5",
    "euc_jp",
    "iso2022_jp",
    "shift_jis",
    "cp949",
    "euc_kr",
    "latin_1",
)


def _detected(data: bytes) -> tuple[str, str]:
    matches = charset_normalizer.from_bytes(data, cp_isolation=list(WEB_ENCODINGS))
    best = matches.best()
    if best is None:
        raise UploadError(_NOT_RECOGNISED)
    # Short texts fit several Windows code pages equally well; on a tie prefer
    # windows-1252 (Western Europe), the commonest in newsroom copy.
    for match in matches:
        tied = (match.chaos, match.coherence) == (best.chaos, best.coherence)
        if match.encoding == "cp1252" and tied:
            best = match
    text = str(best)
    if best.encoding != "cp1252" and _decodes_to(data, "cp1252", text):
        return text, "cp1252"
    return text, best.encoding


def _decodes_to(data: bytes, encoding: str, text: str) -> bool:
    try:
        return data.decode(encoding) == text
    except UnicodeDecodeError:
        return False


# C0 controls except tab, newline and carriage return, plus the C1 block.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x80-\x9f]")


def remove_control_chars(text: str) -> tuple[str, int]:
    """Drop control characters; return the cleaned text and how many went.

    PostgreSQL refuses NUL in text columns and the others are invisible noise.
    Removing them shifts every later character, so this must run once, right
    after decoding and before any claim offset is computed against the text.

    >>> remove_control_chars("a\\x00b\\tc")
    ('ab\\tc', 1)
    """
    cleaned, count = _CONTROL_CHARS.subn("", text)
    return cleaned, count
