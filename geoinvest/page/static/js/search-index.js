/* Search across layers, the part without DOM: the geocoder's normaliser, the index of folded
 * text (built by jobs) and ranked hits (geoinvest/features/search.py; the box: search.js). */

// ---- the normaliser: gazetteer.fold in Python, the same result for every string

var FOLD_NON_ASCII = /[^\x00-\x7f]/;
var FOLD_COMBINING = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
// Python's str.casefold beyond toLowerCase, where it changes the result: sharp s is "ss",
// and the iota subscript becomes a Greek iota (not a combining mark), so a space below.
var FOLD_SPECIAL = /[\u00df\u0345]/g;
var FOLD_NOT_WORD = /[^a-z0-9\n]+/g; // "\n" separates the values of a batch
var FOLD_EDGES = / ?\n ?/g;
var FOLD_ABBREVIATION = /\b(pto|sta|sto|sn|gral)\b/g;
var FOLD_WORDS = { pto: "puerto", sta: "santa", sto: "santo", sn: "san", gral: "general" };

function foldSpecial(c) {
  return c === "\u00df" ? "ss" : " ";
}

function foldExpand(m) {
  return FOLD_WORDS[m];
}

/**
 * Values separated by "\n" (none holding one), each lower-cased, accents off, other
 * characters as single spaces, trimmed; abbreviations are written out by foldAbbreviations.
 */
function foldWords(text) {
  var plain = text.toLowerCase();
  if (FOLD_NON_ASCII.test(plain)) {
    plain = plain.replace(FOLD_SPECIAL, foldSpecial).normalize("NFKD").replace(FOLD_COMBINING, "");
  }
  return plain.replace(FOLD_NOT_WORD, " ").replace(FOLD_EDGES, "\n");
}

function foldAbbreviations(words) {
  return words.replace(FOLD_ABBREVIATION, foldExpand);
}

/** gazetteer.fold: "Pto. Río-Blanco" -> "puerto rio blanco". */
function fold(text) {
  return foldAbbreviations(foldWords(String(text).replace(/\n/g, " ")).trim());
}
NS.pure.fold = fold;

// ---- the index: per layer and field, folded values in strings "\n" + v0 + "\n" + v1 ... "\n"

var SEARCH_TIERS = 4; // the whole value, its start, a word's start, inside a word
var SEARCH_KEEP = 64; // candidates kept per tier before ranking
var SEARCH_SLICE_MS = 20; // a query's slice; the rest runs in the next tasks
var BUILD_SLICE_MS = 20; // index building after the box is focused
var NEWLINE = 10;
var FOLD_BATCH = 2048; // dictionary values folded per job
// A query that hit this many values settles for enough values starting with a word: the
// rest of a one-letter query's millions of hits cannot change what is worth showing.
var SEARCH_HIT_BUDGET = 50000;

/** A batch of folded values: the string, and the offset of the "\n" before each value. */
function FoldedPart(text, count, base) {
  this.text = text;
  this.base = base;
  var starts = new Int32Array(count + 1);
  var at = 0;
  for (var i = 0; i <= count; i++) {
    starts[i] = at;
    at = text.indexOf("\n", at + 1);
  }
  this.starts = starts;
}
/** The value holding position p. */
FoldedPart.prototype.entryAt = function (p) {
  var s = this.starts;
  var lo = 0;
  var hi = s.length - 2;
  while (lo < hi) {
    var mid = (lo + hi + 1) >> 1;
    if (s[mid] < p) lo = mid;
    else hi = mid - 1;
  }
  return lo;
};
FoldedPart.prototype.length = function (i) {
  return this.starts[i + 1] - this.starts[i] - 1;
};

/** Rows k*size .. of a text column, folded: their bytes joined by newlines, one decode. */
function foldTextChunk(col, k) {
  var spec = col.spec;
  var size = Math.min(spec.chunk, col.n - k * spec.chunk);
  var raw = inflateSync(bytes(spec.chunks[k]));
  var lengths = new Int32Array(raw.buffer, raw.byteOffset, size);
  var data = raw.subarray(4 * size);
  var out = new Uint8Array(data.length + size + 1);
  var at = 0;
  var src = 0;
  out[at++] = NEWLINE;
  for (var i = 0; i < size; i++) {
    var end = src + Math.max(0, lengths[i]);
    for (; src < end; src++) {
      var b = data[src];
      out[at++] = b === NEWLINE ? 32 : b;
    }
    out[at++] = NEWLINE;
  }
  var text = foldAbbreviations(foldWords(UTF8.decode(out.subarray(0, at))));
  return new FoldedPart(text, size, k * spec.chunk);
}

/** Values start .. start+count of a dictionary column (index 0 is the missing value), folded. */
function foldValues(values, start, count) {
  var parts = new Array(count);
  for (var i = 0; i < count; i++) {
    var v = values[start + i];
    parts[i] = v === null || v === undefined ? "" : String(v).replace(/\n/g, " ");
  }
  var text = foldAbbreviations(foldWords("\n" + parts.join("\n") + "\n"));
  return new FoldedPart(text, count, start);
}

