// Progressive enhancement only: the pages work without it.
// 1. The destination picker submits on change. 2. The guard panel loads what the guard reported for this page.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    form.addEventListener("change", () => form.requestSubmit());
  }
  const panel = document.getElementById("guard-panel");
  if (!panel) return;
  const body = panel.querySelector(".guard-body");
  fetch(panel.dataset.reportUrl, { headers: { Accept: "text/html" } })
    .then((response) => response.ok ? response.text() : Promise.reject(new Error(`${response.status}`)))
    .then((html) => { body.innerHTML = html; })
    .catch((error) => { body.innerHTML = `<p class="verdict warn">The guard's report could not be loaded (${error.message}).</p>`; })
    .finally(() => panel.setAttribute("aria-busy", "false"));
});
