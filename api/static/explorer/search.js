/* The search box and the compare box: one ARIA combobox implementation.
 */
import { go } from "./address.js";
import { failed, fetchOk, getJSON } from "./api.js";
import { apiUrl, button, clear, make, typeLabel } from "./dom.js";
import { el, state } from "./state.js";

// -- comboboxes: the search box and the compare box share one implementation ---------------
export function combobox(input, list, onChoose) {
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

export var search;

export var compareSearch;

/** Wire this part of the page up (run once, in order, by main.js). */
export function init() {
  search = combobox(el("search"), el("suggestions"), function (hit) {
    el("search").value = hit.name;
    go({ e: hit.id, s: "", q: hit.name, xp: "" });
  });

  compareSearch = combobox(el("compare-input"), el("compare-suggestions"), function (hit) {
    el("compare-input").value = hit.name;
    go({ c: hit.id });
  });

}
