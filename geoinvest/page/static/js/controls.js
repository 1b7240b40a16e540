/* Map controls: a DOM control factory, the title box, the reset-view and table buttons,
 * and fitting the view around them. */

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
  this.fitView();
};

/** A narrow map: the panel folds into a button (the CSS rules of .gi-narrow). */
App.prototype.isNarrow = function () {
  var size = this.map.getSize();
  return size.x < NARROW_WIDTH || size.y < NARROW_HEIGHT;
};

/** Mark the root narrow or not, now and when its size changes (a host's column, a phone
 * turned), and tell Leaflet the size changed: it only watches the window. */
App.prototype.watchSize = function () {
  var self = this;
  var root = this.root;
  root.classList.toggle("gi-narrow", this.isNarrow());
  var last = root.clientWidth + "x" + root.clientHeight;
  new ResizeObserver(function () {
    var now = root.clientWidth + "x" + root.clientHeight;
    if (now === last) return;
    last = now;
    self.map.invalidateSize({ animate: false });
    root.classList.toggle("gi-narrow", self.isNarrow());
  }).observe(root);
};

/** Fit the map's bounds above the controls at the bottom (a feature's, and on a narrow map
 * the attribution too); on a narrow map, into what the title and zoom bar leave free. */
App.prototype.fitView = function () {
  var narrow = this.isNarrow();
  var box = this.map.getContainer().getBoundingClientRect();
  var top = 12;
  var left = 12;
  var bottom = 12;
  this.root.querySelectorAll(".leaflet-bottom .leaflet-control").forEach(function (node) {
    if (narrow || !node.classList.contains("gi-attribution")) {
      bottom = Math.max(bottom, box.bottom - node.getBoundingClientRect().top + 6);
    }
  });
  if (narrow) {
    this.root.querySelectorAll(".gi-title, .gi-panel").forEach(function (node) {
      top = Math.max(top, node.getBoundingClientRect().bottom - box.top + 8);
    });
    var bar = this.root.querySelector(".leaflet-control-zoom");
    if (bar) left = Math.max(left, bar.getBoundingClientRect().right - box.left + 8);
  }
  var options = { paddingTopLeft: [left, top], paddingBottomRight: [12, bottom], animate: false };
  this.map.fitBounds(this.payload.bounds, options);
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
    bar.appendChild(self.tableButton());
    return bar;
  }).addTo(this.map);
};
