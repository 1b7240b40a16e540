/*
 * The spatial index. Each layer's rows are sorted once, at load, by the Morton code of
 * their cell in a 2^16 x 2^16 grid over the world (KEY_LEVEL). A cell of any coarser level
 * k is then one run of that order, found by two binary searches, and prefix sums over the
 * order give its count and centroid without visiting its points: a redraw costs the cells
 * in view, not the rows of the layer.
 *
 * Pure: typed arrays in and out; no DOM, no Leaflet.
 */
var KEY_LEVEL = 16;
var KEY_CELLS = 1 << KEY_LEVEL;

function spread(v) {
  v &= 0xffff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  return (v | (v << 1)) & 0x55555555;
}

function morton(cx, cy) {
  return (spread(cx) | (spread(cy) << 1)) >>> 0;
}

function keyCell(worldPx) {
  var c = Math.floor(worldPx * (KEY_CELLS / 256));
  return c < 0 ? 0 : c >= KEY_CELLS ? KEY_CELLS - 1 : c;
}

/**
 * Rows sorted by key (a stable LSD radix sort, two 16-bit passes), their coordinates
 * carried along so that reading them in key order is sequential: {order, keys, x, y}.
 */
function sortByKey(keys, px, py) {
  var n = keys.length;
  var k1 = new Uint32Array(n);
  var o1 = new Uint32Array(n);
  var x1 = new Float64Array(n);
  var y1 = new Float64Array(n);
  var count = new Uint32Array(65537);
  var i;
  var k;
  var at;
  for (i = 0; i < n; i++) count[(keys[i] & 0xffff) + 1]++;
  for (i = 0; i < 65536; i++) count[i + 1] += count[i];
  for (i = 0; i < n; i++) {
    k = keys[i];
    at = count[k & 0xffff]++;
    k1[at] = k;
    o1[at] = i;
    x1[at] = px[i];
    y1[at] = py[i];
  }
  // The row-order inputs are free now: the second pass writes over them.
  var k2 = keys;
  var o2 = new Uint32Array(n);
  var x2 = px;
  var y2 = py;
  count.fill(0);
  for (i = 0; i < n; i++) count[(k1[i] >>> 16) + 1]++;
  for (i = 0; i < 65536; i++) count[i + 1] += count[i];
  for (i = 0; i < n; i++) {
    k = k1[i];
    at = count[k >>> 16]++;
    k2[at] = k;
    o2[at] = o1[i];
    x2[at] = x1[i];
    y2[at] = y1[i];
  }
  return { order: o2, keys: k2, x: x2, y: y2 };
}

var RAD = Math.PI / 180;

/** World pixels at zoom 0 (Web Mercator, 256 px wide) of microdegrees. */
function worldX(lonE6) {
  return (lonE6 / 1e6 / 360 + 0.5) * 256;
}

function worldY(latE6) {
  var lat = Math.max(-85.0511, Math.min(85.0511, latE6 / 1e6));
  return (0.5 - Math.log(Math.tan(Math.PI / 4 + (lat * RAD) / 2)) / (2 * Math.PI)) * 256;
}

/** The first index in sorted a[lo, hi) whose value is >= v. */
function lowerBound(a, v, lo, hi) {
  while (lo < hi) {
    var m = (lo + hi) >>> 1;
    if (a[m] < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/**
 * The key index of n points given in Int32 microdegrees, lon and lat interleaved:
 * {order, keys, x, y}, where order[j] is the row at position j of the key order, keys[j]
 * its key, and x[j], y[j] its world pixel at zoom 0.
 */
function keyIndex(xy, n) {
  var px = new Float64Array(n);
  var py = new Float64Array(n);
  var keys = new Uint32Array(n);
  for (var i = 0; i < n; i++) {
    var x = worldX(xy[2 * i]);
    var y = worldY(xy[2 * i + 1]);
    px[i] = x;
    py[i] = y;
    keys[i] = morton(keyCell(x), keyCell(y));
  }
  return sortByKey(keys, px, py);
}

/** Room for the prefix sums of n rows: {count, sumX, sumY}, n + 1 entries each. */
function emptySums(n) {
  return {
    count: new Int32Array(n + 1),
    sumX: new Float64Array(n + 1),
    sumY: new Float64Array(n + 1),
  };
}

/**
 * Prefix sums over the key order of the rows not hidden (hidden is by row): sums.count[j]
 * is how many of the first j positions are shown, sums.sumX[j] and sums.sumY[j] the sums
 * of their x and y. Written into sums, which is returned.
 */
function prefixSums(order, x, y, hidden, sums) {
  var count = sums.count;
  var sumX = sums.sumX;
  var sumY = sums.sumY;
  var n = order.length;
  var k = 0;
  var sx = 0;
  var sy = 0;
  var j;
  var anyHidden = false;
  for (j = 0; j < n && !anyHidden; j++) anyHidden = hidden[j] !== 0;
  if (!anyHidden) {
    // Nothing hidden (as at load): no lookups through the order.
    for (j = 0; j < n; j++) {
      sx += x[j];
      sy += y[j];
      count[j + 1] = j + 1;
      sumX[j + 1] = sx;
      sumY[j + 1] = sy;
    }
    return sums;
  }
  for (j = 0; j < n; j++) {
    if (!hidden[order[j]]) {
      k++;
      sx += x[j];
      sy += y[j];
    }
    count[j + 1] = k;
    sumX[j + 1] = sx;
    sumY[j + 1] = sy;
  }
  return sums;
}

Object.assign(NS.pure, {
  morton: morton,
  keyCell: keyCell,
  worldX: worldX,
  worldY: worldY,
  lowerBound: lowerBound,
  keyIndex: keyIndex,
  emptySums: emptySums,
  prefixSums: prefixSums,
});
