// Actor network: nodes are actor codes, edges are dyads (width = events,
// colour = mean Goldstein). Select a node to list its dyads.
"use strict";
(async () => {
  const box = document.getElementById("network");
  const side = document.getElementById("network-side");
  if (!box) return;
  if (!EL.vendorBuilt() || typeof cytoscape === "undefined") {
    EL.notice(box, "Network unavailable: front-end libraries not built (see the banner above). The dyad table below lists the same edges.");
    return;
  }

  function goldsteinColor(g) {
    if (g === null || g === undefined) return "#999";
    const t = Math.max(-1, Math.min(1, g / 10));
    return t >= 0 ? `rgb(${Math.round(120 - 90 * t)},${Math.round(140 + 40 * t)},${Math.round(120 - 40 * t)})`
                  : `rgb(${Math.round(160 - 40 * t)},${Math.round(110 + 60 * t)},${Math.round(100 + 40 * t)})`;
  }

  async function showActor(code) {
    side.replaceChildren(EL.h("h2", { text: `Dyads of ${code}` }), EL.h("p", { class: "muted", text: "loading…" }));
    try {
      const data = await EL.getJSON(`/api/dyads?${new URLSearchParams({ actor: code, limit: 100 })}`);
      const rows = data.items.map((d) =>
        EL.h("tr", {},
          EL.h("td", {}, EL.h("a", { href: EL.dyadHref(d.source, d.target), class: "dyad-link", text: `${d.source} → ${d.target}` })),
          EL.h("td", { class: "num", text: EL.fmt(d.events) }),
          EL.h("td", { class: "num", text: EL.fmt(d.goldstein_mean) })));
      side.replaceChildren(
        EL.h("h2", { text: `Dyads of ${code}` }),
        rows.length
          ? EL.h("table", { id: "actor-dyads" },
              EL.h("thead", {}, EL.h("tr", {}, EL.h("th", { text: "dyad" }), EL.h("th", { class: "num", text: "events" }), EL.h("th", { class: "num", text: "Goldstein" }))),
              EL.h("tbody", {}, rows))
          : EL.h("p", { class: "muted", text: "No dyads." }));
    } catch (err) {
      EL.notice(side, `Could not load dyads: ${err.message}`);
    }
  }

  try {
    const data = await EL.getJSON(box.dataset.api);
    if (!data.nodes.length) {
      EL.notice(box, "No dyads in this store (or matching the filter).");
      return;
    }
    const maxNode = Math.max(...data.nodes.map((n) => n.events), 1);
    const maxEdge = Math.max(...data.edges.map((e) => e.events), 1);
    const elements = [
      ...data.nodes.map((n) => {
        const size = 14 + 36 * Math.sqrt(n.events / maxNode);
        return { data: { id: n.id, label: n.id, size, font: Math.round(10 + size / 5) } };
      }),
      ...data.edges.map((e, i) => ({
        data: { id: `e${i}`, source: e.source, target: e.target, w: 1 + 7 * (e.events / maxEdge), color: goldsteinColor(e.goldstein_mean), events: e.events },
      })),
    ];
    box.replaceChildren();
    const cy = cytoscape({
      container: box,
      elements,
      wheelSensitivity: 0.3,
      style: [
        // labels grow with the node and are hidden while too small to read (zoom in to see the minor actors)
        { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)", "background-color": "#1f5fa8", color: "#1d2430",
                                     "font-size": "data(font)", "min-zoomed-font-size": 7, "text-valign": "bottom", "text-margin-y": 3,
                                     "text-background-color": "#ffffff", "text-background-opacity": 0.7, "text-background-padding": 1 } },
        { selector: "node:selected", style: { "background-color": "#e0b400", "border-width": 2, "border-color": "#333" } },
        { selector: "edge", style: { width: "data(w)", "line-color": "data(color)", "target-arrow-color": "data(color)", "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.8 } },
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90,
                componentSpacing: 40, nodeDimensionsIncludeLabels: true, padding: 12 },
    });
    // frame the largest connected web of actors (isolated pairs stay around it: zoom out or pan to see them)
    const largest = cy.elements().components().reduce((a, b) => (b.nodes().length > a.nodes().length ? b : a));
    if (largest.nodes().length >= 4 && largest.nodes().length < cy.nodes().length) {
      cy.fit(largest, 24);
      if (cy.zoom() > 1.6) {
        const bb = largest.boundingBox();
        cy.zoom({ level: 1.6, position: { x: (bb.x1 + bb.x2) / 2, y: (bb.y1 + bb.y2) / 2 } });
      }
    }
    cy.on("tap", "node", (evt) => showActor(evt.target.id()));
    cy.on("tap", "edge", (evt) => { window.location.href = EL.dyadHref(evt.target.data("source"), evt.target.data("target")); });
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
