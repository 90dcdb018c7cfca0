// Map of event locations on offline world outlines (world-atlas + d3-geo,
// drawn on a canvas; no tiles, no network).
"use strict";
(async () => {
  const canvas = document.getElementById("map");
  const info = document.getElementById("map-info");
  if (!canvas) return;
  if (!EL.vendorBuilt() || typeof d3 === "undefined" || typeof topojson === "undefined") {
    EL.notice(info, "Map unavailable: front-end libraries not built (see the banner above). The table below lists the places.");
    canvas.classList.add("hidden");
    return;
  }
  // The area to show: the events' bounding box, padded, at least 36 x 24 degrees
  // (so one city still shows its region), the whole world when there is nothing.
  function extent(points) {
    if (!points.length) return { type: "Sphere" };
    const lons = points.map((p) => p.lon), lats = points.map((p) => p.lat);
    const cx = (Math.min(...lons) + Math.max(...lons)) / 2, cy = (Math.min(...lats) + Math.max(...lats)) / 2;
    const hw = Math.max((Math.max(...lons) - Math.min(...lons)) * 0.6, 18);
    const hh = Math.max((Math.max(...lats) - Math.min(...lats)) * 0.6, 12);
    const clampLon = (v) => Math.max(-180, Math.min(180, v)), clampLat = (v) => Math.max(-85, Math.min(85, v));
    return { type: "MultiPoint", coordinates: [
      [clampLon(cx - hw), clampLat(cy - hh)], [clampLon(cx + hw), clampLat(cy - hh)],
      [clampLon(cx - hw), clampLat(cy + hh)], [clampLon(cx + hw), clampLat(cy + hh)]] };
  }

  try {
    const [world, places] = await Promise.all([EL.getJSON(canvas.dataset.world), EL.getJSON(canvas.dataset.api)]);
    const land = topojson.feature(world, world.objects.countries);
    const borders = topojson.mesh(world, world.objects.countries, (a, b) => a !== b);
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth, height = canvas.clientHeight;
    canvas.width = width * ratio; canvas.height = height * ratio;
    const ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    const points = places.items.filter((p) => p.lat !== null && p.lon !== null);
    const projection = d3.geoNaturalEarth1().fitSize([width, height], extent(points));
    const path = d3.geoPath(projection, ctx);
    const maxN = Math.max(...points.map((p) => p.events || 1), 1);
    const drawn = points.map((p) => {
      const [x, y] = projection([p.lon, p.lat]);
      return { p, x, y, r: 3 + 12 * Math.sqrt((p.events || 1) / maxN) };
    });
    function draw(selected) {
      ctx.clearRect(0, 0, width, height);
      ctx.fillStyle = "#eaf1f8"; ctx.beginPath(); path({ type: "Sphere" }); ctx.fill();
      ctx.fillStyle = "#d9dfd2"; ctx.beginPath(); path(land); ctx.fill();
      ctx.strokeStyle = "#ffffff"; ctx.lineWidth = 0.6; ctx.beginPath(); path(borders); ctx.stroke();
      for (const d of drawn) {
        ctx.beginPath(); ctx.arc(d.x, d.y, d.r, 0, 2 * Math.PI);
        ctx.fillStyle = d === selected ? "rgba(224,180,0,0.9)" : "rgba(200,65,59,0.6)";
        ctx.fill(); ctx.strokeStyle = "#7a1f1a"; ctx.lineWidth = 0.8; ctx.stroke();
      }
    }
    draw(null);
    function pick(evt) {
      const rect = canvas.getBoundingClientRect();
      const x = evt.clientX - rect.left, y = evt.clientY - rect.top;
      let best = null, bestD = Infinity;
      for (const d of drawn) {
        const dist = Math.hypot(d.x - x, d.y - y);
        if (dist <= d.r + 3 && dist < bestD) { best = d; bestD = dist; }
      }
      return best;
    }
    canvas.addEventListener("click", (evt) => {
      const d = pick(evt);
      draw(d);
      if (!d) { info.replaceChildren(EL.h("p", { class: "muted", text: "Click a circle to see the place." })); return; }
      const q = new URLSearchParams({ place: d.p.name });
      info.replaceChildren(
        EL.h("h2", { text: d.p.name }),
        EL.h("p", {}, `${d.p.country || "?"} · ${d.p.lat.toFixed(3)}, ${d.p.lon.toFixed(3)} · ${EL.fmt(d.p.events)} events`),
        EL.h("p", {}, EL.h("a", { href: `/search?${q}`, text: "events located here" })));
    });
    canvas.addEventListener("mousemove", (evt) => { canvas.style.cursor = pick(evt) ? "pointer" : "default"; });
    canvas.dataset.ready = "1";
    canvas.dataset.points = String(drawn.length);
  } catch (err) {
    EL.notice(info, `Could not draw the map: ${err.message}`);
  }
})();
