"""The zh_CN translation covers every user-visible string, with the same placeholders."""

import os
import re
import shutil
import sys

import pytest
from conftest import MAIN_TS, ROOT, ts_messages

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def test_every_string_is_translated_with_its_placeholders():
    count = 0
    for context, source, translation in ts_messages(MAIN_TS):
        count += 1
        assert translation is not None and translation.get("type") is None, (context, source)
        text = translation.text or ""
        assert text.strip(), (context, source)
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), (
            context,
            source,
            text,
        )
    assert count > 50


def test_ts_is_up_to_date_with_the_sources(tmp_path):
    """Re-extract the strings: none may be missing from the committed .ts file."""
    assert shutil.which("pylupdate5"), "pylupdate5 (pyqt5-dev-tools) is installed by make setup"
    fresh = tmp_path / "fresh.ts"
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import update_ts

    assert update_ts.extract(str(fresh), "-noobsolete") == 0
    committed = {(c, s) for c, s, _t in ts_messages(MAIN_TS)}
    extracted = {(c, s) for c, s, _t in ts_messages(str(fresh))}
    missing = extracted - committed
    assert not missing, "run 'make update-ts' and translate: {}".format(sorted(missing)[:5])


def test_a_string_that_moves_to_another_class_keeps_its_translation():
    """make update-ts: pylupdate5 files a string under the class it is written in; after a
    refactor moves it, the new context gets the translation the same English text had."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import update_ts

    old = (
        "<context><name>Old</name><message><source>Run &amp; stop</source>"
        "<translation>运行并停止</translation></message></context>"
    )
    new = (
        "<context><name>New</name><message><source>Run &amp; stop</source>"
        '<translation type="unfinished"></translation></message>'
        "<message><source>Brand new</source>"
        '<translation type="unfinished"></translation></message></context>'
    )
    carried = update_ts.carry_translations(old, new)
    assert "<source>Run &amp; stop</source><translation>运行并停止</translation>" in carried
    assert '<source>Brand new</source><translation type="unfinished">' in carried


@pytest.mark.parametrize(
    "user_locale", ["zh-Hans", "zh-Hant", "zh_CN", "zh-CN", "zh_SG", "zh_TW", "zh_HK", "zh"]
)
def test_chinese_whenever_qgis_is_chinese(qgis_app, user_locale):
    """QGIS's Options dialog stores Chinese as zh-Hans / zh-Hant: the plugin is Chinese then
    too (and with every other spelling of Chinese), English otherwise."""
    from qgis.core import QgsSettings
    from qgis.PyQt.QtCore import QCoreApplication

    from service_grid.plugin import i18n

    settings = QgsSettings()
    saved = (settings.value("locale/overrideFlag"), settings.value("locale/userLocale"))
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", user_locale)
    try:
        assert i18n.install_translator() is not None
        assert QCoreApplication.translate("ServiceGridPlugin", "Service Grid") == "服务网格"
        settings.setValue("locale/userLocale", "en_US")
        assert i18n.install_translator() is None
        assert QCoreApplication.translate("ServiceGridPlugin", "Service Grid") == "Service Grid"
    finally:
        i18n.remove_translator()
        for key, value in zip(("locale/overrideFlag", "locale/userLocale"), saved):
            if value is None:
                settings.remove(key)
            else:
                settings.setValue(key, value)
