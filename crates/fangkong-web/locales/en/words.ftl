# fangkong's messages: words (en).

## Charts
chart-cases = { $n ->
    [one] { $n } case
   *[other] { $n } cases
}

## Appeals, alerts: statuses, steps, urgencies, channels, promises, alert kinds
word-received = received
word-assigned = assigned
word-in_progress = in progress
word-answered = answered
word-closed = closed
word-started = started
word-rated = rated
word-reopened = reopened
word-taken_in = taken in
word-routed = routed to
word-recategorised = recategorised
word-urgent = urgent
word-normal = normal
word-hotline = hotline
word-message_board = message board
word-api = API
word-import = import
word-kept = kept
word-broken = broken
word-pending = pending
word-open = open
word-acknowledged = acknowledged
word-high = high
word-medium = medium
word-low = low
word-resurgence = Cases again
word-lost_status = Lost epidemic-free status
word-silence = Stopped reporting
word-appeal_surge = Appeal surge
word-special_place = Case in a special place

## Disputes: where their words differ from an appeal's
dispute-open = open
dispute-mediating = mediating
dispute-resolved = resolved
dispute-referred = referred
dispute-withdrawn = withdrawn
dispute-mediated = mediated
dispute-agreed = agreed
dispute-reopened = reopened

## category
category-stranded = People stranded
category-transport = Transport in the city
category-supplies = Daily supplies
category-medical = Medical help
category-housing = Housing
category-mental_health = Mental health
category-complaint = Complaint about officials
category-other = Other

## dispute-kind
dispute-kind-neighbours = neighbours
dispute-kind-family = family
dispute-kind-property = property
dispute-kind-tenancy = tenancy
dispute-kind-labour = labour
dispute-kind-measures = measures
dispute-kind-other = other

## band
band-high = high-level period
band-middle = mid-level period
band-low = low-level period
band-tail = tail period
band-zero = no new cases

## measure
measure-closed_management = closed management
measure-screening = screening
measure-disinfection = disinfection
measure-supplies = supplies
measure-stability = stability
measure-publicity = publicity

## The four-categories registry: categories, places, exits, steps, beds,
## check-ins, and the four "alls" a person still lacks
registry-confirmed = confirmed
registry-suspected = suspected
registry-fever = fever patient
registry-close_contact = close contact
registry-home = at home
registry-home_isolation = home isolation
registry-isolation_site = isolation site
registry-shelter_hospital = shelter hospital
registry-designated_hospital = designated hospital
registry-discharged = discharged
registry-released = released
registry-died = died
registry-identified = identified
registry-recategorised = recategorised
registry-sampled = sampled
registry-moved = moved
registry-treatment_started = treatment started
registry-left = left
registry-ordinary = ordinary bed
registry-severe = severe-case bed
registry-critical = critical-care bed
registry-seen_well = seen, well
registry-seen_unwell = seen, unwell
registry-missed = missed
registry-not_attempted = not attempted
registry-admitted = admitted
registry-treated = treated
registry-tested = tested
registry-isolated = isolated

## Disputes: the parties' roles
dispute-role-party = party
dispute-role-complainant = complainant
dispute-role-respondent = respondent

## Time
time-zone-note = (Asia/Shanghai)

## The audit log's actions
audit-refused = refused: { $what }
audit-what-csrf = submit a form (the form had expired)
audit-what-report = file or correct a report
audit-appeals-add = appeal recorded
audit-appeals-assign = appeal assigned
audit-appeals-handle = appeal handled
audit-appeals-recategorise = appeal recategorised
audit-appeals-take = call taken
audit-disputes-add = dispute recorded
audit-disputes-step = mediation step
audit-facility-put = facility beds updated
audit-registry-add = people registered
audit-registry-export = personal data exported
audit-registry-merge = records merged
audit-registry-update = registry updated
audit-report-correct = report corrected
audit-report-file = report filed
audit-token-revoke = token revoked
audit-token-revoke_all = all tokens revoked
audit-unit-change = unit changed
audit-unit-delete = unit retired
audit-units-add = units added
audit-login = signed in
audit-login-failed = sign-in failed
audit-logout = signed out
audit-outcome-done = done
audit-outcome-denied = refused
audit-account-add = account added
audit-record-note = Actors, targets, old and new values and reasons are shown as they were recorded, untranslated (except the reasons of refusals).

