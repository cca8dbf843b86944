// The demo page: page through the slides with the keyboard, present one slide at a time, print.
(function () {
  "use strict";
  function start() {
    var demo = document.querySelector("[data-demo]");
    if (!demo) return;
    var slides = Array.prototype.slice.call(demo.querySelectorAll(".slide"));
    var current = 0;
    var counter = document.createElement("p");
    counter.className = "slide-counter";
    counter.setAttribute("aria-live", "polite");
    document.body.appendChild(counter);

    function show(index) {
      current = Math.max(0, Math.min(slides.length - 1, index));
      slides.forEach(function (s, i) {
        s.classList.toggle("current", i === current);
        if (i === current) s.setAttribute("aria-current", "step"); else s.removeAttribute("aria-current");
      });
      counter.textContent = "Slide " + (current + 1) + " of " + slides.length;
      var slide = slides[current];
      slide.focus({ preventScroll: true });
      if (!document.body.classList.contains("presenting")) slide.scrollIntoView({ block: "start" });
      if (history.replaceState) history.replaceState(null, "", "#" + slide.id);
    }

    function present(on) {
      document.body.classList.toggle("presenting", on);
      show(current);
      if (on && document.documentElement.requestFullscreen && !document.fullscreenElement) {
        document.documentElement.requestFullscreen().catch(function () {});
      } else if (!on && document.fullscreenElement && document.exitFullscreen) {
        document.exitFullscreen().catch(function () {});
      }
    }

    document.addEventListener("keydown", function (e) {
      var t = e.target;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(t.tagName))) return;
      var key = e.key;
      if (key === "ArrowRight" || key === "PageDown" || (key === " " && !e.shiftKey) || key === "ArrowDown" && document.body.classList.contains("presenting")) show(current + 1);
      else if (key === "ArrowLeft" || key === "PageUp" || (key === " " && e.shiftKey) || key === "ArrowUp" && document.body.classList.contains("presenting")) show(current - 1);
      else if (key === "Home") show(0);
      else if (key === "End") show(slides.length - 1);
      else if (key === "p" || key === "P") present(!document.body.classList.contains("presenting"));
      else if (key === "Escape" && document.body.classList.contains("presenting")) present(false);
      else return;
      e.preventDefault();
    });
    document.addEventListener("fullscreenchange", function () {
      if (!document.fullscreenElement) document.body.classList.remove("presenting");
    });
    var button = document.querySelector("[data-present]");
    if (button) button.addEventListener("click", function () { present(true); });
    var print = document.querySelector("[data-print]");
    if (print) print.addEventListener("click", function () { window.print(); });

    var fromHash = slides.findIndex(function (s) { return "#" + s.id === location.hash; });
    current = fromHash > 0 ? fromHash : 0;
    slides.forEach(function (s, i) { s.classList.toggle("current", i === current); });
    counter.textContent = "Slide " + (current + 1) + " of " + slides.length;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
