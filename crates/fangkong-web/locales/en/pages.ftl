# fangkong's messages: pages (en).

## Messages
page-html_lang = en
page-code = en
page-other_code = zh
page-other_name = 中文
page-title = fangkong · command centre
page-date = Date
page-show = Show
page-trend = Daily new confirmed cases
page-epidemic_free = Epidemic-free units
page-kind = Kind
page-units = Units
page-share = Share
page-gained = Gained the status
page-lost = Lost the status
page-completeness = Reports received
page-special_alerts = Special places with a case
page-none = None
page-drill_down = Units under it
page-code_col = Code
page-name = Name
page-status = Status
page-zero_days = Clean days
page-earliest_free = Earliest free
page-reason = Reason
page-free_yes = epidemic-free
page-free_no = not yet
page-pending = pending
page-up = Up
page-children = Units under it
page-policy = Policy
page-phases = Phases
page-reports_of_day = Reports of the day
page-history = Status, last 14 days
page-counts = Confirmed / suspected / contacts / fever
page-measures_missing = Measures not in place
page-reporter = Reporter
page-revision = Revision

## Texts of the page templates
alerts-alerts = Alerts
alerts-no-alert-on-this = No alert on this day.
alerts-severity = Severity
alerts-kind = Kind
alerts-why = Why
alerts-state = State
alerts-action = Action
alerts-acknowledge = Acknowledge
alerts-what-was-done = What was done
alerts-close = Close
alerts-all = All
alerts-any = Any
alerts-district = District
alerts-filter = Filter
alerts-shown = { $n ->
    [one] { $n } alert shown
   *[other] { $n } alerts shown
}
alerts-none-kept = No alert matches these filters.
alerts-affected = { $n ->
    [one] { $n } unit affected
   *[other] { $n } units affected
}
alerts-handed-to = Handed to
alerts-assign-to = Hand to
alerts-assign = Assign
appeal-appeal = Appeal
appeal-filed = {"Filed: "}
appeal-urgent = urgent
appeal-the-city-s-queue = the city's queue (unrouted)
appeal-repeats = repeats
appeal-next-call-alt-n = Next call (Alt+N)
appeal-recorded = {"Recorded: "}
appeal-caller-masked = caller masked
appeal-status = Status
appeal-category = Category
appeal-urgency = Urgency
appeal-with = With
appeal-unrouted = unrouted
appeal-due = Due
appeal-late-by = late by
appeal-promise = Promise
appeal-satisfaction = Satisfaction
appeal-same-group = Same group
appeal-why-this-category-and = Why this category and unit
appeal-the-model-says = The model says
appeal-runner-up = runner-up
appeal-set-by-hand-to = set by hand to
appeal-feature = Feature
appeal-count = Count
appeal-weight = Weight
appeal-routed-by = Routed by
appeal-urgent-because = Urgent because
appeal-its-life = Its life
appeal-when = When
appeal-step = Step
appeal-who = Who
appeal-note = Note
appeal-promised = promised
appeal-next-step = Next step
appeal-assign-to-unit-code = Assign to unit (code)
appeal-what-was-answered = What was answered
appeal-promised-by-promise-only = Promised by (promise only what can be done)
appeal-caller-s-satisfaction = Caller's satisfaction
appeal-why-reopen = Why reopen
appeal-note-2 = Note
appeal-set-the-category-by = Set the category by hand
appeal-reason = Reason
appeal-recategorise = Recategorise
appeal-new-take-a-call = Take a call
appeal-new-tab-through-the-fields = Tab through the fields, Ctrl+Enter files the call; the category, urgency and unit are proposed by the platform and can be changed on the next page.
appeal-new-caller-s-phone = Caller's phone
appeal-new-caller-s-name = Caller's name
appeal-new-address-district-subdistrict-community = Address (district, subdistrict, community, compound)
appeal-new-what-the-caller-says = What the caller says
appeal-new-category = Category
appeal-new-classify-automatically = Classify automatically
appeal-new-urgency = Urgency
appeal-new-judge-automatically = Judge automatically
appeal-new-urgent = Urgent
appeal-new-normal = Normal
appeal-new-unit-code-if-known = Unit code (if known; else routed by the address)
appeal-new-channel = Channel
appeal-new-mayor-s-hotline = Mayor's hotline
appeal-new-message-board = Message board
appeal-new-received-at = Received at
appeal-new-file-ctrl-enter = File (Ctrl+Enter)
appeals-dashboard-appeals-dashboard = Appeals dashboard
appeals-dashboard-queue = Queue
appeals-dashboard-alerts = Alerts
appeals-dashboard-appeals = appeals
appeals-dashboard-duplicates = duplicates
appeals-dashboard-open = open
appeals-dashboard-overdue = overdue
appeals-dashboard-unrouted = unrouted
appeals-dashboard-time-to-first-answer = Time to first answer
appeals-dashboard-promises-kept = Promises kept
appeals-dashboard-pending = pending
appeals-dashboard-satisfaction = Satisfaction
appeals-dashboard-rising-last-7-days = Rising (last 7 days against the 7 before)
appeals-dashboard-category = Category
appeals-dashboard-this-week = This week
appeals-dashboard-week-before = Week before
appeals-dashboard-no-category-is-rising = No category is rising
appeals-dashboard-new = new
appeals-dashboard-by-category = By category
appeals-dashboard-appeals-2 = Appeals
appeals-dashboard-open-2 = Open
appeals-dashboard-overdue-2 = Overdue
appeals-dashboard-kept = Kept
appeals-dashboard-broken = Broken
appeals-dashboard-satisfaction-2 = Satisfaction
appeals-dashboard-units-under-it = Units under it
appeals-dashboard-urgent = Urgent
appeals-dashboard-longest-overdue = Longest overdue
appeals-dashboard-ref = Ref
appeals-dashboard-with = With
appeals-dashboard-late-h = Late (h)
appeals-dashboard-escalated-to = Escalated to
appeals-queue-appeals-queue = Appeals queue
appeals-queue-take-a-call-alt = Take a call (Alt+N)
appeals-queue-dashboard = Dashboard
appeals-queue-alerts = Alerts
appeals-queue-show = Show
appeals-queue-every-category = Every category
appeals-queue-open = Open
appeals-queue-overdue = Overdue
appeals-queue-urgent = Urgent
appeals-queue-ref = Ref
appeals-queue-received = Received
appeals-queue-category = Category
appeals-queue-status = Status
appeals-queue-with = With
appeals-queue-late-h = Late (h)
appeals-queue-text = Text
bulk-bulk-change = Bulk change
bulk-one-step-for-many = One step for many people
bulk-nothing-was-written-correct = Nothing was written; correct these:
bulk-references-separated-by-spaces = References (separated by spaces, commas or lines)
bulk-step = Step
bulk-sampled = sampled
bulk-moved = moved
bulk-recategorised = recategorised
bulk-treatment-started = treatment started
bulk-left = left
bulk-category = Category
bulk-place = Place
bulk-facility = Facility
bulk-bed = Bed
bulk-exit = Exit
bulk-record-for-all = Record for all
bulk-all-or-nothing-if = All or nothing: if any one person's flow or bed does not fit, nothing is written and each problem is named.
compliance-the-four-alls = The four alls
compliance-find-a-person = Find a person →
compliance-people = People
compliance-admitted = Admitted
compliance-treated = Treated
compliance-tested = Tested
compliance-isolated = Isolated
compliance-new-cases = New cases
compliance-active = Active
compliance-severe = Severe
compliance-critical = Critical
compliance-cure-rate = Cure rate
compliance-fatality-rate = Fatality rate
compliance-means-nobody-is-concerned = — means nobody is concerned (not applicable), not 0 or 100%. Severe and critical count the active cases in beds of that kind.
compliance-people-not-yet-covered = People not yet covered, oldest first
compliance-reference = Reference
compliance-category = Category
compliance-identified = Identified
compliance-missing = Missing
dashboard-the-four-alls = The four alls
dashboard-admitted = Admitted
dashboard-treated = Treated
dashboard-tested = Tested
dashboard-isolated = Isolated
dashboard-in-the-registry = In the registry
dashboard-active-cases = active cases
dashboard-severe = severe
dashboard-critical = critical
dashboard-per-unit = Per unit →
disputes-disputes-register = Disputes register
disputes-recorded = {"Recorded: "}
disputes-open = Open
disputes-high-risk-and-open = high risk and open
disputes-ref = Ref
disputes-unit = Unit
disputes-kind = Kind
disputes-risk = Risk
disputes-status = Status
disputes-parties = Parties
disputes-what-happened-mediation = What happened, mediation
disputes-referred-to = referred to
disputes-what-was-done-or = what was done or agreed
disputes-record = Record
disputes-record-a-dispute = Record a dispute
disputes-unit-code = Unit code
disputes-what-happened = What happened
disputes-complainant-name-phone = Complainant: name, phone
disputes-respondent-name-phone = Respondent: name, phone
disputes-record-2 = Record
facilities-facility-board = Facility board
facilities-kind = Kind
facilities-ordinary-used-free = Ordinary used/free
facilities-severe-used-free = Severe used/free
facilities-critical-used-free = Critical used/free
facilities-beds-in-use-14 = Beds in use, 14 days
followup-follow-up = Follow-up
followup-today-s-follow-ups = Today's follow-ups
followup-recorded = Recorded
followup-nobody-to-follow-up = Nobody to follow up today.
followup-due-today = Due today
followup-seen-today = Seen today
followup-was-unwell = was unwell
followup-release = release
followup-seen-well = Seen, well
followup-seen-unwell = Seen, unwell
followup-not-reached = Not reached
glass-log-unmaskings = Unmaskings
glass-log-who-broke-the-glass = Who broke the glass
glass-log-every-time-an-account = Every time an account under this unit unmasked a person, with the purpose and words it gave, newest first; attempts refused over the hourly share are listed too.
glass-log-when = When
glass-log-account = Account
glass-log-person = Person
glass-log-reason = Reason
glass-log-refused = {"refused: "}
people-people = People
people-find-a-person = Find a person
people-reference-name-resident-id = Reference, name, resident ID or phone
people-only-medical-staff-and = Only medical staff and community workers find people of their area by name, ID or phone; other roles search by reference and see names masked.
people-reference = Reference
people-unit = Unit
people-category = Category
people-one-step-for-all = One step for all of these →
person-resident-id = Resident ID
person-phone = Phone
person-unit = Unit
person-personal-data-is-masked = Personal data is masked. If your work needs the full record, choose the purpose and say which case it is: the read and your words go to the audit log, where your supervisors see them, and there is an hourly limit.
person-purpose = Purpose
person-choose = choose
person-which-case = Which case
person-unmask = Unmask
person-step = Step
person-detail = Detail
person-search = search

