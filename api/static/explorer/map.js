/* The vis-network map: loading a neighbourhood, drawing, redrawing in place, selection,
 * edge labels, keyboard steps.
 */
import { address, apply, go } from "./address.js";
import { failed, getJSON, setStatus } from "./api.js";
import { pick, showPair } from "./compare.js";
import { make, nameOf, tail, typeLabel } from "./dom.js";
import { roleParams } from "./facets.js";
import { fitVisible, renderLegend } from "./filters.js";
import { drawnIds, drawnOf, drawnOrder, inGroup, isGroup, openAllGroups, openGroupOf, openGroupStep } from "./groups.js";
import { openPanel } from "./panel.js";
import { search } from "./search.js";
import { CENTRE_BORDER, NODE_LIMIT, STYLES, config, el, state } from "./state.js";

// -- the map ------------------------------------------------------------------------------
export function neighbourhood(id, view) {
  return getJSON("/graph/neighborhood", roleParams({ entity: id, depth: view.d, limit: NODE_LIMIT,
    places: view.p === "all" ? "all" : "mentioned" }, view.e));
}

export function loadGraph(view, key) {
  // only the expanded nodes changed: add or take away their neighbours, keep the drawing
  var inPlace = !!state.network && document.body.hasAttribute("data-map-ready")
    && baseKey(key) === baseKey(state.graphKey);
  var parts = inPlace ? state.parts : {};
  document.body.removeAttribute("data-map-ready");
  setStatus("载入中 Loading …");
  var extra = view.xp ? view.xp.split(",") : [];
  var part = function (id, depth) {
    var known = parts[id + "|" + depth];
    return known ? Promise.resolve(known) : neighbourhood(id, Object.assign({}, view, { d: depth }))
      .then(function (graph) { parts[id + "|" + depth] = graph; return graph; });
  };
  return part(view.e, view.d).then(function (graph) {
    // nodes expanded in place: their neighbourhoods join the map, one after the other
    return extra.reduce(function (done, id) {
      return done.then(function (g) {
        return part(id, "1").then(function (more) { return merge(g, more); });
      });
    }, Promise.resolve(graph));
  }).then(function (graph) {
    if (state.view !== view) { return false; }
    state.graphKey = key;
    state.parts = parts;
    var center = graph.nodes.some(function (n) { return n.id === view.e; }) ? view.e : null;
    if (!center) {
      var named = graph.nodes.filter(function (n) {
        return n.name === view.e || n.name_en === view.e;
      });
      center = named.length ? named[0].id : null;
    }
    if (inPlace && center === state.center) { redraw(graph, extra); } else { draw(graph, center); }
    if (center && center !== view.e) { state.view.e = center; history.replaceState(null, "", address(state.view)); state.applied = location.hash; }
    var shown = graph.nodes.length + " 节点 nodes · " + graph.edges.length + " 边 edges";
    setStatus(shown + (graph.truncated ? " (最近的 nearest " + graph.limit + ")" : ""));
    el("links").hidden = false;
    if (!view.q && center) { search.input.value = nameOf(center); }
    return true;
  }, function (error) {
    failed(error, function () { state.graphKey = ""; apply(state.view); });
    return false;
  });
}

/** The part of a graph key that needs a new drawing when it changes (all but the expanded nodes). */
export function baseKey(key) { return key.split("|").slice(0, 4).join("|"); }

export function merge(a, b) {
  var seen = {};
  var nodes = a.nodes.slice();
  nodes.forEach(function (n) { seen[n.id] = true; });
  b.nodes.forEach(function (n) { if (!seen[n.id]) { seen[n.id] = true; nodes.push(n); } });
  var keys = {};
  var edges = a.edges.concat(b.edges).filter(function (e) {
    var k = e.source + "|" + e.type + "|" + e.target + "|" + e.key;
    if (keys[k]) { return false; }
    keys[k] = true;
    return true;
  });
  return { depth: a.depth, limit: a.limit, truncated: a.truncated, nodes: nodes, edges: edges };
}

