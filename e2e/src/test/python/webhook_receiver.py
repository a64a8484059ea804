#!/usr/bin/python3
"""A merchant's webhook receiver that nobody at Orderflow wrote.

It registers itself with Debian's python3-requests, then verifies every delivery with nothing but
the standard library, following the Standard Webhooks specification: HMAC-SHA256 keyed with the
base64-decoded part of the secret after "whsec_", over "{webhook-id}.{webhook-timestamp}.{body}",
compared in constant time against each "v1," signature, and a timestamp no older than 5 minutes.
Each delivery is printed as one JSON line.

usage: webhook_receiver.py API_URL TOKEN PORT
"""
import base64
import hashlib
import hmac
import json
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

api, token, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
response = requests.post(
    f"{api}/api/webhook-endpoints",
    json={"url": f"http://localhost:{port}/hooks", "event_types": ["order.placed", "order.cancelled"]},
    headers={"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())},
    timeout=10,
)
if response.status_code != 201:
    print(json.dumps({"error": response.status_code, "body": response.text}), flush=True)
    sys.exit(1)
endpoint = response.json()
key = base64.b64decode(endpoint["secret"][len("whsec_"):])
print(json.dumps({"registered": endpoint["id"]}), flush=True)


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        message_id = self.headers["webhook-id"]
        timestamp = self.headers["webhook-timestamp"]
        signed = f"{message_id}.{timestamp}.".encode() + body
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        signatures = [s[3:] for s in self.headers["webhook-signature"].split(" ") if s.startswith("v1,")]
        fresh = abs(time.time() - int(timestamp)) < 300
        verified = fresh and any(hmac.compare_digest(expected, s) for s in signatures)
        payload = json.loads(body)
        print(json.dumps({
            "webhook_id": message_id,
            "type": payload["type"],
            "order_id": payload.get("data", {}).get("order_id"),
            "verified": verified,
        }), flush=True)
        self.send_response(204 if verified else 401)
        self.end_headers()

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()
