/* Decoding the payload: base64, and the asynchronous inflate of its typed arrays. */

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

/**
 * Inflate typed arrays of the payload in parallel: the ones the first draw needs
 * (coordinates and precision, `columns` false), or the columns' (codes, numbers, dates),
 * which mount inflates after the first draw.
 */
function inflateArrays(payload, columns) {
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
    if (!columns) {
      swap(spec, "xy");
      swap(spec, "precision");
      return;
    }
    spec.columns.forEach(function (c) {
      if (c.enc !== "text") {
        swap(c, "data");
        swap(c, "codes");
      }
    });
  });
  // Features' typed arrays (geoinvest.features), with the columns: features start once
  // they are in. Two forms: a part's "arrays" object (every string in it), and any object
  // under payload.features that lists keys in "inflate" (e.g. {"codes": "<base64>",
  // "inflate": ["codes"]}); arrays are walked only when they hold objects.
  var parts = (columns && payload.features) || {};
  Object.keys(parts).forEach(function (name) {
    var arrays = parts[name].arrays;
    if (arrays) Object.keys(arrays).forEach(function (key) { swap(arrays, key); });
  });
  (function walk(obj) {
    if (Array.isArray(obj)) {
      if (obj.length && obj[0] !== null && typeof obj[0] === "object") obj.forEach(walk);
      return;
    }
    if (obj === null || typeof obj !== "object") return;
    if (Array.isArray(obj.inflate)) {
      obj.inflate.forEach(function (key) {
        swap(obj, key);
      });
    }
    for (var key in obj) if (key !== "inflate") walk(obj[key]);
  })(parts);
  return Promise.all(jobs);
}
