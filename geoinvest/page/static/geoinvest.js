/* geoinvest map app: one columnar data model, canvas markers, grid clustering, DOM-only UI. */
(function () {
  "use strict";

  var NS = (window.geoinvest = window.geoinvest || {});
  NS.maps = NS.maps || [];

  var INT32_MIN = -2147483648;
  var HIDE_APPROXIMATE = 1; // bit of Layer.hidden; later filters take further bits
  var CELL = 80; // grid cell in CSS pixels
  var AUTO_CLUSTER = 500; // "auto": cluster a layer with more points than this in the view
  var RADIUS = 5;
  var CLUSTER_SHIFT = 17; // px between a cell's centroid and each layer's bubble
  var LABEL_ZOOM = 5;
  var MAX_ZOOM = 18;
  var PAINT_MARGIN = 24; // px around the view painted in the redraw's own task
  // Canvas beyond the view, as a fraction of its size: what a drag shows before the
  // redraw at its end. Every frame that commits copies each canvas to the compositor
  // (software compositing), so the padding is paid on every such frame, popups included.
  var POINTS_PADDING = 0.25;
  var BASE_PADDING = 0.15;

  // ---------------------------------------------------------------- decoding

  function bytes(b64) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(b64);
    var s = atob(b64);
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  /** A typed array over an array buffer that inflateArrays put in place of its base64. */
  function typed(buffer, T) {
    return new T(buffer, 0, buffer.byteLength / T.BYTES_PER_ELEMENT);
  }

  function inflate(b64) {
    var stream = new Blob([bytes(b64)]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).arrayBuffer();
  }

  /** Inflate every typed array of the payload (coordinates, codes, numbers) in parallel. */
  function inflateArrays(payload) {
    var jobs = [];
    function swap(obj, key) {
      if (typeof obj[key] !== "string") return;
      jobs.push(
        inflate(obj[key]).then(function (buffer) {
          obj[key] = buffer;
        })
      );
    }
    payload.layers.forEach(function (spec) {
      swap(spec, "xy");
      swap(spec, "precision");
      spec.columns.forEach(function (c) {
        if (c.enc !== "text") {
          swap(c, "data");
          swap(c, "codes");
        }
      });
    });
    return Promise.all(jobs);
  }

  // ---------------------------------------------------------------- synchronous inflate

  /*
   * zlib (RFC 1950) / deflate (RFC 1951) decoder, written for this page. Text chunks are
   * inflated with it on the main thread, synchronously, so that a click can build its popup
   * in the same task: DecompressionStream is asynchronous, and each of its hops may wait
   * behind a rendering frame. Typed arrays at load still use DecompressionStream.
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
    this._data = null;
  }
  Column.prototype.decode = function () {
    var s = this.spec;
    if (this._data || s.enc === "text") return;
    if (s.enc === "num") this._data = typed(s.data, Float64Array);
    else if (s.enc === "date") this._data = typed(s.data, Int32Array);
    else if (s.enc === "dict") this._data = typed(s.codes, CODE_TYPES[s.width]);
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
    var v = this._data[i];
    if (s.enc === "num") return Number.isNaN(v) ? null : v;
    if (s.enc === "date") return v === INT32_MIN ? null : v;
    return s.values[v];
  };

  // ---------------------------------------------------------------- spatial index

  /*
   * Each layer's rows are sorted once, at load, by the Morton code of their cell in a
   * 2^16 x 2^16 grid over the world (KEY_LEVEL). A cell of any coarser level k is then one
   * run of that order, found by two binary searches, and prefix sums over the order give
   * its count and centroid without visiting its points: a redraw costs the cells in view,
   * not the rows of the layer.
   */
  var KEY_LEVEL = 16;
  var KEY_CELLS = 1 << KEY_LEVEL;

  function spread(v) {
    v &= 0xffff;
    v = (v | (v << 8)) & 0x00ff00ff;
    v = (v | (v << 4)) & 0x0f0f0f0f;
    v = (v | (v << 2)) & 0x33333333;
    return (v | (v << 1)) & 0x55555555;
  }

  function morton(cx, cy) {
    return (spread(cx) | (spread(cy) << 1)) >>> 0;
  }

  function keyCell(worldPx) {
    var c = Math.floor(worldPx * (KEY_CELLS / 256));
    return c < 0 ? 0 : c >= KEY_CELLS ? KEY_CELLS - 1 : c;
  }

  /**
   * Rows sorted by key (a stable LSD radix sort, two 16-bit passes), their coordinates
   * carried along so that reading them in key order is sequential: {order, keys, x, y}.
   */
  function sortByKey(keys, px, py) {
    var n = keys.length;
    var k1 = new Uint32Array(n);
    var o1 = new Uint32Array(n);
    var x1 = new Float64Array(n);
    var y1 = new Float64Array(n);
    var count = new Uint32Array(65537);
    var i;
    var k;
    var at;
    for (i = 0; i < n; i++) count[(keys[i] & 0xffff) + 1]++;
    for (i = 0; i < 65536; i++) count[i + 1] += count[i];
    for (i = 0; i < n; i++) {
      k = keys[i];
      at = count[k & 0xffff]++;
      k1[at] = k;
      o1[at] = i;
      x1[at] = px[i];
      y1[at] = py[i];
    }
    // The row-order inputs are free now: the second pass writes over them.
    var k2 = keys;
    var o2 = new Uint32Array(n);
    var x2 = px;
    var y2 = py;
    count.fill(0);
    for (i = 0; i < n; i++) count[(k1[i] >>> 16) + 1]++;
    for (i = 0; i < 65536; i++) count[i + 1] += count[i];
    for (i = 0; i < n; i++) {
      k = k1[i];
      at = count[k >>> 16]++;
      k2[at] = k;
      o2[at] = o1[i];
      x2[at] = x1[i];
      y2[at] = y1[i];
    }
    return { order: o2, keys: k2, x: x2, y: y2 };
  }

  var RAD = Math.PI / 180;

  /** World pixels at zoom 0 (Web Mercator, 256 px wide) of microdegrees. */
  function worldX(lonE6) {
    return (lonE6 / 1e6 / 360 + 0.5) * 256;
  }

  function worldY(latE6) {
    var lat = Math.max(-85.0511, Math.min(85.0511, latE6 / 1e6));
    return (0.5 - Math.log(Math.tan(Math.PI / 4 + (lat * RAD) / 2)) / (2 * Math.PI)) * 256;
  }

  /** The first index in sorted a[lo, hi) whose value is >= v. */
  function lowerBound(a, v, lo, hi) {
    while (lo < hi) {
      var m = (lo + hi) >>> 1;
      if (a[m] < v) lo = m + 1;
      else hi = m;
    }
    return lo;
  }

  /** One layer of the model: typed arrays and columns, shared by every feature of the page. */
  function Layer(spec, index, lang, approximateFrom) {
    this.index = index;
    this.id = spec.id;
    this.title = spec.title[lang] || spec.title.en || spec.id;
    this.kind = spec.kind;
    this.color = spec.color;
    this.symbol = spec.symbol;
    this.n = spec.n;
    this.popup = spec.popup;
    this.labels = spec.labels;
    this.xy = typed(spec.xy, Int32Array);
    this.precision = typed(spec.precision, Uint8Array);
    this.hidden = new Uint8Array(this.n);
    this.on = true;
    this.columns = {};
    this.fields = [];
    for (var c = 0; c < spec.columns.length; c++) {
      var col = new Column(spec.columns[c], this.n);
      this.columns[col.name] = col;
      this.fields.push(col);
    }
    var n = this.n;
    var xy = this.xy;
    var precision = this.precision;
    var approx = new Uint8Array(n);
    var px = new Float64Array(n);
    var py = new Float64Array(n);
    var keys = new Uint32Array(n);
    for (var i = 0; i < n; i++) {
      var x = worldX(xy[2 * i]);
      var y = worldY(xy[2 * i + 1]);
      px[i] = x;
      py[i] = y;
      keys[i] = morton(keyCell(x), keyCell(y));
      var p = precision[i];
      approx[i] = p === 0 || p >= approximateFrom ? 1 : 0;
    }
    this.approx = approx;
    // Rows in key order: order[j] is the row at position j, x[j] and y[j] its world pixel.
    var sorted = sortByKey(keys, px, py);
    this.order = sorted.order;
    this.keys = sorted.keys;
    this.x = sorted.x;
    this.y = sorted.y;
    this.count = new Int32Array(this.n + 1);
    this.sumX = new Float64Array(this.n + 1);
    this.sumY = new Float64Array(this.n + 1);
    this.updateSums();
    this.clusterShift = [0, 0];
    this.grid = null;
  }
  /** Prefix sums over the key order of the shown rows: count, x and y. */
  Layer.prototype.updateSums = function () {
    var order = this.order;
    var hidden = this.hidden;
    var x = this.x;
    var y = this.y;
    var count = this.count;
    var sumX = this.sumX;
    var sumY = this.sumY;
    var n = this.n;
    var k = 0;
    var sx = 0;
    var sy = 0;
    var j;
    var anyHidden = false;
    for (j = 0; j < n && !anyHidden; j++) anyHidden = hidden[j] !== 0;
    if (!anyHidden) {
      // Nothing hidden (as at load): no lookups through the order.
      for (j = 0; j < n; j++) {
        sx += x[j];
        sy += y[j];
        count[j + 1] = j + 1;
        sumX[j + 1] = sx;
        sumY[j + 1] = sy;
      }
      return;
    }
    for (j = 0; j < n; j++) {
      if (!hidden[order[j]]) {
        k++;
        sx += x[j];
        sy += y[j];
      }
      count[j + 1] = k;
      sumX[j + 1] = sx;
      sumY[j + 1] = sy;
    }
  };
  Layer.prototype.latlng = function (i) {
    return L.latLng(this.xy[2 * i + 1] / 1e6, this.xy[2 * i] / 1e6);
  };
  Layer.prototype.setBit = function (bit, mask) {
    var h = this.hidden;
    for (var i = 0; i < this.n; i++) h[i] = mask[i] ? h[i] | bit : h[i] & ~bit;
    this.updateSums();
  };
  Layer.prototype.shown = function () {
    return this.count[this.n];
  };

  // ---------------------------------------------------------------- text helpers

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, key) {
      return key in values ? String(values[key]) : m;
    });
  }

  function safeHref(url) {
    var parsed;
    try {
      parsed = new URL(url);
    } catch (e) {
      return null;
    }
    // The original text is kept as the href; it parses to the same http(s) URL.
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? url : null;
  }

  var URL_TAIL = /,\s*([A-Za-z][A-Za-z0-9+.-]*:\S*)\s*$/;

  // ---------------------------------------------------------------- canvas drawing

  function addSymbol(ctx, symbol, x, y, r) {
    if (symbol === "square") {
      ctx.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
    } else if (symbol === "triangle") {
      ctx.moveTo(x, y - r * 1.2);
      ctx.lineTo(x + r * 1.15, y + r * 0.85);
      ctx.lineTo(x - r * 1.15, y + r * 0.85);
      ctx.closePath();
    } else if (symbol === "diamond") {
      ctx.moveTo(x, y - r * 1.3);
      ctx.lineTo(x + r * 1.05, y);
      ctx.lineTo(x, y + r * 1.3);
      ctx.lineTo(x - r * 1.05, y);
      ctx.closePath();
    } else {
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
  }

  function clusterRadius(k) {
    return 9 + 2.5 * Math.log10(k);
  }

  function shortCount(k) {
    if (k >= 1e6) return (k / 1e6).toFixed(1) + "M";
    if (k >= 1e4) return Math.round(k / 1e3) + "k";
    return String(k);
  }

  var SVG_NS = "http://www.w3.org/2000/svg";

  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs).forEach(function (k) {
      node.setAttribute(k, String(attrs[k]));
    });
    return node;
  }

  /** The outline of a symbol as an SVG shape, as addSymbol draws it on the canvas. */
  function symbolShape(symbol, x, y, r) {
    function points(list) {
      return list
        .map(function (p) {
          return p[0] + "," + p[1];
        })
        .join(" ");
    }
    if (symbol === "square") {
      return svgEl("rect", { x: x - r * 0.9, y: y - r * 0.9, width: r * 1.8, height: r * 1.8 });
    }
    if (symbol === "triangle") {
      return svgEl("polygon", {
        points: points([[x, y - r * 1.2], [x + r * 1.15, y + r * 0.85], [x - r * 1.15, y + r * 0.85]]),
      });
    }
    if (symbol === "diamond") {
      return svgEl("polygon", {
        points: points([[x, y - r * 1.3], [x + r * 1.05, y], [x, y + r * 1.3], [x - r * 1.05, y]]),
      });
    }
    return svgEl("circle", { cx: x, cy: y, r: r });
  }

  /**
   * A layer's symbol, solid or hollow, for the legend and popups: inline SVG, not a canvas
   * (every canvas on the page is copied to the compositor on each frame that commits).
   */
  function swatch(symbol, color, hollow) {
    var svg = svgEl("svg", { class: "gi-swatch", width: 18, height: 18, viewBox: "0 0 18 18" });
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    if (hollow) {
      svg.appendChild(svgEl("circle", { cx: 9, cy: 9, r: RADIUS * 1.9, fill: color, "fill-opacity": 0.22 }));
    }
    var shape = symbolShape(symbol, 9, 9, RADIUS);
    shape.setAttribute("fill", hollow ? "rgba(255,255,255,0.85)" : color);
    shape.setAttribute("stroke", hollow ? color : "#ffffff");
    shape.setAttribute("stroke-width", hollow ? "2" : "1.2");
    shape.setAttribute("stroke-linejoin", "round");
    svg.appendChild(shape);
    return svg;
  }

  function drawMarkers(ctx, symbol, color, hollow, xs, ys, k) {
    var i;
    ctx.lineJoin = "round";
    if (hollow) {
      ctx.beginPath();
      for (i = 0; i < k; i++) {
        ctx.moveTo(xs[i] + RADIUS * 1.9, ys[i]);
        ctx.arc(xs[i], ys[i], RADIUS * 1.9, 0, 2 * Math.PI);
      }
      ctx.globalAlpha = 0.22;
      ctx.fillStyle = color;
      ctx.fill();
      ctx.globalAlpha = 1;
    }
    ctx.beginPath();
    for (i = 0; i < k; i++) addSymbol(ctx, symbol, xs[i], ys[i], RADIUS);
    if (hollow) {
      ctx.fillStyle = "rgba(255,255,255,0.85)";
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = color;
      ctx.stroke();
    } else {
      ctx.fillStyle = color;
      ctx.fill();
      ctx.lineWidth = 1.2;
      ctx.strokeStyle = "#ffffff";
      ctx.stroke();
    }
  }

  /*
   * Markers and cluster bubbles are drawn once each into small sprites and copied onto the
   * canvas at whole device pixels: the software rasteriser takes tens of microseconds per
   * anti-aliased, stroked shape, a copy takes a few.
   */
  var sprites = new Map();

  function sprite(key, half, dpr, paint) {
    var full = key + "|" + dpr;
    var sp = sprites.get(full);
    if (!sp) {
      var c = document.createElement("canvas");
      var side = Math.ceil(2 * half * dpr);
      c.width = side;
      c.height = side;
      var ctx = c.getContext("2d");
      ctx.scale(dpr, dpr);
      paint(ctx, half);
      sp = { canvas: c, offset: Math.round(half * dpr), half: half };
      sprites.set(full, sp);
    }
    return sp;
  }

  function markerSprite(symbol, color, hollow, dpr) {
    var half = Math.ceil(RADIUS * 1.9 + 2);
    return sprite("m|" + symbol + "|" + color + "|" + (hollow ? 1 : 0), half, dpr, function (ctx, c) {
      drawMarkers(ctx, symbol, color, hollow, [c], [c], 1);
    });
  }

  function clusterSprite(color, r, dpr) {
    return sprite("c|" + color + "|" + r, Math.ceil(r + 6), dpr, function (ctx, c) {
      ctx.fillStyle = color;
      ctx.globalAlpha = 0.3;
      ctx.beginPath();
      ctx.arc(c, c, r + 4, 0, 2 * Math.PI);
      ctx.fill();
      ctx.globalAlpha = 0.92;
      ctx.beginPath();
      ctx.arc(c, c, r, 0, 2 * Math.PI);
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = "#ffffff";
      ctx.stroke();
    });
  }

  /**
   * Copy a sprite centred on each of the canvas points (CSS px); points on the same device
   * pixel are copied once, so a stack of hollow markers keeps its light halo.
   */
  function blit(ctx, sp, xs, ys, dpr) {
    var seen = new Set();
    var img = sp.canvas;
    var off = sp.offset;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    for (var q = 0; q < xs.length; q++) {
      var x = Math.round(xs[q] * dpr);
      var y = Math.round(ys[q] * dpr);
      var key = x * 1048576 + y;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.drawImage(img, x - off, y - off);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  /** The markers canvas: a Leaflet renderer (so zoom animation applies) that the app paints. */
  var PointsRenderer = L.Renderer.extend({
    initialize: function (app) {
      L.Renderer.prototype.initialize.call(this, { padding: POINTS_PADDING, pane: "gi-points" });
      this._app = app;
    },
    _initContainer: function () {
      this._container = document.createElement("canvas");
      this._container.className = "gi-canvas";
      this._container.setAttribute("aria-hidden", "true");
      this._ctx = this._container.getContext("2d");
    },
    _destroyContainer: function () {
      L.DomUtil.remove(this._container);
    },
    _update: function () {
      if (this._map._animatingZoom && this._bounds) return;
      L.Renderer.prototype._update.call(this);
      var b = this._bounds;
      var size = b.getSize();
      var dpr = window.devicePixelRatio || 1;
      var canvas = this._container;
      L.DomUtil.setPosition(canvas, b.min);
      var w = Math.round(dpr * size.x);
      var h = Math.round(dpr * size.y);
      // The same size keeps the bitmap (redraw clears it); a new one is allocated otherwise.
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
        canvas.style.width = size.x + "px";
        canvas.style.height = size.y + "px";
      }
      this._ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      this._app.redraw(this._ctx, b.min, size);
      this.fire("update");
    },
  });

  /**
   * A popup laid out in one pass: its width is fixed (the widest a record gets anyway, as
   * sources and notes are long), so Leaflet's first pass, which measures the content on
   * one unwrapped line, is skipped. A popup is then one layout and one frame away.
   */
  var Popup = L.Popup.extend({
    _updateLayout: function () {
      var node = this._contentNode;
      var style = node.style;
      var o = this.options;
      var room = this._map.getSize().x - 80;
      style.width = Math.max(o.minWidth, Math.min(o.maxWidth, room)) + "px";
      style.whiteSpace = "";
      style.height = "";
      var height = node.offsetHeight;
      this._containerWidth = this._container.offsetWidth;
      if (o.maxHeight && height > o.maxHeight) {
        style.height = o.maxHeight + "px";
        L.DomUtil.addClass(node, "leaflet-popup-scrolled");
      } else {
        L.DomUtil.removeClass(node, "leaflet-popup-scrolled");
      }
    },
  });

  // ---------------------------------------------------------------- idle work

  var idle = window.requestIdleCallback
    ? function (fn) {
        return window.requestIdleCallback(fn, { timeout: 500 });
      }
    : function (fn) {
        return setTimeout(function () {
          fn({
            timeRemaining: function () {
              return 0;
            },
          });
        }, 0);
      };

  /** Run jobs in idle periods (at least one per period) while alive() allows. */
  function runIdle(jobs, alive) {
    var step = function (deadline) {
      do {
        if (!jobs.length || (alive && !alive())) return;
        jobs.shift()();
      } while (deadline.timeRemaining() > 4);
      idle(step);
    };
    idle(step);
  }

  // ---------------------------------------------------------------- the app

  function App(root, payload) {
    this.root = root;
    this.payload = payload;
    this.lang = payload.strings[payload.language] ? payload.language : "en";
    this.S = payload.strings[this.lang];
    var self = this;
    this.layers = payload.layers.map(function (spec, i) {
      return new Layer(spec, i, self.lang, payload.approximate_from);
    });
    this.byId = {};
    this.layers.forEach(function (l) {
      self.byId[l.id] = l;
    });
    this.tiles = null;
    this.drawn = false;
    this.total = this.layers.reduce(function (a, l) {
      return a + l.n;
    }, 0);

    root.setAttribute("role", "region");
    root.setAttribute("aria-label", payload.title[this.lang] || payload.title.en || "");
    var map = (this.map = L.map(root.querySelector(".gi-map"), {
      zoomControl: false,
      attributionControl: false,
      zoomSnap: 0.25,
      minZoom: 2,
      maxZoom: MAX_ZOOM,
      preferCanvas: true,
      worldCopyJump: false,
    }));
    map.createPane("gi-base").style.zIndex = 150;
    map.createPane("gi-points").style.zIndex = 450;
    map.getPane("gi-points").style.pointerEvents = "none";
    map.fitBounds(payload.bounds, { padding: [12, 12] });

    this.addBase();
    this.titleControl();
    L.control
      .zoom({ position: "topleft", zoomInTitle: this.S.zoom_in, zoomOutTitle: this.S.zoom_out })
      .addTo(map);
    this.resetControl();
    this.panelControl();
    this.attributionControl();
    if (payload.basemap && payload.basemap !== "none") this.setBasemap(payload.basemap);

    this.tooltip = L.tooltip({ direction: "top", offset: [0, -8], className: "gi-tooltip" });
    this.renderer = new PointsRenderer(this);
    map.addLayer(this.renderer);
    map.on("click", this.onClick, this);
    map.getContainer().addEventListener("pointerdown", this.onPointerDown.bind(this));
    map.on("mousemove", this.onMove, this);
    map.on("mouseout", this.hideTooltip, this);
    map.on("zoomstart movestart", this.hideTooltip, this);
    this.api = this.makeApi();
  }

  // ---- base map

  App.prototype.addBase = function () {
    var base = this.payload.base;
    if (!base) return;
    var renderer = L.canvas({ pane: "gi-base", padding: BASE_PADDING });
    if (base.context) {
      L.geoJSON(base.context, {
        renderer: renderer,
        interactive: false,
        style: { color: "#b0aca4", weight: 0.8, fillColor: "#e4e1da", fillOpacity: 1 },
      }).addTo(this.map);
    }
    L.geoJSON(base.areas, {
      renderer: renderer,
      interactive: false,
      style: { color: "#9a9a9a", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 },
    }).addTo(this.map);
    L.geoJSON(base.outlines, {
      renderer: renderer,
      interactive: false,
      style: { color: "#555555", weight: 1.4, fill: false },
    }).addTo(this.map);
  };

  App.prototype.setBasemap = function (name) {
    if (this.tiles) this.map.removeLayer(this.tiles);
    this.tiles = null;
    this.basemapName = name;
    var spec = this.payload.basemaps.find(function (b) {
      return b.name === name;
    });
    if (spec) {
      this.tiles = L.tileLayer(spec.url, { maxZoom: spec.max_zoom, crossOrigin: false });
      this.tiles.addTo(this.map);
    }
    this.renderAttribution();
    if (this.renderer) this.renderer._update();
  };

  // ---- controls

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
    this.payload.attribution.forEach(function (text) {
      lines.push([[text, null]]);
    });
    lines.push([[this.S.sources_note, null]]);
    lines.forEach(function (parts, i) {
      if (i) node.appendChild(document.createTextNode(" | "));
      var span = el("span", "gi-attribution-part");
      appendParts(span, parts);
      node.appendChild(span);
    });
  };

  // ---- drawing and the grid

  App.prototype.refresh = function () {
    this.updateCounts();
    this.hideTooltip();
    this.renderer._update();
  };

  App.prototype.redraw = function (ctx, bmin, size) {
    var map = this.map;
    var zoom = map.getZoom();
    var scale = Math.pow(2, zoom); // px, py are world pixels at zoom 0
    var origin = map.getPixelOrigin();
    var W = size.x;
    var H = size.y;
    // canvas x = world x * scale - ox
    var ox = origin.x + bmin.x;
    var oy = origin.y + bmin.y;
    var vmin = map.containerPointToLayerPoint([0, 0]).subtract(bmin);
    var vmax = vmin.add(map.getSize());
    this.view = { bmin: bmin, scale: scale, ox: ox, oy: oy, vmin: vmin, vmax: vmax };
    var drawnAny = false;
    var on = this.layers.filter(function (layer) {
      return layer.on;
    });
    // Around the cell's centroid: each shown layer's bubbles shift, so none hides another.
    on.forEach(function (layer, k) {
      var angle = Math.PI + (2 * Math.PI * k) / on.length;
      var shift = on.length > 1 ? CLUSTER_SHIFT : 0;
      layer.clusterShift = [shift * Math.cos(angle), shift * Math.sin(angle)];
    });
    for (var l = 0; l < this.layers.length; l++) {
      var layer = this.layers[l];
      if (!layer.on) {
        layer.grid = null;
        continue;
      }
      layer.grid = this.buildGrid(layer, W, H);
      if (layer.grid.total) drawnAny = true;
    }
    var labels = !this.tiles && this.payload.base && zoom >= LABEL_ZOOM;
    this.labels = labels ? this.placeLabels(ctx, W, H) : [];
    ctx.clearRect(0, 0, W, H);
    // The view (and a margin) is painted now; the rest of the canvas, seen only once the map
    // is dragged, in the next tasks, so a redraw's task stays short with many markers.
    var m = PAINT_MARGIN;
    var x0 = Math.max(0, Math.min(W, vmin.x - m));
    var y0 = Math.max(0, Math.min(H, vmin.y - m));
    var x1 = Math.max(x0, Math.min(W, vmax.x + m));
    var y1 = Math.max(y0, Math.min(H, vmax.y + m));
    var rest = [
      [0, 0, W, y0],
      [0, y1, W, H],
      [0, y0, x0, y1],
      [x1, y0, W, y1],
    ].filter(function (r) {
      return r[2] > r[0] && r[3] > r[1];
    });
    this.paintRegion(ctx, [x0, y0, x1, y1]);
    var token = (this._paintToken = {});
    var self = this;
    var next = function () {
      if (token !== self._paintToken || !rest.length) return;
      self.paintRegion(ctx, rest.shift());
      if (rest.length) setTimeout(next, 0);
    };
    if (rest.length) setTimeout(next, 0);
    if (!this.drawn && (drawnAny || this.total === 0)) {
      this.drawn = true;
      performance.mark("geoinvest:first-draw");
      this.warmUp();
    }
  };

  /** Labels, then each layer's points, then clusters, clipped to one region of the canvas. */
  App.prototype.paintRegion = function (ctx, r) {
    ctx.save();
    ctx.beginPath();
    ctx.rect(r[0], r[1], r[2] - r[0], r[3] - r[1]);
    ctx.clip();
    this.paintLabels(ctx, r);
    var l;
    for (l = 0; l < this.layers.length; l++) if (this.layers[l].grid) this.drawPoints(ctx, this.layers[l], r);
    for (l = 0; l < this.layers.length; l++) if (this.layers[l].grid) this.drawClusters(ctx, this.layers[l], r);
    ctx.restore();
  };

  function overlaps(r, x, y, half) {
    return x + half >= r[0] && x - half <= r[2] && y + half >= r[1] && y - half <= r[3];
  }

  /**
   * The layer's markers on the canvas, from its key index: clusters (cells of about CELL px,
   * aligned to the world so they stay put while panning) and single points. Only the cells
   * over the canvas are visited, and a cell's points only when they are drawn one by one.
   */
  App.prototype.buildGrid = function (layer, W, H) {
    var v = this.view;
    var scale = v.scale;
    var ox = v.ox;
    var oy = v.oy;
    var level = Math.max(0, Math.round(Math.log2((256 * scale) / CELL)));
    var src = Math.min(level, KEY_LEVEL);
    var side = 1 << src;
    var size = (256 * scale) / side; // px of a cell of level src
    var gx0 = clampInt(Math.floor(ox / size), 0, side - 1);
    var gx1 = clampInt(Math.floor((ox + W) / size), 0, side - 1);
    var gy0 = clampInt(Math.floor(oy / size), 0, side - 1);
    var gy1 = clampInt(Math.floor((oy + H) / size), 0, side - 1);
    var span = Math.pow(4, KEY_LEVEL - src); // keys in a cell of level src
    var keys = layer.keys;
    var n = layer.n;
    var cells = (gx1 - gx0 + 1) * (gy1 - gy0 + 1);
    var lo = new Int32Array(cells);
    var hi = new Int32Array(cells);
    var c = 0;
    for (var gy = gy0; gy <= gy1; gy++) {
      for (var gx = gx0; gx <= gx1; gx++) {
        var first = morton(gx, gy) * span;
        var a = lowerBound(keys, first, 0, n);
        lo[c] = a;
        hi[c++] = a < n && keys[a] < first + span ? lowerBound(keys, first + span, a, n) : a;
      }
    }
    var g = {
      clustered: false,
      total: 0,
      cx: [],
      cy: [],
      ck: [],
      cLo: [],
      cHi: [],
      members: layer.order,
      sx: [],
      sy: [],
      srow: [],
      buckets: null,
    };
    var mode = this.payload.cluster;
    g.clustered =
      mode === "always" ||
      (mode === "auto" && this.countInView(layer, lo, hi, gx0, gx1, gy0, size) > AUTO_CLUSTER);
    if (level <= KEY_LEVEL) this.cellsOf(layer, g, lo, hi);
    else this.binFiner(layer, g, lo, hi, level, W, H);
    g.buckets = bucketSingles(g, W, H);
    return g;
  };

  function clampInt(v, min, max) {
    return v < min ? min : v > max ? max : v;
  }

  /** Shown points in the viewport, counted exactly only up to where it decides "auto". */
  App.prototype.countInView = function (layer, lo, hi, gx0, gx1, gy0, size) {
    var v = this.view;
    var x0 = v.vmin.x;
    var y0 = v.vmin.y;
    var x1 = v.vmax.x;
    var y1 = v.vmax.y;
    var count = layer.count;
    var cols = gx1 - gx0 + 1;
    var inside = 0;
    var edge = [];
    var edgeCount = 0;
    for (var c = 0; c < lo.length; c++) {
      var k = count[hi[c]] - count[lo[c]];
      if (!k) continue;
      var left = (gx0 + (c % cols)) * size - v.ox;
      var top = (gy0 + Math.floor(c / cols)) * size - v.oy;
      if (left + size < x0 || left > x1 || top + size < y0 || top > y1) continue;
      if (left >= x0 && left + size <= x1 && top >= y0 && top + size <= y1) inside += k;
      else {
        edge.push(c);
        edgeCount += k;
      }
    }
    if (inside > AUTO_CLUSTER || inside + edgeCount <= AUTO_CLUSTER) return inside + edgeCount;
    var order = layer.order;
    var hidden = layer.hidden;
    var s = v.scale;
    for (var e = 0; e < edge.length && inside <= AUTO_CLUSTER; e++) {
      for (var j = lo[edge[e]]; j < hi[edge[e]]; j++) {
        if (hidden[order[j]]) continue;
        var x = layer.x[j] * s - v.ox;
        var y = layer.y[j] * s - v.oy;
        if (x >= x0 && x <= x1 && y >= y0 && y <= y1) inside++;
      }
    }
    return inside;
  };

  /** Clusters and singles at a level of the key index: a cell's sums give its cluster. */
  App.prototype.cellsOf = function (layer, g, lo, hi) {
    var v = this.view;
    var s = v.scale;
    var count = layer.count;
    var sumX = layer.sumX;
    var sumY = layer.sumY;
    var order = layer.order;
    var hidden = layer.hidden;
    var shift = layer.clusterShift;
    for (var c = 0; c < lo.length; c++) {
      var a = lo[c];
      var b = hi[c];
      var k = count[b] - count[a];
      if (!k) continue;
      g.total += k;
      if (g.clustered && k > 1) {
        g.cx.push(((sumX[b] - sumX[a]) / k) * s - v.ox + shift[0]);
        g.cy.push(((sumY[b] - sumY[a]) / k) * s - v.oy + shift[1]);
        g.ck.push(k);
        g.cLo.push(a);
        g.cHi.push(b);
        continue;
      }
      for (var j = a; j < b; j++) {
        var i = order[j];
        if (hidden[i]) continue;
        g.sx.push(layer.x[j] * s - v.ox);
        g.sy.push(layer.y[j] * s - v.oy);
        g.srow.push(i);
      }
    }
  };

  /**
   * Zoomed in beyond the key grid: the points of the key cells over the canvas (few, or
   * stacked on few spots), binned into cells of the wanted level.
   */
  App.prototype.binFiner = function (layer, g, lo, hi, level, W, H) {
    var v = this.view;
    var s = v.scale;
    var size = (256 * s) / Math.pow(2, level);
    var fx0 = Math.floor(v.ox / size);
    var fy0 = Math.floor(v.oy / size);
    var cols = Math.floor((v.ox + W) / size) - fx0 + 1;
    var rows = Math.floor((v.oy + H) / size) - fy0 + 1;
    var order = layer.order;
    var hidden = layer.hidden;
    var posIn = []; // positions in key order
    var cellIn = [];
    var start = new Int32Array(cols * rows + 1);
    for (var c = 0; c < lo.length; c++) {
      for (var j = lo[c]; j < hi[c]; j++) {
        if (hidden[order[j]]) continue;
        var x = layer.x[j] * s - v.ox;
        var y = layer.y[j] * s - v.oy;
        if (x < 0 || y < 0 || x >= W || y >= H) continue;
        var cell =
          clampInt(Math.floor((y + v.oy) / size) - fy0, 0, rows - 1) * cols +
          clampInt(Math.floor((x + v.ox) / size) - fx0, 0, cols - 1);
        posIn.push(j);
        cellIn.push(cell);
        start[cell + 1]++;
      }
    }
    var ncell = cols * rows;
    for (c = 0; c < ncell; c++) start[c + 1] += start[c];
    var items = new Uint32Array(posIn.length);
    var next = start.slice(0, ncell);
    for (var q = 0; q < posIn.length; q++) items[next[cellIn[q]]++] = posIn[q];
    g.members = items.map(function (at) {
      return order[at];
    });
    var shift = layer.clusterShift;
    for (c = 0; c < ncell; c++) {
      var a = start[c];
      var b = start[c + 1];
      var k = b - a;
      if (!k) continue;
      g.total += k;
      if (g.clustered && k > 1) {
        var sx = 0;
        var sy = 0;
        for (j = a; j < b; j++) {
          sx += layer.x[items[j]];
          sy += layer.y[items[j]];
        }
        g.cx.push((sx / k) * s - v.ox + shift[0]);
        g.cy.push((sy / k) * s - v.oy + shift[1]);
        g.ck.push(k);
        g.cLo.push(a);
        g.cHi.push(b);
        continue;
      }
      for (j = a; j < b; j++) {
        g.sx.push(layer.x[items[j]] * s - v.ox);
        g.sy.push(layer.y[items[j]] * s - v.oy);
        g.srow.push(order[items[j]]);
      }
    }
  };

  /** Singles by canvas cell of CELL px, for hit tests: {cols, rows, start, items}. */
  function bucketSingles(g, W, H) {
    var cols = Math.max(1, Math.ceil(W / CELL));
    var rows = Math.max(1, Math.ceil(H / CELL));
    var ncell = cols * rows;
    var start = new Int32Array(ncell + 1);
    var cellOf = new Int32Array(g.sx.length);
    var q;
    for (q = 0; q < g.sx.length; q++) {
      var x = g.sx[q];
      var y = g.sy[q];
      if (x < 0 || y < 0 || x >= W || y >= H) {
        cellOf[q] = -1;
        continue;
      }
      var c = ((y / CELL) | 0) * cols + ((x / CELL) | 0);
      cellOf[q] = c;
      start[c + 1]++;
    }
    for (c = 0; c < ncell; c++) start[c + 1] += start[c];
    var items = new Int32Array(start[ncell]);
    var next = start.slice(0, ncell);
    for (q = 0; q < cellOf.length; q++) if (cellOf[q] >= 0) items[next[cellOf[q]]++] = q;
    return { cols: cols, rows: rows, start: start, items: items };
  }

  App.prototype.drawPoints = function (ctx, layer, region) {
    var g = layer.grid;
    var dpr = window.devicePixelRatio || 1;
    var hollow = markerSprite(layer.symbol, layer.color, true, dpr);
    var solid = markerSprite(layer.symbol, layer.color, false, dpr);
    var half = Math.max(hollow.half, solid.half);
    var xs = [[], []];
    var ys = [[], []];
    for (var q = 0; q < g.srow.length; q++) {
      if (!overlaps(region, g.sx[q], g.sy[q], half)) continue;
      var a = layer.approx[g.srow[q]];
      xs[a].push(g.sx[q]);
      ys[a].push(g.sy[q]);
    }
    blit(ctx, hollow, xs[1], ys[1], dpr);
    blit(ctx, solid, xs[0], ys[0], dpr);
  };

  /** A layer's cluster bubbles (sprites by whole radius) and their counts. */
  App.prototype.drawClusters = function (ctx, layer, region) {
    var g = layer.grid;
    var dpr = window.devicePixelRatio || 1;
    var byRadius = new Map();
    var shown = [];
    var q;
    for (q = 0; q < g.ck.length; q++) {
      var r = Math.round(clusterRadius(g.ck[q]));
      if (!overlaps(region, g.cx[q], g.cy[q], r + 6)) continue;
      shown.push(q);
      var list = byRadius.get(r);
      if (!list) byRadius.set(r, (list = [[], []]));
      list[0].push(g.cx[q]);
      list[1].push(g.cy[q]);
    }
    if (!shown.length) return;
    byRadius.forEach(function (list, r) {
      blit(ctx, clusterSprite(layer.color, r, dpr), list[0], list[1], dpr);
    });
    ctx.font = "bold 11px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillStyle = "#ffffff";
    shown.forEach(function (q) {
      var x = Math.round(g.cx[q] * dpr) / dpr;
      var y = Math.round(g.cy[q] * dpr) / dpr;
      ctx.fillText(shortCount(g.ck[q]), x, y + 0.5);
    });
  };

  /** Area labels that fit without overlapping: [text, x, y, half width]. */
  App.prototype.placeLabels = function (ctx, W, H) {
    var v = this.view;
    var labels = this.payload.base.labels;
    var placed = [];
    var boxes = [];
    ctx.font = "11px system-ui, sans-serif";
    var D = Math.PI / 180;
    for (var i = 0; i < labels.length; i++) {
      var lab = labels[i];
      var text = this.lang === "es" ? lab[3] : lab[2];
      var x = ((lab[0] / 360 + 0.5) * 256) * v.scale - v.ox;
      var lat = lab[1] * D;
      var y = (0.5 - Math.log(Math.tan(Math.PI / 4 + lat / 2)) / (2 * Math.PI)) * 256 * v.scale - v.oy;
      if (x < 0 || y < 0 || x > W || y > H) continue;
      var w = ctx.measureText(text).width / 2 + 2;
      var box = [x - w, y - 8, x + w, y + 8];
      var clash = boxes.some(function (b) {
        return box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1];
      });
      if (clash) continue;
      boxes.push(box);
      placed.push([text, x, y, w]);
    }
    return placed;
  };

  App.prototype.paintLabels = function (ctx, r) {
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.9)";
    ctx.fillStyle = "#6b6b6b";
    this.labels.forEach(function (lab) {
      if (lab[1] + lab[3] < r[0] || lab[1] - lab[3] > r[2] || lab[2] + 8 < r[1] || lab[2] - 8 > r[3]) return;
      ctx.strokeText(lab[0], lab[1], lab[2]);
      ctx.fillText(lab[0], lab[1], lab[2]);
    });
  };

  /**
   * In idle time, decode the typed columns and inflate the first text chunk of each popup
   * column (smallest first), so the inflater is compiled and the first popup is quick.
   */
  App.prototype.warmUp = function () {
    var jobs = [];
    var texts = [];
    this.layers.forEach(function (l) {
      l.fields.forEach(function (c) {
        if (c.spec.enc !== "text") {
          jobs.push(function () {
            c.decode();
          });
        } else if (l.popup.indexOf(c.name) >= 0 && c.spec.chunks.length) {
          texts.push(c);
        }
      });
    });
    texts.sort(function (a, b) {
      return a.spec.chunks[0].length - b.spec.chunks[0].length;
    });
    texts.forEach(function (c) {
      jobs.push(function () {
        c.touch(0);
      });
    });
    var self = this;
    jobs.push(function () {
      self.warmLayout();
    });
    runIdle(jobs, null);
  };

  /**
   * Lay out one record, unseen, as a popup would: the first popup then finds its fonts
   * and styles resolved (the first layout of a popup's text otherwise costs a frame or more).
   */
  App.prototype.warmLayout = function () {
    var layer = this.layers.find(function (l) {
      return l.n > 0;
    });
    if (!layer) return;
    var wrap = el("div", "gi-popup gi-warm");
    wrap.setAttribute("aria-hidden", "true");
    wrap.style.cssText = "position:absolute;left:-10000px;top:0;width:380px;visibility:hidden";
    var content = el("div", "leaflet-popup-content");
    content.appendChild(this.record(layer, 0));
    content.appendChild(el("p", "gi-popup-count", fill(this.S.at_spot, { n: 2 })));
    wrap.appendChild(content);
    var tip = el("div", "gi-tooltip");
    tip.appendChild(el("span", "gi-tooltip-name", layer.title));
    wrap.appendChild(tip);
    this.map.getContainer().appendChild(wrap);
    void wrap.offsetHeight;
    wrap.remove();
  };

  // ---- hit testing through the grid

  /** Markers and clusters under a canvas point: {points: [[layer, row, d]], cluster}. */
  App.prototype.hitTest = function (cx, cy) {
    if (!this.view) return { points: [], cluster: null };
    var points = [];
    var cluster = null;
    for (var l = this.layers.length - 1; l >= 0; l--) {
      var layer = this.layers[l];
      var g = layer.grid;
      if (!g) continue;
      for (var q = 0; q < g.ck.length; q++) {
        var d = Math.hypot(g.cx[q] - cx, g.cy[q] - cy);
        if (d <= clusterRadius(g.ck[q]) + 2 && (!cluster || d < cluster.d)) {
          cluster = { layer: layer, index: q, d: d };
        }
      }
      var b = g.buckets;
      var col = Math.floor(cx / CELL);
      var row = Math.floor(cy / CELL);
      for (var r = row - 1; r <= row + 1; r++) {
        for (var c = col - 1; c <= col + 1; c++) {
          if (r < 0 || c < 0 || r >= b.rows || c >= b.cols) continue;
          var cell = r * b.cols + c;
          for (var j = b.start[cell]; j < b.start[cell + 1]; j++) {
            var s = b.items[j];
            var dd = Math.hypot(g.sx[s] - cx, g.sy[s] - cy);
            if (dd <= RADIUS + 4) points.push([layer, g.srow[s], dd]);
          }
        }
      }
    }
    points.sort(function (x, y) {
      return x[2] - y[2] || y[0].index - x[0].index || x[1] - y[1];
    });
    return { points: points, cluster: points.length ? null : cluster };
  };

  App.prototype.canvasPoint = function (layerPoint) {
    return layerPoint.subtract(this.view.bmin);
  };

  App.prototype.onMove = function (e) {
    var self = this;
    if (this.map.dragging && this.map.dragging.moving()) return; // no tooltips mid-drag
    if (this._moveQueued) {
      this._lastMove = e;
      return;
    }
    this._moveQueued = true;
    this._lastMove = e;
    requestAnimationFrame(function () {
      self._moveQueued = false;
      self.hover(self._lastMove);
    });
  };

  App.prototype.hover = function (e) {
    if (!this.view) return;
    var p = this.canvasPoint(e.layerPoint);
    var hit = this.hitTest(p.x, p.y);
    var container = this.map.getContainer();
    if (!hit.points.length && !hit.cluster) {
      container.classList.remove("gi-pointer");
      this.hideTooltip();
      return;
    }
    container.classList.add("gi-pointer");
    if (hit.cluster) {
      var k = hit.cluster.layer.grid.ck[hit.cluster.index];
      this._tooltipTarget = null;
      this.showTooltip(e.latlng, fill(this.S.cluster, { n: k.toLocaleString(this.lang) }));
      return;
    }
    var first = hit.points[0];
    var target = first[0].id + "/" + first[1] + "/" + hit.points.length;
    if (target === this._tooltipTarget) return;
    this.hideTooltip();
    this._tooltipTarget = target;
    var name = first[0].columns.name;
    var value = name ? name.value(first[1]) : null;
    var text = value === null || value === undefined ? first[0].title : String(value);
    var more = hit.points.length > 1 ? " (" + fill(this.S.more, { n: hit.points.length - 1 }) + ")" : "";
    this.showTooltip(first[0].latlng(first[1]), text, more);
    // A click is likely next: inflate what its popup needs while the pointer rests.
    this.prefetchLater(hit.points);
  };

  App.prototype.showTooltip = function (latlng, text, more) {
    var node = el("div", "gi-tooltip-text");
    node.appendChild(el("span", "gi-tooltip-name", text));
    if (more) node.appendChild(el("span", "gi-tooltip-more", more));
    this.tooltip.setLatLng(latlng).setContent(node);
    if (!this.map.hasLayer(this.tooltip)) this.tooltip.addTo(this.map);
  };

  App.prototype.hideTooltip = function () {
    this._tooltipTarget = null;
    if (this.tooltip && this.map.hasLayer(this.tooltip)) this.map.removeLayer(this.tooltip);
  };

  App.prototype.onClick = function (e) {
    if (!this.view) return;
    var p = this.canvasPoint(e.layerPoint);
    var hit = this.hitTest(p.x, p.y);
    if (hit.points.length) {
      this.openPopup(hit.points);
    } else if (hit.cluster) {
      this.clickCluster(hit.cluster);
    }
  };

  App.prototype.clusterMembers = function (hit) {
    var g = hit.layer.grid;
    var hidden = hit.layer.hidden;
    var rows = [];
    for (var j = g.cLo[hit.index]; j < g.cHi[hit.index]; j++) {
      if (!hidden[g.members[j]]) rows.push(g.members[j]);
    }
    return rows;
  };

  App.prototype.clickCluster = function (hit) {
    var layer = hit.layer;
    var rows = this.clusterMembers(hit);
    var west = Infinity;
    var east = -Infinity;
    var south = Infinity;
    var north = -Infinity;
    rows.forEach(function (i) {
      var lon = layer.xy[2 * i];
      var lat = layer.xy[2 * i + 1];
      west = Math.min(west, lon);
      east = Math.max(east, lon);
      south = Math.min(south, lat);
      north = Math.max(north, lat);
    });
    var map = this.map;
    if ((west === east && south === north) || map.getZoom() >= map.getMaxZoom()) {
      this.openPopup(
        rows.map(function (i) {
          return [layer, i, 0];
        })
      );
      return;
    }
    var bounds = L.latLngBounds([south / 1e6, west / 1e6], [north / 1e6, east / 1e6]);
    var zoom = Math.min(map.getBoundsZoom(bounds, false, L.point(40, 40)), map.getMaxZoom());
    if (zoom <= map.getZoom()) zoom = map.getZoom() + 1;
    map.setView(bounds.getCenter(), zoom);
  };

  // ---- popups

  var PAGE = 6; // records a popup lays out at once (a few ms each); a button adds more

  /**
   * Jobs that inflate the text chunks the popup of these hits reads (its first page), so
   * that building it costs no decompression. Cheap when they are cached already.
   */
  App.prototype.prefetchJobs = function (hits) {
    var self = this;
    var jobs = [];
    hits.slice(0, PAGE).forEach(function (h) {
      var layer = h[0];
      layer.popup.forEach(function (f) {
        var col = layer.columns[f];
        if (!col || (col.spec.enc !== "text" && col.spec.type !== "site_id")) return;
        jobs.push(function () {
          col.touch(h[1]);
          if (col.spec.type !== "site_id") return;
          var id = col.value(h[1]);
          var ref = id === null || id === undefined ? null : self.payload.sites[String(id)];
          var names = ref && self.layers[ref[0]].columns.name;
          if (names) names.touch(ref[1]);
        });
      });
    });
    return jobs;
  };

  App.prototype.prefetch = function (hits) {
    this.prefetchJobs(hits).forEach(function (job) {
      job();
    });
  };

  /** The same in idle time, a chunk at a time; dropped when the pointer moves on. */
  App.prototype.prefetchLater = function (hits) {
    var self = this;
    var token = (this._prefetchToken = {});
    runIdle(this.prefetchJobs(hits), function () {
      return token === self._prefetchToken;
    });
  };

  /** A press on a marker: start inflating its popup's text before the click lands. */
  App.prototype.onPointerDown = function (e) {
    if (!this.view || e.button !== 0) return;
    var p = this.canvasPoint(this.map.mouseEventToLayerPoint(e));
    var hit = this.hitTest(p.x, p.y);
    if (hit.points.length) this.prefetch(hit.points);
  };

  App.prototype.openPopup = function (hits) {
    var self = this;
    var box = el("div", "gi-popup-body");
    if (hits.length > 1) box.appendChild(el("p", "gi-popup-count", fill(this.S.at_spot, { n: hits.length })));
    var shown = 0;
    var more = null;
    function nextPage() {
      var end = Math.min(hits.length, shown + PAGE);
      var frag = document.createDocumentFragment();
      for (; shown < end; shown++) frag.appendChild(self.record(hits[shown][0], hits[shown][1]));
      box.insertBefore(frag, more);
      if (shown < hits.length) {
        if (!more) {
          more = el("button", "gi-popup-more");
          more.type = "button";
          more.addEventListener("click", function () {
            nextPage();
            if (popup.isOpen()) popup.update();
          });
          box.appendChild(more);
        }
        more.textContent = fill(self.S.show_more, { n: Math.min(PAGE, hits.length - shown) });
        more.title = fill(self.S.more, { n: hits.length - shown });
      } else if (more) {
        more.remove();
        more = null;
      }
    }
    nextPage();
    var first = hits[0];
    var popup = new Popup({
      maxWidth: 380,
      minWidth: 240,
      maxHeight: 420,
      className: "gi-popup",
      autoPanPaddingTopLeft: [60, 80],
      autoPanPaddingBottomRight: [30, 30],
    })
      .setLatLng(first[0].latlng(first[1]))
      .setContent(box)
      .openOn(this.map);
    performance.mark("geoinvest:popup");
  };

  /** One row as a DOM record: heading with the layer symbol, then its popup fields. */
  App.prototype.record = function (layer, i) {
    var self = this;
    var fields = layer.popup;
    var values = fields.map(function (f) {
      return self.fieldValue(layer, i, f);
    });
    var rec = el("section", "gi-record");
    rec.setAttribute("data-gi-layer", layer.id);
    rec.setAttribute("data-gi-row", String(i));
    var head = el("header", "gi-record-head");
    head.appendChild(swatch(layer.symbol, layer.color, layer.approx[i] === 1));
    var nameAt = fields.indexOf("name");
    var nameText = nameAt >= 0 ? values[nameAt] : null;
    head.appendChild(el("strong", "gi-record-name", nameText === null ? layer.title : nameText));
    head.appendChild(el("span", "gi-record-layer", layer.title));
    rec.appendChild(head);
    var dl = el("dl", "gi-fields");
    fields.forEach(function (f, k) {
      if (f === "name") return;
      var node = self.fieldNode(layer, f, values[k]);
      if (!node) return;
      var row = el("div", "gi-field");
      row.setAttribute("data-gi-field", f);
      row.appendChild(el("dt", null, self.label(layer, f)));
      var dd = el("dd");
      dd.appendChild(node);
      row.appendChild(dd);
      dl.appendChild(row);
    });
    rec.appendChild(dl);
    return rec;
  };

  App.prototype.label = function (layer, f) {
    var c = layer.columns[f];
    var labels = c ? c.spec.label : layer.labels[f];
    return labels ? labels[this.lang] || labels.en : f;
  };

  /** A field's raw value; precision and coordinates come from the typed arrays. */
  App.prototype.fieldValue = function (layer, i, f) {
    if (f === "latitude") return layer.xy[2 * i + 1] / 1e6;
    if (f === "longitude") return layer.xy[2 * i] / 1e6;
    if (f === "precision") return layer.precision[i] || null;
    var col = layer.columns[f];
    if (!col) return null;
    var v = col.value(i);
    if (v === null || v === undefined) return null;
    if (col.spec.enc === "date") {
      var pf = col.spec.precision_field && layer.columns[col.spec.precision_field];
      return this.formatDate(v, pf ? pf.value(i) : null);
    }
    if (col.spec.type === "site_id") return this.siteName(String(v));
    return v;
  };

  App.prototype.siteName = function (id) {
    var ref = this.payload.sites[id];
    if (!ref) return id;
    var col = this.layers[ref[0]].columns.name;
    if (!col) return id;
    var name = col.value(ref[1]);
    return name ? fill(this.S.site_ref, { name: name, id: id }) : id;
  };

  App.prototype.formatDate = function (days, precision) {
    var d = new Date(days * 86400000);
    var iso = d.toISOString().slice(0, 10);
    if (precision === "year") return String(d.getUTCFullYear());
    if (precision === "month") {
      return new Intl.DateTimeFormat(this.lang, { month: "long", year: "numeric", timeZone: "UTC" }).format(d);
    }
    if (precision === "week") return fill(this.S.week_of, { date: iso });
    return iso;
  };

  /** The DOM node showing one field's value, or null when it is empty. */
  App.prototype.fieldNode = function (layer, f, v) {
    if (v === null || v === undefined || v === "") return null;
    var col = layer.columns[f];
    var type = col ? col.spec.type : f;
    if (f === "precision") {
      var meaning = this.S.precision[String(v)] || "";
      return document.createTextNode(fill(this.S.precision_code, { code: v, meaning: meaning }));
    }
    if (type === "sources") return this.sourcesNode(String(v));
    if (type === "owners") {
      var box = el("div", "gi-owners");
      String(v)
        .split(/\s*;\s*/)
        .forEach(function (owner) {
          if (owner) box.appendChild(el("div", "gi-owner", owner));
        });
      return box;
    }
    if (typeof v === "number") {
      var text;
      if (type === "year" || f === "latitude" || f === "longitude") text = String(v);
      else text = v.toLocaleString(this.lang, { maximumFractionDigits: 2 });
      return document.createTextNode(text);
    }
    return document.createTextNode(String(v));
  };

  App.prototype.sourcesNode = function (text) {
    var list = el("ul", "gi-sources");
    text.split(" | ").forEach(function (citation) {
      if (!citation.trim()) return;
      var li = el("li", "gi-source");
      var m = URL_TAIL.exec(citation);
      var href = m ? safeHref(m[1]) : null;
      if (href) {
        var urlStart = m.index + m[0].indexOf(m[1]);
        li.appendChild(document.createTextNode(citation.slice(0, urlStart)));
        var a = el("a", "gi-source-link", m[1]);
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        li.appendChild(a);
        var rest = citation.slice(urlStart + m[1].length);
        if (rest) li.appendChild(document.createTextNode(rest));
      } else {
        li.appendChild(document.createTextNode(citation));
      }
      list.appendChild(li);
    });
    return list;
  };

  // ---- read-only helpers for tests and embedding code

  App.prototype.makeApi = function () {
    var self = this;
    function containerXY(x, y) {
      var p = self.map.layerPointToContainerPoint(L.point(x, y).add(self.view.bmin));
      return { x: p.x, y: p.y };
    }
    function inView(p) {
      var s = self.map.getSize();
      return p.x >= 0 && p.y >= 0 && p.x <= s.x && p.y <= s.y;
    }
    return Object.freeze({
      id: this.payload.id,
      root: this.root,
      isDrawn: function () {
        return self.drawn;
      },
      zoom: function () {
        return self.map.getZoom();
      },
      /** Per layer: points drawn in the view, singly or inside clusters. */
      counts: function () {
        var out = {};
        self.layers.forEach(function (layer) {
          var g = layer.grid;
          var k = 0;
          var q;
          if (g) {
            for (q = 0; q < g.ck.length; q++) if (inView(containerXY(g.cx[q], g.cy[q]))) k += g.ck[q];
            for (q = 0; q < g.srow.length; q++) if (inView(containerXY(g.sx[q], g.sy[q]))) k++;
          }
          out[layer.id] = k;
        });
        return out;
      },
      /** Container pixel of a row's marker, and whether it is drawn on its own. */
      pixelOf: function (layerId, row) {
        var layer = self.byId[layerId];
        var v = self.view;
        var wx = worldX(layer.xy[2 * row]);
        var wy = worldY(layer.xy[2 * row + 1]);
        var p = containerXY(wx * v.scale - v.ox, wy * v.scale - v.oy);
        var g = layer.grid;
        p.single = !!g && g.srow.indexOf(row) >= 0;
        p.inView = inView(p);
        return p;
      },
      /** Rows drawn on their own in the view, with their container pixels. */
      singles: function (layerId, limit) {
        var g = self.byId[layerId].grid;
        var out = [];
        if (!g) return out;
        for (var q = 0; q < g.srow.length && out.length < (limit || 100); q++) {
          var p = containerXY(g.sx[q], g.sy[q]);
          if (inView(p)) out.push({ row: g.srow[q], x: p.x, y: p.y });
        }
        return out;
      },
      /** Clusters drawn in the view: container pixel and point count. */
      clusters: function (layerId) {
        var g = self.byId[layerId].grid;
        var out = [];
        if (!g) return out;
        for (var q = 0; q < g.ck.length; q++) {
          var p = containerXY(g.cx[q], g.cy[q]);
          if (inView(p)) out.push({ x: p.x, y: p.y, count: g.ck[q] });
        }
        return out;
      },
    });
  };

  /** The page's zlib inflater, for tests: bytes in, bytes out. */
  NS.inflate = function (data) {
    return inflateSync(data);
  };

  NS.mount = function (name) {
    var sel = '[data-gi-map="' + CSS.escape(name) + '"]';
    var root = document.querySelector("div.gi-root" + sel);
    var data = document.querySelector("script.gi-data" + sel);
    var payload = JSON.parse(data.textContent);
    return inflateArrays(payload).then(function () {
      var app = new App(root, payload);
      NS.maps.push(app.api);
      return app.api;
    });
  };
})();
