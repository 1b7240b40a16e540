/*
 * The one place that relies on Leaflet's private members (those whose names start with
 * "_"), for Leaflet 1.9. Everywhere else the page uses Leaflet's public API only.
 *
 * L.Renderer, subclassed as the markers canvas:
 *   _initContainer, _destroyContainer  hooks that create and remove its element
 *   _update                            hook run after each move; Leaflet's own sets _bounds
 *   _container                         its element, which Leaflet adds to the pane and moves
 *   _bounds                            the view plus padding, in layer pixels
 *   _map                               the map it is on (set on add)
 *   _animatingZoom                     of the map: a zoom animation is under way
 * L.Popup, laid out in one pass:
 *   _updateLayout                      hook that sizes it
 *   _contentNode, _container           its content and outer elements
 *   _containerWidth                    its width, which Leaflet reads to place it
 *   _map                               the map it is on
 */

/** The markers canvas: a Leaflet renderer (so zoom animation applies) that the app paints. */
var PointsRenderer = L.Renderer.extend({
  initialize: function (app) {
    L.Renderer.prototype.initialize.call(this, { padding: POINTS_PADDING, pane: "gi-points" });
    this.app = app;
  },
  _initContainer: function () {
    this._container = document.createElement("canvas");
    this._container.className = "gi-canvas";
    this._container.setAttribute("aria-hidden", "true");
    this.ctx = this._container.getContext("2d");
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
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.app.redraw(this.ctx, b.min, size);
    this.fire("update");
  },
  /** Lay out and redraw the canvas now, as after a move. */
  repaint: function () {
    this._update();
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
