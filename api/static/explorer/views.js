/* The table of the current tasks (with CSV) and the matrices of types and co-occurrence.
 */
import { go } from "./address.js";
import { failed, getJSON } from "./api.js";
import { pick } from "./compare.js";
import { button, clear, make, nameOf, typeLabel } from "./dom.js";
import { documentOf, roleParams } from "./facets.js";
import { taskFilters } from "./filters.js";
import { STYLES, config, el, state } from "./state.js";

// -- table view with CSV ---------------------------------------------------------------------
export function showView(name) {
  el("table-wrap").hidden = name !== "table";
  el("matrix-wrap").hidden = name !== "matrix";
  el("map").hidden = name === "table" || name === "matrix";
  el("view-toggle").textContent = name === "table" ? "图 Map" : "表格 Table";
  el("view-toggle").setAttribute("aria-pressed", String(name === "table"));
  el("matrix-toggle").textContent = name === "matrix" ? "图 Map" : "矩阵 Matrix";
  el("matrix-toggle").setAttribute("aria-pressed", String(name === "matrix"));
}

// -- matrices: what a node-link drawing cannot show at a glance ------------------------------
export function renderMatrices() {
  relationMatrix();
  var seq = ++state.tableSeq;
  return getJSON("/analysis/cooccurrence", { rows: state.view.mr, cols: state.view.mc, limit: 500 })
    .then(function (table) { if (seq === state.tableSeq) { cooccurrenceMatrix(table); } },
      function (error) { failed(error, renderMatrices); });
}

export function fillMatrix(table, cols, rows, cell) {
  var head = table.tHead;
  var body = table.tBodies[0];
  clear(head);
  clear(body);
  var top = make("tr");
  top.appendChild(make("th", ""));
  cols.forEach(function (c) {
    var th = make("th", c.label);
    th.scope = "col";
    top.appendChild(th);
  });
  head.appendChild(top);
  rows.forEach(function (r) {
    var tr = make("tr");
    var th = make("th", r.label);
    th.scope = "row";
    tr.appendChild(th);
    cols.forEach(function (c) { tr.appendChild(cell(r, c)); });
    body.appendChild(tr);
  });
}

export function shade(td, count, most) {
  if (!count) { return; }
  var strength = Math.round(235 - 120 * count / Math.max(most, 1));
  td.style.background = "rgb(" + strength + "," + (strength + 10) + ",255)";
}

export function relationMatrix() {
  var counts = {};
  var types = {};
  var rels = {};
  var most = 0;
  (state.graph ? state.graph.edges : []).forEach(function (e) {
    [state.byId[e.source], state.byId[e.target]].forEach(function (n) {
      if (!n) { return; }
      var key = n.type + "|" + e.type;
      counts[key] = (counts[key] || 0) + 1;
      most = Math.max(most, counts[key]);
      types[n.type] = true;
      rels[e.type] = true;
    });
  });
  var cols = Object.keys(rels).sort().map(function (r) { return { id: r, label: r }; });
  var rows = Object.keys(STYLES).filter(function (t) { return types[t]; })
    .map(function (t) { return { id: t, label: typeLabel(t) }; });
  fillMatrix(el("rel-matrix"), cols, rows, function (r, c) {
    var n = counts[r.id + "|" + c.id] || 0;
    var td = make("td", n || "");
    td.setAttribute("data-cell", r.id + "|" + c.id);
    shade(td, n, most);
    return td;
  });
}

export function cooccurrenceMatrix(table) {
  var rowTotals = {};
  var colTotals = {};
  var byPair = {};
  var refs = {};
  var most = 0;
  table.cells.forEach(function (c) {
    rowTotals[c.row.id] = (rowTotals[c.row.id] || 0) + c.count;
    colTotals[c.col.id] = (colTotals[c.col.id] || 0) + c.count;
    byPair[c.row.id + "|" + c.col.id] = c;
    refs[c.row.id] = c.row;
    refs[c.col.id] = c.col;
    most = Math.max(most, c.count);
  });
  var pick = function (totals, n) {
    return Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a] || (a < b ? -1 : 1); })
      .slice(0, n).map(function (id) { return { id: id, label: refs[id].name }; });
  };
  fillMatrix(el("cooc-matrix"), pick(colTotals, 12), pick(rowTotals, 20), function (r, c) {
    var found = byPair[r.id + "|" + c.id];
    var td = make("td");
    td.setAttribute("data-cell", r.id + "|" + c.id);
    if (found) {
      td.appendChild(button(String(found.count), "row", function () { go({ e: r.id, c: c.id, v: "map", s: "" }); }));
      td.title = found.task_ids.length + " tasks";
      shade(td, found.count, most);
    }
    return td;
  });
}

export function currentTasks() {
  var params = taskFilters({ touches: state.view.e, expand: state.view.x, limit: config.maxTasks });
  return getJSON("/tasks", roleParams(params, state.view.e));
}

export function renderTable() {
  var seq = ++state.tableSeq;
  return currentTasks().then(function (page) {
    if (seq !== state.tableSeq) { return; }
    state.tasks = page;
    el("table-caption").textContent = "涉及“" + nameOf(state.view.e) + "”的任务 Tasks touching " + nameOf(state.view.e)
      + " (" + page.total + ")";
    var body = el("task-table").tBodies[0];
    clear(body);
    page.items.forEach(function (task) {
      var row = make("tr");
      row.setAttribute("data-task", task.id);
      var first = make("td");
      first.appendChild(button(task.ordinal, "row", function () { go({ s: task.id, v: "map" }); }));
      row.appendChild(first);
      row.appendChild(make("td", task.text));
      row.appendChild(make("td", task.theme.name + " › " + task.area.name));
      row.appendChild(make("td", task.match || ""));
      row.appendChild(make("td", task.entities.map(function (m) { return m.name; }).join("、")));
      body.appendChild(row);
    });
  }, function (error) { failed(error, renderTable); });
}

export function csv(page) {
  var cell = function (value) { return '"' + String(value).replace(/"/g, '""') + '"'; };
  var lines = [["id", "ordinal", "text", "document", "theme", "area", "action_type", "match", "via", "entities"].join(",")];
  page.items.forEach(function (t) {
    var doc = documentOf(t);
    lines.push([t.id, t.ordinal, t.text, doc ? doc.title : "", t.theme.name, t.area.name, t.action_type || "", t.match || "",
      (t.via || []).join(" > "), t.entities.map(function (m) { return m.name; }).join("; ")].map(cell).join(","));
  });
  return "\ufeff" + lines.join("\r\n") + "\r\n";  // the mark lets spreadsheet programs read UTF-8
}
