/* The layer panel: layers with symbol and count, precision legend, basemap choice. */

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
