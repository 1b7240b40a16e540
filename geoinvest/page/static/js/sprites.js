/* Sprites of markers and cluster bubbles, copied onto the canvas. */

/*
 * Markers and cluster bubbles are drawn once each into small sprites and copied onto the
 * canvas at whole device pixels: the software rasteriser takes tens of microseconds per
 * anti-aliased, stroked shape, a copy takes a few.
 */
var sprites = new Map();

function sprite(key, half, dpr, paint) {
  var full = key + "|" + dpr;
  var sp = sprites.get(full);
  if (!sp) {
    var c = document.createElement("canvas");
    var side = Math.ceil(2 * half * dpr);
    c.width = side;
    c.height = side;
    var ctx = c.getContext("2d");
    ctx.scale(dpr, dpr);
    paint(ctx, half);
    sp = { canvas: c, offset: Math.round(half * dpr), half: half };
    sprites.set(full, sp);
  }
  return sp;
}

function markerSprite(symbol, color, hollow, dpr) {
  var half = Math.ceil(RADIUS * 1.9 + 2);
  return sprite("m|" + symbol + "|" + color + "|" + (hollow ? 1 : 0), half, dpr, function (ctx, c) {
    drawMarkers(ctx, symbol, color, hollow, [c], [c], 1);
  });
}

function clusterSprite(color, r, dpr) {
  return sprite("c|" + color + "|" + r, Math.ceil(r + 6), dpr, function (ctx, c) {
    ctx.fillStyle = color;
    ctx.globalAlpha = 0.3;
    ctx.beginPath();
    ctx.arc(c, c, r + 4, 0, 2 * Math.PI);
    ctx.fill();
    ctx.globalAlpha = 0.92;
    ctx.beginPath();
    ctx.arc(c, c, r, 0, 2 * Math.PI);
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
  });
}

/**
 * Copy a sprite centred on each of the canvas points (CSS px); points on the same device
 * pixel are copied once, so a stack of hollow markers keeps its light halo.
 */
function blit(ctx, sp, xs, ys, dpr) {
  var seen = new Set();
  var img = sp.canvas;
  var off = sp.offset;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  for (var q = 0; q < xs.length; q++) {
    var x = Math.round(xs[q] * dpr);
    var y = Math.round(ys[q] * dpr);
    var key = x * 1048576 + y;
    if (seen.has(key)) continue;
    seen.add(key);
    ctx.drawImage(img, x - off, y - off);
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
}
