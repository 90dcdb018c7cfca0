// Map of event locations on offline world outlines (world-atlas + d3-geo), drawn as SVG: zoom
// (wheel or +/-) and pan (drag), circles sized by events and coloured by their main quad class,
// a dashed ring where the point is only a country's centroid, legends for colour and size.
"use strict";
(async () => {
  const holder = document.getElementById("map");
  const info = document.getElementById("map-info");
  const legendBox = document.getElementById("map-legend");
  if (!holder) return;
  if (!EL.vendorBuilt() || typeof d3 === "undefined" || typeof topojson === "undefined") {
    EL.notice(holder, "Map unavailable: front-end libraries not built (see the banner above). The table below lists the places.");
    return;
  }
  const S = EL.s;
  const mainQuad = (p) => [1, 2, 3, 4].reduce((best, q) => ((p[`quad${q}`] || 0) > (p[`quad${best}`] || 0) ? q : best), 1);

  // The area to show: the events' bounding box, padded, at least 36 x 24 degrees, the world when there is nothing.
  function extent(points) {
    if (!points.length) return { type: "Sphere" };
    const lons = points.map((p) => p.lon), lats = points.map((p) => p.lat);
    const cx = (Math.min(...lons) + Math.max(...lons)) / 2, cy = (Math.min(...lats) + Math.max(...lats)) / 2;
    const hw = Math.max((Math.max(...lons) - Math.min(...lons)) * 0.6, 18), hh = Math.max((Math.max(...lats) - Math.min(...lats)) * 0.6, 12);
    const cl = (v, m) => Math.max(-m, Math.min(m, v));
    return { type: "MultiPoint", coordinates: [[cl(cx - hw, 180), cl(cy - hh, 85)], [cl(cx + hw, 180), cl(cy - hh, 85)],
                                               [cl(cx - hw, 180), cl(cy + hh, 85)], [cl(cx + hw, 180), cl(cy + hh, 85)]] };
  }

  function legend(maxN) {
    if (!legendBox) return;
    const svg = S("svg", { viewBox: "0 0 520 58", width: 520, height: 58, "font-family": "system-ui, sans-serif", "font-size": 11, role: "img", "aria-label": "map legend" });
    let x = 6;
    for (const q of [1, 2, 3, 4]) {
      svg.append(S("circle", { cx: x + 6, cy: 12, r: 6, fill: EL.QUAD[q].color, "fill-opacity": 0.75 }), S("text", { x: x + 16, y: 16, text: EL.QUAD[q].label }));
      x += 28 + EL.QUAD[q].label.length * 6;
    }
    x = 6;
    const sizes = [...new Set([maxN, Math.max(1, Math.round(maxN / 4)), 1])];
    for (const n of sizes) {
      const r = radius(n, maxN);
      svg.append(S("circle", { cx: x + r, cy: 42, r, fill: "none", stroke: "#555" }), S("text", { x: x + 2 * r + 4, y: 46, text: `${EL.fmt(n)} event${n === 1 ? "" : "s"}` }));
      x += 2 * r + 70;
    }
    svg.append(S("circle", { cx: x + 7, cy: 42, r: 7, fill: "none", stroke: "#333", "stroke-dasharray": "2 2" }), S("text", { x: x + 18, y: 46, text: "country centroid (no finer place named)" }));
    legendBox.replaceChildren(svg);
  }

  const radius = (n, maxN) => 3 + 12 * Math.sqrt((n || 1) / maxN);

  try {
    const [world, places] = await Promise.all([EL.getJSON(holder.dataset.world), EL.getJSON(holder.dataset.api)]);
    const width = holder.clientWidth || 800, height = 520;
    const points = places.items.filter((p) => p.lat !== null && p.lon !== null);
    const projection = d3.geoNaturalEarth1().fitSize([width, height], extent(points));
    const path = d3.geoPath(projection);
    const land = topojson.feature(world, world.objects.countries), borders = topojson.mesh(world, world.objects.countries, (a, b) => a !== b);
    const svg = S("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": "map of event locations" });
    svg.append(S("rect", { x: 0, y: 0, width, height, fill: "#eaf1f8" }));
    const view = S("g", {});
    view.append(S("path", { d: path({ type: "Sphere" }), fill: "#eaf1f8" }), S("path", { d: path(land), fill: "#d9dfd2" }),
                S("path", { d: path(borders), fill: "none", stroke: "#ffffff", "stroke-width": 0.6, class: "borders" }));
    const maxN = Math.max(...points.map((p) => p.events || 1), 1);
    const drawn = points.map((p) => {
      const [x, y] = projection([p.lon, p.lat]);
      const r = radius(p.events, maxN), q = mainQuad(p);
      const c = S("circle", { cx: x, cy: y, r, fill: EL.QUAD[q].color, "fill-opacity": 0.7, stroke: "#333", "stroke-width": 0.8,
                               "stroke-dasharray": p.precision === "country" ? "2 2" : null, class: "place", tabindex: 0 },
                  S("title", { text: `${p.name} (${p.country || "?"}): ${p.events} events; ${p.precision === "country" ? "country centroid" : p.precision}` }));
      view.append(c);
      return { p, x, y, r, c };
    });
    svg.append(view);
    holder.replaceChildren(svg);
    legend(maxN);

    let k = 1, tx = 0, ty = 0;
    const apply = () => {
      view.setAttribute("transform", `translate(${tx.toFixed(1)},${ty.toFixed(1)}) scale(${k.toFixed(4)})`);
      for (const d of drawn) { d.c.setAttribute("r", (d.r / Math.sqrt(k)).toFixed(2)); d.c.setAttribute("stroke-width", (0.8 / k).toFixed(3)); }
      view.querySelector(".borders").setAttribute("stroke-width", (0.6 / k).toFixed(3));
      holder.dataset.zoom = k.toFixed(3);
    };
    const zoomAt = (factor, cx, cy) => {
      const nk = Math.max(1, Math.min(64, k * factor));
      tx = cx - (cx - tx) * (nk / k); ty = cy - (cy - ty) * (nk / k); k = nk;
      apply();
    };
    const local = (evt) => { const r = svg.getBoundingClientRect(); return [(evt.clientX - r.left) * width / r.width, (evt.clientY - r.top) * height / r.height]; };
    svg.addEventListener("wheel", (evt) => { evt.preventDefault(); const [x, y] = local(evt); zoomAt(evt.deltaY < 0 ? 1.25 : 0.8, x, y); }, { passive: false });
    let drag = null;
    svg.addEventListener("pointerdown", (evt) => { drag = { x: evt.clientX, y: evt.clientY, tx, ty, moved: false }; });
    svg.addEventListener("pointermove", (evt) => {
      if (!drag) return;
      const r = svg.getBoundingClientRect(), dx = (evt.clientX - drag.x) * width / r.width, dy = (evt.clientY - drag.y) * height / r.height;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      tx = drag.tx + dx; ty = drag.ty + dy; apply();
    });
    svg.addEventListener("pointerup", () => { setTimeout(() => { drag = null; }, 0); });
    svg.addEventListener("pointerleave", () => { drag = null; });
    document.getElementById("map-zoom-in")?.addEventListener("click", () => zoomAt(1.5, width / 2, height / 2));
    document.getElementById("map-zoom-out")?.addEventListener("click", () => zoomAt(1 / 1.5, width / 2, height / 2));
    document.getElementById("map-reset")?.addEventListener("click", () => { k = 1; tx = 0; ty = 0; apply(); });

    const select = (d) => {
      for (const o of drawn) o.c.setAttribute("stroke", o === d ? "#e0b400" : "#333");
      const q = new URL(holder.dataset.search, window.location.origin);
      q.searchParams.set("place", d.p.name);
      info.replaceChildren(
        EL.h("h2", { text: d.p.name }),
        EL.h("p", {}, `${d.p.country || "?"} · ${d.p.lat.toFixed(3)}, ${d.p.lon.toFixed(3)} · ${d.p.precision === "country" ? "country centroid: the text named only the country" : "precision: " + d.p.precision}`),
        EL.h("p", {}, `${EL.fmt(d.p.events)} events: ${[1, 2, 3, 4].map((n) => `${EL.QUAD[n].label} ${d.p["quad" + n] || 0}`).join(", ")}`),
        EL.h("p", {}, EL.h("a", { href: q.pathname + q.search, text: "the events located here" })));
    };
    for (const d of drawn) {
      d.c.addEventListener("click", () => { if (!drag || !drag.moved) select(d); });
      d.c.addEventListener("keydown", (evt) => { if (evt.key === "Enter") select(d); });
    }
    apply();
    if (places.total !== null && places.total > drawn.length) {
      holder.after(EL.h("p", { class: "notice", id: "map-cut", text: `Drawing the ${EL.fmt(drawn.length)} places with the most events of ${EL.fmt(places.total)}; narrow the filters to see the others.` }));
    }
    holder.dataset.ready = "1";
    holder.dataset.points = String(drawn.length);
  } catch (err) {
    EL.notice(info, `Could not draw the map: ${err.message}`);
  }
})();
