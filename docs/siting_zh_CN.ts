<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
    <context>
        <name>SiteOutletsAlgorithm</name>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="89" />
            <source>Site outlets</source>
            <translation>网点选址</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="92" />
            <source>Staff and outlets</source>
            <translation>人员与网点</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="98" />
            <source>outlet,site,location,coverage,MCLP,p-median,allocation,capacity,网点,选址,覆盖</source>
            <translation>outlet,site,location,coverage,MCLP,p-median,allocation,capacity,网点,选址,覆盖,中位,容量,分配</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="102" />
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
            <location filename="../../algorithms/site_outlets.py" line="128" />
            <source>Service grids (polygons with population)</source>
            <translation>服务网格（含人口的面）</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="131" />
            <source>Existing outlets (points; kept)</source>
            <translation>现有网点（点；保留）</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="134" />
            <source>Candidate sites for new outlets (points)</source>
            <translation>新网点候选位置（点）</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="137" />
            <source>Number of new outlets</source>
            <translation>新增网点数</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="169" />
            <source>Method</source>
            <translation>方法</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="140" />
            <source>Coverage: most people within the service radius</source>
            <translation>覆盖：服务半径内人口最多</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="140" />
            <source>p-median: shortest population-weighted distance</source>
            <translation>p-中位：人口加权距离最短</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="144" />
            <source>Service radius (m)</source>
            <translation>服务半径（米）</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="149" />
            <source>Capacity-aware assignment (outlet capacity in staff)</source>
            <translation>按容量分配（网点容量以人员数计）</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="152" />
            <source>Outlets (existing and new)</source>
            <translation>网点（现有与新增）</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="155" />
            <source>Grids with their outlet</source>
            <translation>网格及其服务网点</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="158" />
            <source>Also store the result in this project GeoPackage (grids: its grids layer; outlets: its outlets layer)</source>
            <translation>同时将结果保存到此项目 GeoPackage（网格：其网格图层；网点：其网点图层）</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="162" />
            <source>Population within the service radius</source>
            <translation>服务半径内人口</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="163" />
            <source>Share of the population within the radius</source>
            <translation>半径内人口占比</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="164" />
            <source>Population-weighted mean distance (m)</source>
            <translation>人口加权平均距离（米）</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="165" />
            <source>Objective</source>
            <translation>目标值</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="166" />
            <source>Gap to the bound (0 = proven optimal)</source>
            <translation>与界限的差距（0 = 已证明最优）</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="182" />
            <source>The service radius must be above 0 m.</source>
            <translation>服务半径必须大于 0 米。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="191" />
            <source>The candidate layer has no sites: add candidate points for new outlets, or set the number of new outlets to 0.</source>
            <translation>候选图层中没有位置：请添加新网点候选点，或将新增网点数设为 0。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="195" />
            <source>{p} new outlets were asked for (NEW_OUTLETS) but the candidate layer has only {m} sites: lower the number or add candidates.</source>
            <translation>要求新增 {p} 个网点（NEW_OUTLETS），但候选图层只有 {m} 个位置：请减少数量或添加候选点。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="247" />
            <source>grids</source>
            <translation>网格</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="249" />
            <source>Layer '{layer}' does not hold polygons, but GRIDS must be the service grids (polygons with their population), e.g. the output of 'Build service grids'.</source>
            <translation>图层“{layer}”不是面图层，但 GRIDS 必须是服务网格（含人口的面），例如“生成服务网格”的输出。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="254" />
            <source>Layer '{layer}' has no features. Choose the layer of your service grids with their population.</source>
            <translation>图层“{layer}”没有要素。请选择含人口的服务网格图层。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="266" />
            <source>Layer '{layer}' has no population field (population, pop, 人口…). Add the number of residents of each grid in a field named population. Its fields are: {fields}.</source>
            <translation>图层“{layer}”没有人口字段（population、pop、人口……）。请在名为 population 的字段中填写每个网格的常住人口。该图层的字段有：{fields}。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="290" />
            <source>Field '{field}' of layer '{layer}' must hold a population of 0 or more, but {n} grid(s) have other values: {ids}. Correct them, then run again.</source>
            <translation>图层“{layer}”的字段“{field}”应为 0 或以上的人口数，但有 {n} 个网格的值不符合：{ids}。请更正后重新运行。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="296" />
            <source>{n} grid(s) have no population and count as 0: {ids}.</source>
            <translation>{n} 个网格没有人口，按 0 计：{ids}。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="302" />
            <source>{n} grid(s) of layer '{layer}' have no geometry: {ids}. Fix or remove them, then run again.</source>
            <translation>图层“{layer}”中有 {n} 个网格没有几何：{ids}。请修复或删除后重新运行。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="325" />
            <source>Layer '{layer}' ({param}) holds {kind} geometries, but outlets and candidate sites must be points. Choose a point layer (or make points with 'Centroids' or 'Point on surface').</source>
            <translation>图层“{layer}”（{param}）的几何类型为 {kind}，但网点和候选位置必须是点。请选择点图层（或用“质心”或“面上点”工具生成点）。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="345" />
            <source>{n} feature(s) of layer '{layer}' have no location or more than one point (feature ids {fids}). Fix their location, then run again.</source>
            <translation>图层“{layer}”中有 {n} 个要素没有位置或包含多个点（要素编号 {fids}）。请修正其位置后重新运行。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="369" />
            <source>{n} closed outlet(s) were left out.</source>
            <translation>已排除 {n} 个已关闭的网点。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="394" />
            <source>Id field '{field}' of layer '{layer}' is empty for {n} site(s) (feature ids {fids}). Give every candidate an id, then run again.</source>
            <translation>图层“{layer}”的编号字段“{field}”有 {n} 个位置为空（要素编号 {fids}）。请为每个候选点填写编号后重新运行。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="403" />
            <source>Id field '{field}' of layer '{layer}' must be unique, but these ids occur more than once: {ids}.</source>
            <translation>图层“{layer}”的编号字段“{field}”必须唯一，但以下编号出现了多次：{ids}。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="417" />
            <source>Capacity of candidate site (feature id {fid}) in layer '{layer}' is not a number: {value!r}.</source>
            <translation>图层“{layer}”中候选位置（要素编号 {fid}）的容量不是数字：{value!r}。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="439" />
            <source>The capacity-aware assignment needs outlet capacities (staff), but neither the outlets nor the candidates have a capacity field with values. Add a capacity field (staff the outlet can host) or switch the option off.</source>
            <translation>按容量分配需要网点容量（人员数），但网点和候选点都没有含数值的容量字段。请添加容量字段（网点可容纳的人员数），或关闭该选项。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="445" />
            <source>{n} outlet(s) or site(s) without a capacity count with the median capacity, {value:g} staff.</source>
            <translation>{n} 个网点或候选位置没有容量，按容量中位数 {value:g} 人计。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="455" />
            <source>Capacity in people = staff × {value:,.0f} (the mean capacity of the project's active staff).</source>
            <translation>以人口计的容量 = 人员数 × {value:,.0f}（项目在岗人员容量的平均值）。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="460" />
            <source>Capacity in people = staff × {value:,.0f} (the default population one person serves).</source>
            <translation>以人口计的容量 = 人员数 × {value:,.0f}（每人默认可服务人口）。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="495" />
            <source>Candidate ids also used by existing outlets got the prefix 'new-': {ids}.</source>
            <translation>与现有网点编号相同的候选点编号已加前缀“new-”：{ids}。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="579" />
            <source>To store the result in a project GeoPackage, site outlets for the project's own grids layer (it has the field grid_id).</source>
            <translation>要把结果保存到项目 GeoPackage，请对该项目自己的网格图层（含 grid_id 字段）进行网点选址。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="590" />
            <source>Outlets already in the project were updated: {ids}.</source>
            <translation>已更新项目中已有的网点：{ids}。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="593" />
            <source>{n} grid(s) are not in the project and were not stored.</source>
            <translation>{n} 个网格不在项目中，未保存。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="596" />
            <source>Stored in {path}: {added} new planned outlet(s), {updated} updated; {grids} grids carry their outlet id.</source>
            <translation>已保存到 {path}：新增 {added} 个规划网点，更新 {updated} 个；{grids} 个网格已写入网点编号。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="604" />
            <source>greedy start, fast interchange and variable neighbourhood search, {swaps} swaps</source>
            <translation>贪心构造、快速交换与变邻域搜索，交换 {swaps} 次</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="606" />
            <source>exact, HiGHS MILP</source>
            <translation>精确求解，HiGHS 混合整数规划</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="607" />
            <source>LP relaxation and MILP with HiGHS</source>
            <translation>HiGHS 线性松弛与混合整数规划</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="608" />
            <source>existing outlets only</source>
            <translation>仅现有网点</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="609" />
            <source>every candidate</source>
            <translation>全部候选点</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="610" />
            <source>no population</source>
            <translation>无人口</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="616" />
            <source>New outlets: {ids}.</source>
            <translation>新网点：{ids}。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="618" />
            <source>{covered:,.0f} of {total:,.0f} people ({share:.1%}) live within {radius:,.0f} m of an outlet; population-weighted mean distance {mean:,.0f} m.</source>
            <translation>{total:,.0f} 人中有 {covered:,.0f} 人（{share:.1%}）住在距网点 {radius:,.0f} 米以内；人口加权平均距离 {mean:,.0f} 米。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="624" />
            <source>Method {method} ({solver}): objective {objective:,.0f}; at most {gap:.2%} from the optimum (bound {bound:,.0f}).</source>
            <translation>方法 {method}（{solver}）：目标值 {objective:,.0f}；与最优解相差至多 {gap:.2%}（界限 {bound:,.0f}）。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="630" />
            <source>Method {method} ({solver}): objective {objective:,.0f}.</source>
            <translation>方法 {method}（{solver}）：目标值 {objective:,.0f}。</translation>
        </message>
        <message>
            <location filename="../../algorithms/site_outlets.py" line="637" />
            <source>{n} outlet(s) serve more people than their capacity: {ids}.</source>
            <translation>{n} 个网点服务的人口超过其容量：{ids}。</translation>
        </message>
    </context>
    <context>
        <name>core</name>
        <message>
            <location filename="../../algorithms/core/siting.py" line="892" />
            <source>The capacity-aware siting model could not be solved: switch the capacity off.</source>
            <translation>按容量的选址模型无法求解：请关闭按容量分配。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/siting.py" line="1241" />
            <source>The outlets have no capacity: give them a capacity (staff) above 0 or switch off the capacity-aware assignment.</source>
            <translation>网点没有容量：请为网点设置大于 0 的容量（人员数），或关闭按容量分配。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/siting.py" line="1074" />
            <source>The outlets can serve {cap:,.0f} people but {pop:,.0f} live in the grids (short by {short:,.0f}): every outlet was loaded up to {pct:.0%} of its capacity.</source>
            <translation>网点可服务 {cap:,.0f} 人，但网格内住有 {pop:,.0f} 人（缺口 {short:,.0f}）：每个网点的负荷最高为其容量的 {pct:.0%}。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/siting.py" line="1081" />
            <source>{people:,.0f} people could not be placed within capacity (grids too large for the capacity left near them): their outlets are loaded above capacity.</source>
            <translation>有 {people:,.0f} 人无法在容量内安排（网格大于附近网点的剩余容量）：相应网点超出容量。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/siting.py" line="1125" />
            <source>Unknown siting method '{method}': use coverage or pmedian.</source>
            <translation>未知的选址方法“{method}”：请使用 coverage 或 pmedian。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/siting.py" line="1128" />
            <source>There are no grids to serve: choose a layer of grids with their population.</source>
            <translation>没有需要服务的网格：请选择含人口的网格图层。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/siting.py" line="1131" />
            <source>The number of new outlets cannot be negative.</source>
            <translation>新增网点数不能为负数。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/siting.py" line="1133" />
            <source>The candidate layer has no sites: add candidate points for new outlets, or ask for 0 new outlets.</source>
            <translation>候选图层中没有位置：请添加新网点候选点，或将新增网点数设为 0。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/siting.py" line="1137" />
            <source>{p} new outlets were asked for but there are only {m} candidate sites: lower the number of new outlets or add candidates.</source>
            <translation>要求新增 {p} 个网点，但只有 {m} 个候选位置：请减少新增网点数或添加候选点。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/siting.py" line="1141" />
            <source>There are no existing outlets and no new outlets were asked for: ask for at least one new outlet.</source>
            <translation>既没有现有网点，也没有要求新增网点：请至少新增一个网点。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/siting.py" line="1145" />
            <source>Population must be a number of 0 or more in every grid.</source>
            <translation>每个网格的人口都必须是 0 或以上的数字。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/siting.py" line="1148" />
            <source>The service radius must be above 0 m.</source>
            <translation>服务半径必须大于 0 米。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/siting.py" line="1151" />
            <source>Capacity-aware assignment needs the capacity of every existing outlet.</source>
            <translation>按容量分配需要每个现有网点的容量。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/siting.py" line="1154" />
            <source>Capacity-aware assignment needs the capacity of every candidate site.</source>
            <translation>按容量分配需要每个候选位置的容量。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/siting.py" line="1159" />
            <source>Capacities must be numbers of 0 or more.</source>
            <translation>容量必须是 0 或以上的数字。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/siting_store.py" line="86" />
            <source>The grids were assigned to outlets that are not in the project's outlets layer: {ids}. To store the result in the project, use the project's own outlets layer as existing outlets.</source>
            <translation>网格被分配到了不在项目网点图层中的网点：{ids}。要把结果保存到项目，请以项目自己的网点图层作为现有网点。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/siting_store.py" line="136" />
            <source>None of the grids is in the project {path}: to store the result there, site outlets for the project's own grids layer.</source>
            <translation>没有任何网格在项目 {path} 中：要保存到该项目，请对项目自己的网格图层进行网点选址。</translation>
        </message>
    </context>
</TS>