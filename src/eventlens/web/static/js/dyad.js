// Pair view: both directions over time on one continuous axis, from /api/pair.
"use strict";
ELChart.mount(document.getElementById("dyad-chart"));
