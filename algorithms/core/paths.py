"""File paths the same way on Windows, macOS and Linux: a comparable form of a path (drive
letters, backslashes and letter case on Windows, symbolic links) and the ``file:`` URI that
SQLite opens (spaces, ``#``, ``?``, ``%`` and Chinese characters percent-encoded).

Each function takes the path module as ``pathmod`` (``os.path`` by default), so the logic can
be tested with Windows paths (``ntpath``) on any system.
"""

import os
import urllib.parse
from typing import Any


def path_key(path: str, pathmod: Any = os.path) -> str:
    """A comparable form of a file path ("" for none): absolute, symbolic links resolved, and
    on Windows one letter case and one separator (``C:/Data/A.gpkg`` and ``c:\\data\\a.GPKG``
    are the same file there)."""
    if not path:
        return ""
    return pathmod.normcase(pathmod.realpath(pathmod.abspath(str(path))))


def same_file(a: str, b: str, pathmod: Any = os.path) -> bool:
    """True when the paths ``a`` and ``b`` (both given) name the same file."""
    return bool(a) and bool(b) and path_key(a, pathmod) == path_key(b, pathmod)


def sqlite_uri(path: str, pathmod: Any = os.path, **query: str) -> str:
    """The ``file:`` URI of ``path`` for ``sqlite3.connect(uri, uri=True)``, with ``query``
    parameters (``mode="ro"``…).

    Characters that mean something in a URI (``?``, ``#``, ``%``, spaces) and non-ASCII ones
    are percent-encoded (UTF-8); a drive letter becomes ``file:///C:/…`` and a network share
    ``\\\\server\\share\\…`` becomes ``file:////server/share/…`` (SQLite accepts no URI
    authority but ``localhost``)."""
    absolute = pathmod.abspath(str(path))
    if pathmod.sep != "/":
        absolute = absolute.replace(pathmod.sep, "/")
    if not absolute.startswith("/"):  # C:/data/a.gpkg
        absolute = "/" + absolute
    uri = "file://" + urllib.parse.quote(absolute, safe="/:")
    if query:
        uri += "?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)
    return uri
