// The cluster page: every node the coordinator knows, refreshed every 2 s.
"use strict";

function nodeRow(n) {
  const e = mlp.el;
  const state = n.up ? mlp.badge("up", "up") : e("div", {}, mlp.badge("down", "down"), " ",
    e("span", { class: "reason" }, n.down_reason));
  const load = n.busy_slots > 0 ? mlp.badge("busy", "busy " + n.busy_slots + "/" + n.slots) : mlp.badge("idle", "idle");
  const version = n.version || (n.protocol === "original" ? "original" : "–");
  return e("tr", { "data-node": n.node, "data-state": n.up ? "up" : "down" },
    e("td", { class: "mono" }, n.node),
    e("td", {}, [n.listed ? "listed" : null, n.joined ? "joined" : null].filter((x) => x).join(" + ")),
    e("td", { class: "state" }, state),
    e("td", { class: "num" }, n.slots),
    e("td", {}, load),
    e("td", { class: "num" }, n.tasks_accepted),
    e("td", { class: "num" }, n.tasks_rejected),
    e("td", { class: "num" }, n.tasks_failed),
    e("td", { class: "num" }, mlp.duration(n.busy_ms)),
    e("td", { class: "num" }, n.shards_shipped),
    e("td", { class: "err" }, n.last_error || ""),
    e("td", { class: "mono" }, version));
}

mlp.every(2000, async () => {
  const c = await mlp.api("/api/cluster");
  const up = c.nodes.filter((n) => n.up).length;
  document.getElementById("summary").textContent = c.nodes.length + " nodes, " + up + " up, "
    + (c.nodes.length - up) + " down · " + c.jobs_running + " job(s) running, " + c.jobs_kept + " kept";
  mlp.fill(document.querySelector("#nodes tbody"), c.nodes.map(nodeRow), "No nodes: list some in the node list, "
    + "or start nodes with --join.", 12);
});
