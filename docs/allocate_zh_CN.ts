<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>AllocateStaffAlgorithm</name>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="83"/>
        <source>Allocate staff to grids</source>
        <translation>人员配置（网格分配）</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="86"/>
        <source>Staff and outlets</source>
        <translation>人员与网点</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="92"/>
        <source>staff,allocation,assignment,apportionment,workload,capacity,人员,配置,分配,网格</source>
        <translation>人员,配置,分配,名额分配,工作量,服务容量,网格,staff,allocation,assignment,apportionment,workload,capacity</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="96"/>
        <source>Recommends how many people each service grid needs and assigns named staff from the roster to grids.

Workload per grid (population equivalents) = population × (1 + 0.5 × (demand index ÷ its population-weighted mean − 1)) + quality × staff capacity. Without a demand_index field it is the population. The optional quality field (e.g. staff_change from a service-quality run) adds that many people&apos;s worth of workload to a grid (negative values remove it).

Recommended staff: with a total headcount, the total is apportioned exactly by the Webster (Sainte-Laguë) method, at least the minimum per grid; without it, workload ÷ staff capacity rounded up, at least the minimum.

Assignment: only active staff; each works from their outlet (distance from the outlet to the grid), carries an equal share of each grid they cover and never more than their capacity (staff capacity where the roster has none). Every grid gets somebody, then its recommended number of people where the roster allows; loads are balanced against capacities and travel kept short. An exact optimisation (MILP) is used when the problem is small enough, a heuristic beyond. When the roster is too small, the missing capacity, the grids without enough people and anybody overloaded (only to cover a grid nobody else can) are reported.

Results: TOTAL_RECOMMENDED, TOTAL_ASSIGNED, UNCOVERED_GRIDS, UNDERSTAFFED_GRIDS, OVERLOADED_STAFF, SHORTFALL_CAPACITY (population equivalents), SHORTFALL_STAFF, OBJECTIVE (workload-weighted travel, population equivalents × km), MEAN_TRAVEL_KM, MAX_UTILISATION, GAP (to the proven lower bound) and METHOD.</source>
        <translation>测算每个服务网格需要的人员数，并把花名册中的具体人员分配到网格。

网格工作量（折合服务人口）= 人口 × (1 + 0.5 × (需求指数 ÷ 按人口加权的平均需求指数 − 1)) + 质量调整 × 单人服务容量。没有 demand_index 字段时即为人口。可选的质量字段（如服务质量评估得出的 staff_change）为网格增加相应人数的工作量（负值则减少）。

建议人员数：给定总人数时，用韦伯斯特（圣拉居）法精确分配总人数，每个网格不少于最低人数；未给定时，为工作量 ÷ 单人服务容量向上取整，且不少于最低人数。

分配：只分配在岗人员；每人从所属网点出发（按网点到网格的距离计），平均分担所负责网格的工作量，且不超过本人服务容量（花名册未填写时取单人服务容量）。先保证每个网格都有人，再在花名册允许时配足建议人数；按服务容量均衡负荷，并尽量缩短路程。问题规模较小时使用精确优化（混合整数规划），更大时使用启发式算法。花名册人手不足时，报告缺少的服务容量、人员不足的网格，以及超出容量的人员（仅在没有其他人能覆盖某网格时才会超出）。

