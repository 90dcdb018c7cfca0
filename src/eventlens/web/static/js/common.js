// eventlens dashboard helpers. No string is ever parsed as HTML: every value from the
// store is inserted as a text node or an attribute value.
"use strict";

const EL = (() => {
  const SVG_NS = "http://www.w3.org/2000/svg";

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

  // An SVG element with presentation attributes (never a style attribute: the CSP forbids inline styles).
  function s(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = String(value);
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
    if (typeof value === "number" && Number.isInteger(value)) return value.toLocaleString("en");
    return typeof value === "number" ? value.toFixed(digits) : String(value);
  }

  // The current page's filters (the URL's query), with changes; `null` drops one.
  function withParams(path, changes) {
    const q = new URLSearchParams(window.location.search);
    for (const name of ["limit", "offset", "sort", "tab", "edges", "min_weight", "min_degree"]) q.delete(name);
    for (const [k, v] of Object.entries(changes || {})) {
      if (v === null || v === undefined || v === "") q.delete(k); else q.set(k, v);
    }
    const text = q.toString();
    return text ? `${path}?${text}` : path;
  }

  function dyadHref(source, target) {
    return withParams("/dyad", { source, target, actor: null, direction: null });
  }

  const QUAD = {
    1: { label: "verbal cooperation", color: "#2f7ed8" },
    2: { label: "material cooperation", color: "#1b9e77" },
    3: { label: "verbal conflict", color: "#e6a317" },
    4: { label: "material conflict", color: "#c8413b" },
  };

  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  // An SVG element as a standalone file (its presentation attributes carry every colour).
  function svgBlob(svg) {
    const copy = svg.cloneNode(true);
    copy.setAttribute("xmlns", SVG_NS);
    const text = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
    return new Blob([text], { type: "image/svg+xml" });
  }

  // Rasterise an SVG element to a PNG blob (2x for sharpness).
  function pngOfSvg(svg, callback) {
    const box = svg.viewBox.baseVal;
    const width = box && box.width ? box.width : svg.clientWidth, height = box && box.height ? box.height : svg.clientHeight;
    const img = new Image();
    const url = URL.createObjectURL(svgBlob(svg));
    img.onload = () => {
      const canvas = h("canvas", { width: width * 2, height: height * 2 });
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(url);
      canvas.toBlob(callback, "image/png");
    };
    img.src = url;
  }

  function fileName(base, ext) {
    const q = new URLSearchParams(window.location.search).toString().replace(/[^A-Za-z0-9=_-]+/g, "_").slice(0, 80);
    return `eventlens-${base}${q ? "-" + q : ""}.${ext}`;
  }

  // Buttons data-svg-of / data-png-of="ID" save the SVG inside element ID.
  function wireImageExports() {
    for (const button of document.querySelectorAll("[data-svg-of], [data-png-of]")) {
      button.addEventListener("click", () => {
        const id = button.dataset.svgOf || button.dataset.pngOf;
        const svg = document.querySelector(`#${CSS.escape(id)} svg`);
        if (!svg) return;
        if (button.dataset.svgOf) download(svgBlob(svg), fileName(id, "svg"));
        else pngOfSvg(svg, (blob) => download(blob, fileName(id, "png")));
      });
    }
  }

  // Actor fields suggest codes, countries and names from /api/lookup while typing.
  function wireLookup() {
    const list = document.getElementById("actor-suggestions");
    if (!list) return;
    let timer = null;
    for (const input of document.querySelectorAll("input[data-lookup]")) {
      input.addEventListener("input", () => {
        clearTimeout(timer);
        const text = input.value.trim();
        if (text.length < 2) return;
        timer = setTimeout(async () => {
          try {
            const data = await getJSON(`/api/lookup?${new URLSearchParams({ q: text })}`);
            list.replaceChildren(...data.items.map((item) =>
              h("option", { value: item.code, label: `${item.name || item.code} (${item.code}, ${item.kind})` })));
          } catch (err) { /* suggestions only */ }
        }, 150);
      });
    }
  }

  document.addEventListener("DOMContentLoaded", () => { wireImageExports(); wireLookup(); });
  return { h, s, getJSON, vendorBuilt, notice, fmt, withParams, dyadHref, QUAD, download, svgBlob, pngOfSvg, fileName };
})();
window.EL = EL;
