/* The grid: each layer's clusters and single points in the view, from its key index. */

/**
 * The layer's markers on the canvas, from its key index: clusters (cells of about CELL px,
 * aligned to the world so they stay put while panning) and single points. Only the cells
 * over the canvas are visited, and a cell's points only when they are drawn one by one.
 */
App.prototype.buildGrid = function (layer, W, H) {
  var v = this.view;
  var scale = v.scale;
  var ox = v.ox;
  var oy = v.oy;
  var level = Math.max(0, Math.round(Math.log2((256 * scale) / CELL)));
  var src = Math.min(level, KEY_LEVEL);
  var side = 1 << src;
  var size = (256 * scale) / side; // px of a cell of level src
  var gx0 = clampInt(Math.floor(ox / size), 0, side - 1);
  var gx1 = clampInt(Math.floor((ox + W) / size), 0, side - 1);
  var gy0 = clampInt(Math.floor(oy / size), 0, side - 1);
  var gy1 = clampInt(Math.floor((oy + H) / size), 0, side - 1);
  var span = Math.pow(4, KEY_LEVEL - src); // keys in a cell of level src
  var keys = layer.keys;
  var n = layer.n;
  var cells = (gx1 - gx0 + 1) * (gy1 - gy0 + 1);
  var lo = new Int32Array(cells);
  var hi = new Int32Array(cells);
  var c = 0;
  for (var gy = gy0; gy <= gy1; gy++) {
    for (var gx = gx0; gx <= gx1; gx++) {
      var first = morton(gx, gy) * span;
      var a = lowerBound(keys, first, 0, n);
      lo[c] = a;
      hi[c++] = a < n && keys[a] < first + span ? lowerBound(keys, first + span, a, n) : a;
    }
  }
  var g = {
    clustered: false,
    total: 0,
    cx: [],
    cy: [],
    ck: [],
    cLo: [],
    cHi: [],
    members: layer.order,
    sx: [],
    sy: [],
    srow: [],
    buckets: null,
  };
  var mode = this.payload.cluster;
  g.clustered =
    mode === "always" ||
    (mode === "auto" && this.countInView(layer, lo, hi, gx0, gx1, gy0, size) > AUTO_CLUSTER);
  if (level <= KEY_LEVEL) this.cellsOf(layer, g, lo, hi);
  else this.binFiner(layer, g, lo, hi, level, W, H);
  g.buckets = bucketSingles(g, W, H);
  return g;
};

function clampInt(v, min, max) {
  return v < min ? min : v > max ? max : v;
}

/** Shown points in the viewport, counted exactly only up to where it decides "auto". */
App.prototype.countInView = function (layer, lo, hi, gx0, gx1, gy0, size) {
  var v = this.view;
  var x0 = v.vmin.x;
  var y0 = v.vmin.y;
  var x1 = v.vmax.x;
  var y1 = v.vmax.y;
  var count = layer.count;
  var cols = gx1 - gx0 + 1;
  var inside = 0;
  var edge = [];
  var edgeCount = 0;
  for (var c = 0; c < lo.length; c++) {
    var k = count[hi[c]] - count[lo[c]];
    if (!k) continue;
    var left = (gx0 + (c % cols)) * size - v.ox;
    var top = (gy0 + Math.floor(c / cols)) * size - v.oy;
    if (left + size < x0 || left > x1 || top + size < y0 || top > y1) continue;
    if (left >= x0 && left + size <= x1 && top >= y0 && top + size <= y1) inside += k;
    else {
      edge.push(c);
      edgeCount += k;
    }
  }
  if (inside > AUTO_CLUSTER || inside + edgeCount <= AUTO_CLUSTER) return inside + edgeCount;
  var order = layer.order;
  var hidden = layer.hidden;
  var s = v.scale;
  for (var e = 0; e < edge.length && inside <= AUTO_CLUSTER; e++) {
    for (var j = lo[edge[e]]; j < hi[edge[e]]; j++) {
      if (hidden[order[j]]) continue;
      var x = layer.x[j] * s - v.ox;
      var y = layer.y[j] * s - v.oy;
      if (x >= x0 && x <= x1 && y >= y0 && y <= y1) inside++;
    }
  }
  return inside;
};

