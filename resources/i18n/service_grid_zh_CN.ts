<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>CreateProjectAlgorithm</name>
    <message>
        <location filename="../../algorithms/create_project.py" line="64"/>
        <source>Create service grid project</source>
        <translation>创建服务网格项目</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="67"/>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="73"/>
        <source>project,geopackage,units,population,staff,outlets,项目,单元</source>
        <translation>项目,单元,基础单元,行政单元,人口,人员,服务网点,网点,geopackage,project,units,population,staff,outlets</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="76"/>
        <source>Creates a service-grid project: one GeoPackage holding your administrative units (communities, villages) with their population and profile, your outlets and staff roster, empty layers for grids, assignments and field feedback, and a ready QGIS project (styles, Chinese field names, forms). Open the file in QGIS to see it.

Map your fields onto ours: only the population is required. Numbers stored as text are accepted; shares given as percentages (0–100) are converted. A geographic input (degrees) is reprojected to its UTM zone. Invalid geometries are repaired and listed in the log.

The staff roster can be a CSV or Excel file or any table with columns staff_id (工号), name (姓名) and optionally role, outlet_id, capacity, phone, active.

An existing output file is never replaced unless 'Replace an existing file' is ticked; the old file is then kept as a .bak.gpkg backup.</source>
        <translation>创建服务网格项目：生成一个 GeoPackage 文件，其中包含您的行政单元（社区、村）及其人口和概况数据、服务网点和人员名册，用于网格、人员分配和客户反馈的空图层，以及一个可直接使用的 QGIS 项目（含样式、中文字段名和表单）。在 QGIS 中打开该文件即可查看。

请将您的字段对应到本插件的字段：只有人口为必填项。以文本形式存储的数字同样可以识别；以百分比（0–100）给出的占比会自动换算。地理坐标系（单位为度）的输入数据会重投影到其所在的 UTM 投影带。无效几何会被自动修复，并在日志中列出。

人员名册可以是 CSV 或 Excel 文件，也可以是任意数据表，须包含 staff_id（工号）和 name（姓名）列，可选列为 role、outlet_id、capacity、phone、active。

除非勾选“替换已有文件”，否则不会覆盖已有的输出文件；勾选后，旧文件将保留为 .bak.gpkg 备份。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="91"/>
        <source>Administrative units (polygons)</source>
        <translation>行政单元（面）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="94"/>
        <source>Population field</source>
        <translation>人口字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="98"/>
        <source>Unit id field (unique; generated if empty)</source>
        <translation>单元编码字段（须唯一；留空则自动生成）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="99"/>
        <source>Name field</source>
        <translation>名称字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="101"/>
        <source>Households field</source>
        <translation>户数字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="102"/>
        <source>Income per capita field</source>
        <translation>人均年收入字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="103"/>
        <source>Elderly share field (0–1 or %)</source>
        <translation>老年人口占比字段（0–1 或 %）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="104"/>
        <source>Youth share field (0–1 or %)</source>
        <translation>青年人口占比字段（0–1 或 %）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="105"/>
        <source>Enterprises field</source>
        <translation>企业数字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="106"/>
        <source>Existing customers field</source>
        <translation>现有客户数字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="112"/>
        <source>Outlets (points)</source>
        <translation>服务网点（点）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="115"/>
        <source>Staff roster (CSV, Excel or table)</source>
        <translation>人员名册（CSV、Excel 或数据表）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="118"/>
        <source>Replace an existing file (keeps a backup)</source>
        <translation>替换已有文件（保留备份）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="123"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="123"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="125"/>
        <source>Units</source>
        <translation>基础单元数</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="126"/>
        <source>Outlets</source>
        <translation>服务网点数</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="127"/>
        <source>Staff</source>
        <translation>人员数</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="128"/>
        <source>Total population</source>
        <translation>总人口</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="129"/>
        <source>Project CRS</source>
        <translation>项目坐标参考系</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="138"/>
        <source>units</source>
        <translation>基础单元</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="145"/>
        <source>Layer &apos;{layer}&apos; has no features. Choose the layer of your administrative units with their population.</source>
        <translation>图层“{layer}”中没有要素。请选择包含人口数据的行政单元图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="172"/>
        <source>outlets</source>
        <translation>服务网点</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="186"/>
        <source>staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="216"/>
        <source>Service grid project: {}</source>
        <translation>服务网格项目：{}</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="218"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="222"/>
        <source>Project written to {path}: {units} units ({pop} people), {outlets} outlets, {staff} staff, CRS {crs}.</source>
        <translation>项目已写入 {path}：{units} 个基础单元（共 {pop} 人），{outlets} 个服务网点，{staff} 名人员，坐标参考系 {crs}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="243"/>
        <source>Choose the population field of the units (POPULATION_FIELD).</source>
        <translation>请选择基础单元的人口字段（POPULATION_FIELD）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="246"/>
        <source>Population field &apos;{field}&apos; not found in the units layer. Its fields are: {fields}.</source>
        <translation>在基础单元图层中未找到人口字段“{field}”。该图层的字段有：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="254"/>
        <source>Field &apos;{field}&apos; ({param}) not found in the units layer. Its fields are: {fields}.</source>
        <translation>在基础单元图层中未找到字段“{field}”（{param}）。该图层的字段有：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="266"/>
        <source>Using field &apos;{user}&apos; for {ours}.</source>
        <translation>已将字段“{user}”用作 {ours}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="271"/>
        <source>Layer &apos;{layer}&apos;: fields used: {pairs}.</source>
        <translation>图层“{layer}”：使用的字段：{pairs}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="100"/>
        <source>Nest field (admin area grids never cross, e.g. street code)</source>
        <translation>上级区划字段（网格不跨越的行政区，如街道代码）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="140"/>
        <source>Layer &apos;{layer}&apos; does not hold polygons, but units must be polygons (the communities or villages to group into grids). Choose a polygon layer.</source>
        <translation>图层“{layer}”不是面图层，但基础单元必须是面（要组合成网格的社区或村）。请选择一个面图层。</translation>
    </message>
