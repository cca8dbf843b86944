// The opportunity solution tree: drawn as SVG from the JSON the server embeds in the page.
// Click (or Enter) opens a node's side panel; drag an opportunity or a solution onto another
// opportunity to re-parent it (the side panel's "Move under…" form is the keyboard way);
// collapse/expand, find, zoom, and export as SVG or PNG. Styling is set as SVG attributes so the
// exported file looks the same as the page.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var W = 230, H = 54, SW = 200, SH = 40, GAP_X = 56, GAP_Y = 10, PAD = 16;
  var BIG_TREE = 150; // above this many nodes, start collapsed below the second level

  var host = document.getElementById("tree");
  var dataEl = document.getElementById("tree-data");
  if (!host || !dataEl) return;
  var canEdit = host.getAttribute("data-can-edit") === "1";
  var colours = JSON.parse(host.getAttribute("data-stage-colours") || "{}");
  var root = JSON.parse(dataEl.textContent);
  var collapsed = Object.create(null);
  var zoom = 1;
  var selected = null;
  var svg = null;
  var status = document.getElementById("tree-status");

  function key(n) { return n.kind + "-" + n.id; }
  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function say(text, bad) {
    status.textContent = text;
    status.className = "tree-status" + (bad ? " tree-status-bad" : "");
  }
  function count(n) { var c = 1; (n.children || []).forEach(function (k) { c += count(k); }); return c; }
  function walk(n, fn, depth, parent) {
    fn(n, depth || 0, parent || null);
    (n.children || []).forEach(function (k) { walk(k, fn, (depth || 0) + 1, n); });
  }
  function initialCollapse() {
    if (count(root) <= BIG_TREE) return;
    walk(root, function (n, depth) {
      if (depth >= 2 && n.children && n.children.length) collapsed[key(n)] = true;
    });
  }

  // --- Layout: leaves stack top to bottom, parents sit in the middle of their children ---------
  function layout() {
    var rows = 0, nodes = [], links = [], maxDepth = 0;
    function place(n, depth, parent) {
      var kids = collapsed[key(n)] ? [] : (n.children || []);
      var h = n.kind === "solution" ? SH : H;
      var item = { n: n, depth: depth, parent: parent, x: PAD + depth * (W + GAP_X), w: n.kind === "solution" ? SW : W, h: h };
      maxDepth = Math.max(maxDepth, depth);
      if (!kids.length) {
        item.y = PAD + rows * (H + GAP_Y) + (H - h) / 2;
        rows += 1;
      } else {
        var placed = kids.map(function (k) { return place(k, depth + 1, item); });
        var first = placed[0], last = placed[placed.length - 1];
        item.y = (first.y + first.h / 2 + last.y + last.h / 2) / 2 - h / 2;
        placed.forEach(function (p) { links.push([item, p]); });
      }
      nodes.push(item);
      return item;
    }
    place(root, 0, null);
    return { nodes: nodes, links: links, width: PAD * 2 + (maxDepth + 1) * (W + GAP_X), height: PAD * 2 + Math.max(rows, 1) * (H + GAP_Y) };
  }

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }
  function wrap(text, max, lines) {
    var words = String(text).split(/\s+/), out = [], line = "";
    words.forEach(function (w) {
      if ((line + " " + w).trim().length > max && line) { out.push(line); line = w; } else { line = (line + " " + w).trim(); }
    });
    if (line) out.push(line);
    if (out.length > lines) { out = out.slice(0, lines); out[lines - 1] = out[lines - 1].slice(0, max - 1) + "…"; }
    return out;
  }

  function draw() {
    var L = layout();
    host.querySelectorAll("svg").forEach(function (s) { s.remove(); });
    svg = el("svg", { xmlns: NS, viewBox: "0 0 " + L.width + " " + L.height, width: L.width * zoom, height: L.height * zoom, role: "tree", "aria-label": "Opportunity solution tree", "font-family": "system-ui, sans-serif" });
    el("rect", { x: 0, y: 0, width: L.width, height: L.height, fill: "#ffffff" }, svg);
    var linkLayer = el("g", { fill: "none", stroke: "#b6bfcc", "stroke-width": 1.5 }, svg);
    L.links.forEach(function (pair) {
      var a = pair[0], b = pair[1];
      var x1 = a.x + a.w, y1 = a.y + a.h / 2, x2 = b.x, y2 = b.y + b.h / 2, mx = (x1 + x2) / 2;
      el("path", { d: "M" + x1 + "," + y1 + " C" + mx + "," + y1 + " " + mx + "," + y2 + " " + x2 + "," + y2 }, linkLayer);
    });
    L.nodes.forEach(function (item) { drawNode(item); });
    host.appendChild(svg);
    if (selected) {
      var again = svg.querySelector('[data-node="' + selected + '"]');
      if (again) again.classList.add("is-selected");
    }
  }

  function drawNode(item) {
    var n = item.n, k = key(n);
    var hidden = collapsed[k] ? count(n) - 1 : 0;
    var g = el("g", { "class": "node node-" + n.kind, "data-node": k, "data-kind": n.kind, "data-id": n.id, transform: "translate(" + item.x + "," + item.y + ")", tabindex: 0, role: "treeitem", "aria-level": item.depth + 1 }, svg);
    if ((n.children || []).length) g.setAttribute("aria-expanded", collapsed[k] ? "false" : "true");
    var label = n.title;
    var fill = "#ffffff", stroke = "#94a3b8", dash = "", strokeWidth = 1.5;
    if (n.kind === "outcome") { fill = "#0f172a"; stroke = "#0f172a"; }
    if (n.kind === "opportunity") {
      stroke = colours[n.stage] || "#6b7280";
      if (n.evidence_count === 0 || n.evidence_stale) dash = "5 3";
      label += " — " + n.stage_label + ", " + n.evidence_label + (n.targeted ? ", targeted" : "");
    }
    if (n.kind === "solution") { fill = n.status === "discarded" ? "#f3f4f6" : "#f8fafc"; label += " — solution, " + n.status.replace("_", " "); }
    if (n.targeted) { strokeWidth = 4; stroke = "#d97706"; fill = "#fffbeb"; }
    g.setAttribute("aria-label", label);
    var title = el("title", {}, g); title.textContent = label;
    el("rect", { width: item.w, height: item.h, rx: n.kind === "solution" ? 18 : 6, fill: fill, stroke: stroke, "stroke-width": strokeWidth, "stroke-dasharray": dash, "class": "box" }, g);
    if (n.kind === "opportunity") el("rect", { width: 6, height: item.h, rx: 2, fill: colours[n.stage] || "#6b7280" }, g);
    var lines = wrap(n.title, n.kind === "solution" ? 30 : 33, n.kind === "solution" ? 1 : 2);
    var textColour = n.kind === "outcome" ? "#ffffff" : "#111827";
    lines.forEach(function (line, i) {
      var t = el("text", { x: 12, y: (n.kind === "solution" ? 17 : 18) + i * 15, "font-size": 12.5, fill: textColour, "font-weight": n.kind === "outcome" || n.targeted ? 700 : 400 }, g);
      t.textContent = line;
    });
    var meta = "";
    if (n.kind === "opportunity") meta = n.stage_label + " · " + n.evidence_label + (n.size ? " · size " + n.size : "");
    if (n.kind === "solution") meta = n.status.replace("_", " ") + (n.origin === "stakeholder" ? " · from stakeholder" : "");
    if (n.kind === "outcome") meta = "Outcome";
    if (meta) {
      var m = el("text", { x: 12, y: item.h - 6, "font-size": 10.5, fill: n.kind === "outcome" ? "#cbd5e1" : (n.evidence_count === 0 || n.evidence_stale ? "#b3261e" : "#475569") }, g);
      m.textContent = meta;
    }
    if ((n.children || []).length) {
      var toggle = el("g", { "class": "toggle", "data-toggle": k, transform: "translate(" + (item.w + 2) + "," + (item.h / 2 - 9) + ")" }, g);
      el("rect", { width: 18, height: 18, rx: 9, fill: "#e2e8f0", stroke: "#94a3b8" }, toggle);
      var sym = el("text", { x: 9, y: 13, "text-anchor": "middle", "font-size": 12, fill: "#111827" }, toggle);
      sym.textContent = collapsed[k] ? "+" : "−";
      if (hidden) {
        var more = el("text", { x: 22, y: 13, "font-size": 10, fill: "#475569" }, toggle);
        more.textContent = hidden;
      }
    }
  }

  function find(k) { var hit = null; walk(root, function (n) { if (key(n) === k) hit = n; }); return hit; }
  function isInside(ancestorKey, k) {
    var a = find(ancestorKey), found = false;
    if (a) walk(a, function (n) { if (key(n) === k) found = true; });
    return found;
  }

  // --- Panel ------------------------------------------------------------------------------------
  var shown = null; // the node whose panel is showing (or loading): opened once, not twice
  function openPanel(k, force) {
    var parts = k.split("-"), kind = parts[0], id = parts[1];
    selected = k;
    svg.querySelectorAll(".is-selected").forEach(function (e) { e.classList.remove("is-selected"); });
    var g = svg.querySelector('[data-node="' + k + '"]');
    if (g) g.classList.add("is-selected");
    if (kind === "outcome" || (shown === k && !force)) return;
    shown = k;
    var url = "/discovery/" + (kind === "opportunity" ? "opportunities/" : "solutions/") + id + "/";
    if (window.htmx) {
      window.htmx.ajax("GET", url, { target: "#panel", swap: "innerHTML" });
    } else {
      window.location.href = url;
    }
    if (history.replaceState) history.replaceState(null, "", "#" + k);
  }
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("#panel [data-panel-link]");
    if (!link) return;
    e.preventDefault();
    var m = link.getAttribute("href").match(/(opportunities|solutions)\/(\d+)/);
    if (m) openPanel((m[1] === "opportunities" ? "opportunity-" : "solution-") + m[2]);
  });

  function reload(select) {
    var url = "/api/v1/discovery/outcomes/" + root.id + "/tree";
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        root = data.tree;
        draw();
        if (select) openPanel(select, true);
      });
  }
  document.body.addEventListener("pom:tree-changed", function (e) {
    var detail = e.detail || {};
    say((detail.messages && detail.messages.join(" ")) || "Saved.");
    reload(detail.select || selected);
  });

  // --- Drag and drop ----------------------------------------------------------------------------
  var drag = null, justDragged = false;
  host.addEventListener("pointerdown", function (e) {
    if (!canEdit || e.button !== 0) return;
    var g = e.target.closest(".node");
    if (!g || e.target.closest(".toggle")) return;
    var kind = g.getAttribute("data-kind");
    if (kind !== "opportunity" && kind !== "solution") return;
    drag = { key: g.getAttribute("data-node"), kind: kind, id: g.getAttribute("data-id"), g: g, x: e.clientX, y: e.clientY, moving: false, ghost: null, over: null };
  });
  window.addEventListener("pointermove", function (e) {
    if (!drag) return;
    if (!drag.moving && Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) < 6) return;
    if (!drag.moving) {
      drag.moving = true;
      drag.ghost = document.createElement("div");
      drag.ghost.className = "tree-ghost";
      drag.ghost.textContent = find(drag.key).title;
      document.body.appendChild(drag.ghost);
      drag.g.classList.add("is-dragging");
    }
    drag.ghost.style.left = e.clientX + 12 + "px";
    drag.ghost.style.top = e.clientY + 12 + "px";
    var under = document.elementFromPoint(e.clientX, e.clientY);
    var target = under && under.closest && under.closest("#tree .node");
    if (drag.over && drag.over !== target) drag.over.classList.remove("is-drop-target", "is-drop-refused");
    drag.over = target;
    if (target) target.classList.add(validDrop(target) ? "is-drop-target" : "is-drop-refused");
  });
  function validDrop(target) {
    var tk = target.getAttribute("data-node"), kind = target.getAttribute("data-kind");
    if (tk === drag.key) return false;
    if (drag.kind === "solution") return kind === "opportunity";
    return (kind === "opportunity" || kind === "outcome") && !isInside(drag.key, tk);
  }
  window.addEventListener("pointerup", function (e) {
    if (!drag) return;
    var d = drag;
    drag = null;
    if (d.ghost) d.ghost.remove();
    d.g.classList.remove("is-dragging");
    if (d.over) d.over.classList.remove("is-drop-target", "is-drop-refused");
    if (!d.moving) return; // a plain click: the click handler opens the panel
    justDragged = true;
    setTimeout(function () { justDragged = false; }, 0);
    var under = document.elementFromPoint(e.clientX, e.clientY);
    var target = under && under.closest && under.closest("#tree .node");
    if (!target) return;
    drag = d;
    var ok = validDrop(target);
    drag = null;
    var targetTitle = find(target.getAttribute("data-node")).title;
    if (!ok) {
      say("“" + find(d.key).title + "” cannot go under “" + targetTitle + "”" + (d.kind === "opportunity" ? ": that is inside its own subtree." : "."), true);
      return;
    }
    move(d, target.getAttribute("data-kind") === "outcome" ? "" : target.getAttribute("data-id"));
  });
  function move(d, parentId) {
    var body = new URLSearchParams();
    var url;
    if (d.kind === "opportunity") { url = "/discovery/opportunities/" + d.id + "/move/"; body.set("parent", parentId); }
    else { url = "/discovery/solutions/" + d.id + "/move/"; body.set("opportunity", parentId); }
    say("Moving…");
    fetch(url, { method: "POST", credentials: "same-origin", body: body, headers: { "X-CSRFToken": csrf(), Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (res) {
        say(res.body.message || (res.ok ? "Moved." : "That move is not allowed."), !res.ok);
        if (res.ok) {
          var parentKey = parentId ? "opportunity-" + parentId : null;
          if (parentKey) delete collapsed[parentKey];
          return reload(d.key);
        }
      })
      .catch(function () { say("The move could not be saved; check your connection and try again.", true); });
  }

  // --- Clicks and keys --------------------------------------------------------------------------
  host.addEventListener("click", function (e) {
    var t = e.target.closest && e.target.closest(".toggle");
    if (t) { var k = t.getAttribute("data-toggle"); collapsed[k] = !collapsed[k]; draw(); focusNode(k); return; }
    var g = e.target.closest && e.target.closest(".node");
    if (g && !justDragged) openPanel(g.getAttribute("data-node"));
  });
  function focusNode(k) { var g = svg.querySelector('[data-node="' + k + '"]'); if (g) g.focus(); }
  host.addEventListener("keydown", function (e) {
    var g = e.target.closest && e.target.closest(".node");
    if (!g) return;
    var k = g.getAttribute("data-node"), n = find(k);
    if (e.key === "Enter") { e.preventDefault(); openPanel(k); }
    else if ((e.key === "ArrowRight" && collapsed[k]) || (e.key === "ArrowLeft" && !collapsed[k] && (n.children || []).length)) {
      e.preventDefault(); collapsed[k] = e.key === "ArrowLeft"; draw(); focusNode(k);
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      var order = Array.prototype.slice.call(svg.querySelectorAll(".node")).sort(function (a, b) {
        return a.transform.baseVal.getItem(0).matrix.f - b.transform.baseVal.getItem(0).matrix.f;
      }).map(function (x) { return x.getAttribute("data-node"); });
      var i = order.indexOf(k) + (e.key === "ArrowDown" ? 1 : -1);
      if (i >= 0 && i < order.length) focusNode(order[i]);
    }
  });

  // --- Toolbar ----------------------------------------------------------------------------------
  function download(name, blob) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function svgText() {
    var copy = svg.cloneNode(true);
    copy.setAttribute("width", svg.viewBox.baseVal.width);
    copy.setAttribute("height", svg.viewBox.baseVal.height);
    copy.querySelectorAll(".toggle").forEach(function (t) { t.remove(); });
    return new XMLSerializer().serializeToString(copy);
  }
  function fileName(ext) { return "opportunity-tree-" + root.id + "." + ext; }
  document.querySelectorAll("[data-tree]").forEach(function (control) {
    var action = control.getAttribute("data-tree");
    if (action === "find") {
      control.addEventListener("input", function () {
        var q = control.value.trim().toLowerCase();
        svg.querySelectorAll(".is-match").forEach(function (e) { e.classList.remove("is-match"); });
        if (!q) return;
        var hits = [];
        walk(root, function (n) { if (n.title.toLowerCase().indexOf(q) >= 0) hits.push(key(n)); });
        // Open every ancestor of a match so it is visible.
        walk(root, function (n) { if (hits.some(function (h) { return h !== key(n) && isInside(key(n), h); })) delete collapsed[key(n)]; });
        draw();
        hits.forEach(function (h) { var g = svg.querySelector('[data-node="' + h + '"]'); if (g) g.classList.add("is-match"); });
        say(hits.length + " match" + (hits.length === 1 ? "" : "es") + ".");
        var first = hits.length && svg.querySelector('[data-node="' + hits[0] + '"]');
        if (first && first.scrollIntoView) first.scrollIntoView({ block: "center", inline: "center" });
      });
      return;
    }
    control.addEventListener("click", function () {
      if (action === "expand") { collapsed = Object.create(null); draw(); }
      if (action === "collapse") { walk(root, function (n, depth) { if (depth >= 1 && (n.children || []).length) collapsed[key(n)] = true; }); draw(); }
      if (action === "zoom-in") { zoom = Math.min(2, zoom * 1.25); draw(); }
      if (action === "zoom-out") { zoom = Math.max(0.3, zoom / 1.25); draw(); }
      if (action === "svg") download(fileName("svg"), new Blob([svgText()], { type: "image/svg+xml" }));
      if (action === "png") {
        var w = svg.viewBox.baseVal.width, h = svg.viewBox.baseVal.height;
        var scale = Math.max(0.25, Math.min(2, 16000 / Math.max(w, h)));
        var img = new Image();
        img.onload = function () {
          var canvas = document.createElement("canvas");
          canvas.width = Math.round(w * scale); canvas.height = Math.round(h * scale);
          var ctx = canvas.getContext("2d");
          ctx.scale(scale, scale);
          ctx.drawImage(img, 0, 0);
          canvas.toBlob(function (blob) { download(fileName("png"), blob); }, "image/png");
        };
        img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svgText());
      }
    });
  });

  initialCollapse();
  draw();
  if (location.hash.length > 1) {
    var wanted = location.hash.slice(1);
    // Make sure the requested node is visible, then open it.
    walk(root, function (n) { if (isInside(key(n), wanted) && key(n) !== wanted) delete collapsed[key(n)]; });
    draw();
    if (find(wanted)) { openPanel(wanted); var g = svg.querySelector('[data-node="' + wanted + '"]'); if (g && g.scrollIntoView) g.scrollIntoView({ block: "center" }); }
  }
})();
