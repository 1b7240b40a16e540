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
  // Features' typed arrays (each string of a feature part's "arrays" object), with the
  // columns: features start once those are in.
  var parts = (columns && payload.features) || {};
  Object.keys(parts).forEach(function (name) {
    var arrays = parts[name].arrays;
    if (arrays) Object.keys(arrays).forEach(function (key) { swap(arrays, key); });
  });
  return Promise.all(jobs);
}
