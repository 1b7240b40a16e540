/* The pointer: hit tests through the grids, tooltips, clicks on markers and clusters. */

/** Markers and clusters under a canvas point: {points: [[layer, row, d]], cluster}. */
App.prototype.hitTest = function (cx, cy) {
  if (!this.view) return { points: [], cluster: null };
  var points = [];
  var cluster = null;
  for (var l = this.layers.length - 1; l >= 0; l--) {
    var layer = this.layers[l];
    var g = layer.grid;
    if (!g) continue;
    for (var q = 0; q < g.ck.length; q++) {
      var d = Math.hypot(g.cx[q] - cx, g.cy[q] - cy);
      if (d <= clusterRadius(g.ck[q]) + 2 && (!cluster || d < cluster.d)) {
        cluster = { layer: layer, index: q, d: d };
      }
    }
    var near = singlesNear(g, cx, cy, RADIUS + 4);
    for (var k = 0; k < near.length; k++) points.push([layer, g.srow[near[k][0]], near[k][1]]);
  }
  points.sort(function (x, y) {
    return x[2] - y[2] || y[0].index - x[0].index || x[1] - y[1];
  });
  return { points: points, cluster: points.length ? null : cluster };
};

App.prototype.canvasPoint = function (layerPoint) {
  return layerPoint.subtract(this.view.bmin);
};

App.prototype.onMove = function (e) {
  var self = this;
  if (this.map.dragging && this.map.dragging.moving()) return; // no tooltips mid-drag
  if (this.moveQueued) {
    this.lastMove = e;
    return;
  }
  this.moveQueued = true;
  this.lastMove = e;
  requestAnimationFrame(function () {
    self.moveQueued = false;
    self.hover(self.lastMove);
  });
};

App.prototype.hover = function (e) {
  if (!this.view || !this.ready) return;
  var p = this.canvasPoint(e.layerPoint);
  var hit = this.hitTest(p.x, p.y);
  var container = this.map.getContainer();
  if (!hit.points.length && !hit.cluster) {
    container.classList.remove("gi-pointer");
    this.hideTooltip();
    return;
  }
  container.classList.add("gi-pointer");
  if (hit.cluster) {
    var k = hit.cluster.layer.grid.ck[hit.cluster.index];
    this.tooltipTarget = null;
    this.showTooltip(e.latlng, fill(this.S.cluster, { n: k.toLocaleString(this.lang) }));
    return;
  }
  var first = hit.points[0];
  var target = first[0].id + "/" + first[1] + "/" + hit.points.length;
  if (target === this.tooltipTarget) return;
  this.hideTooltip();
  this.tooltipTarget = target;
  var name = first[0].columns.name;
  var value = name ? name.value(first[1]) : null;
  var text = value === null || value === undefined ? first[0].title : String(value);
  var more = hit.points.length > 1 ? " (" + fill(this.S.more, { n: hit.points.length - 1 }) + ")" : "";
  this.showTooltip(first[0].latlng(first[1]), text, more);
  // A click is likely next: inflate what its popup needs while the pointer rests.
  this.prefetchLater(hit.points);
};

App.prototype.showTooltip = function (latlng, text, more) {
  var node = el("div", "gi-tooltip-text");
  node.appendChild(el("span", "gi-tooltip-name", text));
  if (more) node.appendChild(el("span", "gi-tooltip-more", more));
  this.tooltip.setLatLng(latlng).setContent(node);
  if (!this.map.hasLayer(this.tooltip)) this.tooltip.addTo(this.map);
};

App.prototype.hideTooltip = function () {
  this.tooltipTarget = null;
  if (this.tooltip && this.map.hasLayer(this.tooltip)) this.map.removeLayer(this.tooltip);
};

App.prototype.onClick = function (e) {
  if (!this.view) return;
  var p = this.canvasPoint(e.layerPoint);
  var hit = this.hitTest(p.x, p.y);
  var self = this;
  if (hit.points.length) {
    this.whenReady(function () {
      self.openPopup(hit.points);
    });
  } else if (hit.cluster) {
    this.clickCluster(hit.cluster);
  }
};

App.prototype.clickCluster = function (hit) {
  var layer = hit.layer;
  var rows = clusterRows(layer.grid, hit.index, layer.hidden);
  var west = Infinity;
  var east = -Infinity;
  var south = Infinity;
  var north = -Infinity;
  rows.forEach(function (i) {
    var lon = layer.xy[2 * i];
    var lat = layer.xy[2 * i + 1];
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  });
  var map = this.map;
  if ((west === east && south === north) || map.getZoom() >= map.getMaxZoom()) {
    this.openPopup(
      rows.map(function (i) {
        return [layer, i, 0];
      })
    );
    return;
  }
  var bounds = L.latLngBounds([south / 1e6, west / 1e6], [north / 1e6, east / 1e6]);
  var zoom = Math.min(map.getBoundsZoom(bounds, false, L.point(40, 40)), map.getMaxZoom());
  if (zoom <= map.getZoom()) zoom = map.getZoom() + 1;
  map.setView(bounds.getCenter(), zoom);
};
