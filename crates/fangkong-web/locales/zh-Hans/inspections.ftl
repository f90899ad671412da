# 明察暗访、出行分级与出入证（issue 22）。
reason-inspection = { $unit } 于 { $day } 经检查措施未落实，待复查合格后恢复
alert-lost-inspection = { $unit } 于 { $on } 经检查措施未落实：{ $before } 为无疫单位、{ $day } 不再是的有 { $lost }
