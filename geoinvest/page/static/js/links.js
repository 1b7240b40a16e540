/*
 * Sites linked to their incidents (features/links.py): lists in popups, the "Site" field as
 * a button, and rings around the rows linked to an open popup's records.
 *
 * The payload part is a CSR index over the site layers' rows: offsets (Uint32), pairs
 * ([layer, row] of each incident, Uint32), via (Uint8: 1 by site_id, 2 within km), km10
 * (Uint16, tenths of a km) and near_counts (Uint32 per site row: incidents within km in all,
 * of which the nearest are listed). Its arrays are inflated off the main thread at mount,
 * or on first use.
 */

var LINKS_HIGHLIGHT_MAX = 1000; // rings drawn for one popup at most
var LINKS_RING = "#ffc400";
var LINKS_RING_EDGE = "#1d1d1d";
var LINKS_KEYS = ["offsets", "pairs", "via", "km10", "near_counts"];
// Maps' roots -> their Links, for geoinvest.linked(root).
var LINKS_BY_ROOT = new WeakMap();

/** A count or distance in the page's language. */
function linksNumber(app, n) {
  return n.toLocaleString(app.lang, { maximumFractionDigits: 1 });
}

feature("links", function (app, options) {
  if (options) LINKS_BY_ROOT.set(app.root, new Links(app, options));
});

/** The rows ringed on a map now, as [layer id, row] (for tests). */
NS.linked = function (root) {
  var links = LINKS_BY_ROOT.get(root);
  return links ? links.rings.slice() : [];
};

function Links(app, o) {
  var self = this;
  this.app = app;
  this.o = o;
  this.arrays = null;
  this.reverse = null;
  this.popup = null;
  this.rings = [];
  // Each site layer's first row in the CSR's rows.
  this.siteBase = {};
  this.siteLayers = o.sites;
  this.siteStarts = [];
  var total = 0;
  o.sites.forEach(function (l) {
    self.siteBase[l] = total;
    self.siteStarts.push(total);
    total += app.layers[l].n;
  });
  this.siteRows = total;
  this.isEvent = {};
  o.events.forEach(function (l) {
    self.isEvent[l] = true;
  });
  this.keys = LINKS_KEYS.filter(function (key) {
    return typeof o[key] === "string";
  });
  Promise.all(
    this.keys.map(function (key) {
      return inflate(o[key]);
    })
  ).then(function (buffers) {
    if (!self.arrays) self.arrays = self.wrap(buffers);
    // The incident -> site index in idle time, so following a link does not build it.
    runIdle([
      function () {
        self.incidents();
      },
    ]);
  });

  var map = app.map;
  map.createPane("gi-links").style.zIndex = 460;
  map.getPane("gi-links").style.pointerEvents = "none";
  this.renderer = L.canvas({ pane: "gi-links", padding: POINTS_PADDING });
  this.group = L.layerGroup().addTo(map);
  map.on("popupopen", this.onOpen, this);
  map.on("popupclose", this.onClose, this);
  // A re-mount (language.js) removes the map: rings go first, while their canvas is there.
  var self = this;
  app.on("unmount", function () {
    map.off("popupopen", self.onOpen, self);
    map.off("popupclose", self.onClose, self);
    self.group.clearLayers();
    self.popup = null;
  });
  app.popupParts.push(this.part.bind(this));
  app.siteNode = this.siteNode.bind(this);
}

Links.prototype.wrap = function (buffers) {
  var types = { offsets: Uint32Array, pairs: Uint32Array, via: Uint8Array, km10: Uint16Array, near_counts: Uint32Array };
  var out = { near_counts: null };
  this.keys.forEach(function (key, k) {
    out[key] = typed(buffers[k], types[key]);
  });
  return out;
};

/** The arrays, inflated now if the asynchronous inflate has not finished yet. */
Links.prototype.data = function () {
  if (!this.arrays) {
    var o = this.o;
    this.arrays = this.wrap(
      this.keys.map(function (key) {
        return inflateSync(bytes(o[key])).slice().buffer;
      })
    );
  }
  return this.arrays;
};

/** A CSR row of the sites -> [layer index, row]. */
Links.prototype.siteAt = function (s) {
  var k = this.siteStarts.length - 1;
  while (k > 0 && this.siteStarts[k] > s) k--;
  return [this.siteLayers[k], s - this.siteStarts[k]];
};

/**
 * The incident -> site index of the site_id links, built once (a counting sort): per
 * linked event row, its link numbers.
 */
