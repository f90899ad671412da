# fangkong's messages: forms (en).

## FormMessages
form-sign_in = Sign in
form-username = Username
form-password = Password
form-bad_login = Wrong username or password
form-sign_out = Sign out
form-public_page = Public figures
form-daily_report = Daily report
form-my_units = My reporting units
form-reported = reported
form-not_reported = not yet reported
form-no_units = There are no reporting units in your scope
form-new_confirmed = New confirmed
form-new_suspected = New suspected
form-new_close_contacts = New close contacts
form-new_fever = New fever patients
form-measures = The six measures in place
form-reporter = Reporter
form-remark = Remark
form-reason = Reason for the correction
form-correcting = This is a correction; say why. It corrects revision
form-prefilled = The six measures start from yesterday's answers
form-submit = Submit
form-sending = Sending…
form-recorded = Recorded
form-repeated = Already recorded (a repeated submission counts once)
form-fix_fields = Please fix the fields marked below
form-revision = Revision
