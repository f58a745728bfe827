/* Swagger UI nests a deep link (and sometimes a button) inside each operation's toggle button. The toggle is
   the one control there: the nested link loses its href (the address bar still gets the deep link when the
   operation opens) and a nested button is switched off (issue 19; axe-core nested-interactive). */
(function () {
  function fix() {
    document.querySelectorAll(".opblock-summary-control a[href]").forEach(function (a) {
      a.removeAttribute("href");
    });
    document.querySelectorAll(".opblock-summary-control button").forEach(function (b) { b.disabled = true; });
  }
  new MutationObserver(fix).observe(document.documentElement,
    { childList: true, subtree: true, attributes: true, attributeFilter: ["href"] });
  fix();
})();
