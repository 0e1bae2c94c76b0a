// sitegen built-in theme: enhancements only. Every page reads fine without it.
(function () {
  "use strict";

  // Copy buttons on code blocks and pull commands.
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
          button.setAttribute("data-copied", "");
          setTimeout(function () {
            button.textContent = "Copy";
            button.removeAttribute("data-copied");
          }, 1500);
        });
      });
      block.appendChild(button);
    });
  }

  // Search and category filters over an image list. Without JavaScript the
  // form stays hidden and every image is listed.
  function setUpFilters() {
    var form = document.querySelector("[data-filter-form]");
    var list = document.querySelector(".image-list");
    if (!form || !list) return;
    var items = Array.prototype.slice.call(list.querySelectorAll(".image-item"));
    var search = form.querySelector("[data-filter-search]");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("[data-filter-category]"));
    var count = form.querySelector("[data-filter-count]");
    var empty = document.querySelector("[data-filter-empty]");
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
      var noun = items.length === 1 ? " image" : " images";
      count.textContent = shown === items.length ? "Showing all " + items.length + noun : "Showing " + shown + " of " + items.length + noun;
      if (empty) empty.hidden = shown > 0;
      var q = new URLSearchParams();
      if (search.value) q.set("q", search.value);
      wanted.forEach(function (c) { q.append("category", c); });
      var s = q.toString();
      history.replaceState(null, "", (s ? "?" + s : location.pathname) + location.hash);
    }
    form.hidden = false;
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    search.addEventListener("input", apply);
    boxes.forEach(function (b) { b.addEventListener("change", apply); });
    apply();
  }

  // On narrow screens the documentation menu starts closed; it is open in
  // the HTML so that it shows without JavaScript.
  function foldDocsMenu() {
    var menu = document.querySelector("[data-docs-menu]");
    if (menu && window.matchMedia("(max-width: 59.99rem)").matches) menu.open = false;
  }

  // Mark the table-of-contents entry of the section being read.
  function followToc() {
    var links = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
    if (!links.length || !("IntersectionObserver" in window)) return;
    var targets = links.map(function (a) { return document.getElementById(decodeURIComponent(a.hash.slice(1))); });
    var visible = new Set();
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) visible.add(e.target); else visible.delete(e.target); });
      var current = -1;
      targets.forEach(function (t, i) { if (t && visible.has(t) && current < 0) current = i; });
      if (current < 0) return;
      links.forEach(function (a, i) {
        if (i === current) a.setAttribute("aria-current", "true");
        else a.removeAttribute("aria-current");
      });
    }, { rootMargin: "-10% 0px -70% 0px" });
    targets.forEach(function (t) { if (t) observer.observe(t); });
  }

  // Boxes that scroll sideways (code, wide tables) take keyboard focus, so
  // that they can be scrolled without a mouse.
  function focusableScrollers() {
    document.querySelectorAll("pre, .table-scroll, .prose table").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1) {
        if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
      } else if (el.getAttribute("tabindex") === "0") {
        el.removeAttribute("tabindex");
      }
    });
  }
  var resizeTimer;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(focusableScrollers, 150);
  });

  addCopyButtons();
  setUpFilters();
  focusableScrollers();
  foldDocsMenu();
  followToc();
})();
