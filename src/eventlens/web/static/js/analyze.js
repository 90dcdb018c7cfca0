// Analyze: count the characters as the server counts them (code points, a line end as one)
// and say before sending when the text is over the limit.
"use strict";
(() => {
  const area = document.getElementById("analyze-text");
  const out = document.getElementById("analyze-count");
  const button = document.getElementById("analyze-submit");
  if (!area || !out) return;
  const max = Number(area.dataset.maxChars);
  const update = () => {
    const n = [...area.value.replace(/\r\n/g, "\n")].length;
    const over = n > max;
    out.textContent = `${n.toLocaleString("en")} of at most ${max.toLocaleString("en")} characters` +
      (over ? ` (${(n - max).toLocaleString("en")} too many: shorten the text)` : "");
    out.className = over ? "field-error" : "muted";
    if (button) button.disabled = over;
  };
  area.addEventListener("input", update);
  update();
})();