Links.prototype.incidents = function () {
  if (this.reverse) return this.reverse;
  var d = this.data();
  var app = this.app;
  var base = {};
  var total = 0;
  this.o.events.forEach(function (l) {
    base[l] = total;
    total += app.layers[l].n;
  });
  var m = d.via.length;
  var offsets = new Uint32Array(total + 1);
  var k;
  for (k = 0; k < m; k++) if (d.via[k] & 1) offsets[base[d.pairs[2 * k]] + d.pairs[2 * k + 1] + 1]++;
  for (k = 0; k < total; k++) offsets[k + 1] += offsets[k];
  var next = offsets.slice(0, total);
  var links = new Uint32Array(offsets[total]);
  var site = new Uint32Array(offsets[total]);
  for (var s = 0; s < this.siteRows; s++) {
    for (k = d.offsets[s]; k < d.offsets[s + 1]; k++) {
      if (!(d.via[k] & 1)) continue;
      var at = next[base[d.pairs[2 * k]] + d.pairs[2 * k + 1]]++;
      links[at] = k;
      site[at] = s;
    }
  }
  this.reverse = { base: base, offsets: offsets, links: links, site: site };
  return this.reverse;
};

/** Links of one row: [{layer, row, via, km}] (a site's incidents, or an incident's site). */
Links.prototype.of = function (layer, row) {
  var out = [];
  var d, k;
  if (layer.index in this.siteBase) {
    d = this.data();
    var s = this.siteBase[layer.index] + row;
    for (k = d.offsets[s]; k < d.offsets[s + 1]; k++) {
      out.push({ layer: this.app.layers[d.pairs[2 * k]], row: d.pairs[2 * k + 1], via: d.via[k], km: d.km10[k] / 10 });
    }
  } else if (this.isEvent[layer.index]) {
    d = this.data();
    var r = this.incidents();
    var e = r.base[layer.index] + row;
    for (var j = r.offsets[e]; j < r.offsets[e + 1]; j++) {
      k = r.links[j];
      var at = this.siteAt(r.site[j]);
      out.push({ layer: this.app.layers[at[0]], row: at[1], via: d.via[k], km: d.km10[k] / 10 });
    }
  }
  return out;
};

// ---- popups

/** A site's record: its incidents by site_id, then those within km (nearest first). */
Links.prototype.part = function (layer, row) {
  if (!(layer.index in this.siteBase)) return null;
  var all = this.of(layer, row);
  if (!all.length) return null;
  var app = this.app;
  var S = app.S;
  var box = el("div", "gi-links");
  var own = all.filter(function (x) {
    return x.via & 1;
  });
  var near = all.filter(function (x) {
    return !(x.via & 1);
  });
  if (own.length) box.appendChild(this.list(fill(S.links_site_incidents, { n: linksNumber(app, own.length) }), own, false));
  if (near.length) {
    var counts = this.data().near_counts;
    var count = counts ? counts[this.siteBase[layer.index] + row] : near.length;
    var km = linksNumber(app, this.o.within_km);
    var list = this.list(fill(S.links_near_incidents, { km: km, n: linksNumber(app, count) }), near, true);
    if (count > near.length) {
      list.insertBefore(el("p", "gi-links-note", fill(S.links_nearest, { n: linksNumber(app, near.length) })), list.children[1]);
    }
    box.appendChild(list);
  }
  return box;
};

/** A heading and the first `show` rows as buttons; "Show N more" adds the next ones. */
Links.prototype.list = function (heading, items, withKm) {
  var self = this;
  var S = this.app.S;
  var section = el("section", "gi-links-section");
  section.appendChild(el("h4", "gi-links-head", heading));
  var ul = el("ul", "gi-links-list");
  section.appendChild(ul);
  var shown = 0;
  var more = null;
  function page() {
    var end = Math.min(items.length, shown + self.o.show);
    for (; shown < end; shown++) {
      var li = el("li", "gi-links-item");
      li.appendChild(self.button(items[shown], withKm));
      ul.appendChild(li);
    }
    var left = items.length - shown;
    if (left > 0) {
      if (!more) {
        more = el("button", "gi-links-more");
        more.type = "button";
        more.addEventListener("click", function () {
          page();
          if (self.popup && self.popup.isOpen()) self.popup.update();
        });
        section.appendChild(more);
      }
      more.textContent = fill(S.links_show_more, { n: linksNumber(self.app, Math.min(self.o.show, left)) });
      more.title = fill(S.links_more, { n: linksNumber(self.app, left) });
    } else if (more) {
      // Hidden, not removed: Leaflet 1.9 tells a click in a popup from one on the map by
      // walking up from its target, and a target taken out of the page reads as the map.
      more.hidden = true;
    }
  }
  page();
  return section;
};