</context>
<context>
    <name>ServiceGridOptionsFactory</name>
    <message>
        <location filename="../../plugin/options.py" line="59"/>
        <source>Service Grid</source>
        <translation>服务网格</translation>
    </message>
</context>
<context>
    <name>ServiceGridOptionsPage</name>
    <message>
        <location filename="../../plugin/options.py" line="28"/>
        <source>Same as QGIS</source>
        <translation>与 QGIS 相同</translation>
    </message>
    <message>
        <location filename="../../forms/options_page.ui" line="11"/>
        <source>Service grids</source>
        <translation>服务网格</translation>
    </message>
    <message>
        <location filename="../../forms/options_page.ui" line="15"/>
        <source>Target population per grid</source>
        <translation>每个网格的目标人口</translation>
    </message>
    <message>
        <location filename="../../forms/options_page.ui" line="27"/>
        <source>Tolerance (±%)</source>
        <translation>容差（±%）</translation>
    </message>
    <message>
        <location filename="../../forms/options_page.ui" line="42"/>
        <source>Reports and logging</source>
        <translation>报告与日志</translation>
    </message>
    <message>
        <location filename="../../forms/options_page.ui" line="46"/>
        <source>Excel report language</source>
        <translation>Excel 报告语言</translation>
    </message>
    <message>
        <location filename="../../forms/options_page.ui" line="54"/>
        <source>Write debug messages to the log</source>
        <translation>将调试信息写入日志</translation>
    </message>
</context>
<context>
    <name>ServiceGridPlugin</name>
    <message>
        <location filename="../../plugin/plugin.py" line="125"/>
        <source>Service Grid</source>
        <translation>服务网格</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="56"/>
        <source>Create project…</source>
        <translation>创建项目…</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="56"/>
        <source>Create a service-grid project GeoPackage from your units</source>
        <translation>根据您的基础单元创建服务网格项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="59"/>
        <source>Open project GeoPackage…</source>
        <translation>打开项目 GeoPackage…</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="59"/>
        <source>Open the project stored in a service-grid GeoPackage</source>
        <translation>打开存储在服务网格 GeoPackage 中的项目</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="62"/>
        <source>Open sample city data</source>
        <translation>打开示例城市数据</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="62"/>
        <source>Add the bundled sample city layers to the map</source>
        <translation>将插件自带的示例城市图层添加到地图</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="65"/>
        <source>Service Grid tools in Processing</source>
        <translation>处理工具箱中的服务网格工具</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="65"/>
        <source>Show the Service Grid algorithms</source>
        <translation>显示服务网格算法</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="67"/>
        <source>Options…</source>
        <translation>选项…</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="67"/>
        <source>Service Grid settings</source>
        <translation>服务网格设置</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="125"/>
        <source>The project was created:
{}

Open it now?</source>
        <translation>项目已创建：
{}

是否立即打开？</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="133"/>
        <source>Open service-grid project</source>
        <translation>打开服务网格项目</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="133"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="146"/>
        <source>Opened {}</source>
        <translation>已打开 {}</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="148"/>
        <source>{} holds no Service Grid project. Create one with 'Create project…'.</source>
        <translation>{} 中没有服务网格项目。请使用“创建项目…”创建一个。</translation>
    </message>
