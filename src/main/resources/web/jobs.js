// The jobs page: every job the coordinator keeps, newest first, refreshed every 2 s.
"use strict";

function jobRow(j) {
  const e = mlp.el;
  const r = j.request;
  const fraction = j.rounds > 0 ? j.round / j.rounds : 0;
  const progress = e("span", {}, e("span", { class: "bar" }, bar(fraction)), j.round + "/" + j.rounds);
  const best = j.best_error === null ? "–" : mlp.error(j.best_error) + " (round " + j.best_round + ")";
  return e("tr", { "data-job": j.id, "data-state": j.state },
    e("td", { class: "nowrap" }, e("a", { href: "/jobs/" + j.id }, "job " + j.id)),
    e("td", {}, mlp.badge(j.state, j.state.toLowerCase()), j.error ? e("div", { class: "reason" }, j.error) : null),
    e("td", { class: "mono" }, r.dir),
    e("td", {}, progress),
    e("td", {}, "epochs " + r.epochs + ", h " + r.h + ", k " + r.k + ", eta " + r.eta),
    e("td", {}, mlp.settings(r.settings)),
    e("td", { class: "num" }, best),
    e("td", { class: "num" }, mlp.error(j.last_error)),
    e("td", { class: "nowrap" }, mlp.time(j.started_at_ms)),
    e("td", { class: "num" }, mlp.duration(j.elapsed_ms)),
    e("td", { class: "num" }, j.state === "RUNNING" ? mlp.duration(j.eta_ms) : "–"));
}

function bar(fraction) {
  const s = mlp.el("span");
  s.style.width = Math.round(100 * fraction) + "%";
  return s;
}

mlp.every(2000, async () => {
  const body = await mlp.api("/api/jobs");
  const running = body.jobs.filter((j) => j.state === "RUNNING").length;
  document.getElementById("summary").textContent = body.jobs.length + " job(s), " + running + " running";
  mlp.fill(document.querySelector("#jobs tbody"), body.jobs.map(jobRow),
    "No jobs yet: start one with scripts/client.", 11);
});
