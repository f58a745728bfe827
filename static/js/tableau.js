/* Optional Tableau Public view: says so plainly when it cannot load (offline, blocked, wrong URL).
   Loaded as a classic script just before the Tableau module script, so the capturing error listener
   below is in place before that script can fail. */
(() => {
  const FAILED = "tableau-failed";
  let ready = false;

  function fail() {
    const box = document.querySelector("[data-tableau]");
    if (!box || ready || box.classList.contains(FAILED)) return;
    const status = box.querySelector("[data-tableau-status]");
    status.textContent = status.dataset.failed;
    status.classList.add("notice", "notice-info");
    box.classList.add(FAILED);
  }

  window.addEventListener("error", (event) => {
    if (event.target instanceof HTMLScriptElement && event.target.hasAttribute("data-tableau-api")) fail();
  }, true);

  document.addEventListener("DOMContentLoaded", () => {
    const box = document.querySelector("[data-tableau]");
    if (!box) return;
    box.querySelector("tableau-viz").addEventListener("firstinteractive", () => {
      ready = true;
      box.querySelector("[data-tableau-status]").hidden = true;
    });
    setTimeout(fail, 15000);
  });
})();
