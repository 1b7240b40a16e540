/* The window.geoinvest namespace and the constants the page's files share. */

var NS = (window.geoinvest = window.geoinvest || {});
NS.maps = NS.maps || [];
// Leaflet: the copy a fragment's loader keeps (assets.leaflet_once), else the page's own.
var L = NS.leaflet || window.L;
// The pure functions of index.js and grid.js, for tests.
NS.pure = NS.pure || {};

var INT32_MIN = -2147483648;
var HIDE_APPROXIMATE = 1; // bit of Layer.hidden; later filters take further bits
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
