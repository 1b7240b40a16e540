/* Time (geoinvest/features/time.py): a period over the event layers, a histogram of events
 * over time, play/pause. Rows outside the period get HIDE_TIME; the days each row covers
 * come from time-days.js. */

var TIME_BINS = 80;

/**
 * The time control of one map. It is built at once (the view is fitted above it), then
 * each layer's intervals are computed in a task of its own once the first frame is painted
 * (a million rows take a while), then the control is filled and enabled; a link's range
 * that arrives before that is kept and applied then.
 */
function TimeRange(app, options) {
  this.app = app;
  this.options = options;
  this.ready = false;
  this.pending = undefined;
  this.events = [];
  this.sites = [];
  var self = this;
  app.addState(
    "time",
    function () {
      if (!self.ready) return self.pending === undefined ? null : self.pending;
      return self.s === self.initial[0] && self.e === self.initial[1] ? null : [timeIso(self.s), timeIso(self.e)];
    },
    function (value) {
      if (self.ready) self.setState(value);
      else self.pending = value;
    }
  );
  var jobs = [];
  options.layers.forEach(function (id) {
    jobs.push(function () {
      var t = app.byId[id] ? timeIntervals(app.byId[id]) : null;
      if (t) self.events.push(t);
    });
  });
  (options.sites || []).forEach(function (id) {
    jobs.push(function () {
      var t = app.byId[id] ? timeStarts(app.byId[id]) : null;
      if (t) self.sites.push(t);
    });
  });
  // What waits for the map to settle (a link's open point) waits for the period too.
  var release = app.hold();
  jobs.push(function () {
    self.start();
    release();
  });
  // The control takes its final size now, so the view is fitted above it before the first
  // paint; it is filled in once the intervals are known.
  this.build();
  app.fitView();
  var next = function () {
    jobs.shift()();
    if (jobs.length) setTimeout(next, 0);
  };
  requestAnimationFrame(function () {
    setTimeout(next, 0);
  });
}

