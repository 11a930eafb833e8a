// Progressive enhancement only: the pages work without it. The guard panel loads what the guard reported
// for this page (the guard audits a page after sending it, so the page cannot carry its own report).
document.addEventListener("DOMContentLoaded", () => {
  const panel = document.getElementById("guard-panel");
  if (!panel) return;
  const body = panel.querySelector(".guard-body");
  fetch(panel.dataset.reportUrl, { headers: { Accept: "text/html" } })
    .then((response) => response.ok ? response.text() : Promise.reject(new Error(`${response.status}`)))
    .then((html) => { body.innerHTML = html; })
    .catch((error) => { body.innerHTML = `<p class="verdict warn">The guard's report could not be loaded (${error.message}).</p>`; })
    .finally(() => panel.setAttribute("aria-busy", "false"));
});
