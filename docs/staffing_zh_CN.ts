<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>ExportStaffingAlgorithm</name>
    <message>
      <source>Export staffing workbook (Excel)</source>
      <translation>导出人员配置表（Excel）</translation>
    </message>
    <message>
      <source>Staff and outlets</source>
      <translation>人员与网点</translation>
    </message>
    <message>
      <source>excel,xlsx,workbook,staffing,head office,report,wps,人员,配置,报表,总部</source>
      <translation>excel,xlsx,workbook,staffing,head office,report,wps,人员,配置,报表,总部,工作簿,表格</translation>
    </message>
    <message>
      <source>Writes an Excel workbook (.xlsx) for head office from the project GeoPackage, to read in Excel, WPS or LibreOffice as it is.

Summary: one row per district (the grids' nest) with grids, population, staff recommended and assigned, staff and outlet coverage, feedback, average rating and flagged grids, as formulas over the Grids sheet (edit a grid and the summary recomputes), a totals row and a chart of staff per district. Grids: every figure of each grid, its staff and outlet and its service quality. Staff: each person's grids, workload against capacity and utilisation (over 100 % in red). Outlets, Feedback (per district and category) and Notes (what each figure means).

LANGUAGE chooses Chinese or English headers (default: the language of QGIS). RESPONSE_STANDARD (minutes) is the standard of the service-quality columns. Text from the project never becomes a formula. The file is written completely or not at all; close it in Excel first when you write it again.</source>
      <translation>根据项目 GeoPackage 为总部写出 Excel 工作簿（.xlsx），可直接在 Excel、WPS 或 LibreOffice 中阅读。

汇总：每个区县（网格的上级区划）一行，包括网格数、人口、建议与已分配人员、人员覆盖率与网点覆盖率、反馈数、平均评分和需关注网格数，均为对“网格”表的公式（修改网格后汇总自动重算），并有合计行和各区县人员图表。网格：每个网格的全部数字、人员、网点和服务质量。人员：每人负责的网格、工作量与服务人口容量对比及负荷率（超过 100% 标红）。另有网点、反馈（按区县和类别）和说明（各数字的含义）。

LANGUAGE 选择中文或英文表头（默认与 QGIS 界面语言相同）。RESPONSE_STANDARD（分钟）是服务质量各列所用的响应时间标准。来自项目的文本绝不会成为公式。文件要么完整写出，要么完全不写；再次写入前请先在 Excel 中关闭它。</translation>
    </message>
    <message>
      <source>Project GeoPackage</source>
      <translation>项目 GeoPackage</translation>
    </message>
    <message>
      <source>Language of the workbook</source>
      <translation>工作簿语言</translation>
    </message>
    <message>
      <source>Same as QGIS</source>
      <translation>与 QGIS 相同</translation>
    </message>
    <message>
      <source>Response standard (minutes)</source>
      <translation>响应时间标准（分钟）</translation>
    </message>
    <message>
      <source>Staffing workbook</source>
      <translation>人员配置表</translation>
    </message>
    <message>
      <source>Excel (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <source>Grids</source>
      <translation>网格数</translation>
    </message>
    <message>
      <source>Staff</source>
      <translation>人员数</translation>
    </message>
    <message>
      <source>Outlets</source>
      <translation>服务网点数</translation>
    </message>
    <message>
      <source>Feedback rows</source>
      <translation>反馈条数</translation>
    </message>
    <message>
      <source>Districts</source>
      <translation>区县数</translation>
    </message>
    <message>
      <source>Staff over capacity</source>
      <translation>超负荷人员数</translation>
    </message>
    <message>
      <source>Flagged grids</source>
      <translation>需关注网格数</translation>
    </message>
    <message>
      <source>{n} assignments name grids that are not in the project; they are left out.</source>
      <translation>{n} 条人员分配指向项目中不存在的网格，已忽略。</translation>
    </message>
    <message>
      <source>Staffing workbook written to {path} ({language}): {districts} districts, {grids} grids, {staff} staff ({over} over capacity), {outlets} outlets, {feedback} feedback rows, {flagged} flagged grids.</source>
      <translation>人员配置表已写入 {path}（{language}）：{districts} 个区县、{grids} 个网格、{staff} 名人员（{over} 名超负荷）、{outlets} 个网点、{feedback} 条反馈、{flagged} 个需关注网格。</translation>
    </message>
  </context>
  <context>
    <name>core</name>
    <message>
      <source>{path} is not a Service Grid project GeoPackage. Choose the project file (the one made by 'Create service grid project').</source>
      <translation>{path} 不是服务网格项目 GeoPackage。请选择项目文件（由“创建服务网格项目”生成的文件）。</translation>
    </message>
    <message>
      <source>The project {path} has no grids yet. Build the grids first ('Build service grids' with the project).</source>
      <translation>项目 {path} 还没有网格。请先划分网格（对该项目运行“划分服务网格”）。</translation>
    </message>
    <message>
      <source>Writing Excel workbooks needs the Python package openpyxl. Install it (Debian/Ubuntu: apt install python3-openpyxl; elsewhere: python3 -m pip install openpyxl) and restart QGIS.</source>
      <translation>写入 Excel 工作簿需要 Python 包 openpyxl。请安装（Debian/Ubuntu：apt install python3-openpyxl；其他系统：python3 -m pip install openpyxl）后重启 QGIS。</translation>
    </message>
    <message>
      <source>Cancelled: nothing was written.</source>
      <translation>已取消：未写入任何内容。</translation>
    </message>
    <message>
      <source>The workbook {path} cannot be written ({error}). If it is open in Excel, WPS or LibreOffice, close it and run again; else choose another file.</source>
      <translation>无法写入工作簿 {path}（{error}）。如果它正在 Excel、WPS 或 LibreOffice 中打开，请先关闭再运行；否则请选择其他文件。</translation>
    </message>
    <message>
      <source>The workbook {path} is open in a spreadsheet program (lock file {lock}). Close it there and run again; if it is not open anywhere, delete the lock file.</source>
      <translation>工作簿 {path} 正在电子表格程序中打开（锁定文件 {lock}）。请先在该程序中关闭再运行；如果实际没有打开，请删除该锁定文件。</translation>
    </message>
    <message>
      <source>Choose the file to write the workbook to.</source>
      <translation>请选择要写入工作簿的文件。</translation>
    </message>
    <message>
      <source>The folder {folder} does not exist. Choose a file in an existing folder.</source>
      <translation>文件夹 {folder} 不存在。请选择已有文件夹中的文件。</translation>
    </message>
    <message>
      <source>{path} is a folder. Choose a file name ending in .xlsx.</source>
      <translation>{path} 是一个文件夹。请选择以 .xlsx 结尾的文件名。</translation>
    </message>
    <message>
      <source>The workbook cannot be written over the project itself: choose another output file.</source>
      <translation>工作簿不能覆盖项目文件本身：请选择其他输出文件。</translation>
    </message>
  </context>
</TS>
