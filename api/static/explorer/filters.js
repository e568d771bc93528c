/* The legend (types to hide), theme and action filters, and fitting what is left.
 */
import { go } from "./address.js";
import { getJSON } from "./api.js";
import { clear, make, tail, typeLabel } from "./dom.js";
import { documentPasses, facetParams } from "./facets.js";
import { drawnIds } from "./groups.js";
import { STYLES, el, state } from "./state.js";

// -- legend and filters: types to hide, theme and action type of tasks ----------------------
export function hiddenTypes() { return state.view.hide ? state.view.hide.split(",") : []; }

export function renderLegend(nodes) {
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

export function taskPasses(node) {
  var v = state.view;
  if (v.action && node.action_type !== v.action) { return false; }
  if (v.theme && node.theme && tail(node.theme).split(":").pop() !== v.theme) { return false; }
  return !node.document || documentPasses(node.document);
}

export function applyFilters() {
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

export function fitVisible() {
  var ids = drawnIds();
  // up to twice the natural size: a few nodes left after a filter fill the map
  state.network.fit({ nodes: ids, animation: false, maxZoomLevel: 2 });
}

export function loadThemes() {
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

export function taskFilters(params) {
  if (state.view.theme) { params.theme = state.view.theme; }
  if (state.view.action) { params.action_type = state.view.action; }
  return facetParams(params);
}
