// Shared by the dashboard's pages: fetching the JSON API, building DOM safely (text only, never
// innerHTML with data), and formatting numbers and times.
"use strict";

const mlp = {
  /** GETs an API path; a 401 sends the browser to the login form and comes back here afterwards. */
  async api(path) {
    const response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
    if (response.status === 401) {
      location.href = "/login?next=" + encodeURIComponent(location.pathname);
      throw new Error("not logged in");
    }
    const body = await response.json();
    if (!response.ok) {
      const error = new Error(body.error || ("HTTP " + response.status));
      error.status = response.status;
      throw error;
    }
    return body;
  },

  /** el("td", {class: "num"}, "text", otherNode): an element with attributes and text or element children. */
  el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) e.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    }
    return e;
  },

  svg(tag, attrs, ...children) {
    const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children) {
      e.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    }
    return e;
  },

  /** Replaces a table body's rows. */
  fill(tbody, rows, emptyText, columns) {
    tbody.replaceChildren(...rows);
    if (rows.length === 0) {
      tbody.appendChild(mlp.el("tr", {}, mlp.el("td", { colspan: columns, class: "empty" }, emptyText)));
    }
  },

  error(x) {
    return x === null || x === undefined ? "–" : (100 * x).toFixed(2) + " %";
  },

  duration(ms) {
    if (ms === null || ms === undefined) return "–";
    const s = ms / 1000;
    if (s < 10) return s.toFixed(2) + " s";
    if (s < 60) return s.toFixed(1) + " s";
    const m = Math.floor(s / 60), rest = Math.round(s - 60 * m);
    if (m < 60) return m + " min " + rest + " s";
    return Math.floor(m / 60) + " h " + (m % 60) + " min";
  },

  time(ms) {
    const d = new Date(ms);
    const p = (n) => String(n).padStart(2, "0");
    return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + " " + p(d.getHours()) + ":"
      + p(d.getMinutes()) + ":" + p(d.getSeconds());
  },

  badge(cls, text) {
    return mlp.el("span", { class: "badge " + cls }, text);
  },

  settings(s) {
    const names = Object.keys(s || {});
    return names.length === 0 ? "course algorithm" : names.map((n) => n + "=" + s[n]).join(", ");
  },

  /** Runs load() now and every periodMs after it ends; shows failures in the element with id "summary". */
  every(periodMs, load) {
    const tick = async () => {
      try {
        await load();
      } catch (e) {
        const s = document.getElementById("summary");
        if (s) s.textContent = "Cannot reach the coordinator: " + e.message;
      }
      setTimeout(tick, periodMs);
    };
    tick();
  },
};

mlp.api("/api/cluster").then((c) => {
  document.getElementById("version").textContent = "coordinator " + c.version;
}).catch(() => {});