/** The scale, the histogram and the control, once every layer's intervals are known. */
TimeRange.prototype.start = function () {
  var self = this;
  var options = this.options;
  var min = TIME_OPEN_HI;
  var max = INT32_MIN;
  this.events.forEach(function (t) {
    for (var i = 0; i < t.lo.length; i++) {
      if (t.lo[i] > t.hi[i]) continue;
      if (t.lo[i] < min) min = t.lo[i];
      if (t.hi[i] > max) max = t.hi[i];
    }
  });
  if (min > max) {
    // No dated row: no control.
    this.control.remove();
    this.app.fitView();
    return;
  }
  this.min = min;
  this.max = max;
  this.inputs.forEach(function (input) {
    input.min = String(min);
    input.max = String(max);
    input.disabled = false;
  });
  this.playButton.disabled = false;
  this.initial = [this.clamp(options.start === null ? min : options.start), this.clamp(options.end === null ? max : options.end)];
  this.s = this.initial[0];
  this.e = Math.max(this.initial[0], this.initial[1]);
  this.initial[1] = this.e;
  this.frame = 0;
  this.playing = 0;
  this.dateFormat = new Intl.DateTimeFormat(this.app.lang, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  this.bins = this.histogram();
  this.set(this.s, this.e);
  this.tick = function () {
    self.frame = 0;
    self.apply();
  };
  this.ready = true;
  if (this.pending !== undefined) this.setState(this.pending);
  else if (this.s > min || this.e < max) this.apply();
  else this.showRange();
};

/** A link's range: ["YYYY-MM-DD", "YYYY-MM-DD"]; anything else gives the initial range. */
TimeRange.prototype.setState = function (value) {
  this.pause();
  var s = this.initial[0];
  var e = this.initial[1];
  if (Array.isArray(value) && value.length === 2) {
    var a = timeParse(value[0]);
    var b = timeParse(value[1]);
    if (a !== null && b !== null && a <= b) {
      s = this.clamp(a);
      e = this.clamp(b);
    }
  }
  this.set(s, e);
  this.apply();
};

TimeRange.prototype.clamp = function (d) {
  return Math.max(this.min, Math.min(this.max, d));
};

/** Events per bin over the scale, by each row's first day (all time layers). */
TimeRange.prototype.histogram = function () {
  var bins = new Float64Array(TIME_BINS);
  var span = this.max - this.min + 1;
  this.events.forEach(function (t) {
    for (var i = 0; i < t.lo.length; i++) {
      if (t.lo[i] > t.hi[i]) continue;
      bins[Math.min(TIME_BINS - 1, Math.floor(((t.lo[i] - this.min) * TIME_BINS) / span))]++;
    }
  }, this);
  return bins;
};

TimeRange.prototype.build = function () {
  var self = this;
  var S = this.app.S;
  this.control = control("bottomright", function () {
    var box = el("div", "gi-time");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", S.time_label);
    // On narrow maps (time.css) the control folds into this button, and starts folded.
    var toggle = (self.toggle = el("button", "gi-time-toggle"));
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", "false");
    var icon = el("span", "gi-time-icon", "\u25f7");
    icon.setAttribute("aria-hidden", "true");
    toggle.appendChild(icon);
    toggle.appendChild(el("span", null, S.time_label));
    toggle.addEventListener("click", function () {
      var open = !box.classList.contains("gi-open");
      box.classList.toggle("gi-open", open);
      toggle.setAttribute("aria-expanded", String(open));
      if (open) self.drawHistogram();
    });
    box.appendChild(toggle);
    var canvas = (self.canvas = el("canvas", "gi-time-histogram"));
    canvas.setAttribute("role", "img");
    box.appendChild(canvas);
    var track = el("div", "gi-time-track");
    self.band = el("div", "gi-time-band");
    track.appendChild(self.band);
    self.inputs = [S.time_start, S.time_end].map(function (label, k) {
      var input = el("input", "gi-time-handle gi-time-" + (k ? "end" : "start"));
      input.type = "range";
      input.step = "1";
      input.disabled = true; // until start()
      input.setAttribute("aria-label", label);
      input.addEventListener("input", function () {
        self.pause();
        var v = +input.value;
        if (k) self.set(Math.min(self.s, v), v);
        else self.set(v, Math.max(self.e, v));
        self.schedule();
      });
      input.addEventListener("keydown", function (e) {
        self.onKey(e, k);
      });
      track.appendChild(input);
      return input;
    });
    box.appendChild(track);
    var row = el("div", "gi-time-row");
    var play = (self.playButton = el("button", "gi-time-play"));
    play.type = "button";
    play.disabled = true; // until start()
    play.addEventListener("click", function () {
      if (self.playing) self.pause();
      else self.play();
    });
    row.appendChild(play);
    self.label = el("span", "gi-time-text");
    self.label.setAttribute("aria-live", "polite");
    row.appendChild(self.label);
    box.appendChild(row);
    self.setPlayLabel();
    return box;
  }).addTo(this.app.map);
};

TimeRange.prototype.onKey = function (e, k) {
  var unit = this.options.step;
  var v = k ? this.e : this.s;
  var to;
  if (e.key === "ArrowLeft" || e.key === "ArrowDown") to = timeStep(v, unit, -1);
  else if (e.key === "ArrowRight" || e.key === "ArrowUp") to = timeStep(v, unit, 1);
  else if (e.key === "PageDown") to = timeStep(v, unit, -10);
  else if (e.key === "PageUp") to = timeStep(v, unit, 10);
  else if (e.key === "Home") to = this.min;
  else if (e.key === "End") to = this.max;
  else return;
  e.preventDefault();
  e.stopPropagation();
  this.pause();
  to = this.clamp(to);
  if (k) this.set(Math.min(this.s, to), to);
  else this.set(to, Math.max(this.e, to));
  this.schedule();
};

/** The period's two ends, in the inputs too; applied by apply(). */
TimeRange.prototype.set = function (s, e) {
  this.s = s;
  this.e = e;
  if (!this.inputs) return;
  this.inputs[0].value = String(s);
  this.inputs[1].value = String(e);
  this.inputs[0].setAttribute("aria-valuetext", this.format(s));
  this.inputs[1].setAttribute("aria-valuetext", this.format(e));
  var span = this.max - this.min || 1;
  // The thumbs' centres run from 7 px to 7 px short of the end (time.css: 14 px wide).
  this.band.style.left = "calc(7px + (100% - 14px) * " + ((s - this.min) / span).toFixed(5) + ")";
  this.band.style.width = "calc((100% - 14px) * " + ((e - s) / span).toFixed(5) + ")";
};

TimeRange.prototype.format = function (days) {
  return this.dateFormat.format(days * 86400000);
};

/** Apply the period in the next animation frame (a drag's input events: one redraw each). */
TimeRange.prototype.schedule = function () {
  if (!this.frame) this.frame = requestAnimationFrame(this.tick);
};

/** Set HIDE_TIME on every row outside the period, then redraw. One loop over each layer. */
TimeRange.prototype.apply = function () {
  var s = this.s <= this.min ? INT32_MIN : this.s;
  var e = this.e >= this.max ? TIME_OPEN_HI : this.e;
  var t;
  var i;
  var k;
  // The panel says "7 of 25 shown" while the period is narrower than the scale.
  var narrowed = this.s > this.min || this.e < this.max;
  this.events.concat(this.sites).forEach(function (x) {
    var by = x.layer.filteredBy | 0;
    x.layer.filteredBy = narrowed ? by | HIDE_TIME : by & ~HIDE_TIME;
  });
  for (k = 0; k < this.events.length; k++) {
    t = this.events[k];
    var h = t.layer.hidden;
    var lo = t.lo;
    var hi = t.hi;
    var changed = 0;
    for (i = 0; i < lo.length; i++) {
      var old = h[i];
      var v = lo[i] <= e && hi[i] >= s ? old & ~HIDE_TIME : old | HIDE_TIME;
      h[i] = v;
      changed |= old ^ v;
    }
    if (changed) t.layer.updateSums();
  }
  for (k = 0; k < this.sites.length; k++) {
    t = this.sites[k];
    var hs = t.layer.hidden;
    var start = t.start;
    var moved = 0;
    for (i = 0; i < start.length; i++) {
      var was = hs[i];
      var now = start[i] <= e ? was & ~HIDE_TIME : was | HIDE_TIME;
      hs[i] = now;
      moved |= was ^ now;
    }
    if (moved) t.layer.updateSums();
  }
  this.showRange();
  this.app.refresh();
};

/** The period as text and on the histogram. */
TimeRange.prototype.showRange = function () {
  var S = this.app.S;
  this.label.textContent = fill(S.time_range, { start: this.format(this.s), end: this.format(this.e) });
  this.toggle.title = this.label.textContent;
  this.toggle.classList.toggle("gi-time-narrowed", this.s > this.min || this.e < this.max);
  var shown = 0;
  this.events.forEach(function (t) {
    shown += t.layer.shown();
  });
  this.canvas.setAttribute("aria-label", fill(S.time_histogram, { count: shown.toLocaleString(this.app.lang) }));
  this.drawHistogram();
};

TimeRange.prototype.drawHistogram = function () {
  var canvas = this.canvas;
  if (!this.bins) return;
  var ratio = window.devicePixelRatio || 1;
  var w = canvas.clientWidth || 300;
  var hgt = canvas.clientHeight || 32;
  if (canvas.width !== Math.round(w * ratio)) canvas.width = Math.round(w * ratio);
  if (canvas.height !== Math.round(hgt * ratio)) canvas.height = Math.round(hgt * ratio);
  var ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, hgt);
  var top = 0;
  var b;
  for (b = 0; b < TIME_BINS; b++) top = Math.max(top, this.bins[b]);
  if (!top) return;
  var span = this.max - this.min + 1;
  var bw = w / TIME_BINS;
  for (b = 0; b < TIME_BINS; b++) {
    if (!this.bins[b]) continue;
    var first = this.min + Math.ceil((b * span) / TIME_BINS);
    var last = this.min + Math.ceil(((b + 1) * span) / TIME_BINS) - 1;
    ctx.fillStyle = last >= this.s && first <= this.e ? "#4a4a4a" : "#c8c8c8";
    // Square root: a few busy years do not flatten the rest.
    var bh = Math.max(1, Math.sqrt(this.bins[b] / top) * (hgt - 1));
    ctx.fillRect(b * bw + 0.5, hgt - bh, Math.max(1, bw - 1), bh);
  }
};

