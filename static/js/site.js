// sitegen built-in theme: enhancements only. Every page reads fine without it.
(function () {
  "use strict";

  // Copy buttons on code blocks.
  function addCopyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll(".highlight, .pull").forEach(function (block) {
      var pre = block.querySelector("pre");
      if (!pre || block.querySelector(".copy-button")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code to clipboard");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(pre.innerText.replace(/\n$/, "")).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 1500);
        });
      });
      block.appendChild(button);
    });
  }

  // Search and category filters over an image list.
  function setUpFilters() {
    var form = document.querySelector("[data-filter-form]");
    var list = document.querySelector(".image-list");
    if (!form || !list) return;
    var items = Array.prototype.slice.call(list.querySelectorAll(".image-item"));
    var search = form.querySelector("[data-filter-search]");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("[data-filter-category]"));
    var count = form.querySelector("[data-filter-count]");
    var params = new URLSearchParams(location.search);
    search.value = params.get("q") || "";
    boxes.forEach(function (b) { b.checked = params.getAll("category").indexOf(b.value) >= 0; });

    function apply() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var wanted = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      var shown = 0;
      items.forEach(function (item) {
        var text = item.getAttribute("data-search") || "";
        var cats = (item.getAttribute("data-categories") || "").split(" ");
        var ok = words.every(function (w) { return text.indexOf(w) >= 0; }) &&
          wanted.every(function (c) { return cats.indexOf(c) >= 0; });
        item.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = shown === items.length ? items.length + " images" : shown + " of " + items.length + " images";
      var q = new URLSearchParams();
      if (search.value) q.set("q", search.value);
      wanted.forEach(function (c) { q.append("category", c); });
      var s = q.toString();
      history.replaceState(null, "", s ? "?" + s : location.pathname);
    }
    form.hidden = false;
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    search.addEventListener("input", apply);
    boxes.forEach(function (b) { b.addEventListener("change", apply); });
    apply();
  }

  addCopyButtons();
  setUpFilters();
})();
