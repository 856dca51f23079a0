// Draw every dashboard chart whose data sits in a <script type="application/json">
// next to its <canvas>. No inline script: runs on load and after each htmx swap.
(function () {
  "use strict";
  var COLORS = ["#0b5e55", "#e07a1f", "#3c6fd1", "#b23a48", "#6a4c93", "#2a9d8f", "#8d6e63", "#f4a261"];

  function datasets(spec) {
    if (spec.kind === "scatter") {
      return [{
        label: spec.title,
        data: spec.points.map(function (p) { return { x: p[0], y: p[1] }; }),
        backgroundColor: COLORS[0],
      }];
    }
    return spec.series.map(function (s, i) {
      return {
        label: s.label,
        data: s.values,
        backgroundColor: COLORS[i % COLORS.length],
        borderColor: COLORS[i % COLORS.length],
        spanGaps: true,
      };
    });
  }

  function draw(root) {
    if (typeof Chart === "undefined") { return; }
    root.querySelectorAll("script.dash-chart").forEach(function (node) {
      var canvas = document.getElementById(node.dataset.canvas);
      if (!canvas || canvas.dataset.drawn) { return; }
      var spec = JSON.parse(node.textContent);
      canvas.dataset.drawn = "1";
      new Chart(canvas, {
        type: spec.kind,
        data: { labels: spec.labels, datasets: datasets(spec) },
        options: { responsive: true, maintainAspectRatio: false, animation: false },
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.target); });
})();
