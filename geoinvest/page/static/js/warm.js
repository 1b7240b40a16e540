/* Idle warm-up, so the first popup is quick. */

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
