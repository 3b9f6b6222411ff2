<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>AllocateStaffAlgorithm</name>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="30"/>
        <source>Allocate staff to grids</source>
        <translation>人员配置（网格分配）</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="34"/>
        <source>staff,allocation,assignment,apportionment,workload,capacity,人员,配置,分配,网格</source>
        <translation>人员,配置,分配,名额分配,工作量,服务容量,网格,staff,allocation,assignment,apportionment,workload,capacity</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="83"/>
        <source>Service grids (polygons with population)</source>
        <translation>服务网格（含人口的面图层）</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="85"/>
        <source>Staff roster (table)</source>
        <translation>人员花名册（表）</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="86"/>
        <source>Outlets (points; travel is measured from them)</source>
        <translation>服务网点（点；路程从网点起算）</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="88"/>
        <source>Total staff to apportion (0 = as many as recommended)</source>
        <translation>待分配的总人数（0 = 按建议人数）</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="90"/>
        <source>Minimum staff per grid</source>
        <translation>每个网格最少人数</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="92"/>
        <source>Population one person can serve</source>
        <translation>单人服务人口容量</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="94"/>
        <source>Extra staff suggested per grid (e.g. staff_change from service quality)</source>
        <translation>每个网格建议增加的人数（如服务质量评估的 staff_change）</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="96"/>
        <source>Grids with staff</source>
        <translation>含人员数的网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="97"/>
        <source>Assignments</source>
        <translation>人员分配</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="98"/>
        <source>Also store the result in this project GeoPackage (input: its grids layer)</source>
        <translation>同时把结果保存到此项目 GeoPackage（输入须为其网格图层）</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="101"/>
        <source>Recommended staff</source>
        <translation>建议人员数</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="102"/>
        <source>Assignments made</source>
        <translation>已分配条数</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="103"/>
        <source>Grids without anybody</source>
        <translation>无人负责的网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="104"/>
        <source>Grids with fewer people than recommended</source>
        <translation>人员少于建议数的网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="105"/>
        <source>Staff above capacity</source>
        <translation>超出服务容量的人员</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="106"/>
        <source>Workload not served within capacity</source>
        <translation>服务容量内无法承担的工作量</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="107"/>
        <source>People missing</source>
        <translation>缺少人数</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="108"/>
        <source>Workload-weighted travel</source>
        <translation>按工作量加权的路程</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="109"/>
        <source>Mean travel (km)</source>
        <translation>平均路程（公里）</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="110"/>
        <source>Highest utilisation</source>
        <translation>最高负荷率</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="111"/>
        <source>Gap to the lower bound</source>
        <translation>与下界的差距</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="116"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="190"/>
        <source>{grids} grids, workload {workload:,.0f}; {recommended} staff recommended; {people} active staff with capacity {capacity:,.0f}; {assigned} assignments. Mean travel {km:.2f} km, highest utilisation {util:.0%}. Method: {method}; {pairs:,} candidate pairs.</source>
        <translation>{grids} 个网格，工作量 {workload:,.0f}；建议人员 {recommended} 名；在岗人员 {people} 名，服务容量 {capacity:,.0f}；分配 {assigned} 条。平均路程 {km:.2f} 公里，最高负荷率 {util:.0%}。方法：{method}；候选组合 {pairs:,} 个。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="210"/>
        <source>Objective {value:,.1f}, proven lower bound {bound:,.1f} (gap {gap:.2%}).</source>
        <translation>目标值 {value:,.1f}，已证明的下界 {bound:,.1f}（差距 {gap:.2%}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff_input.py" line="57"/>
        <source>No outlets: travel is not taken into account.</source>
        <translation>未提供服务网点：不考虑路程。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff_input.py" line="63"/>
        <source>outlets</source>
        <translation>服务网点</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff_input.py" line="67"/>
        <source>The outlets layer '{layer}' has no outlet id field (outlet_id or 网点编号), so the roster's outlet_id cannot be matched. Its fields are: {fields}.</source>
        <translation>网点图层“{layer}”没有网点编号字段（outlet_id 或 网点编号），无法匹配花名册中的 outlet_id。其字段为：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff_input.py" line="86"/>
        <source>staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff_input.py" line="92"/>
        <source>The staff roster &apos;{layer}&apos; is empty. Choose the roster with staff_id, name, role, outlet_id, capacity and active.</source>
        <translation>人员花名册“{layer}”为空。请选择含 staff_id、name、role、outlet_id、capacity 和 active 的花名册。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff_input.py" line="103"/>
        <source>Nobody in the staff roster &apos;{layer}&apos; is active (active = 1). Mark the staff who can be assigned as active.</source>
        <translation>人员花名册“{layer}”中没有在岗人员（active = 1）。请把可分配的人员标记为在岗。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff_input.py" line="112"/>
        <source>{n} inactive staff left out.</source>
        <translation>已排除 {n} 名不在岗人员。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff_input.py" line="130"/>
        <source>{n} active staff have capacity 0 and take no grid: {ids}.</source>
        <translation>{n} 名在岗人员的服务容量为 0，不负责任何网格：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff_input.py" line="137"/>
        <source>No active staff member has a capacity above 0. Set their capacity (population one person can serve) or leave it empty to use the staff capacity.</source>
        <translation>没有服务容量大于 0 的在岗人员。请填写其服务容量（单人可服务的人口），或留空以使用单人服务人口容量。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff_input.py" line="146"/>
        <source>{n} staff without a capacity count {capacity:,.0f} each (staff capacity).</source>
        <translation>{n} 名人员未填写服务容量，每人按 {capacity:,.0f} 计（单人服务人口容量）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff_input.py" line="164"/>
        <source>The roster names {n} outlet id(s) that are not in the outlets layer: {outlets} (staff {staff}). Correct the staff&apos;s outlet_id or add the outlets.</source>
        <translation>花名册中有 {n} 个网点编号不在网点图层中：{outlets}（人员 {staff}）。请更正人员的 outlet_id，或补充这些网点。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff_output.py" line="98"/>
        <source>To store the result in a project GeoPackage, allocate staff to the project&apos;s own grids layer (it has the field grid_id).</source>
        <translation>要把结果保存到项目 GeoPackage，请对项目自身的网格图层（含 grid_id 字段）进行人员配置。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff_output.py" line="132"/>
        <source>Only {found} of the {grids} grids were found in {path}: allocate the project&apos;s own grids layer so that every grid gets its recommended staff.</source>
        <translation>{grids} 个网格中只有 {found} 个在 {path} 中找到：请对项目自身的网格图层进行人员配置，使每个网格都获得建议人员数。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff_output.py" line="140"/>
        <source>Stored {assignments} assignments and the recommended staff of {updated} grids in {path}.</source>
        <translation>已在 {path} 中保存 {assignments} 条人员分配和 {updated} 个网格的建议人员数。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff_input.py" line="23"/>
        <source>Field &apos;{field}&apos; chosen for {param} not found in the grids layer. Its fields are: {fields}.</source>
        <translation>在网格图层中找不到为{param}选择的字段“{field}”。该图层的字段有：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff_input.py" line="174"/>
        <source>{n} active staff have no outlet: {ids}. Each person works from an outlet: fill in their outlet_id (a mobile team has an outlet of kind &apos;mobile&apos;), or leave {param} empty to ignore travel.</source>
        <translation>{n} 名在岗人员没有所属网点：{ids}。每个人都从某个网点出发工作：请填写其所属网点（流动服务队的网点类型为“流动服务”），或将{param}留空以不考虑路程。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="38"/>
        <source>Recommends how many people each service grid needs and assigns named staff from the roster to grids.

Workload per grid (population equivalents) = population × (1 + 0.5 × (demand index ÷ its population-weighted mean − 1)) + quality × staff capacity. Without a demand_index field it is the population. The optional quality field (e.g. staff_change from a service-quality run) adds that many people's worth of workload to a grid (negative values remove it).

Recommended staff: with a total headcount, the total is apportioned exactly by the Webster (Sainte-Laguë) method, at least the minimum per grid; without it, workload ÷ staff capacity rounded up, at least the minimum.

Assignment: only active staff; each works from their outlet (distance from the outlet to the grid), carries an equal share of each grid they cover and never more than their capacity (staff capacity where the roster has none). Every grid gets somebody, then its recommended number of people where the roster allows; loads are balanced against capacities and travel kept short. An exact optimisation (MILP) is used when the problem is small enough, a heuristic beyond. When the roster is too small, the missing capacity, the grids without enough people and anybody overloaded (only to cover a grid nobody else can) are reported.

