/*
 * Feature "density" (geoinvest/features/density.py): a heat surface of the shown rows of
 * event layers, on a canvas of its own in screen space: rows binned into a grid of
 * DENSITY_CELL px, blurred by box passes, coloured by a ramp whose opacity rises with the
 * density, one canvas pixel per cell scaled up by CSS. Redrawn after moves and on every
 * change.
 */

var DENSITY_CELL = 4; // px of a grid cell
var DENSITY_OPACITY = 0.85; // of the densest spot

/**
 * Count shown rows into a grid: gw x gh cells of `cell` px, cell (0, 0) at canvas pixel
 * (-pad * cell, -pad * cell); canvas x = world x * scale - ox. Rows are read in key order
 * (layer.x, layer.y), and whether each is shown from the layer's prefix count over that
 * order (sequential reads, not hidden[order[j]]). Pure: adds into grid.
 */
function binRows(layer, grid, gw, gh, cell, pad, scale, ox, oy) {
  var x = layer.x;
  var y = layer.y;
  var count = layer.count;
  var n = layer.n;
  var all = count[n] === n;
  var inv = 1 / cell;
  var sx = scale * inv;
  var bx = (pad * cell - ox) * inv;
  var by = (pad * cell - oy) * inv;
  for (var j = 0; j < n; j++) {
    var gx = x[j] * sx + bx;
    if (gx < 0 || gx >= gw) continue;
    var gy = y[j] * sx + by;
    if (gy < 0 || gy >= gh) continue;
    if (!all && count[j + 1] === count[j]) continue;
    grid[(gy | 0) * gw + (gx | 0)] += 1;
  }
}

/** One box blur of radius r along rows (stride 1) or columns (stride w), src -> dst. */
function boxPass(src, dst, w, h, r, horizontal) {
  var lines = horizontal ? h : w;
  var len = horizontal ? w : h;
  var step = horizontal ? 1 : w;
  var inv = 1 / (2 * r + 1);
  for (var l = 0; l < lines; l++) {
    var start = horizontal ? l * w : l;
    var sum = 0;
    var k;
    for (k = 0; k <= r && k < len; k++) sum += src[start + k * step];
    for (k = 0; k < len; k++) {
      dst[start + k * step] = sum * inv;
      var add = k + r + 1;
      var drop = k - r;
      if (add < len) sum += src[start + add * step];
      if (drop >= 0) sum -= src[start + drop * step];
    }
  }
}

/** Three box passes each way: close to a Gaussian blur. Returns the blurred array. */
function blurGrid(grid, w, h, r) {
  var tmp = new Float32Array(grid.length);
  for (var pass = 0; pass < 3; pass++) {
    boxPass(grid, tmp, w, h, r, true);
    boxPass(tmp, grid, w, h, r, false);
  }
  return grid;
}

/** 256 RGBA entries interpolated through the ramp's hex stops; opacity rises with index. */
function densityLut(ramp) {
  var stops = ramp.map(function (hex) {
    return [1, 3, 5].map(function (at) {
      return parseInt(hex.slice(at, at + 2), 16);
    });
  });
  var lut = new Uint8ClampedArray(256 * 4);
  for (var i = 0; i < 256; i++) {
    var t = (i / 255) * (stops.length - 1);
    var s = Math.min(stops.length - 2, Math.floor(t));
    var f = t - s;
    for (var c = 0; c < 3; c++) lut[4 * i + c] = stops[s][c] + (stops[s + 1][c] - stops[s][c]) * f;
    lut[4 * i + 3] = i === 0 ? 0 : 255 * DENSITY_OPACITY * Math.min(1, 0.25 + (1.5 * i) / 255);
  }
  return lut;
}

NS.pure.binRows = binRows;
NS.pure.blurGrid = blurGrid;

