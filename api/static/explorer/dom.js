/* Small helpers: elements built with textContent (never innerHTML), query strings, names.
 */
import { API, STYLES, config, state } from "./state.js";

// -- small helpers ------------------------------------------------------------------------
export function make(tag, text, className) {
  var node = document.createElement(tag);
  if (text !== undefined && text !== null) { node.textContent = String(text); }
  if (className) { node.className = className; }
  return node;
}

export function button(text, className, onClick) {
  var b = make("button", text, className);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

export function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

export function query(params) {
  var parts = [];
  Object.keys(params).forEach(function (key) {
    [].concat(params[key]).forEach(function (value) {
      if (value === undefined || value === null || value === "") { return; }
      parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(value));
    });
  });
  return parts.join("&");
}

export function apiUrl(path, params) { return API + path + (params ? "?" + query(params) : ""); }

export function tail(id) { var i = id.indexOf(":"); return i >= 0 ? id.slice(i + 1) : id; }

export function nameOf(id) { var node = state.byId[id]; return node ? node.name : tail(id); }

export function typeLabel(type) {
  var style = STYLES[type];
  return style ? style.label_en + " " + style.label_zh : type;
}

export function isEntity(type) { return config.entityTypes.indexOf(type) >= 0; }
