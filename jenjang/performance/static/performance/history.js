// Final predikat by year and period as a stepped line (Riwayat predikat).
(function () {
  var el = document.getElementById("predikat-chart");
  var source = document.getElementById("predikat-data");
  if (!el || !source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  new Chart(el, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [{label: "Predikat", data: data.values, stepped: true, borderColor: "#0b5394", pointRadius: 5}]
    },
    options: {
      plugins: {legend: {display: false}},
      scales: {y: {min: 1, max: 5, ticks: {stepSize: 1, callback: function (v) { return data.ticks[v] || ""; }}}}
    }
  });
})();
