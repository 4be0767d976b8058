/*
 * The search index loads when a reader reaches for search, not with every page.
 *
 * Material requests search/search_index.json (about 145 kB compressed, the site's largest text file) as soon as its
 * bundle starts, on every first visit. On the calculator page that request shares a phone's network with the Python
 * runtime the reader is waiting for; on every page it competes with the page's own text and styles. This script runs
 * just before Material's bundle (both deferred, in document order) and holds that one request back until the reader
 * opens search (the header's search button, a focus in the search box, or Material's keyboard shortcuts f, s and /),
 * or, on a page without a calculator, until the page has loaded and the browser is idle, so search is usually ready
 * by the time a reader wants it. Material shows "Initializing search" meanwhile; every other request goes as sent.
 *
 * Material fetches with XMLHttpRequest, so the hold is on XMLHttpRequest.prototype.send for that one address.
 * bench/calculator.py measures the bytes to ready; tests/site/test_search.py that search still works.
 */
(function () {
  "use strict";
  var INDEX = "/search/search_index.json";
  var wanted = false;
  var held = [];

  function release() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (send) { send(); });
  }

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.lcSearchIndex = new URL(String(url), document.baseURI).pathname.endsWith(INDEX);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!request.lcSearchIndex || wanted) return send.apply(request, args);
    held.push(function () { send.apply(request, args); });
  };

  // The header's search button is a label of this checkbox: a click on it (or on any label of it) changes it.
  var toggle = document.getElementById("__search");
  if (toggle) toggle.addEventListener("change", release, { once: true });
  document.addEventListener("focusin", function (event) {
    if (event.target instanceof Element && event.target.closest("[data-md-component=search]")) release();
  });
  document.addEventListener("keydown", function (event) {
    var typing = event.target instanceof Element && event.target.closest("input, textarea, select, [contenteditable]");
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && /^[fs/]$/.test(event.key)) release();
  });

  if (!document.querySelector("[data-lc-calculator]")) {
    var idle = window.requestIdleCallback || function (callback) { setTimeout(callback, 1); };
    var afterLoad = function () { idle(release, { timeout: 5000 }); };
    if (document.readyState === "complete") afterLoad();
    else window.addEventListener("load", afterLoad, { once: true });
  }
})();
