"""Open311 GeoReport v2 as a real client reads it: the PyPI package
`georeport` (the one Open311 client on PyPI that runs on Python 3; `three` and
`open311` are Python 2 only) against a served fangkong, in JSON and XML; then
what is served validated against the spec's own JSON Schemas by `jsonschema`.
A request is filed first with a hotline key, as a caller's app would (georeport
itself only reads). Usage: python open311-clients.py BASE_URL API_KEY
"""
import sys

import requests
from georeport import GeoReport

base, key = sys.argv[1].rstrip("/"), sys.argv[2]
filed = requests.post(
    f"{base}/requests.json",
    data={
        "api_key": key,
        "service_code": "supplies",
        "address_string": "江岸区大智街道保成社区5栋301",
        "description": "家里老人的药吃完了，买不到，请帮忙，电话13900000001",
        "first_name": "冲",
        "last_name": "令狐",
        "phone": "13900000001",
    },
    timeout=30,
)
filed.raise_for_status()
reference = filed.json()[0]["service_request_id"]

for fmt in ("json", "xml"):
    client = GeoReport(base, output_format=fmt)
    services = client.get_service_list()
    codes = [s["service_code"] for s in services]
    assert "supplies" in codes and "medical" in codes, (fmt, codes)
    definition = client.get_service_definition("supplies")
    assert definition["service_code"] == "supplies", (fmt, definition)
    listed = client.get_service_requests(service_code="supplies", status="open")
    if isinstance(listed, dict):  # xmltodict gives one request as a dict
        listed = [listed]
    ours = [r for r in listed if r["service_request_id"] == reference]
    assert ours, (fmt, "the filed request is not listed", len(listed))
    one = client.get_service_request(reference)
    if isinstance(one, list):
        one = one[0]
    assert one["service_request_id"] == reference, (fmt, one)
    assert one["status"] == "open", (fmt, one)
    assert one.get("agency_responsible"), (fmt, "routed to a unit", one)
    text = str(one)
    for secret in ("13900000001", "令狐", "5栋301"):
        assert secret not in text, (fmt, "the public view shows", secret)
    print(f"georeport ({fmt}): {len(services)} services, {len(listed)} open supplies "
          f"requests, {reference} routed to {one['agency_responsible']}, masked")

# The spec's JSON Schemas (data/interop/open311/schema, from the Open311
# project) as an independent validator of what is served, read by the
# `jsonschema` package rather than by fangkong's own tests.
import json
import pathlib

import jsonschema
from referencing import Registry, Resource

schemas = pathlib.Path(__file__).resolve().parent.parent / "data/interop/open311/schema"
from referencing.jsonschema import DRAFT4

registry = Registry().with_resources(
    (p.name, Resource.from_contents(json.loads(p.read_text()), default_specification=DRAFT4))
    for p in schemas.glob("*.json") if p.name != "swagger.json"
)


def validate(document, schema_file):
    schema = json.loads((schemas / schema_file).read_text())
    validator = jsonschema.Draft4Validator(schema, registry=registry)
    errors = sorted(validator.iter_errors(document), key=str)
    assert not errors, (schema_file, [e.message for e in errors][:5])


served = requests.get(f"{base}/services.json", timeout=30).json()
validate(served, "services.json")
definition = requests.get(f"{base}/services/supplies.json", timeout=30).json()
validate(definition, "service-definition.json")
listed = requests.get(f"{base}/requests.json", params={"status": "open"}, timeout=60).json()
validate(listed, "requests.json")
one = requests.get(f"{base}/requests/{reference}.json", timeout=30).json()
validate(one, "requests.json")
print(f"jsonschema (Draft 4, the spec's schemas): services, a definition, {len(listed)} requests and one request valid")
