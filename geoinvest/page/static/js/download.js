/*
 * "Download what is shown" (features/view.py): the rows of the layers that are on, not
 * hidden by any filter bit and inside the view, as CSV (UTF-8 with BOM, RFC 4180, formula
 * injection neutralised), built in slices on successive tasks and saved from a Blob.
 */

var CSV_SLICE = 20000; // rows per task and per string of the Blob
var CSV_EXTRA = ["latitude", "longitude", "precision"];
var FORMULA_START = /^[=+\-@\t\r]/;
var CSV_QUOTE = /[",\r\n]/;

/** One text cell: a leading formula character gets a quote mark; quoted when it must be. */
function csvText(s) {
  if (FORMULA_START.test(s)) s = "'" + s;
  return CSV_QUOTE.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function csvNumber(v) {
  return v === null || v === undefined || Number.isNaN(v) ? "" : String(v);
}

function isoDay(days) {
  return new Date(days * 86400000).toISOString().slice(0, 10);
}

/** A function row -> cell text for one column of a layer ("" when it has no such column). */
function csvCell(layer, name) {
  if (name === "latitude") {
    return function (i) {
      return String(layer.xy[2 * i + 1] / 1e6);
    };
  }
  if (name === "longitude") {
    return function (i) {
      return String(layer.xy[2 * i] / 1e6);
    };
  }
  if (name === "precision") {
    return function (i) {
      return layer.precision[i] ? String(layer.precision[i]) : "";
    };
  }
  var col = layer.columns[name];
  if (!col) {
    return function () {
      return "";
    };
  }
  var enc = col.spec.enc;
  return function (i) {
    var v = col.value(i);
    if (v === null || v === undefined) return "";
    if (enc === "date") return isoDay(v);
    if (typeof v === "number") return csvNumber(v);
    return csvText(String(v));
  };
}

/** The header: layer, every layer column (first seen first), then the coordinates. */
App.prototype.csvColumns = function (layers) {
  var names = [];
  var seen = { layer: true };
  CSV_EXTRA.forEach(function (name) {
    seen[name] = true;
  });
  layers.forEach(function (layer) {
    layer.fields.forEach(function (col) {
      if (!seen[col.name]) {
        seen[col.name] = true;
        names.push(col.name);
      }
    });
  });
  return names.concat(CSV_EXTRA);
};

/** Build the CSV of the rows shown in the view, slice by slice, then save it; done() after. */
App.prototype.downloadShown = function (done) {
  var self = this;
  var b = this.map.getBounds();
  var south = b.getSouth() * 1e6;
  var north = b.getNorth() * 1e6;
  var west = b.getWest() * 1e6;
  var east = b.getEast() * 1e6;
  var layers = this.layers.filter(function (layer) {
    return layer.on;
  });
  var names = this.csvColumns(layers);
  var parts = ["\ufeff" + ["layer"].concat(names).map(csvText).join(",") + "\r\n"];
  var l = 0;
  var i = 0;
  var cells = null;
  var id = null;
  function slice() {
    var lines = [];
    while (l < layers.length && lines.length < CSV_SLICE) {
      var layer = layers[l];
      if (!cells) {
        cells = names.map(function (name) {
          return csvCell(layer, name);
        });
        id = csvText(layer.id);
      }
      var xy = layer.xy;
      var hidden = layer.hidden;
      for (; i < layer.n && lines.length < CSV_SLICE; i++) {
        if (hidden[i]) continue;
        var x = xy[2 * i];
        var y = xy[2 * i + 1];
        if (y < south || y > north || x < west || x > east) continue;
        var line = id;
        for (var c = 0; c < cells.length; c++) line += "," + cells[c](i);
        lines.push(line);
      }
      if (i >= layer.n) {
        l++;
        i = 0;
        cells = null;
      }
    }
    if (lines.length) parts.push(lines.join("\r\n") + "\r\n");
    if (l < layers.length) setTimeout(slice, 0);
    else {
      self.saveText(parts, (self.payload.id || "map") + "-shown.csv", "text/csv;charset=utf-8");
      if (done) done();
    }
  }
  slice();
};

/** Save strings as a file through a Blob and an <a download>: nothing leaves the page. */
App.prototype.saveText = function (parts, filename, type) {
  var url = URL.createObjectURL(new Blob(parts, { type: type }));
  var a = el("a", "gi-save");
  a.href = url;
  a.download = filename;
  a.hidden = true;
  this.root.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function () {
    URL.revokeObjectURL(url);
  }, 60000);
};
