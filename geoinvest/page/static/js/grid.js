/*
 * The grid of one layer in one view: clusters and single points, read from the layer's key
 * index (index.js). Pure: typed arrays and numbers in, a grid out; no DOM, no Leaflet.
 *
 * An index is {n, order, keys, x, y, hidden, count, sumX, sumY} (a Layer is one; hidden is
 * by row, the rest by position in key order, as keyIndex and prefixSums make them).
 * A view is {scale, ox, oy, vmin, vmax}: a world pixel at zoom 0 is at canvas x * scale - ox,
 * y * scale - oy; vmin and vmax ({x, y}) are the viewport's corners on the canvas.
 */
var CELL = 80; // grid cell in CSS pixels
var AUTO_CLUSTER = 500; // "auto": cluster a layer with more points than this in the view

/**
 * The layer's markers on a W x H canvas, from its key index: clusters (cells of about CELL
 * px, aligned to the world so they stay put while panning) and single points. Only the
 * cells over the canvas are visited, and a cell's points only when they are drawn one by
 * one. mode is "auto", "always" or "never"; shift ([dx, dy]) moves the bubbles.
 *
 * The grid: clusters q at cx[q], cy[q] (canvas px) with ck[q] points, the members[j] for
 * j in [cLo[q], cHi[q]) (hidden rows included); singles q at sx[q], sy[q], row srow[q];
 * total shown points over the canvas; buckets of singles for singlesNear.
 */
function buildGrid(index, view, W, H, mode, shift) {
  var scale = view.scale;
  var ox = view.ox;
  var oy = view.oy;
  var level = Math.max(0, Math.round(Math.log2((256 * scale) / CELL)));
  var src = Math.min(level, KEY_LEVEL);
  var side = 1 << src;
  var size = (256 * scale) / side; // px of a cell of level src
  var gx0 = clampInt(Math.floor(ox / size), 0, side - 1);
  var gx1 = clampInt(Math.floor((ox + W) / size), 0, side - 1);
  var gy0 = clampInt(Math.floor(oy / size), 0, side - 1);
  var gy1 = clampInt(Math.floor((oy + H) / size), 0, side - 1);
  var span = Math.pow(4, KEY_LEVEL - src); // keys in a cell of level src
  var keys = index.keys;
  var n = index.n;
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
    members: index.order,
    sx: [],
    sy: [],
    srow: [],
    buckets: null,
  };
  g.clustered =
    mode === "always" ||
    (mode === "auto" && countInView(index, view, lo, hi, gx0, gx1, gy0, size) > AUTO_CLUSTER);
  if (level <= KEY_LEVEL) cellsOf(index, view, g, lo, hi, shift);
  else binFiner(index, view, g, lo, hi, level, W, H, shift);
  g.buckets = bucketSingles(g, W, H);
  return g;
}

function clampInt(v, min, max) {
  return v < min ? min : v > max ? max : v;
}

/**
 * Shown points in the viewport, counted exactly only up to where it decides "auto": above
 * AUTO_CLUSTER exactly when the count is. lo[c], hi[c]: the run of key cell c of the
 * columns gx0..gx1 from row gy0, cells of size px.
 */
function countInView(index, view, lo, hi, gx0, gx1, gy0, size) {
  var v = view;
  var x0 = v.vmin.x;
  var y0 = v.vmin.y;
  var x1 = v.vmax.x;
  var y1 = v.vmax.y;
  var count = index.count;
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
  var order = index.order;
  var hidden = index.hidden;
  var s = v.scale;
  for (var e = 0; e < edge.length && inside <= AUTO_CLUSTER; e++) {
    for (var j = lo[edge[e]]; j < hi[edge[e]]; j++) {
      if (hidden[order[j]]) continue;
      var x = index.x[j] * s - v.ox;
      var y = index.y[j] * s - v.oy;
      if (x >= x0 && x <= x1 && y >= y0 && y <= y1) inside++;
    }
  }
  return inside;
}

/** Clusters and singles at a level of the key index: a cell's sums give its cluster. */
function cellsOf(index, view, g, lo, hi, shift) {
  var v = view;
  var s = v.scale;
  var count = index.count;
  var sumX = index.sumX;
  var sumY = index.sumY;
  var order = index.order;
  var hidden = index.hidden;
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
      g.sx.push(index.x[j] * s - v.ox);
      g.sy.push(index.y[j] * s - v.oy);
      g.srow.push(i);
    }
  }
}

/**
 * Zoomed in beyond the key grid: the points of the key cells over the canvas (few, or
 * stacked on few spots), binned into cells of the wanted level.
 */
function binFiner(index, view, g, lo, hi, level, W, H, shift) {
  var v = view;
  var s = v.scale;
  var size = (256 * s) / Math.pow(2, level);
  var fx0 = Math.floor(v.ox / size);
  var fy0 = Math.floor(v.oy / size);
  var cols = Math.floor((v.ox + W) / size) - fx0 + 1;
  var rows = Math.floor((v.oy + H) / size) - fy0 + 1;
  var order = index.order;
  var hidden = index.hidden;
  var posIn = []; // positions in key order
  var cellIn = [];
  var start = new Int32Array(cols * rows + 1);
  for (var c = 0; c < lo.length; c++) {
    for (var j = lo[c]; j < hi[c]; j++) {
      if (hidden[order[j]]) continue;
      var x = index.x[j] * s - v.ox;
      var y = index.y[j] * s - v.oy;
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
        sx += index.x[items[j]];
        sy += index.y[items[j]];
      }
      g.cx.push((sx / k) * s - v.ox + shift[0]);
      g.cy.push((sy / k) * s - v.oy + shift[1]);
      g.ck.push(k);
      g.cLo.push(a);
      g.cHi.push(b);
      continue;
    }
    for (j = a; j < b; j++) {
      g.sx.push(index.x[items[j]] * s - v.ox);
      g.sy.push(index.y[items[j]] * s - v.oy);
      g.srow.push(order[items[j]]);
    }
  }
}

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

/** The singles of a grid within reach (px, up to CELL) of a canvas point: [[q, distance]]. */
function singlesNear(g, cx, cy, reach) {
  var out = [];
  var b = g.buckets;
  var col = Math.floor(cx / CELL);
  var row = Math.floor(cy / CELL);
  for (var r = row - 1; r <= row + 1; r++) {
    for (var c = col - 1; c <= col + 1; c++) {
      if (r < 0 || c < 0 || r >= b.rows || c >= b.cols) continue;
      var cell = r * b.cols + c;
      for (var j = b.start[cell]; j < b.start[cell + 1]; j++) {
        var q = b.items[j];
        var d = Math.hypot(g.sx[q] - cx, g.sy[q] - cy);
        if (d <= reach) out.push([q, d]);
      }
    }
  }
  return out;
}

/** The shown rows of cluster q of a grid (hidden is by row). */
function clusterRows(g, q, hidden) {
  var rows = [];
  for (var j = g.cLo[q]; j < g.cHi[q]; j++) {
    if (!hidden[g.members[j]]) rows.push(g.members[j]);
  }
  return rows;
}

Object.assign(NS.pure, {
  CELL: CELL,
  AUTO_CLUSTER: AUTO_CLUSTER,
  buildGrid: buildGrid,
  countInView: countInView,
  bucketSingles: bucketSingles,
  singlesNear: singlesNear,
  clusterRows: clusterRows,
});
