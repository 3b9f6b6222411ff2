"""Translation hook for the compute core.

The core cannot import Qt, so it marks user-visible templates with :func:`translate` and the
QGIS layer installs the real translator (``QCoreApplication.translate``) at start-up. Templates
are translated first and formatted afterwards: ``translate("core", "{n} units").format(n=3)``.
``pylupdate5`` extracts ``translate("context", "text")`` calls, so these strings are in the
``.ts`` file like any other.
"""

from typing import Callable, Optional

_translator: Optional[Callable[[str, str], str]] = None


def set_translator(func: Optional[Callable[[str, str], str]]) -> None:
    """Install (or remove, with ``None``) the function used to translate core strings."""
    global _translator
    _translator = func


def translate(context: str, text: str) -> str:
    """Translate ``text`` in ``context`` if a translator is installed, else return it as is."""
    if _translator is None:
        return text
    return _translator(context, text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name pylupdate5 reads)
    """Mark ``text`` for translation without translating it now (``pylupdate5`` extracts it):
    for texts kept in English and translated when shown, such as the editor's undo labels."""
    return text
