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
