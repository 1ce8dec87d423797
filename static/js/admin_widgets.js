// Wagtail's date and time widgets start themselves with an inline <script>, which our
// Content-Security-Policy blocks. Our widget templates leave a data-csp-init marker instead;
// this file calls the same Wagtail function for each marker.
(function () {
  "use strict";
  var allowed = ["initDateTimeChooser", "initDateChooser", "initTimeChooser"];
  function start(root) {
    root.querySelectorAll("[data-csp-init]").forEach(function (marker) {
      var name = marker.getAttribute("data-csp-init");
      if (marker.dataset.cspStarted || allowed.indexOf(name) === -1) { return; }
      if (typeof window[name] !== "function") { return; }
      marker.dataset.cspStarted = "1";
      window[name](marker.getAttribute("data-csp-target"), JSON.parse(marker.getAttribute("data-csp-config")));
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { start(document); });
  } else {
    start(document);
  }
})();
