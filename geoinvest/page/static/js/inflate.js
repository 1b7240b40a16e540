/*
 * Synchronous inflate: a zlib (RFC 1950) / deflate (RFC 1951) decoder, written for this
 * page. Text chunks are inflated with it on the main thread, synchronously, so that a click
 * can build its popup in the same task: DecompressionStream is asynchronous, and each of
 * its hops may wait behind a rendering frame. Typed arrays at load still use
 * DecompressionStream.
 *
 * Huffman tables are flat: entry = symbol << 4 | code length, indexed by the next
 * `bits` bits of the stream (deflate packs codes starting from their first bit, so a
 * code is stored bit-reversed in the index).
 */
var LEN_BASE = new Uint16Array([
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
  131, 163, 195, 227, 258,
]);
var LEN_EXTRA = new Uint8Array([
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
]);
var DIST_BASE = new Uint16Array([
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
  2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
]);
var DIST_EXTRA = new Uint8Array([
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
  13, 13,
]);
var CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A flat decoding table for code lengths lens[0..n): {table, bits}. */
function huffTable(lens, n) {
  var count = new Uint16Array(16);
  var maxLen = 0;
  var s;
  for (s = 0; s < n; s++) {
    count[lens[s]]++;
    if (lens[s] > maxLen) maxLen = lens[s];
  }
  count[0] = 0;
  var next = new Uint16Array(16);
  var code = 0;
  for (var len = 1; len <= 15; len++) {
    code = (code + count[len - 1]) << 1;
    next[len] = code;
  }
  var bits = Math.max(maxLen, 1);
  var size = 1 << bits;
  var table = new Int32Array(size);
  for (s = 0; s < n; s++) {
    var l = lens[s];
    if (!l) continue;
    var c = next[l]++;
    var rev = 0;
    for (var b = 0; b < l; b++) {
      rev = (rev << 1) | (c & 1);
      c >>= 1;
    }
    var entry = (s << 4) | l;
    for (var at = rev; at < size; at += 1 << l) table[at] = entry;
  }
  return { table: table, bits: bits };
}

var FIXED_LIT = null;
var FIXED_DIST = null;

