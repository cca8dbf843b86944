// The release form's solution picker: checking a search result moves it to the chosen list;
// unchecking a chosen one removes it. Without JavaScript the checkboxes and "Find" do the same.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box.matches || !box.matches("[data-picker] input[type=checkbox]")) return;
  var picker = box.closest("[data-picker]");
  var chosen = picker.querySelector("[data-picker-chosen]");
  var item = box.closest("li");
  if (box.checked && !chosen.contains(item)) {
    var none = chosen.querySelector("[data-picker-none]");
    if (none) none.remove();
    chosen.appendChild(item);
  } else if (!box.checked && chosen.contains(item)) {
    item.remove();
  }
});
document.addEventListener("keydown", function (event) {
  // Enter in the search box searches now instead of submitting the whole form.
  if (event.key !== "Enter" || !event.target.matches("[data-picker] input[type=search]")) return;
  event.preventDefault();
  if (window.htmx) window.htmx.trigger(event.target, "search");
});
