// Actor network (cytoscape.js, preset layout): positions, communities and centrality come from the
// server (networkx, seeded), so the same filters draw the same picture on every load. Labels are
// sized for the opening zoom: the strongest actors' labels read at 12 px as the page opens, the
// others' appear as you zoom in. Node search, a side panel of a node's dyads under the page's
// filters, drawn-vs-hidden totals, SVG and PNG export.
"use strict";
(async () => {
  const box = document.getElementById("network");
  const side = document.getElementById("network-side");
  const totalsEl = document.getElementById("network-totals");
  if (!box) return;
  if (!EL.vendorBuilt() || typeof cytoscape === "undefined") {
    EL.notice(box, "Network unavailable: front-end libraries not built (see the banner above). The dyad table below lists the same edges.");
    return;
  }
  const PALETTE = ["#1f5fa8", "#e07b39", "#1b9e77", "#7b5ea7", "#c8413b", "#a6761d", "#e7298a", "#0f8b8d", "#6b8e23", "#8c564b"];
  const communityColor = (c) => (c < PALETTE.length ? PALETTE[c] : "#8a96a3");

  function goldsteinColor(g) {
    if (g === null || g === undefined) return "#999";
    const t = Math.max(-1, Math.min(1, g / 10));
    return t >= 0 ? `rgb(${Math.round(120 - 90 * t)},${Math.round(140 + 40 * t)},${Math.round(120 - 40 * t)})`
                  : `rgb(${Math.round(160 - 40 * t)},${Math.round(110 + 60 * t)},${Math.round(100 + 40 * t)})`;
  }

  function showTotals(t) {
    if (!totalsEl) return;
    const hidden = t.edges_total - t.edges_drawn;
    totalsEl.textContent = `Drawing ${EL.fmt(t.edges_drawn)} of ${EL.fmt(t.edges_total)} dyads (${EL.fmt(t.events_drawn)} of ` +
      `${EL.fmt(t.events_total)} events) between ${EL.fmt(t.nodes_drawn)} of ${EL.fmt(t.nodes_total)} actors` +
      (hidden ? `; hidden: ${EL.fmt(t.hidden.by_limit)} beyond the edge limit, ${EL.fmt(t.hidden.by_weight)} under the minimum events, ` +
                `${EL.fmt(t.hidden.by_degree)} joining actors under the minimum edges.` : "; nothing hidden.");
    totalsEl.dataset.drawn = String(t.edges_drawn);
    totalsEl.dataset.total = String(t.edges_total);
  }

  async function showActor(code) {
    const url = new URL(side.dataset.apiFilters, window.location.origin);
    url.searchParams.set("actor", code);
    url.searchParams.set("limit", "100");
    side.replaceChildren(EL.h("h2", { text: `Dyads of ${code}` }), EL.h("p", { class: "muted", text: "loading…" }));
    try {
      const data = await EL.getJSON(url.pathname + url.search);
      const rows = data.items.map((d) =>
        EL.h("tr", {},
          EL.h("td", {}, EL.h("a", { href: EL.dyadHref(d.source, d.target), class: "dyad-link", text: `${d.source} → ${d.target}` })),
          EL.h("td", { class: "num", text: EL.fmt(d.events) }),
          EL.h("td", { class: "num", text: EL.fmt(d.goldstein_mean) })));
      const csv = new URL(url); csv.searchParams.set("format", "csv");
      side.replaceChildren(
        EL.h("h2", { text: `Dyads of ${code}` }),
        EL.h("p", { class: "muted", text: `${EL.fmt(data.items.length)} of ${EL.fmt(data.total)} dyads, under this page's filters` }),
        rows.length
          ? EL.h("table", { id: "actor-dyads" },
              EL.h("thead", {}, EL.h("tr", {}, EL.h("th", { text: "dyad" }), EL.h("th", { class: "num", text: "events" }), EL.h("th", { class: "num", text: "Goldstein" }))),
              EL.h("tbody", {}, rows))
          : EL.h("p", { class: "muted", text: "No dyads." }),
        EL.h("p", { class: "exports" }, "download ", EL.h("a", { download: "", class: "export-csv", href: csv.pathname + csv.search, text: "CSV" })));
    } catch (err) {
      EL.notice(side, `Could not load dyads: ${err.message}`);
    }
  }

  function elements(data) {
    const maxNode = Math.max(...data.nodes.map((n) => n.events), 1);
    const maxEdge = Math.max(...data.edges.map((e) => e.events), 1);
    const rank = new Map(data.nodes.map((n, i) => [n.id, i]));
    return [
      ...data.nodes.map((n) => ({ data: { id: n.id, label: n.id, name: n.name, rel: Math.sqrt(n.events / maxNode), top: rank.get(n.id) < 30, size: 20, font: 12,
                                           color: communityColor(n.community), community: n.community, betweenness: n.betweenness, degree: n.degree },
                                  position: { x: n.x, y: n.y } })),
      ...data.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target, rel: e.events / maxEdge, w: 2,
                                             color: goldsteinColor(e.goldstein_mean), events: e.events } })),
    ];
  }

  // Sizes in model units chosen so that, at the opening zoom z0, nodes are 12-40 px and labels 12 px.
  function sizeFor(cy) {
    const z0 = cy.zoom();
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        n.data("size", (12 + 28 * n.data("rel")) / z0);
        n.data("font", (n.data("top") ? 12 : 9) / z0);
      });
      cy.edges().forEach((e) => e.data("w", (1 + 6 * e.data("rel")) / z0));
    });
    box.dataset.openingZoom = String(z0);
  }

  function svgOf(cy) {
    const bb = cy.elements().boundingBox({ includeLabels: true });
    const S = EL.s, pad = 20, w = bb.w + 2 * pad, hgt = bb.h + 2 * pad;
    const svg = S("svg", { viewBox: `${bb.x1 - pad} ${bb.y1 - pad} ${w} ${hgt}`, width: Math.round(w), height: Math.round(hgt), "font-family": "system-ui, sans-serif" });
    svg.append(S("rect", { x: bb.x1 - pad, y: bb.y1 - pad, width: w, height: hgt, fill: "#ffffff" }));
    cy.edges().forEach((e) => {
      const a = e.source().position(), b = e.target().position();
      svg.append(S("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: e.data("color"), "stroke-width": e.data("w"), "stroke-opacity": 0.8 },
                   S("title", { text: `${e.data("source")} → ${e.data("target")}: ${e.data("events")} events` })));
    });
    cy.nodes().forEach((n) => {
      const p = n.position(), r = n.data("size") / 2;
      svg.append(S("circle", { cx: p.x, cy: p.y, r, fill: n.data("color") }, S("title", { text: `${n.id()} ${n.data("name") || ""}` })));
      svg.append(S("text", { x: p.x, y: p.y + r + n.data("font"), "font-size": n.data("font"), "text-anchor": "middle", fill: "#1d2430", text: n.id() }));
    });
    return svg;
  }

  function wireSearch(cy, data) {
    const input = document.getElementById("node-search"), list = document.getElementById("node-names"), out = document.getElementById("node-search-result");
    if (!input) return;
    list.replaceChildren(...data.nodes.map((n) => EL.h("option", { value: n.id, label: n.name && n.name !== n.id ? `${n.id} (${n.name})` : n.id })));
    let last = "";
    const find = () => {
      const q = input.value.trim().toLowerCase();
      if (!q || q === last) return;  // Enter and the change that follows it ask once
      last = q;
      const hit = cy.nodes().filter((n) => n.id().toLowerCase() === q)[0] || cy.nodes().filter((n) => n.id().toLowerCase().startsWith(q))[0]
        || cy.nodes().filter((n) => (n.data("name") || "").toLowerCase().includes(q))[0];
      if (!hit) {
        out.textContent = `No drawn actor matches "${input.value}" (${data.totals.nodes_total - data.totals.nodes_drawn} actors are not drawn: raise the edge limit or lower the minimums).`;
        return;
      }
      cy.elements().unselect();
      hit.select();
      cy.zoom({ level: Math.max(cy.zoom(), Number(box.dataset.openingZoom) * 2), position: hit.position() });
      cy.center(hit);
      out.textContent = `${hit.id()}${hit.data("name") && hit.data("name") !== hit.id() ? " (" + hit.data("name") + ")" : ""}: ` +
        `${hit.data("degree")} drawn edges, betweenness ${EL.fmt(hit.data("betweenness"), 3)}, community ${hit.data("community") + 1}`;
      showActor(hit.id());
    };
    input.addEventListener("change", find);
    input.addEventListener("keydown", (evt) => { if (evt.key === "Enter") { evt.preventDefault(); find(); } });
  }

  function showCommunities(data) {
    const holder = document.getElementById("communities");
    if (!holder || !data.communities.length) return;
    holder.replaceChildren(EL.h("h3", { text: "Communities (Louvain)" }),
      EL.h("ul", { class: "communities" }, data.communities.slice(0, 10).map((c) =>
        EL.h("li", {}, EL.h("span", { class: `swatch c${c.id % 10}`, "aria-hidden": "true", text: "●" }),
             ` ${c.id + 1}: ${c.size} actors — ${c.members.join(", ")}${c.size > c.members.length ? ", …" : ""}`))));
  }

  try {
    const data = await EL.getJSON(box.dataset.api);
    showTotals(data.totals);
    if (!data.nodes.length) {
      EL.notice(box, "No dyads match these filters.");
      box.dataset.ready = "1";
      return;
    }
    box.replaceChildren();
    const cy = cytoscape({
      container: box, elements: elements(data), layout: { name: "preset", padding: 30 },
      style: [
        { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)", "background-color": "data(color)", color: "#1d2430",
                                     "font-size": "data(font)", "min-zoomed-font-size": 10, "text-valign": "bottom", "text-margin-y": 2,
                                     "text-background-color": "#ffffff", "text-background-opacity": 0.75, "text-background-padding": 1 } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#e0b400" } },
        { selector: "edge", style: { width: "data(w)", "line-color": "data(color)", "target-arrow-color": "data(color)", "target-arrow-shape": "triangle",
                                     "arrow-scale": 0.8, "curve-style": "bezier", opacity: 0.75 } },
      ],
    });
    cy.fit(undefined, 30);
    sizeFor(cy);
    cy.on("tap", "node", (evt) => showActor(evt.target.id()));
    cy.on("tap", "edge", (evt) => { window.location.href = EL.dyadHref(evt.target.data("source"), evt.target.data("target")); });
    wireSearch(cy, data);
    showCommunities(data);
    const svgButton = document.getElementById("network-svg"), pngButton = document.getElementById("network-png");
    if (svgButton) svgButton.addEventListener("click", () => EL.download(EL.svgBlob(svgOf(cy)), EL.fileName("network", "svg")));
    if (pngButton) pngButton.addEventListener("click", () => cy.png({ full: true, scale: 2, bg: "#ffffff", output: "blob-promise" })
      .then((blob) => EL.download(blob, EL.fileName("network", "png"))));
    window.eventlensNetwork = cy; // for the browser tests and the console
    box.dataset.ready = "1";
    const focus = box.dataset.actor;
    if (focus && cy.getElementById(focus).nonempty()) {
      cy.getElementById(focus).select();
      showActor(focus);
    }
  } catch (err) {
    EL.notice(box, `Could not load the network: ${err.message}`);
  }
})();
