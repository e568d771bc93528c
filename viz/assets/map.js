/* policykg map page: search box, type filters, plain-text tooltips.
 *
 * Runs after pyvis's drawGraph(), which leaves the globals `network`, `nodes` and `edges`.
 * Labels and titles arrive html-escaped (viz/transform.py); they are decoded here and only
 * ever shown through textContent or canvas text, so document text can never become markup.
 */
(function () {
  "use strict";

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'" };
  function decode(text) {
    return String(text === undefined || text === null ? "" : text).replace(
      /&(amp|lt|gt|quot|#x27|#39);/g,
      function (_, name) { return ENTITIES[name]; }
    );
  }

  var config = JSON.parse(document.getElementById("kg-config").textContent);
  var container = document.getElementById("mynetwork");

  // -- labels: the canvas draws text as it is, so undo the escaping where there was any ----
  var relabelled = [];
  nodes.forEach(function (node) {
    if (typeof node.label === "string" && node.label.indexOf("&") >= 0) {
      relabelled.push({ id: node.id, label: decode(node.label) });
    }
  });
  if (relabelled.length) { nodes.update(relabelled); }

  // -- tooltips: vis-network shows string titles with innerText; keep newlines, decode ------
  network.on("showPopup", function (id) {
    var item = nodes.get(id) || edges.get(id);
    var frame = container.querySelector("div.vis-tooltip");
    if (item && frame) { frame.textContent = decode(item.title); }
  });

  // -- edge labels: only on the hovered edge and around the selected node -----------------------
  var labelled = {};
  function label(ids, on) {
    var changes = [];
    ids.forEach(function (id) {
      var edge = edges.get(id);
      if (!edge || !!labelled[id] === on) { return; }
      if (on) { labelled[id] = true; } else { delete labelled[id]; }
      changes.push({ id: id, label: on ? edge.rel : undefined });
    });
    if (changes.length) { edges.update(changes); }
  }
  function labelSelection() {
    label(Object.keys(labelled), false);
    network.getSelectedNodes().forEach(function (id) { label(network.getConnectedEdges(id), true); });
  }
  network.on("hoverEdge", function (params) { label([params.edge], true); });
  network.on("blurEdge", function () { labelSelection(); });
  network.on("selectNode", labelSelection);
  network.on("deselectNode", labelSelection);

  // -- search by Chinese or English name ------------------------------------------------
  var index = nodes.get().map(function (node) {
    return {
      id: node.id,
      label: decode(node.label),
      type: node.ntype,
      search: decode(node.search),
    };
  });
  var input = document.getElementById("kg-search");
  var list = document.getElementById("kg-results");
  var hiddenTypes = {};

  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return []; }
    var hits = [];
    index.forEach(function (entry) {
      var names = entry.search.split(" ");
      var rank = names.indexOf(q) >= 0 || entry.label.toLowerCase() === q ? 0
        : entry.search.indexOf(q) === 0 ? 1
        : entry.search.indexOf(q) > 0 ? 2 : -1;
      if (rank >= 0) { hits.push({ rank: rank, entry: entry }); }
    });
    hits.sort(function (a, b) {
      return a.rank - b.rank || a.entry.label.length - b.entry.label.length;
    });
    return hits.slice(0, 12).map(function (hit) { return hit.entry; });
  }

  function focusNode(id) {
    var node = nodes.get(id);
    if (!node) { return false; }
    if (hiddenTypes[node.ntype]) { setType(node.ntype, true); }
    var path = network.clustering.findNode(id);  // [outermost cluster, …, id]
    if (path.length > 1) { network.openCluster(path[0]); }
    network.selectNodes([id]);
    labelSelection();
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 300 } });
    return true;
  }

  function showResults(hits) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!input.value.trim()) { return; }
    if (!hits.length) {
      var none = document.createElement("li");
      none.className = "kg-none";
      none.textContent = "没有找到 No match";
      list.appendChild(none);
      return;
    }
    hits.forEach(function (entry, i) {
      var li = document.createElement("li");
      li.setAttribute("data-id", entry.id);
      if (i === 0) { li.className = "kg-active"; }
      var name = document.createElement("span");
      name.textContent = entry.label;
      var type = document.createElement("span");
      type.className = "kg-type";
      type.textContent = entry.type;
      li.appendChild(name);
      li.appendChild(type);
      li.addEventListener("click", function () { focusNode(entry.id); });
      list.appendChild(li);
    });
  }

  input.addEventListener("input", function () { showResults(find(input.value)); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var hits = find(input.value);
      if (hits.length) { focusNode(hits[0].id); }
    } else if (event.key === "Escape") {
      input.value = "";
      showResults([]);
    }
  });

  // -- type filters: the legend's checkboxes ----------------------------------------------
  function setType(type, visible) {
    hiddenTypes[type] = !visible;
    var box = document.querySelector('#kg-legend input[data-type="' + type + '"]');
    if (box) { box.checked = visible; }
    var changed = [];
    nodes.forEach(function (node) {
      if (node.ntype === type) { changed.push({ id: node.id, hidden: !visible }); }
    });
    nodes.update(changed);
    // what is left fills the window again
    var shown = nodes.getIds({ filter: function (node) { return !node.hidden; } });
    if (shown.length) { fitBesidePanels(shown); }
  }
  Array.prototype.forEach.call(
    document.querySelectorAll("#kg-legend input[data-type]"),
    function (box) {
      box.addEventListener("change", function () {
        setType(box.getAttribute("data-type"), box.checked);
      });
    }
  );

  // -- whole-corpus views: divisions folded into their province, tasks clustered by theme -------
  // A folded group is one vis-network cluster; clicking it opens it again.
  var DIVISIONS = { city: true, county: true, district: true };
  var parents = {};
  var areaOf = {};
  var themeOf = {};
  edges.forEach(function (edge) {
    if (edge.rel === "PART_OF") { (parents[edge.from] = parents[edge.from] || []).push(edge.to); }
    if (edge.rel === "HAS_TASK") { areaOf[edge.to] = edge.from; }
    if (edge.rel === "HAS_AREA") { themeOf[edge.to] = edge.from; }
  });

  function provinceOf(id) {
    // up the PART_OF edges to the first place that is not a city, county or district
    var seen = {};
    var at = id;
    while (at && !seen[at]) {
      seen[at] = true;
      var node = nodes.get(at);
      if (node && !DIVISIONS[decode(node.kind)] && at !== id) { return at; }
      var up = (parents[at] || []).filter(function (p) { return nodes.get(p); });
      at = up.length ? up[0] : null;
    }
    return null;
  }

  function groups(kind) {
    var found = {};
    nodes.forEach(function (node) {
      var root = null;
      if (kind === "places" && node.ntype === "Region" && DIVISIONS[decode(node.kind)]) {
        root = provinceOf(node.id);
      } else if (kind === "themes" && node.ntype === "Task") {
        root = themeOf[areaOf[node.id]] || null;
      } else if (kind === "themes" && node.ntype === "FocusArea") {
        root = themeOf[node.id] || null;
      }
      if (root && nodes.get(root)) { (found[root] = found[root] || []).push(node.id); }
    });
    return found;
  }

  function folded(id) {
    // network.isCluster logs an error for ids that are not (yet) drawn; ask the body instead
    var node = network.body.nodes[id];
    return !!node && node.isCluster === true;
  }

  function fold(kind, on) {
    var found = groups(kind);
    Object.keys(found).forEach(function (root) {
      var id = "cluster:" + kind + ":" + root;
      if (!on) {
        if (folded(id)) { network.openCluster(id); }
        return;
      }
      if (folded(id) || network.clustering.findNode(root).length > 1) { return; }
      var members = {};
      found[root].forEach(function (m) { members[m] = true; });
      members[root] = true;
      var head = nodes.get(root);
      var name = decode(head.label);
      var count = found[root].length;
      network.cluster({
        joinCondition: function (options) { return members[options.id] === true; },
        clusterNodeProperties: {
          id: id, label: name + " +" + count, shape: head.shape, color: head.color,
          size: Math.min(48, 14 + 2 * Math.sqrt(count)), borderWidth: 3, ntype: head.ntype,
          title: name + "\n" + count + (kind === "places" ? " 市县区 cities and counties" : " 领域和任务 areas and tasks")
            + "\n点击展开 click to open",
        },
      });
    });
  }
  network.on("selectNode", function (params) {
    var id = params.nodes[0];
    if (id && folded(id)) { network.openCluster(id); }
  });
  var collapseBox = document.getElementById("kg-collapse");
  var themeBox = document.getElementById("kg-themes");
  collapseBox.addEventListener("change", function () { fold("places", collapseBox.checked); });
  themeBox.addEventListener("change", function () { fold("themes", themeBox.checked); });
  if (config.collapse) {
    collapseBox.checked = true;
    fold("places", true);
  }

  // -- readiness, for people waiting on a big map and for the browser tests ----------------
  /** Fit `ids` into the part of the window right of the title bar and the legend. */
  function fitBesidePanels(ids) {
    network.fit({ nodes: ids, animation: false });
    var box = container.getBoundingClientRect();
    var left = 0;
    ["kg-bar", "kg-legend"].forEach(function (id) {
      var panel = document.getElementById(id);
      if (panel) { left = Math.max(left, panel.getBoundingClientRect().right + 10); }
    });
    var free = box.width - left;
    if (free < box.width * 0.4) { return; }  // a narrow window: the panels are small beside it
    var scale = network.getScale() * free / box.width;
    var at = network.getViewPosition();
    network.moveTo({ position: { x: at.x - left / 2 / scale, y: at.y }, scale: scale, animation: false });
  }

  function ready() {
    fitBesidePanels(nodes.getIds({ filter: function (node) { return !node.hidden; } }));
    if (document.body.getAttribute("data-ready") !== "1") {
      document.body.setAttribute("data-ready", "1");
    }
  }
  // The stabilisation steps run before the first drawing; after them the layout is good
  // enough, and letting it creep towards minVelocity only keeps the page busy. Dragging a
  // node starts the simulation again.
  function stabilised() {
    network.stopSimulation();
    var bar = document.getElementById("loadingBar");  // pyvis's progress bar: done
    if (bar) { bar.style.display = "none"; }
    network.once("afterDrawing", ready);
    network.redraw();
  }
  if (config.physics) {
    // The parser may run vis-network's stabilisation timers before it reaches this script,
    // and a small graph can be done by then: its event has already fired.
    if (network.physics && network.physics.ready) {
      stabilised();
    } else {
      network.once("stabilizationIterationsDone", stabilised);
    }
  } else {
    network.once("afterDrawing", ready);
    network.redraw();
  }
  if (config.highlight.length) { network.selectNodes(config.highlight); labelSelection(); }

  window.kgMap = { find: find, focus: focusNode, setType: setType, decode: decode, fold: fold, folded: folded };
})();