## Charts: tooltips and markers
chart-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
chart-bar = { $day }: { $value }
chart-bar-adjusted = { $day }: { $raw } ({ $trend } in the trend)
chart-backlog = { $n ->
    [one] { $n } case
   *[other] { $n } cases
} of earlier days, marked as backlog in the reports, left out of the trend
annotation-definition_change = definition change
annotation-revision = revision
rt-point = { $from }–{ $to }: Rt { $mean } ({ $low }–{ $high }), { $cases ->
    [one] { $cases } case
   *[other] { $cases } cases
}
rt-point-clipped = { $from }–{ $to }: Rt { $mean } ({ $low }–{ $high }), { $cases ->
    [one] { $cases } case
   *[other] { $cases } cases
}; above the scale, drawn at the top

## Unit kinds
kind-city = city
kind-district = district
kind-subdistrict = subdistrict
kind-town = town
kind-township = township
kind-special_zone = special zone
kind-community = community
kind-village = village
kind-other = other
kind-compound = compound
kind-special_place = special place

## Alerts: why each is raised
event-confirmed = { $n ->
    [one] { $n } confirmed case
   *[other] { $n } confirmed cases
}
event-suspected = { $n ->
    [one] { $n } suspected case
   *[other] { $n } suspected cases
}
event-contacts = { $n ->
    [one] { $n } close contact
   *[other] { $n } close contacts
}
alert-resurgence = { $cases } new confirmed on { $day } after { $quiet } days without a case
alert-silence = no report for the last { $days } days, after reporting before
alert-surge = { $today } appeals on { $day }, against a median of { $median } over the { $baseline } days before (threshold { $threshold })
alert-surge-category = { $today } { $category } appeals on { $day }, against a median of { $median } over the { $baseline } days before (threshold { $threshold })
alert-lost-event = { $unit } reported { $events } on { $on }: epidemic-free on { $before }, not on { $day }: { $lost }
alert-lost-missing = { $unit } did not report for { $on }: epidemic-free on { $before }, not on { $day }: { $lost }
alert-lost-measures = { $unit } does not attest { $measures }: epidemic-free on { $before }, not on { $day }: { $lost }
alert-lost-history = the reports begin on { $since }: epidemic-free on { $before }, not on { $day }: { $lost }
alert-special-place = a case reported on { $day } in the special place { $unit }

## Column headings of exported tables (the code stays beside them)
column-date = Date
column-day = Day
column-unit_code = Unit code
column-unit = Unit
column-code = Code
column-name = Name
column-unit_name = Unit name
column-kind = Kind
column-parent_code = Parent code
column-parent = Parent
column-population = Population
column-new_confirmed = New confirmed
column-new_suspected = New suspected
column-new_close_contacts = New close contacts
column-new_fever = New fever patients
column-new_dead = New deaths
column-new_cured = New cured
column-closed_management = Closed management
column-screening = Screening
column-disinfection = Disinfection
column-supplies = Supplies
column-stability = Stability
column-publicity = Publicity
column-reporter = Reporter
column-remark = Remark
column-revision = Revision
column-backlog = Backlog
column-epidemic_free = Epidemic-free
column-pending = Pending
column-reason = Reason
column-status = Status
column-category = Category
column-reference = Reference
column-severity = Severity
column-why = Why
column-state = State
column-note = Note
column-expected = Expected
column-received = Received
column-on_time = On time
column-level = Level
column-start = Start
column-window_start = Window start
column-end = End
column-window_end = Window end
column-band = Band
column-days = Days
column-mean = Mean
column-median = Median
column-district_code = District code
column-district = District
audit-annotations-put = annotations recorded
audit-followup-check_in = follow-up recorded
audit-published-add = published figures recorded
audit-reports-import = reports imported
audit-setting-set = setting changed

## Why an appeal is urgent (the urgency rules' codes)
word-urgency-breathing = breathing
word-urgency-critical_illness = critical illness
word-urgency-rescue = a call for rescue
word-urgency-high_fever = high fever
word-urgency-dialysis = dialysis interrupted
word-urgency-chemotherapy = chemotherapy interrupted
word-urgency-insulin = insulin
word-urgency-childbirth = childbirth
word-urgency-pregnancy = pregnancy
word-urgency-despair = risk of suicide
word-urgency-death = a death
word-urgency-no_food = no food left
word-urgency-ambulance = an ambulance
word-urgency-medicine_running_out = an elderly or chronically ill person running out of medicine
word-urgency-child_alone = a child left alone