/** What the search reads: one source per layer and field, filled by jobs. */
function SearchIndex(app, fields) {
  var sources = (this.sources = []);
  var jobs = (this.jobs = []);
  app.layers.forEach(function (layer) {
    fields.forEach(function (field, rank) {
      var col = layer.columns[field];
      if (!col || !layer.n) return;
      var src = { layer: layer, col: col, rank: rank, parts: [], dict: col.spec.enc === "dict" };
      if (src.dict) {
        // Values in batches of a text chunk's size, so no job is long however many there are.
        var values = col.spec.values;
        for (var start = 0; start < values.length; start += FOLD_BATCH) {
          (function (at) {
            var job = function () {
              col.decode();
              src.parts.push(foldValues(values, at, Math.min(FOLD_BATCH, values.length - at)));
            };
            job.what = layer.id + "." + field + " values from " + at;
            jobs.push(job);
          })(start);
        }
      } else if (col.spec.enc === "text") {
        col.spec.chunks.forEach(function (chunk, k) {
          var job = function () {
            src.parts.push(foldTextChunk(col, k));
          };
          job.what = layer.id + "." + field + " chunk " + k;
          jobs.push(job);
        });
      } else {
        return;
      }
      sources.push(src);
    });
  });
  this.total = jobs.length;
  this.busyMs = 0;
  this.longestMs = 0;
}
SearchIndex.prototype.done = function () {
  return this.jobs.length === 0;
};
/** Run one job, timed. */
SearchIndex.prototype.step = function () {
  var t0 = performance.now();
  if (this.startedAt === undefined) this.startedAt = t0;
  var job = this.jobs.shift();
  job();
  var ms = performance.now() - t0;
  this.busyMs += ms;
  if (ms > this.longestMs) {
    this.longestMs = ms;
    this.longestJob = job.what;
  }
};

// ---- a query: ranked candidates, found slice by slice

/** Candidates per tier, a row counted once at its best tier. */
function Hits(limit) {
  this.limit = limit;
  this.tiers = [];
  for (var t = 0; t < SEARCH_TIERS; t++) this.tiers.push([]);
  this.best = new Map();
  this.count = 0;
}
Hits.prototype.add = function (tier, src, row, length) {
  var list = this.tiers[tier];
  if (list.length >= SEARCH_KEEP) return;
  var key = src.layer.index * 4294967296 + row;
  var had = this.best.get(key);
  if (had !== undefined && had <= tier) return;
  this.best.set(key, tier);
  list.push({ layer: src.layer, row: row, rank: src.rank, length: length });
};
/** Enough of the best tier that nothing found later can outrank it. */
Hits.prototype.settled = function () {
  var t = this.tiers;
  if (t[0].length >= this.limit) return true;
  return this.count > SEARCH_HIT_BUDGET && t[0].length + t[1].length + t[2].length >= this.limit;
};
/** The suggestions: tier by tier, the earlier field first, then shorter values. */
Hits.prototype.ranked = function () {
  var out = [];
  var seen = new Set();
  for (var t = 0; t < SEARCH_TIERS && out.length < this.limit; t++) {
    var list = this.tiers[t].slice().sort(function (a, b) {
      return a.rank - b.rank || a.length - b.length || a.layer.index - b.layer.index || a.row - b.row;
    });
    for (var j = 0; j < list.length && out.length < this.limit; j++) {
      var key = list[j].layer.index * 4294967296 + list[j].row;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(list[j]);
    }
  }
  return out;
};

/** The tier of a hit of q at p: the whole value, its start, a word's start, else inside. */
function hitTier(text, p, q) {
  var before = text.charCodeAt(p - 1);
  if (before === NEWLINE) return text.charCodeAt(p + q.length) === NEWLINE ? 0 : 1;
  return before === 32 ? 2 : 3;
}

/** Hits of q in one part of a text source. */
function scanPart(part, src, q, hits) {
  var text = part.text;
  var at = text.indexOf(q, 1);
  while (at >= 0) {
    var i = part.entryAt(at);
    var tier = hitTier(text, at, q);
    hits.add(tier, src, part.base + i, part.length(i));
    hits.count++;
    if (hits.settled()) return;
    // After the start of a value, the next value; else a later hit may rank better.
    at = text.indexOf(q, tier <= 1 ? part.starts[i + 1] + 1 : at + 1);
  }
}

/** Hits of q in a dictionary source: its values (the batches folded so far), then one pass
 * over the codes for the rows holding them. */
function scanDict(src, q, hits) {
  var tierOf = new Uint8Array(src.col.spec.values.length).fill(SEARCH_TIERS);
  var lengths = new Int32Array(tierOf.length);
  var any = false;
  for (var k = 0; k < src.parts.length; k++) {
    var part = src.parts[k];
    var text = part.text;
    var at = text.indexOf(q, 1);
    while (at >= 0) {
      var i = part.entryAt(at);
      var v = part.base + i;
      var t = hitTier(text, at, q);
      if (t < tierOf[v]) tierOf[v] = t;
      lengths[v] = part.length(i);
      any = true;
      at = text.indexOf(q, at + 1);
    }
  }
  if (!any) return;
  var codes = src.col.decoded;
  var lists = hits.tiers;
  for (var row = 0; row < codes.length; row++) {
    var c = codes[row];
    var tier = tierOf[c];
    if (tier < SEARCH_TIERS && lists[tier].length < SEARCH_KEEP) {
      hits.add(tier, src, row, lengths[c]);
      hits.count++;
      if (hits.settled()) return;
    }
  }
}
