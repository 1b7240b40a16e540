/* Feature "base" (features/base.py): towns for the labels, rivers and lakes on the base. */

var RIVER_COLOR = "#4f8fd0";
var LAKE_FILL = "#a8cbee";

/** A typed array from the payload's zlib+base64 text, inflated now (small arrays). */
function baseArray(b64, T) {
  var u8 = inflateSync(bytes(b64));
  return new T(u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength));
}

/**
 * The map's towns, decoded on first use (the first redraw with labels): names, world
 * pixels at zoom 0, the quarter zoom from which each is a candidate, and label widths
 * (measured once each, 0 until then). In rank order, larger first. Null when none.
 */
App.prototype.baseTowns = function () {
  if (this.towns !== undefined) return this.towns;
  var f = this.payload.features;
  var spec = f && f.base && f.base.towns;
  this.towns = null;
  if (!spec) return null;
  var n = spec.n;
  var xy = baseArray(spec.xy, Int32Array);
  var wx = new Float64Array(n);
  var wy = new Float64Array(n);
  for (var i = 0; i < n; i++) {
    wx[i] = worldX(xy[2 * i]);
    wy[i] = worldY(xy[2 * i + 1]);
  }
  this.towns = {
    n: n,
    names: new TextDecoder().decode(inflateSync(bytes(spec.names))).split("\n"),
    wx: wx,
    wy: wy,
    zoom: baseArray(spec.zoom, Uint8Array),
    width: new Float32Array(n),
  };
  return this.towns;
};

/** From which zoom a river of this Natural Earth scalerank is drawn, and how wide. */
function riverZoom(rank) {
  return rank <= 4 ? 0 : rank <= 6 ? 5 : rank <= 8 ? 6 : 7;
}
function riverWeight(rank) {
  return rank <= 1 ? 2.4 : rank <= 3 ? 2 : rank <= 5 ? 1.6 : rank <= 7 ? 1.2 : 0.9;
}

/** Each feature of an encoded shape set: its rank and its parts as Leaflet lat/lng arrays. */
function baseShapes(spec, fn) {
  var xy = baseArray(spec.xy, Int32Array);
  var parts = baseArray(spec.parts, Int32Array);
  var groups = baseArray(spec.groups, Int32Array);
  var rank = baseArray(spec.rank, Uint8Array);
  for (var g = 0; g + 1 < groups.length; g++) {
    var lines = [];
    for (var p = groups[g]; p < groups[g + 1]; p++) {
      var line = [];
      for (var v = parts[p]; v < parts[p + 1]; v++) line.push([xy[2 * v + 1] / 1e6, xy[2 * v] / 1e6]);
      lines.push(line);
    }
    fn(rank[g], lines);
  }
}

/** Lakes and rivers on the vector base's canvas, each river shown from its zoom on. */
App.prototype.addWater = function (spec) {
  var map = this.map;
  var renderer = this.baseRenderer;
  if (!renderer) return;
  var style = { renderer: renderer, interactive: false };
  if (spec.lakes) {
    baseShapes(spec.lakes, function (rank, rings) {
      var s = L.extend({ color: RIVER_COLOR, weight: 0.6, fillColor: LAKE_FILL, fillOpacity: 1 }, style);
      L.polygon(rings, s).addTo(map);
    });
  }
  if (!spec.rivers) return;
  var byZoom = {};
  baseShapes(spec.rivers, function (rank, lines) {
    var z = riverZoom(rank);
    var group = (byZoom[z] = byZoom[z] || L.layerGroup());
    group.addLayer(L.polyline(lines, L.extend({ color: RIVER_COLOR, weight: riverWeight(rank) }, style)));
  });
  function show() {
    var zoom = map.getZoom();
    Object.keys(byZoom).forEach(function (z) {
      var on = zoom >= Number(z);
      if (on !== map.hasLayer(byZoom[z])) (on ? map.addLayer : map.removeLayer).call(map, byZoom[z]);
    });
  }
  show();
  map.on("zoomend", show);
};

feature("base", function (app, options) {
  if (!options) return;
  if (options.rivers || options.lakes) app.addWater(options);
  if (options.towns) {
    app.credits = (app.credits || []).concat(["base_towns"]);
    app.renderAttribution();
  }
});
