# People, A/B posts, rotas, fatigue, care, reminders (issue 21)

reminder-late-subject = Reminder: { $unit }'s report of { $day } is not in
reminder-late-body = { $name }: the daily report of { $unit } ({ $parent }) for { $day } is past its deadline ({ $due }) and not yet in. You are on duty for it that day: please file it as soon as you can. If it is already in, ignore this message. — fangkong
shift-calendar-name = { $name }'s shifts
shift-summary = On duty: { $unit }
shift-summary-post = On duty: { $unit } ({ $pair } post { $post })
shift-description = On post: the daily report of { $unit } that day is yours to file.
word-fatigue = Worn out
word-short_staffed = Short of staff
alert-fatigue-days = { $person } on duty { $days } days running (limit { $limit })
alert-fatigue-rest = { $person } rested { $off } of the last { $window } days (at least { $needed })
alert-short-staffed = { $people } on the roster; { $residents } residents need { $needed } ({ $per_thousand } per 1,000)
