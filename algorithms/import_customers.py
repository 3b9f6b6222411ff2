"""``servicegrid:importcustomers``: a customer list (CSV, XLSX or layer) → the project's
customer register, and the grids' customer figures."""

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsPointXY,
    QgsProcessingException,
    QgsProcessingParameterCrs,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QDate, QDateTime

from .base import TABLE, ServiceGridAlgorithm
from .core import customers, customers_store, gpkg
from .core.tables import guess_fields
from .project_template import layer_uri
from .qgis_io import geometry_kind, read_table

#: Field parameters: (parameter key, our field name).
FIELD_PARAMS = (
    ("ID_FIELD", "customer_id"),
    ("TYPE_FIELD", "customer_type"),
    ("NAME_FIELD", "name"),
    ("PHONE_FIELD", "phone"),
    ("PRODUCTS_FIELD", "products"),
    ("CONSENT_FIELD", "consent"),
    ("CONSENT_DATE_FIELD", "consent_date"),
    ("ADDRESS_FIELD", "address"),
    ("X_FIELD", "x"),
    ("Y_FIELD", "y"),
    ("UNIT_ID_FIELD", "unit_id"),
)


#: X column names read as WGS 84 longitudes when no COORDINATE_CRS is given.
DEGREE_NAMES = ("lon", "lng", "long", "longitude", "经度")


