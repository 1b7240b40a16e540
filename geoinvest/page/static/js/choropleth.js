/*
 * Feature "choropleth" (geoinvest/features/choropleth.py): first-level areas shaded by the
 * count, capacity or investment of the rows shown, in classes whose breaks were fixed at
 * build. The areas are the offline base's own features, drawn again on a canvas in a pane
 * above the base and tiles and below the points; each row's area is a Uint16 index.
 */

var AREA_NONE = 0xffff;
// A total this close above a break still belongs to it (sums in another order than
// Python's may differ in the last bits).
var BREAK_SLACK = 1e-11;

/**
 * Per area, the sum of the value over the shown rows (hidden[i] === 0) of the layers that
 * are on. parts: [{layer, index: Uint16Array, weights: Float64Array | null (count)}].
 * Pure: typed arrays in, a Float64Array out.
 */
function areaTotals(parts, nAreas) {
  var totals = new Float64Array(nAreas);
  for (var p = 0; p < parts.length; p++) {
    var layer = parts[p].layer;
    if (!layer.on) continue;
    var hidden = layer.hidden;
    var index = parts[p].index;
    var w = parts[p].weights;
    var n = layer.n;
    var a;
    var i;
    if (w) {
      for (i = 0; i < n; i++) {
        if (hidden[i] !== 0) continue;
        a = index[i];
        var v = w[i];
        if (a !== AREA_NONE && v === v) totals[a] += v;
      }
    } else {
      for (i = 0; i < n; i++) {
        if (hidden[i] === 0) {
          a = index[i];
          if (a !== AREA_NONE) totals[a] += 1;
        }
      }
    }
  }
  return totals;
}

/** The class of a total: -1 for nothing (0), else the first break it does not exceed. */
function classOf(total, breaks) {
  if (!(total > 0)) return -1;
  for (var k = 0; k < breaks.length; k++) {
    if (total <= breaks[k] + Math.abs(breaks[k]) * BREAK_SLACK) return k;
  }
  return breaks.length - 1;
}

NS.pure.areaTotals = areaTotals;
NS.pure.classOf = classOf;

