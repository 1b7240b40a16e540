/* One layer of the model: typed arrays and columns, shared by every feature of the page. */

function Layer(spec, index, lang, approximateFrom) {
  this.index = index;
  this.id = spec.id;
  this.title = spec.title[lang] || spec.title.en || spec.id;
  this.kind = spec.kind;
  this.color = spec.color;
  this.symbol = spec.symbol;
  this.n = spec.n;
  this.popup = spec.popup;
  this.labels = spec.labels;
  this.xy = typed(spec.xy, Int32Array);
  this.precision = typed(spec.precision, Uint8Array);
  this.hidden = new Uint8Array(this.n);
  this.on = true;
  this.columns = {};
  this.fields = [];
  for (var c = 0; c < spec.columns.length; c++) {
    var col = new Column(spec.columns[c], this.n);
    this.columns[col.name] = col;
    this.fields.push(col);
  }
  var n = this.n;
  var xy = this.xy;
  var precision = this.precision;
  var approx = new Uint8Array(n);
  var px = new Float64Array(n);
  var py = new Float64Array(n);
  var keys = new Uint32Array(n);
  for (var i = 0; i < n; i++) {
    var x = worldX(xy[2 * i]);
    var y = worldY(xy[2 * i + 1]);
    px[i] = x;
    py[i] = y;
    keys[i] = morton(keyCell(x), keyCell(y));
    var p = precision[i];
    approx[i] = p === 0 || p >= approximateFrom ? 1 : 0;
  }
  this.approx = approx;
  // Rows in key order: order[j] is the row at position j, x[j] and y[j] its world pixel.
  var sorted = sortByKey(keys, px, py);
  this.order = sorted.order;
  this.keys = sorted.keys;
  this.x = sorted.x;
  this.y = sorted.y;
  this.count = new Int32Array(this.n + 1);
  this.sumX = new Float64Array(this.n + 1);
  this.sumY = new Float64Array(this.n + 1);
  this.updateSums();
  this.clusterShift = [0, 0];
  this.grid = null;
}
/** Prefix sums over the key order of the shown rows: count, x and y. */
Layer.prototype.updateSums = function () {
  var order = this.order;
  var hidden = this.hidden;
  var x = this.x;
  var y = this.y;
  var count = this.count;
  var sumX = this.sumX;
  var sumY = this.sumY;
  var n = this.n;
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
    return;
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
};
Layer.prototype.latlng = function (i) {
  return L.latLng(this.xy[2 * i + 1] / 1e6, this.xy[2 * i] / 1e6);
};
Layer.prototype.setBit = function (bit, mask) {
  var h = this.hidden;
  for (var i = 0; i < this.n; i++) h[i] = mask[i] ? h[i] | bit : h[i] & ~bit;
  this.updateSums();
};
Layer.prototype.shown = function () {
  return this.count[this.n];
};
