// An order: its details, paying at the provider (through the edge, with a test card), a status
// timeline pushed live over Server-Sent Events, and the protocol X-ray — every boundary the order
// crossed, from its traces in Zipkin (read by the edge) and from the pushes this page received.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const id = document.getElementById("main").dataset.order;
  const timeline = document.getElementById("timeline");
  const seenStatuses = [];
  const pushes = [];
  let order = null;

  function addStatus(status, at, how) {
    if (seenStatuses.includes(status)) return;
    seenStatuses.push(status);
    timeline.append(Edge.el("li", { "data-status": status },
      Edge.el("strong", { text: status }), " ",
      Edge.el("time", { datetime: at, text: new Date(at).toLocaleTimeString() }),
      Edge.el("span", { class: "muted", text: " " + how })));
    document.getElementById("order-status").textContent = status;
  }

  async function load() {
    const response = await Edge.call("/api/orders/" + id);
    if (!response.ok) {
      document.getElementById("order-status").textContent = await Edge.problemText(response);
      return;
    }
    order = await response.json();
    const items = document.getElementById("items");
    items.replaceChildren(...order.items.map((line) =>
      Edge.el("li", { text: line.quantity + " × " + line.name + " — " + Edge.money(line.line_total) })));
    document.getElementById("total").textContent = Edge.money(order.total);
    const a = order.shipping_address;
    document.getElementById("address").textContent = "Ship to " + [a.name, a.line1, a.line2, a.postal_code + " " + a.city, a.country].filter(Boolean).join(", ");
    addStatus(order.status, order.updated_at, "(when the page opened)");
    document.getElementById("order-status").textContent = order.status;
    showPayment();
    document.getElementById("cancel").hidden = !["PENDING", "AWAITING_PAYMENT", "PAID"].includes(order.status);
  }

  function showPayment() {
    const payable = order.status === "AWAITING_PAYMENT" && order.payment && order.payment.client_secret;
    const message = document.getElementById("payment-message").textContent;
    document.getElementById("payment").hidden = !payable && !message;
    document.getElementById("pay").hidden = !payable;
  }

  document.getElementById("pay").addEventListener("submit", async (event) => {
    event.preventDefault();
    const message = document.getElementById("payment-message");
    const button = document.getElementById("pay-button");
    if (!order || !order.payment) {
      message.textContent = "The payment is not ready yet; try again in a moment.";
      await load();
      return;
    }
    button.disabled = true;
    message.textContent = "Paying…";
    const method = new FormData(event.target).get("method");
    try {
      const response = await Edge.call("/psp/v1/payment_intents/" + encodeURIComponent(order.payment.intent_id) + "/confirm", {
        method: "POST",
        json: { payment_method: method, client_secret: order.payment.client_secret },
      });
      const intent = await response.json().catch(() => ({}));
      if (!response.ok) {
        message.textContent = intent.detail || intent.title || "The payment could not be made.";
        message.className = "error";
      } else if (intent.status === "succeeded") {
        message.textContent = "Payment accepted. Thank you!";
        message.className = "ok";
        document.getElementById("pay").hidden = true;
      } else if (intent.status === "processing") {
        message.textContent = "Payment processing: your bank is taking a moment. This page updates by itself.";
        message.className = "";
        document.getElementById("pay").hidden = true;
      } else if (intent.last_payment_error) {
        message.textContent = "Your card was declined: " + (intent.last_payment_error.message || intent.last_payment_error.code) + ". No money was taken.";
        message.className = "error";
      } else {
        message.textContent = "The payment is " + intent.status + ".";
      }
    } finally {
      button.disabled = false;
    }
  });

  document.getElementById("cancel").addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await Edge.call("/api/orders/" + id + "/cancel", { method: "POST" });
    if (!response.ok) document.getElementById("order-status").textContent = await Edge.problemText(response);
  });

  // The live timeline: the order's own event stream, relayed by the edge; EventSource reconnects
  // by itself and resumes with Last-Event-ID.
  const stream = new EventSource("/api/orders/" + id + "/events");
  const onEvent = (event) => {
    let change;
    try {
      change = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    pushes.push({ at: Date.now() * 1000, bytes: new TextEncoder().encode(event.data).length, type: change.event_type, trace: change.trace_id });
    if (change.new_status) addStatus(change.new_status, change.time || new Date().toISOString(), "(pushed)");
    if (order) {
      order.status = change.new_status || order.status;
      // Paid, failed or cancelled: nothing more to pay (the payment's message stays in view).
      if (["PAID", "PAYMENT_FAILED", "CANCELLED"].includes(order.status)) document.getElementById("pay").hidden = true;
      document.getElementById("cancel").hidden = !["PENDING", "AWAITING_PAYMENT", "PAID"].includes(order.status);
      if (change.event_type && change.event_type.endsWith("payment_updated") && order.status === "AWAITING_PAYMENT") load();
    }
    xray();
    setTimeout(xray, 1500); // spans reach Zipkin a moment after the work
  };
  stream.addEventListener("order_event", onEvent);
  // Events were missed (the buffer moved on): the order as it is now is the truth.
  stream.addEventListener("resync", () => load());

  // The X-ray: the crossings the edge read from Zipkin, and the pushes this page received.
  let xrayBusy = false;
  async function xray() {
    if (xrayBusy) return;
    xrayBusy = true;
    try {
      const response = await Edge.call("/bff/orders/" + id + "/xray");
      const status = document.getElementById("xray-status");
      if (!response.ok) {
        status.textContent = await Edge.problemText(response);
        return;
      }
      const seen = await response.json();
      status.textContent = seen.zipkin
        ? seen.crossings.length + " crossings in " + seen.trace_ids.length + " trace(s)" + (pushes.length ? ", and " + pushes.length + " push(es) to this page" : "")
        : "Zipkin is not reachable: the crossings are unknown right now.";
      const rows = seen.crossings.map((c) => ({
        at: c.start_micros, dialect: c.dialect, route: c.from + " → " + c.to, name: c.name,
        status: c.status || "", ms: c.duration_micros != null ? (c.duration_micros / 1000).toFixed(1) : "", bytes: c.bytes != null ? String(c.bytes) : "—",
      }));
      for (const push of pushes) {
        rows.push({ at: push.at, dialect: "SSE", route: "edge → browser", name: push.type || "event", status: "pushed", ms: "", bytes: String(push.bytes) });
      }
      rows.sort((a, b) => a.at - b.at);
      document.querySelector("#xray tbody").replaceChildren(...rows.map((r) =>
        Edge.el("tr", { "data-dialect": r.dialect },
          Edge.el("td", { text: r.dialect }), Edge.el("td", { text: r.route }), Edge.el("td", { text: r.name }),
          Edge.el("td", { text: r.status }), Edge.el("td", { class: "number", text: r.ms }), Edge.el("td", { class: "number", text: r.bytes }))));
      const link = document.getElementById("zipkin-link");
      if (seen.trace_ids.length > 0) {
        link.href = seen.zipkin_ui + "/traces/" + seen.trace_ids[0];
        link.hidden = false;
      }
    } catch (e) {
      // the next event or tick tries again
    } finally {
      xrayBusy = false;
    }
  }

  load().then(xray);
  setInterval(xray, 5000);
});
