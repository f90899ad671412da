# fangkong's messages: words (zh-Hans).

## Charts
chart-cases = { $n }例

## Appeals, alerts: statuses, steps, urgencies, channels, promises, alert kinds
word-received = 已受理
word-assigned = 已分派
word-in_progress = 办理中
word-answered = 已答复
word-closed = 已办结
word-started = 开始办理
word-rated = 回访评价
word-reopened = 重新办理
word-taken_in = 受理
word-routed = 分派至
word-recategorised = 已改分类
word-urgent = 紧急
word-normal = 一般
word-hotline = 市长热线
word-message_board = 网上留言板
word-api = 接口
word-import = 导入
word-kept = 已兑现
word-broken = 未兑现
word-pending = 未到期
word-open = 未处理
word-acknowledged = 已确认
word-high = 高
word-medium = 中
word-low = 低
word-resurgence = 疫情反弹
word-lost_status = 失去无疫状态
word-silence = 停报
word-appeal_surge = 诉求激增
word-special_place = 特殊场所病例

## Disputes: where their words differ from an appeal's
dispute-open = 待调解
dispute-mediating = 调解中
dispute-resolved = 已化解
dispute-referred = 已移交
dispute-withdrawn = 已撤回
dispute-mediated = 调解
dispute-agreed = 达成协议
dispute-reopened = 重新调解

## category
category-stranded = 滞留人员求助
category-transport = 市内交通出行
category-supplies = 生活物资供应
category-medical = 就医求助
category-housing = 住房
category-mental_health = 心理健康
category-complaint = 投诉干部
category-other = 其他

## dispute-kind
dispute-kind-neighbours = 邻里纠纷
dispute-kind-family = 家庭纠纷
dispute-kind-property = 物业纠纷
dispute-kind-tenancy = 租赁纠纷
dispute-kind-labour = 劳资纠纷
dispute-kind-measures = 防控措施引发的纠纷
dispute-kind-other = 其他纠纷

## band
band-high = 高位运行期
band-middle = 中位运行期
band-low = 低位运行期
band-tail = 尾期
band-zero = 零新增

## measure
measure-closed_management = 封闭管理
measure-screening = 排查摸底
measure-disinfection = 卫生消杀
measure-supplies = 生活保障
measure-stability = 维护稳定
measure-publicity = 宣传发动

## The four-categories registry: categories, places, exits, steps, beds,
## check-ins, and the four "alls" a person still lacks
registry-confirmed = 确诊病人
registry-suspected = 疑似病人
registry-fever = 发热病人
registry-close_contact = 密切接触者
registry-home = 居家
registry-home_isolation = 居家隔离
registry-isolation_site = 集中隔离点
registry-shelter_hospital = 方舱医院
registry-designated_hospital = 定点医院
registry-discharged = 治愈出院
registry-released = 解除隔离
registry-died = 死亡
registry-identified = 登记
registry-recategorised = 改变类别
registry-sampled = 采样检测
registry-moved = 转移
registry-treatment_started = 开始治疗
registry-left = 离开
registry-ordinary = 普通床位
registry-severe = 重症床位
registry-critical = 危重症床位
registry-seen_well = 随访正常
registry-seen_unwell = 随访异常
registry-missed = 未随访到
registry-not_attempted = 未随访
registry-admitted = 应收尽收
registry-treated = 应治尽治
registry-tested = 应检尽检
registry-isolated = 应隔尽隔

## Disputes: the parties' roles
dispute-role-party = 当事人
dispute-role-complainant = 申请人
dispute-role-respondent = 被申请人

## Time
time-zone-note = （北京时间）

## The audit log's actions
audit-refused = 拒绝：{ $what }
audit-what-csrf = 提交表单（表单已过期）
audit-what-report = 填报或更正报告
audit-appeals-add = 登记诉求
audit-appeals-assign = 分派诉求
audit-appeals-handle = 办理诉求
audit-appeals-recategorise = 更改诉求分类
audit-appeals-take = 受理来电
audit-disputes-add = 登记矛盾纠纷
audit-disputes-step = 调解进展
audit-facility-put = 更新设施床位
audit-registry-add = 登记人员
audit-registry-export = 导出人员信息
audit-registry-merge = 合并人员记录
audit-registry-update = 更新人员状态
audit-report-correct = 更正报告
audit-report-file = 填报报告
audit-token-revoke = 吊销令牌
audit-token-revoke_all = 吊销全部令牌
audit-unit-change = 修改单位
audit-unit-delete = 撤销单位
audit-units-add = 新增单位
audit-login = 登录
audit-login-failed = 登录失败
audit-logout = 退出
audit-outcome-done = 已执行
audit-outcome-denied = 已拒绝
audit-account-add = 新增账号
audit-record-note = 操作人、对象、原值、新值和原因按记录时的原文显示，不作翻译（拒绝访问的原因除外）。

