"""DHIS2 over HTTP as DHIS2's own tools see it, against a served fangkong:
data value sets posted with `curl -u` exactly as DHIS2's documentation shows
(JSON and XML), read back by GET in JSON, XML and CSV, and every JSON
document fangkong writes (the data value set, the web message, the import
summary and its conflicts) validated against DHIS2's own models as the PyPI
package dhis2w-client ships them: its pydantic models and the JSON Schemas of
DHIS2's OpenAPI document.

dhis2w-client needs Python 3.13 to install; its generated models and
openapi.json are plain data and pydantic, so they are loaded straight from
the unpacked wheel (scripts/interop.sh unpacks it).

Usage: python dhis2-clients.py BASE_URL USER PASSWORD DHIS2W_DIR
"""
import importlib
import json
import subprocess
import sys
import types
import xml.etree.ElementTree as ET

import requests
from openapi_schema_validator import OAS30Validator

base, user, password, dhis2w = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4]
generated = f"{dhis2w}/dhis2w_client/generated/v42"

# DHIS2's pydantic models, without the package's Python 3.13-only aliases.
package = types.ModuleType("oas")
package.__path__ = [f"{generated}/oas"]
sys.modules["oas"] = package
names = ["_enums", "data_value", "data_value_set", "web_message", "import_summary",
         "import_count", "import_conflict", "import_options"]
modules = [importlib.import_module(f"oas.{n}") for n in names]
namespace = {k: v for m in modules for k, v in vars(m).items() if not k.startswith("__")}
models = {}
for name in ("DataValueSet", "WebMessage", "ImportSummary"):
    models[name] = namespace[name]
    models[name].model_rebuild(_types_namespace=namespace)

# DHIS2's JSON Schemas, from its OpenAPI document (3.0).
spec = json.load(open(f"{generated}/openapi.json"))


def schema_of(name):
    """A component's schema, with the document's components for its $refs."""
    return {**spec["components"]["schemas"][name], "components": spec["components"]}


def check(name, document):
    """Validates against DHIS2's pydantic model and, where DHIS2's schema
    describes what it sends, its JSON Schema; fails naming every error."""
    if name in models:
        models[name].model_validate(document)
    if name != "WebMessage":  # its schema requires an errorCode DHIS2 never sends
        errors = sorted(OAS30Validator(schema_of(name)).iter_errors(document), key=str)
        assert not errors, (name, [e.message for e in errors])


def curl(*args):
    """curl as DHIS2's documentation runs it: -u user:password."""
    out = subprocess.run(
        ["curl", "-s", "-w", "\n%{http_code}", "-u", f"{user}:{password}", *args],
        check=True, capture_output=True, text=True,
    ).stdout
    body, status = out.rsplit("\n", 1)
    return int(status), body


auth = (user, password)
dataset = "FK_DAILY_REPORT"
# The worker's community reported on the 29th; its compounds are due on the 30th.
community = "420102002003"
got = requests.get(
    f"{base}/api/dataValueSets.json",
    params={"dataSet": dataset, "period": "20200429", "orgUnit": community, "children": "true"},
    auth=auth, timeout=60,
)
got.raise_for_status()
yesterday = got.json()
check("DataValueSet", yesterday)
for v in yesterday["dataValues"]:
    check("DataValue", v)
units = sorted({v["orgUnit"] for v in yesterday["dataValues"]})
assert len(units) >= 2, units
print(f"GET: {len(yesterday['dataValues'])} values of {len(units)} compounds, valid as DHIS2's DataValueSet")


def values_of(unit, period):
    """The unit's ten values of the 29th, as a set for `period`."""
    return [
        {"dataElement": v["dataElement"], "value": v["value"]}
        for v in yesterday["dataValues"] if v["orgUnit"] == unit
    ]


# JSON, in UIDs (DHIS2's default scheme), posted as the documentation does.
first = {"dataSet": yesterday["dataSet"], "completeDate": "2020-04-30", "period": "20200430",
         "orgUnit": units[0], "dataValues": values_of(units[0], "20200430")}
check("DataValueSet", first)
with open("datavalueset.json", "w") as f:
    json.dump(first, f)
status, body = curl("-d", "@datavalueset.json", f"{base}/api/dataValueSets",
                    "-H", "Content-Type:application/json")
assert status == 200, (status, body)
message = json.loads(body)
check("WebMessage", message)
check("ImportSummary", message["response"])
assert message["response"]["importCount"]["imported"] == 10, message
print(f"curl -u (JSON): {message['response']['importCount']}")

# XML, as the documentation's first example.
root = ET.Element("dataValueSet", {"xmlns": "http://dhis2.org/schema/dxf/2.0",
                                   "dataSet": yesterday["dataSet"], "period": "20200430",
                                   "orgUnit": units[1]})
for v in values_of(units[1], "20200430"):
    ET.SubElement(root, "dataValue", v)
with open("datavalueset.xml", "wb") as f:
    f.write(ET.tostring(root, encoding="utf-8"))
status, body = curl("-d", "@datavalueset.xml", f"{base}/api/dataValueSets",
                    "-H", "Content-Type:application/xml")
assert status == 200, (status, body)
summary = json.loads(body)["response"]
check("ImportSummary", summary)
assert summary["importCount"]["imported"] == 10, summary
print(f"curl -u (XML): {summary['importCount']}")

# Back by GET, in the three formats, with what was sent.
params = {"dataSet": dataset, "period": "20200430", "orgUnit": units[:2]}
back = requests.get(f"{base}/api/dataValueSets.json", params=params, auth=auth, timeout=60)
back.raise_for_status()
check("DataValueSet", back.json())
sent = sorted((u, v["dataElement"], v["value"]) for u in units[:2] for v in values_of(u, ""))
read = sorted((v["orgUnit"], v["dataElement"], v["value"]) for v in back.json()["dataValues"])
assert sent == read, (sent, read)
xml = requests.get(f"{base}/api/dataValueSets", params=params, auth=auth, timeout=60,
                   headers={"Accept": "application/xml"})
values = ET.fromstring(xml.content).findall("{http://dhis2.org/schema/dxf/2.0}dataValue")
assert len(values) == 20, xml.text[:300]
csv = requests.get(f"{base}/api/dataValueSets.csv", params=params, auth=auth, timeout=60)
assert len(csv.text.strip().splitlines()) == 21, csv.text[:300]
print("GET: the two reports come back in JSON, XML and CSV")

# An unknown org unit: 409, nothing imported, the conflict in DHIS2's words.
bad = dict(first, orgUnit="DiszpKrYNg8", completeDate=None)
del bad["completeDate"]
refused = requests.post(f"{base}/api/dataValueSets", json=bad, auth=auth, timeout=60)
assert refused.status_code == 409, (refused.status_code, refused.text)
check("WebMessage", refused.json())
summary = refused.json()["response"]
check("ImportSummary", summary)
for conflict in summary["conflicts"]:
    check("ImportConflict", conflict)
assert summary["importCount"]["imported"] == 0, summary
assert {c["errorCode"] for c in summary["conflicts"]} == {"E7612"}, summary["conflicts"]
print(f"409: {len(summary['conflicts'])} conflicts, each a valid ImportConflict (E7612)")
