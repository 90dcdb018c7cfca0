// Time charts drawn as SVG by our own code (no chart library): a continuous axis where every
// period the API returns is drawn, empty ones as zero; stacked bars above (and, for a pair's
// second direction, below) zero; lines on a second axis; a legend; a <title> on every period for
// its figures. The SVG carries its colours as attributes, so it downloads as a standalone file.
"use strict";

const ELChart = (() => {
  const M = { top: 34, right: 54, bottom: 44, left: 56 };

  function niceMax(v) {
    if (v <= 0) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
    return 10 * p;
  }

  function ticks(min, max, n) {
    const step = niceMax((max - min) / n);
    const out = [];
    for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
    return out;
  }

  function label(v, share) {
    if (share) return `${(v * 100).toFixed(v < 0.1 && v > 0 ? 1 : 0)}%`;
    return Math.abs(v) >= 1000 ? `${(v / 1000).toFixed(1)}k` : String(v);
  }

  // spec: {labels, bars: [{name, color, values, below}], lines: [{name, color, values, axis, dash}],
  //        leftTitle, rightTitle, rightRange: [min, max], share}
  function draw(box, spec) {
    const width = Math.max(320, box.clientWidth || 640), height = Math.max(220, box.clientHeight || 320);
    const S = EL.s, n = spec.labels.length;
    const plotW = width - M.left - M.right, plotH = height - M.top - M.bottom;
    let up = 0, down = 0;
    for (let i = 0; i < n; i++) {
      let u = 0, d = 0;
      for (const b of spec.bars) { if (b.below) d += b.values[i] || 0; else u += b.values[i] || 0; }
      up = Math.max(up, u); down = Math.max(down, d);
    }
    for (const l of spec.lines.filter((x) => x.axis === "left")) for (const v of l.values) if (v !== null) up = Math.max(up, v);
    const top = niceMax(up * 1.05), bottom = down > 0 ? niceMax(down * 1.05) : 0;
    const y = (v) => M.top + plotH * (top - v) / (top + bottom);
    const [rMin, rMax] = spec.rightRange || [-10, 10];
    const yr = (v) => M.top + plotH * (rMax - v) / (rMax - rMin);
    const band = plotW / Math.max(n, 1), x = (i) => M.left + band * i;
    const svg = S("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": spec.title || "chart",
                           "font-family": "system-ui, sans-serif", "font-size": 11 });
    svg.append(S("rect", { x: 0, y: 0, width, height, fill: "#ffffff" }));
    const grid = S("g", { stroke: "#e3e7ec" }), axis = S("g", { fill: "#5f6b7a" });
    for (const t of ticks(-bottom, top, 5)) {
      grid.append(S("line", { x1: M.left, x2: width - M.right, y1: y(t), y2: y(t) }));
      axis.append(S("text", { x: M.left - 6, y: y(t) + 4, "text-anchor": "end", text: label(Math.abs(t), spec.share) }));
    }
    if (spec.lines.some((l) => l.axis === "right")) {
      for (const t of ticks(rMin, rMax, 4)) axis.append(S("text", { x: width - M.right + 6, y: yr(t) + 4, text: String(t) }));
      axis.append(S("text", { x: width - 6, y: M.top - 10, "text-anchor": "end", text: spec.rightTitle || "" }));
    }
    axis.append(S("text", { x: 6, y: M.top - 10, text: spec.leftTitle || "" }));
    const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(plotW / 64))));
    for (let i = 0; i < n; i += every) {
      axis.append(S("text", { x: x(i) + band / 2, y: height - M.bottom + 16, "text-anchor": "middle", text: spec.labels[i] }));
      grid.append(S("line", { x1: x(i) + band / 2, x2: x(i) + band / 2, y1: height - M.bottom, y2: height - M.bottom + 4, stroke: "#8a96a3" }));
    }
    svg.append(grid, axis);
    const bars = S("g", { class: "bars" });
    const gap = band > 6 ? Math.min(band * 0.15, 4) : 0;
    for (let i = 0; i < n; i++) {
      let u = 0, d = 0;
      for (const b of spec.bars) {
        const v = b.values[i] || 0;
        if (!v) continue;
        const y0 = b.below ? y(-d) : y(u + v), h = Math.abs(y(0) - y(v)) || 0;
        bars.append(S("rect", { x: x(i) + gap / 2, y: y0, width: Math.max(band - gap, 0.5), height: h, fill: b.color },
                      S("title", { text: `${spec.labels[i]}: ${b.name} ${label(v, spec.share)}` })));
        if (b.below) d += v; else u += v;
      }
    }
    svg.append(bars, S("line", { x1: M.left, x2: width - M.right, y1: y(0), y2: y(0), stroke: "#8a96a3" }));
    for (const l of spec.lines) {
      const scale = l.axis === "right" ? yr : y;
      let d = "", pen = false;
      l.values.forEach((v, i) => {  // a gap (no value) lifts the pen: the line never joins across empty periods
        if (v === null || v === undefined) { pen = false; return; }
        d += `${pen ? "L" : "M"}${(x(i) + band / 2).toFixed(1)},${scale(v).toFixed(1)}`;
        pen = true;
      });
      svg.append(S("path", { d, fill: "none", stroke: l.color, "stroke-width": 2, "stroke-dasharray": l.dash || null }));
      l.values.forEach((v, i) => {
        if (v !== null && v !== undefined) svg.append(S("circle", { cx: x(i) + band / 2, cy: scale(v), r: 2.5, fill: l.color },
          S("title", { text: `${spec.labels[i]}: ${l.name} ${typeof v === "number" ? v.toFixed(2) : v}` })));
      });
    }
    legend(svg, [...spec.bars, ...spec.lines], width);
    box.replaceChildren(svg);
    box.dataset.ready = "1";
    box.dataset.periods = String(n);
    return svg;
  }

  function legend(svg, items, width) {
    const S = EL.s, g = S("g", { class: "legend" });
    let lx = M.left, ly = 14;
    for (const item of items) {
      const w = 38 + item.name.length * 7;
      if (lx + w > width - 8) { lx = M.left; ly += 14; }
      g.append(item.values && item.axis ? S("line", { x1: lx, x2: lx + 14, y1: ly - 4, y2: ly - 4, stroke: item.color, "stroke-width": 2, "stroke-dasharray": item.dash || null })
                                        : S("rect", { x: lx, y: ly - 9, width: 12, height: 10, fill: item.color }));
      g.append(S("text", { x: lx + 18, y: ly, fill: "#1d2430", text: item.name }));
      lx += w;
    }
    svg.append(g);
  }

  const num = (v) => (v === null || v === undefined ? null : Number(v));

  // /api/series rows: stacked quad classes (or the share line), Goldstein and tone lines.
  function seriesSpec(rows, { measure, lines }) {
    const labels = rows.map((r) => r.period);
    if (measure === "share") {
      return { labels, bars: [], share: true, leftTitle: "share of all events",
               lines: [{ name: "share of all events", color: "#1f5fa8", axis: "left", values: rows.map((r) => num(r.share)) }] };
    }
    const bars = [1, 2, 3, 4].map((q) => ({ name: `${q} ${EL.QUAD[q].label}`, color: EL.QUAD[q].color, values: rows.map((r) => r[`quad${q}`]) }));
    const extra = lines ? [
      { name: "mean Goldstein", color: "#333333", axis: "right", values: rows.map((r) => num(r.goldstein_mean)) },
      { name: "mean tone", color: "#9c4dbd", axis: "right", dash: "4 3", values: rows.map((r) => num(r.tone_mean)) },
    ] : [];
    return { labels, bars, lines: extra, leftTitle: "events", rightTitle: "Goldstein / tone" };
  }

  // /api/pair rows: one direction above zero, the other below, a Goldstein line for each.
  function pairSpec(rows, { measure, lines, source, target }) {
    const labels = rows.map((r) => r.period);
    if (measure === "share") {
      return { labels, bars: [], share: true, leftTitle: "share of all events",
               lines: [{ name: `${source} ↔ ${target}: share of all events`, color: "#1f5fa8", axis: "left", values: rows.map((r) => num(r.share)) }] };
    }
    const bars = [
      { name: `${source} → ${target}`, color: "#1f5fa8", values: rows.map((r) => r.source_to_target) },
      { name: `${target} → ${source}`, color: "#e07b39", below: true, values: rows.map((r) => r.target_to_source) },
    ];
    const extra = lines ? [
      { name: `Goldstein ${source} → ${target}`, color: "#0d3b73", axis: "right", values: rows.map((r) => num(r.goldstein_source_to_target)) },
      { name: `Goldstein ${target} → ${source}`, color: "#8a3d0b", axis: "right", dash: "4 3", values: rows.map((r) => num(r.goldstein_target_to_source)) },
    ] : [];
    return { labels, bars, lines: extra, leftTitle: `events (${source} → ${target} up, ${target} → ${source} down)`, rightTitle: "Goldstein" };
  }

  const PALETTE = ["#1f5fa8", "#e07b39", "#1b9e77", "#c8413b", "#7b5ea7", "#a6761d", "#e7298a", "#666666"];

  function attentionSpec(rows) {
    const labels = [...new Set(rows.map((r) => r.period))];
    const outlets = [...new Set(rows.map((r) => r.outlet))];
    const index = new Map(labels.map((p, i) => [p, i]));
    const lines = outlets.map((o, k) => {
      const values = new Array(labels.length).fill(0);
      for (const r of rows) if (r.outlet === o) values[index.get(r.period)] = r.articles;
      return { name: o, color: PALETTE[k % PALETTE.length], axis: "left", values };
    });
    return { labels, bars: [], lines, leftTitle: "articles" };
  }

  // Fill `box` from its data-api URL; the page's measure/tone controls redraw it.
  async function mount(box) {
    if (!box) return;
    let rows;
    try {
      rows = (await EL.getJSON(box.dataset.api)).items;
    } catch (err) {
      EL.notice(box, `Could not load the chart: ${err.message}`);
      return;
    }
    const render = () => {
      if (!rows.length) { EL.notice(box, "No dated events match these filters."); box.dataset.ready = "1"; return; }
      const measure = (document.querySelector("input[name=measure]:checked") || {}).value || "count";
      const tone = document.querySelector("input[name=tone]");
      const opts = { measure, lines: !tone || tone.checked, source: box.dataset.source, target: box.dataset.target };
      const kind = box.dataset.kind;
      const spec = kind === "pair" ? pairSpec(rows, opts) : kind === "attention" ? attentionSpec(rows) : seriesSpec(rows, opts);
      draw(box, spec);
    };
    render();
    for (const input of document.querySelectorAll("input[name=measure], input[name=tone]")) input.addEventListener("change", render);
  }

  return { draw, mount, seriesSpec, pairSpec, attentionSpec };
})();
window.ELChart = ELChart;
