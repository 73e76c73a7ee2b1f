// The framework tree: open and close branches in place. Without this script the "Open" and
// "Close" links reload the page with ?open=<id>, and every button here stays hidden.
document.addEventListener("DOMContentLoaded", () => {
  const tree = document.querySelector("[data-tree]");
  if (!tree) return;
  const saveUrl = tree.dataset.saveUrl; // signed-in people: their state is remembered
  const csrf = tree.dataset.csrf;
  tree.querySelectorAll("a.toggle-link").forEach((link) => { link.hidden = true; });
  tree.querySelectorAll("button.toggle").forEach((button) => { button.hidden = false; });

  const openIds = () => [...tree.querySelectorAll("button.toggle[aria-expanded=true]")]
    .map((button) => button.dataset.id);
  const allOpen = () => tree.querySelector("button.toggle[aria-expanded=false]") === null;

  // Signed-in people: POST the state. Visitors: the state lives in the URL only.
  const remember = async () => {
    const ids = openIds();
    const everything = allOpen();
    if (saveUrl) {
      const body = new URLSearchParams({ all: everything ? "1" : "0", csrf_token: csrf });
      if (!everything) ids.forEach((id) => body.append("open", id));
      await fetch(saveUrl, { method: "POST", body, headers: { Accept: "application/json" } });
      return;
    }
    const url = new URL(window.location.href);
    url.searchParams.delete("open");
    url.searchParams.delete("all");
    if (everything) url.searchParams.set("all", "1");
    else if (ids.length) ids.forEach((id) => url.searchParams.append("open", id));
    else url.searchParams.set("all", "0");
    window.history.replaceState(null, "", url);
  };

  const setOpen = async (button, open) => {
    const list = document.getElementById(button.getAttribute("aria-controls"));
    if (!list) return false;
    if (open && !list.dataset.loaded) {
      button.setAttribute("aria-busy", "true");
      try {
        const response = await fetch(button.dataset.url, { headers: { Accept: "text/html" } });
        if (!response.ok) throw new Error(String(response.status));
        list.innerHTML = await response.text(); // the app's own escaped HTML
        list.dataset.loaded = "1";
      } catch (error) {
        // Fall back to the page with this branch open.
        const link = button.parentElement.querySelector("a.toggle-link");
        if (link) window.location.href = link.href;
        return false;
      } finally {
        button.removeAttribute("aria-busy");
      }
    }
    list.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    return true;
  };

  tree.addEventListener("click", async (event) => {
    const button = event.target.closest("button.toggle");
    if (!button || !tree.contains(button)) return;
    const open = button.getAttribute("aria-expanded") !== "true";
    if (await setOpen(button, open)) await remember();
  });
});
