// Strategy pages: drag-to-rank bets, and the charts on the outcome and cycle pages.
// Everything here is an enhancement; the pages work with plain forms and tables.
(function () {
  "use strict";

  function csrfToken() {
    var headers = document.body.getAttribute("hx-headers");
    try { return JSON.parse(headers)["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function initSortable(root) {
    var list = (root || document).querySelector("[data-sortable]");
    if (!list || !window.Sortable || list.dataset.sortableReady) return;
    list.dataset.sortableReady = "1";
    window.Sortable.create(list, {
      animation: 150,
      forceFallback: true,
      filter: "button, a, form",
      preventOnFilter: false,
      onEnd: function (event) {
        if (event.oldIndex === event.newIndex) return;
        var body = new URLSearchParams();
        list.querySelectorAll("[data-id]").forEach(function (item) { body.append("order", item.dataset.id); });
        fetch(list.dataset.rerankUrl, {
          method: "POST",
          headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded" },
          body: body.toString(),
          credentials: "same-origin",
        }).then(function (response) {
          return response.text().then(function (text) {
            if (!response.ok) { window.alert(text || "Could not re-rank."); window.location.reload(); return; }
            var container = document.getElementById("bets-list");
            container.innerHTML = text;
            initSortable(container);
            var status = document.getElementById("rank-status");
            if (status) status.textContent = "Bets re-ranked.";
          });
        });
      },
    });
  }

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function initOutcomeCharts() {
    var data = readJSON("outcome-chart-data");
    var canvas = document.getElementById("progress-chart");
    if (!data || !canvas || !window.Chart) return;
    var datasets = [{ label: data.metric || "Value", data: data.values, borderColor: "#1d4ed8", backgroundColor: "#1d4ed8", tension: 0.2 }];
    if (data.baseline !== null) datasets.push({ label: "Baseline", data: data.labels.map(function () { return data.baseline; }), borderColor: "#9ca3af", borderDash: [6, 4], pointRadius: 0 });
    if (data.target !== null) datasets.push({ label: "Target", data: data.labels.map(function () { return data.target; }), borderColor: "#1b7f3b", borderDash: [6, 4], pointRadius: 0 });
    new window.Chart(canvas, { type: "line", data: { labels: data.labels, datasets: datasets }, options: { maintainAspectRatio: false, animation: false } });
    var conf = document.getElementById("confidence-chart");
    if (conf) {
      new window.Chart(conf, {
        type: "line",
        data: { labels: data.labels, datasets: [{ label: "Confidence (0–10)", data: data.confidence, borderColor: "#8a5a00", backgroundColor: "#8a5a00", stepped: true }] },
        options: { maintainAspectRatio: false, animation: false, scales: { y: { min: 0, max: 10 } } },
      });
    }
  }

  function initMixChart() {
    var data = readJSON("mix-chart-data");
    var canvas = document.getElementById("mix-chart");
    if (!data || !canvas || !window.Chart) return;
    var useAmount = data.amount.some(function (v) { return v > 0; });
    new window.Chart(canvas, {
      type: "doughnut",
      data: { labels: data.labels, datasets: [{ label: useAmount ? "Amount" : "Headcount", data: useAmount ? data.amount : data.headcount, backgroundColor: ["#1d4ed8", "#1b7f3b", "#b3261e"] }] },
      options: { maintainAspectRatio: false, animation: false, plugins: { title: { display: true, text: "Funding mix by " + (useAmount ? "amount" : "headcount") } } },
    });
  }

  function init() { initSortable(document); initOutcomeCharts(); initMixChart(); }
  // Deferred scripts (Chart.js, SortableJS) have all run by DOMContentLoaded.
  document.addEventListener("DOMContentLoaded", init);
  window.addEventListener("load", function () { initSortable(document); });
})();
