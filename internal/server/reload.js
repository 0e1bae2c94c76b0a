// sitegen live reload. Added by `sitegen serve` to the pages it serves;
// never part of a built site. See package internal/server for the protocol.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.EventSource) return;
  var d = me.dataset;
  var version = d.version;
  var file = d.file || "";
  var failed = d.error === "1";
  var missing = d.missing === "1";
  var events = new URL("events", me.src);
  var source = null;
  var leaving = false;

  // connect opens the stream, naming the version shown: the server sends
  // the changes since then, or its own version if it does not know it.
  function connect() {
    events.searchParams.set("since", version);
    if (file) events.searchParams.set("page", file); // made first after an edit
    source = new EventSource(events.href);
    source.addEventListener("hello", function (e) {
      var m = JSON.parse(e.data);
      if (m.version !== version) reload();
    });
    source.addEventListener("change", function (e) {
      onChange(JSON.parse(e.data));
    });
    source.onerror = function () {
      // EventSource retries by itself after a dropped connection, but gives
      // up on an HTTP error (say a proxy's 502 while the server restarts).
      if (source.readyState === EventSource.CLOSED && !leaving) {
        setTimeout(connect, 1000);
      }
    };
  }

  function onChange(m) {
    if (m.version === version) return;
    version = m.version;
    if (m.reload) return reload();
    if (m.errors || m.error !== failed || m.pages.indexOf(file) >= 0) return update(m.html);
    if (m.css.length > 0) swapStyles(m.css);
  }

  // update shows what the server now answers for this page without
  // reloading it: the page, the site's 404 page in its place, or the error
  // page. It is html when the change event carried it, and fetched
  // otherwise; its head takes the place of the old one (the
  // elements that did not change stay, so stylesheets are not loaded
  // again, and new stylesheets load before the body shows), then its title
  // and body; the scroll position and this stream stay. The body's scripts,
  // and new scripts in the head, run again, as a load would run them.
  // Anything unusual falls back to a reload.
  var updating = 0;
  function update(html) {
    var mine = ++updating;
    var got = html ? Promise.resolve(html) : fetch(location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok && r.status !== 404 && r.status !== 500) throw new Error(r.status);
        return r.text();
      });
    got
      .then(function (text) {
        if (mine !== updating) return; // a newer update is on its way
        var next = new DOMParser().parseFromString(text, "text/html");
        var tag = next.querySelector('script[src$="/reload.js"]');
        if (!next.body || tag === null) throw new Error("no page");
        return swapHead(next.head).then(function () {
          if (mine !== updating) return;
          var x = window.scrollX, y = window.scrollY;
          document.title = next.title;
          document.body.replaceWith(document.adoptNode(next.body));
          rerunScripts(document.body);
          window.scrollTo(x, y);
          file = tag.dataset.file || "";
          failed = tag.dataset.error === "1";
          missing = tag.dataset.missing === "1";
        });
      })
      .catch(function () { reload(); });
  }

  // headNodes lists the elements of a head other than the title and this
  // script.
  function headNodes(head) {
    return Array.prototype.filter.call(head.children, function (n) {
      return n.nodeName !== "TITLE" && !(n.nodeName === "SCRIPT" && /\/reload\.js$/.test(n.getAttribute("src") || ""));
    });
  }

  // parked holds the stylesheet links of the page the error page took the
  // place of, their sheets loaded but disabled (through the CSSOM: the
  // disabled attribute would drop the sheet): the page's return takes them
  // back instead of loading them again.
  var parked = [];

  // isStyle reports whether n is a stylesheet link.
  function isStyle(n) {
    return n.nodeName === "LINK" && /\bstylesheet\b/i.test(n.rel);
  }

  // swapHead makes this page's head the same as head: an element equal to
  // one there (or to a parked stylesheet) stays, the others are added in
  // their places and the old ones removed once the new stylesheets have
  // loaded (or failed to). The stylesheets of a page that the error page
  // replaces are parked instead.
  function swapHead(head) {
    var toError = head.querySelector('script[src$="/reload.js"][data-error="1"]') !== null;
    var olds = headNodes(document.head).filter(function (n) {
      return parked.indexOf(n) < 0;
    });
    var kept = [];
    var plan = headNodes(head).map(function (n) {
      for (var i = 0; i < olds.length; i++) {
        if (kept.indexOf(olds[i]) < 0 && olds[i].isEqualNode(n)) {
          kept.push(olds[i]);
          return olds[i];
        }
      }
      for (var j = 0; j < parked.length; j++) {
        if (parked[j].isEqualNode(n)) {
          var link = parked.splice(j, 1)[0];
          if (link.sheet) link.sheet.disabled = false;
          kept.push(link);
          return link;
        }
      }
      return document.adoptNode(n);
    });
    var loads = [];
    plan.forEach(function (n, i) {
      if (kept.indexOf(n) >= 0) return;
      var before = null;
      for (var j = i + 1; j < plan.length && before === null; j++) {
        if (kept.indexOf(plan[j]) >= 0) before = plan[j];
      }
      if (isStyle(n)) {
        loads.push(new Promise(function (done) {
          n.addEventListener("load", done);
          n.addEventListener("error", done);
          setTimeout(done, 3000);
        }));
      }
      if (n.nodeName === "SCRIPT") {
        var s = document.createElement("script");
        for (var k = 0; k < n.attributes.length; k++) s.setAttribute(n.attributes[k].name, n.attributes[k].value);
        s.async = false;
        s.text = n.text;
        n = s;
      }
      document.head.insertBefore(n, before);
    });
    return Promise.all(loads).then(function () {
      olds.forEach(function (o) {
        if (kept.indexOf(o) >= 0) return;
        if (toError && isStyle(o) && o.sheet) {
          o.sheet.disabled = true;
          parked.push(o);
          return;
        }
        o.remove();
      });
      if (!toError) {
        parked.forEach(function (p) { p.remove(); });
        parked = [];
      }
    });
  }

  // rerunScripts replaces each script in root by a fresh copy, which runs.
  function rerunScripts(root) {
    root.querySelectorAll("script").forEach(function (old) {
      var s = document.createElement("script");
      for (var i = 0; i < old.attributes.length; i++) {
        s.setAttribute(old.attributes[i].name, old.attributes[i].value);
      }
      s.async = false;
      s.text = old.text;
      old.replaceWith(s);
    });
  }

  function reload() {
    leaving = true;
    source.close();
    location.reload();
  }

  // stem is a stylesheet's URL without its fingerprint or query.
  function stem(href) {
    var u = new URL(href, location.href);
    return u.origin + u.pathname.replace(/\.[0-9a-f]{8}(\.css)$/, "$1");
  }

  // swapStyles replaces each stylesheet link that matches one of hrefs,
  // removing the old one once the new one has loaded, so nothing flashes.
  function swapStyles(hrefs) {
    var links = document.querySelectorAll('link[rel~="stylesheet"][href]');
    hrefs.forEach(function (href) {
      var want = stem(href);
      links.forEach(function (link) {
        if (stem(link.href) !== want || parked.indexOf(link) >= 0) return;
        // href as pages write it, so that the page's next update keeps
        // this link instead of loading the stylesheet again.
        var attr = href;
        var u = new URL(href, location.href);
        if (u.pathname === new URL(link.href).pathname) {
          u.searchParams.set("sitegen", version); // same name, new content
          attr = u.href;
        }
        var next = link.cloneNode(false);
        next.setAttribute("href", attr);
        var done = function () { link.remove(); };
        next.addEventListener("load", done);
        next.addEventListener("error", done);
        link.after(next);
      });
    });
  }

  window.addEventListener("pagehide", function () {
    leaving = true;
    if (source) source.close();
  });
  window.addEventListener("pageshow", function (e) {
    // Back from the back/forward cache: listen again, and catch up.
    if (e.persisted) {
      leaving = false;
      connect();
    }
  });
  connect();
})();
