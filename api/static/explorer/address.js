/* The view as an address: read it, push a user's step, make the page show a view.
 */
import { renderCompare, showPair } from "./compare.js";
import { query } from "./dom.js";
import { showFacets } from "./facets.js";
import { applyFilters, fitVisible } from "./filters.js";
import { regroup } from "./groups.js";
import { loadGraph, select } from "./map.js";
import { search } from "./search.js";
import { DEFAULTS, el, state } from "./state.js";
import { renderMatrices, renderTable, showView } from "./views.js";

// -- the address ----------------------------------------------------------------------------
export function readAddress() {
  var params = new URLSearchParams(location.hash.slice(1));
  var view = Object.assign({}, DEFAULTS);
  Object.keys(DEFAULTS).forEach(function (key) {
    if (params.has(key)) { view[key] = params.get(key); }
  });
  if (params.has("entity")) { view.e = params.get("entity"); }  // links made before the short keys
  if (params.has("depth")) { view.d = params.get("depth"); }
  return view;
}

export function address(view) {
  var shown = {};
  Object.keys(DEFAULTS).forEach(function (key) {
    if (view[key] !== DEFAULTS[key]) { shown[key] = view[key]; }
  });
  return "#" + query(shown);
}

/** A user's step: a new history entry, then the view it names. */
export function go(changes) {
  if (changes.e && changes.e !== state.view.e && !("og" in changes)) { changes.og = ""; }
  if (changes.e && changes.e !== state.view.e && !("pair" in changes)) { changes.pair = ""; }
  var view = Object.assign({}, state.view, changes);
  var target = address(view);
  if (target !== location.hash) { history.pushState(null, "", target); }
  return apply(view);
}

export function applyAddress() {
  if (location.hash === state.applied) { return; }
  apply(readAddress());
}

/** Make the page show `view`: controls, graph, selection, compare box, table. */
export function apply(view) {
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
    showPair();
    renderCompare();
    if (view.v === "table") { renderTable(); }
    if (view.v === "matrix") { renderMatrices(); }
  });
}

/** Wire this part of the page up (run once, in order, by main.js). */
export function init() {
  window.addEventListener("popstate", function () { applyAddress(); });

  window.addEventListener("hashchange", function () { applyAddress(); });
}
