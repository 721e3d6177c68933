// The job page: follows one job by long polls (/api/jobs/ID?since=VERSION), drawing its learning
// curve and its task attempts per node as inline SVG.
"use strict";

const jobId = location.pathname.split("/")[2];
const OUTCOMES = [["ACCEPTED", "accepted"], ["REJECTED", "rejected"], ["FAILED", "failed"],
  ["BACKUP_WON", "backup won"], ["BACKUP_LOST", "backup lost"]];
const attempts = [];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function follow() {
  let version = -1, next = 0;
  for (;;) {
    let j;
    try {
      const wait = version >= 0 ? "since=" + version + "&" : "";
      j = await mlp.api("/api/jobs/" + jobId + "?" + wait + "attempts_from=" + next);
    } catch (e) {
      if (e.status === 404) { // the coordinator no longer keeps the job: nothing more will come
        document.getElementById("failure").textContent = e.message;
        return;
      }
      document.getElementById("failure").textContent = "Cannot reach the coordinator: " + e.message;
      await sleep(2000);
      continue;
    }
    attempts.push(...j.attempts);
    next = j.attempts_next;
    const changed = j.version !== version;
    render(j);
    const moreAttempts = next < j.attempts_total;
    if (j.state !== "RUNNING" && !moreAttempts) return;
    version = moreAttempts ? -1 : j.version;
    if (!changed && !moreAttempts) await sleep(1000); // no waiting place was free: poll gently
  }
}

function render(j) {
  document.title = "Job " + j.id + " · mlp-trainer";
  const title = document.getElementById("title");
  title.replaceChildren("Job " + j.id + " ", mlp.badge(j.state, j.state.toLowerCase()));
  title.setAttribute("data-state", j.state);
  const r = j.request;
  document.getElementById("request").textContent = r.dir + " · rounds " + r.rounds + ", epochs " + r.epochs + ", h "
    + r.h + ", k " + r.k + ", eta " + r.eta + " · " + mlp.settings(r.settings) + " · started " + mlp.time(j.started_at_ms);
  document.getElementById("failure").textContent = j.error ? j.error : "";
  stats(j);
  downloads(j);
  curve(j);
  timeline(j);
  roundsTable(j);
  nodesTable(j);
}

function stats(j) {
  const best = j.best_error === null ? "–" : mlp.error(j.best_error) + " (" + j.best_round + ")";
  const items = [["Rounds", j.round + " / " + j.rounds], ["Last error", mlp.error(j.last_error)],
    ["Best error (round)", best], ["Elapsed", mlp.duration(j.elapsed_ms)],
    ["Time left", j.state === "RUNNING" ? mlp.duration(j.eta_ms) : "–"],
    ["Round tasks", j.tasks_done + " / " + j.tasks_total], ["Retries", j.retries], ["Rejections", j.rejections]];
  if (j.final_error !== null) items.splice(1, 0, ["Final error", mlp.error(j.final_error)]);
  document.getElementById("stats").replaceChildren(...items.map(([label, value]) =>
    mlp.el("div", { class: "stat" }, mlp.el("div", { class: "label" }, label), mlp.el("div", { class: "value" }, value))));
}

function downloads(j) {
  const base = "/api/jobs/" + j.id;
  const links = [mlp.el("a", { id: "metrics-link", href: base + "/metrics", download: "job-" + j.id + "-metrics.json" },
    "Metrics JSON")];
  if (j.rounds_done.length > 0) {
    links.push(mlp.el("a", { id: "model-link", href: base + "/model", download: "job-" + j.id + ".model" },
      j.state === "RUNNING" ? "Model (last round so far)" : "Model"));
    links.push(mlp.el("a", { id: "best-model-link", href: base + "/model?which=best",
      download: "job-" + j.id + "-best.model" }, "Best round's model"));
  }
  links.push(mlp.el("a", { id: "trace-link", href: base + "/trace", download: "job-" + j.id + "-trace.json" },
    "Chrome trace"));
  document.getElementById("downloads").replaceChildren(...links);
}

/** Nice round tick values covering [lo, hi]. */
function ticks(lo, hi, count) {
  const span = hi - lo || 1;
  const raw = span / count, mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) out.push(+v.toFixed(10));
  return out;
}

