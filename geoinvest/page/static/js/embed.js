/*
 * Embedded maps (root data-gi-embed = "fragment" or "iframe"): the wheel scrolls the host
 * page unless the map has focus or Ctrl/Cmd is held (cooperative gestures, with a hint);
 * an iframe's page tells its host its height. Any map: printing refits the view.
 */

var HINT_MS = 1500;
var MAC = /Mac|iPhone|iPad/.test(navigator.platform || "");

App.prototype.embedBehaviour = function () {
  var kind = this.root.getAttribute("data-gi-embed");
  if (kind) this.cooperativeWheel();
  if (kind === "iframe" && window.parent !== window) this.reportHeight();
  this.printBehaviour();
};

App.prototype.cooperativeWheel = function () {
  var root = this.root;
  var container = this.map.getContainer();
  var hint = el("div", "gi-wheel-hint", MAC ? this.S.wheel_hint_mac : this.S.wheel_hint);
  hint.setAttribute("aria-hidden", "true");
  root.appendChild(hint);
  var timer = null;
  // Capture on the root runs before Leaflet's wheel handler on the map container.
  root.addEventListener(
    "wheel",
    function (e) {
      if (e.ctrlKey || e.metaKey || container.contains(document.activeElement)) return;
      if (!(e.target instanceof Element) || e.target.closest(".leaflet-control, .gi-table-view")) {
        return; // the panel and the table scroll as usual
      }
      e.stopPropagation(); // Leaflet never sees it; the browser scrolls the host page
      hint.classList.add("gi-show");
      clearTimeout(timer);
      timer = setTimeout(function () {
        hint.classList.remove("gi-show");
      }, HINT_MS);
    },
    { capture: true, passive: true }
  );
};

/** Post the map's height to the host page, now and whenever it changes. */
App.prototype.reportHeight = function () {
  var root = this.root;
  var last = -1;
  function post() {
    var height = Math.ceil(root.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "geoinvest:height", height: height }, "*");
  }
  new ResizeObserver(post).observe(root);
  post();
};

/** Printing: fit the map to the printed size, and restore the view afterwards. */
App.prototype.printBehaviour = function () {
  var self = this;
  var saved = null;
  window.addEventListener("beforeprint", function () {
    saved = { center: self.map.getCenter(), zoom: self.map.getZoom() };
    self.map.invalidateSize({ pan: false });
    self.fitView();
  });
  window.addEventListener("afterprint", function () {
    if (!saved) return;
    self.map.invalidateSize({ pan: false });
    self.map.setView(saved.center, saved.zoom, { animate: false });
    saved = null;
  });
};
