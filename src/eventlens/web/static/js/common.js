// eventlens dashboard helpers. No string is ever parsed as HTML: every value from the
// store is inserted as a text node or an attribute value.
"use strict";

const EL = (() => {
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const message = body && body.error ? body.error.message : `HTTP ${response.status}`;
      throw new Error(message);
    }
    return body;
  }

  function vendorBuilt() {
    return document.body.dataset.vendor === "built";
  }

  function notice(container, message) {
    container.replaceChildren(h("p", { class: "notice", role: "status", text: message }));
  }

  function fmt(value, digits = 2) {
    if (value === null || value === undefined) return "–";
    return typeof value === "number" && !Number.isInteger(value) ? value.toFixed(digits) : String(value);
  }

  function dyadHref(source, target) {
    const q = new URLSearchParams({ source, target });
    return `/dyad?${q}`;
  }

  const QUAD = {
    1: { label: "verbal cooperation", color: "#2f7ed8" },
    2: { label: "material cooperation", color: "#1b9e77" },
    3: { label: "verbal conflict", color: "#e6a317" },
    4: { label: "material conflict", color: "#c8413b" },
  };

  // Rows {period, quad_class, events} -> Chart.js stacked bar data.
  function quadSeries(rows) {
    const periods = [...new Set(rows.map((r) => r.period))].sort();
    const index = new Map(periods.map((p, i) => [p, i]));
    const datasets = [1, 2, 3, 4].map((q) => ({
      label: `${q} ${QUAD[q].label}`,
      backgroundColor: QUAD[q].color,
      data: new Array(periods.length).fill(0),
    }));
    for (const r of rows) {
      const q = Number(r.quad_class);
      if (q >= 1 && q <= 4) datasets[q - 1].data[index.get(r.period)] += Number(r.events) || 0;
    }
    return { labels: periods, datasets };
  }

  // Fill the element `boxId` with a stacked bar chart of events over time by quad class, read from
  // its data-api URL. `extend(series, rows)` may add datasets and returns extra Chart.js scales.
  async function quadChart(boxId, { label, empty, failure, extend }) {
    const box = document.getElementById(boxId);
    if (!box) return;
    if (!vendorBuilt() || typeof Chart === "undefined") {
      notice(box, "Chart unavailable: front-end libraries not built (see the banner above).");
      return;
    }
    try {
      const data = await getJSON(box.dataset.api);
      const series = quadSeries(data.items);
      if (!series.labels.length) {
        notice(box, empty);
        return;
      }
      const extra = extend ? extend(series, data.items) : {};
      const canvas = h("canvas", { "aria-label": label, role: "img" });
      box.replaceChildren(canvas);
      new Chart(canvas, {
        type: "bar",
        data: series,
        options: {
          animation: false, maintainAspectRatio: false,
          scales: {
            x: { stacked: true },
            y: { stacked: true, beginAtZero: true, title: { display: true, text: "events" } },
            ...extra,
          },
        },
      });
      box.dataset.ready = "1";
    } catch (err) {
      notice(box, `${failure}: ${err.message}`);
    }
  }

  return { h, getJSON, vendorBuilt, notice, fmt, dyadHref, QUAD, quadSeries, quadChart };
})();
window.EL = EL;