/** Clusters and singles at a level of the key index: a cell's sums give its cluster. */
App.prototype.cellsOf = function (layer, g, lo, hi) {
  var v = this.view;
  var s = v.scale;
  var count = layer.count;
  var sumX = layer.sumX;
  var sumY = layer.sumY;
  var order = layer.order;
  var hidden = layer.hidden;
  var shift = layer.clusterShift;
  for (var c = 0; c < lo.length; c++) {
    var a = lo[c];
    var b = hi[c];
    var k = count[b] - count[a];
    if (!k) continue;
    g.total += k;
    if (g.clustered && k > 1) {
      g.cx.push(((sumX[b] - sumX[a]) / k) * s - v.ox + shift[0]);
      g.cy.push(((sumY[b] - sumY[a]) / k) * s - v.oy + shift[1]);
      g.ck.push(k);
      g.cLo.push(a);
      g.cHi.push(b);
      continue;
    }
    for (var j = a; j < b; j++) {
      var i = order[j];
      if (hidden[i]) continue;
      g.sx.push(layer.x[j] * s - v.ox);
      g.sy.push(layer.y[j] * s - v.oy);
      g.srow.push(i);
    }
  }
};

/**
 * Zoomed in beyond the key grid: the points of the key cells over the canvas (few, or
 * stacked on few spots), binned into cells of the wanted level.
 */
App.prototype.binFiner = function (layer, g, lo, hi, level, W, H) {
  var v = this.view;
  var s = v.scale;
  var size = (256 * s) / Math.pow(2, level);
  var fx0 = Math.floor(v.ox / size);
  var fy0 = Math.floor(v.oy / size);
  var cols = Math.floor((v.ox + W) / size) - fx0 + 1;
  var rows = Math.floor((v.oy + H) / size) - fy0 + 1;
  var order = layer.order;
  var hidden = layer.hidden;
  var posIn = []; // positions in key order
  var cellIn = [];
  var start = new Int32Array(cols * rows + 1);
  for (var c = 0; c < lo.length; c++) {
    for (var j = lo[c]; j < hi[c]; j++) {
      if (hidden[order[j]]) continue;
      var x = layer.x[j] * s - v.ox;
      var y = layer.y[j] * s - v.oy;
      if (x < 0 || y < 0 || x >= W || y >= H) continue;
      var cell =
        clampInt(Math.floor((y + v.oy) / size) - fy0, 0, rows - 1) * cols +
        clampInt(Math.floor((x + v.ox) / size) - fx0, 0, cols - 1);
      posIn.push(j);
      cellIn.push(cell);
      start[cell + 1]++;
    }
  }
  var ncell = cols * rows;
  for (c = 0; c < ncell; c++) start[c + 1] += start[c];
  var items = new Uint32Array(posIn.length);
  var next = start.slice(0, ncell);
  for (var q = 0; q < posIn.length; q++) items[next[cellIn[q]]++] = posIn[q];
  g.members = items.map(function (at) {
    return order[at];
  });
  var shift = layer.clusterShift;
  for (c = 0; c < ncell; c++) {
    var a = start[c];
    var b = start[c + 1];
    var k = b - a;
    if (!k) continue;
    g.total += k;
    if (g.clustered && k > 1) {
      var sx = 0;
      var sy = 0;
      for (j = a; j < b; j++) {
        sx += layer.x[items[j]];
        sy += layer.y[items[j]];
      }
      g.cx.push((sx / k) * s - v.ox + shift[0]);
      g.cy.push((sy / k) * s - v.oy + shift[1]);
      g.ck.push(k);
      g.cLo.push(a);
      g.cHi.push(b);
      continue;
    }
    for (j = a; j < b; j++) {
      g.sx.push(layer.x[items[j]] * s - v.ox);
      g.sy.push(layer.y[items[j]] * s - v.oy);
      g.srow.push(order[items[j]]);
    }
  }
};

/** Singles by canvas cell of CELL px, for hit tests: {cols, rows, start, items}. */
function bucketSingles(g, W, H) {
  var cols = Math.max(1, Math.ceil(W / CELL));
  var rows = Math.max(1, Math.ceil(H / CELL));
  var ncell = cols * rows;
  var start = new Int32Array(ncell + 1);
  var cellOf = new Int32Array(g.sx.length);
  var q;
  for (q = 0; q < g.sx.length; q++) {
    var x = g.sx[q];
    var y = g.sy[q];
    if (x < 0 || y < 0 || x >= W || y >= H) {
      cellOf[q] = -1;
      continue;
    }
    var c = ((y / CELL) | 0) * cols + ((x / CELL) | 0);
    cellOf[q] = c;
    start[c + 1]++;
  }
  for (c = 0; c < ncell; c++) start[c + 1] += start[c];
  var items = new Int32Array(start[ncell]);
  var next = start.slice(0, ncell);
  for (q = 0; q < cellOf.length; q++) if (cellOf[q] >= 0) items[next[cellOf[q]]++] = q;
  return { cols: cols, rows: rows, start: start, items: items };
}