/** A button that shows a linked row: symbol, name, and its date or distance. */
Links.prototype.button = function (item, withKm) {
  var app = this.app;
  var layer = item.layer;
  var row = item.row;
  var b = el("button", "gi-link");
  b.type = "button";
  b.title = app.S.links_open;
  b.setAttribute("data-gi-layer", layer.id);
  b.setAttribute("data-gi-row", String(row));
  b.appendChild(swatch(layer.symbol, layer.color, layer.approx[row] === 1));
  b.appendChild(el("span", "gi-link-name", this.name(layer, row)));
  var meta = withKm ? fill(app.S.links_km, { km: linksNumber(app, item.km) }) : null;
  if (!meta && layer.columns.date) meta = app.fieldValue(layer, row, "date");
  if (meta) b.appendChild(el("span", "gi-link-meta", meta));
  var self = this;
  b.addEventListener("click", function () {
    self.go(layer, row);
  });
  return b;
};

Links.prototype.name = function (layer, row) {
  var name = this.app.fieldValue(layer, row, "name");
  if (name !== null && name !== "") return String(name);
  var id = this.app.fieldValue(layer, row, "id");
  return id !== null && id !== "" ? String(id) : layer.title;
};

/** An incident's "Site" field: a button to its site when the site is on this map. */
Links.prototype.siteNode = function (layer, id) {
  var app = this.app;
  var ref = app.payload.sites[id];
  var text = app.siteName(id);
  if (!ref || !this.isEvent[layer.index]) return document.createTextNode(text);
  var site = app.layers[ref[0]];
  var b = el("button", "gi-link gi-link-site");
  b.type = "button";
  b.title = app.S.links_open;
  b.setAttribute("data-gi-layer", site.id);
  b.setAttribute("data-gi-row", String(ref[1]));
  b.appendChild(swatch(site.symbol, site.color, site.approx[ref[1]] === 1));
  b.appendChild(el("span", "gi-link-name", text));
  var self = this;
  b.addEventListener("click", function () {
    self.go(site, ref[1]);
  });
  return b;
};

Links.prototype.go = function (layer, row) {
  this.app.showRow(layer, row);
};

// ---- rings around the rows linked to the open popup

Links.prototype.onOpen = function (e) {
  if (this.popup && this.popup !== e.popup) this.popup.off("contentupdate", this.ring, this);
  this.popup = e.popup;
  this.popup.on("contentupdate", this.ring, this);
  this.ring();
};

Links.prototype.onClose = function (e) {
  if (e.popup !== this.popup) return;
  this.popup.off("contentupdate", this.ring, this);
  this.popup = null;
  this.rings = [];
  this.group.clearLayers();
};

/** Ring every row linked to a record of the open popup (up to LINKS_HIGHLIGHT_MAX). */
Links.prototype.ring = function () {
  var app = this.app;
  var content = this.popup && this.popup.getContent();
  var records = content && content.querySelectorAll ? content.querySelectorAll(".gi-record") : [];
  var seen = {};
  var rings = [];
  for (var r = 0; r < records.length && rings.length < LINKS_HIGHLIGHT_MAX; r++) {
    var layer = app.byId[records[r].getAttribute("data-gi-layer")];
    if (!layer) continue;
    var linked = this.of(layer, Number(records[r].getAttribute("data-gi-row")));
    for (var k = 0; k < linked.length && rings.length < LINKS_HIGHLIGHT_MAX; k++) {
      var key = linked[k].layer.index + ":" + linked[k].row;
      if (seen[key]) continue;
      seen[key] = true;
      rings.push([linked[k].layer, linked[k].row]);
    }
  }
  this.group.clearLayers();
  var renderer = this.renderer;
  var group = this.group;
  rings.forEach(function (x) {
    var at = x[0].latlng(x[1]);
    var style = { renderer: renderer, interactive: false, fill: false, radius: 12 };
    L.circleMarker(at, L.extend({ color: LINKS_RING_EDGE, weight: 5, opacity: 0.7 }, style)).addTo(group);
    L.circleMarker(at, L.extend({ color: LINKS_RING, weight: 3, opacity: 1 }, style)).addTo(group);
  });
  this.rings = rings.map(function (x) {
    return [x[0].id, x[1]];
  });
};
