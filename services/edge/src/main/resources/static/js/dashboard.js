// The dashboard: each chart reads exactly its own GraphQL query (relayed to analytics with the
// session's token), the ticker is the salesTicker subscription over Server-Sent Events, and a
// partner can refund an order (orders' REST API, with an Idempotency-Key).
"use strict";

document.addEventListener("DOMContentLoaded", async () => {
  const status = document.getElementById("status");
  const me = await (await Edge.call("/bff/me")).json();
  const scopes = me.scopes || [];
  if (!scopes.includes("analytics:read")) {
    status.textContent = "Your account cannot read analytics: the dashboard is for partners and analysts.";
    status.className = "error";
  } else {
    const today = new Date();
    const from = new Date(today.getTime() - 29 * 86400000);
    const day = (d) => d.toISOString().substring(0, 10);
    await Promise.all([
      chart("sales", "query Sales($from: Date!, $to: Date!) { salesByDay(from: $from, to: $to) { day currency orders revenue } }",
        { from: day(from), to: day(today) }, (data) => salesChart(data.salesByDay)),
      chart("status", "{ statusCounts { status count } }", {}, (data) => barChart("status",
        data.statusCounts.map((s) => s.status), data.statusCounts.map((s) => s.count), "orders")),
      chart("top", "query Top($from: Date!, $to: Date!) { topProducts(from: $from, to: $to, limit: 5) { units product { sku name } } }",
        { from: day(from), to: day(today) }, (data) => barChart("top",
          data.topProducts.map((p) => p.product.name), data.topProducts.map((p) => p.units), "units")),
      chart("fulfilment", "{ fulfilment { delivered p50Seconds p90Seconds p99Seconds } }", {}, (data) => {
        const f = data.fulfilment;
        barChart("fulfilment", ["p50", "p90", "p99"], [f.p50Seconds, f.p90Seconds, f.p99Seconds].map((v) => v ?? 0), "seconds",
          f.delivered + " orders delivered");
      }),
    ]);
    ticker();
  }
  if (scopes.includes("orders:refund")) refunds();
});

/** One chart, one query: POST /graphql through the edge. */
async function chart(name, query, variables, draw) {
  const card = document.querySelector("[data-chart='" + name + "']");
  try {
    const response = await Edge.call("/graphql", { method: "POST", json: { query, variables } });
    const body = await response.json();
    if (!response.ok || body.errors) {
      card.dataset.state = "error";
      card.querySelector(".chart").textContent = body.errors ? body.errors[0].message : await Edge.problemText(response);
      return;
    }
    draw(body.data);
    card.dataset.state = "drawn";
  } catch (e) {
    card.dataset.state = "error";
    card.querySelector(".chart").textContent = "Could not load this chart.";
  }
}

function rows(name, pairs) {
  document.getElementById("data-" + name).replaceChildren(...pairs.map(([label, value]) =>
    Edge.el("tr", {}, Edge.el("th", { scope: "row", text: label }), Edge.el("td", { class: "number", text: String(value) }))));
}

function size(element) {
  return { width: Math.max(280, element.clientWidth - 16), height: 220 };
}

function salesChart(days) {
  const element = document.getElementById("chart-sales");
  const today = new Date().toISOString().substring(0, 10);
  const now = days.find((d) => d.day === today);
  document.getElementById("ticker-now").textContent = now
    ? "Today so far: " + now.orders + " orders paid, " + Edge.money({ amount_minor: now.revenue, currency: now.currency }) + " revenue"
    : "Today so far: no orders paid yet";
  const byDay = new Map();
  for (const d of days) byDay.set(d.day, (byDay.get(d.day) || 0) + d.revenue / 100);
  rows("sales", [...byDay.keys()].sort().map((k) => [k, byDay.get(k).toFixed(2)]));
  if (byDay.size === 0) {
    element.textContent = "No sales in these 30 days yet.";
    return;
  }
  // Every one of the 30 days on the axis, a day without sales at 0.
  const start = Date.parse(today + "T00:00:00Z") / 1000 - 29 * 86400;
  const x = Array.from({ length: 30 }, (_, i) => start + i * 86400);
  const keys = x.map((t) => new Date(t * 1000).toISOString().substring(0, 10));
  new uPlot(Object.assign(size(element), {
    series: [{}, { label: "Revenue", stroke: "#0b5cad", fill: "rgba(11,92,173,.15)", points: { show: true } }],
    axes: [{}, { label: "EUR" }],
  }), [x, keys.map((k) => byDay.get(k) || 0)], element);
}