class ImportCustomersAlgorithm(ServiceGridAlgorithm):
    """Import the customer register into a project GeoPackage."""

    DISPLAY_NAME = QT_TRANSLATE_NOOP("ImportCustomersAlgorithm", "Import customers")
    TAGS = QT_TRANSLATE_NOOP(
        "ImportCustomersAlgorithm",
        "customers,clients,register,penetration,products,gaps,csv,excel,客户,渗透率,产品缺口",
    )
    HELP = QT_TRANSLATE_NOOP(
        "ImportCustomersAlgorithm",
        "Imports a customer list (CSV, Excel or any table or point layer) into the project's "
        "customer register (layer customers) and computes, per grid, the customers by type, "
        "the penetration (individual customers ÷ population, enterprise customers ÷ "
        "enterprises) and the product gaps: the products recommended for the grid by "
        "'Classify grids' that fewer than the gap share of its customers hold (enterprise "
        "customers for group benefits and commercial property).\n\n"
        "Columns (guessed from common names, or chosen): customer id and customer type "
        "(individual 个人 / enterprise 企业) are required; name, phone, products held "
        "(product codes or names separated by commas or semicolons), consent (yes/no), "
        "consent date and address are optional. Each customer is located by its point (a "
        "point layer), by X and Y columns (in the coordinates' CRS, default the project's) "
        "or by a unit id column.\n\n"
        "The list is checked before anything is written: an empty or duplicated id, an "
        "unknown type, product or consent value, a bad date, a customer without location or "
        "outside every unit stops the import with the rows named. Customers whose id is "
        "already registered are replaced; 'Replace the whole register' drops the others. "
        "Names and phones stay in the project: they are never written to field packages or "
        "to the workbook, and customers without consent are only counted.\n\n"
        "Run it again after dividing or classifying the grids again to refresh the figures.",
    )

    ALGORITHM_ID = "importcustomers"
    GROUP_ID = "staff"

    PROJECT = "PROJECT"
    INPUT = "INPUT"
    ID_FIELD = "ID_FIELD"
    TYPE_FIELD = "TYPE_FIELD"
    NAME_FIELD = "NAME_FIELD"
    PHONE_FIELD = "PHONE_FIELD"
    PRODUCTS_FIELD = "PRODUCTS_FIELD"
    CONSENT_FIELD = "CONSENT_FIELD"
    CONSENT_DATE_FIELD = "CONSENT_DATE_FIELD"
    ADDRESS_FIELD = "ADDRESS_FIELD"
    X_FIELD = "X_FIELD"
    Y_FIELD = "Y_FIELD"
    UNIT_ID_FIELD = "UNIT_ID_FIELD"
    COORDINATE_CRS = "COORDINATE_CRS"
    GAP_SHARE = "GAP_SHARE"
    REPLACE = "REPLACE"

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        labels = {
            "ID_FIELD": self.tr("Customer id field"),
            "TYPE_FIELD": self.tr("Customer type field (individual / enterprise)"),
            "NAME_FIELD": self.tr("Name field"),
            "PHONE_FIELD": self.tr("Phone field"),
            "PRODUCTS_FIELD": self.tr("Products held field"),
            "CONSENT_FIELD": self.tr("Consent field (yes / no)"),
            "CONSENT_DATE_FIELD": self.tr("Consent date field"),
            "ADDRESS_FIELD": self.tr("Address field"),
            "X_FIELD": self.tr("X coordinate field"),
            "Y_FIELD": self.tr("Y coordinate field"),
            "UNIT_ID_FIELD": self.tr("Unit id field (locates customers without coordinates)"),
        }
        self.add_gpkg(self.PROJECT, self.tr("Project GeoPackage"))
        self.add_source(self.INPUT, self.tr("Customer list (CSV, Excel, table or points)"), TABLE)
        for key, _ours in FIELD_PARAMS:
            self.add_field(key, labels[key], self.INPUT, optional=True)
        crs = QgsProcessingParameterCrs(
            self.COORDINATE_CRS, self.tr("CRS of the X / Y coordinates"), optional=True
        )
        self.add(crs, advanced=True)
        gap = self.tr("Gap share: a recommended product held by fewer customers is a gap")
        self.add_number(self.GAP_SHARE, gap, customers.GAP_SHARE, 0.0, 1.0, advanced=True)
        self.add_boolean(self.REPLACE, self.tr("Replace the whole register"))
        self.add_outputs(
            {
                "CUSTOMER_COUNT": self.tr("Customers imported"),
                "REPLACED": self.tr("Registered customers replaced"),
                "TOTAL": self.tr("Customers in the register"),
                "GRID_COUNT": self.tr("Grids updated"),
            }
        )

    def process(self, parameters, context, feedback):
        project = self.parameterAsFile(parameters, self.PROJECT, context)
        gpkg.require_project(project)
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise self.invalidSourceError(parameters, self.INPUT)
        label = source.sourceName() or self.tr("customers")
        names = source.fields().names()
        mapping = self._mapping(parameters, context, names)
        units_layer = QgsVectorLayer(layer_uri(project, "units"), "units", "ogr")
        if not units_layer.isValid() or not units_layer.crs().isValid():
            raise QgsProcessingException(
                self.tr("The project {path} has no units layer with a CRS.").format(path=project)
            )
        project_crs = units_layer.crs()
        del units_layer
        points = geometry_kind(source) == "point" and source.sourceCrs().isValid()
        raw = read_table(
            source,
            label,
            mapping,
            feedback,
            project_crs if points else None,
            with_geometry=points,
            context=context,
        )
        if feedback.isCanceled():
            return {}
        raw.source_fields.update({ours: user for ours, user in mapping.items()})
        raw.source_fields["_all"] = names
        for column in raw.columns.values():
            for k, value in enumerate(column):
                if isinstance(value, (QDate, QDateTime)):
                    column[k] = value.toString("yyyy-MM-dd")
        transform = self._transform(parameters, context, project_crs, mapping, feedback)
        feedback.pushInfo(
            self.tr("Customer list '{layer}': fields used: {pairs}.").format(
                layer=label, pairs=", ".join("{}←{}".format(k, v) for k, v in mapping.items())
            )
        )
        units = customers_store.read_units(project)
        table = customers.prepare_customers(raw, units, transform)
        for note in table.notes:
            feedback.pushWarning(note)
        if feedback.isCanceled():
            return {}
        feedback.setProgress(60)
        replace = self.parameterAsBoolean(parameters, self.REPLACE, context)
        gap = self.parameterAsDouble(parameters, self.GAP_SHARE, context)
        counts = customers_store.store_customers(project, table, replace, gap)
        feedback.pushInfo(
            self.tr(
                "{written} customers imported into {path} ({replaced} registered ones "
                "replaced); the register holds {total}; customer figures of {grids} grids "
                "updated."
            ).format(path=project, **counts)
        )
        feedback.setProgress(100)
        return {
            "CUSTOMER_COUNT": counts["written"],
            "REPLACED": counts["replaced"],
            "TOTAL": counts["total"],
            "GRID_COUNT": counts["grids"],
        }

    def _mapping(self, parameters, context, names):
        """``{our field: user field}``: the chosen fields, the others guessed."""
        mapping = {}
        for key, ours in FIELD_PARAMS:
            value = self.parameterAsString(parameters, key, context)
            if value:
                mapping[ours] = value
        used = set(mapping.values())
        wanted = [ours for _k, ours in FIELD_PARAMS if ours not in mapping]
        for ours, user in guess_fields(names, wanted).items():
            if user not in used:
                mapping[ours] = user
                used.add(user)
        return mapping

    def _transform(self, parameters, context, project_crs, mapping, feedback):
        """The X / Y → project CRS transformation (``None`` when they are in the project's).
        Without COORDINATE_CRS, columns named longitude / latitude (lon, lng, 经度) are read as
        WGS 84 degrees in a projected project."""
        if parameters.get(self.COORDINATE_CRS) not in (None, ""):
            crs = self.parameterAsCrs(parameters, self.COORDINATE_CRS, context)
        elif (mapping.get("x") or "").strip().lower() in DEGREE_NAMES and not (
            project_crs.isGeographic()
        ):
            crs = QgsCoordinateReferenceSystem("EPSG:4326")
            feedback.pushInfo(
                self.tr(
                    "The coordinates in '{field}' are read as longitude and latitude (WGS 84); "
                    "choose another CRS of the X / Y coordinates if they are not."
                ).format(field=mapping["x"])
            )
        else:
            return None
        if not crs.isValid() or crs == project_crs:
            return None
        transform = QgsCoordinateTransform(crs, project_crs, context.transformContext())

        def apply(x, y):
            out = [transform.transform(QgsPointXY(float(a), float(b))) for a, b in zip(x, y)]
            return (
                np.array([p.x() for p in out], dtype=float),
                np.array([p.y() for p in out], dtype=float),
            )

        return apply
