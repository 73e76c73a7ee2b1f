// The export job page: polls the job's state until it is done or failed, then offers the file.
(function () {
  "use strict";
  var box = document.querySelector("[data-export-status]");
  if (!box) return;
  var url = box.getAttribute("data-export-status");
  var names = { queued: "Queued", rendering: "Rendering", done: "Done", failed: "Failed" };
  var state = box.querySelector(".export-state");
  var bar = box.querySelector(".export-progress");
  var reload = box.querySelector(".export-reload");
  var delay = 500;

  function show(job) {
    state.className = "export-state state-" + job.state;
    state.querySelector(".export-state-name").textContent = names[job.state] || job.state;
    state.querySelector(".export-message").textContent = job.message;
    bar.value = job.progress;
    bar.textContent = job.progress + "%";
    if (job.finished) {
      if (reload) reload.hidden = true;
      // Reload once for the file's details and the "try again" button.
      window.location.reload();
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (job) {
        show(job);
        if (!job.finished) {
          delay = Math.min(delay * 1.3, 3000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  if (box.getAttribute("data-finished") !== "true") window.setTimeout(poll, delay);
})();