</context>
<context>
    <name>ServiceGridProvider</name>
    <message>
        <location filename="../../algorithms/provider.py" line="18"/>
        <source>Service Grid</source>
        <translation>服务网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/provider.py" line="21"/>
        <source>Service Grid: service grids, staff and field feedback</source>
        <translation>服务网格：服务网格、人员与客户反馈</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location filename="../../algorithms/core/gpkg.py" line="59"/>
        <source>The output file {path} already exists and was left untouched. Choose another file name, delete the old file, or tick &apos;Replace an existing file&apos; (the old file is then kept as a backup).</source>
        <translation>输出文件 {path} 已存在，未作任何改动。请另选文件名、删除旧文件，或勾选“替换已有文件”（旧文件将保留为备份）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gpkg.py" line="64"/>
        <source>The output folder {folder} does not exist.</source>
        <translation>输出文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gpkg.py" line="174"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="149"/>
        <source>Field &apos;{field}&apos; of layer &apos;{layer}&apos; must hold numbers, but {n} feature(s) have other text: {ids} (values: {values}). Correct these values or choose another field.</source>
        <translation>图层“{layer}”的字段“{field}”必须为数值，但有 {n} 个要素含有非数字文本：{ids}（值：{values}）。请更正这些值或另选字段。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="157"/>
        <source>Field &apos;{field}&apos; of layer &apos;{layer}&apos; is empty (NULL) for {n} unit(s): {ids}. Every unit needs a value: enter 0 where nobody lives, then run again.</source>
        <translation>图层“{layer}”的字段“{field}”有 {n} 个基础单元为空（NULL）：{ids}。每个基础单元都必须有值：无人居住的单元请填 0，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="164"/>
        <source>Field &apos;{field}&apos; of layer &apos;{layer}&apos; has negative values for {n} feature(s): {ids}. Counts, incomes and shares cannot be negative: correct them, then run again.</source>
        <translation>图层“{layer}”的字段“{field}”有 {n} 个要素为负值：{ids}。数量、收入和占比均不能为负：请更正后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="175"/>
        <source>Field '{field}' looks like percentages (0–100); it was divided by 100 to give shares (0–1).</source>
        <translation>字段“{field}”的值看起来是百分比（0–100），已除以 100 换算为占比（0–1）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="180"/>
        <source>Field '{field}' of layer '{layer}' must be a share (0–1) or a percentage (0–100), but {n} feature(s) are above 100: {ids}.</source>
        <translation>图层“{layer}”的字段“{field}”必须为占比（0–1）或百分比（0–100），但有 {n} 个要素的值大于 100：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="195"/>
        <source>No id field was given for layer '{layer}': ids {first}… were generated in feature order.</source>
        <translation>未为图层“{layer}”指定编码字段：已按要素顺序自动生成编码 {first}…。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="204"/>
        <source>Id field &apos;{field}&apos; of layer &apos;{layer}&apos; is empty for {n} feature(s) (feature ids {fids}). Give every feature an id, then run again.</source>
        <translation>图层“{layer}”的编码字段“{field}”有 {n} 个要素为空（要素 ID：{fids}）。请为每个要素填写编码，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="215"/>
        <source>Id field &apos;{field}&apos; of layer &apos;{layer}&apos; must be unique, but {n} id(s) occur more than once: {ids}. Make the ids unique (or choose another id field), then run again.</source>
        <translation>图层“{layer}”的编码字段“{field}”必须唯一，但有 {n} 个编码重复出现：{ids}。请确保编码唯一（或另选编码字段），然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="248"/>
        <source>Field &apos;{field}&apos; of layer &apos;{layer}&apos; has values that are not recognised for {n} feature(s): {ids} (values: {values}). Use one of: {accepted}.</source>
        <translation>图层“{layer}”的字段“{field}”有 {n} 个要素的值无法识别：{ids}（值：{values}）。请使用以下值之一：{accepted}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="262"/>
        <source>Layer &apos;{layer}&apos; has no geometry: choose a polygon layer.</source>
        <translation>图层“{layer}”没有几何：请选择一个面图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="268"/>
        <source>Layer &apos;{layer}&apos; has {n} feature(s) without geometry: {ids}. Draw or delete them, then run again.</source>
        <translation>图层“{layer}”有 {n} 个要素没有几何：{ids}。请绘制其几何或删除这些要素，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="283"/>
        <source>Layer '{layer}' has {n} invalid geometry(ies) that cannot be repaired into an area: {ids}. Fix them (Vector ▸ Geometry Tools ▸ Check Validity), then run again.</source>
        <translation>图层“{layer}”有 {n} 个无效几何无法修复为面：{ids}。请修正这些几何（矢量 ▸ 几何工具 ▸ 检查有效性），然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="290"/>
        <source>Repaired {n} invalid geometry(ies): {ids}.</source>
        <translation>已修复 {n} 个无效几何：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="301"/>
        <source>Layer &apos;{layer}&apos; has {n} feature(s) with no area: {ids}. Units must be polygons with an area; delete or redraw them.</source>
        <translation>图层“{layer}”有 {n} 个要素面积为零：{ids}。基础单元必须是有面积的面；请删除或重新绘制这些要素。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="344"/>
        <source>Layer &apos;{layer}&apos; has no features. Choose the layer of your administrative units (communities or villages) with their population.</source>
        <translation>图层“{layer}”中没有要素。请选择包含人口数据的行政单元（社区或村）图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="348"/>
        <source>A population field is required: choose it in &apos;Population field&apos;.</source>
        <translation>必须指定人口字段：请在“人口字段”中选择。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="361"/>
        <source>Nest field &apos;{field}&apos; is empty for {n} unit(s): {ids}. Grids never cross the nest boundary, so every unit needs one: fill it in or leave &apos;Nest field&apos; empty.</source>
        <translation>上级区划字段“{field}”有 {n} 个基础单元为空：{ids}。网格不会跨越上级区划边界，因此每个基础单元都必须填写上级区划：请补全该字段，或将“上级区划字段”留空。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="425"/>
        <source>The staff roster '{layer}' needs a staff id column (staff_id or 工号). Columns found: {fields}.</source>
        <translation>人员名册“{layer}”缺少工号列（staff_id 或 工号）。现有列：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="430"/>
        <source>The staff roster '{layer}' needs a name column (name or 姓名).</source>
        <translation>人员名册“{layer}”缺少姓名列（name 或 姓名）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="438"/>
        <source>Staff without a name: {ids}. Fill in their names.</source>
        <translation>以下人员没有姓名：{ids}。请补填姓名。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="450"/>
        <source>{n} staff member(s) work from an outlet that is not in the outlets layer: {ids}. Correct their outlet id or add the outlet.</source>
        <translation>有 {n} 名人员所属的服务网点不在服务网点图层中：{ids}。请更正其网点编号，或添加该服务网点。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/deps.py" line="29"/>
        <source>Service Grid needs the Python package shapely 2.0 or newer (found: {found}). Install it from the OSGeo4W Shell (Windows) or a terminal (Linux, macOS) with: python3 -m pip install --user &quot;shapely&gt;=2,&lt;3&quot;, then restart QGIS.</source>
        <translation>服务网格需要 Python 包 shapely 2.0 或更新版本（当前：{found}）。请在 OSGeo4W Shell（Windows）或终端（Linux、macOS）中运行：python3 -m pip install --user &quot;shapely&gt;=2,&lt;3&quot;，然后重启 QGIS。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/deps.py" line="29"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="414"/>
        <source>Outlets must be single points, but {n} outlet(s) have no location or more than one point: {ids}. Fix their location, then run again.</source>
        <translation>服务网点必须是单个点，但有 {n} 个网点没有位置或包含多个点：{ids}。请修正其位置后重新运行。</translation>
    </message>
