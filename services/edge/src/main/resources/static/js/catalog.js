// The catalog: orders' public products API through the edge, a page at a time, with search.
"use strict";

document.addEventListener("DOMContentLoaded", async () => {
  const params = new URLSearchParams(window.location.search);
  const page = Math.max(0, parseInt(params.get("page") || "0", 10) || 0);
  const q = (params.get("q") || "").trim();
  const list = document.getElementById("products");
  const status = document.getElementById("status");
  const query = new URLSearchParams({ page: String(page), size: "12" });
  if (q) query.set("q", q);
  try {
    const response = await Edge.call("/api/products?" + query);
    if (!response.ok) {
      status.textContent = await Edge.problemText(response);
      status.className = "error";
      return;
    }
    const body = await response.json();
    for (const product of body.items) {
      const add = Edge.el("button", { type: "button", class: "secondary", "aria-label": "Add " + product.name + " to cart", text: "Add to cart" });
      add.addEventListener("click", () => {
        Edge.cart.add(product.sku, 1);
        status.textContent = product.name + " added to your cart.";
      });
      list.append(Edge.el("li", { class: "product", "data-sku": product.sku },
        Edge.el("a", { href: "/products/" + encodeURIComponent(product.sku), text: product.name }),
        Edge.el("div", { class: "price", text: Edge.money(product.price) }),
        add));
    }
    status.textContent = body.total_items === 0
      ? (q ? "No product matches “" + q + "”." : "The catalog is empty.")
      : body.total_items + (body.total_items === 1 ? " product" : " products") + (q ? " matching “" + q + "”" : "");
    const link = (target) => { const p = new URLSearchParams(query); p.delete("size"); p.set("page", String(target)); return "/?" + p; };
    if (page > 0) Object.assign(document.getElementById("prev"), { hidden: false, href: link(page - 1) });
    if (page + 1 < body.total_pages) Object.assign(document.getElementById("next"), { hidden: false, href: link(page + 1) });
    if (body.total_pages > 1) document.getElementById("page-of").textContent = "Page " + (page + 1) + " of " + body.total_pages;
  } catch (e) {
    if (e.message !== "signed out") {
      status.textContent = "The catalog could not be loaded.";
      status.className = "error";
    }
  }
});
