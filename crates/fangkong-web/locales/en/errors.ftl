# fangkong's messages: errors (en).

## The report's fields
err-day-malformed = '{ $value }' is not a date in the form YYYY-MM-DD
err-unit-code = a unit code holds only letters, digits and '-'
err-answer = '{ $value }' is not a yes/no answer
err-count-empty = is empty (a missing figure is not zero; write 0 if there were none)
err-count-negative = '{ $value }' is negative
err-count-not-whole = '{ $value }' is not a whole number
err-count-too-large = '{ $value }' is too large
err-limit-too-long = at most { $max } characters ({ $got } given)
err-limit-control = character { $at } is a control character ({ $code }), which no text may hold
err-limit-too-many = at most { $max } { $what } at once ({ $got } given)
err-limit-too-early = { $day } is before { $earliest }, the earliest day accepted (a typing error?)
err-report-future = { $day } is in the future (today is { $today } in Asia/Shanghai)
err-report-unknown-unit = unknown unit { $unit }
err-report-not-in-tree = unit { $unit } is not in the tree on { $day } (retired, or added later)
err-report-not-reporting = unit { $unit } is not a reporting unit: { $children ->
    [one] { $children } unit under it reports
   *[other] { $children } units under it report
} instead
err-report-above-population = { $value } is above the unit's population of { $population }
err-report-absurd = { $value } is implausible for one unit in one day (limit { $limit } when the population is unknown)
err-report-backlog = { $backlog } marked as backlog, but only { $confirmed } new confirmed
err-report-no-reporter = the reporter is empty: every report says who made it
err-revision-duplicate = unit { $unit } already reported for { $day } (revision { $latest }); to change it, submit a correction with a reason
err-revision-nothing = there is no report from unit { $unit } for { $day } to correct
err-revision-no-reason = a correction needs a reason
err-revision-unchanged = the correction changes nothing in revision { $latest }
