/* The payload's encoded columns, decoded lazily; inflated text chunks in an LRU cache. */

var UTF8 = new TextDecoder();

/** A text chunk: k Int32 UTF-8 byte lengths (-1 missing), then the bytes. */
function TextChunk(bytes, k) {
  this.lengths = new Int32Array(bytes.buffer, bytes.byteOffset, k);
  this.data = bytes.subarray(4 * k);
  this.starts = new Int32Array(k);
  this.bytes = bytes.byteLength;
  var at = 0;
  for (var i = 0; i < k; i++) {
    this.starts[i] = at;
    if (this.lengths[i] > 0) at += this.lengths[i];
  }
}
TextChunk.prototype.get = function (i) {
  var len = this.lengths[i];
  if (len < 0) return null;
  return UTF8.decode(this.data.subarray(this.starts[i], this.starts[i] + len));
};

/**
 * Inflated text chunks of the whole page, least recently used first; a chunk is inflated
 * again after it falls out. The budget keeps a few hundred chunks of 2,048 rows.
 */
var TEXT_BUDGET = 96 * 1024 * 1024;
var textCache = { map: new Map(), bytes: 0 };

function cachedChunk(key) {
  var hit = textCache.map.get(key);
  if (hit) {
    textCache.map.delete(key);
    textCache.map.set(key, hit);
  }
  return hit;
}

function cacheChunk(key, chunk) {
  textCache.map.set(key, chunk);
  textCache.bytes += chunk.bytes;
  var it = textCache.map.keys();
  while (textCache.bytes > TEXT_BUDGET && textCache.map.size > 1) {
    var old = it.next().value;
    textCache.bytes -= textCache.map.get(old).bytes;
    textCache.map.delete(old);
  }
}

var CODE_TYPES = { 1: Uint8Array, 2: Uint16Array, 4: Uint32Array };
var columnIds = 0;

/** One encoded column; decodes lazily and synchronously (text one chunk at a time). */
function Column(spec, n) {
  this.spec = spec;
  this.name = spec.name;
  this.n = n;
  this.key = "c" + columnIds++ + ":";
  this.decoded = null;
}
Column.prototype.decode = function () {
  var s = this.spec;
  if (this.decoded || s.enc === "text") return;
  if (s.enc === "num") this.decoded = typed(s.data, Float64Array);
  else if (s.enc === "date") this.decoded = typed(s.data, Int32Array);
  else if (s.enc === "dict") this.decoded = typed(s.codes, CODE_TYPES[s.width]);
};
/** The inflated text chunk k. */
Column.prototype.chunk = function (k) {
  var key = this.key + k;
  var chunk = cachedChunk(key);
  if (!chunk) {
    var size = Math.min(this.spec.chunk, this.n - k * this.spec.chunk);
    var raw = inflateSync(bytes(this.spec.chunks[k]));
    // A tight copy when the output buffer grew well beyond what it holds.
    if (raw.buffer.byteLength > raw.byteLength * 1.25) raw = raw.slice();
    chunk = new TextChunk(raw, size);
    cacheChunk(key, chunk);
  }
  return chunk;
};
/** Make sure row i's value can be read without inflating (text columns only). */
Column.prototype.touch = function (i) {
  if (this.spec.enc === "text") this.chunk(Math.floor(i / this.spec.chunk));
};
Column.prototype.value = function (i) {
  var s = this.spec;
  if (s.enc === "text") return this.chunk(Math.floor(i / s.chunk)).get(i % s.chunk);
  this.decode();
  var v = this.decoded[i];
  if (s.enc === "num") return Number.isNaN(v) ? null : v;
  if (s.enc === "date") return v === INT32_MIN ? null : v;
  return s.values[v];
};
