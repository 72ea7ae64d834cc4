"""Safe handling of zip archives: CSV zips and .xlsx workbooks (which are zips too).

An archive is checked before anything is unpacked or parsed: a limited number of
entries, a limited total size once unpacked, a limited compression ratio (a "zip bomb"
packs gigabytes into kilobytes), and no entry that would land outside the target
folder. Workbooks are then parsed by openpyxl with defusedxml, which refuses XML entity
tricks ("billion laughs"); formulas are never evaluated.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath

from lea_graph import model
from lea_graph.errors import ReadError

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ENTRIES",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_UNPACKED",
    "check_archive",
    "extract_csv_zip",
]

MAX_ENTRIES = 500
MAX_UNPACKED = 200 * 1024 * 1024  # bytes, all entries together
MAX_RATIO = 200  # unpacked size ÷ packed size, per entry
MAX_ROWS = 1_000_000  # rows per table (a national network has about 410,000 activities)
MAX_COLUMNS = 200  # columns per table
#: Filled cells per input file (a workbook, or all CSV files of a zip or folder): a
#: national network has about 4.7 million.
MAX_CELLS = 8_000_000

#: What :mod:`zipfile` raises for a damaged archive: a header that lies about a size, a
#: wrong checksum, a cut-off file, a compression method it does not know, encryption.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    OSError,
)


def _damaged(name: str, exc: BaseException) -> ReadError:
    return ReadError(
        f"'{name}' is beschadigd en kan niet worden uitgepakt ({type(exc).__name__}). Maak "
        "het zip-bestand opnieuw en upload het nog een keer."
    )


def check_archive(path: Path, name: str | None = None) -> list[zipfile.ZipInfo]:
    """Check a zip file (or workbook) before use; return its entries (``name``: the
    file's name in messages, by default its own).

    Raises
    ------
    ReadError
        If it is not a zip file or breaks one of the limits (Dutch message).
    """
    name = name or path.name
    if not zipfile.is_zipfile(path):
        raise ReadError(f"'{name}' is geen geldig zip-bestand of Excel-werkmap (.xlsx).")
    try:
        with zipfile.ZipFile(path) as zf:
            entries = zf.infolist()
    except ZIP_ERRORS as exc:
        raise _damaged(name, exc) from exc
    if len(entries) > MAX_ENTRIES:
        raise ReadError(
            f"'{name}' bevat te veel bestanden ({len(entries)}; hooguit {MAX_ENTRIES})."
        )
    total = 0
    for info in entries:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise ReadError(
                f"'{name}' is verdacht sterk ingepakt ({info.filename}: {ratio:.0f} keer); "
                "zo'n bestand wordt niet geopend."
            )
        parts = PurePosixPath(info.filename).parts
        if info.filename.startswith("/") or ".." in parts or "\\" in info.filename:
            raise ReadError(f"'{name}' bevat een ongeldig pad: {info.filename}.")
    if total > MAX_UNPACKED:
        raise ReadError(
            f"'{name}' is uitgepakt te groot ({total // (1024 * 1024)} MB; hooguit "
            f"{MAX_UNPACKED // (1024 * 1024)} MB)."
        )
    return entries


def extract_csv_zip(path: Path, dest: Path, name: str | None = None) -> Path:
    """Unpack the CSV files of a checked zip into ``dest``; return the folder to read
    (``name``: the zip's name in messages, by default its own).

    The CSV files may sit at the top of the zip or in one folder inside it; a
    ``wijken.geojson`` in that folder is unpacked with them; other files (and macOS'
    ``__MACOSX`` folder) are ignored.
    """
    name = name or path.name
    entries = check_archive(path, name)
    csvs = [
        e
        for e in entries
        if not e.is_dir()
        and e.filename.lower().endswith(".csv")
        and not e.filename.startswith("__MACOSX/")
    ]
    if not csvs:
        raise ReadError(f"'{name}' bevat geen CSV-bestanden.")
    folders = {PurePosixPath(e.filename).parent for e in csvs}
    if len(folders) > 1:
        raise ReadError(
            f"'{name}' heeft CSV-bestanden in meer dan één map; zet ze samen in één map."
        )
    folder = folders.pop()
    geo = [
        e
        for e in entries
        if not e.is_dir()
        and PurePosixPath(e.filename).parent == folder
        and PurePosixPath(e.filename).name.lower() == model.GEOMETRY_FILE
    ]
    dest.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(path) as zf:
            for info in csvs + geo[:1]:
                target = dest / PurePosixPath(info.filename).name
                with zf.open(info) as src, target.open("wb") as out:
                    remaining = MAX_UNPACKED
                    while chunk := src.read(1024 * 1024):
                        remaining -= len(chunk)
                        if remaining < 0:  # the header lied about the size
                            raise ReadError(f"'{name}' is uitgepakt te groot.")
                        out.write(chunk)
    except ZIP_ERRORS as exc:
        raise _damaged(name, exc) from exc
    return dest