## Appeal actions, the queue's filter, follow-up
appeal-act-assigned = Assign
appeal-act-started = Start
appeal-act-answered = Answer the caller
appeal-act-closed = Close
appeal-act-rated = Record satisfaction
appeal-act-reopened = Reopen
queue-show-open = Open
queue-show-overdue = Overdue
queue-show-escalated = Escalated here
queue-show-unrouted = Unrouted
queue-show-closed = Closed
queue-show-all = All
followup-days-overdue = { $n ->
    [one] { $n } day overdue
   *[other] { $n } days overdue
}

## The header
nav-glass = Unmaskings
nav-compliance = Four alls
nav-dashboard = Overview
nav-followup = Follow-up
nav-facilities = Beds
nav-appeals = Appeals
nav-alerts = Alerts
nav-disputes = Disputes

## Roles
role-command_centre = command centre
role-district = district
role-subdistrict = subdistrict
role-community_worker = community worker
role-hotline_operator = hotline operator
role-medical = medical
role-administrator = administrator

## Why a unit is not epidemic-free, phases and Rt in words
list-separator = {", "}
reason-event = new case or contact on { $day } in { $unit } ({ $clean } of { $window } days)
reason-pending = pending: { $unit }'s report for { $day } is due by { $due } and not in yet
reason-missing = no report from { $unit } on { $day }: unknown is not zero
reason-short-history = reports begin on { $since }: { $clean } of { $window } days
reason-measures = measures not in place in { $unit }: { $measures }
phases-none = never { $low } or more in a day: no phases ({ $days ->
    [one] { $days } day
   *[other] { $days } days
} with cases, { $cases ->
    [one] { $cases } case
   *[other] { $cases } cases
} in all)
phases-scattered = { " " }(scattered cases on { $days ->
    [one] { $days } day
   *[other] { $days } days
})
rt-line = Rt { $mean } (95% interval { $low }–{ $high }; { $from }–{ $to }, { $cases ->
    [one] { $cases } case
   *[other] { $cases } cases
})
rt-too-few = { $from }–{ $to }: { $cases ->
    [one] { $cases } case
   *[other] { $cases } cases
}, too few to estimate Rt