## Charts: tooltips and markers
chart-days = { $n }天
chart-bar = { $day }：{ $value }
chart-bar-adjusted = { $day }：{ $raw }（计入走势 { $trend }）
chart-backlog = 报告标为积压的 { $n } 例（此前各天的病例，今日计入），不计入走势
annotation-definition_change = 口径调整
annotation-revision = 订正
rt-point = { $from }–{ $to }：Rt { $mean }（{ $low }–{ $high }），{ $cases } 例
rt-point-clipped = { $from }–{ $to }：Rt { $mean }（{ $low }–{ $high }），{ $cases } 例；超出坐标范围，画在顶端

## Unit kinds
kind-city = 市
kind-district = 区
kind-subdistrict = 街道
kind-town = 镇
kind-township = 乡
kind-special_zone = 功能区
kind-community = 社区
kind-village = 村
kind-other = 其他
kind-compound = 小区
kind-special_place = 特殊场所

## Alerts: why each is raised
event-confirmed = 新增确诊{ $n }例
event-suspected = 新增疑似{ $n }例
event-contacts = 新增密接{ $n }人
alert-resurgence = { $day } 新增确诊 { $cases } 例，此前连续 { $quiet } 天无新增
alert-silence = 此前按时报告，已连续 { $days } 天未报告
alert-surge = { $day } 诉求 { $today } 件，前 { $baseline } 天中位数 { $median } 件（阈值 { $threshold }）
alert-surge-category = { $day } { $category }诉求 { $today } 件，前 { $baseline } 天中位数 { $median } 件（阈值 { $threshold }）
alert-lost-event = { $unit } { $on } { $events }：{ $before } 为无疫单位、{ $day } 不再是的有 { $lost }
alert-lost-missing = { $unit } 未报送 { $on } 的日报：{ $before } 为无疫单位、{ $day } 不再是的有 { $lost }
alert-lost-measures = { $unit } 未落实：{ $measures }：{ $before } 为无疫单位、{ $day } 不再是的有 { $lost }
alert-lost-history = 报告始于 { $since }：{ $before } 为无疫单位、{ $day } 不再是的有 { $lost }
alert-special-place = { $day } 特殊场所 { $unit } 报告病例

## Column headings of exported tables (the code stays beside them)
column-date = 日期
column-day = 日期
column-unit_code = 单位代码
column-unit = 单位代码
column-code = 单位代码
column-name = 名称
column-unit_name = 名称
column-kind = 类别
column-parent_code = 上级代码
column-parent = 上级代码
column-population = 常住人口
column-new_confirmed = 新增确诊
column-new_suspected = 新增疑似
column-new_close_contacts = 新增密切接触者
column-new_fever = 新增发热病人
column-new_dead = 新增死亡
column-new_cured = 新增治愈
column-closed_management = 封闭管理
column-screening = 排查摸底
column-disinfection = 卫生消杀
column-supplies = 生活保障
column-stability = 维护稳定
column-publicity = 宣传发动
column-reporter = 填报人
column-remark = 备注
column-revision = 版本
column-backlog = 积压病例
column-epidemic_free = 无疫情
column-pending = 待报
column-reason = 原因
column-status = 状态
column-category = 类别
column-reference = 编号
column-severity = 严重程度
column-why = 原因
column-state = 处理状态
column-note = 备注
column-expected = 应报
column-received = 已报
column-on_time = 按时
column-level = 层级
column-start = 开始
column-window_start = 开始
column-end = 结束
column-window_end = 结束
column-band = 分期
column-days = 天数
column-mean = 均值
column-median = 中位数
column-district_code = 区代码
column-district = 区
audit-annotations-put = 录入标注
audit-followup-check_in = 随访记录
audit-published-add = 录入公布数据
audit-reports-import = 导入报告
audit-setting-set = 修改设置

## Why an appeal is urgent (the urgency rules' codes)
word-urgency-breathing = 呼吸困难
word-urgency-critical_illness = 病情危重
word-urgency-rescue = 呼救
word-urgency-high_fever = 高烧
word-urgency-dialysis = 透析中断
word-urgency-chemotherapy = 化疗中断
word-urgency-insulin = 胰岛素
word-urgency-childbirth = 临产
word-urgency-pregnancy = 孕妇
word-urgency-despair = 轻生风险
word-urgency-death = 有人去世
word-urgency-no_food = 断粮
word-urgency-ambulance = 需要救护车
word-urgency-medicine_running_out = 老人或慢性病人断药
word-urgency-child_alone = 儿童无人照顾
