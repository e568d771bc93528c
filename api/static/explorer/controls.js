/* The view controls: depth, hierarchy, places, view toggles, recentre and expand.
 */

import { go } from "./address.js";
import { make, nameOf, typeLabel } from "./dom.js";
import { config, el, state } from "./state.js";

/** Wire this part of the page up (run once, in order, by main.js). */
export function init() {
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

}
