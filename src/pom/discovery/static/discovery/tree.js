// The opportunity solution tree canvas. The server lays the tree out and draws it as SVG
// (pom.discovery.canvas), so it reads without JavaScript; this script makes it a canvas:
// pan (drag the background, arrow keys), zoom (wheel, pinch, + and −, bounded), fit to view and
// full screen. Opening or closing a branch asks the server for a new layout. Click (or Enter)
// opens an opportunity's or solution's side panel; an assumption test opens its own page. Drag an
// opportunity or a solution onto another opportunity to re-parent it (the side panel's
// "Move under…" form is the keyboard way). Find, and export as SVG or PNG (the whole tree).
(function () {
  "use strict";
  var MIN_ZOOM = 0.05, MAX_ZOOM = 4, STEP = 1.25, PAN = 80;
  var page = document.querySelector(".tree-page");
  var host = document.getElementById("tree");
  var stage = document.getElementById("tree-stage");
  if (!page || !host || !stage) return;
  var canvasUrl = page.getAttribute("data-canvas-url");
  var canEdit = host.getAttribute("data-can-edit") === "1";
  var status = document.getElementById("tree-status");
  var zoomLabel = page.querySelector(".tree-zoom-level");
  var svg = null, root = null, size = { w: 1, h: 1 };
  var collapsed = Object.create(null);
  var view = { x: 0, y: 0, k: 1 };
  var selected = null;
  var generation = 0;

  function csrf() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function say(text, bad) {
    status.textContent = text;
    status.className = "tree-status" + (bad ? " tree-status-bad" : "");
  }
  function key(n) { return n.kind === "test" ? "test-" + n.solution_id + "-" + n.id : n.kind + "-" + n.id; }
  function shortKey(k) { var p = k.split("-"); return p[0] === "outcome" ? "root" : p[0].charAt(0) + p[1]; }
  function longKey(s) {
    if (s === "root") return "outcome-" + root.id;
    return (s.charAt(0) === "o" ? "opportunity-" : "solution-") + s.slice(1);
  }
  function walk(n, fn, parent) { fn(n, parent || null); (n.children || []).forEach(function (k) { walk(k, fn, n); }); }
  function find(k) { var hit = null; walk(root, function (n) { if (key(n) === k) hit = n; }); return hit; }
  function isInside(ancestorKey, k) {
    var a = find(ancestorKey), found = false;
    if (a) walk(a, function (n) { if (key(n) === k) found = true; });
    return found;
  }
  function ancestorsOf(k) {
    var parents = Object.create(null), chain = [];
    walk(root, function (n, p) { parents[key(n)] = p ? key(p) : null; });
    var at = parents[k];
    while (at) { chain.push(at); at = parents[at]; }
    return chain;
  }
  function nodeEl(k) { return svg && svg.querySelector('[data-node="' + k + '"]'); }
  function box(k) {
    var g = nodeEl(k);
    if (!g) return null;
    return { x: +g.getAttribute("data-x"), y: +g.getAttribute("data-y"), w: +g.getAttribute("data-w"), h: +g.getAttribute("data-h") };
  }

  // --- The drawing the server sent --------------------------------------------------------------
  function adopt() {
    svg = stage.querySelector("svg");
    root = JSON.parse(stage.querySelector("#tree-data").textContent);
    size = { w: +svg.getAttribute("data-width"), h: +svg.getAttribute("data-height") };
    collapsed = Object.create(null);
    (svg.getAttribute("data-closed") || "").split(",").forEach(function (s) { if (s) collapsed[longKey(s)] = true; });
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    if (selected) { var again = nodeEl(selected); if (again) again.classList.add("is-selected"); }
  }
  function closedParam() { return Object.keys(collapsed).map(shortKey).join(","); }
  // Lay the tree out again (branches opened or closed, or data changed), keeping ``anchor`` where it is on screen.
  function redraw(anchor) {
    var before = anchor && box(anchor);
    var mine = ++generation;
    host.setAttribute("aria-busy", "true");
    return fetch(canvasUrl + "?closed=" + encodeURIComponent(closedParam()), { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        if (mine !== generation) return;
        var focused = document.activeElement && document.activeElement.closest && document.activeElement.closest("#tree .node");
        var focusKey = focused && focused.getAttribute("data-node");
        stage.innerHTML = html;
        adopt();
        var after = anchor && box(anchor);
        if (before && after) { view.x += after.x - before.x; view.y += after.y - before.y; }
        apply();
        if (focusKey) focusNode(focusKey);
        host.removeAttribute("aria-busy");
      })
      .catch(function () { host.removeAttribute("aria-busy"); say("The tree could not be loaded again; reload the page.", true); });
  }

  // --- Pan and zoom: the SVG's viewBox is the window onto the drawing -------------------------------
  function clampZoom(k) { return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k)); }
  function viewport() { return { w: host.clientWidth || 1, h: host.clientHeight || 1 }; }
  function apply() {
    if (!svg) return;
    var vp = viewport();
    svg.setAttribute("viewBox", [view.x, view.y, vp.w / view.k, vp.h / view.k].map(function (v) { return Math.round(v * 100) / 100; }).join(" "));
    svg.setAttribute("data-zoom", view.k.toFixed(3));
    zoomLabel.textContent = Math.round(view.k * 100) + "%";
  }
  function zoomAt(factor, cx, cy) {
    var vp = viewport();
    if (cx === undefined) { cx = vp.w / 2; cy = vp.h / 2; }
    var ux = view.x + cx / view.k, uy = view.y + cy / view.k;
    view.k = clampZoom(view.k * factor);
    view.x = ux - cx / view.k;
    view.y = uy - cy / view.k;
    apply();
  }
  function panBy(dx, dy) { view.x += dx / view.k; view.y += dy / view.k; apply(); }
  function fit() {
    var vp = viewport();
    view.k = clampZoom(Math.min(1, Math.min(vp.w / size.w, vp.h / size.h)));
    view.x = size.w / 2 - vp.w / (2 * view.k);
    view.y = size.h / 2 - vp.h / (2 * view.k);
    apply();
  }
  function centreOn(k) {
    var b = box(k), vp = viewport();
    if (!b) return;
    view.x = b.x + b.w / 2 - vp.w / (2 * view.k);
    view.y = b.y + b.h / 2 - vp.h / (2 * view.k);
    apply();
  }
  function showNode(k) { // pan just enough that the box is in view
    var b = box(k), vp = viewport(), m = 24 / view.k;
    if (!b) return;
    var vw = vp.w / view.k, vh = vp.h / view.k;
    if (b.x < view.x + m || b.x + b.w > view.x + vw - m || b.y < view.y + m || b.y + b.h > view.y + vh - m) centreOn(k);
  }
  function initialView() {
    var vp = viewport(), whole = Math.min(vp.w / size.w, vp.h / size.h);
    if (whole >= 0.5) { fit(); return; }
    // Too big to read whole: start readable, at the outcome.
    view.k = 0.8;
    var r = box("outcome-" + root.id);
    view.x = -8;
    view.y = r ? r.y + r.h / 2 - vp.h / (2 * view.k) : 0;
    apply();
  }

  // --- Panel ------------------------------------------------------------------------------------
  var shown = null; // the node whose panel is showing (or loading): opened once, not twice
  function select(k) {
    selected = k;
    svg.querySelectorAll(".is-selected").forEach(function (e) { e.classList.remove("is-selected"); });
    var g = nodeEl(k);
    if (g) g.classList.add("is-selected");
  }
  function openPanel(k, force) {
    var parts = k.split("-"), kind = parts[0], id = parts[1];
    select(k);
    if (kind === "outcome" || kind === "test" || (shown === k && !force)) return;
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
  document.body.addEventListener("pom:tree-changed", function (e) {
    var detail = e.detail || {};
    say((detail.messages && detail.messages.join(" ")) || "Saved.");
    var k = detail.select || selected;
    redraw(k).then(function () { if (k) openPanel(k, true); });
  });

  // --- Pointer: pan the background, drag a box onto another to move it, pinch to zoom -----------
  var pointers = Object.create(null), pinch = null, pan = null, drag = null, suppressClick = false;
  host.addEventListener("dragstart", function (e) { e.preventDefault(); }); // boxes are links: no native link drag
  host.addEventListener("pointerdown", function (e) {
    suppressClick = false;
    if (e.button !== 0 || e.target.closest(".toggle")) return;
    pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
    var ids = Object.keys(pointers);
    if (ids.length === 2) { // a second finger: pinch, not pan
      var a = pointers[ids[0]], b = pointers[ids[1]];
      pinch = { d: Math.hypot(a.x - b.x, a.y - b.y) || 1 };
      pan = null; drag = null;
      return;
    }
    var g = e.target.closest(".node");
    var kind = g && g.getAttribute("data-kind");
    if (canEdit && g && (kind === "opportunity" || kind === "solution") && e.pointerType !== "touch") {
      drag = { key: g.getAttribute("data-node"), kind: kind, id: g.getAttribute("data-id"), g: g, x: e.clientX, y: e.clientY, moving: false, ghost: null, over: null };
    } else {
      pan = { x: e.clientX, y: e.clientY, moved: false };
    }
  });
  window.addEventListener("pointermove", function (e) {
    if (pointers[e.pointerId]) pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
    if (pinch) {
      var ids = Object.keys(pointers);
      if (ids.length < 2) return;
      var a = pointers[ids[0]], b = pointers[ids[1]], d = Math.hypot(a.x - b.x, a.y - b.y) || 1;
      var rect = host.getBoundingClientRect();
      zoomAt(d / pinch.d, (a.x + b.x) / 2 - rect.left, (a.y + b.y) / 2 - rect.top);
      pinch.d = d;
      return;
    }
    if (pan) {
      if (!pan.moved && Math.abs(e.clientX - pan.x) + Math.abs(e.clientY - pan.y) < 5) return;
      if (!pan.moved) { pan.moved = true; host.classList.add("is-panning"); }
      panBy(pan.x - e.clientX, pan.y - e.clientY);
      pan.x = e.clientX; pan.y = e.clientY;
      return;
    }
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
    var target = nodeAt(e.clientX, e.clientY);
    if (drag.over && drag.over !== target) drag.over.classList.remove("is-drop-target", "is-drop-refused");
    drag.over = target;
    if (target) target.classList.add(validDrop(drag, target) ? "is-drop-target" : "is-drop-refused");
  });
  function nodeAt(x, y) {
    var under = document.elementFromPoint(x, y);
    return under && under.closest && under.closest("#tree .node");
  }
  function validDrop(d, target) {
    var tk = target.getAttribute("data-node"), kind = target.getAttribute("data-kind");
    if (tk === d.key) return false;
    if (d.kind === "solution") return kind === "opportunity";
    return (kind === "opportunity" || kind === "outcome") && !isInside(d.key, tk);
  }
  function pointerEnd(e) {
    delete pointers[e.pointerId];
    if (pinch) { if (Object.keys(pointers).length < 2) pinch = null; suppressClick = true; return; }
    if (pan) {
      if (pan.moved) suppressClick = true;
      pan = null;
      host.classList.remove("is-panning");
      return;
    }
    if (!drag) return;
    var d = drag;
    drag = null;
    if (d.ghost) d.ghost.remove();
    d.g.classList.remove("is-dragging");
    if (d.over) d.over.classList.remove("is-drop-target", "is-drop-refused");
    if (!d.moving || e.type === "pointercancel") return; // a plain click: the click handler opens the panel
    suppressClick = true;
    var target = nodeAt(e.clientX, e.clientY);
    if (!target) return;
    var targetTitle = find(target.getAttribute("data-node")).title;
    if (!validDrop(d, target)) {
      say("“" + find(d.key).title + "” cannot go under “" + targetTitle + "”" + (d.kind === "opportunity" ? ": that is inside its own subtree." : "."), true);
      return;
    }
    move(d, target.getAttribute("data-kind") === "outcome" ? "" : target.getAttribute("data-id"));
  }
  window.addEventListener("pointerup", pointerEnd);
  window.addEventListener("pointercancel", pointerEnd);
  host.addEventListener("wheel", function (e) {
    e.preventDefault();
    var rect = host.getBoundingClientRect();
    var speed = e.ctrlKey ? 0.01 : 0.0015; // a trackpad pinch arrives as a wheel with ctrlKey
    var delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    zoomAt(Math.exp(-delta * speed), e.clientX - rect.left, e.clientY - rect.top);
  }, { passive: false });

  function move(d, parentId) {
    var body = new URLSearchParams();
    var url;
    if (d.kind === "opportunity") { url = "/discovery/opportunities/" + d.id + "/move/"; body.set("parent", parentId); }
    else { url = "/discovery/solutions/" + d.id + "/move/"; body.set("opportunity", parentId); }
    say("Moving…");
    fetch(url, { method: "POST", credentials: "same-origin", body: body, headers: { "X-CSRFToken": csrf(), Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (res) {
        if (!res.ok) { say(res.body.message || "That move is not allowed.", true); return; }
        if (parentId) delete collapsed["opportunity-" + parentId];
        return redraw(d.key).then(function () {
          say(res.body.message || "Moved.");
          openPanel(d.key, true);
          showNode(d.key);
        });
      })
      .catch(function () { say("The move could not be saved; check your connection and try again.", true); });
  }

  // --- Clicks and keys --------------------------------------------------------------------------
  function toggle(k) {
    collapsed[k] = !collapsed[k];
    if (!collapsed[k]) delete collapsed[k];
    return redraw(k).then(function () { focusNode(k); });
  }
  host.addEventListener("click", function (e) {
    if (suppressClick) { suppressClick = false; e.preventDefault(); return; }
    var t = e.target.closest && e.target.closest(".toggle");
    if (t) { e.preventDefault(); toggle(t.getAttribute("data-toggle")); return; }
    var g = e.target.closest && e.target.closest(".node");
    if (!g) return;
    if (g.getAttribute("data-kind") === "test") return; // a test opens its own page (the link)
    e.preventDefault();
    openPanel(g.getAttribute("data-node"));
  });
  function focusNode(k) { var g = nodeEl(k); if (g) { g.focus({ preventScroll: true }); showNode(k); } }
  function inReadingOrder() {
    return Array.prototype.slice.call(svg.querySelectorAll(".node")).sort(function (a, b) {
      return (+a.getAttribute("data-y")) - (+b.getAttribute("data-y")) || (+a.getAttribute("data-x")) - (+b.getAttribute("data-x"));
    }).map(function (x) { return x.getAttribute("data-node"); });
  }
  host.addEventListener("focusin", function (e) {
    var g = e.target.closest && e.target.closest(".node");
    if (g) showNode(g.getAttribute("data-node"));
  });
  host.addEventListener("keydown", function (e) {
    if (e.altKey || e.metaKey || (e.ctrlKey && e.key !== "0")) return;
    var g = e.target.closest && e.target.closest(".node");
    if (e.key === "+" || e.key === "=") { e.preventDefault(); zoomAt(STEP); return; }
    if (e.key === "-" || e.key === "_") { e.preventDefault(); zoomAt(1 / STEP); return; }
    if (e.key === "0") { e.preventDefault(); fit(); return; }
    if (e.key === "f" || e.key === "F") { e.preventDefault(); fullScreen(!page.classList.contains("is-full")); return; }
    if (!g) { // the canvas itself has focus: the arrows pan
      var moves = { ArrowLeft: [-PAN, 0], ArrowRight: [PAN, 0], ArrowUp: [0, -PAN], ArrowDown: [0, PAN] }[e.key];
      if (moves && e.target === host) { e.preventDefault(); panBy(moves[0], moves[1]); }
      return;
    }
    var k = g.getAttribute("data-node"), n = find(k);
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      if (g.getAttribute("data-kind") === "test") window.location.href = g.getAttribute("href");
      else openPanel(k);
    } else if ((e.key === "ArrowRight" && collapsed[k]) || (e.key === "ArrowLeft" && !collapsed[k] && n && (n.children || []).length)) {
      e.preventDefault(); toggle(k);
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      var order = inReadingOrder();
      var i = order.indexOf(k) + (e.key === "ArrowDown" ? 1 : -1);
      if (i >= 0 && i < order.length) focusNode(order[i]);
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && page.classList.contains("is-full")) fullScreen(false);
  });

  // --- Full screen: the canvas and its panel fill the window ------------------------------------
  var fullButton = page.querySelector('[data-tree="full"]');
  function fullScreen(on) {
    page.classList.toggle("is-full", on);
    document.documentElement.classList.toggle("tree-full", on);
    fullButton.setAttribute("aria-pressed", on ? "true" : "false");
    fullButton.textContent = on ? "Leave full screen" : "Full screen";
    if (on && page.requestFullscreen && !document.fullscreenElement) page.requestFullscreen().catch(function () {});
    if (!on && document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(function () {});
    apply();
    host.focus({ preventScroll: true });
  }
  document.addEventListener("fullscreenchange", function () {
    if (!document.fullscreenElement && page.classList.contains("is-full")) fullScreen(false);
  });
  if (window.ResizeObserver) new ResizeObserver(function () { apply(); }).observe(host);
  else window.addEventListener("resize", apply);

  // --- Toolbar ----------------------------------------------------------------------------------
  function download(name, blob) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function svgText() { // the whole tree, not the part in view
    var copy = svg.cloneNode(true);
    copy.setAttribute("viewBox", "0 0 " + size.w + " " + size.h);
    copy.setAttribute("width", size.w);
    copy.setAttribute("height", size.h);
    copy.querySelectorAll(".toggle").forEach(function (t) { t.remove(); });
    copy.querySelectorAll(".is-selected, .is-match").forEach(function (t) { t.classList.remove("is-selected", "is-match"); });
    return new XMLSerializer().serializeToString(copy);
  }
  function fileName(ext) { return "opportunity-tree-" + root.id + "." + ext; }
  function highlight(hits) {
    svg.querySelectorAll(".is-match").forEach(function (e) { e.classList.remove("is-match"); });
    hits.forEach(function (h) { var g = nodeEl(h); if (g) g.classList.add("is-match"); });
  }
  page.querySelectorAll("[hidden]").forEach(function (e) { if (e.closest(".tree-toolbar") || e.classList.contains("tree-help-live")) e.hidden = false; });
  page.querySelectorAll("[data-tree]").forEach(function (control) {
    var action = control.getAttribute("data-tree");
    if (action === "find") {
      control.addEventListener("input", function () {
        var q = control.value.trim().toLowerCase();
        if (!q) { highlight([]); say(""); return; }
        var hits = [];
        walk(root, function (n) { if (n.title.toLowerCase().indexOf(q) >= 0) hits.push(key(n)); });
        var opened = false; // open every branch above a match so that it shows
        hits.forEach(function (h) { ancestorsOf(h).forEach(function (a) { if (collapsed[a]) { delete collapsed[a]; opened = true; } }); });
        var done = opened ? redraw() : Promise.resolve();
        done.then(function () {
          highlight(hits);
          say(hits.length + " match" + (hits.length === 1 ? "" : "es") + ".");
          if (hits.length) showNode(hits[0]);
        });
      });
      return;
    }
    control.addEventListener("click", function (e) {
      e.preventDefault();
      if (action === "expand") { collapsed = Object.create(null); redraw(selected); }
      if (action === "collapse") {
        collapsed = Object.create(null);
        walk(root, function (n, p) { if (p && (n.children || []).length) collapsed[key(n)] = true; });
        redraw().then(fit);
      }
      if (action === "zoom-in") zoomAt(STEP);
      if (action === "zoom-out") zoomAt(1 / STEP);
      if (action === "fit") fit();
      if (action === "full") fullScreen(!page.classList.contains("is-full"));
      if (action === "svg") download(fileName("svg"), new Blob([svgText()], { type: "image/svg+xml" }));
      if (action === "png") {
        var scale = Math.max(0.25, Math.min(2, 16000 / Math.max(size.w, size.h)));
        var img = new Image();
        img.onload = function () {
          var canvas = document.createElement("canvas");
          canvas.width = Math.round(size.w * scale); canvas.height = Math.round(size.h * scale);
          var ctx = canvas.getContext("2d");
          ctx.scale(scale, scale);
          ctx.drawImage(img, 0, 0);
          canvas.toBlob(function (blob) { download(fileName("png"), blob); }, "image/png");
        };
        img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svgText());
      }
    });
  });

  adopt();
  host.classList.add("is-live");
  initialView();
  if (location.hash.length > 1) {
    var wanted = location.hash.slice(1);
    if (find(wanted)) {
      var opened = false; // make sure the requested node shows, then open it
      ancestorsOf(wanted).forEach(function (a) { if (collapsed[a]) { delete collapsed[a]; opened = true; } });
      (opened ? redraw() : Promise.resolve()).then(function () { openPanel(wanted); centreOn(wanted); });
    }
  }
  host.setAttribute("data-ready", "1");
})();
