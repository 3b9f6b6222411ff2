"""The plugin version, read from ``metadata.txt`` (the one place it is written)."""

import configparser
import functools
import os


@functools.lru_cache(maxsize=1)
def plugin_version() -> str:
    """The ``version`` of ``metadata.txt``."""
    parser = configparser.ConfigParser()
    parser.read(os.path.join(os.path.dirname(__file__), "metadata.txt"), encoding="utf-8")
    return parser.get("general", "version", fallback="0")
