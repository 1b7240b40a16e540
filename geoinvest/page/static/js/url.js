/*
 * The map's state in the link (features/view.py): one section per map in the URL fragment,
 * "#<key>:<part>=<value>;...", read on mount and written (debounced, replaceState) after
 * every change. The last feature file: every other feature has registered its parts.
 * Nothing read from the fragment reaches the DOM as markup; bad text is ignored.
 */

var HASH_MAX = 8000; // characters of a fragment read at all
var HASH_PARTS = 64; // sections of a fragment, parts of a section
var URL_DEBOUNCE = 250; // ms after the last change before the link is written
// Characters left as they are in a value: readable, and never separators here.
var URL_KEEP = /%(2C|2F|3A|5B|5D|7B|7D|40|21)/g;
// Built-in parts, applied first (l, a, b), then the features' parts, then v and p.
var URL_FIRST = ["l", "a", "b"];
var URL_LAST = ["v", "p"];
var stateHas = Object.prototype.hasOwnProperty;

/** A part's value as fragment text: JSON, or bare text when the text is not JSON. */
function encodeStateValue(v) {
  var text = null;
  if (typeof v === "string") {
    try {
      JSON.parse(v);
    } catch (e) {
      text = v;
    }
  }
  if (text === null) text = JSON.stringify(v);
  return encodeURIComponent(text).replace(URL_KEEP, decodeURIComponent);
}

/** Fragment text back to a value; throws URIError on a broken escape (callers catch). */
function decodeStateValue(s) {
  var text = decodeURIComponent(s);
  try {
    return JSON.parse(text);
  } catch (e) {
    return text;
  }
}

/** The parts of this map's section of a fragment (hash without "#"), as {name: value}. */
function readStateSection(hash, key) {
  var out = {};
  if (!hash || hash.length > HASH_MAX) return out;
  var head = key + ":";
  var section = hash.split("&", HASH_PARTS).find(function (s) {
    return s.slice(0, head.length) === head;
  });
  if (!section) return out;
  section
    .slice(head.length)
    .split(";", HASH_PARTS)
    .forEach(function (item) {
      var at = item.indexOf("=");
      if (at <= 0) return;
      try {
        var name = decodeURIComponent(item.slice(0, at));
        if (!stateHas.call(out, name)) out[name] = decodeStateValue(item.slice(at + 1));
      } catch (e) {
        // a broken escape: this part is left at its default
      }
    });
  return out;
}

/** This map's key in the fragment: its id, then ".2", ".3" for more maps of that id. */
function stateKey(app) {
  var name = app.root.getAttribute("data-gi-map");
  var k = 1;
  document.querySelectorAll("div.gi-root").forEach(function (r) {
    if (r.getAttribute("data-gi-map") === name && r.compareDocumentPosition(app.root) & 4) k++;
  });
  var id = encodeURIComponent(String(app.payload.id || "map"));
  return k > 1 ? id + "." + k : id;
}

feature("view", function (app, options) {
  if (!options) return;
  var on = options.url === true || (options.url === "auto" && !app.root.hasAttribute("data-gi-embed"));
  if (!on) return;
  builtInStateParts(app);
  var key = stateKey(app);
  var parts = app.stateParts;
  // The link is read once per map: a re-mount (language.js) carries the state itself, and
  // reading the link again would undo the switch it was made for.
  var read = (NS.urlRead = NS.urlRead || new WeakSet());
  var given = read.has(app.root) ? {} : readStateSection(location.hash.slice(1), key);
  read.add(app.root);
  var rest = Object.keys(parts).filter(function (name) {
    return URL_FIRST.indexOf(name) < 0 && URL_LAST.indexOf(name) < 0;
  });
  URL_FIRST.concat(rest, URL_LAST).forEach(function (name) {
    if (!stateHas.call(given, name) || !stateHas.call(parts, name) || given[name] === null) return;
    try {
      parts[name].set(given[name]);
    } catch (e) {
      // a part that refuses the value keeps its default
    }
  });

  var timer = null;
  var stopped = false;
  function write() {
    timer = null;
    var items = [];
    ["v", "l", "a", "b", "p"].concat(rest).forEach(function (name) {
      if (!stateHas.call(parts, name)) return;
      var v = null;
      try {
        v = parts[name].get();
      } catch (e) {
        v = null;
      }
      if (v === null || v === undefined) return;
      items.push(encodeURIComponent(name) + "=" + encodeStateValue(v));
    });
    var mine = items.length ? key + ":" + items.join(";") : "";
    var hash = location.hash.slice(1);
    var out = [];
    var placed = false;
    (hash.length <= HASH_MAX ? hash.split("&") : []).forEach(function (s) {
      if (s.slice(0, key.length + 1) === key + ":") {
        if (!placed && mine) out.push(mine);
        placed = true;
      } else if (s) out.push(s);
    });
    if (!placed && mine) out.push(mine);
    var next = out.join("&");
    if (next === hash) return;
    var base = location.href.split("#")[0];
    try {
      history.replaceState(history.state, "", next ? base + "#" + next : base);
    } catch (e) {
      stopped = true; // a SecurityError: this document's address cannot change
    }
  }
  function schedule() {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(write, URL_DEBOUNCE);
  }
  app.on("change", schedule);
  app.map.on("moveend popupopen popupclose", schedule);
  app.root.addEventListener("change", schedule, true);
  app.root.addEventListener("input", schedule, true);
});

