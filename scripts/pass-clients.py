"""Passes as a guard's phone and an offline verifier see them (issue 22).

Issues a pass on the demo with `fangkong pass issue`, reads its QR code with
an ordinary decoder (zxing-cpp, the library behind many phone scanners),
verifies its COSE_Sign1 signature offline with an independent COSE library
(pycose) from the public key alone, checks that a tampered copy fails both
offline and on the server, and that the guard's page and `pass verify`
agree.

usage: pass-clients.py FANGKONG_BIN DB BASE_URL WORK_DIR
"""

import base64
import json
import subprocess
import sys
import urllib.request

import cbor2
import zxingcpp
from PIL import Image
from pycose.headers import KID
from pycose.keys import OKPKey
from pycose.keys.curves import Ed25519
from pycose.messages import CoseMessage

bin_, db, base, work = sys.argv[1:5]


def fangkong(*args, ok=True):
    run = subprocess.run([bin_, "--db", db, *args], capture_output=True, text=True)
    if ok and run.returncode != 0:
        sys.exit(f"fangkong {' '.join(args)} failed ({run.returncode}): {run.stderr}")
    return run


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


png = f"{work}/pass.png"
url = fangkong(
    "pass", "issue", "--unit", "420102002003-02", "--holder", "王小明",
    "--days", "3", "--out", png, "--base", base,
).stdout.strip()

# An ordinary QR decoder reads the URL.
codes = zxingcpp.read_barcodes(Image.open(png))
if len(codes) != 1 or codes[0].text != url:
    sys.exit(f"the QR decoder read {[c.text for c in codes]}, not {url}")
token = url.rsplit("/", 1)[1]

# Offline: the public keys alone verify the signature.
keys = json.loads(fangkong("pass", "keys", "public").stdout)


def verifies(raw):
    message = CoseMessage.decode(raw)
    kid = message.phdr[KID].decode()
    message.key = OKPKey(crv=Ed25519, x=base64.b64decode(keys[kid]))
    return message.verify_signature(), message


ok, message = verifies(b64url(token))
if not ok:
    sys.exit("pycose: the signature does not verify")
payload = cbor2.loads(message.payload)
if payload["unit"] != "420102002003-02" or payload["holder"] != "王**":
    sys.exit(f"unexpected payload {payload}")
if "王小明" in json.dumps(payload, ensure_ascii=False):
    sys.exit("the payload holds the holder's full name")

# A tampered copy: one byte of the payload changed.
raw = bytearray(b64url(token))
at = bytes(raw).find(b"420102002003-02")
raw[at + len("420102002003-0")] = ord("3")
forged = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
try:
    forged_ok, _ = verifies(bytes(raw))
except Exception:  # noqa: BLE001 - any failure to read is a refusal
    forged_ok = False
if forged_ok:
    sys.exit("pycose: a tampered pass verifies")


def page(t):
    with urllib.request.urlopen(f"{base}/pass/{t}") as r:
        return r.status, r.headers["x-pass-valid"], r.read().decode()


status, valid, body = page(token)
if status != 200 or valid != "true" or "有效" not in body:
    sys.exit(f"the guard's page: {status} {valid}")
status, valid, body = page(forged)
if valid != "false" or "无效" not in body:
    sys.exit(f"the guard's page accepts a tampered pass: {status} {valid}")
if fangkong("pass", "verify", url).returncode != 0:
    sys.exit("pass verify refuses a good pass")
if fangkong("pass", "verify", f"{base}/pass/{forged}", ok=False).returncode != 3:
    sys.exit("pass verify accepts a tampered pass")
print(
    f"passes: zxing-cpp read the QR code; pycose verified kid {message.phdr[KID].decode()} "
    "offline; a tampered copy fails offline, on the page and in pass verify"
)
