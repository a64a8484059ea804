// What every page's scripts share: calls through the edge with the session cookie and, on writes,
// the CSRF token (from the XSRF-TOKEN cookie, sent back as X-XSRF-TOKEN). No token of any other
// kind ever reaches this code. The edge's own 401 (sign-in-required) means the session has ended:
// the person signs in again.
"use strict";

const Edge = (() => {
  const SIGN_IN = "/oauth2/authorization/orderflow-edge";
  const SIGN_IN_REQUIRED = "https://orderflow.dev/problems/sign-in-required";

  function csrfToken() {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("XSRF-TOKEN="));
    return cookie ? decodeURIComponent(cookie.substring("XSRF-TOKEN=".length)) : null;
  }

  async function call(path, options = {}) {
    const method = (options.method || "GET").toUpperCase();
    const headers = Object.assign({ Accept: "application/json, application/problem+json" }, options.headers || {});
    if (options.json !== undefined) {
      headers["Content-Type"] = "application/json";
      options = Object.assign({}, options, { body: JSON.stringify(options.json) });
    }
    if (method !== "GET" && method !== "HEAD") {
      const token = csrfToken();
      if (token) headers["X-XSRF-TOKEN"] = token;
    }
    const response = await fetch(path, Object.assign({}, options, { method, headers, credentials: "same-origin" }));
    if (response.status === 401 && (await response.clone().json().catch(() => ({}))).type === SIGN_IN_REQUIRED) {
      // The edge has no session for this browser (never signed in, expired): sign in again. A 401
      // from a service behind the edge is that service's answer, shown like any other problem.
      window.location.assign(SIGN_IN);
      throw new Error("signed out");
    }
    return response;
  }

  /** A problem's human sentence, or a generic one. */
  async function problemText(response) {
    try {
      const problem = await response.json();
      return problem.detail || problem.title || "HTTP " + response.status;
    } catch (e) {
      return "HTTP " + response.status;
    }
  }

  function money(value) {
    if (!value) return "";
    return new Intl.NumberFormat("en", { style: "currency", currency: value.currency }).format(value.amount_minor / 100);
  }

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === "text") node.textContent = value;
      else if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? "" : value);
    }
    node.append(...children);
    return node;
  }

  /** The cart lives in this browser (localStorage), as SKU → quantity, until the order is placed. */
  const cart = {
    read() {
      try {
        return JSON.parse(localStorage.getItem("orderflow.cart") || "{}");
      } catch (e) {
        return {};
      }
    },
    write(lines) {
      localStorage.setItem("orderflow.cart", JSON.stringify(lines));
      showCount();
    },
    add(sku, quantity) {
      const lines = cart.read();
      lines[sku] = Math.min(100, (lines[sku] || 0) + quantity);
      cart.write(lines);
    },
    set(sku, quantity) {
      const lines = cart.read();
      if (quantity > 0) lines[sku] = Math.min(100, quantity);
      else delete lines[sku];
      cart.write(lines);
    },
    clear() {
      cart.write({});
    },
  };

  function showCount() {
    const badge = document.getElementById("cart-count");
    if (!badge) return;
    const count = Object.values(cart.read()).reduce((a, b) => a + b, 0);
    badge.textContent = count > 0 ? String(count) : "";
  }

  document.addEventListener("DOMContentLoaded", showCount);

  return { call, problemText, money, el, cart, SIGN_IN };
})();
