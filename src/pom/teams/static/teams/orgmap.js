// Draws the organization map: product areas as boxes, teams as tiles inside them.
// Colour = operating mode, star = pilot status, amber border = a composition gap, red corner =
// an incomplete trio. Every tile is a real link, so the map works with the keyboard.
(function () {
  "use strict";
  var PILOT_MARK = { pilot: "★", candidate: "☆", graduated: "✓" };
  var TRIO = { product_manager: "product manager", product_designer: "product designer", tech_lead: "tech lead" };

  function describe(t) {
    var parts = [t.name, t.size + " people", t.mode === "project" ? "project model" : "product model"];
    if (t.missing.length) parts.push("no " + t.missing.map(function (r) { return TRIO[r]; }).join(", no "));
    if (t.oversized) parts.push("too big");
    if (!t.coach) parts.push("no coach");
    if (t.over) parts.push(t.over + " over 100%");
    if (t.pilot !== "none") parts.push(t.pilot);
    return parts.join(" · ");
  }

  function matches(t, highlight) {
    switch (highlight) {
      case "trio": return t.missing.length > 0;
      case "oversized": return t.oversized;
      case "coach": return !t.coach;
      case "over": return t.over > 0;
      case "pilot": return t.pilot === "pilot" || t.pilot === "candidate";
      default: return true;
    }
  }

  function draw(root, data) {
    var total = data.areas.reduce(function (n, a) { return n + a.teams.length; }, 0);
    var named = total <= 80;
    var fragment = document.createDocumentFragment();
    data.areas.forEach(function (area) {
      var box = document.createElement("section");
      box.className = "map-area";
      var h = document.createElement("h2");
      h.textContent = area.name + " ";
      var small = document.createElement("small");
      small.textContent = (area.leader ? area.leader + " · " : "") + area.teams.length + " team" + (area.teams.length === 1 ? "" : "s");
      h.appendChild(small);
      box.appendChild(h);
      var tiles = document.createElement("div");
      tiles.className = "tiles" + (named ? " named" : "");
      area.teams.forEach(function (t) {
        var a = document.createElement("a");
        a.href = data.teamUrl.replace("__slug__", t.slug);
        a.className = "tile mode-" + t.mode + (t.gaps ? " has-gaps" : "") + (t.missing.length ? " trio-gap" : "");
        a.title = describe(t);
        a.setAttribute("aria-label", a.title);
        a.dataset.name = t.name.toLowerCase();
        a._team = t;
        var mark = PILOT_MARK[t.pilot] || "";
        a.textContent = named ? (mark ? mark + " " : "") + t.name + " (" + t.size + ")" : mark;
        tiles.appendChild(a);
      });
      if (!area.teams.length) {
        var empty = document.createElement("p");
        empty.className = "muted";
        empty.textContent = "No active teams.";
        box.appendChild(empty);
      }
      box.appendChild(tiles);
      fragment.appendChild(box);
    });
    root.textContent = "";
    root.appendChild(fragment);
    root.dataset.ready = "true";
  }

  function apply(root) {
    var highlight = document.getElementById("map-highlight").value;
    var find = document.getElementById("map-find").value.trim().toLowerCase();
    root.querySelectorAll(".tile").forEach(function (tile) {
      var t = tile._team;
      var hit = find && tile.dataset.name.indexOf(find) !== -1;
      tile.classList.toggle("dim", !matches(t, highlight) || (find !== "" && !hit));
      tile.classList.toggle("found", Boolean(hit));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("org-map");
    var source = document.getElementById("org-map-data");
    if (!root || !source) return;
    draw(root, JSON.parse(source.textContent));
    ["map-highlight", "map-find"].forEach(function (id) {
      var el = document.getElementById(id);
      if (el) el.addEventListener("input", function () { apply(root); });
    });
  });
})();
