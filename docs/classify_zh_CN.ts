<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>ClassifyGridsAlgorithm</name>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="125" />
        <source>Classify service grids</source>
        <translation>服务网格分类</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="227" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="134" />
        <source>classify,density,income,demand,products,strategy,分类,密度,收入,需求,产品,策略</source>
        <translation>分类,密度,收入,需求,产品,策略,网格,classify,density,income,demand,products,strategy</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="138" />
        <source>Classifies service grids (e.g. the output of 'Build service grids') and adds five columns: density_class, income_tier, demand_index, products and strategy. Columns of the same names are replaced.

Needs a population field and a density (people/km²) or an area field (km²); without them the area is measured from the geometry (a layer in degrees is measured in its UTM zone). Income, elderly and youth shares, enterprises and existing customers are optional: fields with our names are used when present.

Density class: urban core from 10,000 people/km², urban from 3,000, suburban from 500, else rural.

Income tier (per-capita income, CNY/year): relative to the study area (default) by the grid's population-weighted percentile rank (high from the 80th, basic below the 40th: the national income quintiles), or absolute (high from 95,000, basic below 33,000). No income: no tier.

Demand index (0–100) = 100 × Σ weight × score / Σ weight, over the inputs the grid has (missing ones drop out and the weights are renormalised). Scores: population, income, elderly share, youth share and enterprises each divided by the study area's 95th percentile (capped at 1); penetration gap = 1 − (customers per resident ÷ its 95th percentile). Default weights 0.30, 0.20, 0.10, 0.10, 0.15, 0.15.

Products (comma-separated codes): elderly share ≥ 0.20 → pension, health; youth share ≥ 0.30 → health, accident, travel; high income → premium_medical, wealth; ≥ 20 enterprises per 1,000 residents → group_benefits, commercial_property; basic income → inclusive_health, accident; none of these → health, accident.

Strategy: branch_premium (branch + premium advisors) for high-income urban core and urban grids; center_team (service centre + agent team) for other urban-core grids; point_agents (service point + agents) for other urban grids, suburban high/middle and rural high; mobile_basic (mobile service + basic products) for suburban basic and rural middle/basic. A grid without income counts as middle.</source>
        <translation>对服务网格（例如“划分服务网格”的输出）进行分类，并添加五列：density_class（密度等级）、income_tier（收入层级）、demand_index（需求指数）、products（推荐产品）和 strategy（服务策略）。同名的已有列将被替换。

需要人口字段，以及人口密度（人/平方公里）或面积（平方公里）字段；若没有，则按几何图形量算面积（以度为单位的图层在其所在 UTM 带中量算）。收入、老年和青年人口占比、企业数和现有客户数为可选项：图层中有同名字段时自动使用。

密度等级：每平方公里 10,000 人及以上为城市核心，3,000 人及以上为城区，500 人及以上为城郊，其余为农村。

收入层级（人均年收入，元）：默认按网格在研究区内的人口加权百分位排名（第 80 百分位及以上为高收入，第 40 百分位以下为基本收入，对应全国居民收入五等份），或按绝对值（95,000 元及以上为高收入，33,000 元以下为基本收入）。无收入数据的网格不分层级。

需求指数（0–100）= 100 × Σ 权重 × 得分 / Σ 权重，只计网格已有数据的指标（缺失的指标不计入，权重重新归一化）。得分：人口、收入、老年人口占比、青年人口占比和企业数分别除以研究区的第 95 百分位数（最高为 1）；渗透缺口 = 1 −（每位居民的客户数 ÷ 其第 95 百分位数）。默认权重 0.30、0.20、0.10、0.10、0.15、0.15。

推荐产品（以逗号分隔的代码）：老年人口占比 ≥ 0.20 → pension、health；青年人口占比 ≥ 0.30 → health、accident、travel；高收入 → premium_medical、wealth；每千名居民企业数 ≥ 20 → group_benefits、commercial_property；基本收入 → inclusive_health、accident；以上均不满足 → health、accident。