TimeRange.prototype.setPlayLabel = function () {
  var S = this.app.S;
  this.playButton.textContent = this.playing ? "\u275a\u275a" : "\u25b6";
  this.playButton.setAttribute("aria-label", this.playing ? S.time_pause : S.time_play);
  this.playButton.title = this.playing ? S.time_pause : S.time_play;
  this.playButton.setAttribute("aria-pressed", String(!!this.playing));
};

/**
 * Move the period to the end of the scale over the rest of play_seconds, one animation
 * frame at a time; a frame redraws only when the period moved by a day or more.
 */
TimeRange.prototype.play = function () {
  var self = this;
  var total = this.max - this.min;
  var width = this.e - this.s;
  if (this.s <= this.min && this.e >= this.max) width = Math.max(timeStep(this.min, this.options.step, 1) - this.min, Math.round(total / 10));
  var s0 = this.e >= this.max ? this.min : this.s;
  var last = this.max - width;
  if (last <= s0) return;
  var perMs = (total - width) / (this.options.play_seconds * 1000);
  var t0 = 0;
  this.set(s0, s0 + width);
  this.apply();
  var step = function (now) {
    if (!self.playing) return;
    if (!t0) t0 = now;
    var s = Math.min(last, s0 + Math.round((now - t0) * perMs));
    if (s !== self.s) {
      self.set(s, s + width);
      self.apply();
    }
    if (s >= last) self.pause();
    else self.playing = requestAnimationFrame(step);
  };
  this.playing = requestAnimationFrame(step);
  this.setPlayLabel();
};

TimeRange.prototype.pause = function () {
  if (!this.playing) return;
  cancelAnimationFrame(this.playing);
  this.playing = 0;
  this.setPlayLabel();
};

feature("time", function (app, options) {
  if (!options) return;
  new TimeRange(app, options);
});
