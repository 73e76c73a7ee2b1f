// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("open", !open);
    });
  }
  // Destructive buttons ask first.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  document.querySelectorAll("[data-select-on-focus]").forEach((input) => {
    input.addEventListener("focus", () => input.select());
  });
  // Copy buttons: data-copy names the id of the field to copy; they stay hidden without JS.
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    const field = document.getElementById(button.dataset.copy);
    if (!field) return;
    const status = document.querySelector(`[data-copy-status="${button.dataset.copy}"]`);
    const say = (text) => { if (status) status.textContent = text; };
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        say(button.dataset.copied || "Copied. Paste it into your message to them.");
      } catch (error) {
        field.focus();
        field.select();
        say(button.dataset.copyFallback || "Select the link and copy it (Ctrl+C or ⌘C).");
      }
    });
  });
});

// Framework form: search O*NET occupations and add their codes to the codes field.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-occupation-search]").forEach((box) => {
    const input = box.querySelector("input[type=search]");
    const list = box.querySelector(".suggestions");
    const target = document.getElementById(box.dataset.target);
    let timer;
    let latest = 0; // only the newest request may fill the list
    let shownFor = ""; // the query whose suggestions are listed
    const add = (code) => {
      if (box.dataset.single !== undefined) {
        target.value = code; // a step has one occupation: the choice replaces it
        return;
      }
      const codes = target.value.split(/[\s,]+/).filter(Boolean);
      if (!codes.includes(code)) codes.push(code);
      target.value = codes.join(" ");
    };
    const search = async () => {
      clearTimeout(timer);
      const request = ++latest;
      const q = input.value.trim();
      if (q.length < 2) {
        list.replaceChildren();
        shownFor = "";
        return;
      }
      const response = await fetch(`${box.dataset.url}?q=${encodeURIComponent(q)}`);
      const found = await response.json();
      if (request !== latest) return;
      list.replaceChildren();
      shownFor = q;
      for (const occupation of found) {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "link";
        button.dataset.code = occupation.code;
        button.textContent = `${occupation.code} ${occupation.title}`;
        button.addEventListener("click", () => add(occupation.code));
        item.append(button);
        list.append(item);
      }
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      if (input.value.trim().length < 2) {
        latest += 1; // drop any answer still on its way
        list.replaceChildren();
        shownFor = "";
        return;
      }
      timer = setTimeout(search, 200);
    });
    // Enter must not submit the framework form: add the first suggestion, or search now.
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const first = list.querySelector("button[data-code]");
      if (first && shownFor === input.value.trim()) first.click();
      else search();
    });
  });

  // Framework tree: drag a standard onto a sibling to put it in that place.
  const tree = document.querySelector("[data-sortable]");
  if (!tree) return;
  let dragged = null;
  tree.addEventListener("dragstart", (event) => {
    dragged = event.target.closest(".node");
    if (dragged) dragged.classList.add("dragging");
  });
  tree.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("dragging");
    tree.querySelectorAll(".drop-target").forEach((n) => n.classList.remove("drop-target"));
  });
  tree.addEventListener("dragover", (event) => {
    const over = event.target.closest(".node");
    if (dragged && over && over !== dragged && over.dataset.parent === dragged.dataset.parent) {
      event.preventDefault();
      tree.querySelectorAll(".drop-target").forEach((n) => n.classList.remove("drop-target"));
      over.classList.add("drop-target");
    }
  });
  tree.addEventListener("drop", async (event) => {
    const over = event.target.closest(".node");
    if (!dragged || !over) return;
    event.preventDefault();
    const siblings = [...tree.querySelectorAll(".node")].filter(
      (n) => n.dataset.parent === dragged.dataset.parent && n !== dragged,
    );
    const body = new URLSearchParams({ position: siblings.indexOf(over), csrf_token: tree.dataset.csrf });
    const response = await fetch(dragged.dataset.placeUrl, { method: "POST", body });
    if (response.ok) window.location.reload();
  });
});
