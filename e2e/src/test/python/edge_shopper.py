"""A customer's browser session at the edge, driven by Debian's python3-requests, a client nobody at
Orderflow wrote: it signs in through identity's login form (the edge runs the code flow with PKCE),
then uses only the session cookie and the CSRF cookie, as the pages' scripts do. Prints one JSON
line with what it saw; the Java test asserts on it.

usage: edge_shopper.py EDGE_URL USERNAME PASSWORD SKU
"""
import json
import re
import sys
import uuid

import requests

edge, username, password, sku = sys.argv[1:5]
browser = requests.Session()
seen = []


def record(response):
    seen.append(str(response.status_code) + " " + json.dumps(dict(response.headers)) + " " + response.text)
    return response


# Sign in: the edge sends the browser to identity's login form; the form's answer sends it back.
login_page = record(browser.get(edge + "/oauth2/authorization/orderflow-edge", headers={"Accept": "text/html"}))
csrf = re.search(r'name="_csrf"[^>]*value="([^"]+)"', login_page.text).group(1)
login_url = login_page.url.split("?")[0]
home = record(browser.post(login_url, data={"username": username, "password": password, "_csrf": csrf},
                           headers={"Accept": "text/html"}))
me = record(browser.get(edge + "/bff/me")).json()

xsrf = browser.cookies.get("XSRF-TOKEN")
order = {
    "items": [{"sku": sku, "quantity": 1}],
    "shipping_address": {"name": "Python", "line1": "1 Test Road", "city": "Lyon", "postal_code": "69001",
                         "country": "FR"},
}
refused = record(browser.post(edge + "/api/orders", json=order, headers={"Idempotency-Key": str(uuid.uuid4())}))
placed = record(browser.post(edge + "/api/orders", json=order,
                             headers={"Idempotency-Key": str(uuid.uuid4()), "X-XSRF-TOKEN": xsrf}))
order_id = placed.json().get("id")
read = record(browser.get(edge + "/api/orders/" + str(order_id)))

session_cookie = next(c for c in browser.cookies if c.name == "ORDERFLOW_SESSION")
print(json.dumps({
    "landed_at": home.url,
    "home_status": home.status_code,
    "me": me,
    "without_csrf": refused.status_code,
    "without_csrf_type": refused.headers.get("Content-Type"),
    "placed": placed.status_code,
    "order_id": order_id,
    "read_status": read.status_code,
    "read_customer": read.json().get("customer_id"),
    "session_cookie_http_only": session_cookie.has_nonstandard_attr("HttpOnly"),
    "token_seen": any(("eyJ" in page) or ("access_token" in page) for page in seen),
}))
