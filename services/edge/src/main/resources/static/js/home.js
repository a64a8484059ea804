// The catalog on the home page, read through the edge from orders' public products API.
"use strict";

document.addEventListener("DOMContentLoaded", async () => {
  const list = document.getElementById("products");
  const status = document.getElementById("status");
  try {
    const response = await Edge.call("/api/products?size=20");
    if (!response.ok) {
      status.textContent = await Edge.problemText(response);
      status.className = "error";
      return;
    }
    const page = await response.json();
    for (const product of page.items || []) {
      const item = document.createElement("li");
      const name = document.createElement("strong");
      name.textContent = product.name;
      const price = document.createElement("div");
      price.textContent = Edge.money(product.price.amount_minor, product.price.currency);
      item.append(name, price);
      list.append(item);
    }
    status.textContent = (page.items || []).length + " products";
  } catch (e) {
    if (e.message !== "signed out") {
      status.textContent = "The catalog could not be loaded.";
      status.className = "error";
    }
  }
});
