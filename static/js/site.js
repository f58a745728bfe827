/* ScalpSpectra: small progressive enhancements. Every page works without this file. */
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  setUpPhotoGuide();
  setUpCameraButtons();
  setUpPreview();
});

const GUIDE_SEEN = "scalpspectra.photoGuideSeen";

function remember(key) {
  try { localStorage.setItem(key, "1"); } catch (e) { /* private mode: show it again next time */ }
}

function seen(key) {
  try { return localStorage.getItem(key) === "1"; } catch (e) { return false; }
}

/* The guide is rendered as an open <dialog> in the page flow; with JS it becomes a modal popup,
   opened once automatically on the first visit and whenever the "How to take a photo" button is used. */
function setUpPhotoGuide() {
  const dialog = document.getElementById("photo-guide");
  if (!dialog || typeof dialog.showModal !== "function") return;
  dialog.close();
  document.querySelectorAll("[data-guide-open]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => dialog.showModal());
  });
  if (!seen(GUIDE_SEEN)) {
    dialog.showModal();
    remember(GUIDE_SEEN);
  }
}

/* Phones offer camera and gallery for a plain file input. `capture` would force the camera only,
   so it is set just for the click on the extra "Take a photo" button, then removed again. */
function setUpCameraButtons() {
  if (!(navigator.maxTouchPoints > 0 && window.matchMedia("(pointer: coarse)").matches)) return;
  document.querySelectorAll("[data-camera-for]").forEach((button) => {
    const input = document.getElementById(button.dataset.cameraFor);
    if (!input) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      input.setAttribute("capture", "environment");
      input.click();
      setTimeout(() => input.removeAttribute("capture"), 0);
    });
  });
}

function setUpPreview() {
  const input = document.querySelector(".field-photo input[type=file]");
  if (!input || !window.URL) return;
  const preview = document.createElement("img");
  preview.className = "photo-preview";
  preview.alt = "";
  preview.hidden = true;
  input.insertAdjacentElement("afterend", preview);
  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    if (preview.src) URL.revokeObjectURL(preview.src);
    preview.hidden = !file;
    if (file) preview.src = URL.createObjectURL(file);
  });
}
