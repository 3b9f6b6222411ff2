<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>ServiceQualityAlgorithm</name>
    <message>
      <source>Service quality per grid</source>
      <translation>网格服务质量</translation>
    </message>
    <message>
      <source>Field work</source>
      <translation>外业</translation>
    </message>
    <message>
      <source>quality,feedback,rating,complaint,response,standard,staff,服务质量,反馈,评分,投诉,响应</source>
      <translation>quality,feedback,rating,complaint,response,standard,staff,服务质量,反馈,评分,投诉,响应,质量,标准,人员</translation>
    </message>
    <message>
      <source>Project GeoPackage</source>
      <translation>项目 GeoPackage</translation>
    </message>
    <message>
      <source>Response standard (minutes)</source>
      <translation>响应时间标准（分钟）</translation>
    </message>
    <message>
      <source>Feedback from (UTC day, included)</source>
      <translation>反馈起始日（UTC，含当日）</translation>
    </message>
    <message>
      <source>Feedback to (UTC day, included)</source>
      <translation>反馈截止日（UTC，含当日）</translation>
    </message>
    <message>
      <source>Grids</source>
      <translation>网格</translation>
    </message>
    <message>
      <source>Flagged grids</source>
      <translation>需关注网格数</translation>
    </message>
    <message>
      <source>Feedback counted</source>
      <translation>统计的反馈数</translation>
    </message>
    <message>
      <source>Extra staff suggested (total)</source>
      <translation>建议增加人员（合计）</translation>
    </message>
    <message>
      <source>PROJECT: {path} is not a Service Grid project GeoPackage. Choose the project file (made by 'Create service grid project').</source>
      <translation>PROJECT：{path} 不是服务网格项目 GeoPackage。请选择项目文件（由“创建服务网格项目”生成）。</translation>
    </message>
    <message>
      <source>RESPONSE_STANDARD must be a number of minutes above 0 (got {value}).</source>
      <translation>RESPONSE_STANDARD 必须是大于 0 的分钟数（当前为 {value}）。</translation>
    </message>
    <message>
      <source>The period is empty: DATE_FROM ({start}) is after DATE_TO ({end}). Swap the dates or correct one of them.</source>
      <translation>时间段为空：DATE_FROM（{start}）晚于 DATE_TO（{end}）。请交换两个日期或更正其中之一。</translation>
    </message>
    <message>
      <source>PROJECT: the grids layer of {path} cannot be read.</source>
      <translation>PROJECT：无法读取 {path} 的网格图层。</translation>
    </message>
    <message>
      <source>{param}: '{value}' is not a date. Give a day as YYYY-MM-DD (UTC), or leave it empty.</source>
      <translation>{param}：“{value}”不是日期。请按 YYYY-MM-DD（UTC）填写日期，或留空。</translation>
    </message>
    <message>
      <source>The project has no feedback yet: every grid gets a count of 0 and no statistics. Sync the field packages first (or log feedback in the Feedback dock).</source>
      <translation>项目中还没有客户反馈：所有网格的反馈数为 0，没有统计值。请先同步外业包（或在“客户反馈”面板中录入反馈）。</translation>
    </message>
    <message>
      <source>None of the {n} feedback rows falls between {start} and {end}: every grid gets a count of 0.</source>
      <translation>{n} 条反馈中没有一条位于 {start} 至 {end} 之间：所有网格的反馈数为 0。</translation>
    </message>
    <message>
      <source>{n} feedback row(s) are not in any grid of the project (grid ids: {ids}) and were left out.</source>
      <translation>{n} 条反馈不属于项目中的任何网格（网格编号：{ids}），未计入统计。</translation>
    </message>
    <message>
      <source>Period {start} to {end}; the rating trend compares before and after {middle}.</source>
      <translation>统计时段 {start} 至 {end}；评分变化比较 {middle} 之前与之后。</translation>
    </message>
    <message>
      <source>{counted} feedback rows in {grids} grids ({with_feedback} with feedback); response standard {standard:g} min.</source>
      <translation>{grids} 个网格中共 {counted} 条反馈（{with_feedback} 个网格有反馈）；响应时间标准 {standard:g} 分钟。</translation>
    </message>
    <message>
      <source>No grid is flagged.</source>
      <translation>没有需关注的网格。</translation>
    </message>
    <message>
      <source>{n} grid(s) flagged, {staff} extra staff suggested: {ids}</source>
      <translation>{n} 个网格需关注，建议增加 {staff} 人：{ids}</translation>
    </message>
    <message>
      <source>Measures the service quality of every grid of a project from its customer feedback, optionally between two dates (UTC days, both included), and writes the grids with these columns: feedback_count, avg_rating, complaint_share (feedback filed as a complaint or rated 1–2), response_median and response_p90 (minutes), below_standard, rating_trend, falling, flagged, staff_change and reasons.

