/* Time (time.js): calendar arithmetic on days since 1970-01-01, and each row's interval of
 * days by its date precision. No DOM. */

var TIME_OPEN_HI = 2147483647;
var TIME_KINDS = { day: 0, week: 1, month: 2, year: 3 };

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-12); negative before 1970. */
function timeDays(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  var era = Math.floor(y / 400);
  var yoe = y - era * 400;
  var doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  var doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month 1-12, day] of a day number, into out (no allocation). */
function timeCivil(z, out) {
  z += 719468;
  var era = Math.floor(z / 146097);
  var doe = z - era * 146097;
  var yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  var doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  var mp = Math.floor((5 * doy + 2) / 153);
  var m = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (m <= 2 ? 1 : 0);
  out[1] = m;
  out[2] = doy - Math.floor((153 * mp + 2) / 5) + 1;
  return out;
}

function timeMonthEnd(y, m) {
  return m === 12 ? timeDays(y + 1, 1, 1) - 1 : timeDays(y, m + 1, 1) - 1;
}

/**
 * A day moved by k steps of a unit (day, week, month, year): the same day of the month,
 * clamped to the month's length; a month's last day stays its month's last day.
 */
function timeStep(days, unit, k) {
  if (unit === "day") return days + k;
  if (unit === "week") return days + 7 * k;
  var c = timeCivil(days, [0, 0, 0]);
  var months = c[0] * 12 + (c[1] - 1) + (unit === "year" ? 12 * k : k);
  var y = Math.floor(months / 12);
  var m = months - 12 * y + 1;
  var end = timeMonthEnd(y, m);
  if (days === timeMonthEnd(c[0], c[1])) return end;
  return Math.min(end, timeDays(y, m, c[2]));
}

function timeIso(days) {
  var c = timeCivil(days, [0, 0, 0]);
  return String(c[0]).padStart(4, "0") + "-" + String(c[1]).padStart(2, "0") + "-" + String(c[2]).padStart(2, "0");
}

/** Days of a "YYYY-MM-DD" text, or null. */
function timeParse(text) {
  var m = typeof text === "string" && /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  var y = +m[1];
  var mo = +m[2];
  var d = +m[3];
  if (mo < 1 || mo > 12 || d < 1) return null;
  var days = timeDays(y, mo, d);
  return days > timeMonthEnd(y, mo) ? null : days;
}

/**
 * Each row's first and last day (Int32Arrays): its date's day, ISO week (Monday-Sunday),
 * month or year by its date precision. A missing date gets lo > hi at the extremes, so it
 * overlaps only a range open at both ends.
 */
function timeIntervals(layer) {
  var col = layer.columns.date;
  if (!col || col.spec.enc !== "date") return null;
  col.decode();
  var days = col.decoded;
  var n = layer.n;
  var lo = new Int32Array(n);
  var hi = new Int32Array(n);
  var pcol = col.spec.precision_field ? layer.columns[col.spec.precision_field] : null;
  var kindOf = null;
  var codes = null;
  if (pcol && pcol.spec.enc === "dict") {
    pcol.decode();
    codes = pcol.decoded;
    kindOf = new Uint8Array(pcol.spec.values.length);
    pcol.spec.values.forEach(function (v, k) {
      kindOf[k] = TIME_KINDS[v] || 0;
    });
  }
  var c = [0, 0, 0];
  for (var i = 0; i < n; i++) {
    var d = days[i];
    if (d === INT32_MIN) {
      lo[i] = TIME_OPEN_HI;
      hi[i] = INT32_MIN;
      continue;
    }
    var p = kindOf ? kindOf[codes[i]] : pcol ? TIME_KINDS[pcol.value(i)] || 0 : 0;
    if (p === 0) {
      lo[i] = d;
      hi[i] = d;
    } else if (p === 1) {
      var start = d - ((((d + 3) % 7) + 7) % 7); // 1970-01-01 was a Thursday
      lo[i] = start;
      hi[i] = start + 6;
    } else {
      timeCivil(d, c);
      if (p === 2) {
        lo[i] = d - c[2] + 1;
        hi[i] = timeMonthEnd(c[0], c[1]);
      } else {
        lo[i] = timeDays(c[0], 1, 1);
        hi[i] = timeDays(c[0], 12, 31);
      }
    }
  }
  return { layer: layer, lo: lo, hi: hi };
}

/** A site layer's first day of its start year (INT32_MIN: unknown, always shown). */
function timeStarts(layer) {
  var col = layer.columns.start_year;
  if (!col || col.spec.enc !== "num") return null;
  col.decode();
  var years = col.decoded;
  var start = new Int32Array(layer.n);
  for (var i = 0; i < layer.n; i++) {
    var y = years[i];
    start[i] = y === y ? timeDays(Math.floor(y), 1, 1) : INT32_MIN;
  }
  return { layer: layer, start: start };
}
