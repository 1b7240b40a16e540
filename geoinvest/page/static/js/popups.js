/* Popups: a record per row with its fields, six at a time. */

var PAGE = 6; // records a popup lays out at once (a few ms each); a button adds more

/**
 * Jobs that inflate the text chunks the popup of these hits reads (its first page), so
 * that building it costs no decompression. Cheap when they are cached already.
 */
App.prototype.prefetchJobs = function (hits) {
  var self = this;
  var jobs = [];
  hits.slice(0, PAGE).forEach(function (h) {
    var layer = h[0];
    layer.popup.forEach(function (f) {
      var col = layer.columns[f];
      if (!col || (col.spec.enc !== "text" && col.spec.type !== "site_id")) return;
      jobs.push(function () {
        col.touch(h[1]);
        if (col.spec.type !== "site_id") return;
        var id = col.value(h[1]);
        var ref = id === null || id === undefined ? null : self.payload.sites[String(id)];
        var names = ref && self.layers[ref[0]].columns.name;
        if (names) names.touch(ref[1]);
      });
    });
  });
  return jobs;
};

App.prototype.prefetch = function (hits) {
  this.prefetchJobs(hits).forEach(function (job) {
    job();
  });
};

/** The same in idle time, a chunk at a time; dropped when the pointer moves on. */
App.prototype.prefetchLater = function (hits) {
  var self = this;
  var token = (this.prefetchToken = {});
  runIdle(this.prefetchJobs(hits), function () {
    return token === self.prefetchToken;
  });
};

/** A press on a marker: start inflating its popup's text before the click lands. */
App.prototype.onPointerDown = function (e) {
  if (!this.view || !this.ready || e.button !== 0) return;
  var p = this.canvasPoint(this.map.mouseEventToLayerPoint(e));
  var hit = this.hitTest(p.x, p.y);
  if (hit.points.length) this.prefetch(hit.points);
};

/** A popup listing ``hits`` ([layer, row, distance]); ``options`` go to the Popup. */
App.prototype.openPopup = function (hits, options) {
  var self = this;
  var box = el("div", "gi-popup-body");
  if (hits.length > 1) box.appendChild(el("p", "gi-popup-count", fill(this.S.at_spot, { n: hits.length })));
  var shown = 0;
  var more = null;
  function nextPage() {
    var end = Math.min(hits.length, shown + PAGE);
    var frag = document.createDocumentFragment();
    for (; shown < end; shown++) frag.appendChild(self.record(hits[shown][0], hits[shown][1]));
    box.insertBefore(frag, more);
    if (shown < hits.length) {
      if (!more) {
        more = el("button", "gi-popup-more");
        more.type = "button";
        more.addEventListener("click", function () {
          nextPage();
          if (popup.isOpen()) popup.update();
        });
        box.appendChild(more);
      }
      more.textContent = fill(self.S.show_more, { n: Math.min(PAGE, hits.length - shown) });
      more.title = fill(self.S.more, { n: hits.length - shown });
    } else if (more) {
      // Hidden, not removed: Leaflet reads a click whose target left the page as a click
      // on the map, which would close the popup.
      more.hidden = true;
      more.style.display = "none"; // the page CSS gives the button a display of its own
    }
  }
  nextPage();
  var first = hits[0];
  var popup = new Popup(
    L.extend(
      {
        maxWidth: 380,
        minWidth: 240,
        maxHeight: 420,
        className: "gi-popup",
        autoPanPaddingTopLeft: [60, 80],
        autoPanPaddingBottomRight: [30, 30],
      },
      options
    )
  )
    .setLatLng(first[0].latlng(first[1]))
    .setContent(box)
    .openOn(this.map);
  performance.mark("geoinvest:popup");
};

/** One row as a DOM record: heading with the layer symbol, then its popup fields. */
App.prototype.record = function (layer, i) {
  var self = this;
  var fields = layer.popup;
  var values = fields.map(function (f) {
    return self.fieldValue(layer, i, f);
  });
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
  this.popupParts.forEach(function (part) {
    var node = part(layer, i);
    if (node) rec.appendChild(node);
  });
  return rec;
};

App.prototype.label = function (layer, f) {
  var c = layer.columns[f];
  var labels = c ? c.spec.label : layer.labels[f];
  return labels ? labels[this.lang] || labels.en : f;
};

/** A field's raw value; precision and coordinates come from the typed arrays. */
App.prototype.fieldValue = function (layer, i, f) {
  if (f === "latitude") return layer.xy[2 * i + 1] / 1e6;
  if (f === "longitude") return layer.xy[2 * i] / 1e6;
  if (f === "precision") return layer.precision[i] || null;
  var col = layer.columns[f];
  if (!col) return null;
  var v = col.value(i);
  if (v === null || v === undefined) return null;
  if (col.spec.enc === "date") {
    var pf = col.spec.precision_field && layer.columns[col.spec.precision_field];
    return this.formatDate(v, pf ? pf.value(i) : null);
  }
  if (col.spec.type === "site_id") return String(v); // fieldNode shows it (siteNode)
  return v;
};

App.prototype.siteName = function (id) {
  var ref = this.payload.sites[id];
  if (!ref) return id;
  var col = this.layers[ref[0]].columns.name;
  if (!col) return id;
  var name = col.value(ref[1]);
  return name ? fill(this.S.site_ref, { name: name, id: id }) : id;
};

/** The "Site" field of an event's row: its site's name as text (links.js makes a button). */
App.prototype.siteNode = function (layer, id) {
  return document.createTextNode(this.siteName(id));
};

/** A date in the page's language, as precise as its row's date_precision says. */
App.prototype.formatDate = function (days, precision) {
  var text = formatDay(this.lang, days, precision);
  return precision === "week" ? fill(this.S.week_of, { date: text }) : text;
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
  if (type === "site_id") return this.siteNode(layer, String(v));
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
    else text = formatNumber(this.lang, v);
    return document.createTextNode(text);
  }
  if (typeof v === "string") return document.createTextNode(valueLabel(this.S, f, v));
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

/**
 * Show one row: zoom in far enough that it is drawn on its own (at least `minZoom`, never
 * out), centre it, and open its popup. Search results, linked incidents and a link's open
 * point come here.
 */
App.prototype.showRow = function (layer, i, minZoom) {
  var zoom = Math.max(this.map.getZoom(), minZoom || 12);
  this.map.setView(layer.latlng(i), Math.min(zoom, MAX_ZOOM), { animate: false });
  this.openPopup([[layer, i, 0]]);
};
