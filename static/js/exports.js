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

  function stop(text) {
    state.querySelector(".export-message").textContent = text;
    if (reload) reload.textContent = "Reload this page";
  }

  function poll() {
    // A session that ended answers with a redirect to the sign-in page: stop and say so.
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", redirect: "manual" })
      .then(function (r) {
        if (r.type === "opaqueredirect" || r.status === 401 || r.status === 403) {
          return Promise.reject("signed-out");
        }
        return r.ok ? r.json() : Promise.reject(r.status);
      })
      .then(function (job) {
        show(job);
        if (!job.finished) {
          delay = Math.min(delay * 1.3, 3000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function (why) {
        if (why === "signed-out") {
          stop("Your session has ended: reload this page to sign in again and follow the export.");
        } else if (why === 404) {
          stop("This export no longer exists.");
        } else {
          window.setTimeout(poll, 5000);  // the network or the server hiccuped: try again
        }
      });
  }

  if (box.getAttribute("data-finished") !== "true") window.setTimeout(poll, delay);
})();
