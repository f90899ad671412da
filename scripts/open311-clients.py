"""Open311 GeoReport v2 as a real client reads it: the PyPI package
`georeport` (the one Open311 client on PyPI that runs on Python 3; `three` and
`open311` are Python 2 only) against a served fangkong, in JSON and XML.
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
