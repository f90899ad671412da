# 人员、AB岗排班、疲劳、关爱、催报（issue 21）

reminder-late-subject = 催报：{ $unit } { $day } 日报未报
reminder-late-body = { $name }：您好。{ $unit }（{ $parent }）{ $day } 的日报已过截止时间（{ $due }）仍未报送，今天由您在岗负责，请尽快填报。如已报送请忽略。——防控平台
shift-calendar-name = { $name }的值班
shift-summary = 值班：{ $unit }
shift-summary-post = 值班：{ $unit }（{ $pair } { $post }岗）
shift-description = 在岗负责 { $unit } 当日日报的填报。
word-fatigue = 人员疲劳
word-short_staffed = 人手不足
alert-fatigue-days = { $person } 已连续在岗 { $days } 天（上限 { $limit } 天）
alert-fatigue-rest = { $person } 近 { $window } 天仅休息 { $off } 天（至少 { $needed } 天）
alert-short-staffed = 在册 { $people } 人，按居民 { $residents } 人需 { $needed } 人（每千人 { $per_thousand } 人）
