"""Is a QGIS project ready for QField? A check of the project file itself (the ``.qgs`` XML,
read here without QGIS) against what QField supports, as its documentation and source say
(docs.qfield.org, *Attribute form*; ``ExternalResource.qml``):

- every layer's data source is relative to the project's folder (``./name.gpkg|layername=…``,
  ``GPKG:./name.gpkg:table``), and the project stores relative paths, so the folder can be
  copied to a phone as it is;
- every attribute-form widget is one QField draws (:data:`QFIELD_WIDGETS`);
- a photo field (an *Attachment*, ``ExternalResource``) stores its path relative to the
  project's folder (``RelativeStorage`` 1), opens as an image (``DocumentViewer`` 1, so QField
  shows its camera button) and names new photos ``DCIM/…`` (the layer's
  ``QFieldSync/attachment_naming``), where the field sync looks for them.
"""

import json
import re
import xml.etree.ElementTree as ET
from typing import Dict, List, Tuple

#: Editor widgets QField supports (QGIS widget ids; "" is QGIS's default, a text edit).
QFIELD_WIDGETS = frozenset(
    {
        "",
        "TextEdit",
        "CheckBox",
        "ValueMap",
        "Hidden",
        "ExternalResource",
        "DateTime",
        "Range",
        "RelationReference",
        "ValueRelation",
        "UuidGenerator",
        "Color",
    }
)

#: The attachment naming QField reads from a layer (and the key QField before 2.7 read).
ATTACHMENT_NAMING = "QFieldSync/attachment_naming"
PHOTO_NAMING = "QFieldSync/photo_naming"

#: A data source relative to the project's folder: ``./file.gpkg…`` or ``GPKG:./file.gpkg:…``.
_RELATIVE = re.compile(r"^(?:GPKG:)?\.[/\\][^/\\:|]+\.gpkg(?:[|:].*)?$", re.IGNORECASE)


def _options(element) -> Dict[str, str]:
    """The ``<Option name= value=>`` children of an ``<Option type="Map">`` (QGIS ≥ 3.x), or
    the old ``<property key= value=>`` form of custom properties."""
    values: Dict[str, str] = {}
    if element is None:
        return values
    for option in element.iter("Option"):
        if option.get("name") is not None and option.get("value") is not None:
            values[option.get("name")] = option.get("value")
    for prop in element.iter("property"):
        if prop.get("key") is not None:
            values[prop.get("key")] = prop.get("value", prop.text or "")
    return values


def layer_sources(qgs_xml: str) -> List[Tuple[str, str]]:
    """``(layer name, data source)`` of every layer of the project."""
    root = ET.fromstring(qgs_xml)
    return [
        (layer.findtext("layername", ""), layer.findtext("datasource", ""))
        for layer in root.iter("maplayer")
    ]


def form_widgets(qgs_xml: str) -> List[Tuple[str, str, str, Dict[str, str]]]:
    """``(layer name, field, widget type, widget options)`` of every field of every layer."""
    root = ET.fromstring(qgs_xml)
    found = []
    for layer in root.iter("maplayer"):
        name = layer.findtext("layername", "")
        for field in layer.iter("field"):
            widget = field.find("editWidget")
            if widget is None:
                continue
            found.append(
                (
                    name,
                    field.get("name", ""),
                    widget.get("type", ""),
                    _options(widget.find("config")),
                )
            )
    return found


def check_qfield_project(qgs_xml: str) -> List[str]:
    """The problems that would make the project behave differently in QField (empty: none)."""
    root = ET.fromstring(qgs_xml)
    problems = []
    absolute = root.findtext("properties/Paths/Absolute", "false").strip().lower()
    if absolute in ("true", "1"):
        problems.append("the project stores absolute paths (Project ▸ Properties ▸ Relative)")
    for layer in root.iter("maplayer"):
        name = layer.findtext("layername", "")
        source = layer.findtext("datasource", "")
        if not _RELATIVE.match(source):
            problems.append(
                "layer {}: data source {!r} is not beside the project".format(name, source)
            )
        naming = _options(layer.find("customproperties"))
        for field in layer.iter("field"):
            widget = field.find("editWidget")
            if widget is None:
                continue
            kind = widget.get("type", "")
            field_name = field.get("name", "")
            if kind not in QFIELD_WIDGETS:
                problems.append(
                    "layer {}: field {} uses the widget {}, which QField does not draw".format(
                        name, field_name, kind
                    )
                )
            if kind == "ExternalResource":
                problems.extend(_attachment_problems(name, field_name, widget, naming))
    return problems


def _attachment_problems(layer: str, field: str, widget, properties: Dict[str, str]) -> List[str]:
    config = _options(widget.find("config"))
    problems = []
    if config.get("RelativeStorage") != "1":
        problems.append(
            "layer {}: photo field {} does not store paths relative to the project".format(
                layer, field
            )
        )
    if config.get("DocumentViewer") != "1":
        problems.append("layer {}: photo field {} does not show images".format(layer, field))
    expression = ""
    for key in (ATTACHMENT_NAMING, PHOTO_NAMING):
        try:
            expression = json.loads(properties.get(key) or "{}").get(field, "") or expression
        except ValueError:
            problems.append("layer {}: {} is not JSON".format(layer, key))
    if not expression.replace(" ", "").startswith("'DCIM/"):
        problems.append(
            "layer {}: photo field {} has no attachment naming into DCIM/ ({})".format(
                layer, field, ATTACHMENT_NAMING
            )
        )
    return problems
