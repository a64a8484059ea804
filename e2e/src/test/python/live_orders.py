"""Live order pushes, from clients nobody here wrote: Debian's python3-websockets (10.4) and
python3-requests, reading contracts/asyncapi/notifications.yaml and nothing from Orderflow.

Two WebSocket connections to notifications' /ws: one with the token in the Authorization header
(servers, CLIs), one the browsers' way (the token as a second subprotocol, bearer.<token>). Both
subscribe to all of the caller's orders; one sends a malformed message (an error message, the
connection stays open). Then an order is placed over orders' REST API with requests, and each
connection waits for that order's push. Last, a binary message on the second connection, which the
server closes with 1003.

usage: live_orders.py ORDERS_URL NOTIFICATIONS_URL TOKEN ORDER_JSON
Prints one JSON line: the subprotocols selected, the error, the two pushes, the close code.
"""
import asyncio
import json
import sys
import uuid

import requests
import websockets


async def next_message(ws, wanted, seconds=30):
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), seconds))
        if wanted(message):
            return message


async def main(orders, notifications, token, order):
    socket = notifications.replace("http", "ws", 1) + "/ws"
    async with websockets.connect(
        socket, subprotocols=["orderflow.v1"], extra_headers={"Authorization": "Bearer " + token}
    ) as by_header, websockets.connect(socket, subprotocols=["orderflow.v1", "bearer." + token]) as by_protocol:
        for ws in (by_header, by_protocol):
            await ws.send(json.dumps({"type": "subscribe", "topic": "orders"}))
            await next_message(ws, lambda m: m.get("type") == "subscribed", 10)

        await by_header.send("{oops")
        error = await next_message(by_header, lambda m: m.get("type") == "error", 10)

        placed = requests.post(
            orders + "/api/orders",
            json=order,
            headers={"Authorization": "Bearer " + token, "Idempotency-Key": str(uuid.uuid4())},
            timeout=30,
        )
        placed.raise_for_status()
        order_id = placed.json()["id"]
        pushes = [
            await next_message(ws, lambda m: m.get("type") == "event" and m.get("order_id") == order_id)
            for ws in (by_header, by_protocol)
        ]

        await by_protocol.send(b"\x00\x01")
        close_code = None
        try:
            await next_message(by_protocol, lambda m: False, 10)
        except websockets.exceptions.ConnectionClosed as closed:
            close_code = closed.rcvd.code if closed.rcvd else closed.code

    print(json.dumps({
        "order_id": order_id,
        "subprotocols": [by_header.subprotocol, by_protocol.subprotocol],
        "error": error,
        "pushes": pushes,
        "binary_close_code": close_code,
    }))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])))
