"""Loading the plugin's translations (``resources/i18n/service_grid_<locale>.qm``)."""

import os
from typing import Optional

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

from ..algorithms.core import i18n as core_i18n

I18N_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "i18n")

_translator: Optional[QTranslator] = None


def qgis_locale() -> str:
    """The locale QGIS shows its interface in, e.g. ``zh_CN`` or ``en_US``."""
    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        locale = settings.value("locale/userLocale", "", type=str)
    else:
        locale = QLocale.system().name()
    return locale or "en_US"


def plugin_locale(locale: str) -> str:
    """The translation our plugin ships for QGIS's ``locale``.

    QGIS's own Options dialog stores Chinese as ``zh-Hans`` / ``zh-Hant``; systems give
    ``zh_CN``, ``zh-CN``, ``zh_SG``, ``zh_TW``, ``zh_HK`` or plain ``zh``. Every form of Chinese
    gets our Chinese (``zh_CN``: a reader of traditional characters is better served by it
    than by English); anything else is returned as ``language_TERRITORY``.
    """
    name = (locale or "").strip().replace("-", "_")
    if name.lower() == "zh" or name.lower().startswith("zh_"):
        return "zh_CN"
    return name


def translation_file(locale: str) -> Optional[str]:
    """The compiled translation for ``locale`` (``zh_CN`` falls back from ``zh``), if any."""
    locale = plugin_locale(locale)
    for name in (locale, locale.split("_")[0]):
        path = os.path.join(I18N_DIR, "service_grid_{}.qm".format(name))
        if name and os.path.exists(path):
            return path
    return None


def install_translator(locale: Optional[str] = None) -> Optional[str]:
    """Install the translator for QGIS's locale (or ``locale``); return the file loaded."""
    global _translator
    remove_translator()
    core_i18n.set_translator(lambda context, text: QCoreApplication.translate(context, text))
    path = translation_file(locale or qgis_locale())
    if path is None:
        return None
    translator = QTranslator()
    if not translator.load(path):
        return None
    QCoreApplication.installTranslator(translator)
    _translator = translator
    return path


def remove_translator() -> None:
    """Remove the translator installed by :func:`install_translator`."""
    global _translator
    if _translator is not None:
        QCoreApplication.removeTranslator(_translator)
        _translator = None
    core_i18n.set_translator(None)
