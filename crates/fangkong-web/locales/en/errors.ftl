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

## Access: actions, refusals, requests that cannot be read
action-read_figures = read figures
action-read_reports = read reports
action-file_report = file reports
action-manage_accounts = manage accounts
action-read_audit = read the audit log
action-read_registry = read the registry
action-read_personal_data = read personal data
action-update_registry = update the registry
action-break_the_glass = unmask a person (break the glass)
action-review_access = review who broke the glass
action-export_personal_data = export personal data
action-take_appeals = take appeals in
action-read_appeals = read appeals
action-handle_appeals = handle appeals
action-read_caller_contact = read callers' contacts
action-handle_alerts = acknowledge or close alerts
action-read_disputes = read disputes
action-record_disputes = record disputes
action-read_roster = read the roster and rota
action-manage_roster = change the roster
action-record_inspections = record inspections
access-denied-role = the role { $role } may not { $action }
access-denied-scope = { $unit } is outside the scope of this account ({ $scope })
access-denied-scope-gone = this account's scope { $scope } is not in the unit tree of this day
access-sign-in = sign in (session cookie) or send `Authorization: Bearer TOKEN`
access-api-key-required = an api_key is required (a fangkong API token)
access-bad-api-key = invalid api_key: unknown, expired or revoked
access-no-unit = unit { $unit } is not in the tree
access-body-too-large = the request body is too large: at most { $limit } bytes
access-read-only = this server reads from a read-only copy of the database and takes no changes; send them to the command centre's main servers (the same address usually does, through the load balancer)
access-rejected-404 = no such page or endpoint
access-rejected-405 = this address does not take that method
access-rejected-413 = the request body is too large
access-rejected-415 = the request's content type is wrong: { $detail }
access-rejected-unreadable = the request cannot be read
access-rejected-unreadable-detail = the request cannot be read: { $detail }
filter-invalid = '{ $value }' is not a valid { $field }
alerts-not-raised = no alert { $alert } on { $day }
alerts-assignee-invalid = the account '{ $who }' may not handle this alert: choose one that handles alerts there
alerts-state-invalid = '{ $value }' is not acknowledged, assigned or closed
alert-refused-closed = the alert is already closed
alert-refused-acknowledged = the alert is already acknowledged
alert-refused-open = acknowledge the alert before closing it
alert-refused-note = closing an alert needs a note saying what was done
date-outside-data = { $day } is outside the data: this platform holds no reports for that day
