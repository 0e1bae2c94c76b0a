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
  // "Your registry": the reader types an organization, or a mirror's
  // prefix, once; every image reference on every page (the spans the
  // templates mark with class "reg", and the registries named in the
  // pages' code blocks) shows it, and the copy buttons copy it. It is kept
  // in localStorage on this device. What the reader types is checked and
  // only ever set as text.
  var REGISTRY_KEY = "sitegen.registry";
  var COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  var ORG_RE = new RegExp("^" + COMPONENT + "$");
  var PREFIX_RE = new RegExp("^" + COMPONENT + "(?::[0-9]{1,5})?(?:/" + COMPONENT + ")*$");

  // parseRegistry returns {kind, value} for an organization ("org": no
  // slash) or a registry prefix ("prefix": with a slash; a trailing one
  // names a registry's root), or null when the text is not one.
  function parseRegistry(text) {
    var v = String(text || "").trim();
    if (!v || v.length > 255) return null;
    if (v.indexOf("/") < 0) return ORG_RE.test(v) ? { kind: "org", value: v } : null;
    v = v.replace(/\/$/, "");
    return PREFIX_RE.test(v) ? { kind: "prefix", value: v } : null;
  }

  // registryText is how a choice is written, stored and shown: a prefix
  // at a registry's root keeps its trailing slash.
  function registryText(choice) {
    return choice.value + (choice.kind === "prefix" && choice.value.indexOf("/") < 0 ? "/" : "");
  }

  function storedRegistry() {
    try { return parseRegistry(localStorage.getItem(REGISTRY_KEY)); } catch (e) { return null; }
  }

  // registrySpan wraps a registry prefix found in a code block.
  function registrySpan(tier, registry) {
    var span = document.createElement("span");
    span.className = "reg";
    span.setAttribute("data-tier", tier);
    span.setAttribute("data-registry", registry);
    span.textContent = registry;
    return span;
  }

  // markCodeRegistries wraps the site's two registries, where a code block
  // of a page's text names them, as the templates wrap theirs.
  function markCodeRegistries() {
    var tiers = [
      ["free", document.body.getAttribute("data-registry-free")],
      ["production", document.body.getAttribute("data-registry-production")]
    ].filter(function (t) { return t[1]; });
    if (!tiers.length) return;
    document.querySelectorAll(".prose pre code, .prose .highlight pre").forEach(function (code) {
      var walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      var nodes = [];
      while (walker.nextNode()) {
        if (!walker.currentNode.parentNode.closest(".reg")) nodes.push(walker.currentNode);
      }
      nodes.forEach(function (node) {
        var text = node.nodeValue;
        var parts = [];
        var i = 0;
        for (;;) {
          var best = -1, tier = null;
          tiers.forEach(function (t) {
            var at = text.indexOf(t[1] + "/", i);
            if (at >= 0 && (best < 0 || at < best)) { best = at; tier = t; }
          });
          if (best < 0) break;
          parts.push(document.createTextNode(text.slice(i, best)), registrySpan(tier[0], tier[1]));
          i = best + tier[1].length;
        }
        if (!parts.length) return;
        parts.push(document.createTextNode(text.slice(i)));
        parts.forEach(function (p) { node.parentNode.insertBefore(p, node); });
        node.parentNode.removeChild(node);
      });
    });
  }

  // applyRegistry shows choice (or, for null, each reference's own
  // registry) in every marked reference: an organization takes the place
  // of ORGANIZATION in the production registry; a prefix replaces every
  // registry.
  function applyRegistry(choice) {
    document.querySelectorAll(".reg").forEach(function (span) {
      var own = span.getAttribute("data-registry") || "";
      var text = own;
      if (choice && choice.kind === "prefix") {
        text = choice.value;
      } else if (choice && span.getAttribute("data-tier") === "production" && own.indexOf("ORGANIZATION") >= 0) {
        text = own.replace("ORGANIZATION", choice.value);
      }
      if (span.textContent !== text) span.textContent = text;
    });
  }

  function setUpRegistry() {
    markCodeRegistries();
    applyRegistry(storedRegistry());
    window.addEventListener("storage", function (e) {
      if (e.key === REGISTRY_KEY || e.key === null) applyRegistry(storedRegistry());
    });
    var form = document.querySelector("[data-your-registry]");
    if (!form) return;
    var input = form.querySelector("input");
    var status = form.querySelector("[data-your-registry-status]");
    var clear = form.querySelector("[data-your-registry-clear]");
    var current = storedRegistry();
    if (current) input.value = registryText(current);
    function say(text) { status.textContent = text; }
    form.hidden = false;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var choice = parseRegistry(input.value);
      if (!choice) {
        input.setAttribute("aria-invalid", "true");
        say("Not a registry path: use lower-case letters, digits and . _ - (and / : for a mirror), like my-org or registry.example.com/mirror.");
        return;
      }
      input.removeAttribute("aria-invalid");
      input.value = registryText(choice);
      try { localStorage.setItem(REGISTRY_KEY, registryText(choice)); } catch (err) { /* kept for this page only */ }
      applyRegistry(choice);
      say(choice.kind === "org" ? "Commands now name the organization " + choice.value + "." : "Commands now pull through " + choice.value + ".");
    });
    clear.addEventListener("click", function () {
      try { localStorage.removeItem(REGISTRY_KEY); } catch (err) { /* nothing kept */ }
      input.value = "";
      input.removeAttribute("aria-invalid");
      applyRegistry(null);
      say("Commands show the catalog's registries again.");
    });
  }

  var resizeTimer;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(focusableScrollers, 150);
  });

  setUpRegistry();
  addCopyButtons();
  setUpFilters();
  focusableScrollers();
  foldDocsMenu();
  followToc();
})();
