<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
    <context>
        <name>BuildCellGridAlgorithm</name>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="75" />
            <source>Build cell grid (squares or hexagons)</source>
            <translation>生成格网（正方形或六边形）</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="78" />
            <source>Grids</source>
            <translation>网格</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="84" />
            <source>grid,cells,square,hexagon,quadtree,population,density,网格,格网,蜂窝</source>
            <translation>格网,网格,正方形,六边形,蜂窝,四叉树,人口,密度,grid,cells,square,hexagon,quadtree</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="88" />
            <source>Covers the boundary with square or hexagonal cells and adds up the population in each: points are summed, polygons (communities) are shared out by area. A cell with more people than the maximum population is split into cells of half the size (a square into four; a hexagon into half-size hexagons), again and again while the cells stay at least the minimum size, so cells are small in dense cores and large in the countryside.

Sizes are in the layer's units (metres for a layer in degrees, which is reprojected to its UTM zone). A hexagon's size is the width across its flat sides. Without a boundary the cells cover the polygons, or the extent of the points. With several boundary polygons (e.g. streets) no cell crosses from one into another, and their id is written to 'nest'.

Cell ids are C&lt;level&gt;-&lt;row&gt;-&lt;column&gt;, e.g. C0-004-017 (level 0 = full size; rows north to south, columns west to east). The cells' populations are whole numbers that add up exactly to the population inside the boundary. Income is the population-weighted mean.

Results: CELL_COUNT, POPULATION and MAX_CELL_POPULATION.</source>
            <translation>用正方形或六边形格网覆盖边界范围，并统计每个格子的人口：点要素直接求和，面要素（社区）按面积比例分摊。人口超过“每格最大人口”的格子被拆分为边长减半的格子（正方形一分为四；六边形拆分为半尺寸的六边形），只要格子不小于最小格子尺寸就继续拆分，因此人口密集的中心区格子小、农村地区格子大。

尺寸使用图层的单位（以度为单位的图层会被投影到其所在的 UTM 带，尺寸按米计）。六边形的尺寸指两条平行边之间的宽度。未指定边界时，格网覆盖全部面要素，或点要素的范围。有多个边界面（例如街道）时，格子不会跨越边界，边界编号写入“nest”字段。

格子编号为 C&lt;层级&gt;-&lt;行&gt;-&lt;列&gt;，例如 C0-004-017（层级 0 为原始尺寸；行从北到南，列从西到东）。各格人口为整数，合计恰好等于边界内的总人口。收入为按人口加权的平均值。

