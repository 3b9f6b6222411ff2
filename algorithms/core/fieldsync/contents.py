"""What a field package holds: its tables, which rows of each (scoped to the person the
package is for) and which columns. One list serves the single and the team export and the
package's README, so personal data is decided in one place.

Personal data (names and phone numbers of people) goes into a package only where the person's
own work needs it: the staff table carries the package owner's own row only (never a colleague's
name or phone), assignments only the owner's. A table added later (e.g. visits with customers'
names and phones) is registered with :func:`register_table` and scoped by grid or by owner, its
personal columns listed in ``personal`` so the README names them; :func:`package_columns` is the
hook that says which columns of a table go out.
"""

from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from .. import schema
from .visits import EXPORTED_STATUSES

#: Row scopes: the package owner's grids, the outlets of those grids (and the owner's own
#: outlet), the owner's own rows.
BY_GRID, BY_OUTLET, OWN = "grid", "outlet", "own"


@dataclass(frozen=True)
class PackageTable:
    """One table of a field package."""

    #: the table's definition as written into the package (its columns are the ones that go out)
    definition: schema.Layer
    #: the column that scopes the rows (``grid_id``, ``outlet_id`` or ``staff_id``)
    key: str
    #: BY_GRID, BY_OUTLET or OWN
    scope: str
    #: columns holding personal data (names, phone numbers) that go out, said in the README
    personal: Tuple[str, ...] = ()
    #: a column that must also hold the package owner's staff id (e.g. a visit's ``staff_id``)
    owner: Optional[str] = None
    #: ``(column, values)``: only rows whose column holds one of the values (e.g. visits not
    #: cancelled)
    only: Optional[Tuple[str, Tuple[str, ...]]] = None

    def keeps(self, staff_id: str, value_of) -> bool:
        """True when a row whose column values ``value_of(name)`` gives passes ``owner`` and
        ``only`` (the scope key is checked by the caller)."""
        if self.owner is not None and str(value_of(self.owner) or "").strip() != staff_id:
            return False
        if self.only is not None and value_of(self.only[0]) not in self.only[1]:
            return False
        return True

    def sql_condition(self, staff_id: str) -> str:
        """``owner`` and ``only`` as an OGR SQL condition (empty when neither is set)."""
        parts = []
        if self.owner is not None:
            parts.append("\"{}\" = '{}'".format(self.owner, staff_id.replace("'", "''")))
        if self.only is not None:
            parts.append(
                '"{}" IN ({})'.format(
                    self.only[0],
                    ", ".join("'{}'".format(v.replace("'", "''")) for v in self.only[1]),
                )
            )
        return " AND ".join(parts)

    @property
    def name(self) -> str:
        return self.definition.name


def _only(layer: schema.Layer, names: Tuple[str, ...]) -> schema.Layer:
    return schema.Layer(
        layer.name,
        layer.geometry,
        layer.title_zh,
        layer.title_en,
        tuple(f for f in layer.fields if f.name in names),
    )


#: The columns of the units a field package carries (no profile figures beyond population).
PACKAGE_UNITS = _only(
    schema.UNITS, ("unit_id", "name", "nest", "population", "households", "grid_id")
)

_TABLES: List[PackageTable] = [
    PackageTable(schema.FEEDBACK, "grid_id", BY_GRID),
    # the owner's own follow-up visits in their grids, not cancelled: the customer's name and
    # phone only on a visit to them, and only when they consented (assignvisits)
    PackageTable(
        schema.VISITS,
        "grid_id",
        BY_GRID,
        personal=("customer_name", "customer_phone"),
        owner="staff_id",
        only=("status", EXPORTED_STATUSES),
    ),
    PackageTable(schema.OUTLETS, "outlet_id", BY_OUTLET),
    PackageTable(schema.GRIDS, "grid_id", BY_GRID),
    PackageTable(PACKAGE_UNITS, "grid_id", BY_GRID),
    PackageTable(schema.STAFF, "staff_id", OWN, personal=("name", "phone")),
    PackageTable(schema.ASSIGNMENTS, "staff_id", OWN),
]


def register_table(table: PackageTable, before: Optional[str] = None) -> None:
    """Add a table to every new package (e.g. visits, scoped BY_GRID, with the customer
    columns a visit needs as ``personal``); ``before``: the name of the table it is written
    before (the default: last). A table registered again replaces the old entry."""
    global _TABLES
    tables = [t for t in _TABLES if t.name != table.name]
    names = [t.name for t in tables]
    at = names.index(before) if before in names else len(tables)
    tables.insert(at, table)
    _TABLES = tables


def package_tables() -> List[PackageTable]:
    """The tables of a new package, in the order they are written."""
    return list(_TABLES)


def package_columns(table: str) -> List[str]:
    """The columns of ``table`` that go into a package (the hook for personal data: a column
    not in the table's package definition never leaves the office)."""
    for entry in _TABLES:
        if entry.name == table:
            return entry.definition.field_names()
    return []


def personal_columns() -> Dict[str, Tuple[str, ...]]:
    """Per table, the personal columns a package carries (for the README)."""
    return {t.name: t.personal for t in _TABLES if t.personal}


def scope_keys(
    table: PackageTable, staff_id: str, grid_ids: List[str], outlet_ids: List[str]
) -> List[str]:
    """The key values of the rows of ``table`` that go into ``staff_id``'s package."""
    if table.scope == BY_GRID:
        return list(grid_ids)
    if table.scope == BY_OUTLET:
        return list(outlet_ids)
    return [staff_id]
