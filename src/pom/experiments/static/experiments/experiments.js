// Charts of the experiments pages: the assumption map and the lift-with-interval chart.
(function () {
  "use strict";

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  // Shade the risky quadrant (important, little evidence) behind the assumption map.
  var riskyQuadrant = {
    id: "riskyQuadrant",
    beforeDraw: function (chart, args, opts) {
      var x = chart.scales.x, y = chart.scales.y, ctx = chart.ctx;
      var left = x.getPixelForValue(0.5), right = x.getPixelForValue(opts.evidenceMax + 0.5);
      var top = y.getPixelForValue(5.5), bottom = y.getPixelForValue(opts.importanceMin - 0.5);
      ctx.save();
      ctx.fillStyle = "rgba(220, 38, 38, 0.10)";
      ctx.fillRect(left, top, right - left, bottom - top);
      ctx.fillStyle = "rgba(153, 27, 27, 0.8)";
      ctx.font = "12px sans-serif";
      ctx.fillText("Risky: test first", left + 6, top + 14);
      ctx.restore();
    },
  };

  var thresholdLine = {
    id: "thresholdLine",
    afterDatasetsDraw: function (chart, args, opts) {
      var x = chart.scales.x, ctx = chart.ctx, area = chart.chartArea;
      [[0, "rgba(55,65,81,0.8)", []], [opts.value, "rgba(22,101,52,0.9)", [6, 4]]].forEach(function (line) {
        var px = x.getPixelForValue(line[0]);
        if (px < area.left || px > area.right) return;
        ctx.save();
        ctx.strokeStyle = line[1];
        ctx.setLineDash(line[2]);
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        ctx.restore();
      });
    },
  };

  function drawMap() {
    var canvas = document.getElementById("assumption-map");
    var d = data("assumption-map-data");
    if (!canvas || !d || !window.Chart) return;
    if (canvas._chart) canvas._chart.destroy();
    canvas._chart = new Chart(canvas, {
      type: "scatter",
      data: {
        datasets: [{
          data: d.points,
          pointBackgroundColor: d.points.map(function (p) { return p.colour; }),
          pointRadius: d.points.map(function (p) { return p.risky ? 8 : 6; }),
          pointHoverRadius: 10,
        }],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { min: 0.5, max: 5.5, title: { display: true, text: "Evidence strength →" }, ticks: { stepSize: 1 } },
          y: { min: 0.5, max: 5.5, title: { display: true, text: "Importance →" }, ticks: { stepSize: 1 } },
        },
        plugins: {
          legend: { display: false },
          riskyQuadrant: { importanceMin: d.risky.importance_min, evidenceMax: d.risky.evidence_max },
          tooltip: { callbacks: { label: function (ctx) { var p = ctx.raw; return p.label + " (" + p.risk + ")"; } } },
        },
        onClick: function (evt, elements) {
          if (elements.length) window.location.href = d.points[elements[0].index].url;
        },
      },
      plugins: [riskyQuadrant],
    });
  }

  function drawLift() {
    var canvas = document.getElementById("lift-chart");
    var d = data("lift-chart-data");
    if (!canvas || !d || !window.Chart) return;
    if (canvas._chart) canvas._chart.destroy();
    var colours = { supported: "#16a34a", refuted: "#dc2626", inconclusive: "#d97706" };
    canvas._chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: d.rows.map(function (r) { return r.variant; }),
        datasets: [
          {
            label: d.confidence + "% interval",
            data: d.rows.map(function (r) { return [r.low, r.high]; }),
            backgroundColor: d.rows.map(function (r) { return colours[r.verdict] + "55"; }),
            borderColor: d.rows.map(function (r) { return colours[r.verdict]; }),
            borderWidth: 1,
            barPercentage: 0.35,
          },
          {
            type: "scatter",
            label: "Observed lift",
            data: d.rows.map(function (r) { return { x: r.lift, y: r.variant }; }),
            pointBackgroundColor: "#111827",
            pointRadius: 6,
          },
        ],
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { title: { display: true, text: "Lift over control (" + d.unit + ")" } } },
        plugins: { thresholdLine: { value: d.threshold } },
      },
      plugins: [thresholdLine],
    });
  }

  function drawAll() { drawMap(); drawLift(); }
  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("htmx:afterSettle", drawAll);
})();