结果：CELL_COUNT、POPULATION 和 MAX_CELL_POPULATION。</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="107" />
            <source>Population (points or polygons)</source>
            <translation>人口图层（点或面）</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="111" />
            <source>Population field</source>
            <translation>人口字段</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="114" />
            <source>Income per capita field</source>
            <translation>人均收入字段</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="117" />
            <source>Cell shape</source>
            <translation>格子形状</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="117" />
            <source>Square</source>
            <translation>正方形</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="117" />
            <source>Hexagon</source>
            <translation>六边形</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="120" />
            <source>Cell size</source>
            <translation>格子尺寸</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="120" />
            <source>Minimum cell size (dense cells are split down to it)</source>
            <translation>最小格子尺寸（密集格子最多拆分到此尺寸）</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="128" />
            <source>Maximum population per cell (0 = never split)</source>
            <translation>每格最大人口（0 = 不拆分）</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="131" />
            <source>Boundary (polygons; optional)</source>
            <translation>边界（面，可选）</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="134" />
            <source>Cell grid</source>
            <translation>格网</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="136" />
            <source>Cells</source>
            <translation>格子数</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="137" />
            <source>Total population</source>
            <translation>总人口</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="138" />
            <source>Largest cell population</source>
            <translation>最大格子人口</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="148" />
            <source>population</source>
            <translation>人口</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="151" />
            <source>Layer '{layer}' holds neither points nor polygons. Choose a layer of points (e.g. buildings or addresses with residents) or polygons (communities) with their population.</source>
            <translation>图层“{layer}”既不是点图层也不是面图层。请选择带人口的点图层（如有居民的建筑或门址）或面图层（社区）。</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="156" />
            <source>Layer '{layer}' has no features. Choose a layer of points or polygons with their population.</source>
            <translation>图层“{layer}”没有要素。请选择带人口的点图层或面图层。</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="162" />
            <source>The cell sizes are read in metres of {crs}.</source>
            <translation>格子尺寸按 {crs} 的米为单位解读。</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="213" />
            <source>Field '{field}' ({param}) not found in layer '{layer}'. Its fields are: {fields}.</source>
            <translation>图层“{layer}”中找不到字段“{field}”（{param}）。该图层的字段为：{fields}。</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="219" />
            <source>Choose the population field (POPULATION_FIELD).</source>
            <translation>请选择人口字段（POPULATION_FIELD）。</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="225" />
            <source>Using field '{user}' for {ours}.</source>
            <translation>使用字段“{user}”作为 {ours}。</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="234" />
            <source>boundary</source>
            <translation>边界</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="248" />
            <source>{n} boundary polygons; cells never cross from one into another, and 'nest' holds the boundary's {field}.</source>
            <translation>共 {n} 个边界面；格子不会跨越边界，“nest”字段记录边界的{field}。</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="248" />
            <source>feature id</source>
            <translation>要素编号</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="276" />
            <source>{cells:,} cells holding {pop:,} people; largest cell {largest:,}. Cells made per level (0 = full size): {levels}.</source>
            <translation>共 {cells:,} 个格子，人口 {pop:,}；最大格子人口 {largest:,}。各层级生成的格子数（0 = 原始尺寸）：{levels}。</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="282" />
            <source>{n} cell(s) still have more than {max:,.0f} people at the minimum cell size: lower the minimum cell size to split them further.</source>
            <translation>{n} 个格子在最小尺寸下人口仍超过 {max:,.0f}：如需继续拆分，请减小最小格子尺寸。</translation>
        </message>
        <message>
            <location filename="../../algorithms/build_cell_grid.py" line="287" />
            <source>{people:,.0f} people of '{layer}' are outside the boundary and were not counted.</source>
            <translation>图层“{layer}”中有 {people:,.0f} 人位于边界之外，未计入。</translation>
        </message>
    </context>
    <context>
        <name>core</name>
        <message>
            <location filename="../../algorithms/core/cellgrid.py" line="118" />
            <source>Layer '{layer}' has no features. Choose a layer of points or polygons with their population.</source>
            <translation>图层“{layer}”没有要素。请选择带人口的点图层或面图层。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/cellgrid.py" line="133" />
            <source>Multi-point features were split into their points, each with an equal share of the feature's population.</source>
            <translation>多点要素已拆分为单点，每个点平分该要素的人口。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/cellgrid.py" line="187" />
            <source>Layer '{layer}' has {n} feature(s) without a location: {ids}. Place or delete them, then run again.</source>
            <translation>图层“{layer}”有 {n} 个要素没有位置：{ids}。请补充位置或删除这些要素后重新运行。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/cellgrid.py" line="200" />
            <source>The boundary layer '{layer}' has no features. Choose a polygon layer with the area to cover, or leave 'Boundary' empty.</source>
            <translation>边界图层“{layer}”没有要素。请选择包含覆盖范围的面图层，或将“边界”留空。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/cellgrid.py" line="241" />
            <source>Boundary polygons of '{layer}' overlap ({pairs}); each overlap was given to the first of the two in id order.</source>
            <translation>图层“{layer}”的边界面相互重叠（{pairs}）；重叠部分已划归编号在前的边界。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/cellgrid.py" line="632" />
            <source>The cell size and the minimum cell size must be greater than 0.</source>
            <translation>格子尺寸和最小格子尺寸必须大于 0。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/cellgrid.py" line="635" />
            <source>The minimum cell size ({min}) is larger than the cell size ({size}). Cells are only ever split into smaller ones: choose a minimum cell size no larger than the cell size.</source>
            <translation>最小格子尺寸（{min}）大于格子尺寸（{size}）。格子只会拆分成更小的格子：请选择不大于格子尺寸的最小格子尺寸。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/cellgrid.py" line="640" />
            <source>The maximum population per cell cannot be negative (0 means: never split).</source>
            <translation>每格最大人口不能为负数（0 表示不拆分）。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/cellgrid.py" line="673" />
            <source>Cancelled: nothing was written.</source>
            <translation>已取消：未写入任何内容。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/cellgrid.py" line="684" />
            <source>Cells of {size} would make about {n} cells over the boundary, more than the limit of {limit}. Choose a cell size of at least {suggestion} (and check that it is in the layer's units, e.g. metres).</source>
            <translation>格子尺寸为 {size} 时，边界范围内约有 {n} 个格子，超过上限 {limit}。请选择不小于 {suggestion} 的格子尺寸（并确认其单位与图层一致，例如米）。</translation>
        </message>
        <message>
            <location filename="../../algorithms/core/cellgrid.py" line="714" />
            <source>Splitting dense cells down to {size} would make more than {limit} cells. Raise the minimum cell size (to {suggestion} or more) or the maximum population per cell.</source>
            <translation>把密集格子拆分到 {size} 会产生超过 {limit} 个格子。请增大最小格子尺寸（至 {suggestion} 或以上），或提高每格最大人口。</translation>
        </message>
    </context>
</TS>