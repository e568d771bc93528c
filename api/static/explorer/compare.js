/* Comparisons: two documents (picked on the map or in a panel) in the side-by-side report,
 * and two entities (path, shared tasks, co-occurrence of their types).
 */
import { go } from "./address.js";
import { failed, fetchOk, getJSON, setStatus } from "./api.js";
import { apiUrl, button, clear, isEntity, make, nameOf, tail, typeLabel } from "./dom.js";
import { save } from "./downloads.js";
import { documentTitle } from "./facets.js";
import { drawnOf } from "./groups.js";
import { select } from "./map.js";
import { taskItem } from "./panel.js";
import { TOKEN_KEY, config, el, state } from "./state.js";

// -- a document against another: the side-by-side report of /compare/report -------------------
/** The documents this map knows of: {id: title}. */
export function knownDocuments() {
  var documents = {};
  Object.keys(state.documents || {}).forEach(function (id) { documents[id] = state.documents[id].document.title; });
  (state.graph ? state.graph.nodes : []).forEach(function (n) {
    if (n.type === "Document") { documents[n.id] = n.name; }
  });
  (state.graph ? state.graph.nodes : []).forEach(function (n) {
    if (n.type === "Task" && n.document && !documents[n.document]) { documents[n.document] = tail(n.document); }
  });
  return documents;
}

export function documentCompare(id) {
  var documents = knownDocuments();
  var select = el("compare-doc");
  clear(select);
  var others = Object.keys(documents).filter(function (d) { return d !== id; })
    .sort(function (a, b) { return documents[a] < documents[b] ? -1 : 1; });
  others.forEach(function (d) {
    var option = make("option", documents[d]);
    option.value = d;
    select.appendChild(option);
  });
  el("doc-compare").hidden = !others.length;
  el("doc-compare").setAttribute("data-id", id);
  var link = function () { el("compare-doc-link").href = apiUrl("/compare/report", { a: id, b: select.value }); };
  select.onchange = link;
  link();
}

// Two documents picked on the map (Ctrl/⌘-click, or Space on the selected node): their
// document nodes, or the groups of their tasks; the bar over the map links to their report.
export var DOCUMENT_GROUP = "group:documents:";

export function documentOfNode(id) {
  if (id.indexOf(DOCUMENT_GROUP) === 0) { return id.slice(DOCUMENT_GROUP.length); }
  var node = state.byId[id];
  return node && node.type === "Document" ? id : null;
}

/** The documents picked, as the address names them (document nodes or groups of tasks). */
export function pairOf(view) {
  // an edited address may name one document twice (its node and its group): it counts once
  var seen = {};
  return (view.pair ? view.pair.split(",") : []).filter(function (id) {
    var doc = documentOfNode(id);
    if (!doc || seen[doc]) { return false; }
    seen[doc] = true;
    return true;
  }).slice(-2);
}

/** A user's step: pick a document (a new address, so Back, reload and a shared link keep it). */
export function pick(id) {
  if (!documentOfNode(id)) {
    setStatus("只能对比文件（或文件的任务组）· Only documents, or groups of a document's tasks, can be compared");
    showPair();
    return;
  }
  // a document picked again (by its node or by its group) is unpicked
  var doc = documentOfNode(id);
  var pair = pairOf(state.view);
  var others = pair.filter(function (p) { return documentOfNode(p) !== doc; });
  go({ pair: (others.length < pair.length ? others : others.concat([id]).slice(-2)).join(",") });
}

export function showPair() {
  var pair = pairOf(state.view);
  var docs = pair.map(documentOfNode);
  el("map-pair").hidden = !pair.length;
  el("map-pair").setAttribute("data-documents", docs.join("|"));
  el("map-pair-names").textContent = docs.map(documentTitle).join(" ↔ ")
    + (pair.length === 1 ? " · 再选一个文件 pick one more document" : "");
  var link = el("map-pair-link");
  link.hidden = pair.length !== 2;
  if (pair.length === 2) { link.href = apiUrl("/compare/report", { a: docs[0], b: docs[1] }); }
  var network = state.network;
  if (!network || !pair.length) { return; }
  // a pick folded into a group (or opened out of one) is shown by what is drawn for it
  var seen = {};
  var drawn = pair.filter(function (id) { return network.body.nodes[id]; }).map(drawnOf)
    .filter(function (id) { if (seen[id]) { return false; } seen[id] = true; return true; });
  network.selectNodes(drawn);
}

export function reportLink(link) {
  link.addEventListener("click", function (event) {
    if (!sessionStorage.getItem(TOKEN_KEY)) { return; }  // without a token the link opens the page
    event.preventDefault();  // a plain link carries no bearer header: fetch the page and save it
    var run = function () {
      fetchOk(link.href, "text/html").then(function (r) { return r.blob(); })
        .then(function (blob) { save(blob, "policykg-compare.html"); })
        .catch(function (error) { failed(error, run); });
    };
    run();
  });
  return link;
}

