/* Downloads fetched with the token and saved from a blob: HTML, JSON, CSV, PNG and SVG.
 */
import { failed, fetchOk } from "./api.js";
import { apiUrl, make, nameOf } from "./dom.js";
import { drawnIds, drawnOf, isGroup } from "./groups.js";
import { NODE_LIMIT, el, state } from "./state.js";
import { csv, currentTasks } from "./views.js";

// -- downloads: fetched with the token, saved from a blob ------------------------------------
export function save(blob, name) {
  var url = URL.createObjectURL(blob);
  var a = make("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
}

export function stem() { return "policykg-" + nameOf(state.view.e).replace(/[^\w\u4e00-\u9fff-]+/g, "_"); }

export var DOWNLOADS;

/** The map as it is drawn (positions, colours, labels), as an SVG document. */
export function svgOf() {
  var ns = "http://www.w3.org/2000/svg";
  var doc = document.implementation.createDocument(ns, "svg", null);
  var root = doc.documentElement;
  var ids = drawnIds();
  // a folded group is one node: draw it with its own look, and its members' edges to it
  var visible = ids.map(function (id) {
    if (!isGroup(id)) { return state.nodes.get(id); }
    var options = state.network.body.nodes[id].options;
    return { id: id, label: options.label, color: options.color };
  });
  var pos = state.network.getPositions(ids);
  var xs = ids.map(function (id) { return pos[id].x; });
  var ys = ids.map(function (id) { return pos[id].y; });
  var pad = 60;
  var minX = Math.min.apply(null, xs) - pad, minY = Math.min.apply(null, ys) - pad;
  var width = Math.max.apply(null, xs) - minX + pad, height = Math.max.apply(null, ys) - minY + pad;
  root.setAttribute("viewBox", [minX, minY, width, height].join(" "));
  root.setAttribute("width", String(Math.round(width)));
  root.setAttribute("height", String(Math.round(height)));
  root.setAttribute("font-family", "Noto Sans CJK SC, sans-serif");
  var shown = {};
  ids.forEach(function (id) { shown[id] = true; });
  var drawnEdges = {};
  state.edges.get().forEach(function (e) {
    var from = drawnOf(e.from), to = drawnOf(e.to);
    var key = from + "|" + e.rel + "|" + to;
    if (!shown[from] || !shown[to] || from === to || drawnEdges[key]) { return; }
    drawnEdges[key] = true;
    var line = doc.createElementNS(ns, "line");
    line.setAttribute("x1", pos[from].x); line.setAttribute("y1", pos[from].y);
    line.setAttribute("x2", pos[to].x); line.setAttribute("y2", pos[to].y);
    line.setAttribute("stroke", e.color.color);
    line.setAttribute("stroke-opacity", "0.75");
    if (e.dashes) { line.setAttribute("stroke-dasharray", "4 3"); }
    var title = doc.createElementNS(ns, "title");
    title.textContent = e.rel;
    line.appendChild(title);
    root.appendChild(line);
  });
  visible.forEach(function (n) {
    var g = doc.createElementNS(ns, "g");
    g.setAttribute("data-id", n.id);
    var dot = doc.createElementNS(ns, "circle");
    var body = state.network.body.nodes[n.id];
    dot.setAttribute("cx", pos[n.id].x); dot.setAttribute("cy", pos[n.id].y);
    dot.setAttribute("r", String(Math.max(4, body ? body.options.size : 10)));
    dot.setAttribute("fill", n.color.background);
    dot.setAttribute("stroke", n.color.border);
    var label = doc.createElementNS(ns, "text");
    label.setAttribute("x", pos[n.id].x); label.setAttribute("y", pos[n.id].y + 24);
    label.setAttribute("text-anchor", "middle");
    label.setAttribute("font-size", "12");
    label.textContent = n.label;
    g.appendChild(dot);
    g.appendChild(label);
    root.appendChild(g);
  });
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(doc);
}

/** Wire this part of the page up (run once, in order, by main.js). */
export function init() {
  DOWNLOADS = {
    html: function () {
      var params = { entity: state.view.e, depth: state.view.d, limit: NODE_LIMIT,
        places: state.view.p === "all" ? "all" : "mentioned", download: 1 };
      return fetchOk(apiUrl("/maps/ego", params), "text/html").then(function (r) { return r.blob(); })
        .then(function (blob) { save(blob, stem() + ".html"); });
    },
    json: function () {
      return fetchOk(apiUrl("/graph/neighborhood", { entity: state.view.e, depth: state.view.d,
        limit: NODE_LIMIT, places: state.view.p === "all" ? "all" : "mentioned" }), "application/json")
        .then(function (r) { return r.blob(); })
        .then(function (blob) { save(blob, stem() + ".json"); });
    },
    csv: function () {
      return currentTasks().then(function (page) {
        save(new Blob([csv(page)], { type: "text/csv;charset=utf-8" }), stem() + "-tasks.csv");
      });
    },
    png: function () {
      var canvas = el("map").querySelector("canvas");
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) { save(blob, stem() + ".png"); resolve(); }, "image/png");
      });
    },
    svg: function () {
      save(new Blob([svgOf()], { type: "image/svg+xml" }), stem() + ".svg");
      return Promise.resolve();
    },
  };

  Array.prototype.forEach.call(document.querySelectorAll("[data-download]"), function (b) {
    b.addEventListener("click", function () {
      var run = function () { DOWNLOADS[b.getAttribute("data-download")]().catch(function (error) { failed(error, run); }); };
      run();
    });
  });

}
