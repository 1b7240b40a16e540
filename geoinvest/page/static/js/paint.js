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

var AREA_FONT = "11px system-ui, sans-serif";
var TOWN_FONT = "12px system-ui, sans-serif";
var TOWN_DOT = 2.5; // radius, px
var TOWN_GAP = 4; // px between a town's dot and its name
var LABEL_HALF = 8; // half a label's height, px

function clashes(boxes, box) {
  for (var i = 0; i < boxes.length; i++) {
    var b = boxes[i];
    if (box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1]) return true;
  }
  return false;
}

/**
 * Labels that fit without overlapping, greedily: towns first (features/base.py), larger
 * first, those in the view before those in the canvas's padding, each to the right of its
 * dot or else to the left; then the area labels in the space left. Each placed label is
 * {text, x, y, w, town, box}: its anchor, half width (areas) or width (towns), canvas box.
 */
App.prototype.placeLabels = function (ctx, W, H) {
  var placed = [];
  var boxes = [];
  var towns = this.baseTowns();
  if (towns) this.placeTowns(ctx, towns, placed, boxes, W, H);
  var v = this.view;
  var labels = this.payload.base.labels;
  ctx.font = AREA_FONT;
  for (var i = 0; i < labels.length; i++) {
    var lab = labels[i];
    var text = this.lang === "es" ? lab[3] : lab[2];
    var x = worldX(lab[0] * 1e6) * v.scale - v.ox;
    var y = worldY(lab[1] * 1e6) * v.scale - v.oy;
    if (x < 0 || y < 0 || x > W || y > H) continue;
    var w = ctx.measureText(text).width / 2 + 2;
    var box = [x - w, y - LABEL_HALF, x + w, y + LABEL_HALF];
    if (clashes(boxes, box)) continue;
    boxes.push(box);
    placed.push({ text: text, x: x, y: y, w: w, town: false, box: box });
  }
  return placed;
};

App.prototype.placeTowns = function (ctx, towns, placed, boxes, W, H) {
  var v = this.view;
  var q = Math.round(this.map.getZoom() * 4);
  var later = [];
  ctx.font = TOWN_FONT;
  for (var pass = 0; pass < 2; pass++) {
    var n = pass ? later.length : towns.n;
    for (var k = 0; k < n; k++) {
      var i = pass ? later[k] : k;
      if (towns.zoom[i] > q) continue;
      var x = towns.wx[i] * v.scale - v.ox;
      var y = towns.wy[i] * v.scale - v.oy;
      if (x < 0 || y < 0 || x > W || y > H) continue;
      if (!pass && (x < v.vmin.x || y < v.vmin.y || x > v.vmax.x || y > v.vmax.y)) {
        later.push(i);
        continue;
      }
      var w = towns.width[i] || (towns.width[i] = ctx.measureText(towns.names[i]).width);
      var reach = TOWN_DOT + TOWN_GAP + w;
      var right = [x - TOWN_DOT, y - LABEL_HALF, x + reach, y + LABEL_HALF];
      var box = clashes(boxes, right) ? [x - reach, y - LABEL_HALF, x + TOWN_DOT, y + LABEL_HALF] : right;
      if (box !== right && clashes(boxes, box)) continue;
      boxes.push(box);
      placed.push({ text: towns.names[i], x: x, y: y, w: w, town: true, left: box !== right, box: box });
    }
  }
};

App.prototype.paintLabels = function (ctx, r) {
  var shown = this.labels.filter(function (lab) {
    var b = lab.box;
    return !(b[2] < r[0] || b[0] > r[2] || b[3] < r[1] || b[1] > r[3]);
  });
  if (!shown.length) return;
  ctx.textBaseline = "middle";
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(255,255,255,0.9)";
  ctx.font = AREA_FONT;
  ctx.textAlign = "center";
  ctx.fillStyle = "#6b6b6b";
  shown.forEach(function (lab) {
    if (lab.town) return;
    ctx.strokeText(lab.text, lab.x, lab.y);
    ctx.fillText(lab.text, lab.x, lab.y);
  });
  ctx.font = TOWN_FONT;
  ctx.fillStyle = "#2f2f2f";
  shown.forEach(function (lab) {
    if (!lab.town) return;
    var tx = lab.left ? lab.x - TOWN_DOT - TOWN_GAP : lab.x + TOWN_DOT + TOWN_GAP;
    ctx.textAlign = lab.left ? "right" : "left";
    ctx.strokeText(lab.text, tx, lab.y);
    ctx.fillText(lab.text, tx, lab.y);
    ctx.beginPath();
    ctx.arc(lab.x, lab.y, TOWN_DOT, 0, 2 * Math.PI);
    ctx.lineWidth = 1;
    ctx.fill();
    ctx.stroke();
    ctx.lineWidth = 3;
  });
};
