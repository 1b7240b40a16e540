/* DOM and text helpers. */

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