Results: TOTAL_RECOMMENDED, TOTAL_ASSIGNED, UNCOVERED_GRIDS, UNDERSTAFFED_GRIDS, OVERLOADED_STAFF, SHORTFALL_CAPACITY (population equivalents), SHORTFALL_STAFF, OBJECTIVE (workload-weighted travel, population equivalents × km), MEAN_TRAVEL_KM, MAX_UTILISATION, GAP (to the proven lower bound: the plan has at most that much more travel than the best possible plan), UNSERVED_WORKLOAD, FORCED_SHORTFALL (workload no plan can serve within the roster's capacity), PLAN_QUALITY (the gap in words) and METHOD.</source>
        <translation>测算每个服务网格需要的人员数，并把花名册中的具体人员分配到网格。

网格工作量（折合服务人口）= 人口 × (1 + 0.5 × (需求指数 ÷ 按人口加权的平均需求指数 − 1)) + 质量调整 × 单人服务容量。没有 demand_index 字段时即为人口。可选的质量字段（如服务质量评估得出的 staff_change）为网格增加相应人数的工作量（负值则减少）。

建议人员数：给定总人数时，用韦伯斯特（圣拉居）法精确分配总人数，每个网格不少于最低人数；未给定时，为工作量 ÷ 单人服务容量向上取整，且不少于最低人数。

分配：只分配在岗人员；每人从所属网点出发（按网点到网格的距离计），平均分担所负责网格的工作量，且不超过本人服务容量（花名册未填写时取单人服务容量）。先保证每个网格都有人，再在花名册允许时配足建议人数；按服务容量均衡负荷，并尽量缩短路程。问题规模较小时使用精确优化（混合整数规划），更大时使用启发式算法。花名册人手不足时，报告缺少的服务容量、人员不足的网格，以及超出容量的人员（仅在没有其他人能覆盖某网格时才会超出）。

结果：TOTAL_RECOMMENDED、TOTAL_ASSIGNED、UNCOVERED_GRIDS、UNDERSTAFFED_GRIDS、OVERLOADED_STAFF、SHORTFALL_CAPACITY（折合服务人口）、SHORTFALL_STAFF、OBJECTIVE（按工作量加权的路程，折合服务人口 × 公里）、MEAN_TRAVEL_KM、MAX_UTILISATION、GAP（与已证明下界的差距：方案的路程至多比最优方案多这么多）、UNSERVED_WORKLOAD、FORCED_SHORTFALL（花名册的服务容量无论如何都无法承担的工作量）、PLAN_QUALITY（用文字说明的差距）和 METHOD。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="112"/>
        <source>Workload left unserved</source>
        <translation>未被承担的工作量</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="113"/>
        <source>Workload the roster&apos;s capacity cannot serve</source>
        <translation>花名册服务容量无法承担的工作量</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="117"/>
        <source>Plan quality</source>
        <translation>方案质量</translation>
    </message>
</context>
<context>
    <name>AssignVisitsAlgorithm</name>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="27"/>
        <source>Assign follow-up visits</source>
        <translation>派发回访任务</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="28"/>
        <source>visit,follow-up,revisit,customers,renewal,due,field,回访,续保,任务,派发</source>
        <translation>visit,follow-up,revisit,customers,renewal,due,field,回访,续保,任务,派发,客户,截止日期,外业</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="32"/>
        <source>Assigns follow-up visits (回访) to field staff: one open visit per point of the input (customers, or any places), in the grid the point lies in, with a purpose and a due date.

Without a staff id, each visit goes to the staff assigned to its grid (when several are, to the one with the fewest open visits); with one, all go to that person. Without an input layer, the project's customers layer is used. The expression chooses which points (e.g. &quot;type&quot; = 'enterprise'). Points outside every grid, grids nobody covers and customers who already have an open visit of the same purpose are skipped and counted, so running it twice adds nothing twice.

The visits travel in the staff members' field packages (make or refresh them), are marked done in the field and come back with the sync.</source>
        <translation>向外业人员派发回访任务：输入中的每个点（客户或任意地点）生成一条待回访任务，归入该点所在的网格，并带有回访目的和截止日期。

不填工号时，每条任务派给负责该网格的人员（有多人时，派给待回访任务最少的人）；填了工号，则全部派给此人。不选输入图层时，使用项目中的客户图层。表达式用于筛选点（例如 &quot;type&quot; = 'enterprise'）。位于所有网格之外的点、无人负责的网格，以及已有同一目的待回访任务的客户都会被跳过并计数，因此重复运行不会重复派发。

回访任务随人员的外业包下发（新建或更新外业包），在外业标记完成后，通过同步回到项目。</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="61"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="62"/>
        <source>Customers or places (empty: the project&apos;s customers)</source>
        <translation>客户或地点（留空：使用项目的客户图层）</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="69"/>
        <source>Only the points where this expression is true</source>
        <translation>仅取满足此表达式的点</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="77"/>
        <source>Customer id field</source>
        <translation>客户编号字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="84"/>
        <source>Staff id (empty: the staff of each grid)</source>
        <translation>工号（留空：各网格的负责人员）</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="90"/>
        <source>Purpose</source>
        <translation>回访目的</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="91"/>
        <source>Due date (YYYY-MM-DD; empty: in N days)</source>
        <translation>截止日期（YYYY-MM-DD；留空：N 天后）</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="96"/>
        <source>Due in days</source>
        <translation>截止天数</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="97"/>
        <source>Assigned by</source>
        <translation>派发人</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="101"/>
        <source>Visits assigned</source>
        <translation>已派发的回访任务</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="101"/>
        <source>Points outside every grid</source>
        <translation>位于所有网格之外的点</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="101"/>
        <source>Points in grids nobody covers</source>
        <translation>位于无人负责网格中的点</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="101"/>
        <source>Customers with an open visit already</source>
        <translation>已有待回访任务的客户</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="116"/>
        <source>Choose the customers or places in {param}: the project has no customers layer to take them from.</source>
        <translation>请在{param}中选择客户或地点：项目中没有可用的客户图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="139"/>
        <source>{path} has no grids layer: build the grids first.</source>
        <translation>{path} 没有网格图层：请先划分网格。</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="151"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="163"/>
        <source>{created} visits assigned (due {due}); skipped: {outside} outside every grid, {no_staff} in grids nobody covers, {duplicates} with an open visit already.</source>
        <translation>已派发 {created} 条回访任务（截止 {due}）；跳过：{outside} 个位于所有网格之外，{no_staff} 个位于无人负责的网格，{duplicates} 个已有待回访任务。</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="176"/>
        <source>{staff}: {n} visits</source>
        <translation>{staff}：{n} 条回访任务</translation>
    </message>
    <message>
        <location filename="../../algorithms/assign_visits.py" line="178"/>
        <source>Grids with visits but no staff assigned: {grids}</source>
        <translation>有回访任务但无人负责的网格：{grids}</translation>
    </message>
</context>
<context>
    <name>Basemap</name>
    <message>
        <location filename="../../algorithms/basemap.py" line="245"/>
        <source>The basemap is over {param} = {limit:g} MB already at its coarsest zoom ({zoom}). Raise {param}, or make the package without a basemap ({zoom_param} = 0).</source>
        <translation>底图在最粗的缩放级别（{zoom}）已超过 {param} = {limit:g} MB。请调大 {param}，或不带底图制作外业包（{zoom_param} = 0）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/basemap.py" line="259"/>
        <source>Basemap stopped at zoom {used}: zoom {zoom} took it over {param} = {limit:g} MB.</source>
        <translation>底图止于缩放级别 {used}：级别 {zoom} 会使其超过 {param} = {limit:g} MB。</translation>
    </message>
    <message>
        <location filename="../../algorithms/basemap.py" line="289"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../algorithms/basemap.py" line="337"/>
        <source>Basemap layers (none: the project&apos;s units, grids and outlets)</source>
        <translation>底图图层（不选：项目的基础单元、网格和网点）</translation>
    </message>
    <message>
        <location filename="../../algorithms/basemap.py" line="346"/>
        <source>Basemap: highest zoom level (0 = no basemap)</source>
        <translation>底图：最高缩放级别（0 = 不带底图）</translation>
    </message>
    <message>
        <location filename="../../algorithms/basemap.py" line="355"/>
        <source>Basemap: largest size (MB)</source>
        <translation>底图：最大大小（MB）</translation>
    </message>
    <message>
        <location filename="../../algorithms/basemap.py" line="363"/>
        <source>Basemap zoom level</source>
        <translation>底图缩放级别</translation>
    </message>
    <message>
        <location filename="../../algorithms/basemap.py" line="363"/>
        <source>Basemap size (MB)</source>
        <translation>底图大小（MB）</translation>
    </message>
    <message>
        <location filename="../../algorithms/basemap.py" line="407"/>
        <source>Basemap: zoom {low} to {zoom}, {tiles} tiles, {mb:.1f} MB (bound {limit:g} MB).</source>
        <translation>底图：缩放级别 {low} 至 {zoom}，{tiles} 个瓦片，{mb:.1f} MB（上限 {limit:g} MB）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/basemap.py" line="443"/>
        <source>{file}: no basemap ({reason})</source>
        <translation>{file}：未生成底图（{reason}）</translation>
    </message>
    <message>
        <location filename="../../algorithms/basemap.py" line="450"/>
        <source>{file}: basemap zoom {low} to {zoom}, {tiles} tiles, {mb:.1f} MB.</source>
        <translation>{file}：底图缩放级别 {low}–{zoom}，{tiles} 个瓦片，{mb:.1f} MB。</translation>
    </message>
</context>
<context>
    <name>BuildCellGridAlgorithm</name>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="23"/>
        <source>Build cell grid (squares or hexagons)</source>
        <translation>生成格网（正方形或六边形）</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="27"/>
        <source>grid,cells,square,hexagon,quadtree,population,density,网格,格网,蜂窝</source>
        <translation>格网,网格,正方形,六边形,蜂窝,四叉树,人口,密度,grid,cells,square,hexagon,quadtree</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="31"/>
        <source>Covers the boundary with square or hexagonal cells and adds up the population in each: points are summed, polygons (communities) are shared out by area. A cell with more people than the maximum population is split into cells of half the size (a square into four; a hexagon into half-size hexagons), again and again while the cells stay at least the minimum size, so cells are small in dense cores and large in the countryside.

Sizes are in the layer&apos;s units (metres for a layer in degrees, which is reprojected to its UTM zone). A hexagon&apos;s size is the width across its flat sides. Without a boundary the cells cover the polygons, or the extent of the points. With several boundary polygons (e.g. streets) no cell crosses from one into another, and their id is written to &apos;nest&apos;.

Cell ids are C[level]-[row]-[column], e.g. C0-004-017 (level 0 = full size; rows north to south, columns west to east). The cells&apos; populations are whole numbers that add up exactly to the population inside the boundary. Income is the population-weighted mean.

Results: CELL_COUNT, POPULATION and MAX_CELL_POPULATION.</source>
        <translation>用正方形或六边形格网覆盖边界范围，并统计每个格子的人口：点要素直接求和，面要素（社区）按面积比例分摊。人口超过“每格最大人口”的格子被拆分为边长减半的格子（正方形一分为四；六边形拆分为半尺寸的六边形），只要格子不小于最小格子尺寸就继续拆分，因此人口密集的中心区格子小、农村地区格子大。

尺寸使用图层的单位（以度为单位的图层会被投影到其所在的 UTM 带，尺寸按米计）。六边形的尺寸指两条平行边之间的宽度。未指定边界时，格网覆盖全部面要素，或点要素的范围。有多个边界面（例如街道）时，格子不会跨越边界，边界编号写入“nest”字段。

格子编号为 C[层级]-[行]-[列]，例如 C0-004-017（层级 0 为原始尺寸；行从北到南，列从西到东）。各格人口为整数，合计恰好等于边界内的总人口。收入为按人口加权的平均值。

结果：CELL_COUNT、POPULATION 和 MAX_CELL_POPULATION。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="65"/>
        <source>Population (points or polygons)</source>
        <translation>人口图层（点或面）</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="66"/>
        <source>Population field</source>
        <translation>人口字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="67"/>
        <source>Income per capita field</source>
        <translation>人均收入字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="70"/>
        <source>Cell shape</source>
        <translation>格子形状</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="69"/>
        <source>Square</source>
        <translation>正方形</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="69"/>
        <source>Hexagon</source>
        <translation>六边形</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="72"/>
        <source>Cell size</source>
        <translation>格子尺寸</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="71"/>
        <source>Minimum cell size (dense cells are split down to it)</source>
        <translation>最小格子尺寸（密集格子最多拆分到此尺寸）</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="74"/>
        <source>Maximum population per cell (0 = never split)</source>
        <translation>每格最大人口（0 = 不拆分）</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="76"/>
        <source>Boundary (polygons; optional)</source>
        <translation>边界（面，可选）</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="78"/>
        <source>Cell grid</source>
        <translation>格网</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="79"/>
        <source>Cells</source>
        <translation>格子数</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="79"/>
        <source>Total population</source>
        <translation>总人口</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid.py" line="79"/>
        <source>Largest cell population</source>
        <translation>最大格子人口</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid_input.py" line="18"/>
        <source>population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid_input.py" line="23"/>
        <source>Layer &apos;{layer}&apos; holds neither points nor polygons. Choose a layer of points (e.g. buildings or addresses with residents) or polygons (communities) with their population.</source>
        <translation>图层“{layer}”既不是点图层也不是面图层。请选择带人口的点图层（如有居民的建筑或门址）或面图层（社区）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid_input.py" line="32"/>
        <source>Layer &apos;{layer}&apos; has no features. Choose a layer of points or polygons with their population.</source>
        <translation>图层“{layer}”没有要素。请选择带人口的点图层或面图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid_input.py" line="42"/>
        <source>The cell sizes are read in metres of {crs}.</source>
        <translation>格子尺寸按 {crs} 的米为单位解读。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid_input.py" line="82"/>
        <source>Using field &apos;{user}&apos; for {ours}.</source>
        <translation>使用字段“{user}”作为 {ours}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid_input.py" line="95"/>
        <source>boundary</source>
        <translation>边界</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid_input.py" line="112"/>
        <source>{n} boundary polygons; cells never cross from one into another, and &apos;nest&apos; holds the boundary&apos;s {field}.</source>
        <translation>共 {n} 个边界面；格子不会跨越边界，“nest”字段记录边界的{field}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid_input.py" line="109"/>
        <source>feature id</source>
        <translation>要素编号</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid_output.py" line="29"/>
        <source>{cells:,} cells holding {pop:,} people; largest cell {largest:,}. Cells made per level (0 = full size): {levels}.</source>
        <translation>共 {cells:,} 个格子，人口 {pop:,}；最大格子人口 {largest:,}。各层级生成的格子数（0 = 原始尺寸）：{levels}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid_output.py" line="42"/>
        <source>{n} cell(s) still have more than {max:,.0f} people at the minimum cell size: lower the minimum cell size to split them further.</source>
        <translation>{n} 个格子在最小尺寸下人口仍超过 {max:,.0f}：如需继续拆分，请减小最小格子尺寸。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid_output.py" line="50"/>
        <source>{people:,.0f} people of &apos;{layer}&apos; are outside the boundary and were not counted.</source>
        <translation>图层“{layer}”中有 {people:,.0f} 人位于边界之外，未计入。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid_input.py" line="59"/>
        <source>Field &apos;{field}&apos; chosen for {param} not found in layer &apos;{layer}&apos;. Its fields are: {fields}.</source>
        <translation>在图层“{layer}”中找不到为{param}选择的字段“{field}”。该图层的字段有：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_cell_grid_input.py" line="73"/>
        <source>Choose a field for {param}.</source>
        <translation>请为 {param} 选择字段。</translation>
    </message>
</context>
<context>
    <name>BuildGridsAlgorithm</name>
    <message>
        <location filename="../../algorithms/build_grids.py" line="49"/>
        <source>Build service grids</source>
        <translation>构建服务网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids.py" line="53"/>
        <source>grid,territory,districting,balanced,contiguous,partition,网格,划分</source>
        <translation>网格,服务网格,划分,区域划分,均衡,连片,分区,grid,territory,districting,balanced,contiguous,partition</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids.py" line="130"/>
        <source>Units (polygons)</source>
        <translation>基础单元（面）</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids.py" line="131"/>
        <source>Population field</source>
        <translation>人口字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids.py" line="132"/>
        <source>Income per capita field</source>
        <translation>人均收入字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids.py" line="132"/>
        <source>Nest field (grids never cross it, e.g. street code)</source>
        <translation>上级区划字段（网格不跨越，如街道代码）</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids.py" line="137"/>
        <source>Target population per grid</source>
        <translation>每个网格的目标人口</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids.py" line="139"/>
        <source>Number of grids (instead of a target; 0 = use the target)</source>
        <translation>网格数量（代替目标人口；0 = 使用目标人口）</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids.py" line="141"/>
        <source>Tolerance (± % of the target)</source>
        <translation>容差（目标人口的 ±%）</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids.py" line="142"/>
        <source>Previous grid id field (keeps grids stable)</source>
        <translation>原网格编号字段（保持网格稳定）</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids.py" line="144"/>
        <source>Grid id prefix</source>
        <translation>网格编号前缀</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids.py" line="150"/>
        <source>Service grids</source>
        <translation>服务网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids.py" line="151"/>
        <source>Units with grid id</source>
        <translation>带网格编号的基础单元</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids.py" line="152"/>
        <source>Also store the grids in this project GeoPackage (input: its units layer)</source>
        <translation>同时将网格存入此项目 GeoPackage（输入须为该项目的基础单元图层）</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_output.py" line="194"/>
        <source>{grids} grids; population CV {cv:.3f}, smallest/largest grid {lo:.2f}/{hi:.2f} of the mean, {within:.0%} within ±{tol:g} % of {target:,.0f}; mean Polsby–Popper {pp:.2f}; non-contiguous {nc}, nest violations {nv}.</source>
        <translation>共 {grids} 个网格；人口变异系数 {cv:.3f}，最小/最大网格人口为平均值的 {lo:.2f}/{hi:.2f} 倍，{within:.0%} 的网格处于 {target:,.0f} 的 ±{tol:g} % 范围内；平均紧凑度（Polsby–Popper）{pp:.2f}；不连片网格 {nc} 个，跨越上级区划的网格 {nv} 个。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_output.py" line="214"/>
        <source>{kept:.1%} of the units stayed in their previous grid.</source>
        <translation>{kept:.1%} 的基础单元留在原网格中。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_input.py" line="103"/>
        <source>To store the grids in a project GeoPackage, divide the project&apos;s own units layer (it has the field unit_id).</source>
        <translation>如需将网格存入项目 GeoPackage，请对该项目自身的基础单元图层进行划分（该图层含有 unit_id 字段）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_output.py" line="174"/>
        <source>Stored {grids} grids in {path}; {units} units carry their grid id.</source>
        <translation>已将 {grids} 个网格存入 {path}；{units} 个基础单元已写入所属网格编号。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_input.py" line="47"/>
        <source>Choose a field for {param}.</source>
        <translation>请为 {param} 选择字段。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_input.py" line="115"/>
        <source>The units layer {layer} is not the units of the project {path}: {missing} of the project&apos;s {total} units are not in it and it has {extra} units the project does not have (or has twice). Storing these grids would leave units without a grid. Divide the project&apos;s own units layer ({path}|layername=units, all its units), or leave PROJECT empty to only write the output layers.</source>
        <translation>单元图层 {layer} 不是项目 {path} 的单元：项目的 {total} 个单元中有 {missing} 个不在其中，且它有 {extra} 个项目中没有（或重复）的单元。保存这些网格会使部分单元没有网格。请划分项目自己的单元图层（{path}|layername=units，全部单元），或将 PROJECT 留空，只写出输出图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_input.py" line="54"/>
        <source>Field &apos;{field}&apos; chosen for {param} not found in the units layer. Its fields are: {fields}.</source>
        <translation>在基础单元图层中找不到为{param}选择的字段“{field}”。该图层的字段有：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_input.py" line="70"/>
        <source>Give a target population per grid in {target} or a number of grids in {count}.</source>
        <translation>请在{target}中填写每个网格的目标人口，或在{count}中填写网格数量。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_output.py" line="115"/>
        <source>Saved the previous division as version {id} “{name}”.</source>
        <translation>已将先前的网格划分保存为版本 {id}“{name}”。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids.py" line="146"/>
        <source>Digits of the grid sequence number</source>
        <translation>网格顺序码位数</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_output.py" line="96"/>
        <source>Kept {grids} locked grids ({units} units) as they are.</source>
        <translation>已原样保留 {grids} 个锁定网格（{units} 个基础单元）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_project.py" line="57"/>
        <source>{n} locked grid(s) of {path} have no units: {ids}. Their units were deleted or moved to other grids. Unlock them (set locked to 0 in the grids layer) or give them units, then run again.</source>
        <translation>{path} 中有 {n} 个锁定网格没有基础单元：{ids}。其基础单元已被删除或移到其他网格。请解除锁定（在网格图层中将 locked 设为 0）或为其分配基础单元，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_output.py" line="181"/>
        <source>Kept the outlet of {outlets_kept} grids that kept their code; {decisions} staff assignments and outlets of grids that are gone wait in the Grid editor&apos;s &apos;Needs a decision&apos;; {feedback} feedback points follow their unit to its new grid.</source>
        <translation>保留编码的 {outlets_kept} 个网格保留了其服务网点；已不存在的网格的 {decisions} 条人员分配和网点进入网格编辑器的“待定分配”；{feedback} 条客户反馈随其所在单元归入新网格。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_output.py" line="226"/>
        <source>{name}: CV {cv:.3f}, smallest/largest grid {lo:.2f}/{hi:.2f} of the mean, {within:.0%} of grids within its tolerance</source>
        <translation>{name}：变异系数 {cv:.3f}，最小/最大网格为平均值的 {lo:.2f}/{hi:.2f}，{within:.0%} 的网格处于其容差内</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_output.py" line="245"/>
        <source>Balance per variable:</source>
        <translation>各均衡变量的均衡情况：</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_output.py" line="252"/>
        <source>Targets by area: grid targets from {low:,.0f} to {high:,.0f} people (finer where the target is smaller); the balance figures compare each grid with its own target.</source>
        <translation>分区目标：网格目标人口从 {low:,.0f} 到 {high:,.0f} 人（目标较小处网格更细）；均衡指标按每个网格自己的目标比较。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_output.py" line="262"/>
        <source>Income: {dispersion:.0%} of the income variance lies within grids (0 % = every grid one income); {tiers:.0%} of grids fall clearly into one income tier (80 % of their people); homogeneity weight {h:g}.</source>
        <translation>收入：{dispersion:.0%} 的收入方差位于网格内部（0% = 每个网格收入一致）；{tiers:.0%} 的网格明确属于一个收入层级（80% 的人口）；同质性权重 {h:g}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="37"/>
        <source>Balance on (field or expression, weight, tolerance %; empty = population; 'workload' = population × demand adjustment)</source>
        <translation>均衡依据（字段或表达式、权重、容差 %；留空 = 人口；'工作量'（或 'workload'）= 人口 × 需求调整系数）</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="37"/>
        <source>Field or expression</source>
        <translation>字段或表达式</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="37"/>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="37"/>
        <source>Tolerance (%)</source>
        <translation>容差（%）</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="57"/>
        <source>Income homogeneity (0 = off, 1 = strong; needs the income field)</source>
        <translation>收入同质性（0 = 关闭，1 = 强；需要收入字段）</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="67"/>
        <source>Target population field (per unit; finer grids where it is smaller)</source>
        <translation>目标人口字段（按基础单元；目标较小处网格更细）</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="78"/>
        <source>Target population per density class (urban_core ≥ 10,000 people/km², urban ≥ 3,000, suburban ≥ 500, rural)</source>
        <translation>按密度等级的目标人口（城市核心 ≥ 10,000 人/平方公里，城区 ≥ 3,000，城郊 ≥ 500，农村）</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="78"/>
        <source>Density class</source>
        <translation>密度等级</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="78"/>
        <source>Target population</source>
        <translation>目标人口</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="124"/>
        <source>{param} needs pairs of a density class and a target population, e.g. urban_core, 20000, rural, 60000.</source>
        <translation>{param} 需要成对填写密度等级和目标人口，例如 城市核心, 20000, 农村, 60000。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="140"/>
        <source>Unknown density class &apos;{name}&apos; in {param}. Use one of: {codes}.</source>
        <translation>{param} 中的密度等级 '{name}' 无法识别。请使用以下之一：{codes}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="155"/>
        <source>The target population of &apos;{name}&apos; in {param} must be a number above 0 (it is &apos;{value}&apos;).</source>
        <translation>{param} 中 '{name}' 的目标人口必须是大于 0 的数（当前为 '{value}'）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="182"/>
        <source>{param} needs rows of three values: a field or expression, a weight and a tolerance in % (empty: the tolerance of the grids), e.g. pop, 1, 10, households, 1, 15.</source>
        <translation>{param} 每行需要三个值：字段或表达式、权重和容差 %（留空：使用网格容差），例如 pop, 1, 10, households, 1, 15。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="193"/>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="200"/>
        <source>tolerance</source>
        <translation>容差</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="208"/>
        <source>Row {row} of {param} has no field or expression.</source>
        <translation>{param} 的第 {row} 行没有字段或表达式。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="242"/>
        <source>The {what} of &apos;{row}&apos; in {param} is not a number: &apos;{value}&apos;.</source>
        <translation>{param} 中 '{row}' 的{what}不是数字：'{value}'。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="254"/>
        <source>&apos;{text}&apos; in {param} is neither a field of the units nor a valid expression: {error}. Fields: {fields}.</source>
        <translation>{param} 中的 '{text}' 既不是基础单元的字段，也不是有效的表达式：{error}。字段：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="285"/>
        <source>&apos;{text}&apos; in {param} cannot be computed for feature(s) {ids}: {error}.</source>
        <translation>{param} 中的 '{text}' 无法对要素 {ids} 计算：{error}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_demand.py" line="308"/>
        <source>&apos;{text}&apos; in {param} is not a number for feature(s) {ids}: choose a numeric field or an expression that gives numbers.</source>
        <translation>{param} 中的 '{text}' 对要素 {ids} 不是数字：请选择数值字段或结果为数字的表达式。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids.py" line="57"/>
        <source>Divides administrative units (communities, villages) into service grids: each grid is one contiguous piece of units sharing boundaries, never crosses the nest boundary (street or district), holds about the target population (within the tolerance wherever the units allow) and is as compact as possible.

Give a target population per grid, or a number of grids (split between nests by population). Islands and pieces of a nest cut off by a river join the nearest grid of their nest. A unit alone above the maximum becomes a grid of its own. Everything that cannot be balanced is explained in the log.

Grid ids follow the coding of unit grids in China (GB/T 30428.2): the nest's administrative code (the street code) and a sequence number of 3 digits, numbered west to east in rows from north to south (320102001 → 320102001001, 320102001002…). The id prefix is put in front as given; the digits of the sequence are set by the sequence width. Without a nest: the prefix (or G) and the sequence. The same input gives the same grids and ids. With a previous grid field, a re-run keeps units in their grids and grids their ids as far as the new populations allow.

With a project: locked grids keep their units, id and attributes, and the other units are divided around them (a number of grids counts the locked grids). A grid keeps the code of a project grid when it holds more than half of that grid's population; other grids get new codes, above every code the project ever gave: a retired code is never given again. The Grid editor's undo history starts again.

By density and income (advanced parameters): BALANCE lists what grids are balanced on, one row per field or expression (e.g. households, or &quot;pop&quot; * 1.2) with a weight and a tolerance in %; 'workload' is the population times the demand adjustment that allocatestaff uses. A target population per unit (TARGET_FIELD) or per density class (DENSITY_TARGETS, by the density of each unit with its neighbours) makes grids finer where the target is smaller. Income homogeneity (0–1) keeps richer and poorer units in separate grids as far as the balance allows. BARRIERS (rivers, motorways, railways): units are not joined across them except where CROSSINGS (bridges, underpasses) lie on their shared boundary; the pieces of a nest on each side get grids of their own.

Results: GRID_COUNT, POPULATION_CV (standard deviation / mean of grid population), MIN_RATIO and MAX_RATIO (smallest and largest grid / mean), NON_CONTIGUOUS, NEST_VIOLATIONS, MEAN_POLSBY_POPPER (compactness, 1 = disc), WITHIN_TOLERANCE (share of grids within the tolerance of their target), BALANCE_REPORT (CV, min/max ratio and share within tolerance per balance variable), INCOME_DISPERSION (share of the income variance within grids), ONE_TIER_SHARE (share of grids with 80 % of their people in one income tier), BARRIER_CUTS and, with a previous grid field, UNITS_KEPT.</source>
        <translation>将行政单元（社区、村）划分为服务网格：每个网格由相互共享边界的基础单元组成，连片成一个整体，不跨越上级区划（街道或区县）的边界，人口接近目标人口（在基础单元条件允许时控制在容差范围内），且形状尽可能紧凑。

可以指定每个网格的目标人口，也可以指定网格数量（按人口在各上级区划之间分配）。孤立单元（如岛屿）以及被河流隔开的上级区划分离部分，并入同一上级区划内最近的网格。单个基础单元的人口即超过网格人口上限时，该单元自成一个网格。所有无法均衡的情况都会在日志中说明。

网格编号按我国单元网格的编码方法（GB/T 30428.2）编制：上级区划的行政区划代码（街道代码）加 3 位顺序码，自北向南逐行、每行自西向东依次编号（320102001 → 320102001001、320102001002…）。编号前缀按原样加在最前面；顺序码的位数由顺序码位数参数设定。没有上级区划时：前缀（无前缀时为 G）加顺序码。相同的输入始终得到相同的网格和编号。指定原网格编号字段后，重新运行时会在新人口允许的范围内，尽量让基础单元留在原网格中，并让网格保留原编号。

指定项目时：锁定的网格保留其基础单元、编号和属性，其余基础单元围绕它们划分（网格数量包含锁定的网格）。新网格包含某个项目原网格一半以上的人口时，沿用该网格的编码；其他网格获得新编码，大于项目曾经使用过的所有编码：停用的编码不会再次使用。网格编辑器的撤销记录重新开始。

按密度和收入（高级参数）：BALANCE 列出网格要均衡的量，每行一个字段或表达式（如 households，或 &quot;pop&quot; * 1.2），并给出权重和容差（%）；'工作量'（或 'workload'）表示人口乘以 allocatestaff 使用的需求调整系数。每个基础单元的目标人口（TARGET_FIELD）或按密度等级的目标人口（DENSITY_TARGETS，按基础单元及其相邻单元的人口密度）使目标较小的地区网格更细。收入同质性（0–1）在均衡允许的范围内，把高收入和低收入的基础单元分在不同网格中。BARRIERS（河流、高速公路、铁路）：基础单元不会跨越障碍线合并，除非 CROSSINGS（桥梁、地道）位于它们的共同边界上；上级区划被障碍线分开的各部分各自划分网格。

结果：GRID_COUNT（网格数）、POPULATION_CV（人口变异系数，即网格人口的标准差 / 平均值）、MIN_RATIO 和 MAX_RATIO（最小和最大网格人口 / 平均值）、NON_CONTIGUOUS（不连片的网格数）、NEST_VIOLATIONS（跨越上级区划的网格数）、MEAN_POLSBY_POPPER（平均紧凑度（Polsby–Popper），1 = 圆形）、WITHIN_TOLERANCE（处于各自目标容差范围内的网格占比）、BALANCE_REPORT（每个均衡变量的变异系数、最小/最大比值和处于容差内的网格占比）、INCOME_DISPERSION（收入方差中位于网格内部的比例）、ONE_TIER_SHARE（80% 人口属于同一收入层级的网格占比）、BARRIER_CUTS（被障碍线切断的相邻关系数），以及指定原网格编号字段时的 UNITS_KEPT（留在原网格中的基础单元占比）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_barriers.py" line="41"/>
        <source>Barriers (rivers, motorways, railways): units are not joined across them</source>
        <translation>障碍（河流、高速公路、铁路）：单元不跨越障碍合并</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_barriers.py" line="46"/>
        <source>Crossings (bridges, underpasses): units joined across a barrier where one lies on their shared boundary</source>
        <translation>通道（桥梁、地下通道）：共同边界上有通道的单元可跨越障碍合并</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_barriers.py" line="55"/>
        <source>Barrier tolerance (m): how near a shared boundary must be to a barrier</source>
        <translation>障碍容差（米）：共同边界距障碍多近才算沿障碍</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_barriers.py" line="72"/>
        <source>Crossings are ignored without barriers: choose a barrier layer in {param} too, or leave {crossings} empty.</source>
        <translation>没有障碍时通道被忽略：请同时在{param}中选择障碍图层，或将{crossings}留空。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_barriers.py" line="82"/>
        <source>Layer &apos;{layer}&apos; chosen for {param} does not hold lines or polygons. Barriers must be lines (rivers, motorways, railways) or polygons (e.g. water areas, whose outline counts): choose such a layer, or leave {param} empty.</source>
        <translation>为{param}选择的图层“{layer}”既不是线图层也不是面图层。障碍必须是线（河流、高速公路、铁路）或面（如水域，以其轮廓为准）：请选择这样的图层，或将{param}留空。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_barriers.py" line="93"/>
        <source>Layer &apos;{layer}&apos; chosen for {param} has no features: no adjacency is cut.</source>
        <translation>为{param}选择的图层“{layer}”没有要素：不切断任何相邻关系。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_barriers.py" line="103"/>
        <source>Layer &apos;{layer}&apos; chosen for {param} has no geometries. Crossings must be points or lines (bridges, underpasses): choose such a layer, or leave {param} empty.</source>
        <translation>为{param}选择的图层“{layer}”没有几何。通道必须是点或线（桥梁、地下通道）：请选择这样的图层，或将{param}留空。</translation>
    </message>
    <message>
        <location filename="../../algorithms/build_grids_barriers.py" line="133"/>
        <source>barriers</source>
        <translation>障碍</translation>
    </message>
</context>
<context>
    <name>ClassifyGridsAlgorithm</name>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="38"/>
        <source>Classify service grids</source>
        <translation>服务网格分类</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="42"/>
        <source>classify,density,income,demand,products,strategy,分类,密度,收入,需求,产品,策略</source>
        <translation>分类,密度,收入,需求,产品,策略,网格,classify,density,income,demand,products,strategy</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="46"/>
        <source>Classifies service grids (e.g. the output of 'Build service grids') and adds five columns: density_class, income_tier, demand_index, products and strategy. Columns of the same names are replaced.

Needs a population field and a density (people/km²) or an area field (km²); without them the area is measured from the geometry (a layer in degrees is measured in its UTM zone). Income, elderly and youth shares, enterprises and existing customers are optional: fields with our names are used when present.

Density class: urban core from 10,000 people/km², urban from 3,000, suburban from 500, else rural.

Income tier (per-capita income, CNY/year): relative to the study area (default) by the grid's population-weighted percentile rank (high from the 80th, basic below the 40th: the national income quintiles), or absolute (high from 95,000, basic below 33,000). No income: no tier.

Demand index (0–100) = 100 × Σ weight × score / Σ weight, over the inputs the grid has (missing ones drop out and the weights are renormalised). Scores: population, income, elderly share, youth share and enterprises each divided by the study area's 95th percentile (capped at 1); penetration gap = 1 − (customers per resident ÷ its 95th percentile). Default weights 0.30, 0.20, 0.10, 0.10, 0.15, 0.15.

Products (comma-separated codes): elderly share ≥ 0.20 → pension, health; youth share ≥ 0.30 → health, accident, travel; high income → premium_medical, wealth; ≥ 20 enterprises per 1,000 residents → group_benefits, commercial_property; basic income → inclusive_health, accident; none of these → health, accident.

Strategy: branch_premium (branch + premium advisors) for high-income urban core and urban grids; center_team (service centre + agent team) for other urban-core grids; point_agents (service point + agents) for other urban grids, suburban high/middle and rural high; mobile_basic (mobile service + basic products) for suburban basic and rural middle/basic. A grid without income counts as middle.</source>
        <translation>对服务网格（例如“构建服务网格”的输出）进行分类，并添加五列：density_class（密度等级）、income_tier（收入层级）、demand_index（需求指数）、products（推荐产品）和 strategy（服务策略）。同名的已有列将被替换。

需要人口字段，以及人口密度（人/平方公里）或面积（平方公里）字段；若没有，则按几何图形量算面积（以度为单位的图层在其所在 UTM 带中量算）。收入、老年和青年人口占比、企业数和现有客户数为可选项：图层中有同名字段时自动使用。

密度等级：每平方公里 10,000 人及以上为城市核心，3,000 人及以上为城区，500 人及以上为城郊，其余为农村。

收入层级（人均年收入，元）：默认按网格在研究区内的人口加权百分位排名（第 80 百分位及以上为高收入，第 40 百分位以下为基本收入，对应全国居民收入五等份），或按绝对值（95,000 元及以上为高收入，33,000 元以下为基本收入）。无收入数据的网格不分层级。

需求指数（0–100）= 100 × Σ 权重 × 得分 / Σ 权重，只计网格已有数据的指标（缺失的指标不计入，权重重新归一化）。得分：人口、收入、老年人口占比、青年人口占比和企业数分别除以研究区的第 95 百分位数（最高为 1）；渗透缺口 = 1 −（每位居民的客户数 ÷ 其第 95 百分位数）。默认权重 0.30、0.20、0.10、0.10、0.15、0.15。

推荐产品（以逗号分隔的代码）：老年人口占比 ≥ 0.20 → pension、health；青年人口占比 ≥ 0.30 → health、accident、travel；高收入 → premium_medical、wealth；每千名居民企业数 ≥ 20 → group_benefits、commercial_property；基本收入 → inclusive_health、accident；以上均不满足 → health、accident。

服务策略：高收入的城市核心和城区网格为 branch_premium（分支机构+高端顾问）；其他城市核心网格为 center_team（服务中心+代理人团队）；其他城区网格、城郊高收入/中等收入网格和农村高收入网格为 point_agents（服务点+代理人）；城郊基本收入网格和农村中等收入/基本收入网格为 mobile_basic（流动服务+基础产品）。无收入数据的网格按中等收入处理。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="112"/>
        <source>Service grids (polygons)</source>
        <translation>服务网格（面）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="115"/>
        <source>Population field (required; &apos;population&apos; if empty)</source>
        <translation>人口字段（必需；留空则使用“population”）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="118"/>
        <source>Density field (people/km²)</source>
        <translation>人口密度字段（人/平方公里）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="119"/>
        <source>Area field (km²; measured from the geometry if empty)</source>
        <translation>面积字段（平方公里；留空则按几何图形量算）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="120"/>
        <source>Income per capita field (CNY/year)</source>
        <translation>人均年收入字段（元/年）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="121"/>
        <source>Elderly share field (60+, 0–1 or %)</source>
        <translation>老年人口占比字段（60 岁及以上，0–1 或 %）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="122"/>
        <source>Youth share field (0–1 or %)</source>
        <translation>青年人口占比字段（0–1 或 %）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="123"/>
        <source>Enterprises field</source>
        <translation>企业数字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="124"/>
        <source>Existing customers field</source>
        <translation>现有客户数字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="129"/>
        <source>Urban core from (people/km²)</source>
        <translation>城市核心起点（人/平方公里）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="130"/>
        <source>Urban from (people/km²)</source>
        <translation>城区起点（人/平方公里）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="131"/>
        <source>Suburban from (people/km²; rural below)</source>
        <translation>城郊起点（人/平方公里；以下为农村）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="132"/>
        <source>Absolute mode: high income from (CNY/year)</source>
        <translation>绝对模式：高收入起点（元/年）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="133"/>
        <source>Absolute mode: basic income below (CNY/year)</source>
        <translation>绝对模式：基本收入上限（低于此值，元/年）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="134"/>
        <source>Relative mode: high income from percentile (population-weighted)</source>
        <translation>相对模式：高收入起点百分位（人口加权）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="137"/>
        <source>Relative mode: basic income below percentile (population-weighted)</source>
        <translation>相对模式：基本收入上限百分位（低于此值，人口加权）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="140"/>
        <source>Ageing grid from elderly share (0–1)</source>
        <translation>老龄化网格起点：老年人口占比（0–1）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="141"/>
        <source>Young grid from youth share (0–1)</source>
        <translation>青年网格起点：青年人口占比（0–1）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="142"/>
        <source>Business grid from enterprises per 1,000 residents</source>
        <translation>企业密集网格起点：每千名居民企业数</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="143"/>
        <source>Demand weight: population (workload)</source>
        <translation>需求权重：人口（工作量）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="144"/>
        <source>Demand weight: income</source>
        <translation>需求权重：收入</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="145"/>
        <source>Demand weight: elderly share</source>
        <translation>需求权重：老年人口占比</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="146"/>
        <source>Demand weight: youth share</source>
        <translation>需求权重：青年人口占比</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="147"/>
        <source>Demand weight: enterprises</source>
        <translation>需求权重：企业数</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="148"/>
        <source>Demand weight: penetration gap (few customers per resident)</source>
        <translation>需求权重：渗透缺口（每位居民客户数少）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="158"/>
        <source>Income tiers</source>
        <translation>收入层级</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="155"/>
        <source>Relative to the study area (population-weighted percentiles)</source>
        <translation>相对于研究区（人口加权百分位）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="156"/>
        <source>Absolute (CNY per person and year)</source>
        <translation>绝对值（元/人/年）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="163"/>
        <source>Classified grids</source>
        <translation>分类后的网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="168"/>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="170"/>
        <source>Grids in density class {code}</source>
        <translation>密度等级为 {code} 的网格数</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="171"/>
        <source>Grids in income tier {code}</source>
        <translation>收入层级为 {code} 的网格数</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="172"/>
        <source>Grids with strategy {code}</source>
        <translation>服务策略为 {code} 的网格数</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="183"/>
        <source>Grids without income</source>
        <translation>无收入数据的网格数</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="207"/>
        <source>Layer &apos;{layer}&apos; has no features. Choose a layer of service grids with their population (e.g. the output of &apos;Build service grids&apos;).</source>
        <translation>图层“{layer}”中没有要素。请选择包含人口数据的服务网格图层（例如“构建服务网格”的输出）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids_input.py" line="73"/>
        <source>Population field &apos;{field}&apos; not found in the grids layer. Its fields are: {fields}. Choose the field that holds the number of residents.</source>
        <translation>在网格图层中未找到人口字段“{field}”。该图层的字段有：{fields}。请选择记录常住人口数的字段。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids_input.py" line="99"/>
        <source>Using field &apos;{user}&apos; for {ours}.</source>
        <translation>已将字段“{user}”用作 {ours}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids_input.py" line="118"/>
        <source>Field '{field}' looks like percentages (0–100); it was divided by 100 to give shares (0–1).</source>
        <translation>字段“{field}”看起来是百分数（0–100），已除以 100 换算为占比（0–1）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids_input.py" line="140"/>
        <source>Layer &apos;{layer}&apos; is in a geographic CRS ({src}); areas were measured in metres in {dst} ({name}).</source>
        <translation>图层“{layer}”使用地理坐标系（{src}）；面积已在 {dst}（{name}）中以米为单位量算。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids_input.py" line="176"/>
        <source>{n} grid(s) have neither a density, an area nor a geometry to measure: {ids}. Give them a geometry or an area, then run again.</source>
        <translation>有 {n} 个网格既没有人口密度和面积，也没有可量算的几何图形：{ids}。请为其补充几何图形或面积后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids_input.py" line="183"/>
        <source>Area measured from the geometry for {n} grid(s) (no density or area value), in {crs}.</source>
        <translation>已按几何图形为 {n} 个网格量算面积（无人口密度或面积值），坐标系为 {crs}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids_output.py" line="55"/>
        <source>Density classes: {counts}.</source>
        <translation>密度等级：{counts}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids_output.py" line="60"/>
        <source>Income tiers: {counts}; without income: {unknown}.</source>
        <translation>收入层级：{counts}；无收入数据：{unknown}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids_output.py" line="72"/>
        <source>Relative income tiers: high from {high} CNY, basic up to {basic} CNY per person and year.</source>
        <translation>相对收入层级：高收入起点 {high} 元，基本收入最高 {basic} 元（人均每年）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids_output.py" line="82"/>
        <source>Strategies: {counts}.</source>
        <translation>服务策略：{counts}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids_output.py" line="93"/>
        <source>Not in the layer, left out of the demand index and product rules: {fields}.</source>
        <translation>图层中没有以下字段，需求指数和产品规则未使用它们：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="164"/>
        <source>Also store the classes in this project GeoPackage (input: its grids layer)</source>
        <translation>同时将分类结果存入此项目 GeoPackage（输入须为该项目的网格图层）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids_output.py" line="136"/>
        <source>To store the classes in a project GeoPackage, classify the project&apos;s own grids layer (it has the field grid_id).</source>
        <translation>如需将分类结果存入项目 GeoPackage，请对该项目自身的网格图层进行分类（该图层含有 grid_id 字段）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids_output.py" line="150"/>
        <source>Stored the classes of {n} grids in {path}.</source>
        <translation>已将 {n} 个网格的分类结果存入 {path}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids_input.py" line="65"/>
        <source>The grids layer has no population field. Choose the field that holds the number of residents in {param}. Its fields are: {fields}.</source>
        <translation>网格图层没有人口字段。请在{param}中选择保存常住人口数的字段。该图层的字段有：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids_input.py" line="85"/>
        <source>Field &apos;{field}&apos; chosen for {param} not found in the grids layer. Its fields are: {fields}.</source>
        <translation>在网格图层中找不到为{param}选择的字段“{field}”。该图层的字段有：{fields}。</translation>
    </message>
</context>
<context>
    <name>CompareGridVersionsAlgorithm</name>
    <message>
        <location filename="../../algorithms/compare_grid_versions.py" line="20"/>
        <source>Compare grid versions</source>
        <translation>比较网格版本</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions.py" line="21"/>
        <source>grid,version,compare,difference,changes,division,history,网格,版本,比较,差异</source>
        <translation>grid,version,compare,difference,changes,division,history,网格,版本,比较,差异,变化,划分,历史</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions.py" line="25"/>
        <source>Compares two saved versions of a project's division (give their names or numbers), or a version with the current division (leave version B empty).

The output layer holds the units that are in another grid in B than in A, with unit_id, name, nest, population (as the project's units hold them now), grid_a and grid_b, on the units' polygons. The optional report (.html) gives the totals — units that changed grid, the population they hold, grids created (in B, not in A) and retired (in A, not in B) — and the same per nest. Units that exist in only one of the two are counted apart (added, removed), not as changes.</source>
        <translation>比较项目网格划分的两个已保存版本（填写版本名称或编号），或比较某个版本与当前划分（版本 B 留空）。

输出图层包含在版本 B 中所属网格与版本 A 不同的基础单元，字段为 unit_id、name、nest、population（取项目单元表的现值）、grid_a 和 grid_b，几何为单元的多边形。可选的报告（.html）给出合计——更换网格的单元数、其人口、新建的网格（在 B 中而不在 A 中）和停用的网格（在 A 中而不在 B 中）——以及按上级区划的同样数字。只存在于其中一个版本的单元单独计数（新增、删除），不算作变化。</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions.py" line="47"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions.py" line="48"/>
        <source>Version A (name or number)</source>
        <translation>版本 A（名称或编号）</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions.py" line="50"/>
        <source>Version B (name or number; empty: the current division)</source>
        <translation>版本 B（名称或编号；留空：当前划分）</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions_output.py" line="163"/>
        <source>Units that changed grid</source>
        <translation>更换网格的单元</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions.py" line="53"/>
        <source>Comparison report</source>
        <translation>比较报告</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions.py" line="53"/>
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions_output.py" line="163"/>
        <source>Population moved</source>
        <translation>移动的人口</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions_output.py" line="181"/>
        <source>Grids created</source>
        <translation>新建的网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions_output.py" line="183"/>
        <source>Grids retired</source>
        <translation>停用的网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions_output.py" line="39"/>
        <source>Grid in {name}</source>
        <translation>{name} 中的网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions_output.py" line="54"/>
        <source>The units layer of {path} cannot be read.</source>
        <translation>无法读取 {path} 的基础单元图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions_output.py" line="85"/>
        <source>Version {a} “{a_name}” → {b}: {n} units changed grid, population moved {pop}.</source>
        <translation>版本 {a}“{a_name}”→ {b}：{n} 个单元更换了网格，移动人口 {pop}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions_output.py" line="97"/>
        <source>Grids created: {n} ({ids}); grids retired: {m} ({retired}).</source>
        <translation>新建网格：{n} 个（{ids}）；停用网格：{m} 个（{retired}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions_output.py" line="108"/>
        <source>{added} units are only in B and {removed} only in A (added to or removed from the project): not counted as changes.</source>
        <translation>{added} 个单元只在 B 中，{removed} 个只在 A 中（项目中新增或删除的单元）：不计为变化。</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions_output.py" line="123"/>
        <source>Nest {nest}: {n} units changed grid, population moved {pop}, {created} grids created, {retired} retired.</source>
        <translation>上级区划 {nest}：{n} 个单元更换网格，移动人口 {pop}，新建 {created} 个网格，停用 {retired} 个。</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions_output.py" line="145"/>
        <source>Comparison of grid versions</source>
        <translation>网格版本比较</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions_output.py" line="157"/>
        <source>Units only in B (added)</source>
        <translation>只在 B 中的单元（新增）</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions_output.py" line="158"/>
        <source>Units only in A (removed)</source>
        <translation>只在 A 中的单元（删除）</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions_output.py" line="163"/>
        <source>Nest</source>
        <translation>上级区划</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions_output.py" line="179"/>
        <source>Totals</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../algorithms/compare_grid_versions_output.py" line="185"/>
        <source>Per nest</source>
        <translation>按上级区划</translation>
    </message>
</context>
<context>
    <name>CreateFieldPackageAlgorithm</name>
    <message>
        <location filename="../../algorithms/create_field_package.py" line="54"/>
        <source>Create field package</source>
        <translation>创建外业包</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_package.py" line="58"/>
        <source>offline,field,package,qfield,feedback,sync,外业,离线,反馈</source>
        <translation>offline,field,package,qfield,feedback,sync,外业,离线,反馈,外业包</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_package.py" line="62"/>
        <source>Writes a GeoPackage for one staff member to take offline in QGIS or QField: only their grids (from the assignments), the units of those grids, their outlets and the feedback already logged in those grids, with a ready project whose feedback form fills the uuid, times, device, staff and grid by itself.

The project keeps a copy of the feedback as it went out (the base snapshot), so &apos;Sync field packages&apos; can later tell field edits from office edits and never loses or duplicates a row. Give each staff member their own package.</source>
        <translation>为一名人员生成可在 QGIS 或 QField 中离线使用的 GeoPackage：只包含其负责的网格（来自人员分配）、这些网格的基础单元、相关网点以及这些网格中已有的客户反馈，并附带一个就绪的项目，其反馈表单会自动填写唯一标识、时间、设备、工号和网格。

项目会保存反馈导出时的副本（同步基线），因此“同步外业包”之后能区分外业修改与办公室修改，不会丢失或重复任何记录。请为每名人员生成各自的外业包。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_package.py" line="83"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_package.py" line="82"/>
        <source>Staff id (工号)</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_package.py" line="85"/>
        <source>Replace an existing file (keeps a backup)</source>
        <translation>替换已有文件（保留备份）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_package.py" line="87"/>
        <source>Field package</source>
        <translation>外业包</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_package.py" line="87"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_package.py" line="88"/>
        <source>Package id</source>
        <translation>外业包编号</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_package.py" line="89"/>
        <source>Grids</source>
        <translation>网格数</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_package.py" line="89"/>
        <source>Feedback rows</source>
        <translation>反馈条数</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_package.py" line="115"/>
        <source>The field package cannot be written over the project itself: choose another output file.</source>
        <translation>外业包不能覆盖项目文件本身：请选择其他输出文件。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_package.py" line="134"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_package.py" line="137"/>
        <source>Field package {package} for {staff} written to {path}: {grids} grids, {units} units, {outlets} outlets, {feedback} feedback rows.</source>
        <translation>已为 {staff} 生成外业包 {package}，写入 {path}：{grids} 个网格、{units} 个单元、{outlets} 个网点、{feedback} 条反馈。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_package.py" line="109"/>
        <source>Fill in {param}: the staff id of the person the package is for.</source>
        <translation>请填写{param}：外业包所属人员的工号。</translation>
    </message>
</context>
<context>
    <name>CreateFieldPackagesAlgorithm</name>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="45"/>
        <source>Create field packages (team)</source>
        <translation>创建外业包（团队）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="46"/>
        <source>offline,field,package,team,batch,qfield,expiry,外业,离线,团队,批量</source>
        <translation>offline,field,package,team,batch,qfield,expiry,外业,离线,外业包,团队,批量,有效期</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="82"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="83"/>
        <source>All active staff</source>
        <translation>全部在岗人员</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="83"/>
        <source>Active staff of the outlets</source>
        <translation>指定网点的在岗人员</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="83"/>
        <source>Active staff of the districts</source>
        <translation>指定区县的在岗人员</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="83"/>
        <source>The listed staff ids</source>
        <translation>列出的工号</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="93"/>
        <source>Outlet ids (comma-separated)</source>
        <translation>网点编号（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="93"/>
        <source>District codes (comma-separated)</source>
        <translation>区县编码（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="93"/>
        <source>Staff ids (comma-separated)</source>
        <translation>工号（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="99"/>
        <source>Expires after (days, 0 = never)</source>
        <translation>有效期（天，0 = 不过期）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="107"/>
        <source>One zip per person</source>
        <translation>每人一个 zip</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="111"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="112"/>
        <source>Package files</source>
        <translation>外业包文件</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="113"/>
        <source>Staff skipped</source>
        <translation>跳过的人员</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="114"/>
        <source>Expires at (UTC)</source>
        <translation>到期时间(UTC)</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="115"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="116"/>
        <source>Packages</source>
        <translation>外业包</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="131"/>
        <source>The output folder cannot be the project.</source>
        <translation>输出文件夹不能是项目本身。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="143"/>
        <source>Writing {count} field packages into {folder}…</source>
        <translation>正在向 {folder} 写入 {count} 个外业包…</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="152"/>
        <source>Package of {staff}</source>
        <translation>{staff} 的外业包</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="183"/>
        <source>{staff}: {file} ({grids} grids, {feedback} feedback rows)</source>
        <translation>{staff}：{file}（{grids} 个网格，{feedback} 条反馈）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="192"/>
        <source>Cancelled: {done} of {count} packages were written and registered; the others were not made.</source>
        <translation>已取消：{count} 个外业包中已写入并登记 {done} 个；其余未生成。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="50"/>
        <source>Writes the field packages of a team in one run: one GeoPackage per staff member, named [staff id]_[YYYYMMDD].gpkg (or a .zip with a README), each holding only that person&apos;s grids, the units and outlets of those grids, the feedback already logged there, their own staff record and assignments (no colleague&apos;s name or phone).

Choose the staff: all active staff, the staff of some outlets or districts (comma-separated ids), or a list of staff ids. Active staff without grids are skipped and named; a listed id that is unknown, inactive or has no grids stops the run before anything is written.

Expires after (days): the package carries its expiry date; after it the form warns but still saves, and the sync still takes the work (with a warning). 0: never.

Cancelling between two people keeps the packages finished so far (registered in the project, ready to sync) and writes no other file.

Each package written as a file (not zipped) gets the project QField opens, [staff id]_[YYYYMMDD].qgz, beside it; with Basemap: highest zoom level above 0 (advanced) each also carries an offline basemap of its grids within the size bound.</source>
        <translation>一次运行为整个团队生成外业包：每名人员一个 GeoPackage，命名为 [工号]_[YYYYMMDD].gpkg（或附带 README 的 .zip），只包含该人员的网格、这些网格的基础单元和网点、网格内已记录的反馈、本人的人员记录和分配（不含同事的姓名或电话）。

选择人员：全部在岗人员、某些网点或区县的人员（编号以逗号分隔），或列出的工号。没有网格的在岗人员会被跳过并列出姓名；列出的工号若不存在、不在岗或没有网格，运行会在写入任何文件之前停止。

有效期（天）：外业包记录到期日期；到期后表单会提示，但仍可保存，同步也仍然接收其中的数据（附带警告）。0：不过期。

在两人之间取消时，已完成的外业包会保留（已在项目中登记，可以同步），不会写入其他文件。

每个以文件形式（未压缩）写出的外业包旁边都有 QField 打开的项目文件 [工号]_[年月日].qgz；若“底图：最高缩放级别”大于 0（高级参数），每个外业包还带有其网格的离线底图（不超过大小上限）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_field_packages.py" line="83"/>
        <source>Whose packages</source>
        <translation>为哪些人员生成外业包</translation>
    </message>
</context>
<context>
    <name>CreateProjectAlgorithm</name>
    <message>
        <location filename="../../algorithms/create_project.py" line="53"/>
        <source>Create service grid project</source>
        <translation>创建服务网格项目</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="57"/>
        <source>project,geopackage,units,population,staff,outlets,项目,单元</source>
        <translation>项目,单元,基础单元,行政单元,人口,人员,服务网点,网点,geopackage,project,units,population,staff,outlets</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="118"/>
        <source>Administrative units (polygons)</source>
        <translation>行政单元（面）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="119"/>
        <source>Population field</source>
        <translation>人口字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="108"/>
        <source>Unit id field (unique; generated if empty)</source>
        <translation>单元编码字段（须唯一；留空则自动生成）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="109"/>
        <source>Name field</source>
        <translation>名称字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="111"/>
        <source>Households field</source>
        <translation>户数字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="112"/>
        <source>Income per capita field</source>
        <translation>人均年收入字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="113"/>
        <source>Elderly share field (0–1 or %)</source>
        <translation>老年人口占比字段（0–1 或 %）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="114"/>
        <source>Youth share field (0–1 or %)</source>
        <translation>青年人口占比字段（0–1 或 %）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="115"/>
        <source>Enterprises field</source>
        <translation>企业数字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="116"/>
        <source>Existing customers field</source>
        <translation>现有客户数字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="126"/>
        <source>Outlets (points)</source>
        <translation>服务网点（点）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="127"/>
        <source>Staff roster (CSV, Excel or table)</source>
        <translation>人员名册（CSV、Excel 或数据表）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="131"/>
        <source>Replace an existing file (keeps a backup)</source>
        <translation>替换已有文件（保留备份）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="134"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="133"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="135"/>
        <source>Units</source>
        <translation>基础单元数</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="135"/>
        <source>Outlets</source>
        <translation>服务网点数</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="135"/>
        <source>Staff</source>
        <translation>人员数</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="135"/>
        <source>Total population</source>
        <translation>总人口</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="143"/>
        <source>Project CRS</source>
        <translation>项目坐标参考系</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="179"/>
        <source>outlets</source>
        <translation>服务网点</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="189"/>
        <source>staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="220"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="222"/>
        <source>Project written to {path}: {units} units ({pop} people), {outlets} outlets, {staff} staff, CRS {crs}.</source>
        <translation>项目已写入 {path}：{units} 个基础单元（共 {pop} 人），{outlets} 个服务网点，{staff} 名人员，坐标参考系 {crs}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="256"/>
        <source>Population field &apos;{field}&apos; not found in the units layer. Its fields are: {fields}.</source>
        <translation>在基础单元图层中未找到人口字段“{field}”。该图层的字段有：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="283"/>
        <source>Using field &apos;{user}&apos; for {ours}.</source>
        <translation>已将字段“{user}”用作 {ours}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="289"/>
        <source>Layer &apos;{layer}&apos;: fields used: {pairs}.</source>
        <translation>图层“{layer}”：使用的字段：{pairs}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="110"/>
        <source>Nest field (admin area grids never cross, e.g. street code)</source>
        <translation>上级区划字段（网格不跨越的行政区，如街道代码）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="129"/>
        <source>Same as QGIS</source>
        <translation>与 QGIS 相同</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="130"/>
        <source>Language of the project</source>
        <translation>项目语言</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="250"/>
        <source>Choose a field for {param}.</source>
        <translation>请为 {param} 选择字段。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="268"/>
        <source>Field &apos;{field}&apos; chosen for {param} not found in the units layer. Its fields are: {fields}.</source>
        <translation>在基础单元图层中找不到为{param}选择的字段“{field}”。该图层的字段有：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="61"/>
        <source>Creates a service-grid project: one GeoPackage holding your administrative units (communities, villages) with their population and profile, your outlets and staff roster, empty layers for grids, assignments and field feedback, and a ready QGIS project (styles, field names, forms). Open the file in QGIS to see it.

Map your fields onto ours: only the population is required. Numbers stored as text are accepted; shares given as percentages (0–100) are converted. A geographic input (degrees) is reprojected to its UTM zone. Invalid geometries are repaired and listed in the log.

The staff roster can be a CSV or Excel file or any table with columns staff_id (工号), name (姓名) and optionally role, outlet_id, capacity, phone, active.

'Language of the project' sets the language of the project's layer names, field names (aliases), value lists, forms and legend (default: the language of QGIS); field packages made from the project keep it. The stored field names and values are the same in every language.

An existing output file is never replaced unless 'Replace an existing file' is ticked; the old file is then kept as a .bak.gpkg backup.

Nest name field and parent name field (optional) store the names of the nest codes, e.g. the street's name and its district's name: the staffing workbook shows them beside the codes.</source>
        <translation>创建服务网格项目：生成一个 GeoPackage 文件，其中包含您的行政单元（社区、村）及其人口和概况数据、服务网点和人员名册，用于网格、人员分配和客户反馈的空图层，以及一个可直接使用的 QGIS 项目（含样式、字段名和表单）。在 QGIS 中打开该文件即可查看。

请将您的字段对应到本插件的字段：只有人口为必填项。以文本形式存储的数字同样可以识别；以百分比（0–100）给出的占比会自动换算。地理坐标系（单位为度）的输入数据会重投影到其所在的 UTM 投影带。无效几何会被自动修复，并在日志中列出。

人员名册可以是 CSV 或 Excel 文件，也可以是任意数据表，须包含 staff_id（工号）和 name（姓名）列，可选列为 role、outlet_id、capacity、phone、active。

“项目语言”决定项目中图层名称、字段名（别名）、取值列表、表单和图例的语言（默认与 QGIS 界面语言相同）；由项目生成的外业包沿用该语言。无论哪种语言，存储的字段名和取值都相同。

除非勾选“替换已有文件”，否则不会覆盖已有的输出文件；勾选后，旧文件将保留为 .bak.gpkg 备份。

上级区划名称字段和再上一级区划名称字段（可选）保存上级区划代码对应的名称，如街道名称及其所在区县名称：人员配置工作簿会将名称显示在代码旁边。</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="122"/>
        <source>Nest name field (e.g. street name)</source>
        <translation>上级区划名称字段（如街道名称）</translation>
    </message>
    <message>
        <location filename="../../algorithms/create_project.py" line="124"/>
        <source>Parent area name field (e.g. district name)</source>
        <translation>再上一级区划名称字段（如区县名称）</translation>
    </message>
</context>
<context>
    <name>DecisionsPanel</name>
    <message>
        <location filename="../../plugin/grid_editor_decisions.py" line="33"/>
        <source>Staff or outlet</source>
        <translation>人员或网点</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_decisions.py" line="33"/>
        <source>Retired grid</source>
        <translation>已停用网格</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_decisions.py" line="33"/>
        <source>Suggested grid</source>
        <translation>建议网格</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_decisions.py" line="51"/>
        <source>Staff {staff}</source>
        <translation>人员 {staff}</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_decisions.py" line="55"/>
        <source>Outlet {outlet}</source>
        <translation>网点 {outlet}</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_decisions.py" line="62"/>
        <source>Needs a decision ({n})</source>
        <translation>待定分配（{n}）</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_decisions.py" line="62"/>
        <source>Needs a decision</source>
        <translation>待定分配</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_decisions.py" line="105"/>
        <source>Assign to a grid</source>
        <translation>分配到网格</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_decisions.py" line="105"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_decisions.py" line="130"/>
        <source>Service Grid: deciding assignments of retired grids</source>
        <translation>服务网格：处理已停用网格的分配</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_decisions.py" line="130"/>
        <source>{n} decisions taken.</source>
        <translation>已处理 {n} 项待定分配。</translation>
    </message>
</context>
<context>
    <name>EditorTools</name>
    <message>
        <location filename="../../plugin/grid_editor_tool.py" line="210"/>
        <source>Add the project&apos;s units layer to the map first.</source>
        <translation>请先把项目的基础单元图层添加到地图。</translation>
    </message>
</context>
<context>
    <name>ExportStaffingAlgorithm</name>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="36"/>
        <source>Export staffing workbook (Excel)</source>
        <translation>导出人员配置表（Excel）</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="40"/>
        <source>excel,xlsx,workbook,staffing,head office,report,wps,人员,配置,报表,总部</source>
        <translation>excel,xlsx,workbook,staffing,head office,report,wps,人员,配置,报表,总部,工作簿,表格</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="77"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="78"/>
        <source>Language of the workbook</source>
        <translation>工作簿语言</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="76"/>
        <source>Same as QGIS</source>
        <translation>与 QGIS 相同</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="79"/>
        <source>Response standard (minutes)</source>
        <translation>响应时间标准（分钟）</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="89"/>
        <source>Staffing workbook</source>
        <translation>人员配置表</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="89"/>
        <source>Excel (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="90"/>
        <source>Grids</source>
        <translation>网格数</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="90"/>
        <source>Staff</source>
        <translation>人员数</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="90"/>
        <source>Outlets</source>
        <translation>服务网点数</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="90"/>
        <source>Feedback rows</source>
        <translation>反馈条数</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="90"/>
        <source>Districts</source>
        <translation>区县数</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="90"/>
        <source>Staff over capacity</source>
        <translation>超负荷人员数</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="90"/>
        <source>Flagged grids</source>
        <translation>需关注网格数</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="137"/>
        <source>{n} assignments name grids that are not in the project; they are left out.</source>
        <translation>{n} 条人员分配指向项目中不存在的网格，已忽略。</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="142"/>
        <source>Staffing workbook written to {path} ({language}): {districts} districts, {grids} grids, {staff} staff ({over} over capacity), {outlets} outlets, {feedback} feedback rows, {flagged} flagged grids.</source>
        <translation>人员配置表已写入 {path}（{language}）：{districts} 个区县、{grids} 个网格、{staff} 名人员（{over} 名超负荷）、{outlets} 个网点、{feedback} 条反馈、{flagged} 个需关注网格。</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="44"/>
        <source>Writes an Excel workbook (.xlsx) for head office from the project GeoPackage, to read in Excel, WPS or LibreOffice as it is.

Summary: one row per district (the grids&apos; nest) with grids, population, staff recommended and assigned, staff and outlet coverage, feedback, average rating and flagged grids, as formulas over the Grids sheet (edit a grid and the summary recomputes), a totals row and a chart of staff per district. Grids: every figure of each grid, its staff and outlet and its service quality. Staff: each person&apos;s grids, workload against capacity and utilisation (over 100 % in red). Outlets, Feedback (per district and category), Customers (per grid: customers by type, with consent, penetration and product gaps, from the customer register; counts only, no names), Map (the grids by density class, drawn by QGIS) and Notes (what each figure means). The districts&apos; names stand beside their codes when the project has them (createproject&apos;s name fields); every sheet prints with its header row on each page.

LANGUAGE chooses Chinese or English headers (default: the language of QGIS). RESPONSE_STANDARD (minutes) is the standard of the service-quality columns. Text from the project never becomes a formula. The file is written completely or not at all; close it in Excel first when you write it again.</source>
        <translation>根据项目 GeoPackage 为总部写出 Excel 工作簿（.xlsx），可直接在 Excel、WPS 或 LibreOffice 中阅读。

汇总：每个区县（网格的上级区划）一行，包括网格数、人口、建议与已分配人员、人员覆盖率与网点覆盖率、反馈数、平均评分和需关注网格数，均为对“网格”表的公式（修改网格后汇总自动重算），并有合计行和各区县人员图表。网格：每个网格的全部数字、人员、网点和服务质量。人员：每人负责的网格、工作量与服务人口容量对比及负荷率（超过 100% 标红）。另有网点、反馈（按区县和类别）、客户（每个网格一行：按类型的客户数、同意使用信息的客户数、渗透率和产品缺口，来自客户登记；只统计人数，不列姓名）、地图（按密度等级显示的网格，由 QGIS 绘制）和说明（各数字的含义）。项目中有区划名称时（“创建项目”的名称字段），名称显示在代码旁边；每张表打印时每页都重复表头行。

LANGUAGE 选择中文或英文表头（默认与 QGIS 界面语言相同）。RESPONSE_STANDARD（分钟）是服务质量各列所用的响应时间标准。来自项目的文本绝不会成为公式。文件要么完整写出，要么完全不写；再次写入前请先在 Excel 中关闭它。</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="88"/>
        <source>Add a map page</source>
        <translation>添加地图页</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="90"/>
        <source>Customers in the register</source>
        <translation>登记客户数</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="129"/>
        <source>The map page was left out: the project has no grids to draw, or the Python package Pillow (python3-pil), which openpyxl needs for pictures, is missing.</source>
        <translation>未添加地图页：项目中没有可绘制的网格，或缺少 openpyxl 插入图片所需的 Python 包 Pillow（python3-pil）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/export_staffing.py" line="90"/>
        <source>People who need training</source>
        <translation>需培训人数</translation>
    </message>
</context>
<context>
    <name>FeedbackDock</name>
    <message>
        <location filename="../../plugin/feedback_list.py" line="78"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_list.py" line="81"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_list.py" line="81"/>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_list.py" line="81"/>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_list.py" line="87"/>
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_list.py" line="88"/>
        <source>All staff</source>
        <translation>全部人员</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="236"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="241"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_dock.py" line="67"/>
        <source>Open a project GeoPackage or a field package</source>
        <translation>打开项目 GeoPackage 或外业包</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_dock.py" line="67"/>
        <source>No Service Grid project is loaded. Open one (Service Grid ▸ Open project GeoPackage…) or choose a project or field package above.</source>
        <translation>尚未加载服务网格项目。请打开一个项目（服务网格 ▸ 打开项目 GeoPackage…），或在上方选择项目或外业包。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_dock.py" line="67"/>
        <source>Wait until the running sync has finished.</source>
        <translation>请等待正在进行的同步结束。</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="358"/>
        <source>No open conflicts.</source>
        <translation>没有待处理的冲突。</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="53"/>
        <source>Open a project GeoPackage or a field package.</source>
        <translation>请打开项目 GeoPackage 或外业包。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_dock.py" line="214"/>
        <source>Cannot read {path}: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_list.py" line="111"/>
        <source>Field package of {staff}: {count:,} feedback, {open:,} open.</source>
        <translation>{staff} 的外业包：{count:,} 条反馈，{open:,} 条待处理。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_list.py" line="132"/>
        <source>{count:,} feedback in {grids:,} grids, {open:,} open.</source>
        <translation>{grids:,} 个网格中共 {count:,} 条反馈，{open:,} 条待处理。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_list.py" line="164"/>
        <source>(no grid)</source>
        <translation>（无网格）</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_list.py" line="252"/>
        <source>{shown:,} of {total:,} shown</source>
        <translation>显示 {shown:,} / {total:,} 条</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_list.py" line="256"/>
        <source>average rating {average:.2f}</source>
        <translation>平均评分 {average:.2f}</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="249"/>
        <source>No feedback selected.</source>
        <translation>未选择反馈。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_list.py" line="312"/>
        <source>{count:,} selected ({open:,} open, {resolved:,} resolved).</source>
        <translation>已选 {count:,} 条（{open:,} 条待处理，{resolved:,} 条已解决）。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_list.py" line="321"/>
        <source>{hidden:,} hidden by the filter.</source>
        <translation>其中 {hidden:,} 条被筛选隐藏。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_status.py" line="74"/>
        <source>Select open feedback to resolve.</source>
        <translation>请选择要解决的待处理反馈。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_status.py" line="74"/>
        <source>Select resolved feedback to reopen.</source>
        <translation>请选择要重新打开的已解决反馈。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_status.py" line="86"/>
        <source>Resolve {count:,} feedback</source>
        <translation>解决 {count:,} 条反馈</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_status.py" line="86"/>
        <source>Reopen {count:,} feedback</source>
        <translation>重新打开 {count:,} 条反馈</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_status.py" line="105"/>
        <source>Save or discard the edits of {layers} first.</source>
        <translation>请先保存或放弃 {layers} 的编辑。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_capture.py" line="130"/>
        <source>This point is outside every grid: feedback is logged inside the grids.</source>
        <translation>该点不在任何网格内：反馈只能记录在网格内。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_capture.py" line="174"/>
        <source>The layer &apos;{layer}&apos; has edits that are not saved. Save or discard them first.</source>
        <translation>图层“{layer}”有未保存的编辑。请先保存或放弃。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_capture.py" line="189"/>
        <source>The layer &apos;{layer}&apos; cannot be edited: is {path} read-only?</source>
        <translation>图层“{layer}”无法编辑：{path} 是否为只读？</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_capture.py" line="266"/>
        <source>This feedback is no longer in the file.</source>
        <translation>该反馈已不在文件中。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_capture.py" line="331"/>
        <source>New feedback</source>
        <translation>新反馈</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="368"/>
        <source>Feedback</source>
        <translation>客户反馈</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="206"/>
        <source>Add feedback</source>
        <translation>添加反馈</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_capture.py" line="336"/>
        <source>Edit feedback</source>
        <translation>编辑反馈</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_capture.py" line="381"/>
        <source>Could not save the feedback to {path}: {errors}</source>
        <translation>无法将反馈保存到 {path}：{errors}</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_capture.py" line="394"/>
        <source>Feedback saved in grid {grid}.</source>
        <translation>反馈已保存到网格 {grid}。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="128"/>
        <source>Field packages to sync</source>
        <translation>要同步的外业包</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="29"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="137"/>
        <source>Folder of field packages</source>
        <translation>外业包所在文件夹</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="372"/>
        <source>A sync is already running.</source>
        <translation>已有同步正在进行。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="170"/>
        <source>Add the field packages to sync first.</source>
        <translation>请先添加要同步的外业包。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="177"/>
        <source>Save or discard the edits of {layers} first: the sync writes the GeoPackage.</source>
        <translation>请先保存或放弃 {layers} 的编辑：同步会写入该 GeoPackage。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="187"/>
        <source>Service Grid: syncing field packages</source>
        <translation>服务网格：正在同步外业包</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="86"/>
        <source>The algorithm {id} is not available.</source>
        <translation>算法 {id} 不可用。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="187"/>
        <source>Syncing {count} package entries…</source>
        <translation>正在同步 {count} 个外业包条目…</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="219"/>
        <source>Sync finished: {inserted:,} inserted, {updated:,} updated, {deleted:,} deleted, {conflicts:,} conflicts, {rejected:,} rejected, {unchanged:,} unchanged.</source>
        <translation>同步完成：新增 {inserted:,}，更新 {updated:,}，删除 {deleted:,}，冲突 {conflicts:,}，拒收 {rejected:,}，未变 {unchanged:,}。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="238"/>
        <source>Backup: {path}</source>
        <translation>备份：{path}</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="244"/>
        <source>The sync did not finish: {reason}</source>
        <translation>同步未完成：{reason}</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="284"/>
        <source>synced</source>
        <translation>已同步</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="285"/>
        <source>unchanged</source>
        <translation>无变化</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="286"/>
        <source>refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="328"/>
        <source>Rejected {row}: {reason}</source>
        <translation>拒收 {row}：{reason}</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="433"/>
        <source>changed on both sides</source>
        <translation>双方都有修改</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="437"/>
        <source>changed in the field, deleted in the office</source>
        <translation>外业修改、办公室删除</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="434"/>
        <source>deleted in the field, changed in the office</source>
        <translation>外业删除、办公室修改</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="440"/>
        <source>inserted on both sides</source>
        <translation>双方都新增</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="463"/>
        <source>Open conflicts: {count}. The office value is kept until you choose.</source>
        <translation>待处理冲突：{count} 个。在您选择之前保留办公室的值。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="528"/>
        <source>Could not resolve the conflict: {error}</source>
        <translation>无法处理该冲突：{error}</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="536"/>
        <source>{count} conflicts resolved.</source>
        <translation>已处理 {count} 个冲突。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="90"/>
        <source>This is a field package: sync it from the office&apos;s project.</source>
        <translation>这是外业包：请在办公室的项目中同步它。</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="308"/>
        <source>Merge the packages into this project (a backup is taken first)</source>
        <translation>将外业包合并到本项目（先自动备份）</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="9"/>
        <source>Customer feedback</source>
        <translation>客户反馈</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="21"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="27"/>
        <source>The project GeoPackage or field package whose feedback is shown</source>
        <translation>显示其客户反馈的项目 GeoPackage 或外业包</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="35"/>
        <source>Use the GeoPackage whose feedback layer is loaded in QGIS</source>
        <translation>使用已在 QGIS 中加载客户反馈图层的 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="37"/>
        <source>Loaded</source>
        <translation>已加载项目</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="43"/>
        <source>Read the GeoPackage again</source>
        <translation>重新读取 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="45"/>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="70"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="75"/>
        <source>Show the feedback of one grid</source>
        <translation>只显示一个网格的反馈</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="82"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="87"/>
        <source>Show one category of feedback</source>
        <translation>只显示一种类别的反馈</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="94"/>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="99"/>
        <source>Show the feedback collected by one staff member</source>
        <translation>只显示一名人员采集的反馈</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="342"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="111"/>
        <source>Show open or resolved feedback</source>
        <translation>显示待处理或已解决的反馈</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="116"/>
        <source>Only feedback collected on or after this day (UTC)</source>
        <translation>只显示该日（UTC）及之后采集的反馈</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="117"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="129"/>
        <source>Only feedback collected on or before this day (UTC)</source>
        <translation>只显示该日（UTC）及之前采集的反馈</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="130"/>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="154"/>
        <source>Show all feedback</source>
        <translation>显示全部反馈</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="155"/>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="167"/>
        <source>Double-click a row to open its form</source>
        <translation>双击一行打开其表单</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="183"/>
        <source>Per grid (for the current filter; double-click a grid to filter by it)</source>
        <translation>按网格统计（当前筛选条件；双击网格按其筛选）</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="205"/>
        <source>Click on the map to add feedback there (its form opens)</source>
        <translation>在地图上点击以在该处添加反馈（将打开表单）</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="213"/>
        <source>Mark the selected open feedback as resolved</source>
        <translation>将所选待处理反馈标记为已解决</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="214"/>
        <source>Resolve</source>
        <translation>解决</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="219"/>
        <source>Open the selected resolved feedback again</source>
        <translation>将所选已解决反馈重新打开</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="220"/>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="225"/>
        <source>Zoom the map to the selected feedback</source>
        <translation>地图缩放到所选反馈</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="226"/>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="309"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="264"/>
        <source>Field packages returned by staff (files, or folders of .gpkg files):</source>
        <translation>人员交回的外业包（文件，或含 .gpkg 文件的文件夹）：</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="277"/>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="282"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="287"/>
        <source>Remove the selected entries from the list (the files stay)</source>
        <translation>从列表中移除所选条目（文件保留）</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="288"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="320"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="337"/>
        <source>What the last sync did with each package (expand a package for rejected rows and warnings)</source>
        <translation>上次同步对每个外业包的处理结果（展开可查看被拒收的记录和警告）</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="374"/>
        <source>Package</source>
        <translation>外业包</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="343"/>
        <source>Inserted</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="344"/>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="345"/>
        <source>Deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="346"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="347"/>
        <source>Rejected</source>
        <translation>拒收</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="369"/>
        <source>Column</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="370"/>
        <source>Office value</source>
        <translation>办公室值</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="371"/>
        <source>Field value</source>
        <translation>外业值</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="372"/>
        <source>Base value</source>
        <translation>原始值</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="373"/>
        <source>Kind</source>
        <translation>冲突类型</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="381"/>
        <source>Keep the office&apos;s value for the selected conflicts</source>
        <translation>所选冲突保留办公室的值</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="382"/>
        <source>Keep office</source>
        <translation>保留办公室值</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="387"/>
        <source>Write the field value into the project for the selected conflicts</source>
        <translation>所选冲突将外业值写入项目</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="388"/>
        <source>Take field</source>
        <translation>采用外业值</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_visits.py" line="130"/>
        <source>Visits</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_visits.py" line="133"/>
        <source>Due</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_visits.py" line="133"/>
        <source>Purpose</source>
        <translation>回访目的</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_visits.py" line="133"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_visits.py" line="133"/>
        <source>Result</source>
        <translation>回访结果</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_visits.py" line="133"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_visits.py" line="149"/>
        <source>(no result)</source>
        <translation>（无结果）</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_visits.py" line="200"/>
        <source>{date} (overdue)</source>
        <translation>{date}（已逾期）</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_visits.py" line="214"/>
        <source>{open} open, {overdue} overdue, {total} in all</source>
        <translation>待回访 {open} 条，逾期 {overdue} 条，共 {total} 条</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_visits.py" line="288"/>
        <source>{count} visits saved.</source>
        <translation>已保存 {count} 条回访。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_list.py" line="121"/>
        <source>It expired on {date}: new feedback is still saved and synced; ask the office for a new package.</source>
        <translation>已于 {date} 过期：新的反馈仍会保存和同步；请向办公室领取新的外业包。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_list.py" line="127"/>
        <source>Valid until {date}.</source>
        <translation>有效期至 {date}。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="376"/>
        <source>Choose the folder for the packages.</source>
        <translation>请选择外业包的文件夹。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="383"/>
        <source>Service Grid: field packages for the team</source>
        <translation>服务网格：团队外业包</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="383"/>
        <source>Writing {count} field packages…</source>
        <translation>正在写入 {count} 个外业包…</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="396"/>
        <source>{count} field packages written to {folder}.</source>
        <translation>已将 {count} 个外业包写入 {folder}。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="403"/>
        <source>Cancelled: the packages finished before are kept (and ready to sync) in {folder}; no other package was made.</source>
        <translation>已取消：之前完成的外业包保留在 {folder}（可以同步）；未生成其他外业包。</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_sync.py" line="410"/>
        <source>No field packages were made: {reason}</source>
        <translation>未生成外业包：{reason}</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="293"/>
        <source>Make the field packages of several staff members in one run</source>
        <translation>一次为多名人员生成外业包</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_dock.ui" line="294"/>
        <source>Packages for the team…</source>
        <translation>团队外业包…</translation>
    </message>
</context>
<context>
    <name>FeedbackStore</name>
    <message>
        <location filename="../../plugin/feedback_store.py" line="94"/>
        <source>{path} is neither a Service Grid project nor a field package (it needs a feedback layer and sg_meta).</source>
        <translation>{path} 既不是服务网格项目也不是外业包（需要客户反馈图层和 sg_meta 表）。</translation>
    </message>
</context>
<context>
    <name>FeedbackTableModel</name>
    <message>
        <location filename="../../plugin/feedback_model.py" line="256"/>
        <source>Collected (UTC)</source>
        <translation>采集时间(UTC)</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="256"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="256"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="256"/>
        <source>Rating</source>
        <translation>评分</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="256"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="256"/>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="256"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="256"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="269"/>
        <source>Claims</source>
        <translation>理赔</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="270"/>
        <source>Sales inquiry</source>
        <translation>销售咨询</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="271"/>
        <source>Service speed</source>
        <translation>服务速度</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="272"/>
        <source>Attitude</source>
        <translation>服务态度</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="273"/>
        <source>Product need</source>
        <translation>产品需求</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="274"/>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="275"/>
        <source>Praise</source>
        <translation>表扬</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="276"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="278"/>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="278"/>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="280"/>
        <source>Visit</source>
        <translation>上门</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="281"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="282"/>
        <source>Outlet</source>
        <translation>网点</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="283"/>
        <source>Online</source>
        <translation>线上</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="355"/>
        <source>Resolved at {when}</source>
        <translation>解决时间 {when}</translation>
    </message>
</context>
<context>
    <name>GridBalanceChart</name>
    <message>
        <location filename="../../plugin/workload_chart.py" line="214"/>
        <source>No staff</source>
        <translation>无人员</translation>
    </message>
    <message>
        <location filename="../../plugin/workload_chart.py" line="215"/>
        <source>Fewer than recommended</source>
        <translation>少于建议人数</translation>
    </message>
    <message>
        <location filename="../../plugin/workload_chart.py" line="216"/>
        <source>As recommended</source>
        <translation>符合建议人数</translation>
    </message>
    <message>
        <location filename="../../plugin/workload_chart.py" line="217"/>
        <source>More than recommended</source>
        <translation>多于建议人数</translation>
    </message>
</context>
<context>
    <name>GridEditorDock</name>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="84"/>
        <source>Open service-grid project</source>
        <translation>打开服务网格项目</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="163"/>
        <source>No Service Grid project is loaded. Open one (Service Grid ▸ Open project GeoPackage…) or choose its GeoPackage above.</source>
        <translation>尚未加载服务网格项目。请打开一个项目（服务网格 ▸ 打开项目 GeoPackage…），或在上方选择其 GeoPackage。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="178"/>
        <source>Wait until the running edit has finished.</source>
        <translation>请等待正在进行的编辑完成。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="183"/>
        <source>Cannot edit the grids of {path}: {error}</source>
        <translation>无法编辑 {path} 的网格：{error}</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="53"/>
        <source>Open a project GeoPackage with grids.</source>
        <translation>请打开已划分网格的项目 GeoPackage。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="226"/>
        <source>(choose a grid)</source>
        <translation>（选择网格）</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="229"/>
        <source>{grids} grids, {units} units. Target {target} people per grid ± {tol} %.</source>
        <translation>{grids} 个网格，{units} 个单元。目标每网格 {target} 人 ± {tol} %。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="336"/>
        <source>The project&apos;s units layer is not on the map: open the project to select units.</source>
        <translation>项目的基础单元图层不在地图上：请打开项目后再选择单元。</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="116"/>
        <source>No unit selected.</source>
        <translation>未选择单元。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="352"/>
        <source>{n} units selected in {g} grids ({people} people).</source>
        <translation>已选择 {g} 个网格中的 {n} 个单元（{people} 人）。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="396"/>
        <source>The preview failed: {error}</source>
        <translation>预览失败：{error}</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="442"/>
        <source>Service Grid: {label}</source>
        <translation>服务网格：{label}</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="442"/>
        <source>Done: {label}.</source>
        <translation>已完成：{label}。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="461"/>
        <source>Service Grid: undo</source>
        <translation>服务网格：撤销</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="461"/>
        <source>Undone: {label}.</source>
        <translation>已撤销：{label}。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="477"/>
        <source>Service Grid: redo</source>
        <translation>服务网格：重做</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="477"/>
        <source>Redone: {label}.</source>
        <translation>已重做：{label}。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="488"/>
        <source>Save or discard the edits of {layers} first: the editor writes the GeoPackage.</source>
        <translation>请先保存或放弃 {layers} 的编辑：网格编辑会写入 GeoPackage。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="537"/>
        <source>The edit was not applied: {error}</source>
        <translation>编辑未应用：{error}</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="551"/>
        <source>Apply: {label}</source>
        <translation>应用：{label}</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="242"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="241"/>
        <source>Write the edit into the project (undoable)</source>
        <translation>把编辑写入项目（可撤销）</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="558"/>
        <source>Undo: {label}</source>
        <translation>撤销：{label}</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="250"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="558"/>
        <source>Redo: {label}</source>
        <translation>重做：{label}</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="255"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="9"/>
        <source>Grid editor</source>
        <translation>网格编辑</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="21"/>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="27"/>
        <source>The project GeoPackage whose grids are edited</source>
        <translation>要编辑网格的项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="29"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="35"/>
        <source>Use the project GeoPackage whose layers are loaded in QGIS</source>
        <translation>使用其图层已在 QGIS 中加载的项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="37"/>
        <source>Loaded</source>
        <translation>已加载项目</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="43"/>
        <source>Read the project&apos;s units and grids again</source>
        <translation>重新读取项目的单元和网格</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="45"/>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="60"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="70"/>
        <source>Select units</source>
        <translation>选择单元</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="75"/>
        <source>Click a unit on the map; Shift+click adds, Ctrl+click removes; drag a rectangle to select several</source>
        <translation>在地图上点击单元；Shift+点击添加，Ctrl+点击移除；拖出矩形可选择多个</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="76"/>
        <source>Click / rectangle</source>
        <translation>点击/矩形</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="83"/>
        <source>Select units with QGIS&apos;s freehand selection tool</source>
        <translation>用 QGIS 的手绘选择工具选择单元</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="84"/>
        <source>Freehand</source>
        <translation>手绘</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="89"/>
        <source>Select units with an expression</source>
        <translation>用表达式选择单元</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="90"/>
        <source>Expression…</source>
        <translation>表达式…</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="95"/>
        <source>Open the attribute table of the units: rows selected there are the editor&apos;s selection</source>
        <translation>打开单元属性表：在其中选中的行即为编辑器的选择</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="96"/>
        <source>Table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="101"/>
        <source>Clear the selection of units</source>
        <translation>清除单元选择</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="102"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="123"/>
        <source>Target grid</source>
        <translation>目标网格</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="128"/>
        <source>The grid units move into, merge into, split or lock</source>
        <translation>单元移入、合并到、拆分或锁定的网格</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="138"/>
        <source>Pick the target grid on the map (click inside it)</source>
        <translation>在地图上拾取目标网格（点击网格内部）</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="139"/>
        <source>Pick on map</source>
        <translation>在地图上拾取</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="149"/>
        <source>Move the selected units into the target grid</source>
        <translation>把所选单元移入目标网格</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="150"/>
        <source>Move to grid</source>
        <translation>移入网格</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="160"/>
        <source>Make a new grid of the selected units (one nest)</source>
        <translation>用所选单元新建网格（同一嵌套区域）</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="161"/>
        <source>New grid</source>
        <translation>新建网格</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="171"/>
        <source>Merge the grids of the selected units into the target grid</source>
        <translation>把所选单元所在的网格合并到目标网格</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="172"/>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="182"/>
        <source>Split the target grid into balanced grids</source>
        <translation>把目标网格拆分为均衡的网格</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="183"/>
        <source>Split</source>
        <translation>拆分</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="193"/>
        <source>Number of grids the target grid is split into</source>
        <translation>目标网格拆分成的网格数</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="194"/>
        <source> parts</source>
        <translation> 份</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="205"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="213"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="224"/>
        <source>Every grid the edit touches, before → after, against the target population and its band</source>
        <translation>编辑涉及的每个网格：编辑前 → 编辑后，对照目标人口及其容差范围</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="262"/>
        <source>Needs a decision</source>
        <translation>待定分配</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="270"/>
        <source>Staff assignments and outlets of grids an edit retired</source>
        <translation>因编辑停用的网格的人员分配和网点</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="280"/>
        <source>Give the selected staff or outlets to the grid that took most of their retired grid&apos;s people</source>
        <translation>把所选人员或网点分配给接收其原网格最多人口的网格</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="281"/>
        <source>Assign to suggested grid</source>
        <translation>分配到建议网格</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="286"/>
        <source>Give the selected staff or outlets to a grid you choose</source>
        <translation>把所选人员或网点分配给您选择的网格</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="287"/>
        <source>Assign to…</source>
        <translation>分配到…</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="292"/>
        <source>Drop the selected assignments (undoable)</source>
        <translation>放弃所选分配（可撤销）</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="293"/>
        <source>Drop</source>
        <translation>放弃</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="304"/>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="321"/>
        <source>Save the current division as a named version</source>
        <translation>把当前网格划分保存为命名版本</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="322"/>
        <source>Save version…</source>
        <translation>保存版本…</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="327"/>
        <source>Make the selected version the current division (undoable)</source>
        <translation>把所选版本恢复为当前划分（可撤销）</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="328"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="333"/>
        <source>Compare the selected version with the chosen one (or two selected versions)</source>
        <translation>把所选版本与所选对比对象比较（或比较两个所选版本）</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="334"/>
        <source>Compare with…</source>
        <translation>比较…</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="343"/>
        <source>Compare with</source>
        <translation>比较对象</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="204"/>
        <source>Lock the target grid and the grids of the selected units: a rebuild keeps them and edits leave them alone</source>
        <translation>锁定目标网格和所选单元所在的网格：重新划分时保留，编辑时不改动</translation>
    </message>
    <message>
        <location filename="../../forms/grid_editor_dock.ui" line="212"/>
        <source>Unlock the target grid and the grids of the selected units</source>
        <translation>解锁目标网格和所选单元所在的网格</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="226"/>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="411"/>
        <source>Select units on the map (or in the attribute table).</source>
        <translation>请在地图上（或属性表中）选择单元。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="413"/>
        <source>Choose the target grid (list or Pick on map).</source>
        <translation>请选择目标网格（从列表选择或在地图上拾取）。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="415"/>
        <source>Select units of the grids to merge and choose the grid they go into.</source>
        <translation>请选择要合并的网格中的单元，并选择合并到的网格。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="417"/>
        <source>Choose a grid (list or Pick on map).</source>
        <translation>请选择网格（从列表选择或在地图上拾取）。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="457"/>
        <source>There is nothing to undo any more: the project changed since the editor read it (a rebuild starts the history again). The editor has been reloaded.</source>
        <translation>已没有可撤销的编辑：编辑器读取项目后项目已发生变化（重建网格会重新开始编辑记录）。编辑器已重新加载。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="473"/>
        <source>There is nothing to redo any more: the project changed since the editor read it. The editor has been reloaded.</source>
        <translation>已没有可重做的编辑：编辑器读取项目后项目已发生变化。编辑器已重新加载。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="348"/>
        <source>Unit {unit} of grid {grid} selected ({people} people).</source>
        <translation>已选择网格 {grid} 的单元 {unit}（{people} 人）。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="350"/>
        <source>{n} units of grid {grid} selected ({people} people).</source>
        <translation>已选择网格 {grid} 的 {n} 个单元（{people} 人）。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_dock.py" line="233"/>
        <source>{grids} grids, {units} units. Targets by area: {low}–{high} people per grid ± {tol} % (each grid is judged against its own target).</source>
        <translation>{grids} 个网格，{units} 个单元。按区域设目标：每格 {low}–{high} 人 ± {tol} %（每个网格按其自身目标评判）。</translation>
    </message>
</context>
<context>
    <name>GridSummaryModel</name>
    <message>
        <location filename="../../plugin/feedback_model.py" line="384"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="385"/>
        <source>Feedback</source>
        <translation>反馈数</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="386"/>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="387"/>
        <source>Average rating</source>
        <translation>平均评分</translation>
    </message>
    <message>
        <location filename="../../plugin/feedback_model.py" line="411"/>
        <source>(no grid)</source>
        <translation>（无网格）</translation>
    </message>
</context>
<context>
    <name>GridTableModel</name>
    <message>
        <location filename="../../plugin/grid_model.py" line="219"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="219"/>
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="219"/>
        <source>Recommended</source>
        <translation>建议人数</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="219"/>
        <source>Assigned</source>
        <translation>已分配</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="219"/>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="219"/>
        <source>Outlet</source>
        <translation>服务网点</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="219"/>
        <source>Density</source>
        <translation>密度等级</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="219"/>
        <source>Income tier</source>
        <translation>收入层级</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="219"/>
        <source>Nest</source>
        <translation>上级区划</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="233"/>
        <source>Urban core</source>
        <translation>城市核心</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="234"/>
        <source>Urban</source>
        <translation>城区</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="235"/>
        <source>Suburban</source>
        <translation>城郊</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="236"/>
        <source>Rural</source>
        <translation>农村</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="239"/>
        <source>High</source>
        <translation>高收入</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="240"/>
        <source>Middle</source>
        <translation>中等收入</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="241"/>
        <source>Basic</source>
        <translation>基本收入</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="244"/>
        <source>Nobody is assigned to this grid.</source>
        <translation>该网格尚未分配人员。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="245"/>
        <source>Fewer staff than recommended.</source>
        <translation>人员少于建议人数。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="246"/>
        <source>More staff than recommended.</source>
        <translation>人员多于建议人数。</translation>
    </message>
</context>
<context>
    <name>ImportCustomersAlgorithm</name>
    <message>
        <location filename="../../algorithms/import_customers.py" line="44"/>
        <source>Import customers</source>
        <translation>导入客户</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="45"/>
        <source>customers,clients,register,penetration,products,gaps,csv,excel,客户,渗透率,产品缺口</source>
        <translation>customers,clients,register,penetration,products,gaps,csv,excel,客户,客户登记,渗透率,产品缺口</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="49"/>
        <source>Imports a customer list (CSV, Excel or any table or point layer) into the project's customer register (layer customers) and computes, per grid, the customers by type, the penetration (individual customers ÷ population, enterprise customers ÷ enterprises) and the product gaps: the products recommended for the grid by 'Classify grids' that fewer than the gap share of its customers hold (enterprise customers for group benefits and commercial property).

Columns (guessed from common names, or chosen): customer id and customer type (individual 个人 / enterprise 企业) are required; name, phone, products held (product codes or names separated by commas or semicolons), consent (yes/no), consent date and address are optional. Each customer is located by its point (a point layer), by X and Y columns (in the coordinates' CRS, default the project's) or by a unit id column.

The list is checked before anything is written: an empty or duplicated id, an unknown type, product or consent value, a bad date, a customer without location or outside every unit stops the import with the rows named. Customers whose id is already registered are replaced; 'Replace the whole register' drops the others. Names and phones stay in the project: they are never written to field packages or to the workbook, and customers without consent are only counted.

Run it again after dividing or classifying the grids again to refresh the figures.</source>
        <translation>将客户名单（CSV、Excel 或任意数据表、点图层）导入项目的客户登记（图层 customers），并按网格计算：按类型的客户数、渗透率（个人客户数 ÷ 人口，企业客户数 ÷ 企业数）和产品缺口——“网格分类”为该网格推荐、但持有率低于缺口比例的产品（团体福利和企业财产险按企业客户计）。

列（按常用名称自动识别，或手动选择）：客户编号和客户类型（individual 个人 / enterprise 企业）为必填；姓名、电话、持有产品（产品代码或名称，以逗号或分号分隔）、同意（是/否）、同意日期和地址为可选。每名客户按其点位（点图层）、X 和 Y 列（坐标参考系默认为项目的坐标参考系）或单元编码列定位。

写入前会先检查整个名单：编号为空或重复、客户类型、产品或同意取值无法识别、日期有误、客户没有位置或位于所有单元之外，都会中止导入并列出相关行。编号已登记的客户会被替换；勾选“替换整个客户登记”则删除其余客户。姓名和电话只保存在项目中：绝不会写入外业包或工作簿，未同意的客户只计入人数。

重新划分或重新分类网格后，请再次运行以更新各项数字。</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="94"/>
        <source>Customer id field</source>
        <translation>客户编号字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="95"/>
        <source>Customer type field (individual / enterprise)</source>
        <translation>客户类型字段（个人/企业）</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="96"/>
        <source>Name field</source>
        <translation>名称字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="97"/>
        <source>Phone field</source>
        <translation>电话字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="98"/>
        <source>Products held field</source>
        <translation>持有产品字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="99"/>
        <source>Consent field (yes / no)</source>
        <translation>同意字段（是/否）</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="100"/>
        <source>Consent date field</source>
        <translation>同意日期字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="101"/>
        <source>Address field</source>
        <translation>地址字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="102"/>
        <source>X coordinate field</source>
        <translation>X 坐标字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="103"/>
        <source>Y coordinate field</source>
        <translation>Y 坐标字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="104"/>
        <source>Unit id field (locates customers without coordinates)</source>
        <translation>单元编码字段（为没有坐标的客户定位）</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="106"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="107"/>
        <source>Customer list (CSV, Excel, table or points)</source>
        <translation>客户名单（CSV、Excel、数据表或点图层）</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="110"/>
        <source>CRS of the X / Y coordinates</source>
        <translation>X/Y 坐标的坐标参考系</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="114"/>
        <source>Gap share: a recommended product held by fewer customers is a gap</source>
        <translation>缺口比例：持有率低于此值的推荐产品即为产品缺口</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="116"/>
        <source>Replace the whole register</source>
        <translation>替换整个客户登记</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="117"/>
        <source>Customers imported</source>
        <translation>导入客户数</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="117"/>
        <source>Registered customers replaced</source>
        <translation>被替换的已登记客户数</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="117"/>
        <source>Customers in the register</source>
        <translation>登记客户数</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="117"/>
        <source>Grids updated</source>
        <translation>更新的网格数</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="132"/>
        <source>customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="137"/>
        <source>The project {path} has no units layer with a CRS.</source>
        <translation>项目 {path} 中没有带坐标参考系的单元图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="161"/>
        <source>Customer list &apos;{layer}&apos;: fields used: {pairs}.</source>
        <translation>客户名单“{layer}”：使用的字段：{pairs}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="176"/>
        <source>{written} customers imported into {path} ({replaced} registered ones replaced); the register holds {total}; customer figures of {grids} grids updated.</source>
        <translation>已向 {path} 导入 {written} 名客户（替换已登记客户 {replaced} 名）；登记客户共 {total} 名；已更新 {grids} 个网格的客户数据。</translation>
    </message>
    <message>
        <location filename="../../algorithms/import_customers.py" line="216"/>
        <source>The coordinates in &apos;{field}&apos; are read as longitude and latitude (WGS 84); choose another CRS of the X / Y coordinates if they are not.</source>
        <translation>“{field}”中的坐标按经纬度（WGS 84）读取；如果不是，请另选 X/Y 坐标的坐标参考系。</translation>
    </message>
</context>
<context>
    <name>Installer</name>
    <message>
        <location filename="../../plugin/dependency_install.py" line="74"/>
        <source>Install missing Python packages…</source>
        <translation>安装缺少的 Python 包…</translation>
    </message>
    <message>
        <location filename="../../plugin/dependency_install.py" line="86"/>
        <source>The Python packages are being installed.</source>
        <translation>正在安装 Python 包。</translation>
    </message>
    <message>
        <location filename="../../plugin/dependency_install.py" line="90"/>
        <source>Service Grid</source>
        <translation>服务网格</translation>
    </message>
    <message>
        <location filename="../../plugin/dependency_install.py" line="90"/>
        <source>All the Python packages Service Grid needs are installed.</source>
        <translation>服务网格所需的 Python 包均已安装。</translation>
    </message>
    <message>
        <location filename="../../plugin/dependency_install.py" line="98"/>
        <source>Install missing Python packages</source>
        <translation>安装缺少的 Python 包</translation>
    </message>
    <message>
        <location filename="../../plugin/dependency_install.py" line="100"/>
        <source>Service Grid will install {packages} for QGIS&apos;s Python into
{folder}

Numpy stays the version QGIS has ({numpy}). Without internet, choose a folder of wheel files.</source>
        <translation>服务网格将为 QGIS 的 Python 安装 {packages}，安装到
{folder}

numpy 保持 QGIS 现有的版本（{numpy}）。没有网络时，请选择存放 wheel 文件的文件夹。</translation>
    </message>
    <message>
        <location filename="../../plugin/dependency_install.py" line="111"/>
        <source>Install</source>
        <translation>安装</translation>
    </message>
    <message>
        <location filename="../../plugin/dependency_install.py" line="112"/>
        <source>From wheel files…</source>
        <translation>从 wheel 文件安装…</translation>
    </message>
    <message>
        <location filename="../../plugin/dependency_install.py" line="117"/>
        <source>Folder of wheel files (.whl)</source>
        <translation>wheel 文件（.whl）所在文件夹</translation>
    </message>
    <message>
        <location filename="../../plugin/dependency_install.py" line="133"/>
        <source>Installing Python packages for Service Grid</source>
        <translation>正在为服务网格安装 Python 包</translation>
    </message>
    <message>
        <location filename="../../plugin/dependency_install.py" line="137"/>
        <source>Installing {}…</source>
        <translation>正在安装 {}…</translation>
    </message>
    <message>
        <location filename="../../plugin/dependency_install.py" line="143"/>
        <source>Installation cancelled.</source>
        <translation>安装已取消。</translation>
    </message>
    <message>
        <location filename="../../plugin/dependency_install.py" line="147"/>
        <source>Installed {packages} into {folder}. Restart QGIS to use them.</source>
        <translation>已将 {packages} 安装到 {folder}。请重启 QGIS 后使用。</translation>
    </message>
    <message>
        <location filename="../../plugin/dependency_install.py" line="155"/>
        <source>Installed {packages}: the Service Grid tools are ready.</source>
        <translation>已安装 {packages}：服务网格工具可以使用了。</translation>
    </message>
</context>
<context>
    <name>LockGridsAlgorithm</name>
    <message>
        <location filename="../../algorithms/lock_grids.py" line="18"/>
        <source>Lock or unlock grids</source>
        <translation>锁定或解锁网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/lock_grids.py" line="19"/>
        <source>grid,lock,unlock,keep,freeze,editor,网格,锁定,解锁</source>
        <translation>grid,lock,unlock,keep,freeze,editor,网格,锁定,解锁,保留</translation>
    </message>
    <message>
        <location filename="../../algorithms/lock_grids.py" line="22"/>
        <source>Locks (or unlocks) grids of a project. &apos;Build service grids&apos; with this project as PROJECT keeps a locked grid&apos;s units, code and row exactly and divides the other units around it; the Grid editor refuses edits that touch a locked grid. The change is journaled: Undo in the Grid editor takes it back.</source>
        <translation>锁定（或解锁）项目中的网格。以本项目为 PROJECT 运行“构建服务网格”时，锁定网格的单元、编码和属性保持原样，其余单元围绕它重新划分；网格编辑器拒绝涉及锁定网格的编辑。此更改记入编辑记录：可在网格编辑器中撤销。</translation>
    </message>
    <message>
        <location filename="../../algorithms/lock_grids.py" line="38"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/lock_grids.py" line="39"/>
        <source>Grids (ids separated by commas or spaces)</source>
        <translation>网格（编号以逗号或空格分隔）</translation>
    </message>
    <message>
        <location filename="../../algorithms/lock_grids.py" line="41"/>
        <source>Lock (untick to unlock)</source>
        <translation>锁定（取消勾选则解锁）</translation>
    </message>
    <message>
        <location filename="../../algorithms/lock_grids.py" line="43"/>
        <source>Grids changed</source>
        <translation>更改的网格数</translation>
    </message>
    <message>
        <location filename="../../algorithms/lock_grids.py" line="44"/>
        <source>Edit (journal id)</source>
        <translation>编辑（记录编号）</translation>
    </message>
</context>
<context>
    <name>MergeGridsAlgorithm</name>
    <message>
        <location filename="../../algorithms/merge_grids.py" line="14"/>
        <source>Merge grids</source>
        <translation>合并网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/merge_grids.py" line="15"/>
        <source>grid,edit,merge,dissolve,editor,网格,编辑,合并</source>
        <translation>grid,edit,merge,dissolve,editor,网格,编辑,合并</translation>
    </message>
    <message>
        <location filename="../../algorithms/merge_grids.py" line="18"/>
        <source>Merges two or more grids of one nest into one: the grid named in &apos;Merge into&apos; (by default the most populated of them) keeps its code and row; the others are retired (their codes are never given again) and their staff and outlets wait in the Grid editor&apos;s &apos;Needs a decision&apos; list, with the merged grid suggested. Locked grids and grids of different nests are refused. Undo in the Grid editor takes the merge back.</source>
        <translation>将同一上级区划内的两个或多个网格合并为一个：“合并到”指定的网格（默认为其中人口最多者）保留其编码和属性；其余网格停用（编码不再使用），其人员和网点进入网格编辑器的“待定分配”列表，并建议分配给合并后的网格。锁定网格和不同上级区划的网格会被拒绝。可在网格编辑器中撤销合并。</translation>
    </message>
    <message>
        <location filename="../../algorithms/merge_grids.py" line="36"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/merge_grids.py" line="37"/>
        <source>Grids to merge (ids separated by commas or spaces)</source>
        <translation>要合并的网格（编号以逗号或空格分隔）</translation>
    </message>
    <message>
        <location filename="../../algorithms/merge_grids.py" line="39"/>
        <source>Merge into (one of them, or another grid of their nest that takes them all; empty: the most populated of them)</source>
        <translation>合并到（其中之一，或同一上级区划内接收全部网格的另一网格；留空：其中人口最多的网格）</translation>
    </message>
</context>
<context>
    <name>MoveUnitsAlgorithm</name>
    <message>
        <location filename="../../algorithms/move_units.py" line="15"/>
        <source>Move units to a grid</source>
        <translation>将单元移入网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/move_units.py" line="16"/>
        <source>grid,edit,move,reassign,new grid,editor,网格,编辑,调整,移动</source>
        <translation>grid,edit,move,reassign,new grid,editor,网格,编辑,调整,移动</translation>
    </message>
    <message>
        <location filename="../../algorithms/move_units.py" line="19"/>
        <source>Moves units of a project to another grid of their nest, or makes them a new grid (leave the grid empty): the same edit as Move and New grid in the Grid editor.

Give the units as features (e.g. the project's units layer with 'Selected features only') or as unit ids, or both. The grids on both sides are recomputed (polygon, population, households, area…); a grid left without units is retired, and its staff and outlet wait in the editor's 'Needs a decision' list. Refused, with the reason: a grid of another nest, a locked grid, unknown ids. A grid that would fall into pieces or leave the tolerance band is reported in the log. The edit is journaled: Undo in the Grid editor takes it back.</source>
        <translation>将项目中的单元移入同一上级区划内的另一个网格，或用它们新建网格（网格留空）：与网格编辑器中的“移入网格”和“新建网格”相同。

单元可以要素形式给出（例如项目的单元图层并勾选“仅选中要素”），也可给出单元编码，或两者兼有。两侧网格均重新计算（边界、人口、户数、面积……）；没有单元的网格停用，其人员和网点进入编辑器的“待定分配”列表。以下情况会被拒绝并说明原因：其他上级区划的网格、锁定网格、未知编号。网格被分成互不相连的几块或超出容差范围时，在日志中报告。此编辑记入编辑记录：可在网格编辑器中撤销。</translation>
    </message>
    <message>
        <location filename="../../algorithms/move_units.py" line="41"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/move_units.py" line="42"/>
        <source>Units to move (features with unit_id)</source>
        <translation>要移动的单元（含 unit_id 的要素）</translation>
    </message>
    <message>
        <location filename="../../algorithms/move_units.py" line="45"/>
        <source>Unit ids to move (separated by commas or spaces)</source>
        <translation>要移动的单元编码（以逗号或空格分隔）</translation>
    </message>
    <message>
        <location filename="../../algorithms/move_units.py" line="49"/>
        <source>Move to grid (empty: make the units a new grid)</source>
        <translation>移入网格（留空：用这些单元新建网格）</translation>
    </message>
    <message>
        <location filename="../../algorithms/move_units.py" line="59"/>
        <source>The layer given as {param} has no field unit_id: give the project&apos;s units layer (or a selection of it).</source>
        <translation>作为 {param} 给出的图层没有 unit_id 字段：请给出项目的单元图层（或其中的选中要素）。</translation>
    </message>
</context>
<context>
    <name>ProjectStore</name>
    <message>
        <location filename="../../plugin/project_store.py" line="146"/>
        <source>Cannot open the table {table} of {path}.</source>
        <translation>无法打开 {path} 中的表 {table}。</translation>
    </message>
    <message>
        <location filename="../../plugin/project_store.py" line="328"/>
        <source>The layer '{layer}' has edits that are not saved. Save or discard them first (Layer ▸ Toggle Editing).</source>
        <translation>图层“{layer}”有尚未保存的编辑。请先保存或放弃（图层 ▸ 切换编辑状态）。</translation>
    </message>
    <message>
        <location filename="../../plugin/project_store.py" line="253"/>
        <source>{path} has no table {table}.</source>
        <translation>{path} 中没有表 {table}。</translation>
    </message>
    <message>
        <location filename="../../plugin/project_store.py" line="266"/>
        <source>Could not save the change to {path}: {error}</source>
        <translation>无法将更改保存到 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../plugin/project_store.py" line="340"/>
        <source>The grids of {path} have no outlet_id column.</source>
        <translation>{path} 的网格没有 outlet_id 字段。</translation>
    </message>
</context>
<context>
    <name>QFieldProject</name>
    <message>
        <location filename="../../algorithms/qfield_project.py" line="73"/>
        <source>QField project (.qgz beside the package)</source>
        <translation>QField 项目（外业包旁的 .qgz）</translation>
    </message>
</context>
<context>
    <name>RefreshFieldPackageAlgorithm</name>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="23"/>
        <source>Refresh field package</source>
        <translation>更新外业包</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="24"/>
        <source>offline,field,package,refresh,update,visits,qfield,sync,外业,更新,回访</source>
        <translation>offline,field,package,refresh,update,visits,qfield,sync,外业,更新,回访,离线,同步</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="28"/>
        <source>Brings an existing field package up to date with the office: new and cancelled visits, grids assigned to or taken from the staff member, corrected outlets and units, feedback logged by others in the staff member&apos;s grids.

Nothing entered in the field is lost: the package is first synced into the project (as &apos;Sync field packages&apos; does; a package synced before adds nothing), then a new package is written for the same staff member from the project, and the rows the sync rejected (which exist only on the device) are put back into it unchanged. Grids the staff member no longer covers are left out, with their data. The old file is kept beside the new one as [name].[time].bak.gpkg.

Leave the output empty to replace the package where it is (close it in QGIS or QField first).</source>
        <translation>用办公室的最新数据更新已有的外业包：新派发和已取消的回访任务、新分配给或收回的网格、更正后的网点和单元、他人在该人员网格中登记的反馈。

外业录入的内容不会丢失：先把外业包同步到项目（与“同步外业包”相同；已同步过的外业包不会重复添加），再根据项目为同一人员重新生成外业包，并把同步时被拒收的记录（只存在于设备上）原样放回新包。该人员不再负责的网格及其数据不再包含在内。旧文件保留在新文件旁边，名为 [name].[time].bak.gpkg。

输出留空即在原位置替换外业包（请先在 QGIS 或 QField 中关闭它）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="51"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="53"/>
        <source>Field package</source>
        <translation>外业包</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="56"/>
        <source>Refreshed package (empty: replace the package)</source>
        <translation>更新后的外业包（留空：替换原外业包）</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="56"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="65"/>
        <source>New package id</source>
        <translation>新外业包编号</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="66"/>
        <source>Rows synced into the project</source>
        <translation>同步到项目的记录</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="66"/>
        <source>Rejected rows kept in the package</source>
        <translation>保留在外业包中的拒收记录</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="66"/>
        <source>Grids dropped</source>
        <translation>移除的网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="66"/>
        <source>Grids added</source>
        <translation>新增的网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="66"/>
        <source>Visits in the package</source>
        <translation>外业包中的回访任务</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="84"/>
        <source>The project itself was given as the package or the output: choose the field package file.</source>
        <translation>外业包或输出选成了项目本身：请选择外业包文件。</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="97"/>
        <source>Cancelled: the package was synced, not refreshed.</source>
        <translation>已取消：外业包已同步，但未更新。</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="104"/>
        <source>The package&apos;s field work was synced into the project, but the package was not refreshed (it is unchanged): {reason}</source>
        <translation>外业包中的外业数据已同步到项目，但外业包未更新（保持原样）：{reason}</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="119"/>
        <source>Package {old} of {staff} synced ({synced} rows into the project, {conflicts} conflicts) and refreshed as {new} in {path}: {grids} grids ({added} added, {dropped} dropped), {visits} visits, {feedback_rows} feedback rows, {carried} rejected rows kept.</source>
        <translation>{staff} 的外业包 {old} 已同步（{synced} 条记录写入项目，{conflicts} 个冲突），并更新为 {new}，保存在 {path}：{grids} 个网格（新增 {added} 个，移除 {dropped} 个），{visits} 条回访任务，{feedback_rows} 条反馈，保留 {carried} 条拒收记录。</translation>
    </message>
    <message>
        <location filename="../../algorithms/refresh_field_package.py" line="142"/>
        <source>Kept in the package, not synced: {row}: {reason}</source>
        <translation>保留在外业包中、未同步：{row}：{reason}</translation>
    </message>
</context>
<context>
    <name>RestoreGridVersionAlgorithm</name>
    <message>
        <location filename="../../algorithms/restore_grid_version.py" line="15"/>
        <source>Restore grid version</source>
        <translation>恢复网格版本</translation>
    </message>
    <message>
        <location filename="../../algorithms/restore_grid_version.py" line="16"/>
        <source>grid,version,restore,rollback,undo,division,history,网格,版本,恢复,还原</source>
        <translation>grid,version,restore,rollback,undo,division,history,网格,版本,恢复,还原,回退,撤销</translation>
    </message>
    <message>
        <location filename="../../algorithms/restore_grid_version.py" line="20"/>
        <source>Makes a saved version (give its name or its number) the project's division again: every unit goes back to the grid it had in the version and the grids get the version's attributes back; grids the version did not have are retired (their staff assignments and outlet wait for a decision in the Grid editor). Units added to the project since the version keep their grid.

The current division is saved first as a version (Before restoring …), and the restore is one edit: Undo in the Grid editor takes it back.</source>
        <translation>把一个已保存的版本（填写名称或编号）重新设为项目的网格划分：每个单元回到它在该版本中的网格，网格恢复该版本的属性；该版本中没有的网格被停用（其人员分配和服务网点在网格编辑器中等待处理）。该版本之后新加入项目的单元保留其网格。

当前划分会先保存为一个版本（恢复前…），恢复是一次编辑：在网格编辑器中撤销即可复原。</translation>
    </message>
    <message>
        <location filename="../../algorithms/restore_grid_version.py" line="38"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/restore_grid_version.py" line="39"/>
        <source>Version (name or number)</source>
        <translation>版本（名称或编号）</translation>
    </message>
    <message>
        <location filename="../../algorithms/restore_grid_version.py" line="41"/>
        <source>Units changed grid</source>
        <translation>更换网格的单元数</translation>
    </message>
    <message>
        <location filename="../../algorithms/restore_grid_version.py" line="42"/>
        <source>Version saved before the restore</source>
        <translation>恢复前保存的版本</translation>
    </message>
    <message>
        <location filename="../../algorithms/restore_grid_version.py" line="52"/>
        <source>The division is already version {id} “{name}”: nothing changed.</source>
        <translation>当前划分已是版本 {id}“{name}”：未作任何更改。</translation>
    </message>
    <message>
        <location filename="../../algorithms/restore_grid_version.py" line="59"/>
        <source>Saved the current division as version {id} “{name}” first.</source>
        <translation>已先将当前划分保存为版本 {id}“{name}”。</translation>
    </message>
    <message>
        <location filename="../../algorithms/restore_grid_version.py" line="64"/>
        <source>Restored version {id} “{name}”: {n} units changed grid (Undo in the Grid editor takes it back).</source>
        <translation>已恢复版本 {id}“{name}”：{n} 个单元更换了网格（在网格编辑器中撤销即可复原）。</translation>
    </message>
</context>
<context>
    <name>SaveGridVersionAlgorithm</name>
    <message>
        <location filename="../../algorithms/save_grid_version.py" line="13"/>
        <source>Saved by (default: the user name of this computer)</source>
        <translation>保存人（默认：本机用户名）</translation>
    </message>
    <message>
        <location filename="../../algorithms/save_grid_version.py" line="27"/>
        <source>Save grid version</source>
        <translation>保存网格版本</translation>
    </message>
    <message>
        <location filename="../../algorithms/save_grid_version.py" line="28"/>
        <source>grid,version,save,snapshot,division,history,网格,版本,保存</source>
        <translation>grid,version,save,snapshot,division,history,网格,版本,保存,快照,划分,历史</translation>
    </message>
    <message>
        <location filename="../../algorithms/save_grid_version.py" line="31"/>
        <source>Saves the current division of a project as a named version: the grid of every unit and every grid's attributes (class, staff, outlet, lock…), with who saved it, when and a note. The name must be new among the project's versions.

'Restore grid version' brings a version back (as one edit the Grid editor can undo); 'Compare grid versions' shows the units that changed grid between two versions. 'Build service grids' with this project saves the previous division as a version before it replaces the grids.</source>
        <translation>把项目当前的网格划分保存为一个命名版本：每个单元所属的网格和每个网格的属性（等级、人员、服务网点、锁定…），以及保存人、保存时间和备注。名称不能与项目已有版本重复。

“恢复网格版本”可恢复一个版本（作为一次可在网格编辑器中撤销的编辑）；“比较网格版本”列出两个版本之间更换了网格的单元。以本项目运行“构建服务网格”时，会在替换网格之前把先前的划分保存为一个版本。</translation>
    </message>
    <message>
        <location filename="../../algorithms/save_grid_version.py" line="50"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/save_grid_version.py" line="51"/>
        <source>Version name</source>
        <translation>版本名称</translation>
    </message>
    <message>
        <location filename="../../algorithms/save_grid_version.py" line="52"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../algorithms/save_grid_version.py" line="55"/>
        <source>Version number</source>
        <translation>版本编号</translation>
    </message>
    <message>
        <location filename="../../algorithms/save_grid_version.py" line="65"/>
        <source>Saved the division as version {id} “{name}”: {grids} grids, {units} units, population {population:,}.</source>
        <translation>已将网格划分保存为版本 {id}“{name}”：{grids} 个网格，{units} 个单元，人口 {population:,}。</translation>
    </message>
</context>
<context>
    <name>ServiceGridAlgorithm</name>
    <message>
        <location filename="../../algorithms/base.py" line="56"/>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../algorithms/base.py" line="57"/>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/base.py" line="58"/>
        <source>Staff and outlets</source>
        <translation>人员与网点</translation>
    </message>
    <message>
        <location filename="../../algorithms/base.py" line="59"/>
        <source>Field work</source>
        <translation>外业</translation>
    </message>
    <message>
        <location filename="../../algorithms/validation.py" line="77"/>
        <source>{label} ({key}) is {value}, not a number. Enter a number (for example {default}), then run again.</source>
        <translation>{label}（{key}）为 {value}，不是数字。请输入一个数字（例如 {default}），然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/validation.py" line="127"/>
        <source>{label} ({key}): {path} is an existing folder, not a file. Choose a file name inside it (for example {example}), then run again.</source>
        <translation>{label}（{key}）：{path} 是已存在的文件夹，不是文件。请在其中选择一个文件名（例如 {example}），然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/validation.py" line="229"/>
        <source>Could not write {files}: the disk is full. Free some space on that drive, or choose a folder on another drive, then run again.</source>
        <translation>无法写入 {files}：磁盘已满。请释放该磁盘的空间，或选择另一个磁盘上的文件夹，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/validation.py" line="235"/>
        <source>Could not write {files}: the folder is read-only or you may not write there. Choose a folder you can write to (or ask for the right to write there), then run again.</source>
        <translation>无法写入 {files}：文件夹为只读，或您没有写入权限。请选择可写入的文件夹（或申请该文件夹的写入权限），然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/edit_common.py" line="56"/>
        <source>Done: {label} (undo in the Grid editor).</source>
        <translation>已完成：{label}（可在网格编辑器中撤销）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/edit_common.py" line="66"/>
        <source>Give at least one id in {param}.</source>
        <translation>请在 {param} 中至少给出一个编号。</translation>
    </message>
    <message>
        <location filename="../../algorithms/edit_common.py" line="22"/>
        <source>Recorded as made by (default: the user name of this computer)</source>
        <translation>记录的操作人（默认：本机用户名）</translation>
    </message>
    <message>
        <location filename="../../algorithms/edit_common.py" line="29"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/edit_common.py" line="34"/>
        <source>Units moved</source>
        <translation>移动的单元数</translation>
    </message>
    <message>
        <location filename="../../algorithms/edit_common.py" line="39"/>
        <source>Edit (journal id)</source>
        <translation>编辑（记录编号）</translation>
    </message>
    <message>
        <location filename="../../algorithms/validation.py" line="242"/>
        <source>Could not write {files} ({error}). Check that the drive is connected, has free space, and that the file and its folder can be written to (SQLite writes a journal file beside it), then run again.</source>
        <translation>无法写入 {files}（{error}）。请检查驱动器已连接、有剩余空间，并且文件及其所在文件夹可写（SQLite 会在文件旁写入日志文件），然后重新运行。</translation>
    </message>
</context>
<context>
    <name>ServiceGridDock</name>
    <message>
        <location filename="../../plugin/dock_parts.py" line="119"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../plugin/dock_parts.py" line="122"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../plugin/dock_base.py" line="217"/>
        <source>Cannot open {path}: {error}</source>
        <translation>无法打开 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../plugin/dock_parts.py" line="379"/>
        <source>The algorithm {id} is not available.</source>
        <translation>算法 {id} 不可用。</translation>
    </message>
    <message>
        <location filename="../../plugin/dock_parts.py" line="451"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>ServiceGridOptionsFactory</name>
    <message>
        <location filename="../../plugin/options.py" line="66"/>
        <source>Service Grid</source>
        <translation>服务网格</translation>
    </message>
</context>
<context>
    <name>ServiceGridOptionsPage</name>
    <message>
        <location filename="../../plugin/options.py" line="29"/>
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
    <message>
        <location filename="../../forms/options_page.ui" line="62"/>
        <source>Project files</source>
        <translation>项目文件</translation>
    </message>
    <message>
        <location filename="../../forms/options_page.ui" line="66"/>
        <source>Backups to keep per project</source>
        <translation>每个项目保留的备份数</translation>
    </message>
    <message>
        <location filename="../../forms/options_page.ui" line="72"/>
        <source>A backup of the project is taken in the folder [project]_backups before its grids or assignments are replaced and before a sync writes; older backups beyond this number are deleted.</source>
        <translation>在替换项目的网格或分配、以及同步写入之前，会在文件夹 [项目]_backups 中备份项目；超出此数量的较早备份会被删除。</translation>
    </message>
</context>
<context>
    <name>ServiceGridPlugin</name>
    <message>
        <location filename="../../plugin/plugin.py" line="282"/>
        <source>Service Grid</source>
        <translation>服务网格</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="84"/>
        <source>Create project…</source>
        <translation>创建项目…</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="84"/>
        <source>Create a service-grid project GeoPackage from your units</source>
        <translation>根据您的基础单元创建服务网格项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="91"/>
        <source>Open project GeoPackage…</source>
        <translation>打开项目 GeoPackage…</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="91"/>
        <source>Open the project stored in a service-grid GeoPackage</source>
        <translation>打开存储在服务网格 GeoPackage 中的项目</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="98"/>
        <source>Open sample city data</source>
        <translation>打开示例城市数据</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="98"/>
        <source>Add the bundled sample city layers to the map</source>
        <translation>将插件自带的示例城市图层添加到地图</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="137"/>
        <source>Service Grid tools in Processing</source>
        <translation>处理工具箱中的服务网格工具</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="137"/>
        <source>Show the Service Grid algorithms</source>
        <translation>显示服务网格算法</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="104"/>
        <source>Staff and outlets…</source>
        <translation>人员与网点…</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="104"/>
        <source>Assign staff and outlets to grids, see workloads and warnings</source>
        <translation>为网格分配人员和服务网点，查看工作量与预警</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="143"/>
        <source>Options…</source>
        <translation>选项…</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="143"/>
        <source>Service Grid settings</source>
        <translation>服务网格设置</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="282"/>
        <source>The project was created:
{}

Open it now?</source>
        <translation>项目已创建：
{}

是否立即打开？</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="292"/>
        <source>Open service-grid project</source>
        <translation>打开服务网格项目</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="292"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="314"/>
        <source>Opened {}</source>
        <translation>已打开 {}</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="316"/>
        <source>{} holds no Service Grid project. Create one with 'Create project…'.</source>
        <translation>{} 中没有服务网格项目。请使用“创建项目…”创建一个。</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="112"/>
        <source>Customer feedback…</source>
        <translation>客户反馈…</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="112"/>
        <source>Log and review customer feedback, resolve it, sync field packages</source>
        <translation>记录和查看客户反馈、处理反馈、同步外业包</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="131"/>
        <source>Install missing Python packages…</source>
        <translation>安装缺少的 Python 包…</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="131"/>
        <source>Install the Python packages Service Grid needs (shapely, scipy, openpyxl)</source>
        <translation>安装服务网格所需的 Python 包（shapely、scipy、openpyxl）</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="121"/>
        <source>Grid editor…</source>
        <translation>网格编辑…</translation>
    </message>
    <message>
        <location filename="../../plugin/plugin.py" line="121"/>
        <source>Move units between grids, merge, split and lock grids, save versions</source>
        <translation>在网格间移动单元，合并、拆分和锁定网格，保存版本</translation>
    </message>
</context>
<context>
    <name>ServiceGridProvider</name>
    <message>
        <location filename="../../algorithms/provider.py" line="63"/>
        <source>Service Grid</source>
        <translation>服务网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/provider.py" line="66"/>
        <source>Service Grid: service grids, staff and field feedback</source>
        <translation>服务网格：服务网格、人员与客户反馈</translation>
    </message>
</context>
<context>
    <name>ServiceQualityAlgorithm</name>
    <message>
        <location filename="../../algorithms/service_quality.py" line="99"/>
        <source>Service quality per grid</source>
        <translation>网格服务质量</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="31"/>
        <source>quality,feedback,rating,complaint,response,standard,staff,服务质量,反馈,评分,投诉,响应</source>
        <translation>quality,feedback,rating,complaint,response,standard,staff,服务质量,反馈,评分,投诉,响应,质量,标准,人员</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="82"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="83"/>
        <source>Response standard (minutes)</source>
        <translation>响应时间标准（分钟）</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="85"/>
        <source>Feedback from (UTC day, included)</source>
        <translation>反馈起始日（UTC，含当日）</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="87"/>
        <source>Feedback to (UTC day, included)</source>
        <translation>反馈截止日（UTC，含当日）</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="102"/>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="102"/>
        <source>Flagged grids</source>
        <translation>需关注网格数</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="102"/>
        <source>Feedback counted</source>
        <translation>统计的反馈数</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="102"/>
        <source>Extra staff suggested (total)</source>
        <translation>建议增加人员（合计）</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="152"/>
        <source>The period is empty: DATE_FROM ({start}) is after DATE_TO ({end}). Swap the dates or correct one of them.</source>
        <translation>时间段为空：DATE_FROM（{start}）晚于 DATE_TO（{end}）。请交换两个日期或更正其中之一。</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="122"/>
        <source>{param}: &apos;{value}&apos; is not a date. Give a day as YYYY-MM-DD (UTC), or leave it empty.</source>
        <translation>{param}：“{value}”不是日期。请按 YYYY-MM-DD（UTC）填写日期，或留空。</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality_output.py" line="105"/>
        <source>The project has no feedback yet: every grid gets a count of 0 and no statistics. Sync the field packages first (or log feedback in the Feedback dock).</source>
        <translation>项目中还没有客户反馈：所有网格的反馈数为 0，没有统计值。请先同步外业包（或在“客户反馈”面板中录入反馈）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality_output.py" line="114"/>
        <source>None of the {n} feedback rows falls between {start} and {end}: every grid gets a count of 0.</source>
        <translation>{n} 条反馈中没有一条位于 {start} 至 {end} 之间：所有网格的反馈数为 0。</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality_output.py" line="122"/>
        <source>{n} feedback row(s) are not in any grid of the project (grid ids: {ids}) and were left out.</source>
        <translation>{n} 条反馈不属于项目中的任何网格（网格编号：{ids}），未计入统计。</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality_output.py" line="135"/>
        <source>Period {start} to {end}; the rating trend compares before and after {middle}.</source>
        <translation>统计时段 {start} 至 {end}；评分变化比较 {middle} 之前与之后。</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality_output.py" line="141"/>
        <source>{counted} feedback rows in {grids} grids ({with_feedback} with feedback); response standard {standard:g} min.</source>
        <translation>{grids} 个网格中共 {counted} 条反馈（{with_feedback} 个网格有反馈）；响应时间标准 {standard:g} 分钟。</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality_output.py" line="155"/>
        <source>No grid is flagged.</source>
        <translation>没有需关注的网格。</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality_output.py" line="159"/>
        <source>{n} grid(s) flagged, {staff} extra staff suggested: {ids}</source>
        <translation>{n} 个网格需关注，建议增加 {staff} 人：{ids}</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="135"/>
        <source>{param}: {path} is not a Service Grid project GeoPackage. Choose the project file (made by &apos;Create service grid project&apos;).</source>
        <translation>{param}：{path} 不是服务网格项目 GeoPackage。请选择项目文件（由“创建服务网格项目”生成）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="143"/>
        <source>{param} must be a number of minutes above 0 (got {value}).</source>
        <translation>{param}必须是大于 0 的分钟数（当前为 {value}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="166"/>
        <source>{param}: the grids layer of {path} cannot be read.</source>
        <translation>{param}：无法读取 {path} 的网格图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="35"/>
        <source>Measures the service quality of every grid of a project from its customer feedback, optionally between two dates (UTC days, both included), and writes the grids with these columns: feedback_count, avg_rating, complaint_share (feedback filed as a complaint or rated 1–2), response_median and response_p90 (minutes), below_standard, rating_trend, falling, flagged, staff_change and reasons.

Below standard: the 90th percentile of the response times is above the response standard (at least 10 response times). Rating trend: the mean rating of the later half of the period (the dates given, else the first to the last feedback of the project) minus the earlier half; falling when it dropped by half a star or more and by at least twice its standard error (at least 5 ratings in each half). Flagged: below standard or falling.

staff_change, the extra staff suggested: +1 when the 90th percentile is at least 1.5 × the standard, +1 when ratings are falling (never negative). Give it to 'Allocate staff to grids' as the quality field (QUALITY_FIELD = staff_change) with this layer as the grids: flagged grids are recommended more staff.

Grids without feedback get a count of 0 and empty statistics. On the map the grids are coloured by average rating (red: poor, grey: no feedback) and flagged grids are hatched in red.

Per person (OUTPUT_STAFF, optional table): feedback_count, avg_rating, complaint_share, response_p90, followups_due and on_time_share (follow-up visits done by the end of their due day, from the project's visits table when it has one), and training_need with training_reasons. A person needs training when below a standard with enough evidence: at least 20 ratings with a mean below RATING_STANDARD by at least twice its standard error; at least 20 feedback with a complaint share above COMPLAINT_STANDARD (%) by at least twice its standard error; at least 10 response times with the 90th percentile above the response standard; at least 5 follow-ups due with an on-time share below FOLLOWUP_STANDARD (%) by at least twice its standard error.</source>
        <translation>根据客户反馈衡量项目中每个网格的服务质量（可限定两个日期之间，按 UTC 日计，含首尾两日），输出带有以下字段的网格：feedback_count（反馈数）、avg_rating（平均评分）、complaint_share（投诉占比：类别为投诉或评分为 1–2 的反馈）、response_median 与 response_p90（响应时间中位数与90分位，分钟）、below_standard（未达响应标准）、rating_trend（评分变化）、falling（评分下降）、flagged（需关注）、staff_change（建议增加人员）和 reasons（关注原因）。

未达标准：响应时间的90分位数高于响应时间标准（至少 10 个响应时间）。评分变化：统计时段（给定的日期；未给定时为项目中第一条至最后一条反馈）后半段的平均评分减去前半段的平均评分；下降至少半颗星、且下降幅度不小于其标准误差的两倍时视为评分下降（每半段至少 5 个评分）。需关注：未达标准或评分下降。

staff_change（建议增加的人员）：90分位数达到标准的 1.5 倍时 +1，评分下降时 +1（不会为负）。在“人员配置（网格分配）”中以本图层为网格、以 staff_change 为质量字段（QUALITY_FIELD = staff_change），需关注的网格就会获得更多建议人员。

没有反馈的网格反馈数为 0，统计值为空。在地图上，网格按平均评分着色（红色：较差，灰色：无反馈），需关注的网格以红色斜线标出。

每人（OUTPUT_STAFF，可选的表）：feedback_count、avg_rating、complaint_share、response_p90、followups_due 和 on_time_share（在应回访日结束前完成的回访，取自项目的回访表 visits，如有），以及 training_need 和 training_reasons。某人低于标准且证据充分时需要培训：至少 20 个评分，平均评分低于 RATING_STANDARD 且差距不小于其标准误差的两倍；至少 20 条反馈，投诉占比高于 COMPLAINT_STANDARD（%）且差距不小于其标准误差的两倍；至少 10 个响应时间，90分位数高于响应标准；至少 5 次应回访，按时回访率低于 FOLLOWUP_STANDARD（%）且差距不小于其标准误差的两倍。</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="89"/>
        <source>Rating standard per person (stars)</source>
        <translation>每人评分标准（星）</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="93"/>
        <source>Complaint standard per person (% of feedback, at most)</source>
        <translation>每人投诉标准（占反馈的百分比，最高）</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="96"/>
        <source>Follow-up standard per person (% on time, at least)</source>
        <translation>每人回访标准（按时百分比，最低）</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="100"/>
        <source>Service quality and training needs per person</source>
        <translation>人员服务质量与培训需求</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="102"/>
        <source>Staff measured</source>
        <translation>参与评估的人员</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality.py" line="102"/>
        <source>Staff who need training</source>
        <translation>需培训的人员</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality_staff.py" line="45"/>
        <source>Per person: {measured} of {staff} staff have feedback; {needs} need training (rating standard {rating:g}, complaints up to {complaints:.0%}, follow-ups on time at least {followups:.0%}).</source>
        <translation>每人：{staff} 名人员中有 {measured} 名有反馈；{needs} 名需要培训（评分标准 {rating:g}，投诉最多 {complaints:.0%}，按时回访至少 {followups:.0%}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality_staff.py" line="61"/>
        <source>No visits table in the project: follow-ups on time are left empty (no visits).</source>
        <translation>项目中没有回访表（visits）：按时回访率留空（无回访记录）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality_staff.py" line="68"/>
        <source>{n} feedback row(s) have no staff id and count for no person.</source>
        <translation>{n} 条反馈没有工号，不计入任何人员。</translation>
    </message>
    <message>
        <location filename="../../algorithms/service_quality_staff.py" line="75"/>
        <source>{n} feedback row(s) name staff ids that are not on the roster ({ids}); add them to the staff table to measure them.</source>
        <translation>{n} 条反馈的工号不在花名册中（{ids}）；如需评估这些人员，请把他们加入人员表。</translation>
    </message>
</context>
<context>
    <name>SetNestNamesAlgorithm</name>
    <message>
        <location filename="../../algorithms/set_nest_names.py" line="16"/>
        <source>Set district and street names</source>
        <translation>设置区县和街道名称</translation>
    </message>
    <message>
        <location filename="../../algorithms/set_nest_names.py" line="17"/>
        <source>nest,district,street,names,codes,workbook,区县,街道,名称</source>
        <translation>nest,district,street,names,codes,workbook,区县,街道,名称,区划名称</translation>
    </message>
    <message>
        <location filename="../../algorithms/set_nest_names.py" line="20"/>
        <source>Stores the names of the project&apos;s nest codes (the districts or streets grids nest in) from any table or layer that has the code and the name, e.g. the original communities layer (street_code, street, district) or a CSV of codes and names. The staffing workbook shows them beside the codes. A code given again replaces its names; rows of one code with different names take the most common one. Codes that no unit of the project has are counted in the log.</source>
        <translation>从任意含有代码和名称的数据表或图层（如原始社区图层的 street_code、street、district 字段，或代码与名称的 CSV 文件）保存项目上级区划代码（网格所属的区县或街道）的名称。人员配置工作簿会将名称显示在代码旁边。再次给出的代码会替换其名称；同一代码的多行名称不一致时取最常见的名称。项目单元中没有的代码会在日志中计数。</translation>
    </message>
    <message>
        <location filename="../../algorithms/set_nest_names.py" line="40"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/set_nest_names.py" line="41"/>
        <source>Table or layer with the codes and names</source>
        <translation>含代码和名称的数据表或图层</translation>
    </message>
    <message>
        <location filename="../../algorithms/set_nest_names.py" line="42"/>
        <source>Nest code field</source>
        <translation>上级区划代码字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/set_nest_names.py" line="43"/>
        <source>Name field</source>
        <translation>名称字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/set_nest_names.py" line="44"/>
        <source>Parent area name field (e.g. district name)</source>
        <translation>再上一级区划名称字段（如区县名称）</translation>
    </message>
    <message>
        <location filename="../../algorithms/set_nest_names.py" line="46"/>
        <source>Codes named</source>
        <translation>已命名的代码数</translation>
    </message>
    <message>
        <location filename="../../algorithms/set_nest_names.py" line="46"/>
        <source>Codes not in the project</source>
        <translation>项目中没有的代码数</translation>
    </message>
    <message>
        <location filename="../../algorithms/set_nest_names.py" line="59"/>
        <source>names</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../algorithms/set_nest_names.py" line="70"/>
        <source>Choose the code field and the name field.</source>
        <translation>请选择代码字段和名称字段。</translation>
    </message>
    <message>
        <location filename="../../algorithms/set_nest_names.py" line="76"/>
        <source>The table &apos;{layer}&apos; has no code to name.</source>
        <translation>数据表“{layer}”中没有可命名的代码。</translation>
    </message>
    <message>
        <location filename="../../algorithms/set_nest_names.py" line="83"/>
        <source>{n} of the codes are not nest codes of the project&apos;s units.</source>
        <translation>其中 {n} 个代码不是项目单元的上级区划代码。</translation>
    </message>
    <message>
        <location filename="../../algorithms/set_nest_names.py" line="88"/>
        <source>Names of {n} codes stored in {path}.</source>
        <translation>已在 {path} 中保存 {n} 个代码的名称。</translation>
    </message>
</context>
<context>
    <name>SiteOutletsAlgorithm</name>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="38"/>
        <source>Site outlets</source>
        <translation>网点选址</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="42"/>
        <source>outlet,site,location,coverage,MCLP,p-median,allocation,capacity,网点,选址,覆盖</source>
        <translation>outlet,site,location,coverage,MCLP,p-median,allocation,capacity,网点,选址,覆盖,中位,容量,分配</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="46"/>
        <source>Chooses the given number of new outlet sites among the candidate points, keeping every existing outlet (open or planned; closed ones are ignored), then assigns every grid to an outlet.

Coverage: as many people as possible within the service radius of an outlet (maximal covering; among equal coverage, shorter distances). p-median: the shortest population-weighted distance from the grids to their nearest outlet.

A grid counts at its centroid (or a point inside it when the centroid falls outside) with its population; distances are straight lines in metres (a layer in degrees is reprojected to its UTM zone).

Grids go to their nearest outlet, or, with the capacity-aware assignment, each whole grid to one outlet without exceeding its capacity: capacity (staff) × the population one person serves (the mean capacity of the project's active staff with a project, else 10,000). A candidate without a capacity gets the median of the others. If the outlets cannot hold everybody, all are loaded by the same factor and the log says so.

Outputs: the outlets (existing and new, is_new = 1) with the population of their grids within the radius and the number of grids they serve; the grids with outlet_id and distance_m. With a project GeoPackage, the new outlets are added to its outlets layer as planned and the grids get their outlet_id, in one step.

Results: COVERED_POPULATION (within the radius of any outlet), COVERAGE_SHARE, MEAN_DISTANCE (m, population-weighted), OBJECTIVE (coverage: covered population; p-median: population × metres), GAP (how far from optimal the result can at most be, from a bound; 0 = proven optimal) and METHOD.</source>
        <translation>在候选点中选出指定数量的新网点位置，保留全部现有网点（营业或规划中；已关闭的不计），然后把每个网格分配给一个网点。

覆盖：服务半径内的人口尽可能多（最大覆盖；覆盖相同时取距离更短者）。p-中位：各网格到最近网点的人口加权距离最短。

网格以其质心（质心落在网格外时取网格内一点）及其人口参与计算；距离为直线距离，单位米（经纬度图层会重投影到所在 UTM 带）。

网格分配给最近的网点；勾选按容量分配时，每个网格整体分配给一个网点且不超过其容量：容量（人员数）× 每人可服务人口（有项目时取项目在岗人员容量的平均值，否则为 10,000）。没有容量的候选点取其他网点容量的中位数。若网点总容量不足，所有网点按同一比例加载，并在日志中说明。

输出：网点（现有与新增，is_new = 1），附其所服务网格中位于半径内的人口及服务网格数；网格，附 outlet_id 与 distance_m。指定项目 GeoPackage 时，新网点以“规划”状态加入其网点图层，网格写入 outlet_id，两者一次完成。

结果：COVERED_POPULATION（位于任一网点半径内的人口）、COVERAGE_SHARE、MEAN_DISTANCE（米，人口加权）、OBJECTIVE（覆盖：覆盖人口；p-中位：人口 × 米）、GAP（由界限得出的与最优解的最大差距；0 = 已证明最优）和 METHOD。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="92"/>
        <source>Service grids (polygons with population)</source>
        <translation>服务网格（含人口的面）</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="94"/>
        <source>Existing outlets (points; kept)</source>
        <translation>现有网点（点；保留）</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="96"/>
        <source>Candidate sites for new outlets (points)</source>
        <translation>新网点候选位置（点）</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="99"/>
        <source>Number of new outlets</source>
        <translation>新增网点数</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="89"/>
        <source>Coverage: most people within the service radius</source>
        <translation>覆盖：服务半径内人口最多</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="90"/>
        <source>p-median: shortest population-weighted distance</source>
        <translation>p-中位：人口加权距离最短</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="101"/>
        <source>Service radius (m)</source>
        <translation>服务半径（米）</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="103"/>
        <source>Capacity-aware assignment (outlet capacity in staff)</source>
        <translation>按容量分配（网点容量以人员数计）</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="105"/>
        <source>Outlets (existing and new)</source>
        <translation>网点（现有与新增）</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="106"/>
        <source>Grids with their outlet</source>
        <translation>网格及其服务网点</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="107"/>
        <source>Also store the result in this project GeoPackage (grids: its grids layer; outlets: its outlets layer)</source>
        <translation>同时将结果保存到此项目 GeoPackage（网格：其网格图层；网点：其网点图层）</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="112"/>
        <source>Population within the service radius</source>
        <translation>服务半径内人口</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="112"/>
        <source>Share of the population within the radius</source>
        <translation>半径内人口占比</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="112"/>
        <source>Population-weighted mean distance (m)</source>
        <translation>人口加权平均距离（米）</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="112"/>
        <source>Objective</source>
        <translation>目标值</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="112"/>
        <source>Gap to the bound (0 = proven optimal)</source>
        <translation>与界限的差距（0 = 已证明最优）</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="121"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="133"/>
        <source>The service radius must be above 0 m.</source>
        <translation>服务半径必须大于 0 米。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="143"/>
        <source>The candidate layer has no sites: add candidate points for new outlets, or set the number of new outlets to 0.</source>
        <translation>候选图层中没有位置：请添加新网点候选点，或将新增网点数设为 0。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_input.py" line="79"/>
        <source>{n} feature(s) of layer &apos;{layer}&apos; have no location or more than one point (feature ids {fids}). Fix their location, then run again.</source>
        <translation>图层“{layer}”中有 {n} 个要素没有位置或包含多个点（要素编号 {fids}）。请修正其位置后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_input.py" line="111"/>
        <source>{n} closed outlet(s) were left out.</source>
        <translation>已排除 {n} 个已关闭的网点。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_input.py" line="143"/>
        <source>Id field &apos;{field}&apos; of layer &apos;{layer}&apos; is empty for {n} site(s) (feature ids {fids}). Give every candidate an id, then run again.</source>
        <translation>图层“{layer}”的编号字段“{field}”有 {n} 个位置为空（要素编号 {fids}）。请为每个候选点填写编号后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_input.py" line="155"/>
        <source>Id field &apos;{field}&apos; of layer &apos;{layer}&apos; must be unique, but these ids occur more than once: {ids}.</source>
        <translation>图层“{layer}”的编号字段“{field}”必须唯一，但以下编号出现了多次：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_input.py" line="174"/>
        <source>Capacity of candidate site (feature id {fid}) in layer &apos;{layer}&apos; is not a number: {value!r}.</source>
        <translation>图层“{layer}”中候选位置（要素编号 {fid}）的容量不是数字：{value!r}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_input.py" line="214"/>
        <source>The capacity-aware assignment needs outlet capacities (staff), but neither the outlets nor the candidates have a capacity field with values. Add a capacity field (staff the outlet can host) or switch the option off.</source>
        <translation>按容量分配需要网点容量（人员数），但网点和候选点都没有含数值的容量字段。请添加容量字段（网点可容纳的人员数），或关闭该选项。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_input.py" line="224"/>
        <source>{n} outlet(s) or site(s) without a capacity count with the median capacity, {value:g} staff.</source>
        <translation>{n} 个网点或候选位置没有容量，按容量中位数 {value:g} 人计。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_input.py" line="235"/>
        <source>Capacity in people = staff × {value:,.0f} (the mean capacity of the project's active staff).</source>
        <translation>以人口计的容量 = 人员数 × {value:,.0f}（项目在岗人员容量的平均值）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_input.py" line="244"/>
        <source>Capacity in people = staff × {value:,.0f} (the default population one person serves).</source>
        <translation>以人口计的容量 = 人员数 × {value:,.0f}（每人默认可服务人口）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="75"/>
        <source>Candidate ids also used by existing outlets got the prefix &apos;new-&apos;: {ids}.</source>
        <translation>与现有网点编号相同的候选点编号已加前缀“new-”：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="153"/>
        <source>To store the result in a project GeoPackage, site outlets for the project&apos;s own grids layer (it has the field grid_id).</source>
        <translation>要把结果保存到项目 GeoPackage，请对该项目自己的网格图层（含 grid_id 字段）进行网点选址。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="169"/>
        <source>Outlets already in the project were updated: {ids}.</source>
        <translation>已更新项目中已有的网点：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="175"/>
        <source>{n} grid(s) are not in the project and were not stored.</source>
        <translation>{n} 个网格不在项目中，未保存。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="180"/>
        <source>Stored in {path}: {added} new planned outlet(s), {updated} updated; {grids} grids carry their outlet id.</source>
        <translation>已保存到 {path}：新增 {added} 个规划网点，更新 {updated} 个；{grids} 个网格已写入网点编号。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="205"/>
        <source>greedy start, fast interchange and variable neighbourhood search, {swaps} swaps</source>
        <translation>贪心构造、快速交换与变邻域搜索，交换 {swaps} 次</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="209"/>
        <source>exact, HiGHS MILP</source>
        <translation>精确求解，HiGHS 混合整数规划</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="210"/>
        <source>LP relaxation and MILP with HiGHS</source>
        <translation>HiGHS 线性松弛与混合整数规划</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="213"/>
        <source>existing outlets only</source>
        <translation>仅现有网点</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="214"/>
        <source>every candidate</source>
        <translation>全部候选点</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="215"/>
        <source>no population</source>
        <translation>无人口</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="222"/>
        <source>New outlets: {ids}.</source>
        <translation>新网点：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="227"/>
        <source>{covered:,.0f} of {total:,.0f} people ({share:.1%}) live within {radius:,.0f} m of an outlet; population-weighted mean distance {mean:,.0f} m.</source>
        <translation>{total:,.0f} 人中有 {covered:,.0f} 人（{share:.1%}）住在距网点 {radius:,.0f} 米以内；人口加权平均距离 {mean:,.0f} 米。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="241"/>
        <source>Method {method} ({solver}): objective {objective:,.0f}; at most {gap:.2%} from the optimum (bound {bound:,.0f}).</source>
        <translation>方法 {method}（{solver}）：目标值 {objective:,.0f}；与最优解相差至多 {gap:.2%}（界限 {bound:,.0f}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="255"/>
        <source>Method {method} ({solver}): objective {objective:,.0f}.</source>
        <translation>方法 {method}（{solver}）：目标值 {objective:,.0f}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="269"/>
        <source>{n} outlet(s) serve more people than their capacity: {ids}.</source>
        <translation>{n} 个网点服务的人口超过其容量：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets.py" line="150"/>
        <source>{param} asks for {p} new outlets but the candidate layer has only {m} sites: lower the number or add candidates.</source>
        <translation>{param}要求新增 {p} 个网点，但候选图层只有 {m} 个站点：请减少数量或增加候选站点。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_input.py" line="53"/>
        <source>Layer &apos;{layer}&apos; chosen for {param} holds {kind} geometries, but outlets and candidate sites must be points. Choose a point layer (or make points with &apos;Centroids&apos; or &apos;Point on surface&apos;).</source>
        <translation>为{param}选择的图层“{layer}”包含{kind}几何，但网点和候选站点必须是点。请选择点图层（或用“质心”或“面上点”生成点）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="197"/>
        <source>maximal coverage</source>
        <translation>最大覆盖</translation>
    </message>
    <message>
        <location filename="../../algorithms/site_outlets_output.py" line="198"/>
        <source>p-median</source>
        <translation>中位数选址</translation>
    </message>
</context>
<context>
    <name>SplitGridAlgorithm</name>
    <message>
        <location filename="../../algorithms/split_grid.py" line="14"/>
        <source>Split a grid</source>
        <translation>拆分网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/split_grid.py" line="15"/>
        <source>grid,edit,split,divide,editor,网格,编辑,拆分</source>
        <translation>grid,edit,split,divide,editor,网格,编辑,拆分</translation>
    </message>
    <message>
        <location filename="../../algorithms/split_grid.py" line="16"/>
        <source>Splits one grid into a number of balanced, contiguous, compact grids: the grid engine of &apos;Build service grids&apos; run on its units only. The part with the most people keeps the grid&apos;s code and row; the others get the next codes of the nest. A locked grid is refused. Undo in the Grid editor takes the split back.</source>
        <translation>将一个网格拆分为若干个均衡、连片、紧凑的网格：仅在其单元上运行“构建服务网格”的划分引擎。人口最多的部分保留原网格的编码和属性；其余部分使用该上级区划的后续编码。锁定网格会被拒绝。可在网格编辑器中撤销拆分。</translation>
    </message>
    <message>
        <location filename="../../algorithms/split_grid.py" line="32"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/split_grid.py" line="33"/>
        <source>Grid to split</source>
        <translation>要拆分的网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/split_grid.py" line="34"/>
        <source>Number of grids</source>
        <translation>网格数</translation>
    </message>
    <message>
        <location filename="../../algorithms/split_grid.py" line="37"/>
        <source>Grids after the split</source>
        <translation>拆分后的网格</translation>
    </message>
</context>
<context>
    <name>StaffDock</name>
    <message>
        <location filename="../../forms/staff_dock.ui" line="9"/>
        <source>Staff and outlets</source>
        <translation>人员与网点</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="21"/>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="27"/>
        <source>The project GeoPackage whose grids, staff and outlets are shown</source>
        <translation>显示其网格、人员和网点的项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="29"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="35"/>
        <source>Use the project GeoPackage whose layers are loaded in QGIS</source>
        <translation>使用其图层已在 QGIS 中加载的项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="37"/>
        <source>Loaded</source>
        <translation>已加载项目</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="43"/>
        <source>Read the GeoPackage again</source>
        <translation>重新读取 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="45"/>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="70"/>
        <source>Filter grids (id, nest, outlet, staff)…</source>
        <translation>筛选网格（编号、上级区划、网点、人员）…</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="75"/>
        <source>Show only grids with this staffing</source>
        <translation>只显示该配置状态的网格</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="80"/>
        <source>Zoom the map to the selected grids</source>
        <translation>地图缩放到所选网格</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="81"/>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="105"/>
        <source>Add this GeoPackage&apos;s grids layer to the map, to select grids there</source>
        <translation>将此 GeoPackage 的网格图层加入地图，以便在地图上选择网格</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="106"/>
        <source>Show grids on the map</source>
        <translation>在地图上显示网格</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="120"/>
        <source>Filter staff (id, name, role, outlet)…</source>
        <translation>筛选人员（工号、姓名、岗位、网点）…</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="137"/>
        <source>Assign the selected staff to the selected grids</source>
        <translation>将所选人员分配到所选网格</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="138"/>
        <source>Assign</source>
        <translation>分配</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="143"/>
        <source>Remove the selected staff from the selected grids</source>
        <translation>从所选网格中移除所选人员</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="144"/>
        <source>Unassign</source>
        <translation>取消分配</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="168"/>
        <source>Outlet</source>
        <translation>服务网点</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="179"/>
        <source>The outlet that serves the selected grids</source>
        <translation>为所选网格提供服务的网点</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="184"/>
        <source>Set this outlet for the selected grids</source>
        <translation>将此网点设为所选网格的服务网点</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="185"/>
        <source>Set outlet</source>
        <translation>设置网点</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="193"/>
        <source>Workload</source>
        <translation>工作量</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="204"/>
        <source>Grids: assigned against recommended staff</source>
        <translation>网格：已分配人数与建议人数</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="219"/>
        <source>Staff: assigned people against capacity (click a bar to select the grids)</source>
        <translation>人员：负责人口与服务容量（点击条形可选中其网格）</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="239"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="247"/>
        <source>Total staff</source>
        <translation>人员总数</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="253"/>
        <source>As recommended</source>
        <translation>按建议人数</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="258"/>
        <source>Minimum staff per grid</source>
        <translation>每个网格最少人数</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="269"/>
        <source>People one person serves</source>
        <translation>每人服务人口</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="282"/>
        <source>Allocate staff</source>
        <translation>配置人员</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="294"/>
        <source>Candidate sites</source>
        <translation>候选网点</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="302"/>
        <source>New outlets</source>
        <translation>新增网点数</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="312"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="320"/>
        <source>Service radius (m)</source>
        <translation>服务半径（米）</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="333"/>
        <source>Each grid goes to one outlet without exceeding the outlet&apos;s capacity</source>
        <translation>每个网格整体分配给一个网点，且不超过网点容量</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="334"/>
        <source>Capacity-aware assignment of grids to outlets</source>
        <translation>按网点容量分配网格</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="339"/>
        <source>Site outlets</source>
        <translation>网点选址</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="355"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="91"/>
        <source>All grids</source>
        <translation>全部网格</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="91"/>
        <source>No staff</source>
        <translation>无人员</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="91"/>
        <source>Fewer staff than recommended</source>
        <translation>人员少于建议人数</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="91"/>
        <source>More staff than recommended</source>
        <translation>人员多于建议人数</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="154"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="159"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="115"/>
        <source>Open service-grid project</source>
        <translation>打开服务网格项目</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="115"/>
        <source>No Service Grid project is loaded. Open one (Service Grid ▸ Open project GeoPackage…) or choose its GeoPackage above.</source>
        <translation>尚未加载服务网格项目。请打开一个项目（服务网格 ▸ 打开项目 GeoPackage…），或在上方选择其 GeoPackage。</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="115"/>
        <source>Wait until the running task has finished.</source>
        <translation>请等待正在运行的任务完成。</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="53"/>
        <source>Open a project GeoPackage.</source>
        <translation>请打开一个项目 GeoPackage。</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="202"/>
        <source>(no outlet)</source>
        <translation>（无网点）</translation>
    </message>
    <message>
        <location filename="../../forms/staff_dock.ui" line="100"/>
        <source>No grid selected.</source>
        <translation>未选择网格。</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="294"/>
        <source>{count} grids selected ({people:,} people).</source>
        <translation>已选择 {count} 个网格（{people:,} 人）。</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="298"/>
        <source>{hidden} hidden by the filter.</source>
        <translation>其中 {hidden} 个被筛选隐藏。</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="332"/>
        <source>They are already assigned to these grids.</source>
        <translation>这些人员已分配到这些网格。</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="343"/>
        <source>Select grids (table or map) and staff (list) first.</source>
        <translation>请先选择网格（表格或地图）和人员（列表）。</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="336"/>
        <source>None of them is assigned to these grids.</source>
        <translation>这些人员均未分配到这些网格。</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="357"/>
        <source>Select grids (table or map) first.</source>
        <translation>请先选择网格（表格或地图）。</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="392"/>
        <source>{grids:,} grids · {people:,} people · {staff} staff ({assigned} assigned) · {outlets} outlets</source>
        <translation>{grids:,} 个网格 · {people:,} 人 · {staff} 名人员（已分配 {assigned} 名）· {outlets} 个网点</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="411"/>
        <source>This project has no grids yet: build them with Build service grids first.</source>
        <translation>此项目还没有网格：请先用“生成服务网格”划分网格。</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="417"/>
        <source>⚠ &lt;b&gt;Grids without staff: {count}&lt;/b&gt; ({ids}). &lt;a href=&quot;uncovered&quot;&gt;Select them&lt;/a&gt;</source>
        <translation>⚠ &lt;b&gt;无人员的网格：{count} 个&lt;/b&gt;（{ids}）。&lt;a href=&quot;uncovered&quot;&gt;选中这些网格&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="430"/>
        <source>⚠ &lt;b style=&quot;color:#c82828&quot;&gt;Staff over capacity: {count}&lt;/b&gt; ({names}). &lt;a href=&quot;overloaded&quot;&gt;Select their grids&lt;/a&gt;</source>
        <translation>⚠ &lt;b style=&quot;color:#c82828&quot;&gt;超出服务容量的人员：{count} 名&lt;/b&gt;（{names}）。&lt;a href=&quot;overloaded&quot;&gt;选中其网格&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="438"/>
        <source>Grids with fewer staff than recommended: {count}. &lt;a href=&quot;understaffed&quot;&gt;Show them&lt;/a&gt;</source>
        <translation>人员少于建议人数的网格：{count} 个。&lt;a href=&quot;understaffed&quot;&gt;显示这些网格&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="445"/>
        <source>✓ Every grid has staff and nobody is over capacity.</source>
        <translation>✓ 每个网格都有人员，且无人超出服务容量。</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="556"/>
        <source>Cannot copy the layer {layer} for the task: {error}</source>
        <translation>无法为任务复制图层 {layer}：{error}</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="567"/>
        <source>Service Grid: allocating staff</source>
        <translation>服务网格：正在配置人员</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="581"/>
        <source>Choose the layer of candidate sites (points) first.</source>
        <translation>请先选择候选网点图层（点）。</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="591"/>
        <source>Service Grid: siting outlets</source>
        <translation>服务网格：正在进行网点选址</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="595"/>
        <source>A task is already running.</source>
        <translation>已有任务正在运行。</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="599"/>
        <source>Save or discard the edits of {layers} first: the task rewrites the GeoPackage.</source>
        <translation>请先保存或放弃 {layers} 的编辑：该任务会重写 GeoPackage。</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="608"/>
        <source>Running {id}…</source>
        <translation>正在运行 {id}…</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="641"/>
        <source>{id} finished. {numbers}</source>
        <translation>{id} 已完成。{numbers}</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="651"/>
        <source>{id} finished: the dock and the map show its results.</source>
        <translation>{id} 已完成：面板和地图已显示其结果。</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="660"/>
        <source>{id} did not finish: {reason}</source>
        <translation>{id} 未完成：{reason}</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_dock.py" line="683"/>
        <source>The algorithm {id} is not available.</source>
        <translation>算法 {id} 不可用。</translation>
    </message>
</context>
<context>
    <name>StaffEditor</name>
    <message>
        <location filename="../../plugin/staff_editor.py" line="125"/>
        <source>Assign {staff} staff to {grids} grids</source>
        <translation>将 {staff} 名人员分配到 {grids} 个网格</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_editor.py" line="134"/>
        <source>Unassign {staff} staff from {grids} grids</source>
        <translation>从 {grids} 个网格取消 {staff} 名人员的分配</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_editor.py" line="162"/>
        <source>Set outlet {outlet} for {grids} grids</source>
        <translation>为 {grids} 个网格设置网点 {outlet}</translation>
    </message>
    <message>
        <location filename="../../plugin/staff_editor.py" line="162"/>
        <source>Clear the outlet of {grids} grids</source>
        <translation>清除 {grids} 个网格的网点</translation>
    </message>
</context>
<context>
    <name>StaffTableModel</name>
    <message>
        <location filename="../../plugin/grid_model.py" line="436"/>
        <source>Staff id</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="436"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="436"/>
        <source>Assigned people</source>
        <translation>负责人口</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="436"/>
        <source>Use</source>
        <translation>负荷率</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="436"/>
        <source>Grids</source>
        <translation>网格数</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="436"/>
        <source>Capacity</source>
        <translation>服务容量</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="436"/>
        <source>Role</source>
        <translation>岗位</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="436"/>
        <source>Outlet</source>
        <translation>网点</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="449"/>
        <source>Agent</source>
        <translation>代理人</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="450"/>
        <source>Claims</source>
        <translation>理赔</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="451"/>
        <source>Service</source>
        <translation>客服</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="452"/>
        <source>Manager</source>
        <translation>经理</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_model.py" line="523"/>
        <source>Grids: {grids}</source>
        <translation>网格：{grids}</translation>
    </message>
</context>
<context>
    <name>SyncFieldPackagesAlgorithm</name>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="34"/>
        <source>Sync field packages</source>
        <translation>同步外业包</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="38"/>
        <source>offline,field,package,qfield,feedback,sync,merge,外业,同步,反馈</source>
        <translation>offline,field,package,qfield,feedback,sync,merge,外业,同步,反馈,合并</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="42"/>
        <source>Brings the feedback logged offline back into the project. Give package files or folders (every .gpkg inside is taken), in any order, as often as you like: rows are matched by their uuid, never by feature id, so nothing is duplicated and a package synced twice changes nothing.

A row changed in the field and not in the office is updated; a column changed on both sides is a conflict: the office value stays and both values are kept in the sync_conflicts table for review (Feedback dock → Sync). Rows that break the rules (rating 1–5, category, a point outside the staff member's grids, damaged geometry, oversized text) are rejected with the reason; a damaged or foreign package is refused whole. The project is backed up first (folder [project]_backups) and written in one transaction: it is never half-updated.

The report lists each package, each rejected row and each conflict.</source>
        <translation>把离线记录的客户反馈合并回项目。可给出外业包文件或文件夹（取其中所有 .gpkg），顺序不限、次数不限：记录按唯一标识（uuid）匹配，从不按要素编号匹配，因此不会重复，同一外业包同步两次不会产生任何变化。

外业改了而办公室未改的记录会被更新；同一字段两边都改了即为冲突：保留办公室的值，两边的值都记入 sync_conflicts 表供审核（客户反馈面板 → 同步）。违反规则的记录（评分 1–5、类别、点位不在该人员的网格内、几何损坏、文本过长）会被拒收并说明原因；损坏或来自其他项目的外业包整体拒收。同步前先备份项目（[项目]_backups 文件夹），并在一个事务中写入：项目绝不会只更新一半。

报告列出每个外业包、每条被拒收的记录和每个冲突。</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="66"/>
        <source>Project GeoPackage</source>
        <translation>项目 GeoPackage</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="67"/>
        <source>Field packages (files or folders)</source>
        <translation>外业包（文件或文件夹）</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="69"/>
        <source>Sync report</source>
        <translation>同步报告</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="70"/>
        <source>Rows inserted</source>
        <translation>新增记录</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="70"/>
        <source>Rows updated</source>
        <translation>更新记录</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="70"/>
        <source>Rows deleted</source>
        <translation>删除记录</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="70"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="70"/>
        <source>Rows rejected</source>
        <translation>拒收记录</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="70"/>
        <source>Rows unchanged</source>
        <translation>未变记录</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="70"/>
        <source>Packages refused</source>
        <translation>拒收的外业包</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="81"/>
        <source>Sync run id</source>
        <translation>同步批次编号</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="81"/>
        <source>Backup of the project</source>
        <translation>项目备份</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="112"/>
        <source>Sync {run}: {inserted} inserted, {updated} updated, {deleted} deleted, {conflicts} conflicts, {rejected} rejected, {unchanged} unchanged. Backup: {backup}</source>
        <translation>同步 {run}：新增 {inserted}，更新 {updated}，删除 {deleted}，冲突 {conflicts}，拒收 {rejected}，未变 {unchanged}。备份：{backup}</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="134"/>
        <source>{path}: refused: {message}</source>
        <translation>{path}：已拒收：{message}</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="140"/>
        <source>{path} ({package}): {status}: {message}</source>
        <translation>{path}（{package}）：{status}：{message}</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="149"/>
        <source>Rejected {row}: {reason}</source>
        <translation>拒收 {row}：{reason}</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="151"/>
        <source>… and {n} more rejected rows (see the report)</source>
        <translation>……另有 {n} 条拒收记录（见报告）</translation>
    </message>
    <message>
        <location filename="../../algorithms/sync_field_packages.py" line="88"/>
        <source>Choose at least one field package file or folder in {param}.</source>
        <translation>请在{param}中至少选择一个外业包文件或文件夹。</translation>
    </message>
</context>
<context>
    <name>TeamPackagesDialog</name>
    <message>
        <location filename="../../plugin/team_packages.py" line="51"/>
        <source>Not active: no package.</source>
        <translation>不在岗：不生成外业包。</translation>
    </message>
    <message>
        <location filename="../../plugin/team_packages.py" line="53"/>
        <source>No grids assigned: no package.</source>
        <translation>未分配网格：不生成外业包。</translation>
    </message>
    <message>
        <location filename="../../plugin/team_packages.py" line="66"/>
        <source>grids: {count}</source>
        <translation>网格：{count}</translation>
    </message>
    <message>
        <location filename="../../plugin/team_packages.py" line="73"/>
        <source>inactive</source>
        <translation>不在岗</translation>
    </message>
    <message>
        <location filename="../../plugin/team_packages.py" line="137"/>
        <source>{count} packages</source>
        <translation>{count} 个外业包</translation>
    </message>
    <message>
        <location filename="../../plugin/team_packages.py" line="157"/>
        <source>Folder for the field packages</source>
        <translation>外业包文件夹</translation>
    </message>
    <message>
        <location filename="../../forms/team_packages.ui" line="8"/>
        <source>Field packages for the team</source>
        <translation>团队外业包</translation>
    </message>
    <message>
        <location filename="../../forms/team_packages.ui" line="14"/>
        <source>Staff:</source>
        <translation>人员：</translation>
    </message>
    <message>
        <location filename="../../forms/team_packages.ui" line="19"/>
        <source>All active staff</source>
        <translation>全部在岗人员</translation>
    </message>
    <message>
        <location filename="../../forms/team_packages.ui" line="20"/>
        <source>By outlet</source>
        <translation>按网点</translation>
    </message>
    <message>
        <location filename="../../forms/team_packages.ui" line="21"/>
        <source>By district</source>
        <translation>按区县</translation>
    </message>
    <message>
        <location filename="../../forms/team_packages.ui" line="22"/>
        <source>Picked from the list</source>
        <translation>从列表中勾选</translation>
    </message>
    <message>
        <location filename="../../forms/team_packages.ui" line="36"/>
        <source>Tick the staff members who get a package. Inactive staff and staff without grids cannot be ticked.</source>
        <translation>勾选需要外业包的人员。不在岗人员和没有网格的人员不能勾选。</translation>
    </message>
    <message>
        <location filename="../../forms/team_packages.ui" line="43"/>
        <source>Tick all shown</source>
        <translation>勾选所有显示的</translation>
    </message>
    <message>
        <location filename="../../forms/team_packages.ui" line="48"/>
        <source>Untick all</source>
        <translation>全部取消勾选</translation>
    </message>
    <message>
        <location filename="../../forms/team_packages.ui" line="66"/>
        <source>Expires after</source>
        <translation>有效期</translation>
    </message>
    <message>
        <location filename="../../forms/team_packages.ui" line="71"/>
        <source>After this many days the package&apos;s form warns that it has expired (the feedback is still saved and synced). 0: never.</source>
        <translation>超过此天数后，外业包的表单会提示已过期（反馈仍会保存和同步）。0：不过期。</translation>
    </message>
    <message>
        <location filename="../../forms/team_packages.ui" line="72"/>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../forms/team_packages.ui" line="80"/>
        <source>One zip per person (the package and a README)</source>
        <translation>每人一个 zip（外业包和 README）</translation>
    </message>
    <message>
        <location filename="../../forms/team_packages.ui" line="85"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../../forms/team_packages.ui" line="95"/>
        <source>…</source>
        <translation>…</translation>
    </message>
</context>
<context>
    <name>TotalsModel</name>
    <message>
        <location filename="../../plugin/grid_editor_panel.py" line="49"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_panel.py" line="50"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_panel.py" line="51"/>
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_panel.py" line="52"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_panel.py" line="53"/>
        <source>Workload</source>
        <translation>工作量</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_panel.py" line="54"/>
        <source>Units</source>
        <translation>基础单元数</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_panel.py" line="55"/>
        <source>Pieces</source>
        <translation>分块数</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_panel.py" line="58"/>
        <source>within band</source>
        <translation>在范围内</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_panel.py" line="59"/>
        <source>below band</source>
        <translation>低于范围</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_panel.py" line="60"/>
        <source>above band</source>
        <translation>高于范围</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_panel.py" line="61"/>
        <source>new</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_panel.py" line="62"/>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_panel.py" line="84"/>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_editor_panel.py" line="116"/>
        <source>Target {target} people, band {low} – {high}</source>
        <translation>目标 {target} 人，范围 {low} – {high}</translation>
    </message>
</context>
<context>
    <name>VersionDialog</name>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="73"/>
        <source>Save version</source>
        <translation>保存版本</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="78"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="79"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>VersionsPanel</name>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="105"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="105"/>
        <source>Saved by</source>
        <translation>保存人</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="105"/>
        <source>Saved at</source>
        <translation>保存时间</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="105"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="105"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="119"/>
        <source>saved</source>
        <translation>手动保存</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="120"/>
        <source>before a restore</source>
        <translation>恢复前</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="121"/>
        <source>before a rebuild</source>
        <translation>重新划分前</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="280"/>
        <source>the current division</source>
        <translation>当前划分</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="151"/>
        <source>Versions are not available in this build of Service Grid.</source>
        <translation>此版本的服务网格插件尚不支持网格版本。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="189"/>
        <source>Service Grid: saving version {name}</source>
        <translation>服务网格：保存版本 {name}</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="189"/>
        <source>Version {name} saved.</source>
        <translation>版本 {name} 已保存。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="202"/>
        <source>Restore version</source>
        <translation>恢复版本</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="202"/>
        <source>Make version {name} the current division? The current division is saved as a version first, and Undo brings it back.</source>
        <translation>把版本 {name} 恢复为当前划分？当前划分会先保存为一个版本，且可撤销。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="212"/>
        <source>Service Grid: restoring version {name}</source>
        <translation>服务网格：恢复版本 {name}</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="212"/>
        <source>Version {name} restored.</source>
        <translation>版本 {name} 已恢复。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="229"/>
        <source>Service Grid: comparing versions</source>
        <translation>服务网格：比较版本</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="232"/>
        <source>Compared {a} with {b}.</source>
        <translation>已比较 {a} 与 {b}。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="307"/>
        <source>{a} → {b}: {units} units changed grid, {people} people moved; {created} grids created, {retired} retired.</source>
        <translation>{a} → {b}：{units} 个单元改变网格，{people} 人迁移；新建 {created} 个网格，停用 {retired} 个。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="320"/>
        <source>Nest {nest}: {units} units, {people} people moved.</source>
        <translation>嵌套区域 {nest}：{units} 个单元，{people} 人迁移。</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="283"/>
        <source>Changed units: {a} → {b}</source>
        <translation>改变网格的单元：{a} → {b}</translation>
    </message>
    <message>
        <location filename="../../plugin/grid_versions_panel.py" line="254"/>
        <source>The comparison did not finish: {reason}</source>
        <translation>比较未完成：{reason}</translation>
    </message>
</context>
<context>
    <name>VisitsPanel</name>
    <message>
        <location filename="../../forms/feedback_visits.ui" line="19"/>
        <source>Open visits only</source>
        <translation>仅显示待回访</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_visits.ui" line="50"/>
        <source>Result</source>
        <translation>回访结果</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_visits.ui" line="60"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_visits.ui" line="74"/>
        <source>Mark done</source>
        <translation>标记已回访</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_visits.ui" line="81"/>
        <source>Not reached</source>
        <translation>未联系上</translation>
    </message>
    <message>
        <location filename="../../forms/feedback_visits.ui" line="88"/>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
</context>
<context>
    <name>WorkloadChart</name>
    <message>
        <location filename="../../plugin/workload_chart.py" line="129"/>
        <source>No staff in this project.</source>
        <translation>此项目没有人员。</translation>
    </message>
    <message>
        <location filename="../../plugin/workload_chart.py" line="92"/>
        <source>{name}: workload {load:,.0f}, capacity {capacity:,.0f} ({use:.0%})</source>
        <translation>{name}：工作量 {load:,.0f}，服务容量 {capacity:,.0f}（{use:.0%}）</translation>
    </message>
    <message>
        <location filename="../../plugin/workload_chart.py" line="100"/>
        <source>{name}: workload {load:,.0f}, no capacity given</source>
        <translation>{name}：工作量 {load:,.0f}，未填写服务容量</translation>
    </message>
    <message>
        <location filename="../../plugin/workload_chart.py" line="142"/>
        <source>Workload / capacity</source>
        <translation>工作量 / 服务容量</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location filename="../../algorithms/core/gpkg.py" line="82"/>
        <source>The output file {path} already exists and was left untouched. Choose another file name, delete the old file, or tick &apos;Replace an existing file&apos; (the old file is then kept as a backup).</source>
        <translation>输出文件 {path} 已存在，未作任何改动。请另选文件名、删除旧文件，或勾选“替换已有文件”（旧文件将保留为备份）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/team_export.py" line="371"/>
        <source>The output folder {folder} does not exist.</source>
        <translation>输出文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/staffing_workbook/workbook.py" line="105"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="190"/>
        <source>Field &apos;{field}&apos; of layer &apos;{layer}&apos; must hold numbers, but {n} feature(s) have other text: {ids} (values: {values}). Correct these values or choose another field.</source>
        <translation>图层“{layer}”的字段“{field}”必须为数值，但有 {n} 个要素含有非数字文本：{ids}（值：{values}）。请更正这些值或另选字段。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="205"/>
        <source>Field &apos;{field}&apos; of layer &apos;{layer}&apos; is empty (NULL) for {n} unit(s): {ids}. Every unit needs a value: enter 0 where nobody lives, then run again.</source>
        <translation>图层“{layer}”的字段“{field}”有 {n} 个基础单元为空（NULL）：{ids}。每个基础单元都必须有值：无人居住的单元请填 0，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="218"/>
        <source>Field &apos;{field}&apos; of layer &apos;{layer}&apos; has negative values for {n} feature(s): {ids}. Counts, incomes and shares cannot be negative: correct them, then run again.</source>
        <translation>图层“{layer}”的字段“{field}”有 {n} 个要素为负值：{ids}。数量、收入和占比均不能为负：请更正后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="235"/>
        <source>Field '{field}' looks like percentages (0–100); it was divided by 100 to give shares (0–1).</source>
        <translation>字段“{field}”的值看起来是百分比（0–100），已除以 100 换算为占比（0–1）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="244"/>
        <source>Field '{field}' of layer '{layer}' must be a share (0–1) or a percentage (0–100), but {n} feature(s) are above 100: {ids}.</source>
        <translation>图层“{layer}”的字段“{field}”必须为占比（0–1）或百分比（0–100），但有 {n} 个要素的值大于 100：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="264"/>
        <source>No id field was given for layer '{layer}': ids {first}… were generated in feature order.</source>
        <translation>未为图层“{layer}”指定编码字段：已按要素顺序自动生成编码 {first}…。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="276"/>
        <source>Id field &apos;{field}&apos; of layer &apos;{layer}&apos; is empty for {n} feature(s) (feature ids {fids}). Give every feature an id, then run again.</source>
        <translation>图层“{layer}”的编码字段“{field}”有 {n} 个要素为空（要素 ID：{fids}）。请为每个要素填写编码，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="292"/>
        <source>Id field &apos;{field}&apos; of layer &apos;{layer}&apos; must be unique, but {n} id(s) occur more than once: {ids}. Make the ids unique (or choose another id field), then run again.</source>
        <translation>图层“{layer}”的编码字段“{field}”必须唯一，但有 {n} 个编码重复出现：{ids}。请确保编码唯一（或另选编码字段），然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="338"/>
        <source>Field &apos;{field}&apos; of layer &apos;{layer}&apos; has values that are not recognised for {n} feature(s): {ids} (values: {values}). Use one of: {accepted}.</source>
        <translation>图层“{layer}”的字段“{field}”有 {n} 个要素的值无法识别：{ids}（值：{values}）。请使用以下值之一：{accepted}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="358"/>
        <source>Layer &apos;{layer}&apos; has no geometry: choose a polygon layer.</source>
        <translation>图层“{layer}”没有几何：请选择一个面图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="366"/>
        <source>Layer &apos;{layer}&apos; has {n} feature(s) without geometry: {ids}. Draw or delete them, then run again.</source>
        <translation>图层“{layer}”有 {n} 个要素没有几何：{ids}。请绘制其几何或删除这些要素，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="385"/>
        <source>Layer '{layer}' has {n} invalid geometry(ies) that cannot be repaired into an area: {ids}. Fix them (Vector ▸ Geometry Tools ▸ Check Validity), then run again.</source>
        <translation>图层“{layer}”有 {n} 个无效几何无法修复为面：{ids}。请修正这些几何（矢量 ▸ 几何工具 ▸ 检查有效性），然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="394"/>
        <source>Repaired {n} invalid geometry(ies): {ids}.</source>
        <translation>已修复 {n} 个无效几何：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="409"/>
        <source>Layer &apos;{layer}&apos; has {n} feature(s) with no area: {ids}. Units must be polygons with an area; delete or redraw them.</source>
        <translation>图层“{layer}”有 {n} 个要素面积为零：{ids}。基础单元必须是有面积的面；请删除或重新绘制这些要素。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="455"/>
        <source>Layer &apos;{layer}&apos; has no features. Choose the layer of your administrative units (communities or villages) with their population.</source>
        <translation>图层“{layer}”中没有要素。请选择包含人口数据的行政单元（社区或村）图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="484"/>
        <source>A population field is required: choose it in &apos;Population field&apos;.</source>
        <translation>必须指定人口字段：请在“人口字段”中选择。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="468"/>
        <source>Nest field &apos;{field}&apos; is empty for {n} unit(s): {ids}. Grids never cross the nest boundary, so every unit needs one: fill it in or leave &apos;Nest field&apos; empty.</source>
        <translation>上级区划字段“{field}”有 {n} 个基础单元为空：{ids}。网格不会跨越上级区划边界，因此每个基础单元都必须填写上级区划：请补全该字段，或将“上级区划字段”留空。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="577"/>
        <source>The staff roster '{layer}' needs a staff id column (staff_id or 工号). Columns found: {fields}.</source>
        <translation>人员名册“{layer}”缺少工号列（staff_id 或 工号）。现有列：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="585"/>
        <source>The staff roster '{layer}' needs a name column (name or 姓名).</source>
        <translation>人员名册“{layer}”缺少姓名列（name 或 姓名）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="595"/>
        <source>Staff without a name: {ids}. Fill in their names.</source>
        <translation>以下人员没有姓名：{ids}。请补填姓名。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="609"/>
        <source>{n} staff member(s) work from an outlet that is not in the outlets layer: {ids}. Correct their outlet id or add the outlet.</source>
        <translation>有 {n} 名人员所属的服务网点不在服务网点图层中：{ids}。请更正其网点编号，或添加该服务网点。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/deps.py" line="168"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/tables.py" line="559"/>
        <source>Outlets must be single points, but {n} outlet(s) have no location or more than one point: {ids}. Fix their location, then run again.</source>
        <translation>服务网点必须是单个点，但有 {n} 个网点没有位置或包含多个点：{ids}。请修正其位置后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="219"/>
        <source>Classification rule &apos;{name}&apos; must be a number, not {value}.</source>
        <translation>分类规则“{name}”必须为数值，而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="225"/>
        <source>Density thresholds must rise from suburban to urban to urban core, all above 0, but they are suburban {suburban}, urban {urban}, urban core {core} people/km². Correct them, e.g. 500, 3000, 10000.</source>
        <translation>密度阈值必须从城郊、城区到城市核心依次增大且均大于 0，但当前为：城郊 {suburban}、城区 {urban}、城市核心 {core} 人/平方公里。请更正，例如 500、3000、10000。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="238"/>
        <source>Income mode must be one of {modes}, not &apos;{mode}&apos;.</source>
        <translation>收入模式必须是 {modes} 之一，而不是“{mode}”。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="246"/>
        <source>Income percentiles must satisfy 0 &lt; basic &lt; high &lt; 100, but basic is {basic} and high is {high}. Correct them, e.g. basic 40 and high 80.</source>
        <translation>收入百分位必须满足 0 &lt; 基本 &lt; 高 &lt; 100，但当前基本为 {basic}、高为 {high}。请更正，例如基本 40、高 80。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="254"/>
        <source>Income thresholds must satisfy 0 &lt; basic &lt; high, but basic is {basic} and high is {high} CNY per person and year. Correct them, e.g. basic 33000 and high 95000.</source>
        <translation>收入阈值必须满足 0 &lt; 基本 &lt; 高，但当前基本为 {basic}、高为 {high} 元/人/年。请更正，例如基本 33000、高 95000。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="264"/>
        <source>Share threshold &apos;{name}&apos; must be above 0 and at most 1 (e.g. 0.2 for 20 %), not {value}.</source>
        <translation>占比阈值“{name}”必须大于 0 且不超过 1（例如 0.2 表示 20 %），而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="272"/>
        <source>The enterprise density threshold must be above 0 enterprises per 1,000 residents, not {value}.</source>
        <translation>企业密度阈值必须大于每千名居民 0 家企业，而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="281"/>
        <source>Demand-index weights must be 0 or more and not all 0, but they are: {weights}.</source>
        <translation>需求指数权重必须大于或等于 0 且不能全为 0，但当前为：{weights}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="289"/>
        <source>The reference percentile of the demand index must be between 50 and 100, not {value}.</source>
        <translation>需求指数的参照百分位必须在 50 到 100 之间，而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="303"/>
        <source>The strategy table has no known strategy for: {cells}. Use one of: {codes}.</source>
        <translation>服务策略表中以下组合没有已知策略：{cells}。请使用以下之一：{codes}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="501"/>
        <source>A population field is required to classify grids: choose it in &apos;Population field&apos;.</source>
        <translation>网格分类需要人口字段：请在“人口字段”中选择。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="526"/>
        <source>Field &apos;{field}&apos; is empty (NULL) for {n} grid(s): {ids}. Every grid needs a population: enter 0 where nobody lives, then run again.</source>
        <translation>字段“{field}”有 {n} 个网格为空（NULL）：{ids}。每个网格都需要人口数：无人居住处请填 0，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="537"/>
        <source>Field &apos;{field}&apos; has negative values for {n} grid(s): {ids}. Counts, areas, incomes and shares cannot be negative: correct them, then run again.</source>
        <translation>字段“{field}”有 {n} 个网格为负值：{ids}。数量、面积、收入和占比不能为负：请更正后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="548"/>
        <source>Field &apos;{field}&apos; must be a share between 0 and 1 (0.21 for 21 %), but {n} grid(s) are above 1: {ids}.</source>
        <translation>字段“{field}”必须是 0 到 1 之间的占比（21 % 填 0.21），但有 {n} 个网格大于 1：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="577"/>
        <source>The density of {n} grid(s) cannot be computed: {ids}. They have residents but no density value ({density}) and no area above 0 ({area}). Give them a density or an area in km², or a geometry with an area, then run again.</source>
        <translation>无法计算 {n} 个网格的人口密度：{ids}。这些网格有居民，但没有人口密度值（{density}），也没有大于 0 的面积（{area}）。请为其补充人口密度、以平方公里计的面积或有面积的几何图形，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/cellgrid/inputs.py" line="25"/>
        <source>Layer &apos;{layer}&apos; has no features. Choose a layer of points or polygons with their population.</source>
        <translation>图层“{layer}”没有要素。请选择带人口的点图层或面图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/cellgrid/inputs.py" line="52"/>
        <source>Multi-point features were split into their points, each with an equal share of the feature&apos;s population.</source>
        <translation>多点要素已拆分为单点，每个点平分该要素的人口。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/cellgrid/inputs.py" line="120"/>
        <source>Layer &apos;{layer}&apos; has {n} feature(s) without a location: {ids}. Place or delete them, then run again.</source>
        <translation>图层“{layer}”有 {n} 个要素没有位置：{ids}。请补充位置或删除这些要素后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/cellgrid/inputs.py" line="138"/>
        <source>The boundary layer &apos;{layer}&apos; has no features. Choose a polygon layer with the area to cover, or leave &apos;Boundary&apos; empty.</source>
        <translation>边界图层“{layer}”没有要素。请选择包含覆盖范围的面图层，或将“边界”留空。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/cellgrid/inputs.py" line="186"/>
        <source>Boundary polygons of &apos;{layer}&apos; overlap ({pairs}); each overlap was given to the first of the two in id order.</source>
        <translation>图层“{layer}”的边界面相互重叠（{pairs}）；重叠部分已划归编号在前的边界。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/cellgrid/build.py" line="20"/>
        <source>The cell size and the minimum cell size must be greater than 0.</source>
        <translation>格子尺寸和最小格子尺寸必须大于 0。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/cellgrid/build.py" line="24"/>
        <source>The minimum cell size ({min}) is larger than the cell size ({size}). Cells are only ever split into smaller ones: choose a minimum cell size no larger than the cell size.</source>
        <translation>最小格子尺寸（{min}）大于格子尺寸（{size}）。格子只会拆分成更小的格子：请选择不大于格子尺寸的最小格子尺寸。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/cellgrid/build.py" line="33"/>
        <source>The maximum population per cell cannot be negative (0 means: never split).</source>
        <translation>每格最大人口不能为负数（0 表示不拆分）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/cellgrid/build.py" line="88"/>
        <source>Cells of {size} would make about {n} cells over the boundary, more than the limit of {limit}. Choose a cell size of at least {suggestion} (and check that it is in the layer&apos;s units, e.g. metres).</source>
        <translation>格子尺寸为 {size} 时，边界范围内约有 {n} 个格子，超过上限 {limit}。请选择不小于 {suggestion} 的格子尺寸（并确认其单位与图层一致，例如米）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/cellgrid/build.py" line="125"/>
        <source>Splitting dense cells down to {size} would make more than {limit} cells. Raise the minimum cell size (to {suggestion} or more) or the maximum population per cell.</source>
        <translation>把密集格子拆分到 {size} 会产生超过 {limit} 个格子。请增大最小格子尺寸（至 {suggestion} 或以上），或提高每格最大人口。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gpkg.py" line="418"/>
        <source>{path} is not a Service Grid project GeoPackage. Create one with &apos;Create service grid project&apos; first.</source>
        <translation>{path} 不是服务网格项目 GeoPackage。请先使用“创建服务网格项目”创建一个。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gridding.py" line="179"/>
        <source>There are no units to divide into grids.</source>
        <translation>没有可划分为网格的基础单元。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gridding.py" line="194"/>
        <source>{n} unit(s) have no population (NULL) and count as 0: {ids}.</source>
        <translation>有 {n} 个基础单元没有人口数据（NULL），按 0 计：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gridding.py" line="202"/>
        <source>{n} unit(s) have a negative population: {ids}. Correct them, then run again.</source>
        <translation>有 {n} 个基础单元的人口为负值：{ids}。请更正后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gridding.py" line="210"/>
        <source>The units have no population at all: check the population field.</source>
        <translation>基础单元的总人口为 0：请检查人口字段。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gridding.py" line="214"/>
        <source>Give either a target population per grid or a number of grids.</source>
        <translation>请指定每个网格的目标人口或网格数量。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gridding.py" line="218"/>
        <source>The tolerance must be between 0 and 1 (e.g. 0.1 for ±10 %).</source>
        <translation>容差必须在 0 到 1 之间（例如 0.1 表示 ±10 %）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_counts.py" line="107"/>
        <source>{k} grids were asked for but there are {m} nests, and each needs at least one grid: {total} grids were made.</source>
        <translation>要求生成 {k} 个网格，但共有 {m} 个上级区划，每个上级区划至少需要一个网格：实际生成了 {total} 个网格。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gridding.py" line="332"/>
        <source>{n} unit(s) alone have more people than a grid may hold and each became a grid of its own: {ids}.</source>
        <translation>有 {n} 个基础单元的人口单独即超过一个网格的人口上限，已各自成为独立的网格：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_counts.py" line="125"/>
        <source>Nest {nest} has {pop:,.0f} people, fewer than one grid should hold ({low:,.0f}–{high:,.0f}): it is one grid.</source>
        <translation>上级区划 {nest} 的人口为 {pop:,.0f}，少于一个网格应有的人口（{low:,.0f}–{high:,.0f}）：整体作为一个网格。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_counts.py" line="133"/>
        <source>Nest {nest} ({pop:,.0f} people) cannot be split into grids of {low:,.0f}–{high:,.0f}: its {k} grids hold {mean:,.0f} people on average.</source>
        <translation>上级区划 {nest}（{pop:,.0f} 人）无法划分为人口在 {low:,.0f}–{high:,.0f} 之间的网格：其 {k} 个网格的平均人口为 {mean:,.0f}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gridding.py" line="361"/>
        <source>{n} island(s) or separate piece(s) of a nest were attached to the nearest units of the same nest (near {ids}).</source>
        <translation>有 {n} 个孤立单元或上级区划的分离部分已并入同一上级区划内最近的基础单元（位于 {ids} 附近）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/model.py" line="75"/>
        <source>The minimum staff per grid cannot be negative.</source>
        <translation>每个网格最少人数不能为负。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/model.py" line="77"/>
        <source>The staff capacity (population one person can serve) must be above 0.</source>
        <translation>单人服务人口容量必须大于 0。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/model.py" line="83"/>
        <source>The total staff cannot be negative (0 = as many as recommended).</source>
        <translation>总人数不能为负（0 = 按建议人数）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/model.py" line="89"/>
        <source>The demand weight must be between 0 and 1.</source>
        <translation>需求权重必须在 0 到 1 之间。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/solve.py" line="49"/>
        <source>There is nobody to assign: the roster has no active staff with a capacity above 0.</source>
        <translation>没有可分配的人员：花名册中没有服务容量大于 0 的在岗人员。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/solve.py" line="173"/>
        <source>{n} grid(s) had no candidate with room nearby; people with room further away were considered for them.</source>
        <translation>{n} 个网格附近没有尚有余量的候选人员；已为其考虑更远处尚有余量的人员。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/report.py" line="82"/>
        <source>The roster is too small: {missing:,.0f} population equivalents of workload are not served within capacity (about {people} more people at {capacity:,.0f} each). The grids need {workload:,.0f} in all; the active staff can serve {available:,.0f}.</source>
        <translation>人手不足：有折合 {missing:,.0f} 服务人口的工作量无法在服务容量内承担（约需再增加 {people} 名、每人 {capacity:,.0f}）。网格共需 {workload:,.0f}；在岗人员可服务 {available:,.0f}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/report.py" line="105"/>
        <source>Grids without anybody ({n}): {ids}.</source>
        <translation>无人负责的网格（{n} 个）：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/report.py" line="112"/>
        <source>Grids with fewer people than recommended ({n}): {ids}.</source>
        <translation>人员少于建议数的网格（{n} 个）：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/report.py" line="119"/>
        <source>Staff above their capacity, to cover a grid nobody else can ({n}): {ids}.</source>
        <translation>为覆盖无他人可负责的网格而超出服务容量的人员（{n} 名）：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/siting/api.py" line="149"/>
        <source>The outlets can serve {cap:,.0f} people but {pop:,.0f} live in the grids (short by {short:,.0f}): every outlet was loaded up to {pct:.0%} of its capacity.</source>
        <translation>网点可服务 {cap:,.0f} 人，但网格内住有 {pop:,.0f} 人（缺口 {short:,.0f}）：每个网点的负荷最高为其容量的 {pct:.0%}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/siting/api.py" line="163"/>
        <source>{people:,.0f} people could not be placed within capacity (grids too large for the capacity left near them): their outlets are loaded above capacity.</source>
        <translation>有 {people:,.0f} 人无法在容量内安排（网格大于附近网点的剩余容量）：相应网点超出容量。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/siting/api.py" line="225"/>
        <source>Unknown siting method &apos;{method}&apos;: use coverage or pmedian.</source>
        <translation>未知的选址方法“{method}”：请使用 coverage 或 pmedian。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/siting/api.py" line="231"/>
        <source>There are no grids to serve: choose a layer of grids with their population.</source>
        <translation>没有需要服务的网格：请选择含人口的网格图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/siting/api.py" line="238"/>
        <source>The number of new outlets cannot be negative.</source>
        <translation>新增网点数不能为负数。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/siting/api.py" line="240"/>
        <source>The candidate layer has no sites: add candidate points for new outlets, or ask for 0 new outlets.</source>
        <translation>候选图层中没有位置：请添加新网点候选点，或将新增网点数设为 0。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/siting/api.py" line="248"/>
        <source>{p} new outlets were asked for but there are only {m} candidate sites: lower the number of new outlets or add candidates.</source>
        <translation>要求新增 {p} 个网点，但只有 {m} 个候选位置：请减少新增网点数或添加候选点。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/siting/api.py" line="256"/>
        <source>There are no existing outlets and no new outlets were asked for: ask for at least one new outlet.</source>
        <translation>既没有现有网点，也没有要求新增网点：请至少新增一个网点。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/siting/api.py" line="264"/>
        <source>Population must be a number of 0 or more in every grid.</source>
        <translation>每个网格的人口都必须是 0 或以上的数字。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/siting/api.py" line="268"/>
        <source>The service radius must be above 0 m.</source>
        <translation>服务半径必须大于 0 米。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/siting/api.py" line="271"/>
        <source>Capacity-aware assignment needs the capacity of every existing outlet.</source>
        <translation>按容量分配需要每个现有网点的容量。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/siting/api.py" line="277"/>
        <source>Capacity-aware assignment needs the capacity of every candidate site.</source>
        <translation>按容量分配需要每个候选位置的容量。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/siting/api.py" line="288"/>
        <source>Capacities must be numbers of 0 or more.</source>
        <translation>容量必须是 0 或以上的数字。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/siting/model.py" line="46"/>
        <source>The outlets have no capacity: give them a capacity (staff) above 0 or switch off the capacity-aware assignment.</source>
        <translation>网点没有容量：请为网点设置大于 0 的容量（人员数），或关闭按容量分配。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/siting_store.py" line="81"/>
        <source>The grids were assigned to outlets that are not in the project&apos;s outlets layer: {ids}. To store the result in the project, use the project&apos;s own outlets layer as existing outlets.</source>
        <translation>网格被分配到了不在项目网点图层中的网点：{ids}。要把结果保存到项目，请以项目自己的网点图层作为现有网点。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/siting_store.py" line="130"/>
        <source>None of the grids is in the project {path}: to store the result there, site outlets for the project&apos;s own grids layer.</source>
        <translation>没有任何网格在项目 {path} 中：要保存到该项目，请对项目自己的网格图层进行网点选址。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/project.py" line="66"/>
        <source>{path} is a field package, not the office project. Choose the project GeoPackage the package was made from.</source>
        <translation>{path} 是外业包，不是办公室项目。请选择生成该外业包的项目 GeoPackage。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/export.py" line="103"/>
        <source>{staff} has no grids assigned, so a field package would be empty. Assign grids first (Allocate staff, or the Staff and outlets dock).</source>
        <translation>{staff} 没有分配网格，外业包将为空。请先分配网格（人员配置算法，或“人员与网点”面板）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/export.py" line="129"/>
        <source>The output file {path} already exists.</source>
        <translation>输出文件 {path} 已存在。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/sync.py" line="283"/>
        <source>Cancelled: the project is unchanged.</source>
        <translation>已取消：项目未改变。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/sync.py" line="260"/>
        <source>No field packages (.gpkg files) were given.</source>
        <translation>没有给出外业包（.gpkg 文件）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/sync.py" line="263"/>
        <source>The project itself was given as a package: choose the field packages, not {path}.</source>
        <translation>把项目本身当作外业包给出了：请选择外业包，而不是 {path}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/sync.py" line="300"/>
        <source>The project failed its integrity check after the sync and was restored from the backup {backup}.</source>
        <translation>同步后项目未通过完整性检查，已从备份 {backup} 恢复。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/conflicts.py" line="56"/>
        <source>There is no conflict {fid} in the project.</source>
        <translation>项目中没有编号为 {fid} 的冲突。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/conflicts.py" line="61"/>
        <source>Conflict {fid} was already resolved ({choice}).</source>
        <translation>冲突 {fid} 已处理（{choice}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/geometry.py" line="26"/>
        <source>no geometry</source>
        <translation>没有几何</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/geometry.py" line="29"/>
        <source>geometry is not a blob</source>
        <translation>几何不是二进制数据</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/geometry.py" line="33"/>
        <source>geometry blob of {} bytes (limit {})</source>
        <translation>几何数据 {} 字节（上限 {}）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/geometry.py" line="38"/>
        <source>not a GeoPackage geometry blob</source>
        <translation>不是 GeoPackage 几何数据</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/geometry.py" line="43"/>
        <source>unsupported GeoPackage geometry header</source>
        <translation>不支持的 GeoPackage 几何头</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/geometry.py" line="47"/>
        <source>truncated geometry blob</source>
        <translation>几何数据被截断</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/geometry.py" line="58"/>
        <source>malformed geometry (WKB cannot be read)</source>
        <translation>几何损坏（无法读取 WKB）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/values.py" line="40"/>
        <source>not a date-time</source>
        <translation>不是日期时间</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/values.py" line="46"/>
        <source>not an ISO-8601 date-time: {!r}</source>
        <translation>不是 ISO-8601 日期时间：{!r}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/values.py" line="48"/>
        <source>date-time out of range: {}</source>
        <translation>日期时间超出范围：{}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="102"/>
        <source>binary data in {} ({} bytes)</source>
        <translation>{} 中含二进制数据（{} 字节）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/values.py" line="81"/>
        <source>{} is not a number: {!r}</source>
        <translation>{} 不是数字：{!r}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/values.py" line="70"/>
        <source>{} is not a whole number: {}</source>
        <translation>{} 不是整数：{}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/values.py" line="84"/>
        <source>{} is not finite</source>
        <translation>{} 不是有限数值</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/values.py" line="90"/>
        <source>{} has {} characters (limit {})</source>
        <translation>{} 有 {} 个字符（上限 {}）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/values.py" line="94"/>
        <source>{} holds control characters</source>
        <translation>{} 含控制字符</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/values.py" line="96"/>
        <source>{} holds a line break</source>
        <translation>{} 含换行</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/values.py" line="104"/>
        <source>{} {!r} is not one of {}</source>
        <translation>{} 的值 {!r} 不在允许值 {} 之中</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/values.py" line="108"/>
        <source>{} is missing</source>
        <translation>缺少 {}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/values.py" line="110"/>
        <source>rating {} is not between 1 and 5</source>
        <translation>评分 {} 不在 1 到 5 之间</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/values.py" line="114"/>
        <source>response_minutes {} is out of range</source>
        <translation>响应时间 {} 超出范围</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="145"/>
        <source>no uuid</source>
        <translation>没有唯一标识（uuid）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="148"/>
        <source>uuid is not a uuid</source>
        <translation>唯一标识（uuid）格式无效</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="185"/>
        <source>the uuid appears {} times in the package</source>
        <translation>该唯一标识在外业包中出现 {} 次</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/quarantine.py" line="92"/>
        <source>the package is {:.0f} MB, above the limit of {:.0f} MB</source>
        <translation>外业包大小 {:.0f} MB，超过上限 {:.0f} MB</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="108"/>
        <source>the file is damaged (quick_check: {})</source>
        <translation>文件已损坏（quick_check：{}）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="123"/>
        <source>&apos;{}&apos; is missing or is not a plain table (found: {})</source>
        <translation>缺少“{}”或它不是普通数据表（实际为：{}）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="136"/>
        <source>ignored extra tables: {}</source>
        <translation>已忽略多余的表：{}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="147"/>
        <source>ignored (never run): {}</source>
        <translation>已忽略（从不执行）：{}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="168"/>
        <source>the feedback table lacks the columns {} (schema drift: make a new package)</source>
        <translation>反馈表缺少字段 {}（结构已被改动：请重新生成外业包）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="175"/>
        <source>ignored extra columns of feedback: {}</source>
        <translation>已忽略反馈表的多余字段：{}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="183"/>
        <source>the package has {} feedback rows, above the limit of {}</source>
        <translation>外业包有 {} 条反馈，超过上限 {}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="251"/>
        <source>the package was made from another project (project id {} ≠ {})</source>
        <translation>该外业包来自其他项目（项目编号 {} ≠ {}）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="257"/>
        <source>schema version {} of the package is not {}</source>
        <translation>外业包的结构版本 {} 不是 {}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="264"/>
        <source>package {} is not one this project made</source>
        <translation>外业包 {} 不是本项目生成的</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/sync.py" line="183"/>
        <source>already synced (run {})</source>
        <translation>已同步过（批次 {}）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="300"/>
        <source>the feedback layer&apos;s coordinate reference system differs from the project&apos;s</source>
        <translation>反馈图层的坐标参考系与项目不同</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="319"/>
        <source>geometry in srs {} instead of {}</source>
        <translation>几何的坐标系为 {}，应为 {}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="331"/>
        <source>the point lies outside the package&apos;s grids</source>
        <translation>点位不在该外业包的网格内</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/merge.py" line="133"/>
        <source>an older copy of this package: {} rows older than the last sync were skipped and rows it lacks were not deleted</source>
        <translation>这是该外业包的旧副本：跳过了 {} 条比上次同步更旧的记录，且未删除它缺少的记录</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/photos.py" line="27"/>
        <source>photo of {}: {} (the row is kept without it)</source>
        <translation>{} 的照片：{}（记录已保留，但不含照片）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/photos.py" line="37"/>
        <source>absolute path {!r} (must be inside the package folder)</source>
        <translation>绝对路径 {!r}（必须位于外业包文件夹内）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/photos.py" line="42"/>
        <source>path {!r} leaves the package folder</source>
        <translation>路径 {!r} 超出了外业包文件夹</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/photos.py" line="45"/>
        <source>{!r} is not a photo (jpg, png, webp, heic, gif)</source>
        <translation>{!r} 不是照片（jpg、png、webp、heic、gif）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/photos.py" line="49"/>
        <source>file {!r} is missing</source>
        <translation>文件 {!r} 不存在</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/photos.py" line="58"/>
        <source>file {!r} is {:.1f} MB (limit {:.0f} MB)</source>
        <translation>文件 {!r} 大小 {:.1f} MB（上限 {:.0f} MB）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/photos.py" line="62"/>
        <source>file {!r} is not a {} image</source>
        <translation>文件 {!r} 不是 {} 图片</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/sync.py" line="144"/>
        <source>package refused: {}</source>
        <translation>外业包被拒收：{}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/sync.py" line="204"/>
        <source>{} inserted, {} updated, {} deleted, {} conflicts, {} rejected</source>
        <translation>新增 {}，更新 {}，删除 {}，冲突 {}，拒收 {}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="279"/>
        <source>the manifest does not match package {} as the project made it (staff {}, grids {}): the file was altered or mixed up</source>
        <translation>清单与项目生成的外业包 {} 不一致（人员 {}，网格 {}）：文件被改动或弄混了</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/quality.py" line="204"/>
        <source>The response standard must be a number of minutes above 0 (got {value}).</source>
        <translation>响应时间标准必须是大于 0 的分钟数（当前为 {value}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/quality.py" line="252"/>
        <source>&apos;{value}&apos; is not a date (YYYY-MM-DD) or an ISO-8601 time (YYYY-MM-DDTHH:MM:SS, optionally with Z or +08:00).</source>
        <translation>“{value}”不是日期（YYYY-MM-DD）或 ISO-8601 时间（YYYY-MM-DDTHH:MM:SS，可带 Z 或 +08:00）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/quality.py" line="268"/>
        <source>The period is empty: it starts ({start}) after it ends ({end}). Swap the dates or correct one of them.</source>
        <translation>时间段为空：开始时间（{start}）晚于结束时间（{end}）。请交换两个日期或更正其中之一。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gpkg.py" line="452"/>
        <source>The project {path} has no grids yet. Build the grids first (&apos;Build service grids&apos; with the project).</source>
        <translation>项目 {path} 还没有网格。请先划分网格（对该项目运行“划分服务网格”）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/quality.py" line="486"/>
        <source>response p90 {p90} min ≥ 1.5 × the {standard} min standard (+1 staff)</source>
        <translation>响应时间90分位 {p90} 分钟，达到标准 {standard} 分钟的 1.5 倍（+1 人）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/staff_quality.py" line="493"/>
        <source>response p90 {p90} min above the {standard} min standard</source>
        <translation>响应时间90分位 {p90} 分钟，超过标准 {standard} 分钟</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/quality.py" line="497"/>
        <source>ratings falling {before} → {after} ({trend}) (+1 staff)</source>
        <translation>评分下降 {before} → {after}（{trend}）（+1 人）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/staffing_workbook/workbook.py" line="56"/>
        <source>Writing Excel workbooks needs the Python package openpyxl. Install it (Debian/Ubuntu: apt install python3-openpyxl; elsewhere: python3 -m pip install openpyxl) and restart QGIS.</source>
        <translation>写入 Excel 工作簿需要 Python 包 openpyxl。请安装（Debian/Ubuntu：apt install python3-openpyxl；其他系统：python3 -m pip install openpyxl）后重启 QGIS。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/staffing_workbook/workbook.py" line="108"/>
        <source>The workbook {path} cannot be written ({error}). If it is open in Excel, WPS or LibreOffice, close it and run again; else choose another file.</source>
        <translation>无法写入工作簿 {path}（{error}）。如果它正在 Excel、WPS 或 LibreOffice 中打开，请先关闭再运行；否则请选择其他文件。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/staffing_workbook/workbook.py" line="141"/>
        <source>The workbook {path} is open in a spreadsheet program (lock file {lock}). Close it there and run again; if it is not open anywhere, delete the lock file.</source>
        <translation>工作簿 {path} 正在电子表格程序中打开（锁定文件 {lock}）。请先在该程序中关闭再运行；如果实际没有打开，请删除该锁定文件。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/staffing_workbook/workbook.py" line="153"/>
        <source>Choose the file to write the workbook to.</source>
        <translation>请选择要写入工作簿的文件。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/staffing_workbook/workbook.py" line="159"/>
        <source>The folder {folder} does not exist. Choose a file in an existing folder.</source>
        <translation>文件夹 {folder} 不存在。请选择已有文件夹中的文件。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/staffing_workbook/workbook.py" line="165"/>
        <source>{path} is a folder. Choose a file name ending in .xlsx.</source>
        <translation>{path} 是一个文件夹。请选择以 .xlsx 结尾的文件名。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/staffing_workbook/workbook.py" line="171"/>
        <source>The workbook cannot be written over the project itself: choose another output file.</source>
        <translation>工作簿不能覆盖项目文件本身：请选择其他输出文件。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/project_write.py" line="65"/>
        <source>The project {path} is locked by another program. It is most likely a layer of this file being edited in QGIS with edits not yet saved or being saved (save or discard them: Layer ▸ Toggle Editing), or another sync or Service Grid tool writing to it. Try again when it has finished.</source>
        <translation>项目 {path} 被另一个程序锁定。最可能的原因是：QGIS 中正在编辑此文件的某个图层，编辑尚未保存或正在保存（请保存或放弃编辑：图层 ▸ 切换编辑），或者另一个同步或服务网格工具正在写入该文件。请在其完成后重试。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="78"/>
        <source>reading the package took longer than {:.0f} s: it was stopped</source>
        <translation>读取外业包超过 {:.0f} 秒，已中止</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="159"/>
        <source>the geometry column&apos;s name {!r} is not a plain name (letters, digits, _): the package was altered</source>
        <translation>几何字段名 {!r} 不是普通名称（仅限字母、数字和 _）：外业包已被篡改</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/package.py" line="220"/>
        <source>the file cannot be read as a GeoPackage ({})</source>
        <translation>无法作为 GeoPackage 读取该文件（{}）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/quarantine.py" line="29"/>
        <source>a folder</source>
        <translation>一个文件夹</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/quarantine.py" line="31"/>
        <source>a named pipe (FIFO)</source>
        <translation>一个命名管道（FIFO）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/quarantine.py" line="33"/>
        <source>a device file</source>
        <translation>一个设备文件</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/quarantine.py" line="35"/>
        <source>a socket</source>
        <translation>一个套接字</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/quarantine.py" line="36"/>
        <source>a special file</source>
        <translation>一个特殊文件</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/quarantine.py" line="45"/>
        <source>the file cannot be read ({})</source>
        <translation>无法读取该文件（{}）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/quarantine.py" line="62"/>
        <source>{} is not a regular file but {}</source>
        <translation>{} 不是普通文件，而是{}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/quarantine.py" line="71"/>
        <source>the package grew above the limit of {:.0f} MB</source>
        <translation>外业包在复制过程中超过了 {:.0f} MB 的上限</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/transaction.py" line="48"/>
        <source>The disk holding the project {path} is full: the sync was not written and the project is unchanged. Free some space and run the sync again.</source>
        <translation>项目 {path} 所在磁盘已满：同步未写入，项目未被修改。请释放磁盘空间后重新同步。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/transaction.py" line="54"/>
        <source>The project {path} or its folder is read-only: the sync was not written and the project is unchanged. Copy the project to a folder you can write to (or get write access) and run the sync again.</source>
        <translation>项目 {path} 或其所在文件夹为只读：同步未写入，项目未被修改。请将项目复制到可写的文件夹（或获取写入权限）后重新同步。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/transaction.py" line="61"/>
        <source>The project {path} stayed locked by another program for {seconds:.0f} s (another sync, a tool writing to the project, or unsaved edits in QGIS): the project is unchanged. Save or discard those edits, or wait for the other run, and sync again.</source>
        <translation>项目 {path} 被其他程序锁定了 {seconds:.0f} 秒（另一次同步、正在写入项目的工具，或 QGIS 中未保存的编辑）：项目未被修改。请保存或放弃这些编辑，或等待另一任务结束后重新同步。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/transaction.py" line="68"/>
        <source>The project {path} could not be written ({detail}): the sync was rolled back and the project is unchanged.</source>
        <translation>无法写入项目 {path}（{detail}）：同步已回滚，项目未被修改。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="100"/>
        <source>{} is not valid UTF-8 text</source>
        <translation>{} 不是有效的 UTF-8 文本</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/values.py" line="112"/>
        <source>{} {} is out of range</source>
        <translation>{} {} 超出取值范围</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gpkg.py" line="427"/>
        <source>The project {path} has schema version {found}, which this plugin (schema version {known}) does not know: it was written by a newer version of Service Grid. Update the plugin, then run again; the project was not changed.</source>
        <translation>项目 {path} 的结构版本为 {found}，本插件（结构版本 {known}）无法识别：它由更新版本的服务网格写入。请先更新插件再运行；项目未被修改。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/deps.py" line="163"/>
        <source>Service Grid needs the Python package {package} {minimum} or newer (found: {found}). Install it from the menu Service Grid ▸ Install missing Python packages…, or in a terminal (the OSGeo4W Shell on Windows) with: {command} — then restart QGIS.</source>
        <translation>服务网格需要 Python 包 {package} {minimum} 或更新版本（当前：{found}）。请通过菜单 服务网格 ▸ 安装缺少的 Python 包… 安装，或在终端（Windows 上为 OSGeo4W Shell）中运行：{command}，然后重启 QGIS。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gpkg.py" line="131"/>
        <source>The file {path} cannot be replaced: it is open in QGIS or another program ({error}). Remove its layers from the QGIS project (or close the project or the program), then run again; or write to another file.</source>
        <translation>无法替换文件 {path}：它正在 QGIS 或其他程序中打开（{error}）。请从 QGIS 项目中移除它的图层（或关闭该项目或程序）后重新运行，或改写到另一个文件。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/labels.py" line="26"/>
        <source>en</source>
        <translation>zh</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/labels.py" line="66"/>
        <source>Total staff to apportion (0 = as many as recommended)</source>
        <translation>待分配的总人数（0 = 按建议人数）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/labels.py" line="67"/>
        <source>Minimum staff per grid</source>
        <translation>每个网格最少人数</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/labels.py" line="68"/>
        <source>Population one person can serve</source>
        <translation>单人服务人口容量</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/labels.py" line="69"/>
        <source>Staff id (工号)</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/apportion.py" line="60"/>
        <source>A total of {total} staff cannot give {grids} grids at least {minimum} each: that needs {need}. Raise {total_staff} to at least {need}, or lower {min_staff} to {fit} (or 0), or set {total_staff} to 0 to get the recommended number.</source>
        <translation>总人数 {total} 无法让 {grids} 个网格每个至少 {minimum} 人：至少需要 {need} 人。请把{total_staff}提高到至少 {need}，或把{min_staff}降到 {fit}（或 0），或把{total_staff}设为 0 以按建议人数配置。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/report.py" line="96"/>
        <source>{idle:,.0f} of the staff&apos;s capacity is left over in pieces too small for one more share of a grid within reach: a smaller {staff_capacity} (smaller shares) or more people at the busiest outlets use it better.</source>
        <translation>人员服务容量中有 {idle:,.0f} 零散剩余，不足以再承担可达网格的一份工作量：调小{staff_capacity}（每份更小）或在最繁忙的网点增加人员可更好地利用。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/solve.py" line="128"/>
        <source>heuristic: LP-guided rounding, regret greedy, local search</source>
        <translation>启发式：线性规划引导取整、后悔值贪心、局部搜索</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/solve.py" line="128"/>
        <source>heuristic: regret greedy, local search</source>
        <translation>启发式：后悔值贪心、局部搜索</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/solve.py" line="134"/>
        <source>, {n} neighbourhoods re-solved by MILP</source>
        <translation>，{n} 个邻域由混合整数规划重新求解</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/solve.py" line="152"/>
        <source>exact: MILP (HiGHS), optimal</source>
        <translation>精确：混合整数规划（HiGHS 求解器），最优</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/solve.py" line="152"/>
        <source>MILP (HiGHS) stopped at its node or time limit</source>
        <translation>混合整数规划（HiGHS 求解器）在节点或时间上限处停止</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/solve.py" line="158"/>
        <source> (gap {gap:.2g} %)</source>
        <translation>（差距 {gap:.2g}%）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/solve.py" line="171"/>
        <source> (better than the MILP&apos;s best solution)</source>
        <translation>（优于混合整数规划的最佳解）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/export.py" line="92"/>
        <source>Staff id {staff} is not in the project&apos;s staff table (known ids: {ids}). Check the {staff_id}.</source>
        <translation>工号 {staff} 不在项目的人员表中（已有工号：{ids}）。请检查{staff_id}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gpkg.py" line="154"/>
        <source>Kept the previous file as {backup}.</source>
        <translation>原文件已保留为 {backup}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/project_write.py" line="94"/>
        <source>Rolled back the unfinished write left in {path}.</source>
        <translation>已回滚 {path} 中未完成的写入。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/project_write.py" line="207"/>
        <source>Backed up {path} to {copy}.</source>
        <translation>已将 {path} 备份到 {copy}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/quarantine.py" line="163"/>
        <source>Removed {n} temporary file(s) or folder(s) left by interrupted runs.</source>
        <translation>已删除中断运行遗留的 {n} 个临时文件或文件夹。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/apply.py" line="49"/>
        <source>Nothing to change.</source>
        <translation>没有需要更改的内容。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/apply.py" line="271"/>
        <source>That decision was taken already; reload the editor.</source>
        <translation>该事项已处理；请重新加载编辑器。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="62"/>
        <source>Grid {grid} is not a grid of the project. Choose one of its grids.</source>
        <translation>网格 {grid} 不是本项目的网格。请选择项目中的网格。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/apply.py" line="295"/>
        <source>give {who} to {grid}</source>
        <translation>将 {who} 分配给 {grid}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/apply.py" line="297"/>
        <source>drop {who} of retired grid {grid}</source>
        <translation>放弃已停用网格 {grid} 的 {who}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/journal.py" line="79"/>
        <source>The project changed since the editor read it: {n} units are no longer in the grid the edit was planned from ({ids}). Nothing was changed; reload the editor and try again.</source>
        <translation>编辑器读取项目后项目已发生变化：{n} 个单元已不在编辑所依据的网格中（{ids}）。未做任何更改；请重新加载编辑器后再试。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="72"/>
        <source>Grid {grids} is locked: its units and code stay as they are. Unlock it first (Unlock in the Grid editor, or servicegrid:lockgrids with LOCK off).</source>
        <translation>网格 {grids} 已锁定：其单元和编码保持不变。请先解锁（在网格编辑器中点“解锁”，或运行 servicegrid:lockgrids 并取消 LOCK）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="99"/>
        <source>{n} units are in nest {nests}, grid {grid} is in nest {nest}: a grid never crosses the nest boundary. Units: {ids}. Move them to a grid of their own nest.</source>
        <translation>{n} 个单元属于上级区划 {nests}，网格 {grid} 属于上级区划 {nest}：网格不能跨越上级区划边界。单元：{ids}。请将它们移入本区划内的网格。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="120"/>
        <source>The selected units are in grid {grid} already.</source>
        <translation>所选单元已在网格 {grid} 中。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="133"/>
        <source>move {n} units to {grid}</source>
        <translation>将 {n} 个单元移入 {grid}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="144"/>
        <source>The selected units lie in {n} nests ({nests}): a grid never crosses the nest boundary. Select units of one nest.</source>
        <translation>所选单元分属 {n} 个上级区划（{nests}）：网格不能跨越上级区划边界。请选择同一区划内的单元。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="177"/>
        <source>new grid {grid} from {n} units</source>
        <translation>用 {n} 个单元新建网格 {grid}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="192"/>
        <source>Choose at least two grids to merge.</source>
        <translation>请至少选择两个要合并的网格。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="195"/>
        <source>Grids {grids} lie in different nests ({nests}): a grid never crosses the nest boundary. Merge grids of one nest.</source>
        <translation>网格 {grids} 分属不同上级区划（{nests}）：网格不能跨越上级区划边界。请合并同一区划内的网格。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="213"/>
        <source>merge {grids} into {grid}</source>
        <translation>将 {grids} 合并到 {grid}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="232"/>
        <source>Grid {grid} has {units} units: it can be split into 2 to {units} grids, not {parts}.</source>
        <translation>网格 {grid} 有 {units} 个单元：可拆分为 2 至 {units} 个网格，不能拆分为 {parts} 个。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="259"/>
        <source>split {grid} into {n} grids</source>
        <translation>将 {grid} 拆分为 {n} 个网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="269"/>
        <source>Choose at least one grid.</source>
        <translation>请至少选择一个网格。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="272"/>
        <source>lock {grids}</source>
        <translation>锁定 {grids}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="272"/>
        <source>unlock {grids}</source>
        <translation>解锁 {grids}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="412"/>
        <source>Grid {grid} would fall into {n} pieces that do not touch.</source>
        <translation>网格 {grid} 将被分成 {n} 块互不相连的部分。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="418"/>
        <source>Grid {grid} would hold {pop:,.0f} people, outside the band {low:,.0f}–{high:,.0f} (target {target:,.0f} ± {tol:.0f} %).</source>
        <translation>网格 {grid} 将有 {pop:,.0f} 人，超出范围 {low:,.0f}–{high:,.0f}（目标 {target:,.0f} ± {tol:.0f} %）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/state.py" line="80"/>
        <source>The project {path} has no grids yet. Build grids first (Build service grids with this project as PROJECT).</source>
        <translation>项目 {path} 还没有网格。请先构建网格（以本项目为 PROJECT 运行“构建服务网格”）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/compare.py" line="106"/>
        <source>the current division</source>
        <translation>当前划分</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/versions.py" line="101"/>
        <source>The project {path} has no saved versions yet. Save the division first (&apos;Save grid version&apos; or the Grid editor).</source>
        <translation>项目 {path} 还没有保存的版本。请先保存网格划分（“保存网格版本”或网格编辑器）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/versions.py" line="108"/>
        <source>There is no version “{ref}” in {path}. Give the name or the number of one of its versions: {versions}.</source>
        <translation>{path} 中没有版本“{ref}”。请填写以下版本之一的名称或编号：{versions}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/versions.py" line="191"/>
        <source>Give the version a name (for example “Before the spring review”).</source>
        <translation>请为版本命名（例如“春季调整前”）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/versions.py" line="218"/>
        <source>A version named “{name}” exists already (version {id}). Choose another name, or leave that version as it is.</source>
        <translation>名为“{name}”的版本已存在（版本 {id}）。请换一个名称，或保留该版本不变。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/versions.py" line="286"/>
        <source>Before rebuild {time}</source>
        <translation>重建前 {time}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/versions.py" line="287"/>
        <source>Saved by &apos;Build service grids&apos; before it replaced the grids.</source>
        <translation>由“构建服务网格”在替换网格之前保存。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/versions.py" line="344"/>
        <source>restore version {id} “{name}”</source>
        <translation>恢复版本 {id}“{name}”</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/versions.py" line="351"/>
        <source>Before restoring {name} {time}</source>
        <translation>恢复 {name} 前 {time}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_counts.py" line="98"/>
        <source>{k} grids were asked for; {locked} grids are locked and each of the {m} nests with units that are not locked needs at least one grid: {total} grids were made.</source>
        <translation>要求生成 {k} 个网格；其中 {locked} 个网格已锁定，且有未锁定基础单元的 {m} 个上级区划每个至少需要一个网格：实际生成了 {total} 个网格。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/codes.py" line="55"/>
        <source>The grid sequence number must have {low} to {high} digits (ID_WIDTH), not {width}.</source>
        <translation>网格顺序码的位数须为 {low} 至 {high} 位（ID_WIDTH），而不是 {width}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="127"/>
        <source>move unit {unit} to {grid}</source>
        <translation>将单元 {unit} 移入 {grid}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="171"/>
        <source>new grid {grid} from unit {unit}</source>
        <translation>用单元 {unit} 新建网格 {grid}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/apply.py" line="35"/>
        <source>The project changed since this edit was planned: grid {grids} was created, retired, locked or unlocked meanwhile (by another program or algorithm). Nothing was changed; reload and plan the edit again.</source>
        <translation>规划此编辑后项目已发生变化：网格 {grids} 在此期间被新建、停用、锁定或解锁（由其他程序或算法）。未做任何更改；请重新加载后重新规划此编辑。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="84"/>
        <source>No units given: select units of the project&apos;s units layer (or give unit ids).</source>
        <translation>未给出单元：请在项目的单元图层中选择单元（或给出单元编码）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="163"/>
        <source>The selected units are the whole of grid {grid}: it is a grid already.</source>
        <translation>所选单元就是网格 {grid} 的全部单元：它已经是一个网格。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="228"/>
        <source>Grid {grid} has one unit: it cannot be split.</source>
        <translation>网格 {grid} 只有一个单元，无法拆分。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="279"/>
        <source>Grid {grids} is locked already.</source>
        <translation>网格 {grids} 已处于锁定状态。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/ops.py" line="279"/>
        <source>Grid {grids} is not locked.</source>
        <translation>网格 {grids} 未锁定。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/state.py" line="137"/>
        <source>{n} unit ids are not units of the project {path}: {ids}. Check the ids, or select units of the project&apos;s units layer (in the Grid editor: Reload, the project may have changed).</source>
        <translation>{n} 个单元编码不是项目 {path} 的单元：{ids}。请检查编码，或在项目的单元图层中选择单元（在网格编辑器中：点“刷新”，项目可能已变化）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/versions.py" line="195"/>
        <source>A version name of digits only (“{name}”) would read as a version number. Give it a name with a word in it (for example “Plan {name}”).</source>
        <translation>纯数字的版本名称（“{name}”）会被当作版本号。请使用含文字的名称（例如“方案 {name}”）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/division/versions.py" line="203"/>
        <source>A version name has at most {n} characters; this one has {length}.</source>
        <translation>版本名称最多 {n} 个字符；此名称有 {length} 个。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_balance.py" line="85"/>
        <source>The balance variable {name} is given twice: give each once.</source>
        <translation>均衡变量 {name} 重复给出：每个变量只能给一次。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_balance.py" line="93"/>
        <source>The weight of the balance variable {name} must be a number above 0 (it is {value}).</source>
        <translation>均衡变量 {name} 的权重必须是大于 0 的数（当前为 {value}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_balance.py" line="102"/>
        <source>The tolerance of the balance variable {name} must be between 0 and 1 (e.g. 0.1 for ±10 %); it is {value}.</source>
        <translation>均衡变量 {name} 的容差必须在 0 到 1 之间（例如 0.1 表示 ±10%）；当前为 {value}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_balance.py" line="111"/>
        <source>The balance variable {name} has {got} values for {n} units.</source>
        <translation>均衡变量 {name} 有 {got} 个值，但有 {n} 个基础单元。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_balance.py" line="119"/>
        <source>The balance variable {name} is negative or not a number for {n} unit(s): {ids}. Correct the field or expression, then run again.</source>
        <translation>均衡变量 {name} 在 {n} 个基础单元上为负数或不是数字：{ids}。请修正字段或表达式后再运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_balance.py" line="128"/>
        <source>{n} unit(s) have no value (NULL) for the balance variable {name} and count as 0: {ids}.</source>
        <translation>{n} 个基础单元的均衡变量 {name} 没有值（NULL），按 0 计算：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_balance.py" line="137"/>
        <source>The balance variable {name} is 0 for every unit: choose another field or expression.</source>
        <translation>均衡变量 {name} 在所有基础单元上都为 0：请选择其他字段或表达式。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_balance.py" line="187"/>
        <source>Unknown density class {code} in the targets; use one of: {codes}.</source>
        <translation>目标中的密度等级 {code} 无法识别；请使用以下之一：{codes}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_balance.py" line="193"/>
        <source>The target population of density class {code} must be above 0 (it is {value}).</source>
        <translation>密度等级 {code} 的目标人口必须大于 0（当前为 {value}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_balance.py" line="228"/>
        <source>The target field is 0, negative or not a number for {n} unit(s): {ids}. Give a target population above 0 or leave it empty (NULL).</source>
        <translation>目标人口字段在 {n} 个基础单元上为 0、负数或不是数字：{ids}。请填写大于 0 的目标人口，或留空（NULL）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_balance.py" line="242"/>
        <source>{n} unit(s) have no target population: {ids}. Give a target population per grid for them (or a target for their density class).</source>
        <translation>{n} 个基础单元没有目标人口：{ids}。请为它们给出每个网格的目标人口（或其密度等级的目标）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gridding.py" line="65"/>
        <source>Barriers cut {n} adjacencies between units; {kept} near a barrier were kept because a crossing lies on them.</source>
        <translation>障碍线切断了基础单元之间的 {n} 处相邻关系；障碍线附近有 {kept} 处因有通道（桥梁、地道）位于其上而保留。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gridding.py" line="230"/>
        <source>The income homogeneity weight must be between 0 (off) and 1 (strong).</source>
        <translation>收入同质性权重必须在 0（关闭）到 1（强）之间。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gridding.py" line="236"/>
        <source>Income-homogeneous grids need the units&apos; income: choose the income per capita field (with values above 0), or set the homogeneity weight to 0.</source>
        <translation>收入同质网格需要基础单元的收入：请选择人均收入字段（值大于 0），或把同质性权重设为 0。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gridding.py" line="293"/>
        <source>Barriers divide {m} nest(s) into {z} areas that share no boundary except across a barrier; grids never cross a barrier, so each area has its own grids: {names}.</source>
        <translation>障碍线把 {m} 个上级区划分成 {z} 个区域，这些区域之间只隔着障碍线相邻；网格不跨越障碍线，因此每个区域各自划分网格：{names}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/barriers.py" line="113"/>
        <source>The barrier tolerance must be a distance of 0 metres or more (it is {value}). Give how near a shared boundary must be to a barrier, e.g. 50.</source>
        <translation>障碍容差必须是不小于 0 米的距离（当前为 {value}）。请给出共同边界距障碍多近才算沿障碍，例如 50。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/gridding.py" line="72"/>
        <source>{n} barrier or crossing geometries were empty, invalid or of the wrong kind and were skipped. Repair them (Processing ▸ Fix geometries) to use them.</source>
        <translation>{n} 个障碍或通道几何为空、无效或类型不符，已跳过。如需使用，请先修复（处理工具箱 ▸ 修复几何图形）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/staff_quality.py" line="147"/>
        <source>The rating standard must be between 1 and 5 (got {value}).</source>
        <translation>评分标准必须在 1 到 5 之间（当前为 {value}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/staff_quality.py" line="150"/>
        <source>The complaint standard must be a share between 0 and 1 (got {value}).</source>
        <translation>投诉标准必须是 0 到 1 之间的比例（当前为 {value}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/staff_quality.py" line="153"/>
        <source>The follow-up standard must be a share between 0 and 1 (got {value}).</source>
        <translation>回访标准必须是 0 到 1 之间的比例（当前为 {value}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/staff_quality.py" line="487"/>
        <source>rating {rating} below the {standard} standard over {n} ratings</source>
        <translation>评分 {rating} 低于标准 {standard}（共 {n} 个评分）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/staff_quality.py" line="490"/>
        <source>complaints {share} of {n} feedback (standard {standard})</source>
        <translation>投诉占 {n} 条反馈的 {share}（标准 {standard}）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/staff_quality.py" line="496"/>
        <source>follow-ups on time {share} of {n} due (standard {standard})</source>
        <translation>按时回访率 {share}（应回访 {n} 次，标准 {standard}）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/customers.py" line="136"/>
        <source>The customer list &apos;{layer}&apos; needs {what}. Columns found: {fields}. Choose the column in the import&apos;s field parameters.</source>
        <translation>客户名单“{layer}”需要{what}。现有列：{fields}。请在导入的字段参数中选择该列。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/customers.py" line="156"/>
        <source>Field '{field}' of the customer list '{layer}' is empty for {n} customer(s): {ids}. Enter individual (个人) or enterprise (企业) for each, then import again.</source>
        <translation>客户名单“{layer}”的字段“{field}”有 {n} 名客户为空：{ids}。请为每名客户填写 individual（个人）或 enterprise（企业），然后重新导入。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/customers.py" line="182"/>
        <source>Field &apos;{field}&apos; of the customer list &apos;{layer}&apos; names products that are not in the catalogue for {n} customer(s): {ids} (values: {values}). Use the codes or names of: {accepted}, separated by commas or semicolons.</source>
        <translation>客户名单“{layer}”的字段“{field}”中有 {n} 名客户的产品不在产品目录中：{ids}（值：{values}）。请使用以下产品的代码或名称，以逗号或分号分隔：{accepted}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/customers.py" line="210"/>
        <source>Field &apos;{field}&apos; of the customer list &apos;{layer}&apos; holds no date for {n} customer(s): {ids} (values: {values}). Write dates as 2026-12-05, then import again.</source>
        <translation>客户名单“{layer}”的字段“{field}”中有 {n} 名客户的值不是日期：{ids}（值：{values}）。请按 2026-12-05 的格式填写日期，然后重新导入。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/customers.py" line="232"/>
        <source>Coordinate field &apos;{field}&apos; of the customer list &apos;{layer}&apos; must hold numbers, but {n} customer(s) have other text: {ids}. Correct the coordinates, then import again.</source>
        <translation>客户名单“{layer}”的坐标字段“{field}”必须为数字，但有 {n} 名客户的值为其他文本：{ids}。请更正坐标，然后重新导入。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/customers.py" line="260"/>
        <source>a customer id column (customer_id or 客户编号)</source>
        <translation>客户编号列（customer_id 或 客户编号）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/customers.py" line="263"/>
        <source>a customer type column (customer_type or 客户类型)</source>
        <translation>客户类型列（customer_type 或 客户类型）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/customers.py" line="274"/>
        <source>a location: X and Y coordinate columns or a unit id column</source>
        <translation>位置信息：X 和 Y 坐标列，或单元编码列</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/customers.py" line="293"/>
        <source>The customer list &apos;{layer}&apos; has no consent column: every customer is recorded without consent (their names and phones are never exported).</source>
        <translation>客户名单“{layer}”没有同意列：所有客户均按未同意登记（其姓名和电话绝不会导出）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/customers.py" line="342"/>
        <source>{n} customer(s) of the list &apos;{layer}&apos; lie outside every unit of the project: {ids}. Check their coordinates and the coordinates&apos; CRS, then import again.</source>
        <translation>名单“{layer}”中有 {n} 名客户位于项目所有单元之外：{ids}。请检查其坐标及坐标参考系，然后重新导入。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/customers.py" line="366"/>
        <source>{n} customer(s) of the list &apos;{layer}&apos; have no location (no point, no coordinates, no unit id): {ids}. Give each a location, then import again.</source>
        <translation>名单“{layer}”中有 {n} 名客户没有位置（无点、无坐标、无单元编码）：{ids}。请为每名客户提供位置，然后重新导入。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/customers.py" line="376"/>
        <source>{n} customer(s) of the list &apos;{layer}&apos; name a unit that is not in the project: {ids} (field &apos;{field}&apos;, values: {values}). Correct their unit ids, then import again.</source>
        <translation>名单“{layer}”中有 {n} 名客户的单元不在项目中：{ids}（字段“{field}”，值：{values}）。请更正其单元编码，然后重新导入。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/nests.py" line="62"/>
        <source>The units of {n} nest code(s) in layer &apos;{layer}&apos; have different names: {codes}. Each code takes its most common name.</source>
        <translation>图层“{layer}”中有 {n} 个上级区划代码的单元名称不一致：{codes}。每个代码取其最常见的名称。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/visit_assign.py" line="58"/>
        <source>The due date {value!r} is not a date: write it as YYYY-MM-DD.</source>
        <translation>截止日期 {value!r} 不是日期：请写成 YYYY-MM-DD。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/visit_assign.py" line="66"/>
        <source>{days} days is not a due date: give 0 to 3650 days.</source>
        <translation>{days} 天不是有效的截止期限：请填写 0 到 3650 天。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/visit_assign.py" line="123"/>
        <source>The purpose {value!r} is not one of {allowed}.</source>
        <translation>回访目的 {value!r} 不在 {allowed} 之中。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/visit_assign.py" line="131"/>
        <source>Staff id {staff} is not in the project&apos;s staff table (known ids: {ids}). Check the {param}.</source>
        <translation>工号 {staff} 不在项目的人员表中（已有工号：{ids}）。请检查{param}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/visit_assign.py" line="145"/>
        <source>The project has no grids: build the grids first.</source>
        <translation>项目中还没有网格：请先划分网格。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/refresh.py" line="68"/>
        <source>The package {path} cannot be read ({error}).</source>
        <translation>无法读取外业包 {path}（{error}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/refresh.py" line="87"/>
        <source>{path} is not a GeoPackage that can be read ({error}).</source>
        <translation>{path} 不是可读取的 GeoPackage（{error}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/refresh.py" line="103"/>
        <source>{path} is not a field package (it has no package manifest). Choose a package made by &apos;Create field package&apos;.</source>
        <translation>{path} 不是外业包（没有外业包清单）。请选择由“创建外业包”生成的文件。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/refresh.py" line="112"/>
        <source>The package {path} was made from another project (project id {found}, this project {ours}). Refresh it with the project it came from.</source>
        <translation>外业包 {path} 来自另一个项目（项目标识 {found}，本项目 {ours}）。请用它所属的项目来更新。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/refresh.py" line="125"/>
        <source>The package {package} is not one this project made (it is not in the project&apos;s list of packages): make a new package for the staff member instead.</source>
        <translation>外业包 {package} 不是本项目生成的（不在项目的外业包列表中）：请为该人员新建外业包。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/refresh.py" line="135"/>
        <source>The package {package} expired on {date}: sync it, then make a new package.</source>
        <translation>外业包 {package} 已于 {date} 过期：请先同步，再新建外业包。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/refresh.py" line="158"/>
        <source>The package could not be synced, so it was not refreshed (the project and the package are unchanged): {message}</source>
        <translation>外业包无法同步，因此未更新（项目和外业包均未改变）：{message}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="281"/>
        <source>visit {}</source>
        <translation>回访 {}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visit_merge.py" line="89"/>
        <source>this visit was not sent out in the package (only the office assigns visits)</source>
        <translation>此回访任务并未随该外业包下发（回访任务只能由办公室派发）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visit_merge.py" line="104"/>
        <source>status {status!r} cannot be set in the field (only the office cancels a visit): set it back to open, done or not reached</source>
        <translation>外业不能把状态设为 {status!r}（只有办公室可以取消回访）：请改回待回访、已回访或未联系上</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visit_merge.py" line="169"/>
        <source>{} visits had office columns (grid, staff, customer, purpose, due date, location) changed in the package: those changes were ignored</source>
        <translation>外业包中有 {} 条回访任务改动了办公室字段（网格、人员、客户、目的、截止日期、位置）：这些改动已被忽略</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visit_merge.py" line="178"/>
        <source>{} visits missing from the package were kept (a visit is cancelled by the office, not deleted in the field)</source>
        <translation>外业包中缺少的 {} 条回访任务已保留（回访由办公室取消，不能在外业删除）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="111"/>
        <source>status {!r} is not one of {}</source>
        <translation>状态 {!r} 不在 {} 之中</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="116"/>
        <source>result {!r} is not one of {}</source>
        <translation>回访结果 {!r} 不在 {} 之中</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="120"/>
        <source>the visit is marked {} but done_at is missing</source>
        <translation>回访标记为 {}，但缺少完成时间（done_at）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="123"/>
        <source>due_date {!r} is not a date (YYYY-MM-DD)</source>
        <translation>截止日期 {!r} 不是日期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="126"/>
        <source>rev {} is out of range</source>
        <translation>版本号 rev {} 超出范围</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="233"/>
        <source>&apos;{}&apos; is not a plain table (found: {})</source>
        <translation>“{}”不是普通数据表（实际为：{}）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="244"/>
        <source>the geometry column of the visits is not a plain name</source>
        <translation>回访图层的几何字段名称不规范</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="246"/>
        <source>the visits table lacks the columns {} (schema drift: refresh the package)</source>
        <translation>回访表缺少字段 {}（结构不一致：请更新外业包）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="253"/>
        <source>the package has {} visits, above the limit of {}</source>
        <translation>外业包有 {} 条回访任务，超过上限 {}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="259"/>
        <source>the visits layer&apos;s coordinate reference system differs from the project&apos;s</source>
        <translation>回访图层的坐标参考系与项目不同</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/visits.py" line="301"/>
        <source>the visits of the package cannot be read ({})</source>
        <translation>无法读取外业包中的回访任务（{}）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/team.py" line="126"/>
        <source>Unknown staff selection {value}: use one of {values}.</source>
        <translation>未知的人员选择方式 {value}：请使用 {values} 之一。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/team.py" line="136"/>
        <source>List the staff ids of the packages to make.</source>
        <translation>请列出要生成外业包的工号。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/team.py" line="142"/>
        <source>not in the project&apos;s staff table: {ids}</source>
        <translation>不在项目的人员表中：{ids}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/team.py" line="148"/>
        <source>not active (staff.active = 0): {ids}</source>
        <translation>不在岗（staff.active = 0）：{ids}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/team.py" line="154"/>
        <source>no grids assigned: {ids}</source>
        <translation>未分配网格：{ids}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/team.py" line="158"/>
        <source>No package was made. Staff ids {problems}. Correct the list, or assign grids first (Allocate staff, or the Staff and outlets dock).</source>
        <translation>未生成任何外业包。工号{problems}。请更正列表，或先分配网格（人员配置，或“人员与网点”面板）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/team.py" line="170"/>
        <source>outlets</source>
        <translation>服务网点</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/team.py" line="175"/>
        <source>districts</source>
        <translation>区县</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/team.py" line="179"/>
        <source>No package for {count} active staff without grids: {ids}.</source>
        <translation>{count} 名在岗人员没有网格，未生成外业包：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/team.py" line="186"/>
        <source>Nobody to make a package for: no active staff member of this selection has grids assigned. {notes}</source>
        <translation>没有可生成外业包的人员：所选范围内没有已分配网格的在岗人员。{notes}</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/team.py" line="198"/>
        <source>Name the {what} whose staff get packages.</source>
        <translation>请指定要为其人员生成外业包的{what}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/team.py" line="203"/>
        <source>Unknown {what}: {ids} (the project&apos;s staff and grids have {known}).</source>
        <translation>未知的{what}：{ids}（项目的人员和网格中有：{known}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/team.py" line="241"/>
        <source>the package expired on {date}: its field work was accepted all the same; give the staff member a new package</source>
        <translation>外业包已于 {date} 过期：其外业数据仍已接收；请为该人员生成新的外业包</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/fieldsync/team_export.py" line="378"/>
        <source>{count} packages of this run already exist in {folder}: {files}. Nothing was written. Choose another folder, or move the old packages away first.</source>
        <translation>本次运行的 {count} 个外业包已存在于 {folder}：{files}。未写入任何文件。请选择其他文件夹，或先移走旧的外业包。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/basemap_plan.py" line="127"/>
        <source>The package has no grids to draw a basemap around.</source>
        <translation>外业包中没有网格，无法围绕网格绘制底图。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/basemap_plan.py" line="129"/>
        <source>{param} must be from 0 to {high}, not {value}.</source>
        <translation>{param} 必须介于 0 与 {high} 之间，而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/basemap_plan.py" line="160"/>
        <source>The basemap needs about {need:.1f} MB even at its coarsest zoom ({zoom}), over {param} = {limit:g} MB. Raise {param}, or make the package without a basemap ({zoom_param} = 0).</source>
        <translation>底图即使在最粗的缩放级别（{zoom}）也需要约 {need:.1f} MB，超过 {param} = {limit:g} MB。请调大 {param}，或不带底图制作外业包（{zoom_param} = 0）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/basemap_plan.py" line="192"/>
        <source>Basemap lowered from zoom {wanted} to zoom {used}: zoom {next} would take about {need:.1f} MB more, over {param} = {limit:g} MB. Raise {param} for more detail.</source>
        <translation>底图缩放级别已从 {wanted} 降至 {used}：级别 {next} 约需再增加 {need:.1f} MB，将超过 {param} = {limit:g} MB。如需更多细节，请调大 {param}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/basemap_plan.py" line="225"/>
        <source>Cannot open {path}.</source>
        <translation>无法打开 {path}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/basemap_plan.py" line="229"/>
        <source>{path} has no {layer} layer.</source>
        <translation>{path} 中没有 {layer} 图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/labels.py" line="70"/>
        <source>Basemap: highest zoom level (0 = no basemap)</source>
        <translation>底图：最高缩放级别（0 = 不带底图）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/labels.py" line="71"/>
        <source>Basemap: largest size (MB)</source>
        <translation>底图：最大大小（MB）</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/report.py" line="130"/>
        <source>No lower bound was computed for this plan: its quality is not proven.</source>
        <translation>未计算该方案的下界：其质量未经证明。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/report.py" line="135"/>
        <source>{extra:,.0f} population equivalents of workload are not served within capacity beyond what the roster&apos;s total capacity forces (whole shares do not fill every person&apos;s capacity exactly). Counting each share left open at its penalty, the plan costs at most {gap:.1%} more than the best possible plan.</source>
        <translation>除花名册总容量不足必然造成的部分外，另有折合 {extra:,.0f} 服务人口的工作量未能在容量内承担（整份工作量无法恰好填满每个人的容量）。把每个空缺份额按其惩罚计入后，该方案的代价至多比最优方案高 {gap:.1%}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/report.py" line="143"/>
        <source>The best possible plan (proven): no other plan serves as much with less travel.</source>
        <translation>已证明是最优方案：没有其他方案能以更短的路程承担同样多的工作量。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/report.py" line="148"/>
        <source>At most {gap:.1%} more travel than the best possible plan (proven), and it serves all the workload the roster&apos;s capacity can serve.</source>
        <translation>路程至多比最优方案多 {gap:.1%}（已证明），并承担了花名册服务容量所能承担的全部工作量。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation/report.py" line="154"/>
        <source>(Proven among the people considered for each grid: the nearest ones and those priced in.)</source>
        <translation>（在每个网格所考虑的人员范围内证明：最近的人员，以及按对偶价格补充进来的人员。）</translation>
    </message>
</context>
<context>
    <name>dependencies</name>
    <message>
        <location filename="../../plugin/dependencies.py" line="136"/>
        <source>QGIS&apos;s Python interpreter was not found, so the packages cannot be installed from QGIS. Install them in a terminal instead: {command}</source>
        <translation>找不到 QGIS 的 Python 解释器，无法在 QGIS 中安装这些包。请改在终端中安装：{command}</translation>
    </message>
    <message>
        <location filename="../../plugin/dependencies.py" line="220"/>
        <source>Installation cancelled.</source>
        <translation>安装已取消。</translation>
    </message>
    <message>
        <location filename="../../plugin/dependencies.py" line="247"/>
        <source>pip is not installed for {python}. On Debian or Ubuntu install it with &apos;sudo apt install python3-pip&apos;, then try again.</source>
        <translation>{python} 没有安装 pip。在 Debian 或 Ubuntu 上请用“sudo apt install python3-pip”安装，然后重试。</translation>
    </message>
    <message>
        <location filename="../../plugin/dependencies.py" line="252"/>
        <source>Installing {packages} failed: {error}. Without internet, download the wheel files on another computer (pip download --only-binary=:all: --no-deps {specs}) and install from their folder; or install in a terminal: {command}</source>
        <translation>安装 {packages} 失败：{error}。没有网络时，请在另一台电脑上下载 wheel 文件（pip download --only-binary=:all: --no-deps {specs}），再从它们所在的文件夹安装；或在终端中安装：{command}</translation>
    </message>
</context>
<context>
    <name>grid_input</name>
    <message>
        <location filename="../../algorithms/core/grid_input.py" line="73"/>
        <source>Population field &apos;{field}&apos; is empty (NULL) for {n} grid(s): {ids}. Every grid needs its population: enter 0 where nobody lives.</source>
        <translation>人口字段“{field}”在 {n} 个网格中为空（NULL）：{ids}。每个网格都需要人口：无人居住处请填 0。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_input.py" line="85"/>
        <source>Field &apos;{field}&apos; has negative values for {n} grid(s): {ids}. Correct them, then run again.</source>
        <translation>字段“{field}”在 {n} 个网格中为负值：{ids}。请更正后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_input.py" line="123"/>
        <source>Field grid_id of layer &apos;{layer}&apos; is empty for {n} grid(s) (feature ids {fids}). Give every grid an id, then run again.</source>
        <translation>图层“{layer}”的 grid_id 字段在 {n} 个网格中为空（要素编号 {fids}）。请为每个网格填写编号后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_input.py" line="135"/>
        <source>Grid ids must be unique, but {n} occur more than once in layer &apos;{layer}&apos;: {ids}.</source>
        <translation>网格编号必须唯一，但图层“{layer}”中有 {n} 个编号重复出现：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_input.py" line="149"/>
        <source>Field &apos;{field}&apos; of layer &apos;{layer}&apos; must hold numbers, but {n} grid(s) have other text: {ids} (values: {values}). Correct these values or choose another field.</source>
        <translation>图层“{layer}”的字段“{field}”必须为数值，但有 {n} 个网格含有非数字文本：{ids}（值：{values}）。请更正这些值或另选字段。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/grid_input.py" line="167"/>
        <source>{n} grid(s) of layer &apos;{layer}&apos; have no geometry: {ids}. Fix or remove them, then run again.</source>
        <translation>图层“{layer}”中有 {n} 个网格没有几何：{ids}。请修复或删除后重新运行。</translation>
    </message>
</context>
<context>
    <name>project_refresh</name>
    <message>
        <location filename="../../algorithms/project_refresh.py" line="105"/>
        <source>The file {path} is open in QGIS: layers of the current project read it ({layers}), so it cannot be replaced. Remove those layers or close the project, then run again; or write to another file.</source>
        <translation>文件 {path} 正在 QGIS 中打开：当前项目的图层（{layers}）正在读取它，因此不能替换。请移除这些图层或关闭项目后重新运行，或改写到另一个文件。</translation>
    </message>
</context>
<context>
    <name>qgis_io</name>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="52"/>
        <source>Layer '{layer}' has no coordinate reference system (CRS). Set it first: Layer Properties ▸ Source ▸ Assigned Coordinate Reference System (or the Processing tool 'Assign projection'), choosing the CRS the coordinates were captured in, e.g. EPSG:4490 (CGCS2000) or EPSG:4326 (WGS 84).</source>
        <translation>图层“{layer}”没有坐标参考系（CRS）。请先设置：图层属性 ▸ 源 ▸ 指定的坐标参考系（或使用处理工具“指定投影”），选择采集坐标时所用的坐标参考系，例如 EPSG:4490（CGCS2000）或 EPSG:4326（WGS 84）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="78"/>
        <source>Layer &apos;{layer}&apos; has no features.</source>
        <translation>图层“{layer}”中没有要素。</translation>
    </message>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="84"/>
        <source>Layer &apos;{layer}&apos; is in a geographic CRS ({src}); areas and distances need metres, so the project is stored in {dst} ({name}).</source>
        <translation>图层“{layer}”使用地理坐标参考系（{src}）；计算面积和距离需要以米为单位，因此项目将采用 {dst}（{name}）存储。</translation>
    </message>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="109"/>
        <source>Field(s) {missing} not found in layer &apos;{layer}&apos;. Its fields are: {fields}.</source>
        <translation>在图层“{layer}”中未找到字段 {missing}。该图层的字段有：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="186"/>
        <source>units</source>
        <translation>基础单元</translation>
    </message>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="188"/>
        <source>Layer &apos;{layer}&apos; does not hold polygons, but units must be polygons (the communities or villages to group into grids). Choose a polygon layer.</source>
        <translation>图层“{layer}”不是面图层，但基础单元必须是面（要组合成网格的社区或村）。请选择一个面图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="196"/>
        <source>Layer &apos;{layer}&apos; has no features. Choose the layer of your administrative units with their population.</source>
        <translation>图层“{layer}”中没有要素。请选择包含人口数据的行政单元图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="213"/>
        <source>grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="215"/>
        <source>Layer &apos;{layer}&apos; does not hold polygons, but service grids must be polygons. Choose the grids layer (e.g. the project&apos;s grids or the output of &apos;Build service grids&apos;).</source>
        <translation>图层“{layer}”不是面图层，而服务网格必须是面。请选择网格图层（例如项目的网格图层或“生成服务网格”的输出）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="224"/>
        <source>Layer &apos;{layer}&apos; has no features. Choose a layer of service grids with their population (e.g. the output of &apos;Build service grids&apos;).</source>
        <translation>图层“{layer}”中没有要素。请选择包含人口数据的服务网格图层（例如“构建服务网格”的输出）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/qgis_io.py" line="253"/>
        <source>The grids layer '{layer}' has no population field (population or 人口). Its fields are: {fields}. Build the grids with 'Build service grids' or add the population of each grid.</source>
        <translation>网格图层“{layer}”没有人口字段（population 或 人口）。其字段为：{fields}。请用“生成服务网格”生成网格，或为每个网格补充人口。</translation>
    </message>
</context>
</TS>
