"""Reads stock over gRPC with Debian's python3-grpcio and a read-only token, as a client nobody at
Orderflow wrote would: no generated stubs, the protobuf bytes written by hand (GetStockRequest and
ReserveStockRequest are a few fields). Prints one JSON line: what GetStock answered, and the status
ReserveStock got with the same token.

usage: stock_reader.py IDENTITY_URL INVENTORY_TARGET CLIENT_ID CLIENT_SECRET SKU
"""
import json
import sys
import uuid

import grpc
import requests


def field(number, payload):
    """A length-delimited protobuf field (strings and embedded messages)."""
    key = bytes([(number << 3) | 2])
    length = len(payload)
    varint = bytearray()
    while True:
        byte = length & 0x7F
        length >>= 7
        varint.append(byte | (0x80 if length else 0))
        if not length:
            break
    return key + bytes(varint) + payload


identity, target, client_id, secret, sku = sys.argv[1:6]
token = requests.post(identity + "/oauth2/token", auth=(client_id, secret),
                      data={"grant_type": "client_credentials", "scope": "inventory:read"}, timeout=10).json()["access_token"]
metadata = [("authorization", "Bearer " + token)]  # lower case: grpc-python refuses capitals
channel = grpc.insecure_channel(target)
get_stock = channel.unary_unary("/orderflow.inventory.v1.InventoryService/GetStock")
answer = get_stock(field(1, sku.encode()), metadata=metadata, timeout=10)
reserve = channel.unary_unary("/orderflow.inventory.v1.InventoryService/ReserveStock")
line = field(1, sku.encode()) + bytes([0x10, 0x01])  # ReservationLine{sku, quantity: 1}
try:
    reserve(field(1, str(uuid.uuid4()).encode()) + field(2, line), metadata=metadata, timeout=10)
    reserve_status = "OK"
except grpc.RpcError as e:
    reserve_status = e.code().name
print(json.dumps({"get_stock_bytes": len(answer), "contains_sku": sku.encode() in answer,
                  "reserve_status": reserve_status}))