function fixedTables() {
  if (!FIXED_LIT) {
    var lens = new Uint8Array(288);
    for (var i = 0; i < 288; i++) lens[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
    FIXED_LIT = huffTable(lens, 288);
    FIXED_DIST = huffTable(new Uint8Array(30).fill(5), 30);
  }
}

/** The bytes of a zlib stream (no preset dictionary), inflated. */
function inflateSync(src) {
  var end = src.length;
  if (end < 6 || (src[0] & 15) !== 8 || ((src[0] << 8) | src[1]) % 31 || src[1] & 32) {
    throw new Error("not a zlib stream");
  }
  // Locals only (no closures over them): this is the hot loop of every popup.
  var pos = 2;
  var bitbuf = 0;
  var bitcnt = 0;
  var out = new Uint8Array(Math.max(1024, end * 6));
  var op = 0;
  var final = 0;
  var bigger;
  while (!final) {
    while (bitcnt < 3) {
      if (pos >= end) throw new Error("truncated deflate stream");
      bitbuf |= src[pos++] << bitcnt;
      bitcnt += 8;
    }
    final = bitbuf & 1;
    var type = (bitbuf >>> 1) & 3;
    bitbuf >>>= 3;
    bitcnt -= 3;
    if (type === 0) {
      // Byte-aligned: drop the partial byte and give back the whole ones read ahead.
      pos -= bitcnt >> 3;
      bitbuf = 0;
      bitcnt = 0;
      if (pos + 4 > end) throw new Error("truncated deflate stream");
      var len = src[pos] | (src[pos + 1] << 8);
      pos += 4;
      if (pos + len > end) throw new Error("truncated deflate stream");
      if (op + len > out.length) {
        bigger = new Uint8Array(Math.max(out.length * 2, op + len));
        bigger.set(out.subarray(0, op));
        out = bigger;
      }
      out.set(src.subarray(pos, pos + len), op);
      op += len;
      pos += len;
      continue;
    }
    var lit;
    var dist;
    if (type === 1) {
      fixedTables();
      lit = FIXED_LIT;
      dist = FIXED_DIST;
    } else if (type === 2) {
      var r = new BitReader(src, pos, bitbuf, bitcnt);
      var hlit = r.take(5) + 257;
      var hdist = r.take(5) + 1;
      var hclen = r.take(4) + 4;
      var clens = new Uint8Array(19);
      for (var i = 0; i < hclen; i++) clens[CL_ORDER[i]] = r.take(3);
      var clh = huffTable(clens, 19);
      var lens = new Uint8Array(hlit + hdist);
      var k = 0;
      while (k < hlit + hdist) {
        var sym = r.symbol(clh);
        if (sym < 16) {
          lens[k++] = sym;
          continue;
        }
        var rep;
        var val = 0;
        if (sym === 16) {
          if (!k) throw new Error("bad deflate lengths");
          val = lens[k - 1];
          rep = 3 + r.take(2);
        } else if (sym === 17) rep = 3 + r.take(3);
        else rep = 11 + r.take(7);
        if (k + rep > hlit + hdist) throw new Error("bad deflate lengths");
        while (rep--) lens[k++] = val;
      }
      lit = huffTable(lens.subarray(0, hlit), hlit);
      dist = huffTable(lens.subarray(hlit), hdist);
      pos = r.pos;
      bitbuf = r.bitbuf;
      bitcnt = r.bitcnt;
    } else {
      throw new Error("bad deflate block");
    }
    var lt = lit.table;
    var lbits = lit.bits;
    var lmask = (1 << lbits) - 1;
    var dt = dist.table;
    var dbits = dist.bits;
    var dmask = (1 << dbits) - 1;
    for (;;) {
      // 24 bits hold a literal/length code (<= 15) and its extra bits (<= 5); near the
      // end of the stream, whatever is left.
      while (bitcnt < 24 && pos < end) {
        bitbuf |= src[pos++] << bitcnt;
        bitcnt += 8;
      }
      if (op + 258 > out.length) {
        bigger = new Uint8Array(out.length * 2);
        bigger.set(out);
        out = bigger;
      }
      var e = lt[bitbuf & lmask];
      var el = e & 15;
      if (!el || el > bitcnt) throw new Error("bad deflate code");
      bitbuf >>>= el;
      bitcnt -= el;
      var s = e >> 4;
      if (s < 256) {
        out[op++] = s;
        continue;
      }
      if (s === 256) break;
      s -= 257;
      if (s >= 29) throw new Error("bad deflate length");
      var n = LEN_BASE[s];
      var x = LEN_EXTRA[s];
      if (x) {
        if (bitcnt < x) throw new Error("truncated deflate stream");
        n += bitbuf & ((1 << x) - 1);
        bitbuf >>>= x;
        bitcnt -= x;
      }
      while (bitcnt < 24 && pos < end) {
        bitbuf |= src[pos++] << bitcnt;
        bitcnt += 8;
      }
      var de = dt[bitbuf & dmask];
      var dl = de & 15;
      if (!dl || dl > bitcnt) throw new Error("bad deflate code");
      bitbuf >>>= dl;
      bitcnt -= dl;
      var ds = de >> 4;
      if (ds >= 30) throw new Error("bad deflate distance");
      var d = DIST_BASE[ds];
      x = DIST_EXTRA[ds];
      if (x) {
        while (bitcnt < x && pos < end) {
          bitbuf |= src[pos++] << bitcnt;
          bitcnt += 8;
        }
        if (bitcnt < x) throw new Error("truncated deflate stream");
        d += bitbuf & ((1 << x) - 1);
        bitbuf >>>= x;
        bitcnt -= x;
      }
      if (d > op) throw new Error("bad deflate distance");
      var from = op - d;
      if (n > 24 && d >= n) {
        out.copyWithin(op, from, from + n);
      } else {
        for (var q = 0; q < n; q++) out[op + q] = out[from + q];
      }
      op += n;
    }
  }
  return out.subarray(0, op);
}

/** Bits of a deflate stream, for block headers (the symbol loop keeps its own). */
function BitReader(src, pos, bitbuf, bitcnt) {
  this.src = src;
  this.pos = pos;
  this.bitbuf = bitbuf;
  this.bitcnt = bitcnt;
}
BitReader.prototype.fill = function (k) {
  while (this.bitcnt < k) {
    if (this.pos >= this.src.length) return false;
    this.bitbuf |= this.src[this.pos++] << this.bitcnt;
    this.bitcnt += 8;
  }
  return true;
};
BitReader.prototype.take = function (k) {
  if (!this.fill(k)) throw new Error("truncated deflate stream");
  var v = this.bitbuf & ((1 << k) - 1);
  this.bitbuf >>>= k;
  this.bitcnt -= k;
  return v;
};
BitReader.prototype.symbol = function (h) {
  this.fill(h.bits);
  var e = h.table[this.bitbuf & ((1 << h.bits) - 1)];
  var l = e & 15;
  if (!l || l > this.bitcnt) throw new Error("bad deflate code");
  this.bitbuf >>>= l;
  this.bitcnt -= l;
  return e >> 4;
};
