// Material's search overlay is a role="dialog" without a name; screen readers announce
// an unnamed dialog (WCAG 4.1.2). Give it the name of its search box.
(function () {
  var dialog = document.querySelector('.md-search[role="dialog"]');
  if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search this site");
})();
