/* geoinvest map app: one columnar data model, canvas markers, grid clustering, DOM-only UI. */
(function () {
  "use strict";

  var NS = (window.geoinvest = window.geoinvest || {});
  NS.maps = NS.maps || [];

  var INT32_MIN = -2147483648;
  var HIDE_APPROXIMATE = 1; // bit of Layer.hidden; later filters take further bits
  var CELL = 80; // grid cell in CSS pixels
  var AUTO_CLUSTER = 500; // "auto": cluster a layer with more points than this in the view
  var RADIUS = 5;
  var CLUSTER_SHIFT = 17; // px between a cell's centroid and each layer's bubble
  var LABEL_ZOOM = 5;
  var MAX_ZOOM = 18;

  // ---------------------------------------------------------------- decoding

  function bytes(b64) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(b64);
    var s = atob(b64);
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  /** A typed array over an array buffer that inflateArrays put in place of its base64. */
  function typed(buffer, T) {
    return new T(buffer, 0, buffer.byteLength / T.BYTES_PER_ELEMENT);
  }

  function inflate(b64) {
    var stream = new Blob([bytes(b64)]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).arrayBuffer();
  }

  /** Inflate every typed array of the payload (coordinates, codes, numbers) in parallel. */
  function inflateArrays(payload) {
    var jobs = [];
    function swap(obj, key) {
      if (typeof obj[key] !== "string") return;
      jobs.push(
        inflate(obj[key]).then(function (buffer) {
          obj[key] = buffer;
        })
      );
    }
    payload.layers.forEach(function (spec) {
      swap(spec, "xy");
      swap(spec, "precision");
      spec.columns.forEach(function (c) {
        if (c.enc !== "text") {
          swap(c, "data");
          swap(c, "codes");
        }
      });
    });
    return Promise.all(jobs);
  }

  var UTF8 = new TextDecoder();

  /** A text chunk: k Int32 UTF-8 byte lengths (-1 missing), then the bytes. */
  function TextChunk(buffer, k) {
    this.lengths = new Int32Array(buffer, 0, k);
    this.data = new Uint8Array(buffer, 4 * k);
    this.starts = new Int32Array(k);
    var at = 0;
    for (var i = 0; i < k; i++) {
      this.starts[i] = at;
      if (this.lengths[i] > 0) at += this.lengths[i];
    }
  }
  TextChunk.prototype.get = function (i) {
    var len = this.lengths[i];
    if (len < 0) return null;
    return UTF8.decode(this.data.subarray(this.starts[i], this.starts[i] + len));
  };

  var CODE_TYPES = { 1: Uint8Array, 2: Uint16Array, 4: Uint32Array };

  /** One encoded column; decodes lazily, value(i) always returns a Promise. */
  function Column(spec, n) {
    this.spec = spec;
    this.name = spec.name;
    this.n = n;
    this._data = null;
    this._chunks = new Map();
  }
  Column.prototype.decode = function () {
    var s = this.spec;
    if (this._data || s.enc === "text") return;
    if (s.enc === "num") this._data = typed(s.data, Float64Array);
    else if (s.enc === "date") this._data = typed(s.data, Int32Array);
    else if (s.enc === "dict") this._data = typed(s.codes, CODE_TYPES[s.width]);
  };
  Column.prototype.chunk = function (k) {
    var cached = this._chunks.get(k);
    var size = Math.min(this.spec.chunk, this.n - k * this.spec.chunk);
    if (!cached) {
      cached = inflate(this.spec.chunks[k]).then(function (buffer) {
        return new TextChunk(buffer, size);
      });
      this._chunks.set(k, cached);
    }
    return cached;
  };
  Column.prototype.value = function (i) {
    var s = this.spec;
    if (s.enc === "text") {
      return this.chunk(Math.floor(i / s.chunk)).then(function (chunk) {
        return chunk.get(i % s.chunk);
      });
    }
    this.decode();
    var v = this._data[i];
    if (s.enc === "num") v = Number.isNaN(v) ? null : v;
    else if (s.enc === "date") v = v === INT32_MIN ? null : v;
    else v = s.values[v];
    return Promise.resolve(v);
  };

  /** One layer of the model: typed arrays and columns, shared by every feature of the page. */
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
    var approx = new Uint8Array(this.n);
    var px = new Float64Array(this.n);
    var py = new Float64Array(this.n);
    var D = Math.PI / 180;
    for (var i = 0; i < this.n; i++) {
      var lon = this.xy[2 * i] / 1e6;
      var lat = Math.max(-85.0511, Math.min(85.0511, this.xy[2 * i + 1] / 1e6));
      px[i] = (lon / 360 + 0.5) * 256;
      py[i] = (0.5 - Math.log(Math.tan(Math.PI / 4 + (lat * D) / 2)) / (2 * Math.PI)) * 256;
      var p = this.precision[i];
      approx[i] = p === 0 || p >= approximateFrom ? 1 : 0;
    }
    this.px = px;
    this.py = py;
    this.approx = approx;
    this.cellOf = new Int32Array(this.n);
    this.clusterShift = [0, 0];
    this.grid = null;
  }
  Layer.prototype.latlng = function (i) {
    return L.latLng(this.xy[2 * i + 1] / 1e6, this.xy[2 * i] / 1e6);
  };
  Layer.prototype.setBit = function (bit, mask) {
    var h = this.hidden;
    for (var i = 0; i < this.n; i++) h[i] = mask[i] ? h[i] | bit : h[i] & ~bit;
  };
  Layer.prototype.shown = function () {
    var k = 0;
    for (var i = 0; i < this.n; i++) if (!this.hidden[i]) k++;
    return k;
  };

  // ---------------------------------------------------------------- text helpers

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, key) {
      return key in values ? String(values[key]) : m;
    });
  }

  function safeHref(url) {
    var parsed;
    try {
      parsed = new URL(url);
    } catch (e) {
      return null;
    }
    // The original text is kept as the href; it parses to the same http(s) URL.
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? url : null;
  }

  var URL_TAIL = /,\s*([A-Za-z][A-Za-z0-9+.-]*:\S*)\s*$/;

  // ---------------------------------------------------------------- canvas drawing

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

  /** A swatch canvas with a layer's symbol, solid or hollow. */
  function swatch(symbol, color, hollow) {
    var c = el("canvas", "gi-swatch");
    var dpr = window.devicePixelRatio || 1;
    c.width = 18 * dpr;
    c.height = 18 * dpr;
    c.setAttribute("aria-hidden", "true");
    var ctx = c.getContext("2d");
    ctx.scale(dpr, dpr);
    drawMarkers(ctx, symbol, color, hollow, [9], [9], 1);
    return c;
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

  /** The markers canvas: a Leaflet renderer (so zoom animation applies) that the app paints. */
  var PointsRenderer = L.Renderer.extend({
    initialize: function (app) {
      L.Renderer.prototype.initialize.call(this, { padding: 0.5, pane: "gi-points" });
      this._app = app;
    },
    _initContainer: function () {
      this._container = document.createElement("canvas");
      this._container.className = "gi-canvas";
      this._container.setAttribute("aria-hidden", "true");
      this._ctx = this._container.getContext("2d");
    },
    _destroyContainer: function () {
      L.DomUtil.remove(this._container);
    },
    _update: function () {
      if (this._map._animatingZoom && this._bounds) return;
      L.Renderer.prototype._update.call(this);
      var b = this._bounds;
      var size = b.getSize();
      var dpr = window.devicePixelRatio || 1;
      var canvas = this._container;
      L.DomUtil.setPosition(canvas, b.min);
      canvas.width = Math.round(dpr * size.x);
      canvas.height = Math.round(dpr * size.y);
      canvas.style.width = size.x + "px";
      canvas.style.height = size.y + "px";
      this._ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      this._app.redraw(this._ctx, b.min, size);
      this.fire("update");
    },
  });

  // ---------------------------------------------------------------- the app

  function App(root, payload) {
    this.root = root;
    this.payload = payload;
    this.lang = payload.strings[payload.language] ? payload.language : "en";
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

    this.addBase();
    this.titleControl();
    L.control
      .zoom({ position: "topleft", zoomInTitle: this.S.zoom_in, zoomOutTitle: this.S.zoom_out })
      .addTo(map);
    this.resetControl();
    this.panelControl();
    this.attributionControl();
    if (payload.basemap && payload.basemap !== "none") this.setBasemap(payload.basemap);

    this.tooltip = L.tooltip({ direction: "top", offset: [0, -8], className: "gi-tooltip" });
    this.renderer = new PointsRenderer(this);
    map.addLayer(this.renderer);
    map.on("click", this.onClick, this);
    map.on("mousemove", this.onMove, this);
    map.on("mouseout", this.hideTooltip, this);
    map.on("zoomstart movestart", this.hideTooltip, this);
    this.api = this.makeApi();
  }

  // ---- base map

  App.prototype.addBase = function () {
    var base = this.payload.base;
    if (!base) return;
    var renderer = L.canvas({ pane: "gi-base", padding: 0.5 });
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
    if (this.renderer) this.renderer._update();
  };

  // ---- controls

  function control(position, build) {
    var C = L.Control.extend({
      onAdd: function () {
        var node = build();
        L.DomEvent.disableClickPropagation(node);
        L.DomEvent.disableScrollPropagation(node);
        return node;
      },
    });
    return new C({ position: position });
  }

  App.prototype.titleControl = function () {
    var p = this.payload;
    var lang = this.lang;
    var title = p.title[lang] || p.title.en || "";
    var subtitle = p.subtitle[lang] || p.subtitle.en || "";
    control("topleft", function () {
      var box = el("div", "gi-title");
      box.appendChild(el("h1", "gi-title-text", title));
      if (subtitle) box.appendChild(el("p", "gi-subtitle", subtitle));
      return box;
    }).addTo(this.map);
  };

  App.prototype.resetView = function () {
    this.map.closePopup();
    this.map.fitBounds(this.payload.bounds, { padding: [12, 12], animate: false });
  };

  App.prototype.resetControl = function () {
    var self = this;
    control("topleft", function () {
      var bar = el("div", "leaflet-bar gi-bar");
      var button = el("button", "gi-reset", "\u2302");
      button.type = "button";
      button.title = self.S.reset_view;
      button.setAttribute("aria-label", self.S.reset_view);
      button.addEventListener("click", function () {
        self.resetView();
      });
      bar.appendChild(button);
      return bar;
    }).addTo(this.map);
  };

  App.prototype.panelControl = function () {
    var self = this;
    var S = this.S;
    control("topright", function () {
      var panel = el("div", "gi-panel");
      var layers = el("details", "gi-section");
      layers.open = true;
      layers.appendChild(el("summary", "gi-heading", S.layers));
      var list = el("ul", "gi-layers");
      self.countNodes = {};
      self.layers.forEach(function (layer) {
        var li = el("li", "gi-layer");
        var label = el("label", "gi-row");
        var box = el("input", "gi-toggle");
        box.type = "checkbox";
        box.checked = true;
        box.setAttribute("data-gi-layer", layer.id);
        box.addEventListener("change", function () {
          layer.on = box.checked;
          self.refresh();
        });
        label.appendChild(box);
        label.appendChild(swatch(layer.symbol, layer.color, false));
        label.appendChild(el("span", "gi-layer-title", layer.title));
        var count = el("span", "gi-count");
        self.countNodes[layer.id] = count;
        label.appendChild(count);
        li.appendChild(label);
        list.appendChild(li);
      });
      layers.appendChild(list);
      panel.appendChild(layers);

      var prec = el("details", "gi-section");
      prec.open = true;
      prec.appendChild(el("summary", "gi-heading", S.precision_legend));
      var legend = el("ul", "gi-legend");
      [
        [false, S.exact],
        [true, S.approximate],
      ].forEach(function (row) {
        var li = el("li", "gi-row");
        li.appendChild(swatch("circle", "#555555", row[0]));
        li.appendChild(el("span", "gi-legend-text", row[1]));
        legend.appendChild(li);
      });
      prec.appendChild(legend);
      var hide = el("label", "gi-row");
      var hideBox = el("input", "gi-hide-approximate");
      hideBox.type = "checkbox";
      hideBox.addEventListener("change", function () {
        self.layers.forEach(function (layer) {
          layer.setBit(HIDE_APPROXIMATE, hideBox.checked ? layer.approx : new Uint8Array(layer.n));
        });
        self.refresh();
      });
      hide.appendChild(hideBox);
      hide.appendChild(el("span", null, S.hide_approximate));
      prec.appendChild(hide);
      panel.appendChild(prec);

      var bases = el("details", "gi-section");
      bases.appendChild(el("summary", "gi-heading", S.basemap));
      var group = "gi-base-" + self.payload.id + "-" + NS.maps.length;
      var choices = [["none", S.outlines]].concat(
        self.payload.basemaps.map(function (b) {
          return [b.name, b.name.replace(".", " ")];
        })
      );
      choices.forEach(function (choice) {
        var label = el("label", "gi-row");
        var radio = el("input", "gi-basemap");
        radio.type = "radio";
        radio.name = group;
        radio.value = choice[0];
        radio.checked = choice[0] === (self.payload.basemap || "none");
        radio.addEventListener("change", function () {
          if (radio.checked) self.setBasemap(choice[0]);
        });
        label.appendChild(radio);
        label.appendChild(el("span", null, choice[1]));
        bases.appendChild(label);
      });
      panel.appendChild(bases);
      return panel;
    }).addTo(this.map);
    this.updateCounts();
  };

  App.prototype.updateCounts = function () {
    var self = this;
    this.layers.forEach(function (layer) {
      var node = self.countNodes[layer.id];
      node.textContent = layer.shown().toLocaleString(self.lang);
      node.title = layer.shown().toLocaleString(self.lang) + " " + self.S.points;
    });
  };

  App.prototype.attributionControl = function () {
    var self = this;
    control("bottomright", function () {
      self.attributionNode = el("div", "gi-attribution");
      return self.attributionNode;
    }).addTo(this.map);
    this.renderAttribution();
  };

  function appendParts(node, parts) {
    parts.forEach(function (part) {
      var href = part[1] ? safeHref(part[1]) : null;
      if (href) {
        var a = el("a", null, part[0]);
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        node.appendChild(a);
      } else {
        node.appendChild(document.createTextNode(part[0]));
      }
    });
  }

  App.prototype.renderAttribution = function () {
    var node = this.attributionNode;
    if (!node) return;
    node.textContent = "";
    var lines = [[["Leaflet", "https://leafletjs.com"]]];
    var self = this;
    if (this.tiles) {
      var spec = this.payload.basemaps.find(function (b) {
        return b.name === self.basemapName;
      });
      if (spec) lines.push(spec.attribution);
    }
    if (this.payload.base) lines.push([[this.S.natural_earth, null]]);
    this.payload.attribution.forEach(function (text) {
      lines.push([[text, null]]);
    });
    lines.push([[this.S.sources_note, null]]);
    lines.forEach(function (parts, i) {
      if (i) node.appendChild(document.createTextNode(" | "));
      var span = el("span", "gi-attribution-part");
      appendParts(span, parts);
      node.appendChild(span);
    });
  };

  // ---- drawing and the grid

  App.prototype.refresh = function () {
    this.updateCounts();
    this.hideTooltip();
    this.renderer._update();
  };

  App.prototype.redraw = function (ctx, bmin, size) {
    var map = this.map;
    var zoom = map.getZoom();
    var scale = Math.pow(2, zoom); // px, py are world pixels at zoom 0
    var origin = map.getPixelOrigin();
    var W = size.x;
    var H = size.y;
    var cols = Math.ceil(W / CELL);
    var rows = Math.ceil(H / CELL);
    // canvas x = world x * scale - ox
    var ox = origin.x + bmin.x;
    var oy = origin.y + bmin.y;
    var vmin = map.containerPointToLayerPoint([0, 0]).subtract(bmin);
    var vmax = vmin.add(map.getSize());
    this.view = { bmin: bmin, scale: scale, ox: ox, oy: oy, cols: cols, rows: rows, vmin: vmin, vmax: vmax };
    ctx.clearRect(0, 0, W, H);
    if (!this.tiles && this.payload.base && zoom >= LABEL_ZOOM) this.drawLabels(ctx, W, H);
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
      layer.grid = this.buildGrid(layer, W, H);
      this.drawPoints(ctx, layer);
      if (layer.grid.total) drawnAny = true;
    }
    for (l = 0; l < this.layers.length; l++) {
      if (this.layers[l].grid) this.drawClusters(ctx, this.layers[l]);
    }
    if (!this.drawn && (drawnAny || this.total === 0)) {
      this.drawn = true;
      performance.mark("geoinvest:first-draw");
      this.warmUp();
    }
  };

  App.prototype.buildGrid = function (layer, W, H) {
    var v = this.view;
    var cols = v.cols;
    var ncell = cols * v.rows;
    var start = new Int32Array(ncell + 1);
    var px = layer.px;
    var py = layer.py;
    var hidden = layer.hidden;
    var cellOf = layer.cellOf;
    var scale = v.scale;
    var ox = v.ox;
    var oy = v.oy;
    var x0 = v.vmin.x;
    var y0 = v.vmin.y;
    var x1 = v.vmax.x;
    var y1 = v.vmax.y;
    var total = 0;
    var inView = 0;
    var i;
    var n = layer.n;
    for (i = 0; i < n; i++) {
      if (hidden[i]) {
        cellOf[i] = -1;
        continue;
      }
      var x = px[i] * scale - ox;
      var y = py[i] * scale - oy;
      if (x < 0 || y < 0 || x >= W || y >= H) {
        cellOf[i] = -1;
        continue;
      }
      var c = ((y / CELL) | 0) * cols + ((x / CELL) | 0);
      cellOf[i] = c;
      start[c + 1]++;
      total++;
      if (x >= x0 && x <= x1 && y >= y0 && y <= y1) inView++;
    }
    for (c = 0; c < ncell; c++) start[c + 1] += start[c];
    var items = new Int32Array(total);
    var next = start.slice(0, ncell);
    for (i = 0; i < n; i++) {
      c = cellOf[i];
      if (c >= 0) items[next[c]++] = i;
    }
    var mode = this.payload.cluster;
    var clustered = mode === "always" || (mode === "auto" && inView > AUTO_CLUSTER);
    var clusterOf = null;
    var clusters = null;
    if (clustered) {
      clusterOf = new Int32Array(ncell).fill(-1);
      var cx = [];
      var cy = [];
      var ck = [];
      var cc = [];
      for (c = 0; c < ncell; c++) {
        var k = start[c + 1] - start[c];
        if (k < 2) continue;
        var sx = 0;
        var sy = 0;
        for (var j = start[c]; j < start[c + 1]; j++) {
          sx += px[items[j]] * scale - ox;
          sy += py[items[j]] * scale - oy;
        }
        clusterOf[c] = cx.length;
        cx.push(sx / k + layer.clusterShift[0]);
        cy.push(sy / k + layer.clusterShift[1]);
        ck.push(k);
        cc.push(c);
      }
      clusters = { x: cx, y: cy, k: ck, cell: cc };
    }
    return {
      start: start,
      items: items,
      total: total,
      clustered: clustered,
      clusterOf: clusterOf,
      clusters: clusters,
    };
  };

  App.prototype.drawPoints = function (ctx, layer) {
    var g = layer.grid;
    var v = this.view;
    var xs = { 0: [], 1: [] };
    var ys = { 0: [], 1: [] };
    var ncell = g.start.length - 1;
    for (var c = 0; c < ncell; c++) {
      if (g.clustered && g.clusterOf[c] >= 0) continue;
      for (var j = g.start[c]; j < g.start[c + 1]; j++) {
        var i = g.items[j];
        var a = layer.approx[i];
        xs[a].push(layer.px[i] * v.scale - v.ox);
        ys[a].push(layer.py[i] * v.scale - v.oy);
      }
    }
    drawMarkers(ctx, layer.symbol, layer.color, true, xs[1], ys[1], xs[1].length);
    drawMarkers(ctx, layer.symbol, layer.color, false, xs[0], ys[0], xs[0].length);
  };

  App.prototype.drawClusters = function (ctx, layer) {
    var g = layer.grid;
    if (!g.clustered) return;
    var cl = g.clusters;
    ctx.font = "bold 11px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (var q = 0; q < cl.x.length; q++) {
      var r = clusterRadius(cl.k[q]);
      ctx.beginPath();
      ctx.arc(cl.x[q], cl.y[q], r + 4, 0, 2 * Math.PI);
      ctx.globalAlpha = 0.3;
      ctx.fillStyle = layer.color;
      ctx.fill();
      ctx.globalAlpha = 0.92;
      ctx.beginPath();
      ctx.arc(cl.x[q], cl.y[q], r, 0, 2 * Math.PI);
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = "#ffffff";
      ctx.stroke();
      ctx.fillStyle = "#ffffff";
      ctx.fillText(shortCount(cl.k[q]), cl.x[q], cl.y[q] + 0.5);
    }
  };

  App.prototype.drawLabels = function (ctx, W, H) {
    var v = this.view;
    var labels = this.payload.base.labels;
    var placed = [];
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.9)";
    ctx.fillStyle = "#6b6b6b";
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
      var clash = placed.some(function (b) {
        return box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1];
      });
      if (clash) continue;
      placed.push(box);
      ctx.strokeText(text, x, y);
      ctx.fillText(text, x, y);
    }
  };

  /** Decode the typed columns in idle time so the first popup is quick. */
  App.prototype.warmUp = function () {
    var cols = [];
    this.layers.forEach(function (l) {
      l.fields.forEach(function (c) {
        if (c.spec.enc !== "text") cols.push(c);
      });
    });
    var step = function () {
      var c = cols.shift();
      if (!c) return;
      c.decode();
      setTimeout(step, 0);
    };
    setTimeout(step, 0);
  };

  // ---- hit testing through the grid

  /** Markers and clusters under a canvas point: {points: [[layer, row, d]], cluster}. */
  App.prototype.hitTest = function (cx, cy) {
    var v = this.view;
    if (!v) return { points: [], cluster: null };
    var col = (cx / CELL) | 0;
    var row = (cy / CELL) | 0;
    var points = [];
    var cluster = null;
    for (var l = this.layers.length - 1; l >= 0; l--) {
      var layer = this.layers[l];
      var g = layer.grid;
      if (!g) continue;
      for (var dr = -1; dr <= 1; dr++) {
        for (var dc = -1; dc <= 1; dc++) {
          var r = row + dr;
          var c = col + dc;
          if (r < 0 || c < 0 || r >= v.rows || c >= v.cols) continue;
          var cell = r * v.cols + c;
          if (g.clustered && g.clusterOf[cell] >= 0) {
            var q = g.clusterOf[cell];
            var d = Math.hypot(g.clusters.x[q] - cx, g.clusters.y[q] - cy);
            if (d <= clusterRadius(g.clusters.k[q]) + 2 && (!cluster || d < cluster.d)) {
              cluster = { layer: layer, cell: cell, index: q, d: d };
            }
            continue;
          }
          for (var j = g.start[cell]; j < g.start[cell + 1]; j++) {
            var i = g.items[j];
            var dd = Math.hypot(layer.px[i] * v.scale - v.ox - cx, layer.py[i] * v.scale - v.oy - cy);
            if (dd <= RADIUS + 4) points.push([layer, i, dd]);
          }
        }
      }
    }
    points.sort(function (a, b) {
      return a[2] - b[2] || b[0].index - a[0].index || a[1] - b[1];
    });
    return { points: points, cluster: points.length ? null : cluster };
  };

  App.prototype.canvasPoint = function (layerPoint) {
    return layerPoint.subtract(this.view.bmin);
  };

  App.prototype.onMove = function (e) {
    var self = this;
    if (this._moveQueued) {
      this._lastMove = e;
      return;
    }
    this._moveQueued = true;
    this._lastMove = e;
    requestAnimationFrame(function () {
      self._moveQueued = false;
      self.hover(self._lastMove);
    });
  };

  App.prototype.hover = function (e) {
    if (!this.view) return;
    var p = this.canvasPoint(e.layerPoint);
    var hit = this.hitTest(p.x, p.y);
    var container = this.map.getContainer();
    var self = this;
    if (!hit.points.length && !hit.cluster) {
      container.classList.remove("gi-pointer");
      this.hideTooltip();
      return;
    }
    container.classList.add("gi-pointer");
    var token = (this._hoverToken = {});
    if (hit.cluster) {
      var k = hit.cluster.layer.grid.clusters.k[hit.cluster.index];
      this._tooltipTarget = null;
      this.showTooltip(e.latlng, fill(this.S.cluster, { n: k.toLocaleString(this.lang) }));
      return;
    }
    var first = hit.points[0];
    var target = first[0].id + "/" + first[1] + "/" + hit.points.length;
    if (target !== this._tooltipTarget) this.hideTooltip();
    this._hoverToken = token;
    this._tooltipTarget = target;
    var name = first[0].columns.name;
    var get = name ? name.value(first[1]) : Promise.resolve(null);
    get.then(function (value) {
      if (token !== self._hoverToken) return;
      var text = value === null || value === undefined ? first[0].title : String(value);
      var more = hit.points.length > 1 ? " (" + fill(self.S.more, { n: hit.points.length - 1 }) + ")" : "";
      self.showTooltip(first[0].latlng(first[1]), text, more);
    });
  };

  App.prototype.showTooltip = function (latlng, text, more) {
    var node = el("div", "gi-tooltip-text");
    node.appendChild(el("span", "gi-tooltip-name", text));
    if (more) node.appendChild(el("span", "gi-tooltip-more", more));
    this.tooltip.setLatLng(latlng).setContent(node);
    if (!this.map.hasLayer(this.tooltip)) this.tooltip.addTo(this.map);
  };

  App.prototype.hideTooltip = function () {
    this._hoverToken = null;
    this._tooltipTarget = null;
    if (this.tooltip && this.map.hasLayer(this.tooltip)) this.map.removeLayer(this.tooltip);
  };

  App.prototype.onClick = function (e) {
    if (!this.view) return;
    var p = this.canvasPoint(e.layerPoint);
    var hit = this.hitTest(p.x, p.y);
    if (hit.points.length) {
      this.openPopup(hit.points);
    } else if (hit.cluster) {
      this.clickCluster(hit.cluster);
    }
  };

  App.prototype.clusterMembers = function (hit) {
    var g = hit.layer.grid;
    return Array.prototype.slice.call(g.items, g.start[hit.cell], g.start[hit.cell + 1]);
  };

  App.prototype.clickCluster = function (hit) {
    var layer = hit.layer;
    var rows = this.clusterMembers(hit);
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

  // ---- popups

  var MAX_LISTED = 50;

  App.prototype.openPopup = function (hits) {
    var self = this;
    var shown = hits.slice(0, MAX_LISTED);
    var token = (this._popupToken = {});
    Promise.all(
      shown.map(function (h) {
        return self.record(h[0], h[1]);
      })
    ).then(function (records) {
      if (token !== self._popupToken) return;
      var box = el("div", "gi-popup-body");
      if (hits.length > 1) box.appendChild(el("p", "gi-popup-count", fill(self.S.at_spot, { n: hits.length })));
      records.forEach(function (r) {
        box.appendChild(r);
      });
      if (hits.length > shown.length) {
        box.appendChild(el("p", "gi-popup-more", fill(self.S.more, { n: hits.length - shown.length })));
      }
      var first = hits[0];
      L.popup({
        maxWidth: 380,
        minWidth: 240,
        maxHeight: 420,
        className: "gi-popup",
        autoPanPaddingTopLeft: [60, 80],
        autoPanPaddingBottomRight: [30, 30],
      })
        .setLatLng(first[0].latlng(first[1]))
        .setContent(box)
        .openOn(self.map);
      performance.mark("geoinvest:popup");
    });
  };

  /** One row as a DOM record: heading with the layer symbol, then its popup fields. */
  App.prototype.record = function (layer, i) {
    var self = this;
    var fields = layer.popup;
    return Promise.all(
      fields.map(function (f) {
        return self.fieldValue(layer, i, f);
      })
    ).then(function (values) {
      var rec = el("section", "gi-record");
      rec.setAttribute("data-gi-layer", layer.id);
      rec.setAttribute("data-gi-row", String(i));
      var head = el("header", "gi-record-head");
      head.appendChild(swatch(layer.symbol, layer.color, layer.approx[i] === 1));
      var nameAt = fields.indexOf("name");
      var nameText = nameAt >= 0 ? values[nameAt] : null;
      head.appendChild(el("strong", "gi-record-name", nameText === null ? layer.title : nameText));
      head.appendChild(el("span", "gi-record-layer", layer.title));
      rec.appendChild(head);
      var dl = el("dl", "gi-fields");
      fields.forEach(function (f, k) {
        if (f === "name") return;
        var node = self.fieldNode(layer, f, values[k]);
        if (!node) return;
        var row = el("div", "gi-field");
        row.setAttribute("data-gi-field", f);
        row.appendChild(el("dt", null, self.label(layer, f)));
        var dd = el("dd");
        dd.appendChild(node);
        row.appendChild(dd);
        dl.appendChild(row);
      });
      rec.appendChild(dl);
      return rec;
    });
  };

  App.prototype.label = function (layer, f) {
    var c = layer.columns[f];
    var labels = c ? c.spec.label : layer.labels[f];
    return labels ? labels[this.lang] || labels.en : f;
  };

  /** A field's raw value; precision and coordinates come from the typed arrays. */
  App.prototype.fieldValue = function (layer, i, f) {
    if (f === "latitude") return Promise.resolve(layer.xy[2 * i + 1] / 1e6);
    if (f === "longitude") return Promise.resolve(layer.xy[2 * i] / 1e6);
    if (f === "precision") return Promise.resolve(layer.precision[i] || null);
    var col = layer.columns[f];
    if (!col) return Promise.resolve(null);
    var self = this;
    return col.value(i).then(function (v) {
      if (v === null || v === undefined) return null;
      if (col.spec.enc === "date") {
        var pf = col.spec.precision_field && layer.columns[col.spec.precision_field];
        return (pf ? pf.value(i) : Promise.resolve(null)).then(function (p) {
          return self.formatDate(v, p);
        });
      }
      if (col.spec.type === "site_id") return self.siteName(String(v));
      return v;
    });
  };

  App.prototype.siteName = function (id) {
    var ref = this.payload.sites[id];
    var S = this.S;
    if (!ref) return Promise.resolve(id);
    var layer = this.layers[ref[0]];
    var col = layer.columns.name;
    if (!col) return Promise.resolve(id);
    return col.value(ref[1]).then(function (name) {
      return name ? fill(S.site_ref, { name: name, id: id }) : id;
    });
  };

  App.prototype.formatDate = function (days, precision) {
    var d = new Date(days * 86400000);
    var iso = d.toISOString().slice(0, 10);
    if (precision === "year") return String(d.getUTCFullYear());
    if (precision === "month") {
      return new Intl.DateTimeFormat(this.lang, { month: "long", year: "numeric", timeZone: "UTC" }).format(d);
    }
    if (precision === "week") return fill(this.S.week_of, { date: iso });
    return iso;
  };

  /** The DOM node showing one field's value, or null when it is empty. */
  App.prototype.fieldNode = function (layer, f, v) {
    if (v === null || v === undefined || v === "") return null;
    var col = layer.columns[f];
    var type = col ? col.spec.type : f;
    if (f === "precision") {
      var meaning = this.S.precision[String(v)] || "";
      return document.createTextNode(fill(this.S.precision_code, { code: v, meaning: meaning }));
    }
    if (type === "sources") return this.sourcesNode(String(v));
    if (type === "owners") {
      var box = el("div", "gi-owners");
      String(v)
        .split(/\s*;\s*/)
        .forEach(function (owner) {
          if (owner) box.appendChild(el("div", "gi-owner", owner));
        });
      return box;
    }
    if (typeof v === "number") {
      var text;
      if (type === "year" || f === "latitude" || f === "longitude") text = String(v);
      else text = v.toLocaleString(this.lang, { maximumFractionDigits: 2 });
      return document.createTextNode(text);
    }
    return document.createTextNode(String(v));
  };

  App.prototype.sourcesNode = function (text) {
    var list = el("ul", "gi-sources");
    text.split(" | ").forEach(function (citation) {
      if (!citation.trim()) return;
      var li = el("li", "gi-source");
      var m = URL_TAIL.exec(citation);
      var href = m ? safeHref(m[1]) : null;
      if (href) {
        var urlStart = m.index + m[0].indexOf(m[1]);
        li.appendChild(document.createTextNode(citation.slice(0, urlStart)));
        var a = el("a", "gi-source-link", m[1]);
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        li.appendChild(a);
        var rest = citation.slice(urlStart + m[1].length);
        if (rest) li.appendChild(document.createTextNode(rest));
      } else {
        li.appendChild(document.createTextNode(citation));
      }
      list.appendChild(li);
    });
    return list;
  };

  // ---- read-only helpers for tests and embedding code

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
      isDrawn: function () {
        return self.drawn;
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
          if (g) {
            var v = self.view;
            var ncell = g.start.length - 1;
            for (var c = 0; c < ncell; c++) {
              if (g.clustered && g.clusterOf[c] >= 0) {
                var q = g.clusterOf[c];
                if (inView(containerXY(g.clusters.x[q], g.clusters.y[q]))) k += g.clusters.k[q];
                continue;
              }
              for (var j = g.start[c]; j < g.start[c + 1]; j++) {
                var i = g.items[j];
                if (inView(containerXY(layer.px[i] * v.scale - v.ox, layer.py[i] * v.scale - v.oy))) k++;
              }
            }
          }
          out[layer.id] = k;
        });
        return out;
      },
      /** Container pixel of a row's marker, and whether it is drawn on its own. */
      pixelOf: function (layerId, row) {
        var layer = self.byId[layerId];
        var v = self.view;
        var p = containerXY(layer.px[row] * v.scale - v.ox, layer.py[row] * v.scale - v.oy);
        var g = layer.grid;
        var c = layer.cellOf[row];
        p.single = !!g && c >= 0 && !(g.clustered && g.clusterOf[c] >= 0);
        p.inView = inView(p);
        return p;
      },
      /** Rows drawn on their own in the view, with their container pixels. */
      singles: function (layerId, limit) {
        var layer = self.byId[layerId];
        var g = layer.grid;
        var out = [];
        if (!g) return out;
        var v = self.view;
        for (var c = 0; c < g.start.length - 1 && out.length < (limit || 100); c++) {
          if (g.clustered && g.clusterOf[c] >= 0) continue;
          for (var j = g.start[c]; j < g.start[c + 1]; j++) {
            var i = g.items[j];
            var p = containerXY(layer.px[i] * v.scale - v.ox, layer.py[i] * v.scale - v.oy);
            if (inView(p)) out.push({ row: i, x: p.x, y: p.y });
          }
        }
        return out;
      },
      /** Clusters drawn in the view: container pixel and point count. */
      clusters: function (layerId) {
        var g = self.byId[layerId].grid;
        var out = [];
        if (!g || !g.clustered) return out;
        for (var q = 0; q < g.clusters.x.length; q++) {
          var p = containerXY(g.clusters.x[q], g.clusters.y[q]);
          if (inView(p)) out.push({ x: p.x, y: p.y, count: g.clusters.k[q] });
        }
        return out;
      },
    });
  };

  NS.mount = function (name) {
    var sel = '[data-gi-map="' + CSS.escape(name) + '"]';
    var root = document.querySelector("div.gi-root" + sel);
    var data = document.querySelector("script.gi-data" + sel);
    var payload = JSON.parse(data.textContent);
    return inflateArrays(payload).then(function () {
      var app = new App(root, payload);
      NS.maps.push(app.api);
      return app.api;
    });
  };
})();
