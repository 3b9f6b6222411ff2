<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
    <context>
        <name>GridBalanceChart</name>
        <message>
            <location filename="../../plugin/workload_chart.py" line="184" />
            <source>No staff</source>
            <translation>无人员</translation>
        </message>
        <message>
            <location filename="../../plugin/workload_chart.py" line="185" />
            <source>Fewer than recommended</source>
            <translation>少于建议人数</translation>
        </message>
        <message>
            <location filename="../../plugin/workload_chart.py" line="186" />
            <source>As recommended</source>
            <translation>符合建议人数</translation>
        </message>
        <message>
            <location filename="../../plugin/workload_chart.py" line="187" />
            <source>More than recommended</source>
            <translation>多于建议人数</translation>
        </message>
    </context>
    <context>
        <name>GridTableModel</name>
        <message>
            <location filename="../../plugin/grid_model.py" line="221" />
            <source>Grid</source>
            <translation>网格</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="225" />
            <source>Nest</source>
            <translation>上级区划</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="221" />
            <source>Population</source>
            <translation>人口</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="224" />
            <source>Density</source>
            <translation>密度等级</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="224" />
            <source>Income tier</source>
            <translation>收入层级</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="222" />
            <source>Recommended</source>
            <translation>建议人数</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="222" />
            <source>Assigned</source>
            <translation>已分配</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="223" />
            <source>Staff</source>
            <translation>人员</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="223" />
            <source>Outlet</source>
            <translation>服务网点</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="227" />
            <source>Urban core</source>
            <translation>城市核心</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="227" />
            <source>Urban</source>
            <translation>城区</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="228" />
            <source>Suburban</source>
            <translation>城郊</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="228" />
            <source>Rural</source>
            <translation>农村</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="229" />
            <source>High</source>
            <translation>高收入</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="229" />
            <source>Middle</source>
            <translation>中等收入</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="230" />
            <source>Basic</source>
            <translation>基本收入</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="231" />
            <source>Nobody is assigned to this grid.</source>
            <translation>该网格尚未分配人员。</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="232" />
            <source>Fewer staff than recommended.</source>
            <translation>人员少于建议人数。</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="233" />
            <source>More staff than recommended.</source>
            <translation>人员多于建议人数。</translation>
        </message>
    </context>
    <context>
        <name>ProjectStore</name>
        <message>
            <location filename="../../plugin/project_store.py" line="95" />
            <source>{path} is not a Service Grid project GeoPackage. Create one with 'Create project…' first.</source>
            <translation>{path} 不是服务网格项目 GeoPackage。请先用“创建项目…”创建。</translation>
        </message>
        <message>
            <location filename="../../plugin/project_store.py" line="130" />
            <source>Cannot open the table {table} of {path}.</source>
            <translation>无法打开 {path} 中的表 {table}。</translation>
        </message>
        <message>
            <location filename="../../plugin/project_store.py" line="215" />
            <source>The layer '{layer}' has edits that are not saved. Save or discard them first (Layer ▸ Toggle Editing).</source>
            <translation>图层“{layer}”有尚未保存的编辑。请先保存或放弃（图层 ▸ 切换编辑状态）。</translation>
        </message>
        <message>
            <location filename="../../plugin/project_store.py" line="219" />
            <source>The layer '{layer}' cannot be edited: is {path} read-only?</source>
            <translation>图层“{layer}”无法编辑：{path} 是否为只读？</translation>
        </message>
        <message>
            <location filename="../../plugin/project_store.py" line="232" />
            <source>Could not save the change to {path}: {errors}</source>
            <translation>无法将更改保存到 {path}：{errors}</translation>
        </message>
        <message>
            <location filename="../../plugin/project_store.py" line="250" />
            <source>Cannot write to {path}: {error}</source>
            <translation>无法写入 {path}：{error}</translation>
        </message>
        <message>
            <location filename="../../plugin/project_store.py" line="256" />
            <source>{path} has no table {table}.</source>
            <translation>{path} 中没有表 {table}。</translation>
        </message>
        <message>
            <location filename="../../plugin/project_store.py" line="268" />
            <source>Could not save the change to {path}: {error}</source>
            <translation>无法将更改保存到 {path}：{error}</translation>
        </message>
        <message>
            <location filename="../../plugin/project_store.py" line="326" />
            <source>The grids of {path} have no outlet_id column.</source>
            <translation>{path} 的网格没有 outlet_id 字段。</translation>
        </message>
        <message>
            <location filename="../../plugin/project_store.py" line="331" />
            <source>Could not set the outlet of grid {fid}.</source>
            <translation>无法设置网格 {fid} 的网点。</translation>
        </message>
    </context>
    <context>
        <name>ServiceGridPlugin</name>
        <message>
            <location filename="../../plugin/plugin.py" line="74" />
            <source>Staff and outlets…</source>
            <translation>人员与网点…</translation>
        </message>
        <message>
            <location filename="../../plugin/plugin.py" line="74" />
            <source>Assign staff and outlets to grids, see workloads and warnings</source>
            <translation>为网格分配人员和服务网点，查看工作量与预警</translation>
        </message>
    </context>
    <context>
        <name>StaffDock</name>
        <message>
            <location filename="../../forms/staff_dock.ui" line="9" />
            <source>Staff and outlets</source>
            <translation>人员与网点</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="21" />
            <source>Project</source>
            <translation>项目</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="27" />
            <source>The project GeoPackage whose grids, staff and outlets are shown</source>
            <translation>显示其网格、人员和网点的项目 GeoPackage</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="29" />
            <source>GeoPackage (*.gpkg)</source>
            <translation>GeoPackage (*.gpkg)</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="35" />
            <source>Use the project GeoPackage whose layers are loaded in QGIS</source>
            <translation>使用其图层已在 QGIS 中加载的项目 GeoPackage</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="37" />
            <source>Loaded</source>
            <translation>已加载项目</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="43" />
            <source>Read the GeoPackage again</source>
            <translation>重新读取 GeoPackage</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="45" />
            <source>Reload</source>
            <translation>刷新</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="307" />
            <source>Open a project GeoPackage.</source>
            <translation>请打开一个项目 GeoPackage。</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="70" />
            <source>Filter grids (id, nest, outlet, staff)…</source>
            <translation>筛选网格（编号、上级区划、网点、人员）…</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="75" />
            <source>Show only grids with this staffing</source>
            <translation>只显示该配置状态的网格</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="80" />
            <source>Zoom the map to the selected grids</source>
            <translation>地图缩放到所选网格</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="81" />
            <source>Zoom</source>
            <translation>缩放</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="518" />
            <source>No grid selected.</source>
            <translation>未选择网格。</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="105" />
            <source>Add this GeoPackage's grids layer to the map, to select grids there</source>
            <translation>将此 GeoPackage 的网格图层加入地图，以便在地图上选择网格</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="106" />
            <source>Show grids on the map</source>
            <translation>在地图上显示网格</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="138" />
            <source>Assign</source>
            <translation>分配</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="120" />
            <source>Filter staff (id, name, role, outlet)…</source>
            <translation>筛选人员（工号、姓名、岗位、网点）…</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="137" />
            <source>Assign the selected staff to the selected grids</source>
            <translation>将所选人员分配到所选网格</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="143" />
            <source>Remove the selected staff from the selected grids</source>
            <translation>从所选网格中移除所选人员</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="144" />
            <source>Unassign</source>
            <translation>取消分配</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="136" />
            <source>Undo</source>
            <translation>撤销</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="137" />
            <source>Redo</source>
            <translation>重做</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="168" />
            <source>Outlet</source>
            <translation>服务网点</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="179" />
            <source>The outlet that serves the selected grids</source>
            <translation>为所选网格提供服务的网点</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="184" />
            <source>Set this outlet for the selected grids</source>
            <translation>将此网点设为所选网格的服务网点</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="185" />
            <source>Set outlet</source>
            <translation>设置网点</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="193" />
            <source>Workload</source>
            <translation>工作量</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="204" />
            <source>Grids: assigned against recommended staff</source>
            <translation>网格：已分配人数与建议人数</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="219" />
            <source>Staff: assigned people against capacity (click a bar to select the grids)</source>
            <translation>人员：负责人口与服务容量（点击条形可选中其网格）</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="239" />
            <source>Run</source>
            <translation>运行</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="282" />
            <source>Allocate staff</source>
            <translation>配置人员</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="247" />
            <source>Total staff</source>
            <translation>人员总数</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="258" />
            <source>Minimum staff per grid</source>
            <translation>每个网格最少人数</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="269" />
            <source>People one person serves</source>
            <translation>每人服务人口</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="339" />
            <source>Site outlets</source>
            <translation>网点选址</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="294" />
            <source>Candidate sites</source>
            <translation>候选网点</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="302" />
            <source>New outlets</source>
            <translation>新增网点数</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="312" />
            <source>Method</source>
            <translation>方法</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="320" />
            <source>Service radius (m)</source>
            <translation>服务半径（米）</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="355" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="112" />
            <source>All grids</source>
            <translation>全部网格</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="112" />
            <source>No staff</source>
            <translation>无人员</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="112" />
            <source>Fewer staff than recommended</source>
            <translation>人员少于建议人数</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="112" />
            <source>More staff than recommended</source>
            <translation>人员多于建议人数</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="156" />
            <source>Open service-grid project</source>
            <translation>打开服务网格项目</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="254" />
            <source>No Service Grid project is loaded. Open one (Service Grid ▸ Open project GeoPackage…) or choose its GeoPackage above.</source>
            <translation>尚未加载服务网格项目。请打开一个项目（服务网格 ▸ 打开项目 GeoPackage…），或在上方选择其 GeoPackage。</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="270" />
            <source>Wait until the running task has finished.</source>
            <translation>请等待正在运行的任务完成。</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="276" />
            <source>Cannot open {path}: {error}</source>
            <translation>无法打开 {path}：{error}</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="347" />
            <source>(no outlet)</source>
            <translation>（无网点）</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="523" />
            <source>{count} grids selected ({people:,} people).</source>
            <translation>已选择 {count} 个网格（{people:,} 人）。</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="526" />
            <source>{hidden} hidden by the filter.</source>
            <translation>其中 {hidden} 个被筛选隐藏。</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="588" />
            <source>Select grids (table or map) and staff (list) first.</source>
            <translation>请先选择网格（表格或地图）和人员（列表）。</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="581" />
            <source>They are already assigned to these grids.</source>
            <translation>这些人员已分配到这些网格。</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="596" />
            <source>None of them is assigned to these grids.</source>
            <translation>这些人员均未分配到这些网格。</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="602" />
            <source>Select grids (table or map) first.</source>
            <translation>请先选择网格（表格或地图）。</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="636" />
            <source>{grids:,} grids · {people:,} people · {staff} staff ({assigned} assigned) · {outlets} outlets</source>
            <translation>{grids:,} 个网格 · {people:,} 人 · {staff} 名人员（已分配 {assigned} 名）· {outlets} 个网点</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="648" />
            <source>This project has no grids yet: build them with Build service grids first.</source>
            <translation>此项目还没有网格：请先用“生成服务网格”划分网格。</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="653" />
            <source>⚠ &lt;b&gt;Grids without staff: {count}&lt;/b&gt; ({ids}). &lt;a href="uncovered"&gt;Select them&lt;/a&gt;</source>
            <translation>⚠ &lt;b&gt;无人员的网格：{count} 个&lt;/b&gt;（{ids}）。&lt;a href="uncovered"&gt;选中这些网格&lt;/a&gt;</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="662" />
            <source>⚠ &lt;b style="color:#c82828"&gt;Staff over capacity: {count}&lt;/b&gt; ({names}). &lt;a href="overloaded"&gt;Select their grids&lt;/a&gt;</source>
            <translation>⚠ &lt;b style="color:#c82828"&gt;超出服务容量的人员：{count} 名&lt;/b&gt;（{names}）。&lt;a href="overloaded"&gt;选中其网格&lt;/a&gt;</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="668" />
            <source>Grids with fewer staff than recommended: {count}. &lt;a href="understaffed"&gt;Show them&lt;/a&gt;</source>
            <translation>人员少于建议人数的网格：{count} 个。&lt;a href="understaffed"&gt;显示这些网格&lt;/a&gt;</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="671" />
            <source>✓ Every grid has staff and nobody is over capacity.</source>
            <translation>✓ 每个网格都有人员，且无人超出服务容量。</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="785" />
            <source>Service Grid: allocating staff</source>
            <translation>服务网格：正在配置人员</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="804" />
            <source>Service Grid: siting outlets</source>
            <translation>服务网格：正在进行网点选址</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="808" />
            <source>A task is already running.</source>
            <translation>已有任务正在运行。</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="812" />
            <source>Save or discard the edits of {layers} first: the task rewrites the GeoPackage.</source>
            <translation>请先保存或放弃 {layers} 的编辑：该任务会重写 GeoPackage。</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="881" />
            <source>The algorithm {id} is not available.</source>
            <translation>算法 {id} 不可用。</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="826" />
            <source>Running {id}…</source>
            <translation>正在运行 {id}…</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="847" />
            <source>{id} finished. {numbers}</source>
            <translation>{id} 已完成。{numbers}</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="849" />
            <source>{id} finished: the dock and the map show its results.</source>
            <translation>{id} 已完成：面板和地图已显示其结果。</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="853" />
            <source>cancelled</source>
            <translation>已取消</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="856" />
            <source>{id} did not finish: {reason}</source>
            <translation>{id} 未完成：{reason}</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="333" />
            <source>Each grid goes to one outlet without exceeding the outlet's capacity</source>
            <translation>每个网格整体分配给一个网点，且不超过网点容量</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="334" />
            <source>Capacity-aware assignment of grids to outlets</source>
            <translation>按网点容量分配网格</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="796" />
            <source>Choose the layer of candidate sites (points) first.</source>
            <translation>请先选择候选网点图层（点）。</translation>
        </message>
        <message>
            <location filename="../../forms/staff_dock.ui" line="253" />
            <source>As recommended</source>
            <translation>按建议人数</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_dock.py" line="777" />
            <source>Cannot copy the layer {layer} for the task: {error}</source>
            <translation>无法为任务复制图层 {layer}：{error}</translation>
        </message>
    </context>
    <context>
        <name>StaffEditor</name>
        <message>
            <location filename="../../plugin/staff_editor.py" line="121" />
            <source>Assign {staff} staff to {grids} grids</source>
            <translation>将 {staff} 名人员分配到 {grids} 个网格</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_editor.py" line="135" />
            <source>Unassign {staff} staff from {grids} grids</source>
            <translation>从 {grids} 个网格取消 {staff} 名人员的分配</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_editor.py" line="151" />
            <source>Set outlet {outlet} for {grids} grids</source>
            <translation>为 {grids} 个网格设置网点 {outlet}</translation>
        </message>
        <message>
            <location filename="../../plugin/staff_editor.py" line="151" />
            <source>Clear the outlet of {grids} grids</source>
            <translation>清除 {grids} 个网格的网点</translation>
        </message>
    </context>
    <context>
        <name>StaffTableModel</name>
        <message>
            <location filename="../../plugin/grid_model.py" line="429" />
            <source>Staff id</source>
            <translation>工号</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="429" />
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="432" />
            <source>Role</source>
            <translation>岗位</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="432" />
            <source>Outlet</source>
            <translation>网点</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="431" />
            <source>Grids</source>
            <translation>网格数</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="430" />
            <source>Assigned people</source>
            <translation>负责人口</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="431" />
            <source>Capacity</source>
            <translation>服务容量</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="430" />
            <source>Use</source>
            <translation>负荷率</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="434" />
            <source>Agent</source>
            <translation>代理人</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="434" />
            <source>Claims</source>
            <translation>理赔</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="435" />
            <source>Service</source>
            <translation>客服</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="435" />
            <source>Manager</source>
            <translation>经理</translation>
        </message>
        <message>
            <location filename="../../plugin/grid_model.py" line="518" />
            <source>Grids: {grids}</source>
            <translation>网格：{grids}</translation>
        </message>
    </context>
    <context>
        <name>WorkloadChart</name>
        <message>
            <location filename="../../plugin/workload_chart.py" line="90" />
            <source>{name}: {load:,.0f} people, capacity {capacity:,.0f} ({use:.0%})</source>
            <translation>{name}：负责 {load:,.0f} 人，容量 {capacity:,.0f}（{use:.0%}）</translation>
        </message>
        <message>
            <location filename="../../plugin/workload_chart.py" line="95" />
            <source>{name}: {load:,.0f} people, no capacity given</source>
            <translation>{name}：负责 {load:,.0f} 人，未填写服务容量</translation>
        </message>
        <message>
            <location filename="../../plugin/workload_chart.py" line="120" />
            <source>No staff in this project.</source>
            <translation>此项目没有人员。</translation>
        </message>
        <message>
            <location filename="../../plugin/workload_chart.py" line="132" />
            <source>Assigned people / capacity</source>
            <translation>负责人口 / 服务容量</translation>
        </message>
    </context>
</TS>