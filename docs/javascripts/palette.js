// The light/dark toggle in the header, doing what Material's palette component does for the
// reader (same stored preference, same attributes, labels and meta tags, Enter to switch)
// without its cost at load: Material's set-up marks the whole page "switching" and reads
// the header's computed style, two full-page style recalculations once the page is parsed
// (up to 255 ms on a 4x-slowed phone CPU). This runs while the header is being parsed
// (overrides/partials/javascripts/palette.html), when the page has one header to style.
(function () {
  var form = document.querySelector("form[data-merlin-palette]");
  if (!form || typeof __md_get !== "function") return;
  var inputs = form.querySelectorAll("input");
  if (!inputs.length) return;
  var head = document.head;
  var themeColor = meta("theme-color");
  var colorScheme = meta("color-scheme");

  function meta(name) {
    var element = document.createElement("meta");
    element.name = name;
    head.appendChild(element);
    return element;
  }

  function colorOf(input) {
    return {
      media: input.getAttribute("data-md-color-media"),
      scheme: input.getAttribute("data-md-color-scheme"),
      primary: input.getAttribute("data-md-color-primary"),
      accent: input.getAttribute("data-md-color-accent"),
    };
  }

  // The stored choice (Material's key and format, so a choice made before carries over),
  // else the first palette whose media query matches, else the first.
  function initialIndex() {
    var stored = null;
    try {
      stored = __md_get("__palette");
    } catch (e) {
      stored = null;
    }
    var index = stored && typeof stored.index === "number" ? stored.index : -1;
    if (index < 0) {
      for (var i = 0; i < inputs.length; i++) {
        if (matchMedia(inputs[i].getAttribute("data-md-color-media")).matches) {
          index = i;
          break;
        }
      }
    }
    return Math.max(0, Math.min(index, inputs.length - 1));
  }

  function hexOf(rgb) {
    var parts = (rgb.match(/\d+/g) || []).slice(0, 3);
    var hex = "";
    for (var i = 0; i < parts.length; i++) hex += ("0" + (+parts[i]).toString(16)).slice(-2);
    return "#" + hex;
  }

  var current = 0;
  function apply(index) {
    current = index;
    var color = colorOf(inputs[index]);
    var body = document.body;
    for (var key in color) body.setAttribute("data-md-color-" + key, color[key]);
    for (var i = 0; i < inputs.length; i++) {
      var label = inputs[i].nextElementSibling;
      if (label && label.tagName === "LABEL") label.hidden = i !== index;
    }
    __md_set("__palette", { index: index, color: color });
    // Read now, while only the header exists: a style recalculation of a few elements.
    var header = document.querySelector("[data-md-component=header]");
    if (header) {
      var style = getComputedStyle(header);
      colorScheme.content = style.colorScheme;
      themeColor.content = hexOf(style.backgroundColor);
    }
  }

  apply(initialIndex());

  form.addEventListener("change", function (event) {
    var index = Array.prototype.indexOf.call(inputs, event.target);
    if (index < 0) return;
    // No colour transitions while the scheme flips (Material's CSS honours this attribute).
    document.body.setAttribute("data-md-color-switching", "");
    apply(index);
    setTimeout(function () {
      document.body.removeAttribute("data-md-color-switching");
    });
  });
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var next = inputs[(current + 1) % inputs.length];
    event.preventDefault();
    next.click();
    next.focus();
  });
})();
