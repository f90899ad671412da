# fangkong's messages: forms (zh-Hans).

## FormMessages
form-sign_in = 登录
form-username = 用户名
form-password = 密码
form-bad_login = 用户名或密码错误
form-sign_out = 退出
form-public_page = 公开信息
form-daily_report = 每日报告
form-my_units = 我的报告单位
form-reported = 已报
form-not_reported = 未报
form-no_units = 您的范围内没有报告单位
form-new_confirmed = 新增确诊
form-new_suspected = 新增疑似
form-new_close_contacts = 新增密切接触者
form-new_fever = 新增发热病人
form-measures = 六到位
form-reporter = 填报人
form-remark = 备注
form-reason = 更正原因
form-correcting = 本次为更正，请说明原因。更正的版本：
form-prefilled = 六项措施默认沿用昨日的填报
form-submit = 提交
form-sending = 正在提交…
form-recorded = 已记录
form-repeated = 已记录（重复提交只记一次）
form-fix_fields = 请修改下面标出的项目
form-revision = 版本