/** The parts every map has: view, layers off, hide approximate, basemap, open point. */
function builtInStateParts(app) {
  var map = app.map;
  var root = app.root;
  var home = { z: map.getZoom(), p: map.project(map.getCenter()) };
  app.addState(
    "v",
    function () {
      var z = map.getZoom();
      var c = map.getCenter();
      if (z === home.z && map.project(c, z).distanceTo(home.p) < 0.5) return null;
      // Decimals of a degree under a tenth of a pixel at this zoom.
      var d = Math.max(1, Math.ceil(Math.log10((256 * Math.pow(2, z)) / 360)) + 1);
      return +z.toFixed(2) + "/" + c.lat.toFixed(d) + "/" + c.lng.toFixed(d);
    },
    function (v) {
      var f = String(v).split("/").map(Number);
      if (f.length !== 3 || !f.every(Number.isFinite)) return;
      if (Math.abs(f[1]) > 85.06 || Math.abs(f[2]) > 180) return;
      var z = Math.min(map.getMaxZoom(), Math.max(map.getMinZoom(), f[0]));
      map.setView([f[1], f[2]], z, { animate: false });
    }
  );
  function input(selector, value) {
    return Array.prototype.find.call(root.querySelectorAll(selector), function (node) {
      return value === undefined || node.getAttribute(value[0]) === value[1];
    });
  }
  function setInput(node, checked) {
    if (!node || node.checked === checked) return;
    node.checked = checked;
    node.dispatchEvent(new Event("change", { bubbles: true }));
  }
  app.addState(
    "l",
    function () {
      var off = app.layers.filter(function (layer) {
        return !layer.on;
      });
      return off.length
        ? off
            .map(function (layer) {
              return layer.id;
            })
            .join(",")
        : null;
    },
    function (v) {
      var off = Array.isArray(v) ? v.map(String) : String(v).split(",");
      app.layers.forEach(function (layer) {
        if (off.indexOf(layer.id) >= 0) {
          setInput(input(".gi-panel input.gi-toggle", ["data-gi-layer", layer.id]), false);
        }
      });
    }
  );
  app.addState(
    "a",
    function () {
      var box = input(".gi-panel input.gi-hide-approximate");
      return box && box.checked ? 1 : null;
    },
    function (v) {
      if (v === 1 || v === true) setInput(input(".gi-panel input.gi-hide-approximate"), true);
    }
  );
  var firstBase = app.payload.basemap || "none";
  app.addState(
    "b",
    function () {
      var radio = Array.prototype.find.call(root.querySelectorAll(".gi-panel input.gi-basemap"), function (r) {
        return r.checked;
      });
      return radio && radio.value !== firstBase ? radio.value : null;
    },
    function (v) {
      setInput(input(".gi-panel input.gi-basemap", ["value", String(v)]), true);
    }
  );
  openPointState(app);
}

/** "p": the point whose popup is open, as layer/row/id (id: the row's id column). */
function openPointState(app) {
  var map = app.map;
  var open = null;
  map.on("popupopen", function (e) {
    var node = e.popup.getContent();
    var rec = node && node.querySelector ? node.querySelector(".gi-record") : null;
    var layer = rec && app.byId[rec.getAttribute("data-gi-layer")];
    open = layer ? { popup: e.popup, layer: layer, row: +rec.getAttribute("data-gi-row") } : null;
  });
  map.on("popupclose", function (e) {
    if (open && open.popup === e.popup) open = null;
  });
  function idOf(layer, row) {
    var col = layer.columns.id;
    var v = col ? col.value(row) : null;
    return v === null || v === undefined ? null : String(v);
  }
  app.addState(
    "p",
    function () {
      if (!open) return null;
      var id = idOf(open.layer, open.row);
      return open.layer.id + "/" + open.row + (id === null ? "" : "/" + id);
    },
    function (v) {
      var s = String(v);
      var a = s.indexOf("/");
      if (a <= 0) return;
      var b = s.indexOf("/", a + 1);
      var layerId = s.slice(0, a);
      if (!stateHas.call(app.byId, layerId)) return;
      var layer = app.byId[layerId];
      var row = Number(b < 0 ? s.slice(a + 1) : s.slice(a + 1, b));
      var id = b < 0 ? null : s.slice(b + 1);
      if (!(Number.isInteger(row) && row >= 0 && row < layer.n)) row = -1;
      if (id !== null && (row < 0 || idOf(layer, row) !== id)) {
        // The data were rebuilt and the row moved: find it by its id.
        row = -1;
        for (var i = 0; i < layer.n && layer.columns.id; i++) {
          if (idOf(layer, i) === id) {
            row = i;
            break;
          }
        }
      }
      if (row < 0) return;
      app.whenSettled(function () {
        openRow(layer, row);
      });
    }
  );
  function openRow(layer, row) {
    if (!layer.on || layer.hidden[row]) return;
    // Every marker a click on the row's marker lists (a spot shared with other rows),
    // the row first; opened without auto-pan, so the view stays the link's.
    var hits = [[layer, row, 0]];
    if (app.view) {
      var c = app.canvasPoint(map.latLngToLayerPoint(layer.latlng(row)));
      app.hitTest(c.x, c.y).points.forEach(function (h) {
        if ((h[0] !== layer || h[1] !== row) && !h[0].hidden[h[1]]) hits.push(h);
      });
    }
    app.openPopup(hits, { autoPan: false });
  }
}
