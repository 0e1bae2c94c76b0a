// sitegen built-in theme: the site search. It reads the index the build
// writes under search/ (see the Go package internal/search for its
// format), a part at a time: nothing on page load; the manifest when the
// reader first focuses the box or types; then, for each query, the term
// shards its words fall in and the result chunks of the results shown.
// Without JavaScript the form opens the image list.
//
// The form's data-search-start, data-search-shown (performance.now() when
// a search began and when its results were on screen) and
// data-search-done (the query, once its results and facet counts are in)
// let tests time it.
(function () {
  "use strict";
  var form = document.querySelector("[data-search]");
  if (!form || !window.fetch || !window.Map) return;

  var PAGE = 10;            // results shown at a time
  var DEBOUNCE = 100;       // ms of quiet typing before a search
  var PREFIX_MIN = 3;       // the last word completes from this many characters on, unless all digits
  var PREFIX_SHARDS = 3;    // completions read at most this many shards
  var FACETS_UP_FRONT = 48 * 1024; // facet lists loaded before they are asked for, at most
  var TIER = [12, 4, 1];    // a word's weight by the tier it matches in
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var VALUE = new Int8Array(128);
  for (var i = 0; i < DIGITS.length; i++) VALUE[DIGITS.charCodeAt(i)] = i;

  var input = form.querySelector("input[type=search]");
  var panel = form.querySelector("[data-search-panel]");
  var facetBox = form.querySelector("[data-search-facets]");
  var count = form.querySelector("[data-search-count]");
  var list = form.querySelector("[data-search-results]");
  var more = form.querySelector("[data-search-more]");
  var base = new URL(form.getAttribute("data-search"), location.href);
  var files = new Map(); // URL -> promise of its JSON
  var manifest = null;   // promise of the manifest
  var seq = 0;           // the latest query; older ones drop their results
  var results = [];      // ids of the latest query's results, best first
  var shown = 0;
  var timer = 0;

  function get(name) {
    var url = new URL(name, base).href;
    if (!files.has(url)) {
      var p = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      });
      p.catch(function () { files.delete(url); }); // the next search tries again
      files.set(url, p);
    }
    return files.get(url);
  }

  function load() {
    if (!manifest) {
      manifest = get(base.href).then(function (m) {
        m.stopSet = new Set(m.stop);
        setUpFacets(m);
        return m;
      });
      manifest.catch(function () { manifest = null; });
    }
    return manifest;
  }

  function part(m, name) { return get(m.build + "/" + name); }

  // decode turns a posting list into ascending document numbers.
  function decode(s) {
    var out = [], i, v;
    if (s.charCodeAt(0) === 33) { // "!": a bitmap
      for (i = 1; i < s.length; i++) {
        v = VALUE[s.charCodeAt(i)];
        for (var k = 0; k < 6; k++) if (v & (1 << k)) out.push(6 * (i - 1) + k);
      }
      return out;
    }
    var prev = -1, shift = 0, d;
    v = 0;
    for (i = 0; i < s.length; i++) {
      d = VALUE[s.charCodeAt(i)];
      v += (d & 31) * Math.pow(2, shift);
      shift += 5;
      if (d & 32) continue;
      prev += v + 1;
      out.push(prev);
      v = 0; shift = 0;
    }
    return out;
  }

  // words splits a query as the index split the text: runs of letters and
  // digits, lower-cased, stop words left out.
  function words(m, q) {
    return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).filter(function (w) {
      return Array.from(w).length <= 40 && !m.stopSet.has(w);
    });
  }

  // shardOf is the shard a term is in: the last whose first term is not
  // after it.
  function shardOf(m, t) {
    var lo = 0, hi = m.shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (m.shards[mid] <= t) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // shardsFor lists the shards that hold w, and its completions when
  // prefix: none when w falls between two shards.
  function shardsFor(m, w, prefix) {
    var first = shardOf(m, w), out = [];
    if (m.last[first] >= w && (prefix || m.shards[first] <= w)) out.push(first);
    if (!prefix) return out;
    for (var s = first + 1; s < m.shards.length && out.length < PREFIX_SHARDS && m.shards[s].startsWith(w); s++) out.push(s);
    return out;
  }

  // match scores the documents of one word, in an array by document: the
  // best tier of any term it matches, a completion counting half. It also
  // lists the documents it scored.
  function match(m, shards, w, prefix) {
    var score = new Float32Array(m.docs), ids = [];
    shards.forEach(function (shard) {
      var lo = 0, hi = shard.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (shard[mid][0] < w) lo = mid + 1; else hi = mid;
      }
      for (var i = lo; i < shard.length; i++) {
        var e = shard[i], exact = e[0] === w;
        if (!exact && !(prefix && e[0].startsWith(w))) break;
        for (var tier = 1; tier < e.length; tier++) {
          if (!e[tier]) continue;
          var s = exact ? TIER[tier - 1] : TIER[tier - 1] / 2, list = decode(e[tier]);
          for (var k = 0; k < list.length; k++) {
            var id = list[k];
            if (score[id] === 0) ids.push(id);
            if (score[id] < s) score[id] = s;
          }
        }
      }
    });
    return { score: score, ids: ids };
  }

  // checked lists the facet values asked for, as [facet, value] pairs.
  function checked() {
    return Array.prototype.slice.call(facetBox.querySelectorAll("input:checked")).map(function (b) {
      return [+b.getAttribute("data-facet"), +b.value];
    });
  }

  function facetList(m, f, v) {
    return part(m, "f/" + f + "-" + v + ".json").then(function (s) { return new Set(decode(s)); });
  }

  // search finds the results of the query and the facets checked: every
  // word must match; results rank by their score, then by their number.
  function search(m, q, want) {
    var ws = words(m, q);
    var last = ws[ws.length - 1] || "";
    var prefix = !/\s$/.test(q) && last.length >= PREFIX_MIN && /\D/.test(last);
    var wanted = Promise.all(want.map(function (p) { return facetList(m, p[0], p[1]); }));
    var found = Promise.all(ws.map(function (w, i) {
      var p = prefix && i === ws.length - 1;
      return Promise.all(shardsFor(m, w, p).map(function (s) { return part(m, "t/" + s + ".json"); }))
        .then(function (shards) { return match(m, shards, w, p); });
    }));
    return Promise.all([found, wanted]).then(function (r) {
      var per = r[0], sets = r[1], buckets = new Map();
      var add = function (id, total) {
        for (var i = 0; i < sets.length; i++) if (!sets[i].has(id)) return;
        var b = buckets.get(total);
        if (!b) buckets.set(total, b = []);
        b.push(id);
      };
      if (per.length === 0) {
        if (sets.length > 0) sets[0].forEach(function (id) { add(id, 0); });
      } else {
        per.sort(function (a, b) { return a.ids.length - b.ids.length; });
        per[0].ids.forEach(function (id) {
          var total = 0;
          for (var i = 0; i < per.length; i++) {
            if (per[i].score[id] === 0) return;
            total += per[i].score[id];
          }
          add(id, total);
        });
      }
      // Scores take few values: sort those, and the ids within each.
      var out = [];
      Array.from(buckets.keys()).sort(function (a, b) { return b - a; }).forEach(function (total) {
        Int32Array.from(buckets.get(total)).sort().forEach(function (id) { out.push(id); });
      });
      return out;
    });
  }

  function setUpFacets(m) {
    var up = 0;
    m.facets.forEach(function (f, fi) {
      // Each facet is a group of its own: a fieldset has one legend.
      var group = facetBox;
      if (m.facets.length > 1) {
        group = document.createElement("fieldset");
        group.className = "search-facet";
        facetBox.appendChild(group);
      }
      var legend = document.createElement("legend");
      legend.textContent = f.label;
      group.appendChild(legend);
      f.values.forEach(function (v, vi) {
        var label = document.createElement("label");
        label.className = "chip";
        var box = document.createElement("input");
        box.type = "checkbox";
        box.value = vi;
        box.setAttribute("data-facet", fi);
        box.addEventListener("change", function () { run(0); });
        var n = document.createElement("span");
        n.className = "search-facet-count";
        label.append(box, " " + v.label, n);
        group.appendChild(label);
        up += Math.min(2 * v.count, m.docs / 6 + 2);
      });
    });
    facetBox.hidden = m.facets.length === 0;
    m.eager = up <= FACETS_UP_FRONT;
  }

  // countFacets writes how many results each facet value has, for the
  // values whose lists are loaded (all of them, on a site small enough).
  function countFacets(m, ids, mine) {
    return Promise.all(Array.prototype.map.call(facetBox.querySelectorAll("input"), function (box) {
      var f = +box.getAttribute("data-facet"), v = +box.value;
      var n = box.parentNode.querySelector(".search-facet-count");
      if (!m.eager && !box.checked) { n.textContent = ""; return; }
      return facetList(m, f, v).then(function (set) {
        if (mine !== seq) return;
        var c = 0;
        ids.forEach(function (id) { if (set.has(id)) c++; });
        n.textContent = " " + c;
      });
    }));
  }

  function run(delay) {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var mine = ++seq, q = input.value;
      form.setAttribute("data-search-start", performance.now());
      load().then(function (m) {
        var want = checked();
        if (words(m, q).length === 0 && want.length === 0) {
          results = [];
          panel.hidden = q.trim() === "";
          count.textContent = q.trim() === "" ? "" : "Type a longer word.";
          list.replaceChildren();
          more.hidden = true;
          return;
        }
        return search(m, q, want).then(function (ids) {
          if (mine !== seq) return;
          results = ids;
          shown = 0;
          list.replaceChildren();
          return show(m, mine).then(function () {
            if (mine !== seq) return;
            count.textContent = ids.length === 0 ? "No results." : ids.length === 1 ? "1 result" : ids.length + " results";
            return countFacets(m, ids, mine);
          }).then(function () {
            if (mine === seq) form.setAttribute("data-search-done", q);
          });
        });
      }).catch(function (e) {
        if (mine !== seq) return;
        panel.hidden = false;
        count.textContent = "Search is not available: " + e.message;
      });
    }, delay);
  }

  // show adds the next page of results, once their chunks are loaded.
  function show(m, mine) {
    var ids = results.slice(shown, shown + PAGE);
    var chunks = Array.from(new Set(ids.map(function (id) { return Math.floor(id / m.chunk); })));
    return Promise.all(chunks.map(function (c) { return part(m, "d/" + c + ".json"); })).then(function (loaded) {
      if (mine !== seq) return;
      var byChunk = new Map();
      chunks.forEach(function (c, i) { byChunk.set(c, loaded[i]); });
      ids.forEach(function (id) { list.appendChild(item(m, byChunk.get(Math.floor(id / m.chunk))[id % m.chunk])); });
      shown += ids.length;
      more.hidden = shown >= results.length;
      panel.hidden = false;
      form.setAttribute("data-search-shown", performance.now());
    });
  }

  // item is one result: [kind, url, title, summary, [[facet values]...]].
  function item(m, row) {
    var li = document.createElement("li");
    li.className = "search-result";
    var a = document.createElement("a");
    a.href = row[1];
    a.className = "search-result-title";
    a.textContent = row[2];
    li.appendChild(a);
    if (m.kinds[row[0]]) {
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = m.kinds[row[0]];
      li.append(" ", kind);
    }
    if (row[3]) {
      var p = document.createElement("p");
      p.className = "search-summary";
      p.textContent = row[3];
      li.appendChild(p);
    }
    var labels = [];
    row[4].forEach(function (vals, fi) {
      vals.forEach(function (vi) { labels.push([m.facets[fi], m.facets[fi].values[vi]]); });
    });
    if (labels.length) {
      var ul = document.createElement("ul");
      ul.className = "badges";
      // Named after the facets its badges come from ("Categories,
      // Platforms"), not always "Categories".
      ul.setAttribute("aria-label", labels.map(function (fv) { return fv[0].label; })
        .filter(function (l, i, all) { return all.indexOf(l) === i; }).join(", "));
      labels.forEach(function (fv) {
        var v = fv[1], b = document.createElement("li");
        // An image new on the build day has the facet "added" (see
        // internal/site): its badge looks as on the lists.
        b.className = fv[0].name === "added" ? "status status-new" : "badge badge-" + v.key;
        b.textContent = v.label;
        ul.appendChild(b);
      });
      li.appendChild(ul);
    }
    return li;
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  input.addEventListener("focus", function () {
    load().catch(function () {});
    if (input.value.trim() || checked().length) panel.hidden = false;
  });
  input.addEventListener("input", function () { run(DEBOUNCE); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    run(0);
  });
  more.addEventListener("click", function () {
    var next = links().length;
    load().then(function (m) { return show(m, seq); }).then(function () {
      var a = links()[next];
      if (a) a.focus();
    });
  });
  // Up and down move between the box and the results (down opens them
  // again); Escape closes them.
  form.addEventListener("keydown", function (e) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (e.key === "Escape") {
      input.focus();
      panel.hidden = true;
    } else if (e.key === "ArrowDown" && panel.hidden && e.target === input && all.length) {
      e.preventDefault();
      panel.hidden = false;
    } else if (e.key === "ArrowDown" && (e.target === input || at >= 0) && all.length) {
      e.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (e.key === "ArrowUp" && at >= 0) {
      e.preventDefault();
      if (at === 0) input.focus(); else all[at - 1].focus();
    }
  });
  form.addEventListener("focusout", function (e) {
    if (!form.contains(e.relatedTarget)) panel.hidden = true;
  });

  // A query in the address (the form's own, sent without JavaScript or
  // followed from a link) is searched at once.
  var q = new URLSearchParams(location.search).get("q");
  if (q && !input.value) {
    input.value = q;
    run(0);
  }
})();
