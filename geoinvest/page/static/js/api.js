/* window.geoinvest.mount, and each map's read-only helpers for tests and embedding code. */

App.prototype.makeApi = function () {
  var self = this;
  function containerXY(x, y) {
    var p = self.map.layerPointToContainerPoint(L.point(x, y).add(self.view.bmin));
    return { x: p.x, y: p.y };
  }
  function inView(p) {
    var s = self.map.getSize();
    return p.x >= 0 && p.y >= 0 && p.x <= s.x && p.y <= s.y;
  }
  return Object.freeze({
    id: this.payload.id,
    root: this.root,
    /** Drawn, and every column in: popups, the table and the features work. */
    isDrawn: function () {
      return self.drawn && self.ready;
    },
    zoom: function () {
      return self.map.getZoom();
    },
    /** Per layer: points drawn in the view, singly or inside clusters. */
    counts: function () {
      var out = {};
      self.layers.forEach(function (layer) {
        var g = layer.grid;
        var k = 0;
        var q;
        if (g) {
          for (q = 0; q < g.ck.length; q++) if (inView(containerXY(g.cx[q], g.cy[q]))) k += g.ck[q];
          for (q = 0; q < g.srow.length; q++) if (inView(containerXY(g.sx[q], g.sy[q]))) k++;
        }
        out[layer.id] = k;
      });
      return out;
    },
    /** Container pixel of a row's marker, and whether it is drawn on its own. */
    pixelOf: function (layerId, row) {
      var layer = self.byId[layerId];
      var v = self.view;
      var wx = worldX(layer.xy[2 * row]);
      var wy = worldY(layer.xy[2 * row + 1]);
      var p = containerXY(wx * v.scale - v.ox, wy * v.scale - v.oy);
      var g = layer.grid;
      p.single = !!g && g.srow.indexOf(row) >= 0;
      p.inView = inView(p);
      return p;
    },
    /** Rows drawn on their own in the view, with their container pixels. */
    singles: function (layerId, limit) {
      var g = self.byId[layerId].grid;
      var out = [];
      if (!g) return out;
      for (var q = 0; q < g.srow.length && out.length < (limit || 100); q++) {
        var p = containerXY(g.sx[q], g.sy[q]);
        if (inView(p)) out.push({ row: g.srow[q], x: p.x, y: p.y });
      }
      return out;
    },
    /** Labels placed on the canvas (towns and areas): text, kind, box in container px. */
    labels: function () {
      return (self.labels || []).map(function (lab) {
        var a = containerXY(lab.box[0], lab.box[1]);
        var b = containerXY(lab.box[2], lab.box[3]);
        return { text: lab.text, kind: lab.town ? "town" : "area", box: [a.x, a.y, b.x, b.y] };
      });
    },
    /** Container pixel of a longitude and latitude. */
    pointOf: function (lon, lat) {
      var p = self.map.latLngToContainerPoint([lat, lon]);
      return { x: p.x, y: p.y };
    },
    /** Clusters drawn in the view: container pixel and point count. */
    clusters: function (layerId) {
      var g = self.byId[layerId].grid;
      var out = [];
      if (!g) return out;
      for (var q = 0; q < g.ck.length; q++) {
        var p = containerXY(g.cx[q], g.cy[q]);
        if (inView(p)) out.push({ x: p.x, y: p.y, count: g.ck[q] });
      }
      return out;
    },
  });
};

/** The page's zlib inflater, for tests: bytes in, bytes out. */
NS.inflate = function (data) {
  return inflateSync(data);
};

/**
 * Mount the map named ``name``: the first of its roots not mounted yet, so the same
 * fragment pasted twice (same name, same payload) gives two maps.
 */
NS.mount = function (name) {
  var sel = '[data-gi-map="' + CSS.escape(name) + '"]';
  var mounted = (NS.mounted = NS.mounted || new WeakSet());
  var root = Array.prototype.find.call(document.querySelectorAll("div.gi-root" + sel), function (r) {
    return !mounted.has(r);
  });
  if (!root) return Promise.reject(new Error("geoinvest: no map " + name + " left to mount"));
  mounted.add(root);
  var data = document.querySelector("script.gi-data" + sel);
  var payload = JSON.parse(data.textContent);
  // The points are drawn as soon as their coordinates are inflated; the columns (popups,
  // features) follow, and the map is ready (isDrawn) once they are in.
  return inflateArrays(payload, false).then(function () {
    var app = new App(root, payload);
    NS.maps.push(app.api);
    return inflateArrays(payload, true).then(function () {
      app.columnsIn();
      return app.api;
    });
  });
};
