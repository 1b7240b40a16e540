/* The view feature's tools (features/view.py): scale bar, fullscreen and download buttons. */

feature("view", function (app, options) {
  if (!options) return;
  if (options.scale) {
    L.control
      .scale({
        position: "bottomleft",
        metric: options.scale !== "imperial",
        imperial: options.scale !== "metric",
        maxWidth: 120,
      })
      .addTo(app.map);
  }
  // The snippet's sandboxed iframe allows no downloads: no button there.
  var inFrame = app.root.getAttribute("data-gi-embed") === "iframe" && window.parent !== window;
  var download = options.download && !inFrame;
  var fullscreen = options.fullscreen && document.fullscreenEnabled && app.root.requestFullscreen;
  if (!download && !fullscreen) return;
  control("topleft", function () {
    var bar = el("div", "leaflet-bar gi-tools");
    if (fullscreen) bar.appendChild(app.fullscreenButton());
    if (download) bar.appendChild(app.downloadButton());
    return bar;
  }).addTo(app.map);
});

function viewToolButton(cls, icon, label) {
  var button = el("button", "gi-tool " + cls);
  button.type = "button";
  var glyph = el("span", "gi-tool-icon", icon);
  glyph.setAttribute("aria-hidden", "true");
  button.appendChild(glyph);
  button.title = label;
  button.setAttribute("aria-label", label);
  return button;
}

/** Fullscreen on the map's root; aria-pressed and the label follow the document's state. */
App.prototype.fullscreenButton = function () {
  var S = this.S;
  var root = this.root;
  var button = viewToolButton("gi-fullscreen", "\u2922", S.view_fullscreen);
  function sync() {
    var on = document.fullscreenElement === root;
    button.setAttribute("aria-pressed", String(on));
    button.title = on ? S.view_fullscreen_exit : S.view_fullscreen;
    button.setAttribute("aria-label", button.title);
    root.classList.toggle("gi-fullscreen-on", on);
  }
  sync();
  document.addEventListener("fullscreenchange", sync);
  button.addEventListener("click", function () {
    var done;
    if (document.fullscreenElement === root) done = document.exitFullscreen();
    else done = root.requestFullscreen();
    // Refused (no user gesture, a policy): the button stays as it is.
    if (done && done.catch) done.catch(sync);
  });
  return button;
};

App.prototype.downloadButton = function () {
  var self = this;
  var S = this.S;
  var button = viewToolButton("gi-download", "\u2913", S.view_download);
  button.title = S.view_download_title;
  button.addEventListener("click", function () {
    if (button.getAttribute("aria-busy") === "true") return;
    button.setAttribute("aria-busy", "true");
    button.title = S.view_download_busy;
    self.downloadShown(function () {
      button.removeAttribute("aria-busy");
      button.title = S.view_download_title;
    });
  });
  return button;
};