## Breaking the glass, one step for many people
glass-purpose-transfer = transfer
glass-purpose-investigation = epidemiological investigation
glass-purpose-treatment = treatment
glass-purpose-record_check = checking a duplicate or wrong record
glass-throttled = this account may see the full details of at most { $n ->
    [one] { $n } person
   *[other] { $n } people
} an hour; try again later
glass-no-purpose = choose the purpose
glass-short-detail = say in at least { $n } characters which case it is (a transfer to where, which investigation)
bulk-recorded = Recorded for { $n ->
    [one] { $n } person
   *[other] { $n } people
}

## Error pages
error-title-400 = Bad request
error-title-401 = Please sign in
error-title-403 = Not allowed
error-title-404 = Page not found
error-title-405 = Not supported here
error-title-409 = In conflict with a record
error-title-413 = Too large
error-title-415 = Wrong kind of content
error-title-422 = Please correct and submit again
error-title-429 = Too many attempts
error-title-500 = Something went wrong
error-title-503 = Temporarily unavailable
error-title-other = The request could not be completed
error-internal = An internal error occurred and was logged. Please try again later; if it persists, contact your administrator.
error-status = Status
error-back = Back to the previous page
error-home = Go to the start page

# The triage queue and the classifier's explanation (issue 19).
queue-show-triage = Awaiting triage
appeal-awaits-triage = Awaiting triage: the model is not sure enough; choose the category
appeal-awaits-triage-short = awaiting triage
appeal-also-asks = also asks about
appeal-second-because = Second need named in
appeals-dashboard-triage = awaiting triage
lexicon-symptom = lexicon: symptoms
lexicon-test = lexicon: tests
lexicon-treatment = lexicon: admission and treatment
lexicon-other_illness = lexicon: other illnesses
lexicon-supplies = lexicon: supplies and medicine
lexicon-transport = lexicon: transport
lexicon-stranded = lexicon: stranded
lexicon-housing = lexicon: housing
lexicon-distress = lexicon: distress
lexicon-complaint = lexicon: complaints
lexicon-fundraising = lexicon: fundraising
lexicon-recovering = lexicon: recovering, admitted or thanking
queue-show-online = Online voices
appeals-dashboard-online = online voices
appeals-dashboard-online-only = not heard by the hotline or the board:

# The map (map.rs, map.html).
map-title = Epidemic-free reporting units by district
map-area = { $name }: { $share } ({ $free } of { $reporting } reporting units epidemic-free)
map-no-figure = no reporting units
map-figures = The map's figures
map-col-unit = Unit
map-col-free = Epidemic-free
map-col-reporting = Reporting units
map-col-share = Share
map-not-on-map = (no boundary: not on the map)
map-title-communities = Epidemic-free communities and villages by district
map-area-communities = { $name }: { $share } ({ $free } of { $reporting } communities and villages epidemic-free)
map-col-communities = Communities and villages

# The report list (report_list.html).
report-still-to-file = { $n ->
    [one] { $n } unit still to report for this day
   *[other] { $n } units still to report for this day
}

# Every page (base.html).
filter-all = All
menu = Menu
skip-to-content = Skip to the content

# The headline figures (headline.rs).
headline-title = Headline figures
headline-new_confirmed = New today
headline-current_confirmed = Under treatment
headline-cum_confirmed = Confirmed in all
headline-cum_cured = Cured in all
headline-cum_dead = Deaths in all
headline-change = { $change } on the day before
headline-note = Note: this day has a
headline-office = This office's work
headline-unreported-due = Reports not in (not yet due)
headline-unreported-late = Reports late
headline-source = as published by the health commission