服务策略：高收入的城市核心和城区网格为 branch_premium（分支机构+高端顾问）；其他城市核心网格为 center_team（服务中心+代理人团队）；其他城区网格、城郊高收入/中等收入网格和农村高收入网格为 point_agents（服务点+代理人）；城郊基本收入网格和农村中等收入/基本收入网格为 mobile_basic（流动服务+基础产品）。无收入数据的网格按中等收入处理。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="169" />
        <source>Service grids (polygons)</source>
        <translation>服务网格（面）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="174" />
        <source>Population field (required; 'population' if empty)</source>
        <translation>人口字段（必需；留空则使用“population”）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="178" />
        <source>Density field (people/km²)</source>
        <translation>人口密度字段（人/平方公里）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="179" />
        <source>Area field (km²; measured from the geometry if empty)</source>
        <translation>面积字段（平方公里；留空则按几何图形量算）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="180" />
        <source>Income per capita field (CNY/year)</source>
        <translation>人均年收入字段（元/年）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="181" />
        <source>Elderly share field (60+, 0–1 or %)</source>
        <translation>老年人口占比字段（60 岁及以上，0–1 或 %）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="182" />
        <source>Youth share field (0–1 or %)</source>
        <translation>青年人口占比字段（0–1 或 %）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="183" />
        <source>Enterprises field</source>
        <translation>企业数字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="184" />
        <source>Existing customers field</source>
        <translation>现有客户数字段</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="192" />
        <source>Urban core from (people/km²)</source>
        <translation>城市核心起点（人/平方公里）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="193" />
        <source>Urban from (people/km²)</source>
        <translation>城区起点（人/平方公里）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="194" />
        <source>Suburban from (people/km²; rural below)</source>
        <translation>城郊起点（人/平方公里；以下为农村）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="195" />
        <source>Absolute mode: high income from (CNY/year)</source>
        <translation>绝对模式：高收入起点（元/年）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="196" />
        <source>Absolute mode: basic income below (CNY/year)</source>
        <translation>绝对模式：基本收入上限（低于此值，元/年）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="197" />
        <source>Relative mode: high income from percentile (population-weighted)</source>
        <translation>相对模式：高收入起点百分位（人口加权）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="199" />
        <source>Relative mode: basic income below percentile (population-weighted)</source>
        <translation>相对模式：基本收入上限百分位（低于此值，人口加权）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="201" />
        <source>Ageing grid from elderly share (0–1)</source>
        <translation>老龄化网格起点：老年人口占比（0–1）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="202" />
        <source>Young grid from youth share (0–1)</source>
        <translation>青年网格起点：青年人口占比（0–1）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="203" />
        <source>Business grid from enterprises per 1,000 residents</source>
        <translation>企业密集网格起点：每千名居民企业数</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="204" />
        <source>Demand weight: population (workload)</source>
        <translation>需求权重：人口（工作量）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="205" />
        <source>Demand weight: income</source>
        <translation>需求权重：收入</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="206" />
        <source>Demand weight: elderly share</source>
        <translation>需求权重：老年人口占比</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="207" />
        <source>Demand weight: youth share</source>
        <translation>需求权重：青年人口占比</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="208" />
        <source>Demand weight: enterprises</source>
        <translation>需求权重：企业数</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="209" />
        <source>Demand weight: penetration gap (few customers per resident)</source>
        <translation>需求权重：渗透缺口（每位居民客户数少）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="214" />
        <source>Income tiers</source>
        <translation>收入层级</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="214" />
        <source>Relative to the study area (population-weighted percentiles)</source>
        <translation>相对于研究区（人口加权百分位）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="214" />
        <source>Absolute (CNY per person and year)</source>
        <translation>绝对值（元/人/年）</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="225" />
        <source>Classified grids</source>
        <translation>分类后的网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="228" />
        <source>Grids in density class {code}</source>
        <translation>密度等级为 {code} 的网格数</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="229" />
        <source>Grids in income tier {code}</source>
        <translation>收入层级为 {code} 的网格数</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="230" />
        <source>Grids with strategy {code}</source>
        <translation>服务策略为 {code} 的网格数</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="235" />
        <source>Grids without income</source>
        <translation>无收入数据的网格数</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="254" />
        <source>grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="256" />
        <source>Layer '{layer}' does not hold polygons, but service grids must be polygons. Choose the grids layer (e.g. the output of 'Build service grids').</source>
        <translation>图层“{layer}”不是面图层，但服务网格必须是面。请选择网格图层（例如“划分服务网格”的输出）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="332" />
        <source>Layer '{layer}' has no features. Choose a layer of service grids with their population (e.g. the output of 'Build service grids').</source>
        <translation>图层“{layer}”中没有要素。请选择包含人口数据的服务网格图层（例如“划分服务网格”的输出）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="350" />
        <source>The grids layer has no population field. Choose the field that holds the number of residents (POPULATION_FIELD). Its fields are: {fields}.</source>
        <translation>网格图层没有人口字段。请选择记录常住人口数的字段（POPULATION_FIELD）。该图层的字段有：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="355" />
        <source>Population field '{field}' not found in the grids layer. Its fields are: {fields}. Choose the field that holds the number of residents.</source>
        <translation>在网格图层中未找到人口字段“{field}”。该图层的字段有：{fields}。请选择记录常住人口数的字段。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="364" />
        <source>Field '{field}' ({param}) not found in the grids layer. Its fields are: {fields}.</source>
        <translation>在网格图层中未找到字段“{field}”（{param}）。该图层的字段有：{fields}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="375" />
        <source>Using field '{user}' for {ours}.</source>
        <translation>已将字段“{user}”用作 {ours}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="407" />
        <source>Field '{field}' of layer '{layer}' must hold numbers, but {n} grid(s) have other text: {ids} (values: {values}). Correct these values or choose another field.</source>
        <translation>图层“{layer}”的字段“{field}”必须为数值，但有 {n} 个网格含有非数字文本：{ids}（值：{values}）。请更正这些值或另选字段。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="418" />
        <source>Field '{field}' looks like percentages (0–100); it was divided by 100 to give shares (0–1).</source>
        <translation>字段“{field}”看起来是百分数（0–100），已除以 100 换算为占比（0–1）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="438" />
        <source>Layer '{layer}' is in a geographic CRS ({src}); areas were measured in metres in {dst} ({name}).</source>
        <translation>图层“{layer}”使用地理坐标系（{src}）；面积已在 {dst}（{name}）中以米为单位量算。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="474" />
        <source>{n} grid(s) have neither a density, an area nor a geometry to measure: {ids}. Give them a geometry or an area, then run again.</source>
        <translation>有 {n} 个网格既没有人口密度和面积，也没有可量算的几何图形：{ids}。请为其补充几何图形或面积后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="478" />
        <source>Area measured from the geometry for {n} grid(s) (no density or area value), in {crs}.</source>
        <translation>已按几何图形为 {n} 个网格量算面积（无人口密度或面积值），坐标系为 {crs}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="525" />
        <source>Density classes: {counts}.</source>
        <translation>密度等级：{counts}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="527" />
        <source>Income tiers: {counts}; without income: {unknown}.</source>
        <translation>收入层级：{counts}；无收入数据：{unknown}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="535" />
        <source>Relative income tiers: high from {high} CNY, basic up to {basic} CNY per person and year.</source>
        <translation>相对收入层级：高收入起点 {high} 元，基本收入最高 {basic} 元（人均每年）。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="540" />
        <source>Strategies: {counts}.</source>
        <translation>服务策略：{counts}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/classify_grids.py" line="545" />
        <source>Not in the layer, left out of the demand index and product rules: {fields}.</source>
        <translation>图层中没有以下字段，需求指数和产品规则未使用它们：{fields}。</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <location filename="../../algorithms/core/classify.py" line="212" />
        <source>Classification rule '{name}' must be a number, not {value}.</source>
        <translation>分类规则“{name}”必须为数值，而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="216" />
        <source>Density thresholds must rise from suburban to urban to urban core, all above 0, but they are suburban {suburban}, urban {urban}, urban core {core} people/km². Correct them, e.g. 500, 3000, 10000.</source>
        <translation>密度阈值必须从城郊、城区到城市核心依次增大且均大于 0，但当前为：城郊 {suburban}、城区 {urban}、城市核心 {core} 人/平方公里。请更正，例如 500、3000、10000。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="223" />
        <source>Income mode must be one of {modes}, not '{mode}'.</source>
        <translation>收入模式必须是 {modes} 之一，而不是“{mode}”。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="228" />
        <source>Income percentiles must satisfy 0 &lt; basic &lt; high &lt; 100, but basic is {basic} and high is {high}. Correct them, e.g. basic 40 and high 80.</source>
        <translation>收入百分位必须满足 0 &lt; 基本 &lt; 高 &lt; 100，但当前基本为 {basic}、高为 {high}。请更正，例如基本 40、高 80。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="234" />
        <source>Income thresholds must satisfy 0 &lt; basic &lt; high, but basic is {basic} and high is {high} CNY per person and year. Correct them, e.g. basic 33000 and high 95000.</source>
        <translation>收入阈值必须满足 0 &lt; 基本 &lt; 高，但当前基本为 {basic}、高为 {high} 元/人/年。请更正，例如基本 33000、高 95000。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="241" />
        <source>Share threshold '{name}' must be above 0 and at most 1 (e.g. 0.2 for 20 %), not {value}.</source>
        <translation>占比阈值“{name}”必须大于 0 且不超过 1（例如 0.2 表示 20 %），而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="245" />
        <source>The enterprise density threshold must be above 0 enterprises per 1,000 residents, not {value}.</source>
        <translation>企业密度阈值必须大于每千名居民 0 家企业，而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="250" />
        <source>Demand-index weights must be 0 or more and not all 0, but they are: {weights}.</source>
        <translation>需求指数权重必须大于或等于 0 且不能全为 0，但当前为：{weights}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="255" />
        <source>The reference percentile of the demand index must be between 50 and 100, not {value}.</source>
        <translation>需求指数的参照百分位必须在 50 到 100 之间，而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="261" />
        <source>The strategy table has no known strategy for: {cells}. Use one of: {codes}.</source>
        <translation>服务策略表中以下组合没有已知策略：{cells}。请使用以下之一：{codes}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="446" />
        <source>A population field is required to classify grids: choose it in 'Population field'.</source>
        <translation>网格分类需要人口字段：请在“人口字段”中选择。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="464" />
        <source>Field '{field}' is empty (NULL) for {n} grid(s): {ids}. Every grid needs a population: enter 0 where nobody lives, then run again.</source>
        <translation>字段“{field}”有 {n} 个网格为空（NULL）：{ids}。每个网格都需要人口数：无人居住处请填 0，然后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="472" />
        <source>Field '{field}' has negative values for {n} grid(s): {ids}. Counts, areas, incomes and shares cannot be negative: correct them, then run again.</source>
        <translation>字段“{field}”有 {n} 个网格为负值：{ids}。数量、面积、收入和占比不能为负：请更正后重新运行。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="480" />
        <source>Field '{field}' must be a share between 0 and 1 (0.21 for 21 %), but {n} grid(s) are above 1: {ids}.</source>
        <translation>字段“{field}”必须是 0 到 1 之间的占比（21 % 填 0.21），但有 {n} 个网格大于 1：{ids}。</translation>
    </message>
    <message>
        <location filename="../../algorithms/core/classify.py" line="504" />
        <source>The density of {n} grid(s) cannot be computed: {ids}. They have residents but no density value ({density}) and no area above 0 ({area}). Give them a density or an area in km², or a geometry with an area, then run again.</source>
        <translation>无法计算 {n} 个网格的人口密度：{ids}。这些网格有居民，但没有人口密度值（{density}），也没有大于 0 的面积（{area}）。请为其补充人口密度、以平方公里计的面积或有面积的几何图形，然后重新运行。</translation>
    </message>
</context>
</TS>