// Radar chart of the required level against the current one (profile page).
(function () {
  var source = document.getElementById("gap-chart-data");
  var canvas = document.getElementById("gap-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  if (!data.labels.length) { canvas.parentElement.hidden = true; return; }
  new Chart(canvas, {
    type: "radar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.requiredLabel, data: data.required, borderColor: "#0b5d4b", backgroundColor: "rgba(11,93,75,0.12)" },
        { label: data.currentLabel, data: data.current, borderColor: "#d63384", backgroundColor: "rgba(214,51,132,0.15)", spanGaps: false }
      ]
    },
    options: {
      scales: { r: { min: 0, max: data.max, ticks: { stepSize: 1 } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
