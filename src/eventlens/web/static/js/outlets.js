// Outlets: articles per period for the top outlets, from /api/attention.
"use strict";
ELChart.mount(document.getElementById("attention-chart"));
