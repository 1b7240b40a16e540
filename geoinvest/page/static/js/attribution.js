/* The attribution line. */

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
  // Credits features add (string keys, so they follow the language).
  (this.credits || []).forEach(function (key) {
    lines.push([[self.S[key], null]]);
  });
  // The map's and the layers' lines: {en, es} (payload.attributions in Python).
  var lang = this.lang;
  this.payload.attribution.forEach(function (texts) {
    lines.push([[typeof texts === "string" ? texts : texts[lang] || texts.en, null]]);
  });
  lines.push([[this.S.sources_note, null]]);
  lines.forEach(function (parts, i) {
    if (i) node.appendChild(document.createTextNode(" | "));
    var span = el("span", "gi-attribution-part");
    appendParts(span, parts);
    node.appendChild(span);
  });
};
