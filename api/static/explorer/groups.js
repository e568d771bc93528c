/* Groups that keep big maps readable: tasks by their document, cities and counties folded
 * into their province; opening one in place, new members into free space.
 */
import { address, go } from "./address.js";
import { documentCompare } from "./compare.js";
import { button, clear, make, nameOf, tail } from "./dom.js";
import { documentTitle } from "./facets.js";
import { clearSections } from "./panel.js";
import { CENTRE_BORDER, STYLES, config, el, state } from "./state.js";

// -- groups: tasks by their document, cities and counties folded into their province ---------
// A group is one vis-network cluster, drawn as one node; opening it puts its members back
// where they were drawn, or (never drawn yet) in the free space nearest the group's place.
export var DIVISIONS = { city: true, county: true, district: true };

export var GROUP_KINDS = ["places", "documents"];

export function isGroup(id) {
  var node = state.network && state.network.body.nodes[id];
  return !!node && node.isCluster === true;
}

export function inGroup(id) {
  return !!state.network && !!state.network.body.nodes[id] && state.network.clustering.findNode(id).length > 1;
}

/** What is drawn for `id`: the group it is folded into, or itself. */
export function drawnOf(id) {
  return inGroup(id) ? state.network.clustering.findNode(id)[0] : id;
}

export function drawnOrder() {
  var seen = {};
  return state.order.filter(function (id) { var n = state.nodes.get(id); return n && !n.hidden; })
    .map(drawnOf).filter(function (id) { if (seen[id]) { return false; } seen[id] = true; return true; });
}

export function drawnIds() { return drawnOrder(); }

export function openedGroups() { return state.view.og ? state.view.og.split(",") : []; }

/** Every group the map could form: {id: {kind, root, members}}. */
export function possibleGroups(graph) {
  var parents = {};
  graph.edges.forEach(function (e) {
    if (e.type === "PART_OF") { (parents[e.source] = parents[e.source] || []).push(e.target); }
  });
  function provinceOf(id) {
    // up the PART_OF edges to the first place on the map that is not a city, county or district
    var seen = {};
    var at = id;
    while (at && !seen[at]) {
      seen[at] = true;
      var node = state.byId[at];
      if (node && at !== id && !DIVISIONS[node.kind]) { return at; }
      var up = (parents[at] || []).filter(function (p) { return state.byId[p]; });
      at = up.length ? up[0] : null;
    }
    return null;
  }
  var found = {};
  function add(kind, root, member) {
    var id = "group:" + kind + ":" + root;
    found[id] = found[id] || { id: id, kind: kind, root: root, members: [] };
    found[id].members.push(member);
  }
  graph.nodes.forEach(function (n) {
    if (n.id === state.center) { return; }
    if (n.type === "Region" && DIVISIONS[n.kind]) {
      var province = provinceOf(n.id);
      if (province) { add("places", province, n.id); }
    } else if (n.type === "Task" && n.document) {
      add("documents", n.document, n.id);
    }
  });
  return found;
}

/** Is this kind of grouping on: as the address says, or by the size and spread of the map. */
export function groupingOn(kind) {
  var asked = kind === "places" ? state.view.gp : state.view.gd;
  if (asked) { return asked === "1"; }
  var nodes = state.graph.nodes;
  if (kind === "places") { return nodes.length > config.foldPlacesAbove; }
  var documents = {};
  var tasks = nodes.filter(function (n) { return n.type === "Task"; });
  tasks.forEach(function (n) { if (n.document) { documents[n.document] = true; } });
  return Object.keys(documents).length > 1 && tasks.length > config.groupTasksAbove;
}

export function groupName(group, head) {
  if (head) { return state.byId[head].name; }
  return group.kind === "documents" ? documentTitle(group.root) : nameOf(group.root);
}

/** Open every group, then form the ones this view asks for (members hidden by filters stay out). */
export function regroup() {
  var network = state.network;
  if (!network || !state.graph) { return; }
  var key = [state.graphKey, state.filterKey, state.view.gd, state.view.gp, state.view.og].join("|");
  if (key === state.groupKey) { return; }
  state.groupKey = key;
  var spots = Object.assign(openAllGroups(), state.spots || {});
  state.spots = {};
  var found = possibleGroups(state.graph);
  var opened = openedGroups();
  var shown = function (id) { var n = state.nodes.get(id); return !!n && !n.hidden && !inGroup(id); };
  GROUP_KINDS.forEach(function (kind) {
    var on = groupingOn(kind);
    var box = el(kind === "places" ? "group-places" : "group-docs");
    box.checked = on;
    // the control shows only where it would change something: cities with their province on
    // the map, tasks of more than one document
    var kinds = Object.keys(found).filter(function (id) { return found[id].kind === kind; });
    box.parentNode.hidden = kind === "places"
      ? !kinds.some(function (id) { return found[id].members.length > 1; }) : kinds.length < 2;
    if (!on) { return; }
    Object.keys(found).sort().forEach(function (id) {
      var group = found[id];
      if (group.kind !== kind || opened.indexOf(id) >= 0) { return; }
      var members = group.members.filter(shown);
      if (members.length < 2) { return; }
      var head = group.root !== state.center && shown(group.root) ? group.root : null;
      fold(group, members, head, spots[id]);
    });
  });
  network.redraw();
  settleNew();
}

