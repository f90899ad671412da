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
