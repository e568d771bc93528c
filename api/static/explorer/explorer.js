/* policykg explorer: search an entity, see its neighbourhood, read the tasks behind it.
 *
 * Everything shown that comes from the graph (names, sentences, breadcrumbs) is put into the
 * page with textContent or as vis-network canvas text: never innerHTML.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("config").textContent);
  var API = config.api;
  var STYLES = config.styles;
  var TOKEN_KEY = "policykg-token";
  var NODE_LIMIT = 200;

  var el = function (id) { return document.getElementById(id); };
  var search = el("search");
  var suggestions = el("suggestions");
  var depthSelect = el("depth");
  var statusLine = el("status");

  var state = { center: null, graph: null, byId: {}, network: null, nodes: null, edges: null,
    active: -1, hits: [], searchSeq: 0, panelSeq: 0 };

  // -- small helpers ------------------------------------------------------------------------
  function make(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function setStatus(text, isError) {
    statusLine.textContent = text;
    statusLine.className = isError ? "error" : "";
  }
  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (key) {
      [].concat(params[key]).forEach(function (value) {
        parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(value));
      });
    });
    return parts.join("&");
  }
  function apiUrl(path, params) { return API + path + (params ? "?" + query(params) : ""); }

  function getJSON(path, params) {
    var headers = { Accept: "application/json" };
    var token = sessionStorage.getItem(TOKEN_KEY);
    if (token) { headers.Authorization = "Bearer " + token; }
    return fetch(apiUrl(path, params), { headers: headers }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) { return body; }
        if (response.status === 401) { el("token-box").hidden = false; }
        var error = (body && body.error) || {};
        var message = error.message || response.statusText || "request failed";
        var hint = error.details && error.details.suggestions && error.details.suggestions.length
          ? " · " + error.details.suggestions.join(", ") : "";
        throw new Error(message + hint);
      });
    });
  }

  function tail(id) { var i = id.indexOf(":"); return i >= 0 ? id.slice(i + 1) : id; }
  function nameOf(id) { var node = state.byId[id]; return node ? node.name : tail(id); }
  function typeLabel(type) {
    var style = STYLES[type];
    return style ? style.label_en + " " + style.label_zh : type;
  }

  // -- search with suggestions --------------------------------------------------------------
  var debounce = null;
  search.addEventListener("input", function () {
    clearTimeout(debounce);
    debounce = setTimeout(suggest, 150);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!state.hits.length) { return; }
      var step = event.key === "ArrowDown" ? 1 : -1;
      state.active = (state.active + step + state.hits.length) % state.hits.length;
      markActive();
    } else if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(debounce);
      if (state.hits.length && !suggestions.hidden) {
        choose(state.hits[Math.max(state.active, 0)]);
      } else {
        suggest().then(function () { if (state.hits.length) { choose(state.hits[0]); } });
      }
    } else if (event.key === "Escape") {
      suggestions.hidden = true;
    }
  });
  document.addEventListener("click", function (event) {
    if (!el("search-box").contains(event.target)) { suggestions.hidden = true; }
  });

  function suggest() {
    var q = search.value.trim();
    var seq = ++state.searchSeq;
    if (!q) { suggestions.hidden = true; state.hits = []; return Promise.resolve(); }
    return getJSON("/entities", { q: q, limit: 12 }).then(function (page) {
      if (seq !== state.searchSeq) { return; }
      state.hits = page.items;
      state.active = page.items.length ? 0 : -1;
      renderSuggestions(page);
    }).catch(function (error) { setStatus(error.message, true); });
  }

  function renderSuggestions(page) {
    clear(suggestions);
    if (!page.items.length) {
      suggestions.appendChild(make("li", "没有匹配 No entity matches", "meta"));
    }
    page.items.forEach(function (hit, i) {
      var li = make("li");
      li.setAttribute("role", "option");
      li.setAttribute("data-id", hit.id);
      li.appendChild(make("span", hit.name, "name"));
      if (hit.name_en) { li.appendChild(make("span", hit.name_en, "en")); }
      li.appendChild(make("span", typeLabel(hit.type) + " · " + hit.task_count + " tasks", "meta"));
      li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(hit); });
      if (i === state.active) { li.classList.add("active"); }
      suggestions.appendChild(li);
    });
    suggestions.hidden = false;
  }

  function markActive() {
    Array.prototype.forEach.call(suggestions.children, function (li, i) {
      li.classList.toggle("active", i === state.active);
    });
  }

  function choose(hit) {
    suggestions.hidden = true;
    search.value = hit.name;
    load(hit.id);
  }

  // -- the map ------------------------------------------------------------------------------
  depthSelect.addEventListener("change", function () { if (state.center) { load(state.center); } });
  el("recenter").addEventListener("click", function () {
    var id = el("recenter").getAttribute("data-id");
    if (id) { load(id); }
  });

  function load(id) {
    var depth = Number(depthSelect.value);
    state.center = id;
    history.replaceState(null, "", "#" + query({ entity: id, depth: depth }));
    setStatus("载入中 Loading …");
    document.body.removeAttribute("data-map-ready");
    updateLinks(id, depth);
    return getJSON("/graph/neighborhood", { entity: id, depth: depth, limit: NODE_LIMIT })
      .then(function (graph) {
        var center = graph.nodes.some(function (n) { return n.id === id; }) ? id : null;
        draw(graph, center);
        var shown = graph.nodes.length + " nodes · " + graph.edges.length + " edges";
        setStatus(shown + (graph.truncated ? " (nearest " + graph.limit + " shown)" : ""));
        if (center) { openPanel(center); }
      })
      .catch(function (error) { setStatus(error.message, true); });
  }

  function updateLinks(id, depth) {
    el("links").hidden = false;
    // The same nodes as the map on screen: the whole neighbourhood, nearest NODE_LIMIT.
    var same = { entity: id, depth: depth, limit: NODE_LIMIT };
    el("download-html").href = apiUrl("/maps/ego", Object.assign({ places: "all", download: 1 }, same));
    el("download-json").href = apiUrl("/graph/neighborhood", same);
    el("download-tasks").href = apiUrl("/tasks", { touches: id, limit: config.maxTasks });
  }

  function tooltip(node) {
    var box = make("div");
    box.appendChild(make("div", typeLabel(node.type) + (node.kind ? " · " + node.kind : "")));
    var name = node.type === "Task" ? node.ordinal + " " + (node.text || node.name) : node.name;
    box.appendChild(make("strong", name));
    if (node.name_en) { box.appendChild(make("div", node.name_en)); }
    return box;
  }

  function draw(graph, center) {
    state.graph = graph;
    state.byId = {};
    var neighbours = {};
    graph.nodes.forEach(function (n) { state.byId[n.id] = n; neighbours[n.id] = {}; });
    var seen = {};
    var edges = [];
    graph.edges.forEach(function (e) {
      if (e.source !== e.target && neighbours[e.source] && neighbours[e.target]) {
        neighbours[e.source][e.target] = true;
        neighbours[e.target][e.source] = true;
      }
      var key = e.source + "|" + e.type + "|" + e.target;
      if (seen[key]) { return; }
      seen[key] = true;
      var end = state.byId[e.target];
      var mention = config.mentionRels.indexOf(e.type) >= 0;
      var hierarchy = config.hierarchyRels.indexOf(e.type) >= 0;
      edges.push({
        id: key, from: e.source, to: e.target, label: e.type, arrows: "to",
        title: make("div", e.type + (e.surface ? " “" + e.surface + "”" : "")),
        dashes: hierarchy,
        color: { color: mention && end ? STYLES[end.type].color : hierarchy ? "#78909c" : "#b0bec5",
          opacity: 0.75 },
      });
    });
    var size = config.size;
    var nodes = graph.nodes.map(function (n) {
      var style = STYLES[n.type] || { color: "#999999", shape: "dot" };
      var degree = Object.keys(neighbours[n.id]).length;
      var isCenter = n.id === center;
      var label = n.type === "Task" ? n.ordinal || tail(n.id)
        : n.name.length > size.labelChars ? n.name.slice(0, size.labelChars - 1) + "…" : n.name;
      return {
        id: n.id, label: label, title: tooltip(n), shape: style.shape,
        size: Math.min(size.max, size.min + size.factor * Math.sqrt(degree)) * (isCenter ? 1.3 : 1),
        color: { background: style.color, border: isCenter ? "#000000" : style.color,
          highlight: { background: style.color, border: "#000000" },
          hover: { background: style.color, border: "#000000" } },
        borderWidth: isCenter ? 4 : 1,
        font: { size: isCenter ? 17 : 13, strokeWidth: isCenter ? 4 : 0 },
      };
    });
    state.nodes = new vis.DataSet(nodes);
    state.edges = new vis.DataSet(edges);
    var options = {
      nodes: { font: { face: "Noto Sans CJK SC, Noto Sans SC, sans-serif" } },
      edges: { smooth: { enabled: true, type: "continuous" },
        font: { size: 9, color: "#546e7a", strokeWidth: 2 },
        arrows: { to: { enabled: true, scaleFactor: 0.5 } } },
      interaction: { hover: true, tooltipDelay: 150 },
      layout: { improvedLayout: false, randomSeed: 7 },
      physics: { solver: "forceAtlas2Based",
        forceAtlas2Based: { gravitationalConstant: -60, springLength: 90, avoidOverlap: 0.2 },
        stabilization: { iterations: 250, updateInterval: 25 }, minVelocity: 1.5 },
    };
    if (state.network) { state.network.destroy(); }
    var network = new vis.Network(el("map"), { nodes: state.nodes, edges: state.edges }, options);
    state.network = network;
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      if (center) { network.selectNodes([center]); }
      document.body.setAttribute("data-map-ready", "1");
    });
    network.on("click", function (params) {
      if (params.nodes.length) { openPanel(params.nodes[0]); }
    });
    network.on("doubleClick", function (params) {
      if (params.nodes.length) { load(params.nodes[0]); }
    });
    renderLegend(graph.nodes);
  }

  function renderLegend(nodes) {
    var legend = el("legend");
    clear(legend);
    var counts = {};
    nodes.forEach(function (n) { counts[n.type] = (counts[n.type] || 0) + 1; });
    Object.keys(STYLES).forEach(function (type) {
      if (!counts[type]) { return; }
      var item = make("span", null, "item");
      var swatch = make("span", null, "swatch");
      swatch.style.background = STYLES[type].color;
      item.appendChild(swatch);
      item.appendChild(make("span", typeLabel(type) + " " + counts[type]));
      legend.appendChild(item);
    });
  }

  // -- the side panel -------------------------------------------------------------------------
  function openPanel(id) {
    var node = state.byId[id];
    if (!node) { return; }
    var seq = ++state.panelSeq;
    el("panel-empty").hidden = true;
    el("panel-body").hidden = false;
    el("panel-body").setAttribute("data-id", id);
    el("panel-type").textContent = typeLabel(node.type) + (node.kind ? " · " + node.kind : "");
    el("panel-title").textContent = node.type === "Task" ? "任务 Task " + node.ordinal : node.name;
    el("panel-en").textContent = node.name_en || "";
    el("panel-meta").textContent = id;
    el("panel-text").textContent = node.type === "Task" ? node.text || node.name : "";
    clear(el("panel-breadcrumb"));
    clear(el("tasks"));
    el("tasks-heading").textContent = "";
    var recenter = el("recenter");
    recenter.hidden = id === state.center;
    recenter.setAttribute("data-id", id);
    if (node.type === "Task") {
      getJSON("/tasks/" + encodeURIComponent(id)).then(function (detail) {
        if (seq !== state.panelSeq) { return; }
        breadcrumb(detail.breadcrumb.map(function (b) { return b.name; }));
        el("tasks-heading").textContent = "实体 Entities (" + detail.task.entities.length + ")";
        detail.task.entities.forEach(function (m) {
          var li = make("li");
          li.appendChild(make("span", m.name, "ordinal"));
          li.appendChild(make("span", m.rel + " · " + typeLabel(m.type), "crumbs"));
          li.appendChild(make("div", "“" + m.surface + "” [" + m.span[0] + "–" + m.span[1] + "]", "via"));
          el("tasks").appendChild(li);
        });
      }).catch(function (error) { setStatus(error.message, true); });
      return;
    }
    var params = taskFilter(node);
    if (!params) { return; }
    el("tasks-heading").textContent = "任务 Tasks …";
    params.limit = config.maxTasks;
    getJSON("/tasks", params).then(function (page) {
      if (seq !== state.panelSeq) { return; }
      renderTasks(page);
    }).catch(function (error) {
      if (seq === state.panelSeq) { el("tasks-heading").textContent = error.message; }
    });
  }

  function taskFilter(node) {
    if (config.entityTypes.indexOf(node.type) >= 0) { return { touches: node.id }; }
    if (node.type === "FocusArea") { return { area: node.id }; }
    if (node.type === "Theme" && node.ordinal) { return { theme: node.ordinal }; }
    return null;
  }

  function breadcrumb(names) {
    var list = el("panel-breadcrumb");
    clear(list);
    names.forEach(function (name) { list.appendChild(make("li", name)); });
  }

  function renderTasks(page) {
    el("tasks-heading").textContent = "任务 Tasks (" + page.total + ")";
    var list = el("tasks");
    clear(list);
    page.items.forEach(function (task) {
      var li = make("li");
      li.setAttribute("data-task", task.id);
      li.appendChild(make("span", task.ordinal, "ordinal"));
      if (task.match) { li.appendChild(make("span", task.match, "match " + task.match)); }
      li.appendChild(make("div", task.text, "sentence"));
      li.appendChild(make("div", task.theme.name + " › " + task.area.name, "crumbs"));
      if (task.match && task.match !== "direct" && task.via.length) {
        li.appendChild(make("div", "via " + task.via.map(nameOf).join(" › "), "via"));
      }
      li.addEventListener("click", function () {
        if (state.nodes && state.nodes.get(task.id)) {
          state.network.selectNodes([task.id]);
          state.network.focus(task.id, { scale: 1.2, animation: { duration: 300 } });
        }
      });
      list.appendChild(li);
    });
    if (page.total > page.items.length) {
      list.appendChild(make("li", "… " + (page.total - page.items.length) + " more", "more"));
    }
  }

  // -- token (only when the API asks for one) ---------------------------------------------------
  el("token-save").addEventListener("click", function () {
    sessionStorage.setItem(TOKEN_KEY, el("token").value.trim());
    el("token-box").hidden = true;
    if (state.center) { load(state.center); }
  });

  // -- start from the address: #entity=<id>&depth=2 or #q=黄河 -----------------------------------
  function start() {
    var params = new URLSearchParams(location.hash.slice(1));
    if (params.get("depth") === "2") { depthSelect.value = "2"; }
    if (params.get("entity")) {
      load(params.get("entity"));
    } else if (params.get("q")) {
      search.value = params.get("q");
      suggest().then(function () { if (state.hits.length) { choose(state.hits[0]); } });
    }
  }

  window.explorer = {
    load: load,
    openPanel: openPanel,
    state: state,
    nodePosition: function (id) {
      var pos = state.network.getPositions([id])[id];
      var dom = state.network.canvasToDOM(pos);
      var box = el("map").getBoundingClientRect();
      return { x: box.left + dom.x, y: box.top + dom.y };
    },
  };
  start();
})();
