/* Redraw: the view, each layer's grid, and painting the canvas in regions. */

App.prototype.refresh = function () {
  this.updateCounts();
  this.hideTooltip();
  this.renderer.repaint();
  this.fillTable();
  this.emit("change");
};

App.prototype.redraw = function (ctx, bmin, size) {
  var map = this.map;
  var zoom = map.getZoom();
  var scale = Math.pow(2, zoom); // px, py are world pixels at zoom 0
  var origin = map.getPixelOrigin();
  var W = size.x;
  var H = size.y;
  // canvas x = world x * scale - ox
  var ox = origin.x + bmin.x;
  var oy = origin.y + bmin.y;
  var vmin = map.containerPointToLayerPoint([0, 0]).subtract(bmin);
  var vmax = vmin.add(map.getSize());
  this.view = { bmin: bmin, scale: scale, ox: ox, oy: oy, vmin: vmin, vmax: vmax };
  var drawnAny = false;
  var on = this.layers.filter(function (layer) {
    return layer.on;
  });
  // Around the cell's centroid: each shown layer's bubbles shift, so none hides another.
  on.forEach(function (layer, k) {
    var angle = Math.PI + (2 * Math.PI * k) / on.length;
    var shift = on.length > 1 ? CLUSTER_SHIFT : 0;
    layer.clusterShift = [shift * Math.cos(angle), shift * Math.sin(angle)];
  });
  for (var l = 0; l < this.layers.length; l++) {
    var layer = this.layers[l];
    if (!layer.on) {
      layer.grid = null;
      continue;
    }
    layer.grid = buildGrid(layer, this.view, W, H, this.payload.cluster, layer.clusterShift);
    if (layer.grid.total) drawnAny = true;
  }
  var labels = !this.tiles && this.payload.base && zoom >= LABEL_ZOOM;
  this.labels = labels ? this.placeLabels(ctx, W, H) : [];
  ctx.clearRect(0, 0, W, H);
  // The view (and a margin) is painted now; the rest of the canvas, seen only once the map
  // is dragged, in the next tasks, so a redraw's task stays short with many markers.
  var m = PAINT_MARGIN;
  var x0 = Math.max(0, Math.min(W, vmin.x - m));
  var y0 = Math.max(0, Math.min(H, vmin.y - m));
  var x1 = Math.max(x0, Math.min(W, vmax.x + m));
  var y1 = Math.max(y0, Math.min(H, vmax.y + m));
  var rest = [
    [0, 0, W, y0],
    [0, y1, W, H],
    [0, y0, x0, y1],
    [x1, y0, W, y1],
  ].filter(function (r) {
    return r[2] > r[0] && r[3] > r[1];
  });
  this.paintRegion(ctx, [x0, y0, x1, y1]);
  var token = (this.paintToken = {});
  var self = this;
  var next = function () {
    if (token !== self.paintToken || !rest.length) return;
    self.paintRegion(ctx, rest.shift());
    if (rest.length) setTimeout(next, 0);
  };
  if (rest.length) setTimeout(next, 0);
  if (!this.drawn && (drawnAny || this.total === 0)) {
    this.drawn = true;
    performance.mark("geoinvest:first-draw");
    if (this.ready) this.warmUp();
  }
};

/** Labels, then each layer's points, then clusters, clipped to one region of the canvas. */
App.prototype.paintRegion = function (ctx, r) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(r[0], r[1], r[2] - r[0], r[3] - r[1]);
  ctx.clip();
  this.paintLabels(ctx, r);
  var l;
  for (l = 0; l < this.layers.length; l++) if (this.layers[l].grid) this.drawPoints(ctx, this.layers[l], r);
  for (l = 0; l < this.layers.length; l++) if (this.layers[l].grid) this.drawClusters(ctx, this.layers[l], r);
  ctx.restore();
};

function overlaps(r, x, y, half) {
  return x + half >= r[0] && x - half <= r[2] && y + half >= r[1] && y - half <= r[3];
}
