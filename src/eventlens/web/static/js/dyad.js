// Dyad page: events per month by quad class, and mean Goldstein per month.
"use strict";
(async () => {
  const box = document.getElementById("dyad-chart");
  if (!box) return;
  if (!EL.vendorBuilt() || typeof Chart === "undefined") {
    EL.notice(box, "Chart unavailable: front-end libraries not built (see the banner above).");
    return;
  }
  try {
    const data = await EL.getJSON(box.dataset.api);
    const series = EL.quadSeries(data.items);
    if (!series.labels.length) {
      EL.notice(box, "No dated events for this dyad.");
      return;
    }
    // Mean Goldstein per period, weighted by events.
    const sums = new Map();
    for (const r of data.items) {
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
    const canvas = EL.h("canvas", { "aria-label": "dyad events over time", role: "img" });
    box.replaceChildren(canvas);
    new Chart(canvas, {
      type: "bar",
      data: series,
      options: {
        animation: false, maintainAspectRatio: false,
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, title: { display: true, text: "events" } },
          g: { position: "right", min: -10, max: 10, grid: { drawOnChartArea: false }, title: { display: true, text: "Goldstein" } },
        },
      },
    });
    box.dataset.ready = "1";
  } catch (err) {
    EL.notice(box, `Could not load the dyad timeline: ${err.message}`);
  }
})();
