/* Marker symbols: paths on the canvas, and the same shapes as SVG swatches. */

function addSymbol(ctx, symbol, x, y, r) {
  if (symbol === "square") {
    ctx.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
  } else if (symbol === "triangle") {
    ctx.moveTo(x, y - r * 1.2);
    ctx.lineTo(x + r * 1.15, y + r * 0.85);
    ctx.lineTo(x - r * 1.15, y + r * 0.85);
    ctx.closePath();
  } else if (symbol === "diamond") {
    ctx.moveTo(x, y - r * 1.3);
    ctx.lineTo(x + r * 1.05, y);
    ctx.lineTo(x, y + r * 1.3);
    ctx.lineTo(x - r * 1.05, y);
    ctx.closePath();
  } else {
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
}

function clusterRadius(k) {
  return 9 + 2.5 * Math.log10(k);
}

function shortCount(k) {
  if (k >= 1e6) return (k / 1e6).toFixed(1) + "M";
  if (k >= 1e4) return Math.round(k / 1e3) + "k";
  return String(k);
}

var SVG_NS = "http://www.w3.org/2000/svg";

function svgEl(tag, attrs) {
  var node = document.createElementNS(SVG_NS, tag);
  Object.keys(attrs).forEach(function (k) {
    node.setAttribute(k, String(attrs[k]));
  });
  return node;
}

/** The outline of a symbol as an SVG shape, as addSymbol draws it on the canvas. */
function symbolShape(symbol, x, y, r) {
  function points(list) {
    return list
      .map(function (p) {
        return p[0] + "," + p[1];
      })
      .join(" ");
  }
  if (symbol === "square") {
    return svgEl("rect", { x: x - r * 0.9, y: y - r * 0.9, width: r * 1.8, height: r * 1.8 });
  }
  if (symbol === "triangle") {
    return svgEl("polygon", {
      points: points([[x, y - r * 1.2], [x + r * 1.15, y + r * 0.85], [x - r * 1.15, y + r * 0.85]]),
    });
  }
  if (symbol === "diamond") {
    return svgEl("polygon", {
      points: points([[x, y - r * 1.3], [x + r * 1.05, y], [x, y + r * 1.3], [x - r * 1.05, y]]),
    });
  }
  return svgEl("circle", { cx: x, cy: y, r: r });
}

/**
 * A layer's symbol, solid or hollow, for the legend and popups: inline SVG, not a canvas
 * (every canvas on the page is copied to the compositor on each frame that commits).
 */
function swatch(symbol, color, hollow) {
  var svg = svgEl("svg", { class: "gi-swatch", width: 18, height: 18, viewBox: "0 0 18 18" });
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  if (hollow) {
    svg.appendChild(svgEl("circle", { cx: 9, cy: 9, r: RADIUS * 1.9, fill: color, "fill-opacity": 0.22 }));
  }
  var shape = symbolShape(symbol, 9, 9, RADIUS);
  shape.setAttribute("fill", hollow ? "rgba(255,255,255,0.85)" : color);
  shape.setAttribute("stroke", hollow ? color : "#ffffff");
  shape.setAttribute("stroke-width", hollow ? "2" : "1.2");
  shape.setAttribute("stroke-linejoin", "round");
  svg.appendChild(shape);
  return svg;
}

function drawMarkers(ctx, symbol, color, hollow, xs, ys, k) {
  var i;
  ctx.lineJoin = "round";
  if (hollow) {
    ctx.beginPath();
    for (i = 0; i < k; i++) {
      ctx.moveTo(xs[i] + RADIUS * 1.9, ys[i]);
      ctx.arc(xs[i], ys[i], RADIUS * 1.9, 0, 2 * Math.PI);
    }
    ctx.globalAlpha = 0.22;
    ctx.fillStyle = color;
    ctx.fill();
    ctx.globalAlpha = 1;
  }
  ctx.beginPath();
  for (i = 0; i < k; i++) addSymbol(ctx, symbol, xs[i], ys[i], RADIUS);
  if (hollow) {
    ctx.fillStyle = "rgba(255,255,255,0.85)";
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = color;
    ctx.stroke();
  } else {
    ctx.fillStyle = color;
    ctx.fill();
    ctx.lineWidth = 1.2;
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
  }
}
