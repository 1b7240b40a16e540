/*
 * Filters (geoinvest/features/filters.py): checkboxes per field (owners' country, status,
 * commodity, perpetrator ...). AND across fields, OR among the values of one field; a
 * field leaves alone the layers that lack it. Each layer row holds, per field, the code
 * of its set of values; a change decides once per set whether it passes, then one table
 * lookup per row and field sets HIDE_FILTER. Layers whose fields did not change are skipped.
 */

feature("filters", function (app, options) {
  if (!options || !options.fields || !options.fields.length) return;
  var S = app.S;
  var lang = app.lang;

  var fields = options.fields.map(function (spec) {
    var labels = spec.labels ? spec.labels[lang] || spec.labels.en : spec.values;
    var index = {};
    spec.values.forEach(function (v, k) {
      index[v] = k;
    });
    return {
      name: spec.name,
      values: spec.values,
      labels: labels,
      counts: spec.counts,
      layers: spec.layers,
      index: index,
      chosen: new Uint8Array(spec.values.length),
      nChosen: 0,
      version: 0,
      boxes: [],
      badge: null,
    };
  });

  // Per layer, the fields it has: row codes and their sets.
  var parts = app.layers.map(function (layer) {
    var own = (options.layers && options.layers[layer.id]) || {};
    var list = [];
    fields.forEach(function (f) {
      var e = own[f.name];
      if (!e) return;
      list.push({
        field: f,
        codes: typed(e.codes, CODE_TYPES[e.width]),
        sets: e.sets,
        fail: new Uint8Array(e.sets.length),
      });
    });
    return { layer: layer, list: list, key: "" };
  });
  var scratch = null;

  /** HIDE_FILTER from the chosen values: per layer, only when its fields changed. */
  function apply() {
    parts.forEach(function (part) {
      var active = part.list.filter(function (e) {
        return e.field.nChosen > 0;
      });
      var key = active
        .map(function (e) {
          return e.field.name + ":" + e.field.version;
        })
        .join(",");
      if (key === part.key) return;
      part.key = key;
      var layer = part.layer;
      var h = layer.hidden;
      var n = layer.n;
      active.forEach(function (e) {
        var chosen = e.field.chosen;
        for (var s = 0; s < e.sets.length; s++) {
          var set = e.sets[s];
          var pass = 0;
          for (var j = 0; j < set.length && !pass; j++) pass = chosen[set[j]];
          e.fail[s] = pass ? 0 : HIDE_FILTER;
        }
      });
      mark(h, n, active);
      // The panel's "7 of 25 shown" reads this (panel.js, updateCounts).
      layer.filteredBy = active.length
        ? (layer.filteredBy | 0) | HIDE_FILTER
        : (layer.filteredBy | 0) & ~HIDE_FILTER;
      layer.updateSums();
    });
  }

  /** Set or clear HIDE_FILTER in h: a row fails when any active field's set fails. */
  function mark(h, n, active) {
    var i;
    if (active.length === 0) {
      for (i = 0; i < n; i++) h[i] &= ~HIDE_FILTER;
    } else if (active.length === 1) {
      var c = active[0].codes;
      var f = active[0].fail;
      for (i = 0; i < n; i++) h[i] = (h[i] & ~HIDE_FILTER) | f[c[i]];
    } else {
      if (!scratch || scratch.length < n) scratch = new Uint8Array(n);
      var acc = scratch;
      var c0 = active[0].codes;
      var f0 = active[0].fail;
      for (i = 0; i < n; i++) acc[i] = f0[c0[i]];
      for (var k = 1; k < active.length; k++) {
        var ck = active[k].codes;
        var fk = active[k].fail;
        for (i = 0; i < n; i++) acc[i] |= fk[ck[i]];
      }
      for (i = 0; i < n; i++) h[i] = (h[i] & ~HIDE_FILTER) | acc[i];
    }
  }

  // In idle time, a layer at a time: read its code arrays through mark (on a throw-away
  // mask; all its fields at once, then the first alone), so the first change finds the
  // arrays in memory, mark's paths compiled and the scratch array made.
  var warm = [];
  parts.forEach(function (part) {
    if (!part.list.length) return;
    warm.push(function () {
      var n = part.layer.n;
      var pass = part.list.map(function (e) {
        return { codes: e.codes, fail: new Uint8Array(e.sets.length) };
      });
      var mask = new Uint8Array(n);
      mark(mask, n, pass);
      if (pass.length > 1) mark(mask, n, pass.slice(0, 1));
    });
  });
  // And the prefix sums' path for a layer with hidden rows, on a slice of the largest layer.
  warm.push(function () {
    var big = parts.reduce(function (a, part) {
      return part.list.length && (!a || part.layer.n > a.n) ? part.layer : a;
    }, null);
    if (!big || big.n < 2) return;
    var m = Math.min(big.n, 65536);
    var mask = new Uint8Array(big.n);
    mask[big.order[0]] = HIDE_FILTER;
    var order = big.order.subarray(0, m);
    prefixSums(order, big.x.subarray(0, m), big.y.subarray(0, m), mask, emptySums(m));
  });
  runIdle(warm);

  function changed(field) {
    field.version++;
    field.nChosen = 0;
    for (var k = 0; k < field.chosen.length; k++) field.nChosen += field.chosen[k];
    field.badge.textContent = field.nChosen ? fill(S.filters_chosen, { n: field.nChosen }) : "";
    clear.disabled = !fields.some(function (f) {
      return f.nChosen > 0;
    });
    apply();
    app.refresh();
  }

  // ---- the panel section
  var section = app.panelSection("gi-filters", S.filters_heading, true);
  var titles = {};
  app.layers.forEach(function (l) {
    titles[l.id] = l.title;
  });
  fields.forEach(function (field) {
    var box = el("details", "gi-filters-field");
    box.setAttribute("data-gi-field", field.name);
    var summary = el("summary", "gi-filters-name", S["filters_field_" + field.name] || field.name);
    summary.title = fill(S.filters_applies, {
      layers: field.layers
        .map(function (id) {
          return titles[id] || id;
        })
        .join(", "),
    });
    field.badge = el("span", "gi-filters-badge");
    summary.appendChild(field.badge);
    box.appendChild(summary);
    var list = el("ul", "gi-filters-values");
    // Countries in the page's alphabet order; vocabularies in their own order.
    var order = field.values.map(function (v, k) {
      return k;
    });
    if (field.name.indexOf("country") >= 0) {
      order.sort(function (a, b) {
        return field.labels[a].localeCompare(field.labels[b], lang);
      });
    }
    order.forEach(function (k) {
      var li = el("li", null);
      var label = el("label", "gi-row");
      var input = el("input", "gi-filters-value");
      input.type = "checkbox";
      input.value = field.values[k];
      input.setAttribute("data-gi-field", field.name);
      input.addEventListener("change", function () {
        field.chosen[k] = input.checked ? 1 : 0;
        changed(field);
      });
      field.boxes[k] = input;
      label.appendChild(input);
      label.appendChild(el("span", "gi-filters-label", field.labels[k]));
      label.appendChild(el("span", "gi-count", field.counts[k].toLocaleString(lang)));
      li.appendChild(label);
      list.appendChild(li);
    });
    box.appendChild(list);
    section.appendChild(box);
  });
  var clear = el("button", "gi-filters-clear", S.filters_clear);
  clear.type = "button";
  clear.disabled = true;
  clear.addEventListener("click", function () {
    set(null);
  });
  section.appendChild(clear);

  // ---- link state: {field: [values]} of the chosen values; null when none
  function get() {
    var out = null;
    fields.forEach(function (f) {
      if (!f.nChosen) return;
      out = out || {};
      out[f.name] = f.values.filter(function (v, k) {
        return f.chosen[k] === 1;
      });
    });
    return out;
  }
  function set(value) {
    var state = value && typeof value === "object" && !Array.isArray(value) ? value : {};
    fields.forEach(function (f) {
      var want = Array.isArray(state[f.name]) ? state[f.name] : [];
      var chosen = new Uint8Array(f.values.length);
      want.forEach(function (v) {
        var known = typeof v === "string" && Object.prototype.hasOwnProperty.call(f.index, v);
        if (known) chosen[f.index[v]] = 1;
      });
      var differs = false;
      for (var k = 0; k < chosen.length; k++) {
        if (chosen[k] !== f.chosen[k]) differs = true;
        f.boxes[k].checked = chosen[k] === 1;
      }
      if (!differs) return;
      f.chosen = chosen;
      f.version++;
      f.nChosen = 0;
      for (k = 0; k < chosen.length; k++) f.nChosen += chosen[k];
      f.badge.textContent = f.nChosen ? fill(S.filters_chosen, { n: f.nChosen }) : "";
      if (f.nChosen && f.boxes.length) f.boxes[0].closest("details").open = true;
    });
    clear.disabled = !fields.some(function (f) {
      return f.nChosen > 0;
    });
    apply();
    app.refresh();
  }
  app.addState("filters", get, set);
});
