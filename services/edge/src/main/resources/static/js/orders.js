// My orders: orders' cursor paging (the Link header's rel="next"), newest first, with cancel.
"use strict";

const CANCELLABLE = ["PENDING", "AWAITING_PAYMENT", "PAID"];

document.addEventListener("DOMContentLoaded", () => {
  // A page holds 10 orders (or ?limit=N, 1 to 50); "Show older orders" follows orders' cursor.
  const asked = parseInt(new URLSearchParams(window.location.search).get("limit"), 10);
  const limit = Number.isInteger(asked) ? Math.min(50, Math.max(1, asked)) : 10;
  load("/api/orders?limit=" + limit);
});

async function load(path) {
  const status = document.getElementById("status");
  const more = document.getElementById("more");
  const response = await Edge.call(path);
  if (!response.ok) {
    status.textContent = await Edge.problemText(response);
    return;
  }
  const page = await response.json();
  const body = document.querySelector("#orders tbody");
  for (const order of page.items) body.append(row(order, response.headers.get("ETag")));
  if (body.children.length === 0) status.textContent = "You have no orders yet.";
  const next = nextLink(response.headers.get("Link"));
  more.hidden = !next;
  more.onclick = next ? () => load(next) : null;
}

function row(order) {
  const actions = Edge.el("td");
  if (CANCELLABLE.includes(order.status)) {
    const cancel = Edge.el("button", { type: "button", class: "secondary", text: "Cancel", "aria-label": "Cancel order " + order.id.substring(0, 8) });
    cancel.addEventListener("click", async () => {
      cancel.disabled = true;
      const response = await Edge.call("/api/orders/" + order.id + "/cancel", { method: "POST" });
      const status = document.getElementById("status");
      if (response.ok) {
        const cancelled = await response.json();
        tr.querySelector(".status").textContent = cancelled.status;
        cancel.remove();
        status.textContent = "Order " + order.id.substring(0, 8) + " cancelled.";
      } else {
        cancel.disabled = false;
        status.textContent = await Edge.problemText(response);
      }
    });
    actions.append(cancel);
  }
  const tr = Edge.el("tr", { "data-order": order.id },
    Edge.el("td", {}, Edge.el("a", { href: "/orders/" + order.id, text: order.id.substring(0, 8) })),
    Edge.el("td", { text: new Date(order.created_at).toLocaleString() }),
    Edge.el("td", { class: "status", text: order.status }),
    Edge.el("td", { text: Edge.money(order.total) }),
    actions);
  return tr;
}

/** RFC 8288: the target of rel="next", as a path on this origin (the edge relays it). */
function nextLink(header) {
  if (!header) return null;
  for (const part of header.split(",")) {
    const match = part.match(/<([^>]+)>\s*;\s*rel="?next"?/);
    if (match) {
      const url = new URL(match[1], window.location.origin);
      return url.pathname + url.search;
    }
  }
  return null;
}