export function tooltip(node) {
  var box = make("div");
  box.appendChild(make("div", typeLabel(node.type) + (node.kind ? " · " + node.kind : "")));
  var name = node.type === "Task" ? node.ordinal + " " + (node.text || node.name) : node.name;
  box.appendChild(make("strong", name));
  if (node.name_en) { box.appendChild(make("div", node.name_en)); }
  return box;
}

/** Index the graph: nodes by id, and each node's neighbours (for sizes). */
export function index(graph) {
  state.graph = graph;
  state.byId = {};
  var neighbours = {};
  graph.nodes.forEach(function (n) { state.byId[n.id] = n; neighbours[n.id] = {}; });
  graph.edges.forEach(function (e) {
    if (e.source !== e.target && neighbours[e.source] && neighbours[e.target]) {
      neighbours[e.source][e.target] = true;
      neighbours[e.target][e.source] = true;
    }
  });
  return neighbours;
}

export function visEdges(graph) {
  var seen = {};
  var edges = [];
  graph.edges.forEach(function (e) {
    var key = e.source + "|" + e.type + "|" + e.target;
    if (seen[key] || !state.byId[e.source] || !state.byId[e.target]) { return; }
    seen[key] = true;
    var end = state.byId[e.target];
    var mention = config.mentionRels.indexOf(e.type) >= 0;
    var hierarchy = config.hierarchyRels.indexOf(e.type) >= 0;
    // no label until the edge or one of its ends is hovered or selected
    edges.push({
      id: key, from: e.source, to: e.target, rel: e.type, arrows: "to",
      title: make("div", e.type + (e.surface ? " “" + e.surface + "”" : "")),
      dashes: hierarchy,
      color: { color: mention && end ? STYLES[end.type].color : hierarchy ? "#78909c" : "#b0bec5",
        opacity: 0.75 },
    });
  });
  return edges;
}

export function visNodes(graph, center, neighbours) {
  var size = config.size;
  return graph.nodes.map(function (n) {
    var style = STYLES[n.type] || { color: "#999999", shape: "dot" };
    var degree = Object.keys(neighbours[n.id]).length;
    var isCenter = n.id === center;
    var label = n.type === "Task" ? n.ordinal || tail(n.id)
      : n.name.length > size.labelChars ? n.name.slice(0, size.labelChars - 1) + "…" : n.name;
    return {
      id: n.id, label: label, title: tooltip(n), shape: style.shape, ntype: n.type,
      value: isCenter ? degree * 2 + 4 : degree,
      color: { background: style.color, border: isCenter ? CENTRE_BORDER : style.color,
        highlight: { background: style.color, border: CENTRE_BORDER },
        hover: { background: style.color, border: CENTRE_BORDER } },
      borderWidth: isCenter ? 4 : 1,
      font: { size: isCenter ? 17 : 13, strokeWidth: 3, strokeColor: "#ffffff" },
    };
  });
}

export function draw(graph, center) {
  state.center = center;
  var neighbours = index(graph);
  var size = config.size;
  state.nodes = new vis.DataSet(visNodes(graph, center, neighbours));
  state.edges = new vis.DataSet(visEdges(graph));
  state.order = orderFrom(center, graph);
  var options = {
    nodes: { font: { face: "Noto Sans CJK SC, Noto Sans SC, sans-serif" },
      // labels of the most connected nodes first; the rest appear as one zooms in
      scaling: { min: size.min, max: size.max,
        label: { enabled: true, min: 11, max: 20, drawThreshold: 6, maxVisible: 26 } } },
    edges: { smooth: { enabled: true, type: "continuous" },
      font: { size: 10, color: "#455a64", strokeWidth: 3, align: "middle" },
      arrows: { to: { enabled: true, scaleFactor: 0.5 } } },
    interaction: { hover: true, tooltipDelay: 150, keyboard: false, multiselect: true,
      hideEdgesOnDrag: graph.nodes.length > 400 },
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: { solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, springLength: 90, avoidOverlap: 0.2 },
      stabilization: { iterations: 250, updateInterval: 25 }, minVelocity: 1.5 },
  };
  if (state.network) { state.network.destroy(); }
  var network = new vis.Network(el("map"), { nodes: state.nodes, edges: state.edges }, options);
  state.network = network;
  state.placed = {};
  state.groups = {};
  state.spots = {};
  state.groupKey = "";
  state.groupAt = {};
  state.unsettled = {};
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    drawnIds().forEach(function (id) { state.placed[id] = true; });
    fitVisible();
    document.body.setAttribute("data-map-ready", "1");
  });
  network.on("click", function (params) {
    var source = params.event && params.event.srcEvent;
    if (source && (source.ctrlKey || source.metaKey)) {
      var hit = network.getNodeAt(params.pointer.DOM);
      if (hit !== undefined) { pick(hit); } else { showPair(); }
      return;
    }
    if (params.nodes.length) { go({ s: params.nodes[0] }); }
  });
  network.on("doubleClick", function (params) {
    var id = params.nodes[0];
    if (id && isGroup(id)) { openGroupStep(id); } else if (id) { go({ e: id, s: "", xp: "" }); }
  });
  network.on("hoverEdge", function (params) { labelEdges([params.edge], true); });
  network.on("blurEdge", function (params) {
    if (!isSelectedEdge(params.edge)) { labelEdges([params.edge], false); }
  });
  renderLegend(graph.nodes);
}

