// Old links to a known error (troubleshooting-deployment-errors/#<id>) keep working: the
// page carries a JSON map from each id to its section on its stage's page, and this sends
// the reader there. Data in the page, code in a file: the site's CSP allows no inline script.
(function () {
  var data = document.querySelector('script[type="application/json"][data-merlin-redirects]');
  if (!data) return;
  var targets;
  try {
    targets = JSON.parse(data.textContent);
  } catch (e) {
    return;
  }
  function go() {
    var id = location.hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch (e) {
      return;
    }
    if (Object.prototype.hasOwnProperty.call(targets, id)) location.replace(targets[id]);
  }
  go();
  window.addEventListener("hashchange", go);
})();
