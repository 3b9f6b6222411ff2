"""What users read instead of codes and ids: catalogue labels and parameter names.

Codes (``urban_core``, ``agent``…) stay in the data; whatever shows one to a person shows its
label in the reader's language instead. The catalogues (:mod:`.schema`, :mod:`.classify`) are
``(code, Chinese, English)`` triples, so a label needs only the language: :func:`label` takes
it explicitly (a project's or workbook's language), :func:`ui_label` uses the language of the
installed translation (:func:`ui_language`, for logs and messages).

Parameters are named by their labels, one rule everywhere (:func:`parameter_name`): in English
the label and the id for scripts, ``'Population one person can serve' (STAFF_CAPACITY)``; in
Chinese the label alone, ``“单人服务人口容量”``. Messages built in the core cannot see the Qt
parameter definitions, so :func:`core_parameter` keeps the labels of the parameters the core
names (the same English texts as the algorithms' labels).
"""

from typing import Optional, Sequence, Tuple, overload

from .i18n import translate

Catalogue = Sequence[Tuple[str, str, str]]


def ui_language() -> str:
    """``zh`` when the installed translation is Chinese, else ``en``."""
    # Translators: the language code of this translation ("zh" for Chinese), not a text.
    return "zh" if translate("core", "en") == "zh" else "en"


@overload
def label(catalogue: Catalogue, code: str, language: str = "zh") -> str: ...


@overload
def label(catalogue: Catalogue, code: Optional[str], language: str = "zh") -> Optional[str]: ...


def label(catalogue: Catalogue, code: Optional[str], language: str = "zh") -> Optional[str]:
    """The Chinese (``zh``) or English label of ``code`` in a catalogue (codes as given)."""
    for entry_code, zh, en in catalogue:
        if entry_code == code:
            return zh if language == "zh" else en
    return code


def ui_label(catalogue: Catalogue, code: Optional[str]) -> Optional[str]:
    """The label of ``code`` in the language of the interface (see :func:`ui_language`)."""
    return label(catalogue, code, ui_language())


def ui_labels(catalogue: Catalogue, codes: Sequence[str]) -> str:
    """Labels of ``codes`` joined for a sentence (``、`` in Chinese, ``, `` in English)."""
    sep = "、" if ui_language() == "zh" else ", "
    return sep.join(str(ui_label(catalogue, code)) for code in codes)


def parameter_name(description: str, key: str) -> str:
    """How a message names a parameter: ``'label' (KEY)`` in English, ``“label”`` in Chinese."""
    if ui_language() == "zh":
        return "“{}”".format(description)
    return "'{}' ({})".format(description, key)


def core_parameter(key: str) -> str:
    """:func:`parameter_name` of a parameter the core's messages name."""
    descriptions = {
        "TOTAL_STAFF": translate("core", "Total staff to apportion (0 = as many as recommended)"),
        "MIN_STAFF_PER_GRID": translate("core", "Minimum staff per grid"),
        "STAFF_CAPACITY": translate("core", "Population one person can serve"),
        "STAFF_ID": translate("core", "Staff id (工号)"),
        "BASEMAP_MAX_ZOOM": translate("core", "Basemap: highest zoom level (0 = no basemap)"),
        "BASEMAP_MAX_MB": translate("core", "Basemap: largest size (MB)"),
    }
    return parameter_name(descriptions.get(key, key), key)