# The trend chart (chart.rs).
rt-chart-name = The effective reproduction number Rt and its interval
chart-name = New confirmed cases a day (logarithmic scale)
chart-x-title = Date
chart-y-title = New confirmed a day
chart-y-title-log = New confirmed a day (log scale)
chart-scale = Scale:
chart-scale-linear = linear
chart-scale-log = log
chart-legend-bars = New confirmed a day
chart-legend-milestone = first day of a lower phase
chart-legend-annotation = definition change or revision
chart-legend-selected = the day shown
chart-data = The chart's figures
chart-col-day = Day
chart-col-value = New confirmed
chart-col-trend = In the trend
paging = Pages
paging-before = Previous
paging-after = Next
paging-page = Page
compliance-unit = Unit
compliance-export-masked = Download (names as shown here, masked by role):
completeness-download = The units not reported and the late ones, with who answers for each:
unit-picker-hint = Unit name or code
map-tiles-title = The units under { $unit }: epidemic-free reporting units (tiles, not their places)
map-count-from = { $from } or more
map-count-none = no figure
zones-nav = Zones
zones-title = Zone tiers
zones-unit = Under
zones-policy = Policy
zones-explain = Each compound's tier follows the days since it was last named on a case-address list or reported a new case or close contact; a unit's row counts the compounds under it.
zones-map-title = { $unit }: compounds in { $tier } by district, { $date }
zones-area = { $name }: { $tiers }
zones-table = Compounds per tier
zones-units = Compounds
zones-none = No units under this one that you may read.
zone-tier-sealed = Sealed
zone-tier-controlled = Controlled
zone-tier-precaution = Precaution
province-title = Hubei's cities
province-explain = The province around Wuhan as the cities' health commissions published it: their own figures, not this platform's reports. A dash is a figure not published that day, never zero.
province-source = Source
province-shade-by = Shade by:
province-no-day = The source published nothing for that day.
province-table = The cities' figures
province-measure-new = New confirmed
province-measure-current = Under treatment
province-measure-cumulative = Confirmed so far
province-cured = Cured so far
province-dead = Deaths so far
province-map-title = Hubei's cities: { $measure }, { $date }
province-area = { $name }: { $measure } { $value }
province-provenance = Figures: the cities' published daily bulletins, transcribed by two public projects and kept side by side; boundaries: AMap's district data (GCJ-02). The project's data folder names every source (SOURCES.md).
province-link = Hubei's cities
zones-no-policy-page = The rules configure no zone policy: add one under [zones] in the rules file to see zone tiers.
zone-policy-shanghai-2022 = Shanghai 2022 (sealed under 7 days, controlled under 14)
province-source-canghailan = canghailan (GitHub transcription)
province-source-dxy = DXY (Dingxiangyuan)
province-city-420000000000 = Prison system
province-city-420100000000 = Wuhan
province-city-420200000000 = Huangshi
province-city-420300000000 = Shiyan
province-city-420500000000 = Yichang
province-city-420600000000 = Xiangyang
province-city-420700000000 = Ezhou
province-city-420800000000 = Jingmen
province-city-420900000000 = Xiaogan
province-city-421000000000 = Jingzhou
province-city-421100000000 = Huanggang
province-city-421200000000 = Xianning
province-city-421300000000 = Suizhou
province-city-422800000000 = Enshi Tujia and Miao Autonomous Prefecture
province-city-429004000000 = Xiantao
province-city-429005000000 = Qianjiang
province-city-429006000000 = Tianmen
province-city-429021000000 = Shennongjia Forestry District
field-date = date
field-unit = unit
field-code = unit code
field-from = from
field-to = to
field-policy = zone policy
field-source = source
field-measure = shading
field-level = level
field-kind = kind
field-district = district
field-state = state
field-page = page
field-scale = scale
field-severity = severity
field-category = category
field-sort = sort
field-table = table
field-missing = missing
headline-overdue-appeals = Appeals overdue
headline-high-alerts = High alerts open
table-download = The table as a file:
map-shade-by = Shade the districts by:
map-measure-free = share epidemic-free
map-measure-new = new cases reported
map-measure-unreported = reports not in
map-title-new = New confirmed cases in the grassroots reports by district, { $date }
map-area-new = { $name }: { $value } new confirmed cases reported
map-title-late = Reports late by district, { $date }
map-area-late = { $name }: { $value } reporting units late
map-title-pending = Reports not yet in (not yet due) by district, { $date }
map-area-pending = { $name }: { $value } reporting units not yet reported (not yet due)
