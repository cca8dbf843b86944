// Small progressive enhancements; every page works without them.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) return;
  var target = document.getElementById(button.getAttribute("data-copy"));
  if (!target || !navigator.clipboard) return;
  navigator.clipboard.writeText(target.textContent.trim()).then(function () {
    button.textContent = "Copied";
  });
});
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
// Behaviour that would otherwise be an inline on*= handler, which the Content-Security-Policy refuses.
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
// The phone menu: the Menu button shows and hides the main navigation's pillars.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-menu-toggle]");
  if (!button) return;
  var open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", open ? "true" : "false");
  button.closest(".topbar").classList.toggle("menu-open", open);
});
// A refused htmx action (403) shows its sentence instead of silently doing nothing.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status !== 403) return;
  var region = document.getElementById("refusals");
  if (!region) return;
  event.detail.shouldSwap = true;
  event.detail.isError = false;
  event.detail.target = region;
  event.detail.swapOverride = "innerHTML";
  event.detail.selectOverride = "unset";
});
