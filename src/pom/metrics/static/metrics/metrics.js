// The metric page's series chart (Chart.js, vendored). Without JavaScript the table of periods stays.
(function () {
  "use strict";

  function draw() {
    var canvas = document.getElementById("metric-chart");
    var el = document.getElementById("metric-chart-data");
    if (!canvas || !el || !window.Chart) return;
    var d = JSON.parse(el.textContent);
    if (canvas._chart) canvas._chart.destroy();
    canvas._chart = new window.Chart(canvas, {
      type: "line",
      data: {
        labels: d.labels,
        datasets: [{ label: d.name + (d.unit ? " (" + d.unit + ")" : ""), data: d.values, borderColor: "#1d4ed8", pointRadius: d.values.length > 120 ? 0 : 2, tension: 0 }],
      },
      options: { maintainAspectRatio: false, animation: false, interaction: { mode: "index", intersect: false }, scales: { x: { ticks: { maxTicksLimit: 12 } } } },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
