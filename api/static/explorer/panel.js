/* The side panel: a node's header, its tasks, a task's entities and breadcrumb.
 */
import { go } from "./address.js";
import { failed, getJSON } from "./api.js";
import { documentCompare } from "./compare.js";
import { button, clear, isEntity, make, nameOf, typeLabel } from "./dom.js";
import { agenciesPanel, documentOf, documentsPanel, roleParams, showTaskDocument } from "./facets.js";
import { taskFilters } from "./filters.js";
import { groupPanel } from "./groups.js";
import { ROLE_NAMES } from "./i18n.js";
import { config, el, state } from "./state.js";

// -- the side panel -------------------------------------------------------------------------
export function openPanel(id) {
  var seq = ++state.panelSeq;
  if (state.groups[id]) { groupPanel(state.groups[id]); return; }
  if (id.indexOf("group:") === 0) {  // a group no longer folded: nothing to show
    el("panel-empty").hidden = false;
    el("panel-body").hidden = true;
    return;
  }
  var node = state.byId[id];
  el("panel-empty").hidden = true;
  el("panel-body").hidden = false;
  el("panel-body").setAttribute("data-id", id);
  clear(el("panel-breadcrumb"));
  clear(el("tasks"));
  clear(el("panel-hint"));
  el("tasks-heading").textContent = "";
  el("recenter").hidden = id === state.view.e || id.indexOf("task:") === 0;
  el("recenter").setAttribute("data-id", id);
  el("expand-here").hidden = !node || id === state.view.e;
  el("open-group").hidden = true;
  el("doc-compare").hidden = true;
  clearSections();
  el("expand-here").setAttribute("data-id", id);
  var known = node ? Promise.resolve(node)
    : id.indexOf("task:") === 0 ? Promise.resolve({ id: id, type: "Task", name: "" })
    : getJSON("/entities/" + encodeURIComponent(id));
  known.then(function (n) {
    if (seq !== state.panelSeq) { return; }
    header(n);
    if (n.type === "Task") { return taskPanel(n, seq); }
    if (n.type === "Document") { documentCompare(n.id); }
    var params = taskFilter(n);
    if (!params) { return; }
    el("tasks-heading").textContent = "任务 Tasks …";
    params.limit = config.maxTasks;
    params.expand = state.view.x;
    taskFilters(params);
    roleParams(params, n.type === "Agency" ? n.id : state.view.e);
    if (isEntity(n.type)) {
      documentsPanel(n, seq);
      agenciesPanel(n, seq).catch(function () { /* the tasks still show */ });
    }
    return getJSON("/tasks", params).then(function (page) {
      if (seq !== state.panelSeq) { return; }
      renderTasks(page);
      if (!page.total && isEntity(n.type)) { return offerWider(n, params, seq); }
    });
  }).catch(function (error) {
    if (seq === state.panelSeq) { failed(error, function () { openPanel(id); }); }
  });
}

export function clearSections() {
  el("panel-document").hidden = true;
  ["docs-heading", "agencies-heading"].forEach(function (id) { el(id).hidden = true; });
  clear(el("panel-docs"));
  clear(el("panel-agencies"));
  el("docs-compare-link").hidden = true;
}

export function header(node) {
  el("panel-type").textContent = typeLabel(node.type) + (node.kind ? " · " + node.kind : "");
  el("panel-title").textContent = node.type === "Task" ? "任务 Task " + (node.ordinal || "") : node.name;
  el("panel-en").textContent = node.name_en || "";
  el("panel-meta").textContent = node.id;
  el("panel-text").textContent = node.type === "Task" ? node.text || node.name : "";
}

export function taskPanel(node, seq) {
  return getJSON("/tasks/" + encodeURIComponent(node.id)).then(function (detail) {
    if (seq !== state.panelSeq) { return; }
    header(Object.assign({}, node, detail.task, { type: "Task", id: node.id }));
    showTaskDocument(detail.task);
    breadcrumb(detail.breadcrumb.map(function (b) { return b.name; }));
    el("tasks-heading").textContent = "实体 Entities (" + detail.task.entities.length + ")";
    detail.task.entities.forEach(function (m) {
      var li = make("li");
      li.setAttribute("data-entity", m.id);
      var open = button(m.name, "row ordinal", function () {
        if (state.byId[m.id]) { go({ s: m.id }); } else { go({ e: m.id, s: "", xp: "" }); }
      });
      open.setAttribute("aria-label", m.name + " · " + typeLabel(m.type));
      li.appendChild(open);
      li.appendChild(make("span", m.rel + " · " + typeLabel(m.type), "crumbs"));
      li.appendChild(make("div", "“" + m.surface + "” [" + m.span[0] + "–" + m.span[1] + "]", "via"));
      el("tasks").appendChild(li);
    });
  });
}

/** No task with this expansion: say what a wider one gives, and offer it. */
export function offerWider(node, params, seq) {
  var options = ["both", "broader"].filter(function (x) { return x !== state.view.x; });
  var wider = Object.assign({}, params, { expand: options[0], limit: 1 });
  return getJSON("/tasks", wider).then(function (page) {
    if (seq !== state.panelSeq) { return; }
    var hint = el("panel-hint");
    clear(hint);
    if (page.total) {
      hint.appendChild(make("p", "没有任务直接提到“" + node.name + "”。No task names it directly."));
      hint.appendChild(button("包含上位 Include what it belongs to: " + page.total + " tasks", "hint",
        function () { go({ x: wider.expand }); }));
    } else {
      hint.appendChild(make("p", "没有任务提到它或其上下位。No task names it, what it belongs to, or what lies below it.", "muted"));
    }
  });
}

export function taskFilter(node) {
  if (isEntity(node.type)) { return { touches: node.id }; }
  if (node.type === "FocusArea") { return { area: node.id }; }
  if (node.type === "Theme" && node.ordinal) { return { theme: node.ordinal }; }
  return null;
}

export function breadcrumb(names) {
  var list = el("panel-breadcrumb");
  clear(list);
  names.forEach(function (name) { list.appendChild(make("li", name)); });
}

export function taskItem(task) {
  var li = make("li");
  li.setAttribute("data-task", task.id);
  var open = button(task.ordinal, "row ordinal", function () { go({ s: task.id }); });
  open.setAttribute("aria-label", "任务 Task " + task.ordinal);
  li.appendChild(open);
  if (task.match) { li.appendChild(make("span", task.match, "match " + task.match)); }
  li.appendChild(make("div", task.text, "sentence"));
  var doc = documentOf(task);
  var several = state.documents && Object.keys(state.documents).length > 1;
  li.appendChild(make("div", (doc && several ? doc.title + " › " : "") + task.theme.name + " › " + task.area.name, "crumbs"));
  if (task.match && task.match !== "direct" && task.via.length) {
    li.appendChild(make("div", "via " + task.via.map(nameOf).join(" › "), "via"));
  }
  return li;
}

export function renderTasks(page) {
  var role = state.view.role ? " · " + ROLE_NAMES[state.view.role] : "";
  el("tasks-heading").textContent = "任务 Tasks" + role + " (" + page.total + ")";
  var list = el("tasks");
  clear(list);
  page.items.forEach(function (task) { list.appendChild(taskItem(task)); });
  if (page.total > page.items.length) {
    list.appendChild(make("li", "… " + (page.total - page.items.length) + " more", "more"));
  }
}