/**
 * The same map with nodes added or taken away: every node already drawn keeps its place, and
 * each new one goes to the free space nearest the node whose neighbourhood brought it in
 * (settleNew moves it there once it is drawn, after filters and groups).
 */
export function redraw(graph, expanded) {
  var network = state.network;
  // groups open while nodes come and go (regroup forms them again, in the same places)
  state.spots = openAllGroups();
  var neighbours = index(graph);
  var wanted = visNodes(graph, state.center, neighbours);
  var had = {};
  state.nodes.getIds().forEach(function (id) { had[id] = true; });
  var keep = {};
  wanted.forEach(function (n) { keep[n.id] = true; });
  var gone = Object.keys(had).filter(function (id) { return !keep[id]; });
  state.nodes.remove(gone);
  // a node taken away and brought back later is new again
  gone.forEach(function (id) { delete state.placed[id]; delete state.unsettled[id]; });
  // members of groups never opened wait for a spot of their own: they mark no place
  var placed = network.getPositions(wanted.filter(function (n) { return had[n.id] && !state.unsettled[n.id]; })
    .map(function (n) { return n.id; }));
  var fresh = wanted.filter(function (n) { return !had[n.id]; });
  var spots = ringsAround(fresh, placed, expanded, neighbours);
  // placed only once settleNew has moved them (a new node folded into a group is not drawn)
  Object.keys(spots).forEach(function (id) { state.unsettled[id] = spots[id].around; });
  state.nodes.update(wanted.map(function (n) {
    return had[n.id] ? n : Object.assign(n, { x: spots[n.id].x, y: spots[n.id].y });
  }));
  var edges = visEdges(graph);
  var live = {};
  edges.forEach(function (e) { live[e.id] = true; });
  state.edges.remove(state.edges.getIds().filter(function (id) { return !live[id]; }));
  state.edges.update(edges);
  state.order = orderFrom(state.center, graph);
  renderLegend(graph.nodes);
  network.once("afterDrawing", function () { document.body.setAttribute("data-map-ready", "1"); });
  network.redraw();
}

/**
 * First guesses for new nodes: rings around their anchor (the latest expanded node they touch),
 * each with `around`, the anchor's place, where settleNew looks for free space.
 */
