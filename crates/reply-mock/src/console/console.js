// The console's only script: refreshes the open view from the server once a
// second (keeping opened rows open), filters it, and sends the fault form.
// The HTML it swaps in is rendered and escaped by the mock.
"use strict";
(function () {
  const view = document.body.dataset.view;
  const main = document.getElementById("view");
  const filter = document.getElementById("filter");
  let last = main.innerHTML;

  async function refresh() {
    const q = filter.value;
    try {
      const answer = await fetch(`/__mock/console/view/${view}?q=${encodeURIComponent(q)}`, { cache: "no-store" });
      const html = await answer.text();
      document.getElementById("live").className = answer.ok ? "" : "down";
      if (html === last) return;
      const open = new Set([...main.querySelectorAll("details[open]")].map((d) => d.dataset.key));
      main.innerHTML = html;
      last = html;
      for (const d of main.querySelectorAll("details")) if (open.has(d.dataset.key)) d.open = true;
    } catch (_) {
      document.getElementById("live").className = "down";
    }
  }

  filter.addEventListener("input", () => {
    const url = new URL(location.href);
    url.searchParams.set("q", filter.value);
    history.replaceState(null, "", url);
    refresh();
  });
  setInterval(refresh, 1000);

  const form = document.getElementById("fault-form");
  if (form) {
    const rules = document.getElementById("fault-rules");
    const result = document.getElementById("fault-result");
    rules.value = document.getElementById("rules").textContent;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const answer = await fetch("/__mock/faults", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: rules.value,
      });
      if (answer.ok) {
        result.textContent = "applied";
        result.className = "ok";
      } else {
        const problem = await answer.json().catch(() => ({}));
        result.textContent = problem.detail || `refused (${answer.status})`;
        result.className = "bad";
      }
      refresh();
    });
  }
})();
