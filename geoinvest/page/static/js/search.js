/* Search across layers: the combobox, building the index in idle slices and running
 * queries in short slices (search-index.js holds the normaliser, index and ranking). */

feature("search", function (app, options) {
  if (!options || !options.fields || !options.fields.length) return;
  var S = app.S;
  var limit = options.limit || 8;
  var index = null;
  var eager = false;
  var query = null; // the running query: {text, queries, hits, items, at}
  var results = [];
  var active = -1;
  var idBase = "gi-search-" + String(app.payload.id).replace(/\s+/g, "_") + "-" + NS.maps.length;

  var box = el("div", "gi-search");
  var label = el("label", "gi-search-label");
  label.appendChild(el("span", "gi-search-label-text", S.search_label));
  var input = el("input", "gi-search-input");
  input.type = "text";
  input.autocomplete = "off";
  input.spellcheck = false;
  input.placeholder = S.search_placeholder;
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", idBase + "-list");
  label.appendChild(input);
  box.appendChild(label);
  var list = el("ul", "gi-search-list");
  list.id = idBase + "-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", S.search_label);
  list.hidden = true;
  box.appendChild(list);
  var status = el("p", "gi-search-status");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  box.appendChild(status);

  control("topleft", function () {
    return box;
  }).addTo(app.map);
  // Under the title, above the zoom bar.
  var title = app.root.querySelector(".gi-title");
  if (title && title.parentNode === box.parentNode) title.after(box);

  // ---- building the index: idle slices after the first draw, short slices once focused

  function getIndex() {
    if (!index) index = new SearchIndex(app, options.fields);
    return index;
  }

  function finished() {
    if (box.hasAttribute("data-gi-ready")) return;
    performance.mark("geoinvest:search-ready");
    box.setAttribute("data-gi-ready", "true");
    // For benchmarks: from the first job to the last, with the time spent in jobs.
    performance.measure("geoinvest:search-index", {
      start: index.startedAt,
      end: performance.now(),
      detail: {
        jobs: index.total,
        busyMs: index.busyMs,
        longestMs: index.longestMs,
        longestJob: index.longestJob,
        eager: eager,
      },
    });
    if (query) restart();
  }

  function buildIdle(deadline) {
    var ix = getIndex();
    if (eager) return;
    do {
      if (ix.done()) return finished();
      ix.step();
    } while (deadline.timeRemaining() > 4);
    if (ix.done()) return finished();
    idle(buildIdle);
  }

  function buildEager() {
    var ix = getIndex();
    var t0 = performance.now();
    while (!ix.done() && performance.now() - t0 < BUILD_SLICE_MS) ix.step();
    if (ix.done()) return finished();
    if (query) restart();
    setTimeout(buildEager, 0);
  }

  function hurry() {
    if (eager || (index && index.done())) return;
    eager = true;
    setTimeout(buildEager, 0);
  }

  function waitDrawn() {
    if (eager) return;
    if (app.drawn) idle(buildIdle);
    else idle(waitDrawn);
  }
  idle(waitDrawn);

  // ---- running a query

  function start(text) {
    // The marks of the last query only (benchmarks read them; a session types thousands).
    performance.clearMarks("geoinvest:search-results");
    performance.clearMarks("geoinvest:search-done");
    var q = fold(text);
    if (!q) {
      query = null;
      close();
      return;
    }
    // "sta" is written out as "santa"; while it may be the start of a word ("Stanford"),
    // the words as typed are looked for too.
    var plain = foldWords(String(text).replace(/\n/g, " ")).trim();
    var queries = plain !== q ? [q, plain] : [q];
    query = { text: text, queries: queries, hits: new Hits(limit), at: 0 };
    if (!index || !index.done()) hurry();
    run(query);
  }

  function restart() {
    if (query) start(query.text);
  }

  /** Work items: every built part of every source, per query variant. */
  function items() {
    var out = [];
    var ix = getIndex();
    query.queries.forEach(function (q) {
      ix.sources.forEach(function (src) {
        if (src.dict) {
          if (src.parts.length) out.push([q, src, null]);
          return;
        }
        src.parts.forEach(function (part) {
          out.push([q, src, part]);
        });
      });
    });
    return out;
  }

  function run(job) {
    if (job !== query) return;
    if (!job.items) job.items = items();
    var t0 = performance.now();
    var hits = job.hits;
    while (job.at < job.items.length && !hits.settled()) {
      var item = job.items[job.at++];
      if (item[1].dict) scanDict(item[1], item[0], hits);
      else scanPart(item[2], item[1], item[0], hits);
      if (performance.now() - t0 > SEARCH_SLICE_MS) break;
    }
    var complete = job.at >= job.items.length || hits.settled();
    show(hits.ranked(), complete && index.done());
    if (!complete) {
      setTimeout(function () {
        run(job);
      }, 0);
    } else {
      performance.mark("geoinvest:search-done");
    }
  }

  // ---- the list

  function textOf(layer, row, field) {
    var col = layer.columns[field];
    var v = col ? col.value(row) : null;
    return v === null || v === undefined ? "" : String(v);
  }

  function show(found, complete) {
    results = found;
    active = -1;
    input.removeAttribute("aria-activedescendant");
    var frag = document.createDocumentFragment();
    found.forEach(function (r, k) {
      var li = el("li", "gi-search-option");
      li.id = idBase + "-" + k;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-gi-layer", r.layer.id);
      li.setAttribute("data-gi-row", String(r.row));
      li.appendChild(swatch(r.layer.symbol, r.layer.color, r.layer.approx[r.row] === 1));
      var name = textOf(r.layer, r.row, "name") || textOf(r.layer, r.row, options.fields[r.rank]);
      var textBox = el("span", "gi-search-text");
      textBox.appendChild(el("span", "gi-search-name", name));
      var meta = [r.layer.title];
      var locality = textOf(r.layer, r.row, "locality");
      if (locality) meta.push(locality);
      textBox.appendChild(el("span", "gi-search-meta", meta.join(" · ")));
      li.appendChild(textBox);
      li.addEventListener("mousedown", function (e) {
        e.preventDefault(); // keep the focus in the box
      });
      li.addEventListener("click", function () {
        choose(k);
      });
      frag.appendChild(li);
    });
    list.replaceChildren(frag);
    list.hidden = found.length === 0;
    input.setAttribute("aria-expanded", found.length ? "true" : "false");
    var preparing = !index.done();
    if (found.length) {
      status.textContent = found.length === 1 ? S.search_one : fill(S.search_count, { n: found.length });
      status.className = "gi-search-status gi-search-sr";
    } else {
      status.textContent = preparing || !complete ? S.search_preparing : S.search_none;
      status.className = "gi-search-status";
    }
    performance.mark("geoinvest:search-results");
  }

  function close() {
    results = [];
    active = -1;
    list.replaceChildren();
    list.hidden = true;
    status.textContent = "";
    status.className = "gi-search-status";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(k) {
    var options_ = list.children;
    if (active >= 0 && options_[active]) options_[active].setAttribute("aria-selected", "false");
    active = k;
    if (k < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    var li = options_[k];
    li.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", li.id);
    li.scrollIntoView({ block: "nearest" });
  }

  function choose(k) {
    var r = results[k];
    if (!r) return;
    var name = textOf(r.layer, r.row, "name");
    query = null;
    close();
    if (name) input.value = name;
    app.showRow(r.layer, r.row);
  }

  input.addEventListener("input", function () {
    start(input.value);
  });
  input.addEventListener("focus", function () {
    hurry();
    if (input.value && !results.length) start(input.value);
  });
  input.addEventListener("blur", function () {
    if (results.length) close();
  });
  input.addEventListener("keydown", function (e) {
    var n = results.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!n) {
        if (input.value) start(input.value);
        return;
      }
      var step = e.key === "ArrowDown" ? 1 : -1;
      highlight(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (n) choose(active >= 0 ? active : 0);
    } else if (e.key === "Escape") {
      e.stopPropagation();
      if (n || status.textContent) {
        query = null;
        close();
      } else {
        input.value = "";
      }
    }
  });
});