export function fold(group, members, head, spot) {
  var network = state.network;
  var joined = {};
  members.concat(head ? [head] : []).forEach(function (m) { joined[m] = true; });
  var type = head ? state.byId[head].type : group.kind === "documents" ? "Document" : "Region";
  var style = STYLES[type] || { color: "#999999", shape: "dot" };
  var name = groupName(group, head);
  var short = name.length > config.size.labelChars ? name.slice(0, config.size.labelChars - 1) + "…" : name;
  var what = group.kind === "documents" ? " 项任务 tasks of this document" : " 个市县区 cities and counties";
  var title = make("div");
  title.appendChild(make("strong", name));
  title.appendChild(make("div", members.length + what));
  title.appendChild(make("div", "双击展开 double-click to open"));
  var at = spot || (head && state.placed[head] ? network.getPositions([head])[head] : null);
  network.cluster({
    joinCondition: function (options) { return joined[options.id] === true; },
    clusterNodeProperties: {
      id: group.id, label: short + " +" + members.length, title: title, shape: style.shape,
      color: { background: style.color, border: "#37474f",
        highlight: { background: style.color, border: CENTRE_BORDER } },
      borderWidth: 3, borderWidthSelected: 4, value: members.length + 2,
      font: { size: 14, strokeWidth: 3, strokeColor: "#ffffff" },
      x: at ? at.x : undefined, y: at ? at.y : undefined,
    },
  });
  state.groupAt[group.id] = network.getPositions([group.id])[group.id];
  state.groups[group.id] = { id: group.id, kind: group.kind, root: group.root, head: head,
    members: members, name: name };
}

/** Open every group; return where each one was drawn. */
export function openAllGroups() {
  var spots = {};
  Object.keys(state.groups).forEach(function (id) {
    if (isGroup(id)) { spots[id] = state.network.getPositions([id])[id]; release(id); }
  });
  state.groups = {};
  return spots;
}

/** Open a group: members go back to their places, moved as far as the group was dragged. */
export function release(id) {
  var created = state.groupAt[id];
  state.network.openCluster(id, { releaseFunction: function (at, positions) {
    var dx = created ? at.x - created.x : 0;
    var dy = created ? at.y - created.y : 0;
    var out = {};
    var group = state.groups[id];
    var fresh = Object.keys(positions).filter(function (m) { return !state.placed[m]; });
    if (group && group.head && !state.placed[group.head]) {
      fresh = [group.head].concat(fresh.filter(function (m) { return m !== group.head; }));
    }
    Object.keys(positions).forEach(function (m) {
      if (state.placed[m]) { out[m] = { x: positions[m].x + dx, y: positions[m].y + dy }; }
    });
    fresh.forEach(function (m, i) {
      // a first guess on a spiral; settleNew moves each into free space once it is drawn
      var r = i && 34 * Math.sqrt(i);
      var angle = i * GOLDEN_ANGLE;
      out[m] = { x: at.x + r * Math.cos(angle), y: at.y + r * Math.sin(angle) };
      // not placed yet: regroup opens every group to form them again, and a member that was
      // never shown must still open into free space the first time it is
      state.unsettled[m] = { x: at.x, y: at.y };
    });
    Object.keys(positions).forEach(function (m) {
      if (state.unsettled[m]) { state.unsettled[m] = { x: at.x, y: at.y }; }
    });
    return out;
  } });
  delete state.groupAt[id];
}

export var GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));  // sunflower spiral: even spacing, no rays

export var GAP = 6;  // pixels kept free around every node box (label included)

/**
 * Nodes never drawn before, now shown (members of a group, nodes an expansion brought): each
 * moves, in order, to the free spot nearest the place it belongs to (its group's, its expanded
 * node's), where its box (shape and label) overlaps no other node's; from then on it is placed.
 */
export function settleNew() {
  var network = state.network;
  var waiting = Object.keys(state.unsettled).filter(function (id) {
    var n = state.nodes.get(id);
    return n && !n.hidden && network.body.nodes[id] && !inGroup(id);
  });
  if (!waiting.length) { return; }
  var moving = {};
  waiting.forEach(function (id) { moving[id] = true; });
  var measured = nodeBoxes(drawnIds());
  var boxes = Object.keys(measured).filter(function (id) { return !moving[id]; })
    .map(function (id) { return measured[id]; });
  var at = network.getPositions(waiting);
  var step = {};
  waiting.forEach(function (id) {
    var around = state.unsettled[id];
    var key = around.x + "," + around.y;
    var found = freeSpot(measured[id], at[id], around, boxes, step[key] || 0);
    step[key] = found.step;
    network.moveNode(id, found.x, found.y);
    state.placed[id] = true;
    boxes.push(found.box);
    delete state.unsettled[id];
  });
  network.redraw();
}

