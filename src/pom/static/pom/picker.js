// Pickers (core/pickers.py, core/partials/_picker.html) as ARIA comboboxes: typing asks core:pick
// for matches, ArrowDown/ArrowUp move through them, Enter picks, Escape closes. The chosen rows are
// real radio buttons or checkboxes, so the form posts the same with or without this script.
(function () {
  "use strict";
  var timers = new WeakMap();

  function parts(input) {
    var picker = input.closest("[data-picker]");
    return {
      picker: picker,
      chosen: picker.querySelector("[data-picker-chosen]"),
      results: picker.querySelector("[data-picker-results]"),
      listbox: function () { return picker.querySelector("[role=listbox]"); },
    };
  }

  function options(p) {
    var box = p.listbox();
    return box ? Array.prototype.slice.call(box.querySelectorAll("[role=option]")) : [];
  }

  function chosenIds(p) {
    return Array.prototype.map.call(
      p.chosen.querySelectorAll("input:checked"), function (box) { return box.value; }
    ).filter(Boolean);
  }

  function close(input) {
    var p = parts(input);
    var box = p.listbox();
    if (box) box.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function search(input) {
    var p = parts(input);
    var url = new URL(p.picker.getAttribute("data-url"), window.location.href);
    url.searchParams.set("q", input.value);
    url.searchParams.set("id", input.id.replace(/_q$/, ""));
    chosenIds(p).forEach(function (pk) { url.searchParams.append("exclude", pk); });
    var form = input.form;
    (p.picker.getAttribute("data-follow") || "").split(" ").filter(Boolean).forEach(function (pair) {
      var scope = pair.split("=")[0], fieldName = pair.split("=")[1];
      var field = form && form.querySelector("[name='" + fieldName + "']:checked, select[name='" + fieldName + "'], input[type=hidden][name='" + fieldName + "']");
      if (field && field.value) url.searchParams.set(scope, field.value);
    });
    fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (input.value !== url.searchParams.get("q")) return; // a newer search is on its way
        p.results.innerHTML = html;
        var found = options(p).length > 0;
        input.setAttribute("aria-expanded", found ? "true" : "false");
        input.removeAttribute("aria-activedescendant");
      });
  }

  function activate(input, index) {
    var list = options(parts(input));
    if (!list.length) return;
    index = (index + list.length) % list.length;
    list.forEach(function (opt, i) {
      opt.setAttribute("aria-selected", i === index ? "true" : "false");
      opt.classList.toggle("active", i === index);
    });
    input.setAttribute("aria-activedescendant", list[index].id);
    list[index].scrollIntoView({ block: "nearest" });
  }

  function pick(input, opt) {
    var p = parts(input);
    var multiple = p.picker.hasAttribute("data-multiple");
    var name = p.picker.getAttribute("data-name");
    var empty = p.chosen.querySelector("[data-picker-empty]");
    if (empty) empty.remove();
    if (!multiple) {
      p.chosen.querySelectorAll("[data-picker-item]").forEach(function (li) { li.remove(); });
    } else if (p.chosen.querySelector("input[value='" + opt.getAttribute("data-value") + "']")) {
      close(input);
      return;
    }
    var li = document.createElement("li");
    li.setAttribute("data-picker-item", "");
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = multiple ? "checkbox" : "radio";
    box.name = name;
    box.value = opt.getAttribute("data-value");
    box.checked = true;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + opt.getAttribute("data-label")));
    if (opt.getAttribute("data-detail")) {
      var small = document.createElement("small");
      small.className = "muted";
      small.textContent = opt.getAttribute("data-detail");
      label.appendChild(document.createTextNode(" "));
      label.appendChild(small);
    }
    li.appendChild(label);
    p.chosen.appendChild(li);
    var none = p.chosen.querySelector("[data-picker-none] input");
    if (none) none.checked = false;
    box.dispatchEvent(new Event("change", { bubbles: true }));
    input.value = "";
    close(input);
    input.focus();
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-picker-input]")) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () { search(input); }, 200));
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-picker-input]")) return;
    var list = options(parts(input));
    var active = list.findIndex(function (opt) { return opt.getAttribute("aria-selected") === "true"; });
    var open = input.getAttribute("aria-expanded") === "true";
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) { search(input); return; }
      activate(input, active + (event.key === "ArrowDown" ? 1 : active < 0 ? 0 : -1));
    } else if (event.key === "Enter") {
      // Enter in the box picks (or searches); it never submits the whole form.
      event.preventDefault();
      if (open && active >= 0) pick(input, list[active]);
      else search(input);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close(input);
    }
  });

  // Keep the focus in the box while an option is clicked.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("[data-picker] [role=option]")) event.preventDefault();
  });

  // With this script, "Find" searches in place instead of submitting the form.
  document.addEventListener("click", function (event) {
    var find = event.target.closest && event.target.closest("[data-picker-find]");
    if (!find) return;
    event.preventDefault();
    var input = find.closest("[data-picker]").querySelector("[data-picker-input]");
    input.focus();
    search(input);
  });

  document.addEventListener("click", function (event) {
    var opt = event.target.closest && event.target.closest("[data-picker] [role=option]");
    if (!opt) return;
    var input = opt.closest("[data-picker]").querySelector("[data-picker-input]");
    pick(input, opt);
  });

  // Unchecking a chosen row (several may be chosen) takes it off the list.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-picker-chosen] input[type=checkbox]") || box.checked) return;
    box.closest("li").remove();
  });

  document.addEventListener("focusout", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-picker-input]")) return;
    var picker = input.closest("[data-picker]");
    setTimeout(function () {
      if (!picker.contains(document.activeElement)) close(input);
    }, 150);
  });
})();
