"""The partner bank's own record of refunds, read the way zeep's documentation shows (the WSDL from
the server, a WS-Security UsernameToken with a password digest, ListRefunds page by page). Run by
FaultsIT with Debian's python3-zeep; prints one JSON line per refund the bank holds.

usage: bank_ledger.py <wsdl-url> <user> <password> <from ISO-8601> <to ISO-8601>
"""
import json
import sys

import zeep
from zeep.wsse.username import UsernameToken

wsdl, user, password, start, end = sys.argv[1:6]
client = zeep.Client(wsdl=wsdl, wsse=UsernameToken(user, password, use_digest=True))

token = None
while True:
    page = client.service.ListRefunds(**{"from": start, "to": end, "pageSize": 100, "pageToken": token})
    for refund in page.refund or []:
        print(json.dumps({
            "refund_id": refund.refundId,
            "payment_reference": refund.paymentReference,
            "amount": int(refund.amount),
            "status": refund.status,
        }))
    token = page.nextPageToken
    if not token:
        break