/** Each node's box (shape and label) in map coordinates: {id: {left, right, top, bottom}}. */
export function nodeBoxes(ids) {
  var network = state.network;
  // vis-network measures a label only when it draws it, and it draws only the nodes in view:
  // one pass that draws every node (renderer._redraw(true), no edges) measures them all,
  // then the view is drawn again as it was
  network.renderer._redraw(true);
  var out = {};
  ids.forEach(function (id) {
    var b = network.getBoundingBox(id);
    if (b) { out[id] = { left: b.left, right: b.right, top: b.top, bottom: b.bottom }; }
  });
  network.redraw();
  return out;
}

/** The first spot on a spiral around `around` (from step `k` on) where `box` fits. */
export function freeSpot(box, at, around, boxes, k) {
  var left = box.left - at.x - GAP, right = box.right - at.x + GAP;
  var top = box.top - at.y - GAP, bottom = box.bottom - at.y + GAP;
  var spacing = Math.max(12, Math.min(right - left, bottom - top) / 2);
  for (;; k++) {
    var r = spacing * Math.sqrt(k);
    var x = around.x + r * Math.cos(k * GOLDEN_ANGLE);
    var y = around.y + r * Math.sin(k * GOLDEN_ANGLE);
    var spot = { left: x + left, right: x + right, top: y + top, bottom: y + bottom };
    var clash = boxes.some(function (b) {
      return b.left < spot.right && spot.left < b.right && b.top < spot.bottom && spot.top < b.bottom;
    });
    if (!clash || k > 100000) {
      var shown = { left: spot.left + GAP, right: spot.right - GAP, top: spot.top + GAP, bottom: spot.bottom - GAP };
      return { x: x, y: y, box: shown, step: k + 1 };
    }
  }
}

/** A user's step: open a group (a new address, so Back folds it again). */
export function openGroupStep(id) {
  var group = state.groups[id];
  go({ og: openedGroups().concat([id]).join(","), s: group && group.head ? group.head : "" });
}

/** The selection is inside a group: open it where it is, and say so in the address. */
export function openGroupOf(id) {
  var outer = state.network.clustering.findNode(id)[0];
  release(outer);
  settleNew();
  state.view.og = openedGroups().concat([outer]).join(",");
  state.groupKey = [state.graphKey, state.filterKey, state.view.gd, state.view.gp, state.view.og].join("|");
  history.replaceState(null, "", address(state.view));
  state.applied = location.hash;
}

export function groupPanel(group) {
  el("panel-empty").hidden = true;
  el("panel-body").hidden = false;
  el("panel-body").setAttribute("data-id", group.id);
  clear(el("panel-breadcrumb"));
  clear(el("tasks"));
  clear(el("panel-hint"));
  el("recenter").hidden = true;
  el("expand-here").hidden = true;
  el("open-group").hidden = false;
  el("open-group").setAttribute("data-id", group.id);
  var documents = group.kind === "documents";
  el("doc-compare").hidden = true;
  clearSections();
  if (documents) { documentCompare(group.root); }
  el("panel-type").textContent = documents ? "文件的任务 Tasks of one document" : "并入省的市县 Cities and counties folded into their province";
  el("panel-title").textContent = group.name;
  el("panel-en").textContent = "";
  el("panel-meta").textContent = group.root;
  el("panel-text").textContent = "";
  el("tasks-heading").textContent = (documents ? "任务 Tasks" : "地区 Places") + " (" + group.members.length + ")";
  group.members.map(function (id) { return state.byId[id]; }).forEach(function (n) {
    var li = make("li");
    li.setAttribute(documents ? "data-task" : "data-entity", n.id);
    li.appendChild(button(documents ? n.ordinal || tail(n.id) : n.name, "row ordinal", function () { go({ s: n.id }); }));
    if (documents) { li.appendChild(make("div", n.text || n.name, "sentence")); }
    el("tasks").appendChild(li);
  });
}

/** Wire this part of the page up (run once, in order, by main.js). */
export function init() {
  el("group-docs").addEventListener("change", function () {
    go({ gd: el("group-docs").checked ? "1" : "0", og: "" });
  });

  el("group-places").addEventListener("change", function () {
    go({ gp: el("group-places").checked ? "1" : "0", og: "" });
  });


  el("open-group").addEventListener("click", function () {
    var id = el("open-group").getAttribute("data-id");
    if (id && state.groups[id]) { openGroupStep(id); }
  });

}
