"""Find and read the data files: the data folder, its GeoJSON files, each read safely and checked alone.

:func:`data_dir` is the folder every command and the app read (``$KCM_DATA`` or ``data/``);
:func:`read_data_file` reads a regular file and nothing else (no FIFO, device or endless file), up to
the size limit; :func:`read_features` checks each file on its own against the schema and the rules
(the checks across files are :func:`geo.validate.cross_check`, run by :mod:`geo.load`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

from geo import validate
from geo.errors import Problem
from geo.validate import check_claims, check_places, file_too_large, read_collection

#: The project's own data folder.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


#: Environment variable naming another data folder (with places/ and claims/), e.g. a synthetic record.
#: The app, ``python -m geo`` and ``python -m layers`` all read it through :func:`data_dir`.
DATA_ENV = "KCM_DATA"


def data_dir() -> Path:
    """The data folder every command and the app read: ``$KCM_DATA`` if set (relative to the working
    folder), else the project's ``data/``."""
    value = os.environ.get(DATA_ENV, "").strip()
    return Path(value).expanduser() if value else DATA_DIR


def default_paths(folder: Path | None = None) -> list[Path]:
    """Every ``places/*.geojson`` and ``claims/*.geojson`` of a data folder (default :func:`data_dir`)."""
    folder = data_dir() if folder is None else Path(folder)
    return sorted((folder / "places").glob("*.geojson")) + sorted((folder / "claims").glob("*.geojson"))


def expand(paths: list[Path]) -> list[Path]:
    """Files given, and the ``*.geojson`` files inside folders given (a folder named ``*.geojson`` in a
    folder is looked into, not read)."""
    out: dict[str, Path] = {}  # a file given twice (itself and in its folder) is read once
    for path in paths:
        found = sorted(p for p in path.rglob("*.geojson") if not p.is_dir()) if path.is_dir() else [path]
        for file in found:
            out.setdefault(os.path.abspath(file), file)
    return list(out.values())


def empty_folders(paths: list[Path]) -> list[Problem]:
    """A problem for each folder given that holds no ``*.geojson`` file: nothing in it would be checked."""
    return [
        Problem(
            display_name(path),
            None,
            None,
            None,
            "is a folder with no .geojson file in it; expected GeoJSON files, or a folder holding them",
            "give the files themselves, or the data folder",
        )
        for path in paths
        if path.is_dir() and not expand([path])
    ]


def folder_problems(folder: Path) -> list[Problem]:
    """A problem when ``folder`` is no data folder (its ``places/`` or ``claims/`` missing), naming
    ``$KCM_DATA`` when that is where it came from."""
    missing = [sub for sub in ("places", "claims") if not (folder / sub).is_dir()]
    if not missing:
        return []
    setting = os.environ.get(DATA_ENV, "").strip()
    hint = (
        f"{DATA_ENV} is set to {setting!r}; unset it to use {display_name(DATA_DIR)}"
        if setting
        else "run the command from a checkout of the project"
    )
    return [
        Problem(
            display_name(folder),
            None,
            None,
            None,
            f"has no {' or '.join(s + '/' for s in missing)} folder; expected a data folder with places/ and claims/",
            hint,
        )
    ]


def real_path(path: Path) -> Path:
    """``path`` with every symbolic link followed (never raising, even on a loop of links)."""
    return Path(os.path.realpath(path))


def is_claim_file(path: Path, features: list) -> bool:
    """Claim files live in a ``claims`` folder, point at the claims schema, or hold claim features."""
    if path.parent.name == "claims":
        return True
    if path.parent.name == "places":
        return False
    return any(
        isinstance(f, dict) and isinstance(f.get("properties"), dict) and "claimant" in f["properties"]
        for f in features
    )


def display_name(path: Path) -> str:
    """How messages name a file: relative to the working folder when it is inside it (a symbolic link
    by its own name, not its target's)."""
    for absolute in (Path(os.path.abspath(path)), real_path(path)):
        try:
            return str(absolute.relative_to(Path.cwd()))
        except ValueError:
            continue
    return str(path)


_FILE_TYPES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(name: str, path: Path, info: os.stat_result) -> Problem:
    what = next((text for test, text in _FILE_TYPES if test(info.st_mode)), "not a regular file")
    link = f" (a link to {os.path.realpath(path)})" if os.path.islink(path) else ""
    return Problem(
        name,
        None,
        None,
        None,
        f"is {what}{link}, not a regular file; expected a GeoJSON file",
        "only regular files are read",
    )


def read_data_file(path: Path, name: str | None = None) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file, read up to :data:`~geo.validate.MAX_FILE_BYTES` and no further;
    or the problem that stopped it. A folder, a FIFO (which would block), a device (``/dev/zero`` never
    ends) or a socket, also behind a symbolic link, is refused before a byte is read."""
    name = display_name(path) if name is None else name
    limit = validate.MAX_FILE_BYTES
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return None, _not_regular(name, path, info)
        if info.st_size > limit:  # refused before it is read into memory
            return None, file_too_large(name, info.st_size)
        # O_NONBLOCK: should the path become a FIFO between the stat and the open, opening it cannot block.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        return None, Problem(name, None, None, None, f"cannot be read ({exc.strerror}); expected a readable file")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, _not_regular(name, path, info)
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):  # a file that grows, or says it is empty (/proc), is cut off too
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                return None, file_too_large(name, size, at_least=True)
        return b"".join(chunks), None
    except OSError as exc:
        return None, Problem(name, None, None, None, f"cannot be read ({exc.strerror}); expected a readable file")
    finally:
        os.close(fd)


def read_features(
    paths: list[Path], *, unsaved: Mapping[Path, bytes] | None = None
) -> tuple[list[tuple[str, list]], list[tuple[str, list]], list[Problem]]:
    """Read and check each file on its own: (place files, claim files, problems).

    ``unsaved`` gives the content of files that are checked as they would be written (by ``add-claim``)
    instead of as they are on disk.
    """
    unsaved = {real_path(path): data for path, data in (unsaved or {}).items()}
    place_files, claim_files, problems = [], [], []
    for path in expand(paths):
        name = display_name(path)
        data = unsaved.get(real_path(path))
        if data is None:
            data, problem = read_data_file(path, name)
            if problem:
                problems.append(problem)
                continue
        features, found = read_collection(name, data)
        problems += found
        if features is None:
            continue
        if is_claim_file(path, features):
            problems += check_claims(name, features)
            claim_files.append((name, features))
        else:
            problems += check_places(name, features)
            place_files.append((name, features))
    return place_files, claim_files, problems


def data_folder_of(paths: list[Path]) -> Path | None:
    """The data folder that every one of ``paths`` lies in (as ``<folder>/places/…`` or ``<folder>/claims/…``)."""
    folders = set()
    for path in expand(paths):
        parent = real_path(path).parent
        if parent.name not in ("places", "claims"):
            return None
        folders.add(parent.parent)
    folder = folders.pop() if len(folders) == 1 else None
    return folder if folder is not None and (folder / "places").is_dir() else None
