# Open and unannounced inspections, movement levels and passes (issue 22).
reason-inspection = an inspection of { $unit } on { $day } found measures not in place; held until a passing re-inspection
alert-lost-inspection = an inspection of { $unit } on { $on } found measures not in place: epidemic-free on { $before }, not on { $day }: { $lost }
