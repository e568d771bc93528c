/* policykg explorer: search an entity, see its neighbourhood, read the tasks behind it.
 * ES modules, no build step; this one starts the page.
 *
 * Everything shown that comes from the graph (names, sentences, breadcrumbs) is put into the
 * page with textContent or as vis-network canvas text: never innerHTML.
 *
 * Every view is an address: #e=<centre>&d=<depth>&x=<expansion>&p=<places>&s=<selection>
 * &c=<compared entity>&v=table&hide=<types>&theme=<n>&action=<type>&xp=<expanded nodes>&q=<text>
 * &gd=<group tasks by document: 1/0, empty = automatic>&gp=<fold cities into provinces: 1/0, auto>
 * &og=<groups opened>&pair=<two documents picked on the map>&doc=<document>&kind=<document kind>&level=<level>&year=<2020..2026>
 * &issuer=<part of an issuer's name>&role=<agency role>.
 * A user's step pushes a new address; Back, Forward, an edited hash or a shared link apply
 * the address they carry, so each of them shows exactly the view it names.
 *
 * The modules, each one part of the page: state.js (configuration, defaults, the shared state),
 * dom.js (building elements, names), i18n.js (bilingual messages and labels), api.js (requests,
 * errors, the loading indicator), address.js (the view as an address: read, push, apply),
 * search.js (the search and compare comboboxes), controls.js (the view controls), map.js (the
 * vis-network map, keyboard), groups.js (tasks by document, places by province), facets.js
 * (document facets, agency role, the documents and agencies of an entity), filters.js (legend,
 * types, theme, action), panel.js (the side panel), compare.js (two documents, two entities),
 * views.js (table, CSV, matrices), downloads.js (HTML, JSON, CSV, PNG, SVG). Each part's
 * `init` wires it to the page, in this order.
 */
import { address, apply, applyAddress, go, readAddress } from "./address.js";
import { svgOf } from "./downloads.js";
import { loadDocuments } from "./facets.js";
import { loadThemes } from "./filters.js";
import { drawnIds, inGroup, nodeBoxes } from "./groups.js";
import { search } from "./search.js";
import { TOKEN_KEY, el, state } from "./state.js";
import { init as addressInit } from "./address.js";
import { init as searchInit } from "./search.js";
import { init as controlsInit } from "./controls.js";
import { init as mapInit } from "./map.js";
import { init as groupsInit } from "./groups.js";
import { init as facetsInit } from "./facets.js";
import { init as compareInit } from "./compare.js";
import { init as downloadsInit } from "./downloads.js";

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

addressInit();
searchInit();
controlsInit();
mapInit();
groupsInit();
facetsInit();
compareInit();
downloadsInit();

// -- token (only when the API asks for one) ---------------------------------------------------
el("token-save").addEventListener("click", function () {
  sessionStorage.setItem(TOKEN_KEY, el("token").value.trim());
  el("token-box").hidden = true;
  state.graphKey = "";
  apply(state.view);
  loadThemes();
  if (!state.documents) { loadDocuments(); }
});

// what the browser tests look at
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
