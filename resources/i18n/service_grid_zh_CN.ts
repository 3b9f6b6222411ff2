<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>CreateProjectAlgorithm</name>
    <message>
        <location filename="../../algorithms/create_project.py" line="64"/>
        <source>Create service grid project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="67"/>
        <source>Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="73"/>
        <source>project,geopackage,units,population,staff,outlets,项目,单元</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="76"/>
        <source>Creates a service-grid project: one GeoPackage holding your administrative units (communities, villages) with their population and profile, your outlets and staff roster, empty layers for grids, assignments and field feedback, and a ready QGIS project (styles, Chinese field names, forms). Open the file in QGIS to see it.

Map your fields onto ours: only the population is required. Numbers stored as text are accepted; shares given as percentages (0–100) are converted. A geographic input (degrees) is reprojected to its UTM zone. Invalid geometries are repaired and listed in the log.

The staff roster can be a CSV or Excel file or any table with columns staff_id (工号), name (姓名) and optionally role, outlet_id, capacity, phone, active.

An existing output file is never replaced unless 'Replace an existing file' is ticked; the old file is then kept as a .bak.gpkg backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="91"/>
        <source>Administrative units (polygons)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="94"/>
        <source>Population field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="98"/>
        <source>Unit id field (unique; generated if empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="99"/>
        <source>Name field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="100"/>
        <source>Nest field (admin code grids must not cross)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="101"/>
        <source>Households field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="102"/>
        <source>Income per capita field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="103"/>
        <source>Elderly share field (0–1 or %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="104"/>
        <source>Youth share field (0–1 or %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="105"/>
        <source>Enterprises field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="106"/>
        <source>Existing customers field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="112"/>
        <source>Outlets (points)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="115"/>
        <source>Staff roster (CSV, Excel or table)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="118"/>
        <source>Replace an existing file (keeps a backup)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="123"/>
        <source>Project GeoPackage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="123"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="125"/>
        <source>Units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="126"/>
        <source>Outlets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="127"/>
        <source>Staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="128"/>
        <source>Total population</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="129"/>
        <source>Project CRS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="138"/>
        <source>units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="141"/>
        <source>Layer &apos;{layer}&apos; has {kind} geometries, but units must be polygons (the communities or villages to group into grids). Choose a polygon layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="146"/>
        <source>Layer &apos;{layer}&apos; has no features. Choose the layer of your administrative units with their population.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="173"/>
        <source>outlets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="187"/>
        <source>staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="217"/>
        <source>Service grid project: {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="219"/>
        <source>Cancelled: nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="223"/>
        <source>Project written to {path}: {units} units ({pop} people), {outlets} outlets, {staff} staff, CRS {crs}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="244"/>
        <source>Choose the population field of the units (POPULATION_FIELD).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="247"/>
        <source>Population field &apos;{field}&apos; not found in the units layer. Its fields are: {fields}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="255"/>
        <source>Field &apos;{field}&apos; ({param}) not found in the units layer. Its fields are: {fields}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="267"/>
        <source>Using field &apos;{user}&apos; for {ours}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="272"/>
        <source>Layer &apos;{layer}&apos;: fields used: {pairs}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServiceGridOptionsFactory</name>
    <message>
        <location filename="../../plugin/options.py" line="59"/>
        <source>Service Grid</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServiceGridOptionsPage</name>
    <message>
        <location filename="../../plugin/options.py" line="28"/>
        <source>Same as QGIS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../forms/options_page.ui" line="11"/>
        <source>Service grids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../forms/options_page.ui" line="15"/>
        <source>Target population per grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../forms/options_page.ui" line="27"/>
        <source>Tolerance (±%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../forms/options_page.ui" line="42"/>
        <source>Reports and logging</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../forms/options_page.ui" line="46"/>
        <source>Excel report language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../forms/options_page.ui" line="54"/>
        <source>Write debug messages to the log</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServiceGridPlugin</name>
    <message>
        <location filename="../../plugin/plugin.py" line="123"/>
        <source>Service Grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="56"/>
        <source>Create project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="56"/>
        <source>Create a service-grid project GeoPackage from your units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="59"/>
        <source>Open project GeoPackage…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="59"/>
        <source>Open the project stored in a service-grid GeoPackage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="62"/>
        <source>Open sample city data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="62"/>
        <source>Add the bundled sample city layers to the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="65"/>
        <source>Service Grid tools in Processing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="65"/>
        <source>Show the Service Grid algorithms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="67"/>
        <source>Options…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="67"/>
        <source>Service Grid settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="123"/>
        <source>The project was created:
{}

Open it now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="131"/>
        <source>Open service-grid project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="131"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="144"/>
        <source>Opened {}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="146"/>
        <source>{} holds no Service Grid project. Create one with 'Create project…'.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServiceGridProvider</name>
    <message>
        <location filename="../../algorithms/provider.py" line="18"/>
        <source>Service Grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/provider.py" line="21"/>
        <source>Service Grid: service grids, staff and field feedback</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location filename="../../algorithms/core/gpkg.py" line="59"/>
        <source>The output file {path} already exists and was left untouched. Choose another file name, delete the old file, or tick &apos;Replace an existing file&apos; (the old file is then kept as a backup).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gpkg.py" line="64"/>
        <source>The output folder {folder} does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gpkg.py" line="174"/>
        <source>Cancelled: nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="149"/>
        <source>Field &apos;{field}&apos; of layer &apos;{layer}&apos; must hold numbers, but {n} feature(s) have other text: {ids} (values: {values}). Correct these values or choose another field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="157"/>
        <source>Field &apos;{field}&apos; of layer &apos;{layer}&apos; is empty (NULL) for {n} unit(s): {ids}. Every unit needs a value: enter 0 where nobody lives, then run again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="164"/>
        <source>Field &apos;{field}&apos; of layer &apos;{layer}&apos; has negative values for {n} feature(s): {ids}. Counts, incomes and shares cannot be negative: correct them, then run again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="175"/>
        <source>Field '{field}' looks like percentages (0–100); it was divided by 100 to give shares (0–1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="180"/>
        <source>Field '{field}' of layer '{layer}' must be a share (0–1) or a percentage (0–100), but {n} feature(s) are above 100: {ids}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="195"/>
        <source>No id field was given for layer '{layer}': ids {first}… were generated in feature order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="203"/>
        <source>Id field &apos;{field}&apos; of layer &apos;{layer}&apos; is empty for {n} feature(s) (feature ids {fids}). Give every feature an id, then run again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="214"/>
        <source>Id field &apos;{field}&apos; of layer &apos;{layer}&apos; must be unique, but {n} id(s) occur more than once: {ids}. Make the ids unique (or choose another id field), then run again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="247"/>
        <source>Field &apos;{field}&apos; of layer &apos;{layer}&apos; has values that are not recognised for {n} feature(s): {ids} (values: {values}). Use one of: {accepted}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="261"/>
        <source>Layer &apos;{layer}&apos; has no geometry: choose a polygon layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="266"/>
        <source>Layer &apos;{layer}&apos; has {n} feature(s) without geometry: {ids}. Draw or delete them, then run again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="281"/>
        <source>Layer '{layer}' has {n} invalid geometry(ies) that cannot be repaired into an area: {ids}. Fix them (Vector ▸ Geometry Tools ▸ Check Validity), then run again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="286"/>
        <source>Repaired {n} invalid geometry(ies): {ids}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="294"/>
        <source>Layer &apos;{layer}&apos; has {n} feature(s) with no area: {ids}. Units must be polygons with an area; delete or redraw them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="333"/>
        <source>Layer &apos;{layer}&apos; has no features. Choose the layer of your administrative units (communities or villages) with their population.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="337"/>
        <source>A population field is required: choose it in &apos;Population field&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="349"/>
        <source>Nest field &apos;{field}&apos; is empty for {n} unit(s): {ids}. Grids never cross the nest boundary, so every unit needs one: fill it in or leave &apos;Nest field&apos; empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="402"/>
        <source>Outlets must be single points, but {n} outlet(s) have no point or several: {ids}. Fix their location, then run again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="413"/>
        <source>The staff roster '{layer}' needs a staff id column (staff_id or 工号). Columns found: {fields}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="418"/>
        <source>The staff roster '{layer}' needs a name column (name or 姓名).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="426"/>
        <source>Staff without a name: {ids}. Fill in their names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="437"/>
        <source>{n} staff member(s) work from an outlet that is not in the outlets layer: {ids}. Correct their outlet id or add the outlet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>project_template</name>
    <message>
        <location filename="../../algorithms/project_template.py" line="75"/>
        <source>{alias} must be between {low:g} and {high:g}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/project_template.py" line="103"/>
        <source>Service grid project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/project_template.py" line="119"/>
        <source>Tables</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>qgis_io</name>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="34"/>
        <source>Layer '{layer}' has no coordinate reference system (CRS). Set it first: Layer Properties ▸ Source ▸ Assigned Coordinate Reference System (or the Processing tool 'Assign projection'), choosing the CRS the coordinates were captured in, e.g. EPSG:4490 (CGCS2000) or EPSG:4326 (WGS 84).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="58"/>
        <source>Layer &apos;{layer}&apos; has no features.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="63"/>
        <source>Layer &apos;{layer}&apos; is in a geographic CRS ({src}); areas and distances need metres, so the project is stored in {dst} ({name}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="82"/>
        <source>Field(s) {missing} not found in layer &apos;{layer}&apos;. Its fields are: {fields}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
