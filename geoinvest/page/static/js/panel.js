/* The layer panel: layers with symbol and count, precision legend, basemap choice; folded
 * into a button on narrow maps. */

App.prototype.panelControl = function () {
  var self = this;
  var S = this.S;
  control("topright", function () {
    var panel = el("div", "gi-panel");
    var body = (self.panelBody = self.panelToggle(panel));
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
    body.appendChild(layers);

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
    hide.classList.add("gi-hide-row");
    prec.appendChild(hide);
    body.appendChild(prec);

    var bases = el("details", "gi-section gi-basemaps");
    bases.appendChild(el("summary", "gi-heading", S.basemap));
    var radios = el("div", "gi-radios");
    radios.setAttribute("role", "radiogroup");
    radios.setAttribute("aria-label", S.basemap_group);
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
      radios.appendChild(label);
    });
    bases.appendChild(radios);
    body.appendChild(bases);
    return panel;
  }).addTo(this.map);
  this.updateCounts();
};

/**
 * A folding section of the panel for a feature: heading text, open or not; returns the
 * <details> to fill. Sections go before the base-map choice, in the order features add them.
 */
App.prototype.panelSection = function (className, heading, open) {
  var section = el("details", "gi-section " + className);
  section.open = !!open;
  section.appendChild(el("summary", "gi-heading", heading));
  this.panelBody.insertBefore(section, this.panelBody.querySelector(".gi-basemaps"));
  return section;
};

/**
 * Each layer's count of shown points; "7 of 25 shown" while a feature's filter restricts
 * it (layer.filteredBy: the HIDE_* bits of the filters in force on the layer).
 */
App.prototype.updateCounts = function () {
  var self = this;
  var S = this.S;
  this.layers.forEach(function (layer) {
    var node = self.countNodes[layer.id];
    var shown = layer.shown().toLocaleString(self.lang);
    if (layer.filteredBy && S.filters_shown) {
      node.textContent = fill(S.filters_shown, {
        shown: shown,
        total: layer.n.toLocaleString(self.lang),
      });
    } else {
      node.textContent = shown;
    }
    node.title = shown + " " + S.points;
  });
};

/**
 * The button that folds the panel on narrow maps (CSS shows it only there) and the body it
 * folds; the panel starts folded, so a narrow map opens with the map in view.
 */
App.prototype.panelToggle = function (panel) {
  var S = this.S;
  var button = el("button", "gi-panel-toggle");
  button.type = "button";
  button.title = S.panel_toggle;
  button.setAttribute("aria-expanded", "false");
  var icon = el("span", "gi-panel-icon", "\u2630");
  icon.setAttribute("aria-hidden", "true");
  button.appendChild(icon);
  button.appendChild(el("span", null, S.layers));
  var body = el("div", "gi-panel-body");
  function setOpen(open) {
    panel.classList.toggle("gi-open", open);
    button.setAttribute("aria-expanded", String(open));
  }
  button.addEventListener("click", function () {
    setOpen(!panel.classList.contains("gi-open"));
  });
  panel.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || !panel.classList.contains("gi-open")) return;
    setOpen(false);
    button.focus();
    e.stopPropagation();
  });
  panel.appendChild(button);
  panel.appendChild(body);
  return body;
};
