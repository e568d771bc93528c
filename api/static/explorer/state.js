/* The page's configuration (filled in by the server), the defaults of a view and the one
 * state object every part reads and writes.
 */
export var config = JSON.parse(document.getElementById("config").textContent);

export var API = config.api;

export var STYLES = config.styles;

export var TOKEN_KEY = "policykg-token";

export var NODE_LIMIT = 200;

export var CENTRE_BORDER = "#ff8f00";

export var DEFAULTS = { e: "", d: "1", x: "narrower", p: "mentioned", s: "", c: "", v: "map",
  hide: "", theme: "", action: "", xp: "", q: "", mr: "Region", mc: "Pollutant",
  gd: "", gp: "", og: "", pair: "", doc: "", kind: "", level: "", year: "", issuer: "", role: "" };

export var el = function (id) { return document.getElementById(id); };

export var statusLine = el("status");

export var state = { view: Object.assign({}, DEFAULTS), graph: null, graphKey: "", byId: {},
  network: null, nodes: null, edges: null, panelSeq: 0, compareSeq: 0, tableSeq: 0,
  pending: 0, applied: "", order: [], cursor: -1, tasks: null, expanded: {},
  groups: {}, groupKey: "", placed: {}, groupAt: {}, unsettled: {} };
