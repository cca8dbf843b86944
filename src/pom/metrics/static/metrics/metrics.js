// The series chart of the metric and outcome pages (Chart.js, vendored), with the forecast band
// and the target when the outcome page sends them, and a dashed line for each mark (a release)
// at the period it shipped in. Without JavaScript the text, the tables and the marks' list stay.
(function () {
  "use strict";

  var TONES = { good: "#15803d", bad: "#b91c1c" };

  // Draws each mark of ``d.marks`` ({index, label, tone}) as a vertical line over the chart area.
  function marksPlugin(marks) {
    return {
      id: "pomMarks",
      afterDatasetsDraw: function (chart) {
        var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
        ctx.save();
        ctx.setLineDash([4, 3]);
        ctx.lineWidth = 1;
        marks.forEach(function (m) {
          var px = x.getPixelForValue(m.index);
          ctx.strokeStyle = TONES[m.tone] || "#6b7280";
          ctx.beginPath();
          ctx.moveTo(px, area.top);
          ctx.lineTo(px, area.bottom);
          ctx.stroke();
        });
        ctx.restore();
      },
    };
  }

  function draw() {
    var canvas = document.getElementById("metric-chart");
    var el = document.getElementById("metric-chart-data");
    if (!canvas || !el || !window.Chart) return;
    var d = JSON.parse(el.textContent);
    if (canvas._chart) canvas._chart.destroy();
    var many = d.labels.length > 120;
    var datasets = [{
      label: d.name + (d.unit ? " (" + d.unit + ")" : ""), data: d.values, borderColor: "#1d4ed8",
      pointRadius: many ? 0 : 2, tension: 0,
    }];
    if (d.expected) {
      datasets.push({ label: "80% band (low)", data: d.lower, borderColor: "rgba(234,88,12,0.3)", pointRadius: 0, fill: false });
      datasets.push({ label: "80% band (high)", data: d.upper, borderColor: "rgba(234,88,12,0.3)", backgroundColor: "rgba(234,88,12,0.15)", pointRadius: 0, fill: "-1" });
      datasets.push({ label: "Trend to the deadline", data: d.expected, borderColor: "#ea580c", borderDash: [6, 4], pointRadius: 0 });
    }
    if (d.target !== undefined && d.target !== null) {
      datasets.push({ label: "Target", data: d.labels.map(function () { return d.target; }), borderColor: "#15803d", borderDash: [2, 3], pointRadius: 0 });
    }
    canvas._chart = new window.Chart(canvas, {
      type: "line",
      data: { labels: d.labels, datasets: datasets },
      plugins: d.marks && d.marks.length ? [marksPlugin(d.marks)] : [],
      options: {
        maintainAspectRatio: false, animation: false, spanGaps: false,
        interaction: { mode: "index", intersect: false },
        scales: { x: { ticks: { maxTicksLimit: 12 } } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
