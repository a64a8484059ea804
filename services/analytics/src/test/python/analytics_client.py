"""A dashboard written in Python against analytics, with Debian's python3-requests and
python3-websockets (10.4) and nothing from Orderflow: a GraphQL query over HTTP, then a
graphql-transport-ws subscription that waits for one order update.

Usage: analytics_client.py <base http url> <token> <order id to read> <customer to watch>
Prints the order's status, READY once subscribed, the first update's order id and status, then
the close code of a connection with a bad token.
"""
import asyncio
import json
import sys

import requests
import websockets

base, token, order_id, customer = sys.argv[1:5]

answer = requests.post(
    base + "/graphql",
    json={"query": "query($id: ID!) { order(id: $id) { id status total { amountMinor currency } } }",
          "variables": {"id": order_id}},
    headers={"Authorization": "Bearer " + token},
    timeout=10,
)
answer.raise_for_status()
body = answer.json()
assert "errors" not in body, body
print("ORDER", body["data"]["order"]["id"], body["data"]["order"]["status"], flush=True)


async def watch():
    async with websockets.connect(base.replace("http", "ws", 1) + "/graphql",
                                  subprotocols=["graphql-transport-ws"]) as socket:
        await socket.send(json.dumps({"type": "connection_init", "payload": {"Authorization": "Bearer " + token}}))
        ack = json.loads(await asyncio.wait_for(socket.recv(), 10))
        assert ack["type"] == "connection_ack", ack
        await socket.send(json.dumps({
            "id": "1", "type": "subscribe",
            "payload": {"query": "subscription($c: ID) { orderUpdates(filter: { customer: $c }) { orderId status } }",
                        "variables": {"c": customer}}}))
        print("READY", flush=True)  # the test sends the event once the server has the subscription
        message = json.loads(await asyncio.wait_for(socket.recv(), 20))
        assert message["type"] == "next", message
        update = message["payload"]["data"]["orderUpdates"]
        print("UPDATE", update["orderId"], update["status"], flush=True)
        await socket.send(json.dumps({"id": "1", "type": "complete"}))


async def refused():
    """A connection_init without a valid token: the server closes with 4401, never acknowledging."""
    async with websockets.connect(base.replace("http", "ws", 1) + "/graphql",
                                  subprotocols=["graphql-transport-ws"]) as socket:
        await socket.send(json.dumps({"type": "connection_init", "payload": {"Authorization": "Bearer not-a-token"}}))
        try:
            message = await asyncio.wait_for(socket.recv(), 10)
            print("UNEXPECTED", message, flush=True)
        except websockets.exceptions.ConnectionClosed as closed:
            print("REFUSED", closed.code, flush=True)


asyncio.run(watch())
asyncio.run(refused())
