// Dyad page: events per month by quad class, and mean Goldstein per month.
"use strict";
EL.quadChart("dyad-chart", {
  label: "dyad events over time",
  empty: "No dated events for this dyad.",
  failure: "Could not load the dyad timeline",
  extend(series, rows) {
    // Mean Goldstein per period, weighted by events, as a line on its own axis.
    const sums = new Map();
    for (const r of rows) {
      if (r.goldstein_mean === null || r.goldstein_mean === undefined) continue;
      const s = sums.get(r.period) || { w: 0, n: 0 };
      s.w += Number(r.goldstein_mean) * Number(r.events || 1);
      s.n += Number(r.events || 1);
      sums.set(r.period, s);
    }
    series.datasets.forEach((d) => { d.yAxisID = "y"; d.type = "bar"; });
    series.datasets.push({
      type: "line", label: "mean Goldstein", yAxisID: "g", borderColor: "#333", backgroundColor: "#333",
      data: series.labels.map((p) => (sums.has(p) ? sums.get(p).w / sums.get(p).n : null)),
    });
    return { g: { position: "right", min: -10, max: 10, grid: { drawOnChartArea: false }, title: { display: true, text: "Goldstein" } } };
  },
});
