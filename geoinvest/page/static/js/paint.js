/* Markers, cluster bubbles and area labels on the canvas. */

App.prototype.drawPoints = function (ctx, layer, region) {
  var g = layer.grid;
  var dpr = window.devicePixelRatio || 1;
  var hollow = markerSprite(layer.symbol, layer.color, true, dpr);
  var solid = markerSprite(layer.symbol, layer.color, false, dpr);
  var half = Math.max(hollow.half, solid.half);
  var xs = [[], []];
  var ys = [[], []];
  for (var q = 0; q < g.srow.length; q++) {
    if (!overlaps(region, g.sx[q], g.sy[q], half)) continue;
    var a = layer.approx[g.srow[q]];
    xs[a].push(g.sx[q]);
    ys[a].push(g.sy[q]);
  }
  blit(ctx, hollow, xs[1], ys[1], dpr);
  blit(ctx, solid, xs[0], ys[0], dpr);
};

/** A layer's cluster bubbles (sprites by whole radius) and their counts. */
App.prototype.drawClusters = function (ctx, layer, region) {
  var g = layer.grid;
  var dpr = window.devicePixelRatio || 1;
  var byRadius = new Map();
  var shown = [];
  var q;
  for (q = 0; q < g.ck.length; q++) {
    var r = Math.round(clusterRadius(g.ck[q]));
    if (!overlaps(region, g.cx[q], g.cy[q], r + 6)) continue;
    shown.push(q);
    var list = byRadius.get(r);
    if (!list) byRadius.set(r, (list = [[], []]));
    list[0].push(g.cx[q]);
    list[1].push(g.cy[q]);
  }
  if (!shown.length) return;
  byRadius.forEach(function (list, r) {
    blit(ctx, clusterSprite(layer.color, r, dpr), list[0], list[1], dpr);
  });
  ctx.font = "bold 11px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillStyle = "#ffffff";
  shown.forEach(function (q) {
    var x = Math.round(g.cx[q] * dpr) / dpr;
    var y = Math.round(g.cy[q] * dpr) / dpr;
    ctx.fillText(shortCount(g.ck[q]), x, y + 0.5);
  });
};

/** Area labels that fit without overlapping: [text, x, y, half width]. */
App.prototype.placeLabels = function (ctx, W, H) {
  var v = this.view;
  var labels = this.payload.base.labels;
  var placed = [];
  var boxes = [];
  ctx.font = "11px system-ui, sans-serif";
  var D = Math.PI / 180;
  for (var i = 0; i < labels.length; i++) {
    var lab = labels[i];
    var text = this.lang === "es" ? lab[3] : lab[2];
    var x = ((lab[0] / 360 + 0.5) * 256) * v.scale - v.ox;
    var lat = lab[1] * D;
    var y = (0.5 - Math.log(Math.tan(Math.PI / 4 + lat / 2)) / (2 * Math.PI)) * 256 * v.scale - v.oy;
    if (x < 0 || y < 0 || x > W || y > H) continue;
    var w = ctx.measureText(text).width / 2 + 2;
    var box = [x - w, y - 8, x + w, y + 8];
    var clash = boxes.some(function (b) {
      return box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1];
    });
    if (clash) continue;
    boxes.push(box);
    placed.push([text, x, y, w]);
  }
  return placed;
};

App.prototype.paintLabels = function (ctx, r) {
  ctx.font = "11px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(255,255,255,0.9)";
  ctx.fillStyle = "#6b6b6b";
  this.labels.forEach(function (lab) {
    if (lab[1] + lab[3] < r[0] || lab[1] - lab[3] > r[2] || lab[2] + 8 < r[1] || lab[2] - 8 > r[3]) return;
    ctx.strokeText(lab[0], lab[1], lab[2]);
    ctx.fillText(lab[0], lab[1], lab[2]);
  });
};