结果：TOTAL_RECOMMENDED、TOTAL_ASSIGNED、UNCOVERED_GRIDS、UNDERSTAFFED_GRIDS、OVERLOADED_STAFF、SHORTFALL_CAPACITY（折合服务人口）、SHORTFALL_STAFF、OBJECTIVE（按工作量加权的路程，折合服务人口 × 公里）、MEAN_TRAVEL_KM、MAX_UTILISATION、GAP（与已证明下界的差距）和 METHOD。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="122"/>
        <source>Service grids (polygons with population)</source>
        <translation>服务网格（含人口的面图层）</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="125"/>
        <source>Staff roster (table)</source>
        <translation>人员花名册（表）</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="128"/>
        <source>Outlets (points; travel is measured from them)</source>
        <translation>服务网点（点；路程从网点起算）</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="131"/>
        <source>Total staff to apportion (0 = as many as recommended)</source>
        <translation>待分配的总人数（0 = 按建议人数）</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="134"/>
        <source>Minimum staff per grid</source>
        <translation>每个网格最少人数</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="137"/>
        <source>Population one person can serve</source>
        <translation>单人服务人口容量</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="140"/>
        <source>Extra staff suggested per grid (e.g. staff_change from service quality)</source>
        <translation>每个网格建议增加的人数（如服务质量评估的 staff_change）</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="144"/>
        <source>Grids with staff</source>
        <translation>含人员数的网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="147"/>
        <source>Assignments</source>
        <translation>人员分配</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="149"/>
        <source>Also store the result in this project GeoPackage (input: its grids layer)</source>
        <translation>同时把结果保存到此项目 GeoPackage（输入须为其网格图层）</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="154"/>
        <source>Recommended staff</source>
        <translation>建议人员数</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="155"/>
        <source>Assignments made</source>
        <translation>已分配条数</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="156"/>
        <source>Grids without anybody</source>
        <translation>无人负责的网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="157"/>
        <source>Grids with fewer people than recommended</source>
        <translation>人员少于建议数的网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="158"/>
        <source>Staff above capacity</source>
        <translation>超出服务容量的人员</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="159"/>
        <source>Workload not served within capacity</source>
        <translation>服务容量内无法承担的工作量</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="160"/>
        <source>People missing</source>
        <translation>缺少人数</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="161"/>
        <source>Workload-weighted travel</source>
        <translation>按工作量加权的路程</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="162"/>
        <source>Mean travel (km)</source>
        <translation>平均路程（公里）</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="163"/>
        <source>Highest utilisation</source>
        <translation>最高负荷率</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="164"/>
        <source>Gap to the lower bound</source>
        <translation>与下界的差距</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="168"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="235"/>
        <source>{grids} grids, workload {workload:,.0f}; {recommended} staff recommended; {people} active staff with capacity {capacity:,.0f}; {assigned} assignments. Mean travel {km:.2f} km, highest utilisation {util:.0%}. Method: {method}; {pairs:,} candidate pairs.</source>
        <translation>{grids} 个网格，工作量 {workload:,.0f}；建议人员 {recommended} 名；在岗人员 {people} 名，服务容量 {capacity:,.0f}；分配 {assigned} 条。平均路程 {km:.2f} 公里，最高负荷率 {util:.0%}。方法：{method}；候选组合 {pairs:,} 个。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="245"/>
        <source>Objective {value:,.1f}, proven lower bound {bound:,.1f} (gap {gap:.2%}).</source>
        <translation>目标值 {value:,.1f}，已证明的下界 {bound:,.1f}（差距 {gap:.2%}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="271"/>
        <source>grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="273"/>
        <source>Layer &apos;{layer}&apos; does not hold polygons, but service grids must be polygons. Choose the grids layer (e.g. the project&apos;s grids or the output of &apos;Build service grids&apos;).</source>
        <translation>图层“{layer}”不是面图层，而服务网格必须是面。请选择网格图层（例如项目的网格图层或“生成服务网格”的输出）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="278"/>
        <source>Layer &apos;{layer}&apos; has no features. Choose a layer of service grids with their population.</source>
        <translation>图层“{layer}”没有要素。请选择含人口的服务网格图层。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="284"/>
        <source>The grids layer &apos;{layer}&apos; has no population field (population or 人口). Its fields are: {fields}. Build the grids with &apos;Build service grids&apos; or add the population of each grid.</source>
        <translation>网格图层“{layer}”没有人口字段（population 或 人口）。其字段为：{fields}。请用“生成服务网格”生成网格，或为每个网格补充人口。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="295"/>
        <source>Field &apos;{field}&apos; (QUALITY_FIELD) not found in the grids layer. Its fields are: {fields}.</source>
        <translation>网格图层中找不到字段“{field}”（QUALITY_FIELD）。其字段为：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="315"/>
        <source>Population field &apos;{field}&apos; is empty (NULL) for {n} grid(s): {ids}. Every grid needs its population: enter 0 where nobody lives.</source>
        <translation>人口字段“{field}”在 {n} 个网格中为空（NULL）：{ids}。每个网格都需要人口：无人居住处请填 0。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="322"/>
        <source>Field &apos;{field}&apos; has negative values for {n} grid(s): {ids}. Correct them, then run again.</source>
        <translation>字段“{field}”在 {n} 个网格中为负值：{ids}。请更正后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="332"/>
        <source>{n} grid(s) have no geometry: {ids}. Every grid needs its area to measure travel to it.</source>
        <translation>{n} 个网格没有几何：{ids}。每个网格都需要其范围，才能计算到达它的路程。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="347"/>
        <source>Field grid_id of layer &apos;{layer}&apos; is empty for {n} grid(s) (feature ids {fids}). Give every grid an id, then run again.</source>
        <translation>图层“{layer}”的 grid_id 字段在 {n} 个网格中为空（要素编号 {fids}）。请为每个网格填写编号后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="355"/>
        <source>Grid ids must be unique, but {n} occur more than once in layer &apos;{layer}&apos;: {ids}.</source>
        <translation>网格编号必须唯一，但图层“{layer}”中有 {n} 个编号重复出现：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="370"/>
        <source>Field &apos;{field}&apos; of layer &apos;{layer}&apos; must hold numbers, but {n} grid(s) have other text: {ids} (values: {values}).</source>
        <translation>图层“{layer}”的字段“{field}”应为数值，但 {n} 个网格含有其他文字：{ids}（值：{values}）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="380"/>
        <source>No outlets: travel is not taken into account.</source>
        <translation>未提供服务网点：不考虑路程。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="382"/>
        <source>outlets</source>
        <translation>服务网点</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="386"/>
        <source>The outlets layer &apos;{layer}&apos; has no outlet id field (outlet_id or 网点编号), so the roster&apos;s outlet_id cannot be matched. Its fields are: {fields}.</source>
        <translation>网点图层“{layer}”没有网点编号字段（outlet_id 或 网点编号），无法匹配花名册中的 outlet_id。其字段为：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="403"/>
        <source>staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="410"/>
        <source>The staff roster &apos;{layer}&apos; is empty. Choose the roster with staff_id, name, role, outlet_id, capacity and active.</source>
        <translation>人员花名册“{layer}”为空。请选择含 staff_id、name、role、outlet_id、capacity 和 active 的花名册。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="420"/>
        <source>Nobody in the staff roster &apos;{layer}&apos; is active (active = 1). Mark the staff who can be assigned as active.</source>
        <translation>人员花名册“{layer}”中没有在岗人员（active = 1）。请把可分配的人员标记为在岗。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="425"/>
        <source>{n} inactive staff left out.</source>
        <translation>已排除 {n} 名不在岗人员。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="439"/>
        <source>{n} active staff have capacity 0 and take no grid: {ids}.</source>
        <translation>{n} 名在岗人员的服务容量为 0，不负责任何网格：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="443"/>
        <source>No active staff member has a capacity above 0. Set their capacity (population one person can serve) or leave it empty to use the staff capacity.</source>
        <translation>没有服务容量大于 0 的在岗人员。请填写其服务容量（单人可服务的人口），或留空以使用单人服务人口容量。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="448"/>
        <source>{n} staff without a capacity count {capacity:,.0f} each (staff capacity).</source>
        <translation>{n} 名人员未填写服务容量，每人按 {capacity:,.0f} 计（单人服务人口容量）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="459"/>
        <source>The roster names {n} outlet id(s) that are not in the outlets layer: {outlets} (staff {staff}). Correct the staff&apos;s outlet_id or add the outlets.</source>
        <translation>花名册中有 {n} 个网点编号不在网点图层中：{outlets}（人员 {staff}）。请更正人员的 outlet_id，或补充这些网点。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="466"/>
        <source>{n} active staff have no outlet: {ids}. Each person works from an outlet: fill in their outlet_id (a mobile team has an outlet of kind &apos;mobile&apos;), or leave OUTLETS empty to ignore travel.</source>
        <translation>{n} 名在岗人员没有所属网点：{ids}。每人都从一个网点出发：请填写其 outlet_id（流动服务队对应类型为“mobile”的网点），或不提供 OUTLETS 以忽略路程。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="554"/>
        <source>To store the result in a project GeoPackage, allocate staff to the project&apos;s own grids layer (it has the field grid_id).</source>
        <translation>要把结果保存到项目 GeoPackage，请对项目自身的网格图层（含 grid_id 字段）进行人员配置。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="568"/>
        <source>Only {found} of the {grids} grids were found in {path}: allocate the project&apos;s own grids layer so that every grid gets its recommended staff.</source>
        <translation>{grids} 个网格中只有 {found} 个在 {path} 中找到：请对项目自身的网格图层进行人员配置，使每个网格都获得建议人员数。</translation>
    </message>
    <message>
        <location filename="../../algorithms/allocate_staff.py" line="572"/>
        <source>Stored {assignments} assignments and the recommended staff of {updated} grids in {path}.</source>
        <translation>已在 {path} 中保存 {assignments} 条人员分配和 {updated} 个网格的建议人员数。</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location filename="../../algorithms/core/allocation.py" line="149"/>
        <source>The minimum staff per grid cannot be negative.</source>
        <translation>每个网格最少人数不能为负。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation.py" line="152"/>
        <source>The staff capacity (population one person can serve) must be above 0.</source>
        <translation>单人服务人口容量必须大于 0。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation.py" line="155"/>
        <source>The total staff cannot be negative (0 = as many as recommended).</source>
        <translation>总人数不能为负（0 = 按建议人数）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation.py" line="158"/>
        <source>The demand weight must be between 0 and 1.</source>
        <translation>需求权重必须在 0 到 1 之间。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation.py" line="204"/>
        <source>A total of {total} staff cannot give {grids} grids at least {minimum} each: that needs {need}. Raise TOTAL_STAFF to at least {need}, or lower MIN_STAFF_PER_GRID to {fit} (or 0), or set TOTAL_STAFF to 0 to get the recommended number.</source>
        <translation>总人数 {total} 无法让 {grids} 个网格每个至少 {minimum} 人：至少需要 {need} 人。请把 TOTAL_STAFF 提高到至少 {need}，或把 MIN_STAFF_PER_GRID 降到 {fit}（或 0），或把 TOTAL_STAFF 设为 0 以按建议人数配置。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation.py" line="460"/>
        <source>There is nobody to assign: the roster has no active staff with a capacity above 0.</source>
        <translation>没有可分配的人员：花名册中没有服务容量大于 0 的在岗人员。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation.py" line="530"/>
        <source>{n} grid(s) had no candidate with room nearby; people with room further away were considered for them.</source>
        <translation>{n} 个网格附近没有尚有余量的候选人员；已为其考虑更远处尚有余量的人员。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation.py" line="1065"/>
        <source>The roster is too small: {missing:,.0f} population equivalents of workload are not served within capacity (about {people} more people at {capacity:,.0f} each). The grids need {workload:,.0f} in all; the active staff can serve {available:,.0f}.</source>
        <translation>人手不足：有折合 {missing:,.0f} 服务人口的工作量无法在服务容量内承担（约需再增加 {people} 名、每人 {capacity:,.0f}）。网格共需 {workload:,.0f}；在岗人员可服务 {available:,.0f}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation.py" line="1072"/>
        <source>{idle:,.0f} of the staff&apos;s capacity is left over in pieces too small for one more share of a grid within reach: a smaller STAFF_CAPACITY (smaller shares) or more people at the busiest outlets use it better.</source>
        <translation>人员服务容量中有 {idle:,.0f} 零散剩余，不足以再承担可达网格的一份工作量：调小 STAFF_CAPACITY（每份更小）或在最繁忙的网点增加人员可更好地利用。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation.py" line="1077"/>
        <source>Grids without anybody ({n}): {ids}.</source>
        <translation>无人负责的网格（{n} 个）：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation.py" line="1081"/>
        <source>Grids with fewer people than recommended ({n}): {ids}.</source>
        <translation>人员少于建议数的网格（{n} 个）：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/allocation.py" line="1086"/>
        <source>Staff above their capacity, to cover a grid nobody else can ({n}): {ids}.</source>
        <translation>为覆盖无他人可负责的网格而超出服务容量的人员（{n} 名）：{ids}。</translation>
    </message>
</context>
</TS>
