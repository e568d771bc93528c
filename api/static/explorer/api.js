/* Talking to the API: errors in both languages, a loading indicator, a retry.
 */
import { apiUrl } from "./dom.js";
import { MESSAGES } from "./i18n.js";
import { TOKEN_KEY, el, state, statusLine } from "./state.js";

export function ApiError(status, code, message, details) {
  this.status = status;
  this.code = code;
  this.details = details || {};
  this.message = (MESSAGES[code] || (status ? "请求失败" : "无法连接服务器")) + " · " + message;
}

export function authHeaders() {
  var headers = {};
  var token = sessionStorage.getItem(TOKEN_KEY);
  if (token) { headers.Authorization = "Bearer " + token; }
  return headers;
}

export function busy(delta) {
  state.pending = Math.max(0, state.pending + delta);
  el("loading").hidden = state.pending === 0;
  el("map-wrap").setAttribute("aria-busy", state.pending ? "true" : "false");
}

export function fetchOk(url, accept) {
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

export function getJSON(path, params) {
  return fetchOk(apiUrl(path, params), "application/json").then(function (r) { return r.json(); });
}

export function setStatus(text, retry) {
  statusLine.textContent = text;
  statusLine.className = retry ? "error" : "";
  var again = el("retry");
  again.hidden = !retry;
  again.onclick = null;
  if (retry) {
    again.onclick = function () { setStatus("重试中 Retrying …"); retry(); };
  }
}

export function failed(error, retry) {
  var hint = error.details && error.details.suggestions && error.details.suggestions.length
    ? " · 您是否要找 Did you mean: " + error.details.suggestions.join(", ") : "";
  setStatus(error.message + hint, retry);
}
