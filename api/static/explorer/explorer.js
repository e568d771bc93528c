/* policykg explorer: search an entity, see its neighbourhood, read the tasks behind it.
 *
 * Everything shown that comes from the graph (names, sentences, breadcrumbs) is put into the
 * page with textContent or as vis-network canvas text: never innerHTML.
 *
 * Every view is an address: #e=<centre>&d=<depth>&x=<expansion>&p=<places>&s=<selection>
 * &c=<compared entity>&v=table&hide=<types>&theme=<n>&action=<type>&xp=<expanded nodes>&q=<text>
 * &gd=<group tasks by document: 1/0, empty = automatic>&gp=<fold cities into provinces: 1/0, auto>
 * &og=<groups opened>&doc=<document>&kind=<document kind>&level=<level>&year=<2020..2026>
 * &issuer=<part of an issuer's name>&role=<agency role>.
 * A user's step pushes a new address; Back, Forward, an edited hash or a shared link apply
 * the address they carry, so each of them shows exactly the view it names.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("config").textContent);
  var API = config.api;
  var STYLES = config.styles;
  var TOKEN_KEY = "policykg-token";
  var NODE_LIMIT = 200;
  var CENTRE_BORDER = "#ff8f00";
  var DEFAULTS = { e: "", d: "1", x: "narrower", p: "mentioned", s: "", c: "", v: "map",
    hide: "", theme: "", action: "", xp: "", q: "", mr: "Region", mc: "Pollutant",
    gd: "", gp: "", og: "", doc: "", kind: "", level: "", year: "", issuer: "", role: "" };

  var el = function (id) { return document.getElementById(id); };
  var statusLine = el("status");

  var state = { view: Object.assign({}, DEFAULTS), graph: null, graphKey: "", byId: {},
    network: null, nodes: null, edges: null, panelSeq: 0, compareSeq: 0, tableSeq: 0,
    pending: 0, applied: "", order: [], cursor: -1, tasks: null, expanded: {},
    groups: {}, groupKey: "", placed: {}, groupAt: {}, unsettled: {}, pair: [] };

  // -- small helpers ------------------------------------------------------------------------
  function make(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function button(text, className, onClick) {
    var b = make("button", text, className);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (key) {
      [].concat(params[key]).forEach(function (value) {
        if (value === undefined || value === null || value === "") { return; }
        parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(value));
      });
    });
    return parts.join("&");
  }
  function apiUrl(path, params) { return API + path + (params ? "?" + query(params) : ""); }
  function tail(id) { var i = id.indexOf(":"); return i >= 0 ? id.slice(i + 1) : id; }
  function nameOf(id) { var node = state.byId[id]; return node ? node.name : tail(id); }
  function typeLabel(type) {
    var style = STYLES[type];
    return style ? style.label_en + " " + style.label_zh : type;
  }
  function isEntity(type) { return config.entityTypes.indexOf(type) >= 0; }

  // -- talking to the API: errors in both languages, a loading indicator, a retry -------------
  var MESSAGES = {
    entity_not_found: "找不到该实体",
    ambiguous_entity: "名称对应多个实体，请选择一个",
    node_not_found: "找不到该节点",
    store_unavailable: "图数据库暂时不可用",
    unauthorized: "需要 API 令牌",
    validation_error: "请求参数无效",
    out_of_range: "请求超出范围",
  };
  function ApiError(status, code, message, details) {
    this.status = status;
    this.code = code;
    this.details = details || {};
    this.message = (MESSAGES[code] || (status ? "请求失败" : "无法连接服务器")) + " · " + message;
  }

  function authHeaders() {
    var headers = {};
    var token = sessionStorage.getItem(TOKEN_KEY);
    if (token) { headers.Authorization = "Bearer " + token; }
    return headers;
  }

  function busy(delta) {
    state.pending = Math.max(0, state.pending + delta);
    el("loading").hidden = state.pending === 0;
    el("map-wrap").setAttribute("aria-busy", state.pending ? "true" : "false");
  }

  function fetchOk(url, accept) {
    var headers = authHeaders();
    headers.Accept = accept;
    busy(1);
    return fetch(url, { headers: headers }).then(function (response) {
      busy(-1);
      if (response.ok) { return response; }
      if (response.status === 401) { el("token-box").hidden = false; }
      return response.json().catch(function () { return {}; }).then(function (body) {
        var error = (body && body.error) || {};
        throw new ApiError(response.status, error.code || (response.status === 401 ? "unauthorized" : ""),
          error.message || response.statusText || "request failed", error.details);
      });
    }, function () {
      busy(-1);
      throw new ApiError(0, "", "Cannot reach the server; check the connection and retry.");
    });
  }
  function getJSON(path, params) {
    return fetchOk(apiUrl(path, params), "application/json").then(function (r) { return r.json(); });
  }

  function setStatus(text, retry) {
    statusLine.textContent = text;
    statusLine.className = retry ? "error" : "";
    var again = el("retry");
    again.hidden = !retry;
    again.onclick = null;
    if (retry) {
      again.onclick = function () { setStatus("重试中 Retrying …"); retry(); };
    }
  }
  function failed(error, retry) {
    var hint = error.details && error.details.suggestions && error.details.suggestions.length
      ? " · 您是否要找 Did you mean: " + error.details.suggestions.join(", ") : "";
    setStatus(error.message + hint, retry);
  }

  // -- the address ----------------------------------------------------------------------------
  function readAddress() {
    var params = new URLSearchParams(location.hash.slice(1));
    var view = Object.assign({}, DEFAULTS);
    Object.keys(DEFAULTS).forEach(function (key) {
      if (params.has(key)) { view[key] = params.get(key); }
    });
    if (params.has("entity")) { view.e = params.get("entity"); }  // links made before the short keys
    if (params.has("depth")) { view.d = params.get("depth"); }
    return view;
  }
  function address(view) {
    var shown = {};
    Object.keys(DEFAULTS).forEach(function (key) {
      if (view[key] !== DEFAULTS[key]) { shown[key] = view[key]; }
    });
    return "#" + query(shown);
  }
  /** A user's step: a new history entry, then the view it names. */
  function go(changes) {
    if (changes.e && changes.e !== state.view.e && !("og" in changes)) { changes.og = ""; }
    var view = Object.assign({}, state.view, changes);
    var target = address(view);
    if (target !== location.hash) { history.pushState(null, "", target); }
    return apply(view);
  }
  window.addEventListener("popstate", function () { applyAddress(); });
  window.addEventListener("hashchange", function () { applyAddress(); });
  function applyAddress() {
    if (location.hash === state.applied) { return; }
    apply(readAddress());
  }

  /** Make the page show `view`: controls, graph, selection, compare box, table. */
  function apply(view) {
    state.view = view;
    state.applied = location.hash;
    el("depth").value = view.d;
    el("expand").value = view.x;
    el("hide-places").checked = view.p !== "all";
    el("theme-filter").value = view.theme;
    el("action-filter").value = view.action;
    showFacets();
    if (view.q) { search.input.value = view.q; }
    showView(view.v);
    el("matrix-rows").value = view.mr;
    el("matrix-cols").value = view.mc;
    el("compare-box").hidden = !view.c && !state.compareOpen;
    el("compare-open").setAttribute("aria-expanded", String(!el("compare-box").hidden));
    if (!view.e) { return Promise.resolve(); }
    var key = [view.e, view.d, view.p, view.role, view.xp].join("|");
    var ready = key === state.graphKey && state.network ? Promise.resolve(true) : loadGraph(view, key);
    return ready.then(function (ok) {
      if (!ok || state.view !== view) { return; }
      var refit = applyFilters();
      regroup();
      if (refit) { fitVisible(); }
      select(view.s || view.e);
      renderCompare();
      if (view.v === "table") { renderTable(); }
      if (view.v === "matrix") { renderMatrices(); }
    });
  }

  // -- comboboxes: the search box and the compare box share one implementation ---------------
  function combobox(input, list, onChoose) {
    var box = { input: input, list: list, hits: [], active: -1, seq: 0, timer: null };
    function open(isOpen) {
      list.hidden = !isOpen;
      input.setAttribute("aria-expanded", String(isOpen));
      if (!isOpen) { input.removeAttribute("aria-activedescendant"); }
    }
    function mark() {
      Array.prototype.forEach.call(list.querySelectorAll("[role=option]"), function (li, i) {
        var on = i === box.active;
        li.classList.toggle("active", on);
        li.setAttribute("aria-selected", String(on));
        if (on) { input.setAttribute("aria-activedescendant", li.id); li.scrollIntoView({ block: "nearest" }); }
      });
    }
    function choose(hit) { open(false); onChoose(hit); }
    function keepFocus(node) {
      // a click inside the list must not blur the input, which would close the list
      node.addEventListener("mousedown", function (event) { event.preventDefault(); });
      return node;
    }
    function option(hit, i) {
      var li = make("li");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-id", hit.id);
      li.appendChild(make("span", hit.name, "name"));
      if (hit.name_en) { li.appendChild(make("span", hit.name_en, "en")); }
      var count = hit.task_count === 1 ? "1 task 项任务" : hit.task_count + " tasks 项任务";
      li.appendChild(make("span", typeLabel(hit.type) + " · " + count, "meta"));
      if (!hit.task_count) { li.classList.add("empty"); }
      li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(hit); });
      return li;
    }
    function render(items, hidden, note) {
      clear(list);
      box.hits = items;
      box.active = items.length ? 0 : -1;
      items.forEach(function (hit, i) { list.appendChild(option(hit, i)); });
      if (note) { list.appendChild(note); }
      if (hidden) {
        var more = make("li", hidden + " 个无任务的实体已隐藏 without tasks hidden · ", "meta");
        more.appendChild(keepFocus(button("显示 show", "link", function () {
          el("hide-places").checked = false;
          go({ p: "all" });
          suggest();
        })));
        list.appendChild(more);
      }
      open(true);
      mark();
    }
    function noMatch(q) {
      // the search found nothing: ask the resolver, whose 404 carries close names
      return fetchOk(apiUrl("/entities/" + encodeURIComponent(q)), "application/json")
        .then(function (r) { return r.json(); })
        .then(function (entity) { render([entity], 0, null); }, function (error) {
          var note = make("li", "没有匹配 No entity matches “" + q + "”", "meta none");
          var names = (error.details && error.details.suggestions) || [];
          if (names.length) {
            note.appendChild(make("span", " · 您是否要找 Did you mean: "));
            names.forEach(function (name) {
              note.appendChild(keepFocus(button(name, "link suggestion", function () {
                input.value = name;
                suggest();
              })));
            });
          } else if (error.status === 0) {
            note.textContent = error.message;
          }
          render([], 0, note);
        });
    }
    function suggest() {
      var q = input.value.trim();
      var seq = ++box.seq;
      if (!q) { open(false); box.hits = []; return Promise.resolve(); }
      return getJSON("/entities", { q: q, limit: 40 }).then(function (page) {
        if (seq !== box.seq) { return; }
        var hide = state.view.p !== "all";
        var shown = page.items.filter(function (hit) {
          return !hide || hit.task_count > 0 || hit.name === q || hit.id === q;
        });
        if (!page.items.length) { return noMatch(q); }
        render(shown.slice(0, 12), page.items.length - shown.length, null);
      }, function (error) {
        if (seq === box.seq) { failed(error, function () { input.focus(); suggest(); }); }
      });
    }
    input.addEventListener("input", function () {
      clearTimeout(box.timer);
      box.timer = setTimeout(suggest, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) { suggest(); return; }
        if (!box.hits.length) { return; }
        var step = event.key === "ArrowDown" ? 1 : -1;
        box.active = (box.active + step + box.hits.length) % box.hits.length;
        mark();
      } else if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(box.timer);
        if (box.hits.length && !list.hidden) {
          choose(box.hits[Math.max(box.active, 0)]);
        } else {
          suggest().then(function () { if (box.hits.length) { choose(box.hits[0]); } });
        }
      } else if (event.key === "Escape") {
        open(false);
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(function () { if (document.activeElement !== input) { open(false); } }, 120);
    });
    box.suggest = suggest;
    return box;
  }

  var search = combobox(el("search"), el("suggestions"), function (hit) {
    el("search").value = hit.name;
    go({ e: hit.id, s: "", q: hit.name, xp: "" });
  });
  var compareSearch = combobox(el("compare-input"), el("compare-suggestions"), function (hit) {
    el("compare-input").value = hit.name;
    go({ c: hit.id });
  });

  // -- controls ------------------------------------------------------------------------------
  el("depth").addEventListener("change", function () { go({ d: el("depth").value }); });
  el("expand").addEventListener("change", function () { go({ x: el("expand").value }); });
  el("hide-places").addEventListener("change", function () {
    go({ p: el("hide-places").checked ? "mentioned" : "all" });
  });
  el("theme-filter").addEventListener("change", function () { go({ theme: el("theme-filter").value }); });
  el("action-filter").addEventListener("change", function () { go({ action: el("action-filter").value }); });
  el("view-toggle").addEventListener("click", function () {
    go({ v: state.view.v === "table" ? "map" : "table" });
  });
  el("matrix-toggle").addEventListener("click", function () {
    go({ v: state.view.v === "matrix" ? "map" : "matrix" });
  });
  config.entityTypes.forEach(function (type) {
    ["matrix-rows", "matrix-cols"].forEach(function (id) {
      var option = make("option", typeLabel(type));
      option.value = type;
      el(id).appendChild(option);
    });
  });
  el("matrix-rows").addEventListener("change", function () { go({ mr: el("matrix-rows").value }); });
  el("matrix-cols").addEventListener("change", function () { go({ mc: el("matrix-cols").value }); });
  el("compare-open").addEventListener("click", function () {
    state.compareOpen = el("compare-box").hidden;
    if (!state.compareOpen && state.view.c) { go({ c: "" }); return; }
    el("compare-box").hidden = !state.compareOpen;
    el("compare-open").setAttribute("aria-expanded", String(state.compareOpen));
    el("compare-a").textContent = nameOf(state.view.e);
    if (state.compareOpen) { el("compare-input").focus(); }
  });
  el("recenter").addEventListener("click", function () {
    var id = el("recenter").getAttribute("data-id");
    if (id) { go({ e: id, s: "", xp: "" }); }
  });
  el("expand-here").addEventListener("click", function () {
    var id = el("expand-here").getAttribute("data-id");
    var list = state.view.xp ? state.view.xp.split(",") : [];
    if (id && list.indexOf(id) < 0) { list.push(id); go({ xp: list.join(","), s: id }); }
  });
  config.actionTypes.forEach(function (type) {
    var option = make("option", type);
    option.value = type;
    el("action-filter").appendChild(option);
  });

  // -- the map ------------------------------------------------------------------------------
  function neighbourhood(id, view) {
    return getJSON("/graph/neighborhood", roleParams({ entity: id, depth: view.d, limit: NODE_LIMIT,
      places: view.p === "all" ? "all" : "mentioned" }, view.e));
  }

  function loadGraph(view, key) {
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
  function baseKey(key) { return key.split("|").slice(0, 4).join("|"); }

  function merge(a, b) {
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

  function tooltip(node) {
    var box = make("div");
    box.appendChild(make("div", typeLabel(node.type) + (node.kind ? " · " + node.kind : "")));
    var name = node.type === "Task" ? node.ordinal + " " + (node.text || node.name) : node.name;
    box.appendChild(make("strong", name));
    if (node.name_en) { box.appendChild(make("div", node.name_en)); }
    return box;
  }

  /** Index the graph: nodes by id, and each node's neighbours (for sizes). */
  function index(graph) {
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

  function visEdges(graph) {
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

  function visNodes(graph, center, neighbours) {
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

  function draw(graph, center) {
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
    state.pair = [];
    showPair();
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
   * each new one is put on a ring around the node whose neighbourhood brought it in.
   */
  function redraw(graph, expanded) {
    var network = state.network;
    // groups open while nodes come and go (regroup forms them again, in the same places)
    state.spots = openAllGroups();
    var neighbours = index(graph);
    var wanted = visNodes(graph, state.center, neighbours);
    var had = {};
    state.nodes.getIds().forEach(function (id) { had[id] = true; });
    var keep = {};
    wanted.forEach(function (n) { keep[n.id] = true; });
    state.nodes.remove(Object.keys(had).filter(function (id) { return !keep[id]; }));
    var placed = network.getPositions(wanted.filter(function (n) { return had[n.id]; })
      .map(function (n) { return n.id; }));
    var fresh = wanted.filter(function (n) { return !had[n.id]; });
    var spots = ringsAround(fresh, placed, expanded, neighbours);
    Object.keys(spots).forEach(function (id) { state.placed[id] = true; });
    state.nodes.update(wanted.map(function (n) {
      return had[n.id] ? n : Object.assign(n, spots[n.id]);
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

  /** Places for new nodes: rings around their anchor (the latest expanded node they touch). */
  function ringsAround(fresh, placed, expanded, neighbours) {
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
        spots[id] = { x: at.x + radius * Math.cos(angle), y: at.y + radius * Math.sin(angle) };
      });
    });
    return spots;
  }

  function isSelectedEdge(id) {
    var selected = state.view.s || state.view.e;
    var edge = state.edges.get(id);
    return edge && (edge.from === selected || edge.to === selected);
  }
  function labelEdges(ids, on) {
    state.edges.update(ids.filter(function (id) { return state.edges.get(id); }).map(function (id) {
      return { id: id, label: on ? state.edges.get(id).rel : undefined };
    }));
  }

  function orderFrom(center, graph) {
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

  function select(id) {
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

  // -- groups: tasks by their document, cities and counties folded into their province ---------
  // A group is one vis-network cluster, drawn as one node; opening it puts its members back
  // where they were drawn, or (never drawn yet) in the free space nearest the group's place.
  var DIVISIONS = { city: true, county: true, district: true };
  var GROUP_KINDS = ["places", "documents"];

  function isGroup(id) {
    var node = state.network && state.network.body.nodes[id];
    return !!node && node.isCluster === true;
  }
  function inGroup(id) {
    return !!state.network && !!state.network.body.nodes[id] && state.network.clustering.findNode(id).length > 1;
  }
  /** What is drawn for `id`: the group it is folded into, or itself. */
  function drawnOf(id) {
    return inGroup(id) ? state.network.clustering.findNode(id)[0] : id;
  }
  function drawnOrder() {
    var seen = {};
    return state.order.filter(function (id) { var n = state.nodes.get(id); return n && !n.hidden; })
      .map(drawnOf).filter(function (id) { if (seen[id]) { return false; } seen[id] = true; return true; });
  }
  function drawnIds() { return drawnOrder(); }
  function openedGroups() { return state.view.og ? state.view.og.split(",") : []; }

  /** Every group the map could form: {id: {kind, root, members}}. */
  function possibleGroups(graph) {
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
  function groupingOn(kind) {
    var asked = kind === "places" ? state.view.gp : state.view.gd;
    if (asked) { return asked === "1"; }
    var nodes = state.graph.nodes;
    if (kind === "places") { return nodes.length > config.foldPlacesAbove; }
    var documents = {};
    var tasks = nodes.filter(function (n) { return n.type === "Task"; });
    tasks.forEach(function (n) { if (n.document) { documents[n.document] = true; } });
    return Object.keys(documents).length > 1 && tasks.length > config.groupTasksAbove;
  }

  function groupName(group, head) {
    if (head) { return state.byId[head].name; }
    return group.kind === "documents" ? documentTitle(group.root) : nameOf(group.root);
  }

  /** Open every group, then form the ones this view asks for (members hidden by filters stay out). */
  function regroup() {
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

  function fold(group, members, head, spot) {
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
  function openAllGroups() {
    var spots = {};
    Object.keys(state.groups).forEach(function (id) {
      if (isGroup(id)) { spots[id] = state.network.getPositions([id])[id]; release(id); }
    });
    state.groups = {};
    return spots;
  }

  /** Open a group: members go back to their places, moved as far as the group was dragged. */
  function release(id) {
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
        state.placed[m] = true;
        state.unsettled[m] = { x: at.x, y: at.y };
      });
      Object.keys(positions).forEach(function (m) {
        if (state.unsettled[m]) { state.unsettled[m] = { x: at.x, y: at.y }; }
      });
      return out;
    } });
    delete state.groupAt[id];
  }

  var GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));  // sunflower spiral: even spacing, no rays
  var GAP = 6;  // pixels kept free around every node box (label included)

  /**
   * Members of a group never drawn before, now shown: each moves, the head first, to the free
   * spot nearest the group's place, where its box (shape and label) overlaps no other node's.
   */
  function settleNew() {
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
      boxes.push(found.box);
      delete state.unsettled[id];
    });
    network.redraw();
  }

  /** Each node's box (shape and label) in map coordinates: {id: {left, right, top, bottom}}. */
  function nodeBoxes(ids) {
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
  function freeSpot(box, at, around, boxes, k) {
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
  function openGroupStep(id) {
    var group = state.groups[id];
    go({ og: openedGroups().concat([id]).join(","), s: group && group.head ? group.head : "" });
  }

  /** The selection is inside a group: open it where it is, and say so in the address. */
  function openGroupOf(id) {
    var outer = state.network.clustering.findNode(id)[0];
    release(outer);
    settleNew();
    state.view.og = openedGroups().concat([outer]).join(",");
    state.groupKey = [state.graphKey, state.filterKey, state.view.gd, state.view.gp, state.view.og].join("|");
    history.replaceState(null, "", address(state.view));
    state.applied = location.hash;
  }

  el("group-docs").addEventListener("change", function () {
    go({ gd: el("group-docs").checked ? "1" : "0", og: "" });
  });
  el("group-places").addEventListener("change", function () {
    go({ gp: el("group-places").checked ? "1" : "0", og: "" });
  });

  function groupPanel(group) {
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
  el("open-group").addEventListener("click", function () {
    var id = el("open-group").getAttribute("data-id");
    if (id && state.groups[id]) { openGroupStep(id); }
  });

  // -- document facets: which documents the tasks come from (kind, level, year), agency roles ----
  // GET /documents gives every document's metadata once; the map keeps the tasks of the
  // documents the facets keep, and every /tasks request carries the same facets.
  var LEVEL_NAMES = { national: "国家 national", provincial: "省级 provincial",
    prefecture: "地市 prefecture", county: "县级 county" };
  var ROLE_NAMES = { lead: "牵头 lead", support: "参与 support", responsible: "负责 responsible",
    guide: "指导 guide", joint: "会同 joint" };

  /** A task item's document as {id, title, kind, level, date}, whether the API gives an id or more. */
  function documentOf(task) {
    var doc = task.document;
    if (!doc) { return null; }
    if (typeof doc === "string") {
      var known = state.documents && state.documents[doc];
      return known ? known.document : { id: doc, title: tail(doc) };
    }
    return doc;
  }
  function documentTitle(id) {
    var known = state.documents && state.documents[id];
    if (known) { return known.document.title; }
    var node = state.byId[id];
    return node ? node.name : tail(id);
  }
  function yearRange() {
    var parts = (state.view.year || "").split("..");
    var from = parseInt(parts[0], 10);
    var to = parts.length > 1 ? parseInt(parts[1], 10) : from;
    return [isNaN(from) ? null : from, isNaN(to) ? null : to];
  }
  function facetsOn() {
    var v = state.view;
    return !!(v.doc || v.kind || v.level || v.year || v.issuer);
  }
  /** As the server folds names for the issuer facet: full-width forms and case ignored. */
  function folded(text) { return String(text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, ""); }

  function loadDocuments() {
    var found = {};
    var page = function (offset) {
      return getJSON("/documents", { limit: 200, offset: offset }).then(function (got) {
        got.items.forEach(function (item) { found[item.document.id] = item; });
        var next = offset + got.items.length;
        return got.items.length && next < got.total ? page(next) : found;
      });
    };
    return page(0).then(function (all) {
      state.documents = all;
      fillFacets(all);
      el("facets").hidden = false;
      state.filterKey = "";  // the map's documents are known now: filter again
      state.groupKey = "";
      if (state.graph) { apply(state.view); }
    }, function () { /* no document list (an older server): the facets stay hidden */ });
  }

  function fillFacets(all) {
    var ids = Object.keys(all).sort(function (a, b) {
      return all[a].document.title < all[b].document.title ? -1 : 1;
    });
    var kinds = {};
    var issuers = {};
    ids.forEach(function (id) {
      var doc = all[id].document;
      var option = make("option", doc.title + (all[id].year ? " (" + all[id].year + ")" : ""));
      option.value = id;
      el("doc-filter").appendChild(option);
      if (doc.kind) { kinds[doc.kind] = true; }
      (all[id].issuers || []).forEach(function (name) { issuers[name] = (issuers[name] || 0) + 1; });
    });
    Object.keys(kinds).sort().forEach(function (kind) {
      var option = make("option", kind);
      option.value = kind;
      el("kind-filter").appendChild(option);
    });
    // the issuers of most documents first: the names a researcher is likely to want
    Object.keys(issuers).sort(function (a, b) { return issuers[b] - issuers[a] || (a < b ? -1 : 1); })
      .forEach(function (name) {
        var option = make("option");
        option.value = name;
        option.label = issuers[name] + " 份 documents";
        el("issuer-names").appendChild(option);
      });
    showFacets();
  }
  config.levels.forEach(function (level) {
    var option = make("option", LEVEL_NAMES[level] || level);
    option.value = level;
    el("level-filter").appendChild(option);
  });
  config.roles.forEach(function (role) {
    var option = make("option", ROLE_NAMES[role] || role);
    option.value = role;
    el("role-filter").appendChild(option);
  });

  function showFacets() {
    el("doc-filter").value = state.view.doc;
    el("kind-filter").value = state.view.kind;
    el("level-filter").value = state.view.level;
    el("issuer-filter").value = state.view.issuer;
    el("role-filter").value = state.view.role;
    var years = yearRange();
    el("year-from").value = years[0] === null ? "" : String(years[0]);
    el("year-to").value = years[1] === null ? "" : String(years[1]);
  }

  /** Does a document pass the facets (each facet: its one value; the year range inclusive)? */
  function documentPasses(id) {
    var v = state.view;
    if (!facetsOn()) { return true; }
    if (v.doc && id !== v.doc) { return false; }
    var item = state.documents && state.documents[id];
    if (!item) { return !v.kind && !v.level && !v.year && !v.issuer; }
    if (v.kind && item.document.kind !== v.kind) { return false; }
    if (v.level && item.document.level !== v.level) { return false; }
    if (v.issuer && !(item.issuers || []).some(function (name) {
      return folded(name).indexOf(folded(v.issuer)) >= 0;
    })) { return false; }
    if (v.year) {
      var years = yearRange();
      if (item.year === null || item.year === undefined) { return false; }
      if ((years[0] !== null && item.year < years[0]) || (years[1] !== null && item.year > years[1])) { return false; }
    }
    return true;
  }

  function facetParams(params) {
    var v = state.view;
    if (v.doc) { params.document = v.doc; }
    if (v.kind) { params.kind = v.kind; }
    if (v.level) { params.level = v.level; }
    if (v.year) { params.year = v.year; }
    if (v.issuer) { params.issuer = v.issuer; }
    return params;
  }
  /**
   * The agency-role facet of /tasks and /graph/neighborhood: with a role chosen, the tasks in
   * which `agencyId` (an agency's own map or panel) or, for anything else, any agency has it.
   */
  function roleParams(params, agencyId) {
    if (state.view.role) {
      params.role = state.view.role;
      if (agencyId && agencyId.indexOf("agency:") === 0) { params.agency = agencyId; }
    }
    return params;
  }

  el("doc-filter").addEventListener("change", function () { go({ doc: el("doc-filter").value }); });
  el("kind-filter").addEventListener("change", function () { go({ kind: el("kind-filter").value }); });
  el("level-filter").addEventListener("change", function () { go({ level: el("level-filter").value }); });
  el("role-filter").addEventListener("change", function () { go({ role: el("role-filter").value }); });
  el("issuer-filter").addEventListener("change", function () { go({ issuer: el("issuer-filter").value.trim() }); });
  ["year-from", "year-to"].forEach(function (id) {
    el(id).addEventListener("change", function () {
      var from = el("year-from").value.trim();
      var to = el("year-to").value.trim();
      go({ year: !from && !to ? "" : from === to ? from : from + ".." + to });
    });
  });

  /** Which documents touch this entity: ranked by their tasks that do, with years; one click filters. */
  function documentsPanel(node, seq) {
    var params = facetParams({ touches: node.id, expand: state.view.x, limit: 20 });
    return getJSON("/documents", params).then(function (page) {
      if (seq !== state.panelSeq) { return; }
      var heading = el("docs-heading");
      heading.hidden = false;
      heading.textContent = "文件 Documents (" + page.total + ")";
      var list = el("panel-docs");
      clear(list);
      page.items.forEach(function (item) {
        var doc = item.document;
        var li = make("li");
        li.setAttribute("data-document", doc.id);
        var pick = make("input");
        pick.type = "checkbox";
        pick.className = "pick";
        pick.setAttribute("aria-label", "选来对比 pick to compare: " + doc.title);
        pick.addEventListener("change", function () { pickedDocuments(list); });
        li.appendChild(pick);
        var only = button(doc.title, "row", function () { go({ doc: doc.id }); });
        only.title = "只看此文件的任务 Only this document's tasks";
        li.appendChild(only);
        var facts = [item.year || "—", doc.kind, LEVEL_NAMES[doc.level] || doc.level]
          .filter(function (x) { return x; }).join(" · ");
        li.appendChild(make("div", facts + " · " + item.matched + " 项任务 tasks"
          + (item.direct !== null && item.direct !== item.matched ? " (" + item.direct + " 直接 direct)" : ""), "crumbs"));
        list.appendChild(li);
      });
      if (page.total > page.items.length) {
        list.appendChild(make("li", "… " + (page.total - page.items.length) + " more", "more"));
      }
    }, function () { /* an older server without /documents: no section */ });
  }

  var AGENCY_ROWS = 200;  // agency-role pairs asked for; the panel shows the first dozen

  /** Two documents ticked in the list: the link to their side-by-side report. */
  function pickedDocuments(list) {
    var picked = Array.prototype.filter.call(list.querySelectorAll("li[data-document]"), function (li) {
      return li.querySelector("input.pick").checked;
    }).map(function (li) { return li.getAttribute("data-document"); });
    var link = el("docs-compare-link");
    link.hidden = picked.length !== 2;
    if (picked.length === 2) { link.href = apiUrl("/compare/report", { a: picked[0], b: picked[1] }); }
  }
  reportLink(el("docs-compare-link"));

  /** The agencies with a role in the tasks touching this entity (only the chosen role, if any). */
  function agenciesPanel(node, seq) {
    return getJSON("/analysis/agencies", { touches: node.id, expand: state.view.x, limit: AGENCY_ROWS }).then(function (got) {
      if (seq !== state.panelSeq) { return; }
      var items = got.items.filter(function (c) { return !state.view.role || c.role === state.view.role; });
      var heading = el("agencies-heading");
      heading.hidden = !items.length && !state.view.role;
      heading.textContent = "机构 Agencies" + (state.view.role ? " · " + ROLE_NAMES[state.view.role] : "")
        + " (" + items.length + (got.items.length >= AGENCY_ROWS ? "+" : "") + ")";
      var list = el("panel-agencies");
      clear(list);
      items.slice(0, 12).forEach(function (c) {
        var li = make("li");
        li.setAttribute("data-agency", c.agency.id);
        li.setAttribute("data-role", c.role);
        li.appendChild(button(c.agency.name, "row", function () { go({ e: c.agency.id, s: "", xp: "" }); }));
        li.appendChild(make("span", " " + (ROLE_NAMES[c.role] || c.role) + " · " + c.tasks + " 项任务 tasks", "crumbs"));
        list.appendChild(li);
      });
      if (items.length > 12) { list.appendChild(make("li", "… " + (items.length - 12) + " more", "more")); }
    });
  }

  function showTaskDocument(task) {
    var doc = documentOf(task);
    var line = el("panel-document");
    clear(line);
    line.hidden = !doc;
    if (!doc) { return; }
    line.setAttribute("data-document", doc.id);
    line.appendChild(make("span", "文件 Document: ", "muted"));
    line.appendChild(button(doc.title, "row", function () { go({ doc: doc.id }); }));
    var facts = [doc.kind, LEVEL_NAMES[doc.level] || doc.level, doc.date].filter(function (x) { return x; });
    if (facts.length) { line.appendChild(make("span", " · " + facts.join(" · "), "muted")); }
  }

  // -- legend and filters: types to hide, theme and action type of tasks ----------------------
  function hiddenTypes() { return state.view.hide ? state.view.hide.split(",") : []; }

  function renderLegend(nodes) {
    var legend = el("legend");
    clear(legend);
    var counts = {};
    nodes.forEach(function (n) { counts[n.type] = (counts[n.type] || 0) + 1; });
    Object.keys(STYLES).forEach(function (type) {
      if (!counts[type]) { return; }
      var label = make("label", null, "item");
      var box = make("input");
      box.type = "checkbox";
      box.setAttribute("data-type", type);
      box.checked = hiddenTypes().indexOf(type) < 0;
      box.addEventListener("change", function () {
        var hidden = hiddenTypes().filter(function (t) { return t !== type; });
        if (!box.checked) { hidden.push(type); }
        go({ hide: hidden.join(",") });
      });
      var swatch = make("span", null, "swatch shape-" + STYLES[type].shape);
      swatch.style.background = STYLES[type].color;
      label.appendChild(box);
      label.appendChild(swatch);
      label.appendChild(make("span", typeLabel(type) + " " + counts[type]));
      legend.appendChild(label);
    });
  }

  function taskPasses(node) {
    var v = state.view;
    if (v.action && node.action_type !== v.action) { return false; }
    if (v.theme && node.theme && tail(node.theme).split(":").pop() !== v.theme) { return false; }
    return !node.document || documentPasses(node.document);
  }

  function applyFilters() {
    if (!state.nodes) { return false; }
    var hidden = hiddenTypes();
    Array.prototype.forEach.call(el("legend").querySelectorAll("input[data-type]"), function (box) {
      box.checked = hidden.indexOf(box.getAttribute("data-type")) < 0;
    });
    var changes = state.graph.nodes.map(function (n) {
      var off = hidden.indexOf(n.type) >= 0 || (n.type === "Task" && !taskPasses(n));
      return { id: n.id, hidden: off && n.id !== state.center };
    });
    var before = state.filterKey;
    state.nodes.update(changes);
    state.filterKey = [state.graphKey, state.view.hide, state.view.theme, state.view.action,
      state.view.doc, state.view.kind, state.view.level, state.view.year, state.view.issuer].join("|");
    // what is left fills the map again
    return before !== undefined && before !== state.filterKey && document.body.hasAttribute("data-map-ready");
  }

  function fitVisible() {
    var ids = drawnIds();
    // up to twice the natural size: a few nodes left after a filter fill the map
    state.network.fit({ nodes: ids, animation: false, maxZoomLevel: 2 });
  }

  function loadThemes() {
    getJSON("/themes").then(function (trees) {
      var seen = {};
      [].concat(trees.documents || trees).forEach(function (doc) {
        (doc.themes || []).forEach(function (theme) {
          if (seen[theme.ordinal]) { return; }
          seen[theme.ordinal] = true;
          var option = make("option", theme.ordinal + " " + (theme.title || theme.name));
          option.value = theme.ordinal;
          el("theme-filter").appendChild(option);
        });
      });
      el("theme-filter").value = state.view.theme;
    }, function () { /* the filter stays at "all"; the map and tasks still work */ });
  }

  function taskFilters(params) {
    if (state.view.theme) { params.theme = state.view.theme; }
    if (state.view.action) { params.action_type = state.view.action; }
    return facetParams(params);
  }

  // -- the side panel -------------------------------------------------------------------------
  function openPanel(id) {
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

  function clearSections() {
    el("panel-document").hidden = true;
    ["docs-heading", "agencies-heading"].forEach(function (id) { el(id).hidden = true; });
    clear(el("panel-docs"));
    clear(el("panel-agencies"));
    el("docs-compare-link").hidden = true;
  }

  function header(node) {
    el("panel-type").textContent = typeLabel(node.type) + (node.kind ? " · " + node.kind : "");
    el("panel-title").textContent = node.type === "Task" ? "任务 Task " + (node.ordinal || "") : node.name;
    el("panel-en").textContent = node.name_en || "";
    el("panel-meta").textContent = node.id;
    el("panel-text").textContent = node.type === "Task" ? node.text || node.name : "";
  }

  function taskPanel(node, seq) {
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
  function offerWider(node, params, seq) {
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

  function taskFilter(node) {
    if (isEntity(node.type)) { return { touches: node.id }; }
    if (node.type === "FocusArea") { return { area: node.id }; }
    if (node.type === "Theme" && node.ordinal) { return { theme: node.ordinal }; }
    return null;
  }

  function breadcrumb(names) {
    var list = el("panel-breadcrumb");
    clear(list);
    names.forEach(function (name) { list.appendChild(make("li", name)); });
  }

  function taskItem(task) {
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

  function renderTasks(page) {
    var role = state.view.role ? " · " + ROLE_NAMES[state.view.role] : "";
    el("tasks-heading").textContent = "任务 Tasks" + role + " (" + page.total + ")";
    var list = el("tasks");
    clear(list);
    page.items.forEach(function (task) { list.appendChild(taskItem(task)); });
    if (page.total > page.items.length) {
      list.appendChild(make("li", "… " + (page.total - page.items.length) + " more", "more"));
    }
  }

  // -- a document against another: the side-by-side report of /compare/report -------------------
  /** The documents this map knows of: {id: title}. */
  function knownDocuments() {
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

  function documentCompare(id) {
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
  var DOCUMENT_GROUP = "group:documents:";
  function documentOfNode(id) {
    if (id.indexOf(DOCUMENT_GROUP) === 0) { return id.slice(DOCUMENT_GROUP.length); }
    var node = state.byId[id];
    return node && node.type === "Document" ? id : null;
  }
  function pick(id) {
    if (!documentOfNode(id)) {
      setStatus("只能对比文件（或文件的任务组）· Only documents, or groups of a document's tasks, can be compared");
      showPair();
      return;
    }
    var at = state.pair.indexOf(id);
    state.pair = at >= 0 ? state.pair.filter(function (p) { return p !== id; }) : state.pair.concat([id]).slice(-2);
    showPair();
  }
  function showPair() {
    var pair = state.pair || [];
    var docs = pair.map(documentOfNode);
    el("map-pair").hidden = !pair.length;
    el("map-pair").setAttribute("data-documents", docs.join("|"));
    el("map-pair-names").textContent = docs.map(documentTitle).join(" ↔ ")
      + (pair.length === 1 ? " · 再选一个文件 pick one more document" : "");
    var link = el("map-pair-link");
    link.hidden = pair.length !== 2;
    if (pair.length === 2) { link.href = apiUrl("/compare/report", { a: docs[0], b: docs[1] }); }
    if (state.network && pair.length) { state.network.selectNodes(pair); }
  }
  el("map-pair-clear").addEventListener("click", function () {
    state.pair = [];
    showPair();
    if (state.network) { state.network.unselectAll(); }
    el("map").focus();
  });
  reportLink(el("map-pair-link"));

  function reportLink(link) {
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
  reportLink(el("compare-doc-link"));

  // -- compare two entities: the path between them, shared tasks, co-occurrence of types ---------
  function renderCompare() {
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

  function renderPath(out, path) {
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

  function renderCooccurrence(out, a, typeA, other, seq) {
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

  // -- table view with CSV ---------------------------------------------------------------------
  function showView(name) {
    el("table-wrap").hidden = name !== "table";
    el("matrix-wrap").hidden = name !== "matrix";
    el("map").hidden = name === "table" || name === "matrix";
    el("view-toggle").textContent = name === "table" ? "图 Map" : "表格 Table";
    el("view-toggle").setAttribute("aria-pressed", String(name === "table"));
    el("matrix-toggle").textContent = name === "matrix" ? "图 Map" : "矩阵 Matrix";
    el("matrix-toggle").setAttribute("aria-pressed", String(name === "matrix"));
  }

  // -- matrices: what a node-link drawing cannot show at a glance ------------------------------
  function renderMatrices() {
    relationMatrix();
    var seq = ++state.tableSeq;
    return getJSON("/analysis/cooccurrence", { rows: state.view.mr, cols: state.view.mc, limit: 500 })
      .then(function (table) { if (seq === state.tableSeq) { cooccurrenceMatrix(table); } },
        function (error) { failed(error, renderMatrices); });
  }

  function fillMatrix(table, cols, rows, cell) {
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

  function shade(td, count, most) {
    if (!count) { return; }
    var strength = Math.round(235 - 120 * count / Math.max(most, 1));
    td.style.background = "rgb(" + strength + "," + (strength + 10) + ",255)";
  }

  function relationMatrix() {
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

  function cooccurrenceMatrix(table) {
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

  function currentTasks() {
    var params = taskFilters({ touches: state.view.e, expand: state.view.x, limit: config.maxTasks });
    return getJSON("/tasks", roleParams(params, state.view.e));
  }

  function renderTable() {
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

  function csv(page) {
    var cell = function (value) { return '"' + String(value).replace(/"/g, '""') + '"'; };
    var lines = [["id", "ordinal", "text", "document", "theme", "area", "action_type", "match", "via", "entities"].join(",")];
    page.items.forEach(function (t) {
      var doc = documentOf(t);
      lines.push([t.id, t.ordinal, t.text, doc ? doc.title : "", t.theme.name, t.area.name, t.action_type || "", t.match || "",
        (t.via || []).join(" > "), t.entities.map(function (m) { return m.name; }).join("; ")].map(cell).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";  // the mark lets spreadsheet programs read UTF-8
  }

  // -- downloads: fetched with the token, saved from a blob ------------------------------------
  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = make("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  function stem() { return "policykg-" + nameOf(state.view.e).replace(/[^\w\u4e00-\u9fff-]+/g, "_"); }

  var DOWNLOADS = {
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

  /** The map as it is drawn (positions, colours, labels), as an SVG document. */
  function svgOf() {
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

  // -- token (only when the API asks for one) ---------------------------------------------------
  el("token-save").addEventListener("click", function () {
    sessionStorage.setItem(TOKEN_KEY, el("token").value.trim());
    el("token-box").hidden = true;
    state.graphKey = "";
    apply(state.view);
    loadThemes();
    if (!state.documents) { loadDocuments(); }
  });

  // -- start from the address ------------------------------------------------------------------
  function start() {
    var view = readAddress();
    loadThemes();
    loadDocuments();
    if (!view.e && view.q) {
      search.input.value = view.q;
      search.suggest().then(function () {
        if (search.hits.length) { history.replaceState(null, "", address(Object.assign({}, view, { e: search.hits[0].id }))); applyAddress(); }
      });
      return;
    }
    state.applied = location.hash;
    apply(view);
  }

  window.explorer = {
    go: go,
    state: state,
    nodePosition: function (id) {
      var pos = state.network.getPositions([id])[id];
      var dom = state.network.canvasToDOM(pos);
      var box = el("map").getBoundingClientRect();
      return { x: box.left + dom.x, y: box.top + dom.y };
    },
    svg: svgOf,
    drawn: drawnIds,
    inGroup: inGroup,
    boxes: function () { return nodeBoxes(drawnIds()); },
  };
  start();
})();
