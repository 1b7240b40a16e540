/*
 * The table view: the points in view that the panel's filters show (name, layer, date,
 * locality), for keyboard and screen-reader users; each row is focusable and opens the
 * point's popup.
 */

var TABLE_ROWS = 500;

/** The bar button that opens the table. */
App.prototype.tableButton = function () {
  var self = this;
  var button = el("button", "gi-table-button", "\u25a6");
  button.type = "button";
  button.title = this.S.table_show;
  button.setAttribute("aria-label", this.S.table_show);
  button.setAttribute("aria-expanded", "false");
  button.addEventListener("click", function () {
    if (self.tableNode) self.closeTable();
    else self.openTable();
  });
  this.tableOpener = button;
  return button;
};

App.prototype.openTable = function () {
  if (!this.ready) return this.whenReady(this.openTable.bind(this));
  var S = this.S;
  var self = this;
  var view = el("section", "gi-table-view");
  view.setAttribute("role", "dialog");
  view.setAttribute("aria-label", S.table_title);
  var head = el("div", "gi-table-head");
  this.tableCaption = el("h2", "gi-table-caption", S.table_title);
  head.appendChild(this.tableCaption);
  var close = el("button", "gi-table-close", "\u00d7");
  close.type = "button";
  close.title = S.table_close;
  close.setAttribute("aria-label", S.table_close);
  close.addEventListener("click", function () {
    self.closeTable();
  });
  head.appendChild(close);
  view.appendChild(head);
  this.tableBody = el("div", "gi-table-scroll");
  view.appendChild(this.tableBody);
  view.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      self.closeTable();
      e.stopPropagation();
    }
  });
  L.DomEvent.disableClickPropagation(view);
  L.DomEvent.disableScrollPropagation(view);
  this.root.appendChild(view);
  this.tableNode = view;
  this.tableOpener.setAttribute("aria-expanded", "true");
  this.map.on("moveend", this.fillTable, this);
  this.fillTable();
  close.focus();
};

App.prototype.closeTable = function () {
  if (!this.tableNode) return;
  this.map.off("moveend", this.fillTable, this);
  this.tableNode.remove();
  this.tableNode = null;
  this.tableOpener.setAttribute("aria-expanded", "false");
  this.tableOpener.focus();
};

/** Rows of the layers that are on, not hidden by a filter, inside the view: [[layer, row]]. */
App.prototype.rowsInView = function (limit) {
  var b = this.map.getBounds();
  var west = b.getWest() * 1e6;
  var east = b.getEast() * 1e6;
  var south = b.getSouth() * 1e6;
  var north = b.getNorth() * 1e6;
  var rows = [];
  var total = 0;
  this.layers.forEach(function (layer) {
    if (!layer.on) return;
    var xy = layer.xy;
    for (var i = 0; i < layer.n; i++) {
      if (layer.hidden[i]) continue;
      var x = xy[2 * i];
      var y = xy[2 * i + 1];
      if (x < west || x > east || y < south || y > north) continue;
      total++;
      if (rows.length < limit) rows.push([layer, i]);
    }
  });
  return { rows: rows, total: total };
};

App.prototype.fillTable = function () {
  if (!this.tableNode) return;
  var S = this.S;
  var self = this;
  var found = this.rowsInView(TABLE_ROWS);
  var lang = this.lang;
  var n = found.total.toLocaleString(lang);
  var count = found.rows.length < found.total
    ? fill(S.table_count, { shown: found.rows.length.toLocaleString(lang), n: n })
    : found.total ? fill(S.table_all, { n: n }) : S.table_empty;
  this.tableCaption.textContent = S.table_title + ": " + count;
  var table = el("table", "gi-table");
  var tr = el("tr");
  [S.table_name, S.table_layer, S.table_date, S.table_locality].forEach(function (text) {
    var th = el("th", null, text);
    th.scope = "col";
    tr.appendChild(th);
  });
  table.appendChild(el("thead")).appendChild(tr);
  var body = el("tbody");
  found.rows.forEach(function (hit) {
    body.appendChild(self.tableRow(hit[0], hit[1]));
  });
  table.appendChild(body);
  this.tableBody.textContent = "";
  this.tableBody.appendChild(table);
};

App.prototype.tableRow = function (layer, i) {
  var self = this;
  var tr = el("tr", "gi-table-row");
  tr.tabIndex = 0;
  tr.setAttribute("data-gi-layer", layer.id);
  tr.setAttribute("data-gi-row", String(i));
  var name = this.fieldValue(layer, i, "name");
  var cells = [name === null ? layer.title : name, layer.title, this.fieldValue(layer, i, "date"),
    this.fieldValue(layer, i, "locality")];
  cells.forEach(function (value, k) {
    var td = el("td", null, value === null ? "" : value);
    if (k === 1) td.insertBefore(swatch(layer.symbol, layer.color, false), td.firstChild);
    tr.appendChild(td);
  });
  function open() {
    self.closeTable();
    self.openPopup([[layer, i, 0]]);
    var button = self.root.querySelector(".leaflet-popup-close-button");
    if (button) button.focus();
  }
  tr.addEventListener("click", open);
  tr.addEventListener("keydown", function (e) {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      open();
    }
  });
  return tr;
};
