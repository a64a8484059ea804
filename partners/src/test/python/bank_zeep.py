"""The bank called the way zeep's documentation shows: the WSDL fetched from the server, a
WS-Security UsernameToken with a password digest, the operations by name. Run by BankServiceTest
with Debian's python3-zeep; prints one line per step for the test to check.

usage: bank_zeep.py <wsdl-url> <user> <password> <payment-reference> <refund-id>
"""
import sys

import zeep
from lxml import etree
from zeep.exceptions import Fault
from zeep.wsse.username import UsernameToken

wsdl, user, password, payment, refund_id = sys.argv[1:6]
client = zeep.Client(wsdl=wsdl, wsse=UsernameToken(user, password, use_digest=True))

refund = client.service.RequestRefund(
    refundId=refund_id, paymentReference=payment, amount=700, currency="EUR", reason="zeep")
print("requested", refund.refundId, refund.status, refund.amount)

refund = client.service.GetRefundStatus(refundId=refund_id)
print("status", refund.refundId, refund.status)

try:
    client.service.RequestRefund(
        refundId=refund_id + "x", paymentReference=payment, amount=99999999, currency="EUR")
    print("no fault")
except Fault as fault:
    detail = fault.detail[0] if fault.detail is not None and len(fault.detail) else None
    print("fault", etree.QName(detail).localname if detail is not None else None, fault.message)
