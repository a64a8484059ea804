// Checkout: the address, checked as orders.yaml's Address says (the browser's constraint
// validation first, orders' answer second), then the order placed with an Idempotency-Key kept for
// this cart, so a retry after a lost answer places it once.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("address");
  const status = document.getElementById("status");
  const lines = Edge.cart.read();
  const items = Object.entries(lines).map(([sku, quantity]) => ({ sku, quantity }));
  document.getElementById("summary").textContent = items.length === 0
    ? "Your cart is empty."
    : items.reduce((n, item) => n + item.quantity, 0) + " item(s) in your cart.";
  form.querySelector("button").disabled = items.length === 0;

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const error of form.querySelectorAll(".field-error")) error.textContent = "";
    form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
    status.textContent = "";
    const country = form.elements.country;
    country.value = country.value.trim().toUpperCase();
    if (!form.checkValidity()) {
      for (const input of form.querySelectorAll("input")) {
        if (!input.validity.valid) fieldError(input.name, input.validationMessage);
      }
      form.querySelector("[aria-invalid]").focus();
      return;
    }
    const address = {};
    for (const name of ["name", "line1", "line2", "city", "postal_code", "country"]) {
      const value = form.elements[name].value.trim();
      if (value || name !== "line2") address[name] = value;
    }
    const body = { items, shipping_address: address };
    const key = idempotencyKey(body);
    form.querySelector("button").disabled = true;
    try {
      const response = await Edge.call("/api/orders", { method: "POST", json: body, headers: { "Idempotency-Key": key } });
      if (response.status === 201) {
        const order = await response.json();
        sessionStorage.removeItem("orderflow.checkout");
        Edge.cart.clear();
        window.location.assign("/orders/" + order.id);
        return;
      }
      const problem = await response.json().catch(() => ({}));
      for (const error of problem.errors || []) {
        fieldError(error.field.replace("shipping_address.", ""), error.message);
      }
      status.textContent = problem.detail || problem.title || "The order could not be placed.";
    } catch (e) {
      if (e.message !== "signed out") status.textContent = "The order could not be placed; try again (it will not be placed twice).";
    } finally {
      form.querySelector("button").disabled = false;
    }
  });

  function fieldError(name, message) {
    const input = form.elements[name];
    const slot = document.getElementById(name + "-error");
    if (input && slot) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", slot.id);
      slot.textContent = message;
    } else {
      status.textContent = (status.textContent ? status.textContent + " " : "") + name + ": " + message;
    }
  }

  // One key per distinct checkout: the same body again (a retry) reuses it; a changed one gets a new key.
  function idempotencyKey(body) {
    const text = JSON.stringify(body);
    const saved = JSON.parse(sessionStorage.getItem("orderflow.checkout") || "null");
    if (saved && saved.body === text) return saved.key;
    const key = crypto.randomUUID();
    sessionStorage.setItem("orderflow.checkout", JSON.stringify({ body: text, key }));
    return key;
  }
});
