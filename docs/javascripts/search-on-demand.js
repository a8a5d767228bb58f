// Material's search downloads and parses its index (search/search_index.json, 220 KB) as
// soon as a page loads, in a main-thread task of 20 to 80 ms (4x that on Lighthouse's
// phone CPU) that a reader who never searches pays on every page. Material itself waits
// for the search box to open when the site is opened from a file:// URL; this does the
// same on every site: the index request is held until the reader goes to the search box
// (focus, or the pointer over it; the keyboard shortcuts focus it too), then sent as
// Material made it, so search works exactly as before, its index arriving on first use.
// Loaded just before Material's bundle (overrides/main.html), so it sees the request.
(function () {
  var proto = XMLHttpRequest.prototype;
  var open = proto.open;
  var send = proto.send;
  var held = [];
  var wanted = false;
  var INDEX = /(^|\/)search\/search_index\.json([?#]|$)/;

  function release() {
    if (wanted) return;
    wanted = true;
    proto.open = open;
    proto.send = send;
    var queue = held;
    held = [];
    for (var i = 0; i < queue.length; i++) queue[i]();
  }

  proto.open = function (method, url) {
    this.__merlinHold = !wanted && INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  proto.send = function () {
    if (!this.__merlinHold || wanted) return send.apply(this, arguments);
    var request = this;
    var args = arguments;
    held.push(function () {
      send.apply(request, args);
    });
  };

  function nearSearch(event) {
    var target = event.target;
    if (target && target.closest && target.closest('.md-search, label[for="__search"]')) release();
  }
  document.addEventListener("focusin", nearSearch, true);
  document.addEventListener("pointerover", nearSearch, true);
  document.addEventListener("touchstart", nearSearch, { capture: true, passive: true });
  document.addEventListener(
    "change",
    function (event) {
      if (event.target && event.target.id === "__search") release();
    },
    true
  );
})();
