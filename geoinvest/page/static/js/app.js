/* The App: the model, the Leaflet map and its panes, the vector base and tile basemaps. */

function App(root, payload, lang) {
  this.root = root;
  this.payload = payload;
  lang = lang || payload.language; // another language: a re-mount by the switch (language.js)
  this.lang = payload.strings[lang] ? lang : "en";
  this.S = payload.strings[this.lang];
  var self = this;
  this.layers = payload.layers.map(function (spec, i) {
    return new Layer(spec, i, self.lang, payload.approximate_from);
  });
  this.byId = {};
  this.layers.forEach(function (l) {
    self.byId[l.id] = l;
  });
  this.tiles = null;
  this.drawn = false;
  this.ready = false; // the columns are inflated (columnsIn)
  this.waiting = [];
  this.handlers = {};
  this.stateParts = {};
  // Functions (layer, row) -> a DOM node or null, appended to a point's popup in order.
  this.popupParts = [];
  this.total = this.layers.reduce(function (a, l) {
    return a + l.n;
  }, 0);

  root.setAttribute("role", "region");
  root.setAttribute("aria-label", payload.title[this.lang] || payload.title.en || "");
  var map = (this.map = L.map(root.querySelector(".gi-map"), {
    zoomControl: false,
    attributionControl: false,
    zoomSnap: 0.25,
    minZoom: 2,
    maxZoom: MAX_ZOOM,
    preferCanvas: true,
    worldCopyJump: false,
  }));
  map.createPane("gi-base").style.zIndex = 150;
  map.createPane("gi-points").style.zIndex = 450;
  map.getPane("gi-points").style.pointerEvents = "none";
  map.fitBounds(payload.bounds, { padding: [12, 12] });
  this.watchSize();

  this.addBase();
  this.titleControl();
  L.control
    .zoom({ position: "topleft", zoomInTitle: this.S.zoom_in, zoomOutTitle: this.S.zoom_out })
    .addTo(map);
  this.resetControl();
  this.panelControl();
  this.attributionControl();
  this.embedBehaviour();
  // On a narrow map the view is fitted again, around the controls that stay open.
  if (this.isNarrow()) this.fitView();
  if (payload.basemap && payload.basemap !== "none") this.setBasemap(payload.basemap);

  this.tooltip = L.tooltip({ direction: "top", offset: [0, -8], className: "gi-tooltip" });
  this.renderer = new PointsRenderer(this);
  map.addLayer(this.renderer);
  map.on("click", this.onClick, this);
  map.getContainer().addEventListener("pointerdown", this.onPointerDown.bind(this));
  map.on("mousemove", this.onMove, this);
  map.on("mouseout", this.hideTooltip, this);
  map.on("zoomstart movestart", this.hideTooltip, this);
  this.api = this.makeApi();
}

/** The columns are inflated (api.js mount): what waited for them runs, features start. */
App.prototype.columnsIn = function () {
  this.ready = true;
  this.startFeatures();
  if (this.drawn) this.warmUp();
  var waiting = this.waiting;
  this.waiting = [];
  waiting.forEach(function (fn) {
    fn();
  });
};

/**
 * A feature still applying state after it started (time computes its intervals in later
 * tasks) holds the map: hold() returns the release. whenSettled(fn) runs fn once nothing
 * holds it (url.js opens a link's point then, among the rows it will show).
 */
App.prototype.hold = function () {
  var self = this;
  var done = false;
  this.holds = (this.holds || 0) + 1;
  return function () {
    if (done) return;
    done = true;
    if (--self.holds > 0) return;
    var queued = self.settled || [];
    self.settled = [];
    queued.forEach(function (fn) {
      fn();
    });
  };
};

App.prototype.whenSettled = function (fn) {
  if (!this.holds) fn();
  else (this.settled = this.settled || []).push(fn);
};

/** Run fn now if the columns are in, else once they are. */
App.prototype.whenReady = function (fn) {
  if (this.ready) fn();
  else this.waiting.push(fn);
};

// ---- features (core.js: feature(name, init))

App.prototype.startFeatures = function () {
  var self = this;
  var options = this.payload.features || {};
  FEATURES.forEach(function (f) {
    f.init(self, options[f.name]);
  });
};

/** Call fn(app) after each change of what is shown (a layer toggled, a filter moved). */
App.prototype.on = function (event, fn) {
  (this.handlers[event] = this.handlers[event] || []).push(fn);
};

App.prototype.emit = function (event, detail) {
  var self = this;
  (this.handlers[event] || []).forEach(function (fn) {
    fn(self, detail);
  });
};

/**
 * A part of the map's state that a link carries (url.js): get() returns a JSON-ready value
 * (or null for the default), set(value) applies one and must not throw on a bad value.
 */
App.prototype.addState = function (name, get, set) {
  this.stateParts[name] = { get: get, set: set };
};

// ---- base map

App.prototype.addBase = function () {
  var base = this.payload.base;
  if (!base) return;
  var renderer = (this.baseRenderer = L.canvas({ pane: "gi-base", padding: BASE_PADDING }));
  if (base.context) {
    L.geoJSON(base.context, {
      renderer: renderer,
      interactive: false,
      style: { color: "#b0aca4", weight: 0.8, fillColor: "#e4e1da", fillOpacity: 1 },
    }).addTo(this.map);
  }
  L.geoJSON(base.areas, {
    renderer: renderer,
    interactive: false,
    style: { color: "#9a9a9a", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 },
  }).addTo(this.map);
  L.geoJSON(base.outlines, {
    renderer: renderer,
    interactive: false,
    style: { color: "#555555", weight: 1.4, fill: false },
  }).addTo(this.map);
};

App.prototype.setBasemap = function (name) {
  if (this.tiles) this.map.removeLayer(this.tiles);
  this.tiles = null;
  this.basemapName = name;
  var spec = this.payload.basemaps.find(function (b) {
    return b.name === name;
  });
  if (spec) {
    this.tiles = L.tileLayer(spec.url, { maxZoom: spec.max_zoom, crossOrigin: false });
    this.tiles.addTo(this.map);
  }
  this.renderAttribution();
  if (this.renderer) this.renderer.repaint();
};
