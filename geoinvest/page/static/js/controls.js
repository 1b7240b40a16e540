/* Map controls: a DOM control factory, the title box and the reset-view button. */

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
