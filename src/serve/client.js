// casebook serve's live-reload client. `casebook serve` adds it to pages
// as it sends them; built sites never contain it.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource) return;
  var build = script.getAttribute("data-build");
  // Relative to this script, so the base path and an IPv6 host carry over.
  var eventsUrl = new URL("events", script.src).href;
  var scrollKey = "casebook-scroll:" + location.pathname;
  var source = null;
  var overlay = null;
  var focusBefore = null;

  var saved = sessionStorage.getItem(scrollKey);
  if (saved) {
    sessionStorage.removeItem(scrollKey);
    var xy = saved.split(",").map(Number);
    // Images above the fold change the height until the page has loaded.
    window.addEventListener("load", function () { window.scrollTo(xy[0], xy[1]); });
  }

  function reload() {
    sessionStorage.setItem(scrollKey, window.scrollX + "," + window.scrollY);
    location.reload();
  }

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("casebook-reload", String(Date.now()));
      // Keep the old sheet until the new one has loaded: no unstyled flash.
      var next = link.cloneNode();
      next.href = url.href;
      next.addEventListener("load", function () { link.remove(); });
      next.addEventListener("error", function () { next.remove(); });
      link.after(next);
    });
  }

  function hideOverlay() {
    if (!overlay) return;
    overlay.remove();
    overlay = null;
    if (focusBefore && focusBefore.focus) focusBefore.focus();
  }

  function el(tag, css, text) {
    var node = document.createElement(tag);
    node.style.cssText = css;
    if (text) node.textContent = text;
    return node;
  }

  function showOverlay(report) {
    hideOverlay();
    var lines = report.split("\n");
    overlay = el("div", "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:#1d1d1d;color:#f5f5f5;padding:2rem;font:18px/1.5 system-ui,sans-serif;" +
      "text-align:left;box-sizing:border-box");
    overlay.id = "casebook-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-labelledby", "casebook-overlay-title");
    overlay.setAttribute("aria-describedby", "casebook-overlay-report");
    var title = el("h2", "margin:0 0 .5rem;font:bold 1.5rem/1.3 system-ui,sans-serif;color:#ffb4b4",
      "The site did not build");
    title.id = "casebook-overlay-title";
    var summary = el("p", "margin:0 0 1rem", lines[0]);
    var text = el("pre", "white-space:pre-wrap;overflow-wrap:anywhere;margin:0 0 1.5rem;" +
      "padding:1rem;background:#000;color:#f5f5f5;border-left:4px solid #ff6b6b;" +
      "font:16px/1.5 ui-monospace,Menlo,Consolas,monospace", lines.slice(1).join("\n"));
    text.id = "casebook-overlay-report";
    var close = el("button", "font:inherit;padding:.4rem 1rem;color:#000;background:#fff;" +
      "border:2px solid #fff;border-radius:4px;cursor:pointer", "Dismiss");
    close.type = "button";
    close.addEventListener("click", hideOverlay);
    overlay.addEventListener("keydown", function (e) {
      if (e.key === "Escape") hideOverlay();
    });
    overlay.append(title, summary, text, close);
    focusBefore = document.activeElement;
    document.body.appendChild(overlay);
    close.focus();
  }

  function connect() {
    if (source) return;
    source = new EventSource(eventsUrl);
    // Sent on every (re)connection: a build we missed means reload now.
    source.addEventListener("hello", function (e) {
      if (e.data !== build) reload();
    });
    source.addEventListener("reload", function (e) {
      var parts = e.data.split(" ");
      if (parts[0] === "css") {
        build = parts[1];
        hideOverlay();
        swapStylesheets();
      } else {
        reload();
      }
    });
    source.addEventListener("errors", function (e) { showOverlay(e.data); });
  }

  // Hidden tabs let go of their connection, since browsers allow only six
  // per server; they catch up through "hello" when shown again.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      if (source) source.close();
      source = null;
    } else {
      connect();
    }
  });
  if (!document.hidden) connect();
})();
