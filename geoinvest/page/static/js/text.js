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

// Intl formatters by language and kind, made once (a formatter costs far more than a call).
var FORMATS = {};
var FORMAT_OPTIONS = {
  // Thousands always grouped ("1,234.5", "1.234,5"): Spanish alone would leave 4 digits.
  number: { maximumFractionDigits: 2, useGrouping: "always" },
  day: { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" },
  month: { month: "long", year: "numeric", timeZone: "UTC" },
};

function formatter(lang, kind) {
  var key = lang + ":" + kind;
  if (!FORMATS[key]) {
    var options = FORMAT_OPTIONS[kind];
    FORMATS[key] = kind === "number" ? new Intl.NumberFormat(lang, options) : new Intl.DateTimeFormat(lang, options);
  }
  return FORMATS[key];
}

/** A number in the page's language, at most two decimals: "1,234.5" (en), "1.234,5" (es). */
function formatNumber(lang, value) {
  return formatter(lang, "number").format(value);
}

/** A date (days since 1970) in the page's language, as precise as it is known: "1965",
 * "March 2012" / "marzo de 2012", "March 15, 2012" / "15 de marzo de 2012". */
function formatDay(lang, days, precision) {
  var d = new Date(days * 86400000);
  if (precision === "year") return String(d.getUTCFullYear());
  return formatter(lang, precision === "month" ? "month" : "day").format(d);
}

var hasOwn = Object.prototype.hasOwnProperty;
// A term and its qualifier in brackets, "gold (exploration)" (i18n.py has the same pattern).
var TERM = /^(.*?)\s*\(([^()]*)\)$/;

/**
 * A vocabulary or term column's value as the strings table S labels it (S.vocab, S.terms:
 * column -> value -> label, see i18n.py); anything it does not list is shown as written.
 */
function valueLabel(S, column, value) {
  var vocab = S.vocab && hasOwn.call(S.vocab, column) ? S.vocab[column] : null;
  if (vocab) return hasOwn.call(vocab, value) ? vocab[value] : value;
  var terms = S.terms && hasOwn.call(S.terms, column) ? S.terms[column] : null;
  if (!terms) return value;
  function term(t) {
    return hasOwn.call(terms, t) ? terms[t] : t;
  }
  return value
    .split("; ")
    .map(function (t) {
      if (hasOwn.call(terms, t)) return terms[t];
      var m = TERM.exec(t);
      return m ? term(m[1]) + " (" + term(m[2]) + ")" : t;
    })
    .join("; ");
}
