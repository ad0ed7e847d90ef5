"""Recognise binary files by magic number or byte statistics before decoding."""

import re

# Prefixes long or odd enough that no plain-text article starts with them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Microsoft Office document"),
    (b"{\\rtf", "RTF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "Zstandard archive"),
    (b"\x7fELF", "program (ELF executable)"),
    (b"\xca\xfe\xba\xbe", "program (Java class or Mach-O)"),
    (b"\xcf\xfa\xed\xfe", "program (Mach-O executable)"),
    (b"\xce\xfa\xed\xfe", "program (Mach-O executable)"),
    (b"\x00asm", "WebAssembly program"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg audio or video"),
    (b"fLaC", "FLAC audio"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)

# Short magic numbers ("MZ", "ID3", "RIFF") can begin real text, so each needs
# a second byte pattern that text would not have.
_QUALIFIED_MAGIC: tuple[tuple[re.Pattern[bytes], str], ...] = (
    (re.compile(rb"MZ.{0,62}\x00", re.DOTALL), "program (Windows executable)"),
    (re.compile(rb"ID3[\x02-\x04]\x00"), "MP3 audio"),
    (re.compile(rb"RIFF.{4}WEBP", re.DOTALL), "WebP image"),
    (re.compile(rb"RIFF.{4}WAVE", re.DOTALL), "WAV audio"),
    (re.compile(rb"RIFF.{4}AVI ", re.DOTALL), "AVI video"),
    (re.compile(rb".{4}ftyp", re.DOTALL), "MP4 video or HEIC image"),
    (re.compile(rb"BM.{4}\x00\x00\x00\x00", re.DOTALL), "BMP image"),
)

# Bytes that never appear in text in an 8-bit or UTF-8 encoding (all C0 controls
# except tab, newline, form feed, carriage return and escape).
_CONTROL_BYTES = bytes(set(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B})
_SAMPLE_SIZE = 8192


def magic_kind(data: bytes) -> str | None:
    """Name the binary format whose magic number starts ``data``, if any.

    >>> magic_kind(b"\\x89PNG\\r\\n\\x1a\\n....")
    'PNG image'
    """
    for prefix, label in _MAGIC:
        if data.startswith(prefix):
            return label
    for pattern, label in _QUALIFIED_MAGIC:
        if pattern.match(data, 0, 64):
            return label
    return None


def binary_kind(data: bytes) -> str | None:
    """Like ``magic_kind``, but also call data full of control bytes binary.

    Only meaningful once UTF-16 and UTF-32, whose NUL bytes are normal, are
    ruled out.
    """
    kind = magic_kind(data)
    if kind is not None:
        return kind
    sample = data[:_SAMPLE_SIZE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return "binary data" if too_many_controls(controls, len(sample)) else None


def too_many_controls(controls: int, length: int) -> bool:
    """Whether ``controls`` control characters in ``length`` mean binary data.

    A few stray NULs (an editor's leftovers) are cleaned up after decoding;
    one character in twenty is more than any real text has.
    """
    return controls > max(8, length / 20)


_HTML_START = re.compile(
    r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL
)


def looks_like_html(text: str) -> bool:
    """Whether decoded text starts like an HTML document (doctype or <html>)."""
    return _HTML_START.match(text[:4096]) is not None