</context>
<context>
    <name>project_template</name>
    <message>
        <location filename="../../algorithms/project_template.py" line="75"/>
        <source>{alias} must be between {low:g} and {high:g}.</source>
        <translation>{alias}必须介于 {low:g} 与 {high:g} 之间。</translation>
    </message>
    <message>
        <location filename="../../algorithms/project_template.py" line="104"/>
        <source>Service grid project</source>
        <translation>服务网格项目</translation>
    </message>
    <message>
        <location filename="../../algorithms/project_template.py" line="121"/>
        <source>Tables</source>
        <translation>数据表</translation>
    </message>
</context>
<context>
    <name>qgis_io</name>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="34"/>
        <source>Layer '{layer}' has no coordinate reference system (CRS). Set it first: Layer Properties ▸ Source ▸ Assigned Coordinate Reference System (or the Processing tool 'Assign projection'), choosing the CRS the coordinates were captured in, e.g. EPSG:4490 (CGCS2000) or EPSG:4326 (WGS 84).</source>
        <translation>图层“{layer}”没有坐标参考系（CRS）。请先设置：图层属性 ▸ 源 ▸ 指定的坐标参考系（或使用处理工具“指定投影”），选择采集坐标时所用的坐标参考系，例如 EPSG:4490（CGCS2000）或 EPSG:4326（WGS 84）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="58"/>
        <source>Layer &apos;{layer}&apos; has no features.</source>
        <translation>图层“{layer}”中没有要素。</translation>
    </message>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="64"/>
        <source>Layer &apos;{layer}&apos; is in a geographic CRS ({src}); areas and distances need metres, so the project is stored in {dst} ({name}).</source>
        <translation>图层“{layer}”使用地理坐标参考系（{src}）；计算面积和距离需要以米为单位，因此项目将采用 {dst}（{name}）存储。</translation>
    </message>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="83"/>
        <source>Field(s) {missing} not found in layer &apos;{layer}&apos;. Its fields are: {fields}.</source>
        <translation>在图层“{layer}”中未找到字段 {missing}。该图层的字段有：{fields}。</translation>
    </message>
</context>
</TS>
