/* Optional Tableau Public view: says so plainly when it cannot load (offline, blocked, wrong URL). */
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-tableau]");
  if (!box) return;
  const viz = box.querySelector("tableau-viz");
  const status = box.querySelector("[data-tableau-status]");
  let ready = false;
  viz.addEventListener("firstinteractive", () => {
    ready = true;
    status.hidden = true;
  });
  setTimeout(() => {
    if (ready) return;
    status.textContent = status.dataset.failed;
    status.classList.add("notice", "notice-info");
    box.classList.add("tableau-failed");
  }, 15000);
});
