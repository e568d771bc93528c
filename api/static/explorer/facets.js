/* Document facets (document, kind, level, issuer, year) and the agency role, and the
 * documents and agencies of an entity's panel.
 */

/** A task item's document as {id, title, kind, level, date}, whether the API gives an id or more. */
import { apply, go } from "./address.js";
import { getJSON } from "./api.js";
import { pick, reportLink } from "./compare.js";
import { apiUrl, button, clear, make, tail } from "./dom.js";
import { LEVEL_NAMES, ROLE_NAMES } from "./i18n.js";
import { config, el, state } from "./state.js";

export function documentOf(task) {
  var doc = task.document;
  if (!doc) { return null; }
  if (typeof doc === "string") {
    var known = state.documents && state.documents[doc];
    return known ? known.document : { id: doc, title: tail(doc) };
  }
  return doc;
}

export function documentTitle(id) {
  var known = state.documents && state.documents[id];
  if (known) { return known.document.title; }
  var node = state.byId[id];
  return node ? node.name : tail(id);
}

export function yearRange() {
  var parts = (state.view.year || "").split("..");
  var from = parseInt(parts[0], 10);
  var to = parts.length > 1 ? parseInt(parts[1], 10) : from;
  return [isNaN(from) ? null : from, isNaN(to) ? null : to];
}

export function facetsOn() {
  var v = state.view;
  return !!(v.doc || v.kind || v.level || v.year || v.issuer);
}

/** As the server folds names for the issuer facet: full-width forms and case ignored. */
export function folded(text) { return String(text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, ""); }

export function loadDocuments() {
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

export function fillFacets(all) {
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

export function showFacets() {
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
export function documentPasses(id) {
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

export function facetParams(params) {
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
export function roleParams(params, agencyId) {
  if (state.view.role) {
    params.role = state.view.role;
    if (agencyId && agencyId.indexOf("agency:") === 0) { params.agency = agencyId; }
  }
  return params;
}

/** Which documents touch this entity: ranked by their tasks that do, with years; one click filters. */
export function documentsPanel(node, seq) {
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

export var AGENCY_ROWS = 200;  // agency-role pairs asked for; the panel shows the first dozen

/** Two documents ticked in the list: the link to their side-by-side report. */
export function pickedDocuments(list) {
  var picked = Array.prototype.filter.call(list.querySelectorAll("li[data-document]"), function (li) {
    return li.querySelector("input.pick").checked;
  }).map(function (li) { return li.getAttribute("data-document"); });
  var link = el("docs-compare-link");
  link.hidden = picked.length !== 2;
  if (picked.length === 2) { link.href = apiUrl("/compare/report", { a: picked[0], b: picked[1] }); }
}

/** The agencies with a role in the tasks touching this entity (only the chosen role, if any). */
export function agenciesPanel(node, seq) {
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

export function showTaskDocument(task) {
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

/** Wire this part of the page up (run once, in order, by main.js). */
export function init() {
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


  reportLink(el("docs-compare-link"));

}
