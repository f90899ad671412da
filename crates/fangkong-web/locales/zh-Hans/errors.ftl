# fangkong's messages: errors (zh-Hans).

## The report's fields
err-day-malformed = “{ $value }”不是日期，请按 年-月-日 填写（如 2020-02-12）
err-unit-code = 单位代码只能由字母、数字和“-”组成
err-answer = “{ $value }”不是“是/否”回答
err-count-empty = 未填写：缺报不等于零，没有请填 0
err-count-negative = “{ $value }”是负数，人数不能为负
err-count-not-whole = “{ $value }”不是整数
err-count-too-large = “{ $value }”过大
err-limit-too-long = 最多 { $max } 个字符（现有 { $got } 个）
err-limit-control = 第 { $at } 个字符是控制字符（{ $code }），不能出现在文字中
err-limit-too-many = 一次最多 { $max } 项（现有 { $got } 项）
err-limit-too-early = { $day } 早于可接受的最早日期 { $earliest }，是否填错？
err-report-future = { $day } 尚未到来（北京时间今天是 { $today }）
err-report-unknown-unit = 没有代码为 { $unit } 的单位
err-report-not-in-tree = 单位 { $unit } 在 { $day } 不在单位树中（已撤销或尚未设立）
err-report-not-reporting = 单位 { $unit } 不是报告单位：由其下 { $children } 个单位上报
err-report-above-population = { $value } 超过本单位常住人口 { $population }
err-report-absurd = 一个单位一天 { $value } 人不合常理（人口未知时上限为 { $limit }）
err-report-backlog = 标为积压的 { $backlog } 例多于新增确诊 { $confirmed } 例
err-report-no-reporter = 请填写填报人：每份报告都要写明由谁填报
err-revision-duplicate = { $unit } 已报送 { $day } 的报告（第 { $latest } 版）；如需修改，请填写更正原因后提交
err-revision-nothing = { $unit } 没有 { $day } 的报告，无可更正
err-revision-no-reason = 更正须说明原因
err-revision-unchanged = 本次更正与第 { $latest } 版完全相同