feature("density", function (app, options) {
  if (!options) return;
  var S = app.S;
  var map = app.map;
  var layers = options.layers
    .map(function (id) {
      return app.byId[id];
    })
    .filter(Boolean);
  var ramp = options.ramp.filter(function (c) {
    return /^#[0-9a-fA-F]{6}$/.test(c);
  });
  if (!layers.length || ramp.length < 2) return;
  var lut = densityLut(ramp);
  var radius = options.radius;

  map.createPane("gi-density").style.zIndex = 420;
  var pane = map.getPane("gi-density");
  pane.style.pointerEvents = "none";
  var canvas = el("canvas", "gi-density-canvas");
  canvas.setAttribute("aria-hidden", "true");
  var ctx = canvas.getContext("2d");
  var shown = false;
  var image = null; // the canvas's pixels, kept while the map's size stays

  function draw() {
    if (!shown) return;
    var start = performance.now();
    var size = map.getSize();
    var W = size.x;
    var H = size.y;
    var topLeft = map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(canvas, topLeft);
    var cell = DENSITY_CELL;
    var r = Math.max(1, Math.round(radius / cell / 2));
    var pad = 3 * r;
    var iw = Math.ceil(W / cell);
    var ih = Math.ceil(H / cell);
    var gw = iw + 2 * pad;
    var gh = ih + 2 * pad;
    var grid = new Float32Array(gw * gh);
    var scale = Math.pow(2, map.getZoom());
    var origin = map.getPixelOrigin();
    var ox = origin.x + topLeft.x;
    var oy = origin.y + topLeft.y;
    var any = false;
    layers.forEach(function (layer) {
      if (!layer.on || !layer.shown()) return;
      any = true;
      binRows(layer, grid, gw, gh, cell, pad, scale, ox, oy);
    });
    canvas.hidden = !any;
    if (!any) return;
    blurGrid(grid, gw, gh, r);
    var max = 0;
    var i;
    for (var gy = pad; gy < pad + ih; gy++) {
      for (i = gy * gw + pad; i < gy * gw + pad + iw; i++) if (grid[i] > max) max = grid[i];
    }
    if (!(max > 0)) return;
    // The grid's own pixels, one per cell; CSS scales the canvas up to the map (with
    // smoothing), so no full-size bitmap is drawn.
    if (canvas.width !== iw || canvas.height !== ih) {
      canvas.width = iw;
      canvas.height = ih;
      canvas.style.width = iw * cell + "px";
      canvas.style.height = ih * cell + "px";
      image = null;
    }
    if (!image) image = ctx.createImageData(iw, ih);
    else image.data.fill(0);
    var px = image.data;
    var inv = 1 / max;
    for (var y = 0; y < ih; y++) {
      var row = (y + pad) * gw + pad;
      for (var x = 0; x < iw; x++) {
        var v = grid[row + x] * inv;
        if (v <= 0.002) continue;
        var k = Math.min(255, Math.max(1, Math.round(Math.sqrt(v) * 255)));
        var at = 4 * (y * iw + x);
        px[at] = lut[4 * k];
        px[at + 1] = lut[4 * k + 1];
        px[at + 2] = lut[4 * k + 2];
        px[at + 3] = lut[4 * k + 3];
      }
    }
    ctx.putImageData(image, 0, 0);
    // The last draw's duration, for benchmarks/features/areas.py.
    performance.clearMeasures("geoinvest:density");
    performance.measure("geoinvest:density", { start: start });
  }

  map.on("moveend zoomend resize", draw);
  map.on("zoomstart", function () {
    if (shown) canvas.hidden = true;
  });
  app.on("change", draw);

  // ---- the panel: a switch and the ramp's legend
  var section = app.panelSection("gi-density", S.density_heading, !!options.on);
  var row = el("label", "gi-row");
  var box = el("input", "gi-density-toggle");
  box.type = "checkbox";
  row.appendChild(box);
  row.appendChild(el("span", null, S.density_show));
  section.appendChild(row);
  var legend = el("div", "gi-density-legend");
  var bar = el("div", "gi-density-ramp");
  bar.style.background = "linear-gradient(to right, " + ramp.join(", ") + ")";
  bar.setAttribute("aria-hidden", "true");
  var ends = el("div", "gi-density-ends");
  ends.appendChild(el("span", "gi-density-fewer", S.density_fewer));
  ends.appendChild(el("span", "gi-density-more", S.density_more));
  legend.appendChild(bar);
  legend.appendChild(ends);
  section.appendChild(legend);

  function setShown(on) {
    shown = !!on;
    box.checked = shown;
    legend.hidden = !shown;
    if (shown) {
      if (!canvas.parentNode) pane.appendChild(canvas);
      canvas.hidden = false;
      draw();
    } else if (canvas.parentNode) {
      canvas.parentNode.removeChild(canvas);
    }
  }
  box.addEventListener("change", function () {
    setShown(box.checked);
  });
  app.addState(
    "density",
    function () {
      return shown === !!options.on ? null : shown;
    },
    function (v) {
      if (typeof v === "boolean") setShown(v);
    }
  );
  setShown(options.on);
});
