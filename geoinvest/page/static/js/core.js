/* The window.geoinvest namespace and the constants the page's files share. */

var NS = (window.geoinvest = window.geoinvest || {});
NS.maps = NS.maps || [];
// Leaflet: the copy a fragment's loader keeps (assets.leaflet_once), else the page's own.
var L = NS.leaflet || window.L;
// The pure functions of index.js and grid.js, for tests.
NS.pure = NS.pure || {};

var INT32_MIN = -2147483648;
// Bits of Layer.hidden: a row is drawn when none is set. Each filter owns one bit and
// sets it with Layer.setBit (or its own loop, then Layer.updateSums), then App.refresh.
var HIDE_APPROXIMATE = 1;
var HIDE_TIME = 2; // outside the time range (time.js)
var HIDE_FILTER = 4; // left out by the panel's filters (filters.js)
var RADIUS = 5; // of a marker, in CSS px
var CLUSTER_SHIFT = 17; // px between a cell's centroid and each layer's bubble
var LABEL_ZOOM = 5;
// Below either size (CSS px) a map is narrow: the panel folds into a button (geoinvest.css
// has the same numbers in its @container query).
var NARROW_WIDTH = 720;
var NARROW_HEIGHT = 480;
var MAX_ZOOM = 18;
var PAINT_MARGIN = 24; // px around the view painted in the redraw's own task
// Canvas beyond the view, as a fraction of its size: what a drag shows before the
// redraw at its end. Every frame that commits copies each canvas to the compositor
// (software compositing), so the padding is paid on every such frame, popups included.
var POINTS_PADDING = 0.25;
var BASE_PADDING = 0.15;

/**
 * The page's features (one file each, geoinvest/features/ on the Python side): each file
 * calls feature(name, init) at load; App calls init(app, options) in load order, after the
 * map, panel and controls exist, with options = payload.features[name] (undefined when the
 * map has none). A feature talks to the rest through the App: app.on("change", fn) after
 * every filter change, app.addState(name, get, set) for what a link carries,
 * app.panelSection(...) for a block of the panel, app.popupParts for lines in popups.
 */
var FEATURES = [];
function feature(name, init) {
  FEATURES.push({ name: name, init: init });
}