function curve(j) {
  const s = mlp.svg, W = 620, H = 300, L = 56, R = 16, T = 14, B = 40;
  const rounds = j.rounds_done;
  const values = rounds.flatMap((r) => [r.validation_error, r.mean_training_error]);
  let lo = values.length ? Math.min(...values) : 0, hi = values.length ? Math.max(...values) : 1;
  const pad = Math.max((hi - lo) * 0.12, 0.005);
  lo = Math.max(0, lo - pad); hi = Math.min(1, hi + pad);
  const x0 = rounds.length ? rounds[0].round : 1, x1 = Math.max(j.rounds, x0 + 1);
  const x = (round) => L + (round - x0) / (x1 - x0) * (W - L - R);
  const y = (v) => T + (hi - v) / (hi - lo) * (H - T - B);
  const root = s("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", id: "curve-svg", "data-points": rounds.length });
  for (const v of ticks(lo, hi, 5)) {
    root.appendChild(s("line", { class: "grid", x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    root.appendChild(s("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end" }, (100 * v).toFixed(1) + "%"));
  }
  for (const t of ticks(x0, x1, 8).filter((t) => Number.isInteger(t))) {
    root.appendChild(s("text", { x: x(t), y: H - B + 16, "text-anchor": "middle" }, t));
  }
  root.appendChild(s("line", { class: "axis", x1: L, x2: W - R, y1: H - B, y2: H - B }));
  root.appendChild(s("line", { class: "axis", x1: L, x2: L, y1: T, y2: H - B }));
  root.appendChild(s("text", { x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle" }, "round"));
  series(root, rounds, "training", (r) => r.mean_training_error, x, y);
  series(root, rounds, "validation", (r) => r.validation_error, x, y);
  const best = rounds.find((r) => r.round === j.best_round);
  if (best) root.appendChild(s("circle", { class: "best", cx: x(best.round), cy: y(best.validation_error), r: 7 },
    s("title", {}, "best: round " + best.round + ", " + mlp.error(best.validation_error))));
  document.getElementById("curve").replaceChildren(root);
}

function series(root, rounds, name, value, x, y) {
  if (rounds.length === 0) return;
  const points = rounds.map((r) => x(r.round).toFixed(1) + "," + y(value(r)).toFixed(1)).join(" ");
  root.appendChild(mlp.svg("polyline", { class: name, points }));
  const radius = rounds.length > 60 ? 1.5 : 3;
  for (const r of rounds) {
    root.appendChild(mlp.svg("circle", { class: "pt-" + name, cx: x(r.round), cy: y(value(r)), r: radius,
      "data-round": r.round }, mlp.svg("title", {}, "round " + r.round + ": " + name + " " + mlp.error(value(r)))));
  }
}

function timeline(j) {
  const counts = {};
  for (const a of attempts) counts[a.outcome] = (counts[a.outcome] || 0) + 1;
  document.getElementById("outcomes").replaceChildren(...OUTCOMES.map(([o, label]) =>
    mlp.el("span", { "data-outcome": o }, mlp.el("span", { class: "key " + o }), label + " (" + (counts[o] || 0) + ")")));
  const s = mlp.svg, W = 620, L = 130, R = 12, LANE = 24, T = 6, B = 30;
  const nodes = [...new Set(attempts.map((a) => a.node))].sort();
  const H = T + Math.max(1, nodes.length) * LANE + B;
  const root = s("svg", { viewBox: "0 0 " + W + " " + H, width: "100%", id: "timeline-svg", "data-attempts": attempts.length });
  if (attempts.length === 0) {
    root.appendChild(s("text", { x: W / 2, y: T + 16, "text-anchor": "middle" }, "no task attempt has ended yet"));
    document.getElementById("timeline").replaceChildren(root);
    return;
  }
  const origin = Math.min(...attempts.map((a) => a.start_ms));
  const end = Math.max(...attempts.map((a) => a.start_ms + a.duration_ms));
  const span = Math.max(1, end - origin);
  const x = (ms) => L + (ms - origin) / span * (W - L - R);
  nodes.forEach((node, i) => {
    root.appendChild(s("rect", { class: "lane", x: L, y: T + i * LANE + 2, width: W - L - R, height: LANE - 4 }));
    root.appendChild(s("text", { x: L - 8, y: T + i * LANE + LANE / 2 + 4, "text-anchor": "end" }, node));
  });
  for (const a of attempts) {
    const i = nodes.indexOf(a.node);
    root.appendChild(s("rect", { class: a.outcome, x: x(a.start_ms), y: T + i * LANE + 4,
      width: Math.max(1.5, x(a.start_ms + a.duration_ms) - x(a.start_ms)), height: LANE - 8, rx: 2 },
      s("title", {}, "round " + a.round + ", shard " + a.shard + ": " + a.outcome.toLowerCase() + ", "
        + mlp.duration(a.duration_ms) + (a.detail ? " (" + a.detail + ")" : ""))));
  }
  const axisY = T + nodes.length * LANE + 4;
  root.appendChild(s("line", { class: "axis", x1: L, x2: W - R, y1: axisY, y2: axisY }));
  for (const t of ticks(0, span / 1000, 6)) {
    root.appendChild(s("text", { x: x(origin + t * 1000), y: axisY + 16, "text-anchor": "middle" }, t + " s"));
  }
  document.getElementById("timeline").replaceChildren(root);
}

function roundsTable(j) {
  const e = mlp.el;
  const rows = j.rounds_done.slice().reverse().map((r) => e("tr", { "data-round": r.round },
    e("td", { class: "num" }, r.round + (r.round === j.best_round ? " ★" : "")),
    e("td", { class: "num" }, mlp.error(r.validation_error)),
    e("td", { class: "num" }, mlp.error(r.mean_training_error)),
    e("td", { class: "num" }, mlp.duration(r.elapsed_ms)),
    e("td", { class: "num" }, r.epochs_run)));
  mlp.fill(document.querySelector("#rounds tbody"), rows, "No round has ended yet.", 5);
}

function nodesTable(j) {
  const e = mlp.el;
  const rows = j.nodes.map((n) => e("tr", {},
    e("td", { class: "mono" }, n.node),
    e("td", {}, mlp.badge(n.up ? "up" : "down", n.up ? "up" : "down")),
    e("td", { class: "num" }, n.tasks_accepted),
    e("td", { class: "num" }, n.tasks_rejected),
    e("td", { class: "num" }, n.tasks_failed),
    e("td", { class: "num" }, mlp.duration(n.busy_ms)),
    e("td", { class: "err" }, n.last_error || "")));
  mlp.fill(document.querySelector("#jobnodes tbody"), rows, "No task offered yet.", 7);
}

follow();
