/*
 * "Download what is shown" (features/view.py): the rows of the layers that are on, not
 * hidden by any filter bit and inside the view, as CSV (UTF-8 with BOM, RFC 4180, formula
 * injection neutralised), built in slices on successive tasks and saved from a Blob.
 */

var CSV_BATCH = 512; // rows written column by column at a time
var CSV_TASK_MS = 40; // a task writes batches for about this long, then yields
var CSV_EXTRA = ["latitude", "longitude", "precision"];
// One test for the common case (nothing to do); the two reasons to touch a cell after it.
var CSV_SPECIAL = /^[=+\-@\t\r]|[",\r\n]/;
var FORMULA_START = /^[=+\-@\t\r]/;
var CSV_QUOTE = /[",\r\n]/;

/** One text cell: a leading formula character gets a quote mark; quoted when it must be. */
function csvText(s) {
  if (!CSV_SPECIAL.test(s)) return s;
  if (FORMULA_START.test(s)) s = "'" + s;
  return CSV_QUOTE.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function csvValue(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isNaN(v) ? "" : String(v);
  return csvText(String(v));
}


/**
 * A writer for one column of a layer: (rows, k, out) puts the cell text of rows[0..k) in
 * out, column by column, reading the typed arrays directly (rows ascend, so a text column
 * inflates and decodes each chunk once: as one string when it is all ASCII).
 */
function csvWriter(layer, name) {
  var xy = layer.xy;
  if (name === "latitude" || name === "longitude") {
    var at = name === "latitude" ? 1 : 0;
    return function (rows, k, out) {
      for (var r = 0; r < k; r++) out[r] = String(xy[2 * rows[r] + at] / 1e6);
    };
  }
  if (name === "precision") {
    var p = layer.precision;
    return function (rows, k, out) {
      for (var r = 0; r < k; r++) out[r] = p[rows[r]] ? String(p[rows[r]]) : "";
    };
  }
  var col = layer.columns[name];
  if (!col) {
    return function (rows, k, out) {
      for (var r = 0; r < k; r++) out[r] = "";
    };
  }
  var spec = col.spec;
  if (spec.enc === "text") return csvTextWriter(col);
  col.decode();
  var data = col.decoded;
  if (spec.enc === "dict") {
    var texts = spec.values.map(csvValue);
    return function (rows, k, out) {
      for (var r = 0; r < k; r++) out[r] = texts[data[rows[r]]];
    };
  }
  if (spec.enc === "date") {
    var days = new Map();
    return function (rows, k, out) {
      for (var r = 0; r < k; r++) {
        var d = data[rows[r]];
        if (d === INT32_MIN) {
          out[r] = "";
          continue;
        }
        var s = days.get(d);
        if (s === undefined) days.set(d, (s = timeIso(d)));
        out[r] = s;
      }
    };
  }
  return function (rows, k, out) {
    for (var r = 0; r < k; r++) {
      var v = data[rows[r]];
      out[r] = Number.isNaN(v) ? "" : String(v);
    }
  };
}

function csvTextWriter(col) {
  var size = col.spec.chunk;
  var current = -1;
  var text = null;
  return function (rows, k, out) {
    for (var r = 0; r < k; r++) {
      var i = rows[r];
      var c = (i / size) | 0;
      if (c !== current) {
        current = c;
        text = csvChunkText(col.chunk(c));
      }
      var j = i - c * size;
      out[r] = text.missing[j] ? "" : csvText(text.all.slice(text.starts[j], text.starts[j + 1]));
    }
  };
}

/**
 * A text chunk decoded in one call, with each row's start in UTF-16 units: a pass over its
 * bytes counts the characters (continuation bytes add none, 4-byte sequences two).
 */
function csvChunkText(chunk) {
  var data = chunk.data;
  var lengths = chunk.lengths;
  var n = lengths.length;
  var starts = new Int32Array(n + 1);
  var missing = new Uint8Array(n);
  var at = 0;
  var units = 0;
  for (var j = 0; j < n; j++) {
    starts[j] = units;
    var len = lengths[j];
    if (len < 0) missing[j] = 1;
    for (var stop = at + Math.max(len, 0); at < stop; at++) {
      var v = data[at];
      if ((v & 0xc0) !== 0x80) units += v >= 0xf0 ? 2 : 1;
    }
  }
  starts[n] = units;
  return { all: UTF8.decode(data.subarray(0, at)), starts: starts, missing: missing };
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

/**
 * Build the CSV of the rows shown in the view and save it; done() after. Each task writes
 * batches for about CSV_TASK_MS and turns its text into a Blob, so the page stays
 * responsive and the text does not pile up in the script's heap.
 */
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
  var blobs = ["\ufeff" + ["layer"].concat(names).map(csvText).join(",") + "\r\n"];
  var rows = new Int32Array(CSV_BATCH);
  var outs = names.map(function () {
    return new Array(CSV_BATCH);
  });
  var lines = new Array(CSV_BATCH);
  var l = 0;
  var i = 0;
  var writers = null;
  var id = null;
  function batch() {
    var layer = layers[l];
    if (!writers) {
      writers = names.map(function (name) {
        return csvWriter(layer, name);
      });
      id = csvText(layer.id);
    }
    var xy = layer.xy;
    var hidden = layer.hidden;
    var k = 0;
    for (; i < layer.n && k < CSV_BATCH; i++) {
      if (hidden[i]) continue;
      var x = xy[2 * i];
      var y = xy[2 * i + 1];
      if (y < south || y > north || x < west || x > east) continue;
      rows[k++] = i;
    }
    if (i >= layer.n) {
      l++;
      i = 0;
    }
    var text = "";
    if (k) {
      for (var c = 0; c < writers.length; c++) writers[c](rows, k, outs[c]);
      for (var r = 0; r < k; r++) {
        var line = id;
        for (c = 0; c < outs.length; c++) line += "," + outs[c][r];
        lines[r] = line;
      }
      text = (k === CSV_BATCH ? lines : lines.slice(0, k)).join("\r\n") + "\r\n";
    }
    if (i === 0) writers = null; // the next layer
    return text;
  }
  function task() {
    var start = performance.now();
    var texts = [];
    while (l < layers.length && performance.now() - start < CSV_TASK_MS) {
      var text = batch();
      if (text) texts.push(text);
    }
    if (texts.length) blobs.push(new Blob(texts));
    if (l < layers.length) setTimeout(task, 0);
    else {
      performance.mark("geoinvest:csv");
      self.saveBlobParts(blobs, (self.payload.id || "map") + "-shown.csv", "text/csv;charset=utf-8");
      if (done) done();
    }
  }
  task();
};

/** Save strings and Blobs as a file through a Blob and an <a download>: nothing leaves the page. */
App.prototype.saveBlobParts = function (parts, filename, type) {
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
