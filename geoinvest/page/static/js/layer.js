/*
 * One layer of the model: typed arrays and columns, shared by every feature of the page.
 * A layer is also its key index for grid.js: {n, order, keys, x, y, hidden, count, sumX, sumY}.
 */
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
  var precision = this.precision;
  var approx = new Uint8Array(n);
  for (var i = 0; i < n; i++) {
    var p = precision[i];
    approx[i] = p === 0 || p >= approximateFrom ? 1 : 0;
  }
  this.approx = approx;
  // Rows in key order: order[j] is the row at position j, x[j] and y[j] its world pixel.
  var sorted = keyIndex(this.xy, n);
  this.order = sorted.order;
  this.keys = sorted.keys;
  this.x = sorted.x;
  this.y = sorted.y;
  var sums = emptySums(n);
  this.count = sums.count;
  this.sumX = sums.sumX;
  this.sumY = sums.sumY;
  this.updateSums();
  this.clusterShift = [0, 0];
  this.grid = null;
}
/** Prefix sums over the key order of the shown rows: count, x and y. */
Layer.prototype.updateSums = function () {
  prefixSums(this.order, this.x, this.y, this.hidden, this);
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
