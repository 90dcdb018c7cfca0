// Overview: events over time, stacked by quad class.
"use strict";
(async () => {
  const box = document.getElementById("timeline-chart");
  if (!box) return;
  if (!EL.vendorBuilt() || typeof Chart === "undefined") {
    EL.notice(box, "Chart unavailable: front-end libraries not built (see the banner above).");
    return;
  }
  try {
    const data = await EL.getJSON(box.dataset.api);
    const series = EL.quadSeries(data.items);
    if (!series.labels.length) {
      EL.notice(box, "No dated events in this store yet.");
      return;
    }
    const canvas = EL.h("canvas", { "aria-label": "events per month by quad class", role: "img" });
    box.replaceChildren(canvas);
    new Chart(canvas, {
      type: "bar",
      data: series,
      options: {
        animation: false, maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: "events" } } },
      },
    });
    box.dataset.ready = "1";
  } catch (err) {
    EL.notice(box, `Could not load the timeline: ${err.message}`);
  }
})();
