// The cart, kept in this browser until checkout.
"use strict";

document.addEventListener("DOMContentLoaded", render);

async function render() {
  const lines = Edge.cart.read();
  const skus = Object.keys(lines);
  const table = document.getElementById("lines");
  const body = table.querySelector("tbody");
  body.replaceChildren();
  document.getElementById("empty").hidden = skus.length > 0;
  table.hidden = skus.length === 0;
  document.getElementById("checkout").hidden = skus.length === 0;
  let subtotal = 0;
  let currency = "EUR";
  for (const sku of skus) {
    const response = await Edge.call("/api/products/" + encodeURIComponent(sku));
    if (!response.ok) {
      Edge.cart.set(sku, 0); // no longer sold
      continue;
    }
    const product = await response.json();
    currency = product.price.currency;
    subtotal += product.price.amount_minor * lines[sku];
    const quantity = Edge.el("input", { type: "number", min: "1", max: "100", value: String(lines[sku]), "aria-label": "Quantity of " + product.name });
    quantity.addEventListener("change", () => { Edge.cart.set(sku, parseInt(quantity.value, 10) || 0); render(); });
    const remove = Edge.el("button", { type: "button", class: "secondary", text: "Remove", "aria-label": "Remove " + product.name });
    remove.addEventListener("click", () => { Edge.cart.set(sku, 0); render(); });
    body.append(Edge.el("tr", {},
      Edge.el("td", {}, Edge.el("a", { href: "/products/" + encodeURIComponent(sku), text: product.name })),
      Edge.el("td", {}, quantity),
      Edge.el("td", { text: Edge.money({ amount_minor: product.price.amount_minor * lines[sku], currency: product.price.currency }) }),
      Edge.el("td", {}, remove)));
  }
  document.getElementById("subtotal").textContent = Edge.money({ amount_minor: subtotal, currency });
}