function barChart(name, labels, values, unit, note) {
  const element = document.getElementById("chart-" + name);
  rows(name, labels.map((label, i) => [label, values[i]]).concat(note ? [[note, ""]] : []));
  if (labels.length === 0) {
    element.textContent = "No data yet.";
    return;
  }
  const x = labels.map((_, i) => i);
  new uPlot(Object.assign(size(element), {
    scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
    series: [{ label: "" }, { label: unit, stroke: "#6f2da8", fill: "rgba(111,45,168,.35)", paths: uPlot.paths.bars({ size: [0.6, 60] }), points: { show: false } }],
    axes: [{ values: (u, ticks) => ticks.map((t) => Number.isInteger(t) && labels[t] !== undefined ? labels[t].substring(0, 14) : ""), incrs: [1] }, { label: unit }],
    legend: { show: false },
  }), [x, values], element);
}

/** GraphQL over SSE: one POST with Accept: text/event-stream, read as it arrives. */
async function ticker() {
  const now = document.getElementById("ticker-now");
  const list = document.getElementById("ticker");
  try {
    const response = await Edge.call("/graphql", {
      method: "POST",
      headers: { Accept: "text/event-stream" },
      json: { query: "subscription { salesTicker { day currency orders units revenue refunds } }" },
    });
    if (!response.ok || !response.body) {
      now.textContent = "The live ticker is unavailable.";
      return;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.substring(0, end);
        buffer = buffer.substring(end + 2);
        const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.substring(5)).join("\n");
        if (!data) continue;
        const sales = JSON.parse(data).data?.salesTicker;
        if (!sales) continue;
        const text = sales.day + ": " + sales.orders + " orders paid, " + sales.units + " units, "
          + Edge.money({ amount_minor: sales.revenue, currency: sales.currency }) + " revenue";
        now.textContent = text;
        list.prepend(Edge.el("li", { text: new Date().toLocaleTimeString() + " — " + text }));
      }
    }
    now.textContent += " (stream ended; reload to resume)";
  } catch (e) {
    now.textContent = "The live ticker stopped.";
  }
}

function refunds() {
  document.getElementById("refunds").hidden = false;
  const form = document.getElementById("refund");
  const message = document.getElementById("refund-message");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.textContent = "";
    if (!form.checkValidity()) {
      message.textContent = "Give an order id (a UUID), a reason, and an amount like 12.50 (or none).";
      message.className = "error";
      return;
    }
    const body = { reason: form.elements.reason.value.trim() };
    const amount = form.elements.amount.value.trim().replace(",", ".");
    if (amount) body.amount = { amount_minor: Math.round(parseFloat(amount) * 100), currency: "EUR" };
    const response = await Edge.call("/api/orders/" + encodeURIComponent(form.elements.order.value.trim().toLowerCase()) + "/refunds", {
      method: "POST",
      json: body,
      headers: { "Idempotency-Key": crypto.randomUUID() },
    });
    if (response.status === 202) {
      const refund = await response.json();
      message.textContent = "Refund of " + Edge.money(refund.amount) + " requested; the bank confirms it shortly.";
      message.className = "ok";
    } else {
      message.textContent = await Edge.problemText(response);
      message.className = "error";
    }
  });
}
