// Overview: events over time on a continuous axis (counts by quad class or share of all events,
// Goldstein and tone lines), from /api/series with the page's filters.
"use strict";
ELChart.mount(document.getElementById("timeline-chart"));
