<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>FeedbackDock</name>
    <message>
      <source>Customer feedback</source>
      <translation>客户反馈</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>The project GeoPackage or field package whose feedback is shown</source>
      <translation>显示其客户反馈的项目 GeoPackage 或外业包</translation>
    </message>
    <message>
      <source>GeoPackage (*.gpkg)</source>
      <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
      <source>Use the GeoPackage whose feedback layer is loaded in QGIS</source>
      <translation>使用已在 QGIS 中加载客户反馈图层的 GeoPackage</translation>
    </message>
    <message>
      <source>Loaded</source>
      <translation>已加载项目</translation>
    </message>
    <message>
      <source>Read the GeoPackage again</source>
      <translation>重新读取 GeoPackage</translation>
    </message>
    <message>
      <source>Reload</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Open a project GeoPackage or a field package.</source>
      <translation>请打开项目 GeoPackage 或外业包。</translation>
    </message>
    <message>
      <source>Feedback</source>
      <translation>客户反馈</translation>
    </message>
    <message>
      <source>Grid</source>
      <translation>网格</translation>
    </message>
    <message>
      <source>Show the feedback of one grid</source>
      <translation>只显示一个网格的反馈</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Show one category of feedback</source>
      <translation>只显示一种类别的反馈</translation>
    </message>
    <message>
      <source>Staff</source>
      <translation>人员</translation>
    </message>
    <message>
      <source>Show the feedback collected by one staff member</source>
      <translation>只显示一名人员采集的反馈</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Show open or resolved feedback</source>
      <translation>显示待处理或已解决的反馈</translation>
    </message>
    <message>
      <source>Only feedback collected on or after this day (UTC)</source>
      <translation>只显示该日（UTC）及之后采集的反馈</translation>
    </message>
    <message>
      <source>From</source>
      <translation>从</translation>
    </message>
    <message>
      <source>Only feedback collected on or before this day (UTC)</source>
      <translation>只显示该日（UTC）及之前采集的反馈</translation>
    </message>
    <message>
      <source>To</source>
      <translation>至</translation>
    </message>
    <message>
      <source>Show all feedback</source>
      <translation>显示全部反馈</translation>
    </message>
    <message>
      <source>Clear filters</source>
      <translation>清除筛选</translation>
    </message>
    <message>
      <source>Double-click a row to open its form</source>
      <translation>双击一行打开其表单</translation>
    </message>
    <message>
      <source>Per grid (for the current filter; double-click a grid to filter by it)</source>
      <translation>按网格统计（当前筛选条件；双击网格按其筛选）</translation>
    </message>
    <message>
      <source>Click on the map to add feedback there (its form opens)</source>
      <translation>在地图上点击以在该处添加反馈（将打开表单）</translation>
    </message>
    <message>
      <source>Add feedback</source>
      <translation>添加反馈</translation>
    </message>
    <message>
      <source>Mark the selected open feedback as resolved</source>
      <translation>将所选待处理反馈标记为已解决</translation>
    </message>
    <message>
      <source>Resolve</source>
      <translation>解决</translation>
    </message>
    <message>
      <source>Open the selected resolved feedback again</source>
      <translation>将所选已解决反馈重新打开</translation>
    </message>
    <message>
      <source>Reopen</source>
      <translation>重新打开</translation>
    </message>
    <message>
      <source>Zoom the map to the selected feedback</source>
      <translation>地图缩放到所选反馈</translation>
    </message>
    <message>
      <source>Zoom</source>
      <translation>缩放</translation>
    </message>
    <message>
      <source>Undo</source>
      <translation>撤销</translation>
    </message>
    <message>
      <source>Redo</source>
      <translation>重做</translation>
    </message>
    <message>
      <source>No feedback selected.</source>
      <translation>未选择反馈。</translation>
    </message>
    <message>
      <source>Sync</source>
      <translation>同步</translation>
    </message>
    <message>
      <source>Field packages returned by staff (files, or folders of .gpkg files):</source>
      <translation>人员交回的外业包（文件，或含 .gpkg 文件的文件夹）：</translation>
    </message>
    <message>
      <source>Add files…</source>
      <translation>添加文件…</translation>
    </message>
    <message>
      <source>Add folder…</source>
      <translation>添加文件夹…</translation>
    </message>
    <message>
      <source>Remove the selected entries from the list (the files stay)</source>
      <translation>从列表中移除所选条目（文件保留）</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>移除</translation>
    </message>
    <message>
      <source>Merge the packages into this project (a backup is taken first)</source>
      <translation>将外业包合并到本项目（先自动备份）</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>What the last sync did with each package (expand a package for rejected rows and warnings)</source>
      <translation>上次同步对每个外业包的处理结果（展开可查看被拒收的记录和警告）</translation>
    </message>
    <message>
      <source>Package</source>
      <translation>外业包</translation>
    </message>
    <message>
      <source>Inserted</source>
      <translation>新增</translation>
    </message>
    <message>
      <source>Updated</source>
      <translation>更新</translation>
    </message>
    <message>
      <source>Deleted</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Conflicts</source>
      <translation>冲突</translation>
    </message>
    <message>
      <source>Rejected</source>
      <translation>拒收</translation>
    </message>
    <message>
      <source>No open conflicts.</source>
      <translation>没有待处理的冲突。</translation>
    </message>
    <message>
      <source>Column</source>
      <translation>字段</translation>
    </message>
    <message>
      <source>Office value</source>
      <translation>办公室值</translation>
    </message>
    <message>
      <source>Field value</source>
      <translation>外业值</translation>
    </message>
    <message>
      <source>Base value</source>
      <translation>原始值</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>冲突类型</translation>
    </message>
    <message>
      <source>Keep the office's value for the selected conflicts</source>
      <translation>所选冲突保留办公室的值</translation>
    </message>
    <message>
      <source>Keep office</source>
      <translation>保留办公室值</translation>
    </message>
    <message>
      <source>Write the field value into the project for the selected conflicts</source>
      <translation>所选冲突将外业值写入项目</translation>
    </message>
    <message>
      <source>Take field</source>
      <translation>采用外业值</translation>
    </message>
    <message>
      <source>All categories</source>
      <translation>全部类别</translation>
    </message>
    <message>
      <source>All</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>待处理</translation>
    </message>
    <message>
      <source>Resolved</source>
      <translation>已解决</translation>
    </message>
    <message>
      <source>All grids</source>
      <translation>全部网格</translation>
    </message>
    <message>
      <source>All staff</source>
      <translation>全部人员</translation>
    </message>
    <message>
      <source>Open a project GeoPackage or a field package</source>
      <translation>打开项目 GeoPackage 或外业包</translation>
    </message>
    <message>
      <source>No Service Grid project is loaded. Open one (Service Grid ▸ Open project GeoPackage…) or choose a project or field package above.</source>
      <translation>尚未加载服务网格项目。请打开一个项目（服务网格 ▸ 打开项目 GeoPackage…），或在上方选择项目或外业包。</translation>
    </message>
    <message>
      <source>Wait until the running sync has finished.</source>
      <translation>请等待正在进行的同步结束。</translation>
    </message>
    <message>
      <source>Cannot open {path}: {error}</source>
      <translation>无法打开 {path}：{error}</translation>
    </message>
    <message>
      <source>Cannot read {path}: {error}</source>
      <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
      <source>Field package of {staff}: {count:,} feedback, {open:,} open.</source>
      <translation>{staff} 的外业包：{count:,} 条反馈，{open:,} 条待处理。</translation>
    </message>
    <message>
      <source>{count:,} feedback in {grids:,} grids, {open:,} open.</source>
      <translation>{grids:,} 个网格中共 {count:,} 条反馈，{open:,} 条待处理。</translation>
    </message>
    <message>
      <source>(no grid)</source>
      <translation>（无网格）</translation>
    </message>
    <message>
      <source>{shown:,} of {total:,} shown</source>
      <translation>显示 {shown:,} / {total:,} 条</translation>
    </message>
    <message>
      <source>average rating {average:.2f}</source>
      <translation>平均评分 {average:.2f}</translation>
    </message>
    <message>
      <source>{count:,} selected ({open:,} open, {resolved:,} resolved).</source>
      <translation>已选 {count:,} 条（{open:,} 条待处理，{resolved:,} 条已解决）。</translation>
    </message>
    <message>
      <source>{hidden:,} hidden by the filter.</source>
      <translation>其中 {hidden:,} 条被筛选隐藏。</translation>
    </message>
    <message>
      <source>Select open feedback to resolve.</source>
      <translation>请选择要解决的待处理反馈。</translation>
    </message>
    <message>
      <source>Select resolved feedback to reopen.</source>
      <translation>请选择要重新打开的已解决反馈。</translation>
    </message>
    <message>
      <source>Resolve {count:,} feedback</source>
      <translation>解决 {count:,} 条反馈</translation>
    </message>
    <message>
      <source>Reopen {count:,} feedback</source>
      <translation>重新打开 {count:,} 条反馈</translation>
    </message>
    <message>
      <source>Save or discard the edits of {layers} first.</source>
      <translation>请先保存或放弃 {layers} 的编辑。</translation>
    </message>
    <message>
      <source>This point is outside every grid: feedback is logged inside the grids.</source>
      <translation>该点不在任何网格内：反馈只能记录在网格内。</translation>
    </message>
    <message>
      <source>The layer '{layer}' has edits that are not saved. Save or discard them first.</source>
      <translation>图层“{layer}”有未保存的编辑。请先保存或放弃。</translation>
    </message>
    <message>
      <source>The layer '{layer}' cannot be edited: is {path} read-only?</source>
      <translation>图层“{layer}”无法编辑：{path} 是否为只读？</translation>
    </message>
    <message>
      <source>This feedback is no longer in the file.</source>
      <translation>该反馈已不在文件中。</translation>
    </message>
    <message>
      <source>New feedback</source>
      <translation>新反馈</translation>
    </message>
    <message>
      <source>Edit feedback</source>
      <translation>编辑反馈</translation>
    </message>
    <message>
      <source>Could not save the feedback to {path}: {errors}</source>
      <translation>无法将反馈保存到 {path}：{errors}</translation>
    </message>
    <message>
      <source>Feedback saved in grid {grid}.</source>
      <translation>反馈已保存到网格 {grid}。</translation>
    </message>
    <message>
      <source>Field packages to sync</source>
      <translation>要同步的外业包</translation>
    </message>
    <message>
      <source>Folder of field packages</source>
      <translation>外业包所在文件夹</translation>
    </message>
    <message>
      <source>A sync is already running.</source>
      <translation>已有同步正在进行。</translation>
    </message>
    <message>
      <source>Add the field packages to sync first.</source>
      <translation>请先添加要同步的外业包。</translation>
    </message>
    <message>
      <source>Save or discard the edits of {layers} first: the sync writes the GeoPackage.</source>
      <translation>请先保存或放弃 {layers} 的编辑：同步会写入该 GeoPackage。</translation>
    </message>
    <message>
      <source>Service Grid: syncing field packages</source>
      <translation>服务网格：正在同步外业包</translation>
    </message>
    <message>
      <source>The algorithm {id} is not available.</source>
      <translation>算法 {id} 不可用。</translation>
    </message>
    <message>
      <source>Syncing {count} package entries…</source>
      <translation>正在同步 {count} 个外业包条目…</translation>
    </message>
    <message>
      <source>Sync finished: {inserted:,} inserted, {updated:,} updated, {deleted:,} deleted, {conflicts:,} conflicts, {rejected:,} rejected, {unchanged:,} unchanged.</source>
      <translation>同步完成：新增 {inserted:,}，更新 {updated:,}，删除 {deleted:,}，冲突 {conflicts:,}，拒收 {rejected:,}，未变 {unchanged:,}。</translation>
    </message>
    <message>
      <source>Backup: {path}</source>
      <translation>备份：{path}</translation>
    </message>
    <message>
      <source>cancelled</source>
      <translation>已取消</translation>
    </message>
    <message>
      <source>The sync did not finish: {reason}</source>
      <translation>同步未完成：{reason}</translation>
    </message>
    <message>
      <source>synced</source>
      <translation>已同步</translation>
    </message>
    <message>
      <source>unchanged</source>
      <translation>无变化</translation>
    </message>
    <message>
      <source>refused</source>
      <translation>已拒绝</translation>
    </message>
    <message>
      <source>Rejected {row}: {reason}</source>
      <translation>拒收 {row}：{reason}</translation>
    </message>
    <message>
      <source>changed on both sides</source>
      <translation>双方都有修改</translation>
    </message>
    <message>
      <source>changed in the field, deleted in the office</source>
      <translation>外业修改、办公室删除</translation>
    </message>
    <message>
      <source>deleted in the field, changed in the office</source>
      <translation>外业删除、办公室修改</translation>
    </message>
    <message>
      <source>inserted on both sides</source>
      <translation>双方都新增</translation>
    </message>
    <message>
      <source>Open conflicts: {count}. The office value is kept until you choose.</source>
      <translation>待处理冲突：{count} 个。在您选择之前保留办公室的值。</translation>
    </message>
    <message>
      <source>Could not resolve the conflict: {error}</source>
      <translation>无法处理该冲突：{error}</translation>
    </message>
    <message>
      <source>{count} conflicts resolved.</source>
      <translation>已处理 {count} 个冲突。</translation>
    </message>
    <message>
      <source>This is a field package: sync it from the office's project.</source>
      <translation>这是外业包：请在办公室的项目中同步它。</translation>
    </message>
  </context>
  <context>
    <name>FeedbackStore</name>
    <message>
      <source>{path} is neither a Service Grid project nor a field package (it needs a feedback layer and sg_meta).</source>
      <translation>{path} 既不是服务网格项目也不是外业包（需要客户反馈图层和 sg_meta 表）。</translation>
    </message>
  </context>
  <context>
    <name>FeedbackTableModel</name>
    <message>
      <source>Collected (UTC)</source>
      <translation>采集时间(UTC)</translation>
    </message>
    <message>
      <source>Grid</source>
      <translation>网格</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Rating</source>
      <translation>评分</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Staff</source>
      <translation>人员</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>渠道</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Claims</source>
      <translation>理赔</translation>
    </message>
    <message>
      <source>Sales inquiry</source>
      <translation>销售咨询</translation>
    </message>
    <message>
      <source>Service speed</source>
      <translation>服务速度</translation>
    </message>
    <message>
      <source>Attitude</source>
      <translation>服务态度</translation>
    </message>
    <message>
      <source>Product need</source>
      <translation>产品需求</translation>
    </message>
    <message>
      <source>Complaint</source>
      <translation>投诉</translation>
    </message>
    <message>
      <source>Praise</source>
      <translation>表扬</translation>
    </message>
    <message>
      <source>Other</source>
      <translation>其他</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>待处理</translation>
    </message>
    <message>
      <source>Resolved</source>
      <translation>已解决</translation>
    </message>
    <message>
      <source>Visit</source>
      <translation>上门</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Outlet</source>
      <translation>网点</translation>
    </message>
    <message>
      <source>Online</source>
      <translation>线上</translation>
    </message>
    <message>
      <source>Resolved at {when}</source>
      <translation>解决时间 {when}</translation>
    </message>
  </context>
  <context>
    <name>GridSummaryModel</name>
    <message>
      <source>Grid</source>
      <translation>网格</translation>
    </message>
    <message>
      <source>Feedback</source>
      <translation>反馈数</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>待处理</translation>
    </message>
    <message>
      <source>Average rating</source>
      <translation>平均评分</translation>
    </message>
    <message>
      <source>(no grid)</source>
      <translation>（无网格）</translation>
    </message>
  </context>
  <context>
    <name>ServiceGridPlugin</name>
    <message>
      <source>Customer feedback…</source>
      <translation>客户反馈…</translation>
    </message>
    <message>
      <source>Log and review customer feedback, resolve it, sync field packages</source>
      <translation>记录和查看客户反馈、处理反馈、同步外业包</translation>
    </message>
  </context>
</TS>