// -- compare two entities: the path between them, shared tasks, co-occurrence of types ---------
export function renderCompare() {
  var a = state.view.e;
  var b = state.view.c;
  var out = el("compare-result");
  el("compare-a").textContent = nameOf(a);
  if (!b) { clear(out); return; }
  var seq = ++state.compareSeq;
  clear(out);
  out.appendChild(make("p", "载入中 Loading …", "muted"));
  var typeA = state.byId[a] ? state.byId[a].type : null;
  Promise.all([
    getJSON("/entities/" + encodeURIComponent(b)),
    getJSON("/graph/path", { from: a, to: b }).catch(function (error) { return { error: error }; }),
    getJSON("/tasks", { touches: [a, b], match: "all", expand: state.view.x, limit: config.maxTasks }),
  ]).then(function (got) {
    var other = got[0];
    if (seq !== state.compareSeq) { return; }
    el("compare-input").value = other.name;
    clear(out);
    out.setAttribute("data-b", other.id);
    out.appendChild(make("h3", nameOf(a) + " ↔ " + other.name));
    renderPath(out, got[1]);
    out.appendChild(make("h4", "共同任务 Shared tasks (" + got[2].total + ")"));
    var shared = make("ol", null, "shared");
    got[2].items.forEach(function (task) { shared.appendChild(taskItem(task)); });
    out.appendChild(shared);
    if (typeA && isEntity(typeA)) { return renderCooccurrence(out, a, typeA, other, seq); }
  }).catch(function (error) {
    if (seq !== state.compareSeq) { return; }
    clear(out);
    out.appendChild(make("p", error.message, "error"));
    out.appendChild(button("重试 Retry", "", renderCompare));
  });
}

export function renderPath(out, path) {
  out.appendChild(make("h4", "路径 Path" + (path.error ? "" : " (" + path.hops + " hops 步)")));
  if (path.error) { out.appendChild(make("p", path.error.message, "muted")); return; }
  var names = {};
  path.nodes.forEach(function (n) { names[n.id] = n; });
  var tasks = {};
  path.tasks.forEach(function (t) { tasks[t.id] = t; });
  var short = function (id) {
    var n = names[id];
    if (!n || n.type === "Task") { return "任务 Task " + id.split(":").pop(); }
    return n.name;
  };
  var list = make("ol", null, "path");
  path.steps.forEach(function (step) {
    var li = make("li");
    li.appendChild(make("span", short(step.source)));
    li.appendChild(make("span", " —" + step.rel + "→ ", "rel"));
    li.appendChild(make("span", short(step.target)));
    list.appendChild(li);
  });
  out.appendChild(list);
  if (path.tasks.length) {
    out.appendChild(make("p", "连接它们的任务 The tasks that make the links:", "muted"));
    var linked = make("ol", null, "path-tasks");
    path.tasks.forEach(function (task) { linked.appendChild(taskItem(task)); });
    out.appendChild(linked);
  }
  var onMap = path.nodes.map(function (n) { return n.id; }).filter(function (id) { return state.nodes && state.nodes.get(id); });
  if (onMap.length && state.network) { state.network.selectNodes(onMap); }
}

export function renderCooccurrence(out, a, typeA, other, seq) {
  return getJSON("/analysis/cooccurrence", { rows: typeA, cols: other.type, limit: 500 }).then(function (table) {
    if (seq !== state.compareSeq) { return; }
    var cell = table.cells.filter(function (c) { return c.row.id === a && c.col.id === other.id; })[0];
    out.appendChild(make("h4", "共现 Co-occurrence: " + typeLabel(typeA) + " × " + typeLabel(other.type)));
    out.appendChild(make("p", nameOf(a) + " & " + other.name + ": " + (cell ? cell.count : 0)
      + " 项任务同时提到 tasks name both", "cooc-pair"));
    var top = table.cells.filter(function (c) { return c.row.id === a; }).slice(0, 5);
    if (top.length) {
      var list = make("ol", null, "cooc");
      top.forEach(function (c) { list.appendChild(make("li", c.col.name + " · " + c.count)); });
      out.appendChild(make("p", nameOf(a) + " 最常与之共现 most often named with:", "muted"));
      out.appendChild(list);
    }
  });
}

/** Wire this part of the page up (run once, in order, by main.js). */
export function init() {
  el("map-pair-clear").addEventListener("click", function () {
    go({ pair: "" });
    el("map").focus();
  });

  reportLink(el("map-pair-link"));


  reportLink(el("compare-doc-link"));

}