feature("choropleth", function (app, options) {
  var base = app.payload.base;
  if (!options || !base || !base.areas) return;
  var S = app.S;
  var lang = app.lang;
  var map = app.map;
  var value = options.value;
  var breaks = options.breaks;
  var colors = options.colors.filter(function (c) {
    return /^#[0-9a-fA-F]{6}$/.test(c);
  });
  var areas = options.areas; // [code, name, name_es]
  var byCode = Object.create(null);
  areas.forEach(function (a, k) {
    byCode[a[0]] = k;
  });
  var parts = [];
  Object.keys(options.arrays).forEach(function (id) {
    var layer = app.byId[id];
    if (!layer) return;
    var weights = null;
    if (value !== "count") {
      var col = layer.columns[value];
      if (!col) return;
      if (col.spec.enc === "num") {
        col.decode();
        weights = col.decoded;
      } else {
        // Not a number column (never from the page builder): read once, missing as NaN.
        weights = new Float64Array(layer.n);
        for (var i = 0; i < layer.n; i++) {
          var v = col.value(i);
          weights[i] = v === null ? NaN : Number(v);
        }
      }
    }
    parts.push({ layer: layer, index: typed(options.arrays[id], Uint16Array), weights: weights });
  });

  var plain = new Intl.NumberFormat(lang, { maximumFractionDigits: value === "count" ? 0 : 1 });
  var short =
    value === "investment_usd"
      ? new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 })
      : plain;
  var label = S["choropleth_" + value];

  // ---- the areas, on their own canvas between the tiles and the points
  map.createPane("gi-choropleth").style.zIndex = 390;
  var renderer = L.canvas({ pane: "gi-choropleth", padding: BASE_PADDING });
  var shapes = []; // [leaflet layer, area index]
  var hovered = -1;
  var group = L.geoJSON(base.areas, {
    renderer: renderer,
    interactive: true,
    bubblingMouseEvents: true,
    style: function () {
      return { color: "#8c8c8c", weight: 0.7, fillColor: "#ffffff", fillOpacity: 0 };
    },
    onEachFeature: function (f, shape) {
      var k = byCode[f.properties && f.properties.iso_3166_2];
      if (k === undefined) return;
      shapes.push([shape, k]);
      shape.on("mouseover", function () {
        hovered = k;
      });
      shape.on("mouseout", function () {
        if (hovered === k) hovered = -1;
      });
    },
  });
  var totals = new Float64Array(areas.length);
  var classes = new Int16Array(areas.length).fill(-2);

  function update() {
    var start = performance.now();
    totals = areaTotals(parts, areas.length);
    for (var s = 0; s < shapes.length; s++) {
      var k = shapes[s][1];
      var c = classOf(totals[k], breaks);
      if (c === classes[k]) continue;
      classes[k] = c;
      shapes[s][0].setStyle(
        c < 0 ? { fillOpacity: 0 } : { fillColor: colors[c] || "#41ab5d", fillOpacity: 0.72 }
      );
    }
    if (tipShown()) showTip(tipAt);
    // The last update's duration (totals and restyle), for benchmarks/features/areas.py.
    performance.clearMeasures("geoinvest:choropleth");
    performance.measure("geoinvest:choropleth", { start: start });
  }

  // ---- tooltip: the area's name and value, when no point is under the pointer
  var tip = L.tooltip({
    direction: "top",
    offset: [0, -6],
    className: "gi-tooltip gi-choropleth-tip",
  });
  var tipAt = null;
  var queued = false;
  function tipShown() {
    return map.hasLayer(tip);
  }
  function hideTip() {
    if (tipShown()) map.removeLayer(tip);
  }
  function showTip(latlng) {
    if (hovered < 0 || !shown || (app.tooltip && map.hasLayer(app.tooltip))) {
      hideTip();
      return;
    }
    var a = areas[hovered];
    var node = el("div", "gi-tooltip-text");
    node.setAttribute("data-gi-area", a[0]);
    node.appendChild(el("span", "gi-tooltip-name gi-choropleth-name", lang === "es" ? a[2] : a[1]));
    node.appendChild(el("br"));
    var text = fill(S.choropleth_tip, { name: label, value: plain.format(totals[hovered]) });
    var line = el("span", "gi-choropleth-value", text);
    line.setAttribute("data-gi-value", String(totals[hovered]));
    node.appendChild(line);
    tip.setLatLng(latlng).setContent(node);
    if (!tipShown()) tip.addTo(map);
  }
  map.on("mousemove", function (e) {
    tipAt = e.latlng;
    if (queued) return;
    queued = true;
    // After the points' own hover (queued first, in the same frame): a point's tooltip wins.
    requestAnimationFrame(function () {
      queued = false;
      if (map.dragging && map.dragging.moving()) return;
      showTip(tipAt);
    });
  });
  map.on("mouseout zoomstart movestart", hideTip);

  // ---- the panel: a switch and the legend
  var section = app.panelSection("gi-choropleth", S.choropleth_heading, true);
  var row = el("label", "gi-row");
  var box = el("input", "gi-choropleth-toggle");
  box.type = "checkbox";
  row.appendChild(box);
  row.appendChild(el("span", null, S.choropleth_show));
  section.appendChild(row);
  var legend = el("div", "gi-choropleth-legend");
  legend.appendChild(el("div", "gi-choropleth-caption", label));
  var list = el("ul", "gi-choropleth-classes");
  function item(color, text, k) {
    var li = el("li", "gi-row gi-choropleth-class");
    var sw = el("span", "gi-choropleth-swatch");
    if (color) sw.style.backgroundColor = color;
    else sw.classList.add("gi-choropleth-empty");
    li.appendChild(sw);
    li.appendChild(el("span", "gi-choropleth-text", text));
    li.setAttribute("data-gi-class", String(k));
    return li;
  }
  list.appendChild(item(null, S.choropleth_none, -1));
  breaks.forEach(function (high, k) {
    var low = k === 0 ? options.min : breaks[k - 1];
    // Counts are whole: the class above 3 starts at 4.
    if (value === "count" && k > 0) low = Math.floor(low) + 1;
    var text =
      low >= high
        ? short.format(high)
        : fill(S.choropleth_range, { low: short.format(low), high: short.format(high) });
    var li = item(colors[k], text, k);
    li.setAttribute("data-gi-low", String(low));
    li.setAttribute("data-gi-high", String(high));
    list.appendChild(li);
  });
  legend.appendChild(list);
  legend.appendChild(el("div", "gi-choropleth-note", S.choropleth_note));
  section.appendChild(legend);

  var shown = false;
  function setShown(on) {
    shown = !!on;
    box.checked = shown;
    legend.hidden = !shown;
    if (shown) {
      update();
      if (!map.hasLayer(group)) group.addTo(map);
    } else {
      hovered = -1;
      hideTip();
      if (map.hasLayer(group)) map.removeLayer(group);
      if (map.hasLayer(renderer)) map.removeLayer(renderer); // its canvas stays otherwise
    }
  }
  box.addEventListener("change", function () {
    setShown(box.checked);
  });
  app.on("change", function () {
    if (shown) update();
  });
  app.addState(
    "choropleth",
    function () {
      return shown === !!options.on ? null : shown;
    },
    function (v) {
      if (typeof v === "boolean") setShown(v);
    }
  );
  setShown(options.on);
});
