// Overview: events over time, stacked by quad class.
"use strict";
EL.quadChart("timeline-chart", {
  label: "events per month by quad class",
  empty: "No dated events in this store yet.",
  failure: "Could not load the timeline",
});
