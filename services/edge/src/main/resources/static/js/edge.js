// What every page's scripts share: calls through the edge with the session cookie and, on writes,
// the CSRF token (from the XSRF-TOKEN cookie, sent back as X-XSRF-TOKEN). No token of any other
// kind ever reaches this code. A 401 means the session has ended: the person signs in again.
"use strict";

const Edge = (() => {
  function csrfToken() {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("XSRF-TOKEN="));
    return cookie ? decodeURIComponent(cookie.substring("XSRF-TOKEN=".length)) : null;
  }

  async function call(path, options = {}) {
    const method = (options.method || "GET").toUpperCase();
    const headers = Object.assign({ Accept: "application/json, application/problem+json" }, options.headers || {});
    if (method !== "GET" && method !== "HEAD") {
      const token = csrfToken();
      if (token) headers["X-XSRF-TOKEN"] = token;
    }
    const response = await fetch(path, Object.assign({}, options, { method, headers, credentials: "same-origin" }));
    if (response.status === 401) {
      window.location.assign("/oauth2/authorization/orderflow-edge");
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

  function money(minor, currency) {
    return new Intl.NumberFormat(undefined, { style: "currency", currency: currency || "EUR" }).format(minor / 100);
  }

  return { call, problemText, money };
})();
