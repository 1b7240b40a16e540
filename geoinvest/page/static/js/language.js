/*
 * The language switch (map definition `languages = ["en", "es"]`): a button per language
 * in the title box. Switching re-mounts the map in the other language on the same root:
 * the Leaflet map is removed, the App's own fields dropped, and the App constructed again
 * on the same object (so every helper object geoinvest.maps and mount() handed out stays
 * valid), then the state is carried across: the view, the panel's layer toggles, "hide
 * approximate", the base map, the table view, the open popup's records and every
 * app.stateParts value (get on the old App, set on the new one). Every string of the UI is
 * then built anew from the other language's table, features' included, with nothing to
 * update in place. The switch also carries a state part of its own, "lang", so that a link
 * reopens in the sender's language.
 *
 * Before, the App emits "unmount": a feature that listens on window or document (not on
 * the map, its root or its own nodes, which go) removes its listeners then.
 * What stays from the first mount: the listeners embed.js and controls.js put on window
 * and on the root (printing, the wheel, ResizeObservers). They reach the App through the
 * same object, so they act on the new map; the new App adds its own beside them, and each
 * does the same idempotent thing.
 */

feature("language", function (app) {
  var codes = app.payload.languages || [];
  if (codes.length < 2) return;
  var box = app.root.querySelector(".gi-title");
  if (!box) return;
  var group = el("div", "gi-lang");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", app.S.language_group);
  codes.forEach(function (code) {
    var S = app.payload.strings[code];
    if (!S) return;
    var button = el("button", "gi-lang-button", code.toUpperCase());
    button.type = "button";
    button.lang = code;
    button.title = S.language_switch;
    button.setAttribute("aria-label", S.language_name);
    button.setAttribute("aria-pressed", String(code === app.lang));
    button.addEventListener("click", function () {
      app.switchLanguage(code, true);
    });
    group.appendChild(button);
  });
  box.appendChild(group);
  app.addState(
    "lang",
    function () {
      return app.lang === app.payload.language ? null : app.lang;
    },
    function (value) {
      // Not while another feature's state is being applied: after it, in a task of its own.
      if (typeof value !== "string" || value === app.lang || !app.payload.strings[value]) return;
      setTimeout(function () {
        app.switchLanguage(value, false);
      }, 0);
    }
  );
});

/**
 * Re-mount the map in ``lang``, carrying its state across; ``focus``: focus the switch.
 * The new map is made in the next frame, after the frame callbacks the old one queued
 * (a hover's) have found it gone. Resolves when it is there.
 */
App.prototype.switchLanguage = function (lang, focus) {
  if (lang === this.lang || !this.payload.strings[lang] || this.switching) return Promise.resolve();
  var self = this;
  var carried = this.carryState();
  // Features that listen on window or document remove those listeners here.
  this.emit("unmount");
  var root = this.root;
  var payload = this.payload;
  this.unmount();
  this.switching = true;
  return new Promise(function (resolve) {
    requestAnimationFrame(function () {
      delete self.switching;
      App.call(self, root, payload, lang);
      self.columnsIn(); // inflated at the first mount: the features start now
      root.setAttribute("lang", lang);
      // A fresh radio-group name, page-wide (each fragment on a page runs its own script).
      NS.languageMounts = (NS.languageMounts || 0) + 1;
      var radios = "gi-base-" + payload.id + "-lang-" + NS.languageMounts;
      root.querySelectorAll("input.gi-basemap").forEach(function (radio) {
        radio.name = radios;
      });
      self.restoreState(carried);
      if (focus) {
        var pressed = root.querySelector('.gi-lang-button[aria-pressed="true"]');
        if (pressed) pressed.focus();
      }
      resolve();
    });
  });
};

/** What the map shows, to be shown again after a re-mount. */
App.prototype.carryState = function () {
  var parts = {};
  var stateParts = this.stateParts;
  Object.keys(stateParts).forEach(function (name) {
    parts[name] = stateParts[name].get();
  });
  var hideBox = this.root.querySelector("input.gi-hide-approximate");
  var records = [];
  this.root.querySelectorAll(".leaflet-popup .gi-record").forEach(function (rec) {
    records.push([rec.getAttribute("data-gi-layer"), Number(rec.getAttribute("data-gi-row"))]);
  });
  return {
    center: this.map.getCenter(),
    zoom: this.map.getZoom(),
    off: this.layers
      .filter(function (layer) {
        return !layer.on;
      })
      .map(function (layer) {
        return layer.id;
      }),
    hideApproximate: !!(hideBox && hideBox.checked),
    basemap: this.basemapName || "none",
    table: !!this.tableNode,
    records: records,
    parts: parts,
  };
};

/** Remove the map and everything the App added to its root; drop the App's own fields. */
App.prototype.unmount = function () {
  var root = this.root;
  var container = this.map.getContainer();
  // Layers first, renderers last: a layer removed after its canvas renderer would queue a
  // redraw of a canvas that is gone (a renderer's own removal cancels what is queued).
  var map = this.map;
  var renderers = [];
  map.eachLayer(function (layer) {
    if (layer instanceof L.Renderer) renderers.push(layer);
    else map.removeLayer(layer);
  });
  renderers.forEach(function (renderer) {
    map.removeLayer(renderer);
  });
  map.remove();
  container.className = "gi-map";
  container.textContent = "";
  Array.prototype.slice.call(root.children).forEach(function (child) {
    if (child !== container) child.remove();
  });
  // Pending paints, prefetches and tooltips compare tokens with these fields: they stop.
  var self = this;
  Object.keys(this).forEach(function (key) {
    delete self[key];
  });
};

/** Apply carried state through the same controls and hooks a reader uses. */
App.prototype.restoreState = function (carried) {
  var root = this.root;
  function change(input, checked) {
    if (!input || input.checked === checked) return;
    input.checked = checked;
    input.dispatchEvent(new Event("change"));
  }
  carried.off.forEach(function (id) {
    change(root.querySelector('input.gi-toggle[data-gi-layer="' + CSS.escape(id) + '"]'), false);
  });
  change(root.querySelector("input.gi-hide-approximate"), carried.hideApproximate);
  if (carried.basemap !== (this.basemapName || "none")) {
    change(root.querySelector('input.gi-basemap[value="' + CSS.escape(carried.basemap) + '"]'), true);
  }
  var stateParts = this.stateParts;
  Object.keys(carried.parts).forEach(function (name) {
    // "p" (the link's open point) too: the open popup's records are carried below.
    if (stateParts[name] && name !== "lang" && name !== "p") stateParts[name].set(carried.parts[name]);
  });
  this.map.setView(carried.center, carried.zoom, { animate: false });
  if (carried.table && !this.tableNode) this.openTable();
  var self = this;
  var hits = carried.records
    .filter(function (r) {
      return self.byId[r[0]] && r[1] >= 0 && r[1] < self.byId[r[0]].n;
    })
    .map(function (r) {
      return [self.byId[r[0]], r[1], 0];
    });
  if (hits.length && !root.querySelector(".leaflet-popup")) this.openPopup(hits);
};
