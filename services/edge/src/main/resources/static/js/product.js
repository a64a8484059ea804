// One product, and adding it to the cart.
"use strict";

document.addEventListener("DOMContentLoaded", async () => {
  const sku = document.getElementById("main").dataset.sku;
  const status = document.getElementById("status");
  const response = await Edge.call("/api/products/" + encodeURIComponent(sku));
  if (!response.ok) {
    document.getElementById("name").textContent = "No such product";
    document.getElementById("add").hidden = true;
    status.textContent = await Edge.problemText(response);
    return;
  }
  const product = await response.json();
  document.title = product.name + " · Orderflow";
  document.getElementById("name").textContent = product.name;
  document.getElementById("description").textContent = product.description;
  document.getElementById("price").textContent = Edge.money(product.price);
  document.getElementById("add").addEventListener("submit", (event) => {
    event.preventDefault();
    const quantity = parseInt(document.getElementById("quantity").value, 10);
    if (!(quantity >= 1 && quantity <= 100)) {
      status.textContent = "Choose a quantity from 1 to 100.";
      return;
    }
    Edge.cart.add(product.sku, quantity);
    status.textContent = quantity + " × " + product.name + " added to your cart.";
  });
});