export function ringsAround(fresh, placed, expanded, neighbours) {
  var ids = Object.keys(placed);
  var mid = { x: 0, y: 0 };
  ids.forEach(function (id) { mid.x += placed[id].x / ids.length; mid.y += placed[id].y / ids.length; });
  var groups = {};
  fresh.forEach(function (n) {
    var anchors = expanded.filter(function (id) { return neighbours[n.id][id] && placed[id]; });
    var anchor = anchors.length ? anchors[anchors.length - 1]
      : Object.keys(neighbours[n.id]).filter(function (id) { return placed[id]; })[0] || state.center;
    (groups[anchor] = groups[anchor] || []).push(n.id);
  });
  var spots = {};
  Object.keys(groups).forEach(function (anchor) {
    var at = placed[anchor] || mid;
    // fan out away from the middle of the map, where the other nodes are
    var away = Math.atan2(at.y - mid.y, at.x - mid.x);
    var members = groups[anchor];
    var perRing = 14;
    members.forEach(function (id, i) {
      var ring = Math.floor(i / perRing);
      var inRing = Math.min(perRing, members.length - ring * perRing);
      var angle = away + (inRing === 1 ? 0 : (i % perRing - (inRing - 1) / 2) * (2 * Math.PI / Math.max(inRing, 6)));
      var radius = 110 + 70 * ring;
      spots[id] = { x: at.x + radius * Math.cos(angle), y: at.y + radius * Math.sin(angle),
        around: { x: at.x, y: at.y } };
    });
  });
  return spots;
}

export function isSelectedEdge(id) {
  var selected = state.view.s || state.view.e;
  var edge = state.edges.get(id);
  return edge && (edge.from === selected || edge.to === selected);
}

export function labelEdges(ids, on) {
  state.edges.update(ids.filter(function (id) { return state.edges.get(id); }).map(function (id) {
    return { id: id, label: on ? state.edges.get(id).rel : undefined };
  }));
}

export function orderFrom(center, graph) {
  // keyboard order: the centre, then nodes by hops from it
  var links = {};
  graph.edges.forEach(function (e) {
    (links[e.source] = links[e.source] || []).push(e.target);
    (links[e.target] = links[e.target] || []).push(e.source);
  });
  var order = [];
  var seen = {};
  var queue = center ? [center] : [];
  if (center) { seen[center] = true; }
  while (queue.length) {
    var id = queue.shift();
    order.push(id);
    (links[id] || []).forEach(function (other) {
      if (!seen[other] && state.byId[other]) { seen[other] = true; queue.push(other); }
    });
  }
  graph.nodes.forEach(function (n) { if (!seen[n.id]) { order.push(n.id); } });
  return order;
}

export function select(id) {
  if (!state.network) { return; }
  var previous = state.edges.get({ filter: function (e) { return e.label !== undefined; } });
  labelEdges(previous.map(function (e) { return e.id; }), false);
  if (state.nodes.get(id) && inGroup(id)) { openGroupOf(id); }
  if (state.nodes.get(id) || isGroup(id)) {
    state.network.selectNodes([id]);
    labelEdges(state.network.getConnectedEdges(id), true);
    state.cursor = state.order.indexOf(id);
  } else {
    state.network.unselectAll();
  }
  openPanel(id);
}

/** Wire this part of the page up (run once, in order, by main.js). */
export function init() {
  // keyboard: arrows step through the nodes (centre first, then by hops), Enter recentres
  el("map").addEventListener("keydown", function (event) {
    if (!state.network || !state.order.length) { return; }
    var key = event.key;
    if (key === "ArrowRight" || key === "ArrowDown" || key === "ArrowLeft" || key === "ArrowUp") {
      event.preventDefault();
      var visible = drawnOrder();
      var at = visible.indexOf(drawnOf(state.view.s || state.view.e));
      var step = key === "ArrowRight" || key === "ArrowDown" ? 1 : -1;
      var next = visible[(at + step + visible.length) % visible.length];
      go({ s: next });
      state.network.focus(next, { scale: Math.max(state.network.getScale(), 1), animation: false });
    } else if (key === "Enter") {
      var current = state.view.s || state.view.e;
      if (isGroup(current)) { openGroupStep(current); return; }
      if (current && current !== state.view.e && state.byId[current] && state.byId[current].type !== "Task") {
        go({ e: current, s: "", xp: "" });
      }
    } else if (key === " ") {
      event.preventDefault();
      pick(drawnOf(state.view.s || state.view.e));
    } else if (key === "+" || key === "=") {
      state.network.moveTo({ scale: state.network.getScale() * 1.25 });
    } else if (key === "-") {
      state.network.moveTo({ scale: state.network.getScale() / 1.25 });
    } else if (key === "0") {
      fitVisible();
    }
  });

}