Below standard: the 90th percentile of the response times is above the response standard (at least 10 response times). Rating trend: the mean rating of the later half of the period (the dates given, else the first to the last feedback of the project) minus the earlier half; falling when it dropped by half a star or more and by at least twice its standard error (at least 5 ratings in each half). Flagged: below standard or falling.

staff_change, the extra staff suggested: +1 when the 90th percentile is at least 1.5 × the standard, +1 when ratings are falling (never negative). Give it to 'Allocate staff to grids' as the quality field (QUALITY_FIELD = staff_change) with this layer as the grids: flagged grids are recommended more staff.

Grids without feedback get a count of 0 and empty statistics. On the map the grids are coloured by average rating (red: poor, grey: no feedback) and flagged grids are hatched in red.</source>
      <translation>根据客户反馈衡量项目中每个网格的服务质量（可限定两个日期之间，按 UTC 日计，含首尾两日），输出带有以下字段的网格：feedback_count（反馈数）、avg_rating（平均评分）、complaint_share（投诉占比：类别为投诉或评分为 1–2 的反馈）、response_median 与 response_p90（响应时间中位数与90分位，分钟）、below_standard（未达响应标准）、rating_trend（评分变化）、falling（评分下降）、flagged（需关注）、staff_change（建议增加人员）和 reasons（关注原因）。

未达标准：响应时间的90分位数高于响应时间标准（至少 10 个响应时间）。评分变化：统计时段（给定的日期；未给定时为项目中第一条至最后一条反馈）后半段的平均评分减去前半段的平均评分；下降至少半颗星、且下降幅度不小于其标准误差的两倍时视为评分下降（每半段至少 5 个评分）。需关注：未达标准或评分下降。

staff_change（建议增加的人员）：90分位数达到标准的 1.5 倍时 +1，评分下降时 +1（不会为负）。在“人员配置（网格分配）”中以本图层为网格、以 staff_change 为质量字段（QUALITY_FIELD = staff_change），需关注的网格就会获得更多建议人员。

没有反馈的网格反馈数为 0，统计值为空。在地图上，网格按平均评分着色（红色：较差，灰色：无反馈），需关注的网格以红色斜线标出。</translation>
    </message>
  </context>
  <context>
    <name>core</name>
    <message>
      <source>The response standard must be a number of minutes above 0 (got {value}).</source>
      <translation>响应时间标准必须是大于 0 的分钟数（当前为 {value}）。</translation>
    </message>
    <message>
      <source>'{value}' is not a date (YYYY-MM-DD) or an ISO-8601 time (YYYY-MM-DDTHH:MM:SS, optionally with Z or +08:00).</source>
      <translation>“{value}”不是日期（YYYY-MM-DD）或 ISO-8601 时间（YYYY-MM-DDTHH:MM:SS，可带 Z 或 +08:00）。</translation>
    </message>
    <message>
      <source>The period is empty: it starts ({start}) after it ends ({end}). Swap the dates or correct one of them.</source>
      <translation>时间段为空：开始时间（{start}）晚于结束时间（{end}）。请交换两个日期或更正其中之一。</translation>
    </message>
    <message>
      <source>{path} is not a Service Grid project GeoPackage. Choose the project file (the one made by 'Create service grid project').</source>
      <translation>{path} 不是服务网格项目 GeoPackage。请选择项目文件（由“创建服务网格项目”生成的文件）。</translation>
    </message>
    <message>
      <source>The project {path} has no grids yet. Build the grids first ('Build service grids' with the project).</source>
      <translation>项目 {path} 中还没有网格。请先划分网格（对该项目运行“生成服务网格”）。</translation>
    </message>
    <message>
      <source>response p90 {p90} min ≥ 1.5 × the {standard} min standard (+1 staff)</source>
      <translation>响应时间90分位 {p90} 分钟，达到标准 {standard} 分钟的 1.5 倍（+1 人）</translation>
    </message>
    <message>
      <source>response p90 {p90} min above the {standard} min standard</source>
      <translation>响应时间90分位 {p90} 分钟，超过标准 {standard} 分钟</translation>
    </message>
    <message>
      <source>ratings falling {before} → {after} ({trend}) (+1 staff)</source>
      <translation>评分下降 {before} → {after}（{trend}）（+1 人）</translation>
    </message>
  </context>
</TS>
