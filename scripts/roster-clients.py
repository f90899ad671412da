"""Reminders and calendars as their clients take them (issue 21): a real SMTP
server (aiosmtpd, on loopback) receives the reminders `fangkong reminders run
--smtp` sends, once per late report and person, headers and body decoded as
a mail client decodes them; and every calendar `fangkong rota calendars`
writes is parsed by the icalendar package, each event an all-day event on a
day of the kept rota.

Usage: python roster-clients.py FANGKONG_BINARY WORK_DIR
"""
import email
import email.policy
import pathlib
import socket
import subprocess
import sys
import time

from aiosmtpd.controller import Controller
from icalendar import Calendar

binary, work = sys.argv[1], pathlib.Path(sys.argv[2])
db = str(work / "roster.db")


def run(*args):
    done = subprocess.run([binary, "--db", db, *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"fangkong {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


(work / "units.csv").write_text(
    "code,name,kind,parent_code,population\n"
    "C,测试市,city,,\nD,测试区,district,C,\nS,测试街道,subdistrict,D,\n"
    "M,测试社区,community,S,\nK1,一号小区,compound,M,500\nK2,二号小区,compound,M,600\n"
    "V,测试村,village,S,800\n")
(work / "roster.csv").write_text(
    "person_id,name,kind,unit_code,phone,email\n"
    "s1,李下沉,sent_down_cadre,M,13912345678,li@example.org\n"
    "c1,王社区,community_cadre,M,13800001111,wang@example.org\n"
    "v1,张志愿,volunteer,M,,\n"
    "v2,赵志愿,volunteer,V,,zhao@example.org\n")
run("import", "units", str(work / "units.csv"))
run("staff", "import", str(work / "roster.csv"), "--on", "2020-02-01")
run("rota", "plan", "--from", "2020-02-10", "--days", "14", "--keep", "--format", "csv")


class Sink:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


sink = Sink()
port = free_port()
controller = Controller(sink, hostname="127.0.0.1", port=port)
controller.start()
try:
    server = f"127.0.0.1:{port}"
    first = run("reminders", "run", "--date", "2020-02-12", "--smtp", server,
                "--smtp-from", "fangkong@example.org")
    again = run("reminders", "run", "--date", "2020-02-12", "--smtp", server)
    time.sleep(0.2)
finally:
    controller.stop()

# No report came for the 12th: K1 and K2 (M) and V are late. In M two people
# are on duty, in V one; the volunteer v1 has no email address.
with_email = {"li@example.org", "wang@example.org", "zhao@example.org"}
received = []
for rcpt, content in sink.messages:
    message = email.message_from_bytes(content, policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",)).get_content()
    received.append((rcpt[0], str(message["subject"]), body))
    if rcpt[0] not in with_email:
        sys.exit(f"a reminder went to {rcpt[0]}, who is not on the roster with that address")
    if "2020-02-12" not in str(message["subject"]) or "2020-02-12" not in body:
        sys.exit(f"the reminder does not name the day: {message['subject']!r} {body!r}")
    if not str(message["subject"]).startswith("催报："):
        sys.exit(f"the subject is not read back in Chinese: {message['subject']!r}")
keys = [(to, subject) for to, subject, _ in received]
if len(keys) != len(set(keys)):
    sys.exit(f"a reminder was sent twice: {keys}")
# Every reminder to a person with an email address arrived, and no other.
import csv as csvmodule
import io
outbox = list(csvmodule.DictReader(io.StringIO(run("reminders", "list", "--format", "csv"))))
emails = {"s1": "li@example.org", "c1": "wang@example.org", "v2": "zhao@example.org"}
wanted = sorted(emails[m["person_id"]] for m in outbox if m["person_id"] in emails)
if not wanted or sorted(to for to, _, _ in received) != wanted:
    sys.exit(f"received {sorted(to for to, _, _ in received)}, wanted {wanted}:\n{first}")
unsent = [m for m in outbox if m["person_id"] in emails and not m["sent_at"]]
if unsent:
    sys.exit(f"reminders sent but not marked so: {unsent}")
if "sent 0" not in again:
    sys.exit(f"the second round sent again:\n{again}")
print(f"SMTP: {len(received)} reminders received by aiosmtpd, each once, "
      f"subjects and bodies decoded ({first.strip().splitlines()[0]})")

# The calendars: one file per person with a kept duty, parsed by icalendar.
folder = work / "calendars"
run("rota", "calendars", "--from", "2020-02-10", "--days", "14", "--dir", str(folder))
plan = run("rota", "plan", "--from", "2020-02-10", "--days", "14", "--format", "csv")
files = sorted(folder.glob("*.ics"))
if len(files) != 4:
    sys.exit(f"wanted 4 calendars (s1, c1, v1, v2), got {[f.name for f in files]}")
for f in files:
    calendar = Calendar.from_ical(f.read_bytes())
    events = list(calendar.walk("VEVENT"))
    person = f.stem
    days = {line.split(",")[0] for line in plan.splitlines()[1:] if line.split(",")[4] == person}
    seen = set()
    for e in events:
        start = e.decoded("DTSTART")
        end = e.decoded("DTEND")
        if hasattr(start, "hour") or (end - start).days != 1:
            sys.exit(f"{f.name}: not an all-day event: {start!r}..{end!r}")
        seen.add(start.isoformat())
        if not str(e.get("SUMMARY")).startswith("值班："):
            sys.exit(f"{f.name}: summary {e.get('SUMMARY')!r}")
        if not e.get("UID"):
            sys.exit(f"{f.name}: an event without a UID")
    if seen != days:
        sys.exit(f"{f.name}: days {sorted(seen)} against the rota's {sorted(days)}")
print(f"iCalendar: {len(files)} calendars parsed by icalendar, every event an all-day "
      f"shift on a day of the kept rota")
