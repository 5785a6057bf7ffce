(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cg-data").textContent);
  var W = data.words, E = data.entries, F = data.findings;
  var panel = document.getElementById("panel");
  var families = {CG0: true, CG1: true, CG2: true, CG3: true};
  var lastCard = null;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function link(key) {
    var entry = E[key];
    if (!entry) return el("span", key);
    var b = el("button", entry.name, "link");
    b.type = "button";
    b.addEventListener("click", function () { show(key); });
    return b;
  }
  function section(title, items, empty) {
    var out = [el("h3", title)];
    if (!items.length) { out.push(el("p", empty)); return out; }
    var ul = el("ul");
    items.forEach(function (item) {
      var li = el("li");
      if (typeof item === "string") li.appendChild(link(item)); else li.appendChild(item);
      ul.appendChild(li);
    });
    out.push(ul);
    return out;
  }
  function answer(title, text, empty) {
    return [el("h3", title), text ? el("p", text) : el("p", empty || W.open, "open")];
  }
  function fact(label, value) {
    var p = el("p"); p.appendChild(el("strong", label + ": "));
    if (value instanceof Node) p.appendChild(value); else p.appendChild(document.createTextNode(value));
    return p;
  }
  function findingsOf(indexes) {
    var shown = indexes.filter(function (i) { return families[F[i].family]; });
    var out = [el("h3", W.findings.replace("{n}", shown.length))];
    if (!shown.length) out.push(el("p", W.no_findings));
    shown.forEach(function (i) {
      var f = F[i], box = el("div", null, "finding");
      box.appendChild(el("strong", f.severity + " · " + f.word + " (" + f.code + ")"));
      box.appendChild(el("p", f.message));
      if (f.hint) box.appendChild(el("p", W.fix + ": " + f.hint, "hint"));
      box.appendChild(el("small", W.line + " " + f.line));
      out.push(box);
    });
    return out;
  }
  function taskSummary(key) {
    var t = E[key], li = el("div");
    li.appendChild(link(key));
    var parts = [[W["q.resources"], t.resources], [W["q.mandate"], t.mandate], [W.follow_up, t.follow_up]];
    var ul = el("ul");
    parts.forEach(function (p) {
      var item = el("li"); item.appendChild(el("strong", p[0] + " "));
      item.appendChild(p[1] ? document.createTextNode(p[1]) : el("span", W.open, "open"));
      ul.appendChild(item);
    });
    li.appendChild(ul);
    var ids = t.findings.filter(function (i) { return families[F[i].family]; });
    if (ids.length) li.appendChild(el("p", W.findings.replace("{n}", ids.length) + ": " +
      ids.map(function (i) { return F[i].word; }).join(", ")));
    return li;
  }
  function show(key) {
    var e = E[key];
    if (!e) return;
    panel.textContent = "";
    var close = el("button", W.close); close.type = "button";
    close.addEventListener("click", hide);
    var h = el("h2", e.name); h.tabIndex = -1; h.id = "panel-title";
    var parts = [close, h, el("p", W[e.kind])];
    if (e.kind === "person") {
      parts.push(fact(W.role, e.role));
      if (e.title) parts.push(fact(W.title, e.title));
      if (e.units.length) parts.push(fact(W.units, e.units.map(function (u) { return E[u] ? E[u].name : u; }).join(", ")));
      if (e.reports_to) parts.push(fact(W.reports_to, link(e.reports_to)));
      if (e.started) parts.push(fact(W.started, e.started));
      parts = parts.concat(section(W.owns, e.owns.map(taskSummary), W.no_tasks));
      if (e.contributes.length) parts = parts.concat(section(W.contributes, e.contributes.map(taskSummary)));
      if (e.granted.length) parts = parts.concat(section(W.granted, e.granted));
    } else if (e.kind === "task") {
      if (e.about) parts.push(el("p", e.about));
      parts.push(fact(W.owner, link(e.owner)));
      if (e.accountable) parts.push(fact(W.accountable, link(e.accountable)));
      if (e.contributors.length) parts = parts.concat(section(W.contributors, e.contributors));
      parts = parts.concat(answer(W["q.task"], e.description), answer(W["q.resources"], e.resources),
        answer(W["q.mandate"], e.mandate), section(W.criteria, e.criteria.map(function (c) { return el("span", c); }), W.no_criteria),
        answer(W.follow_up, e.follow_up, W.no_follow_up));
    } else if (e.kind === "forum") {
      parts.push(fact(W.frequency, e.frequency));
      parts = parts.concat(section(W.members, e.members, "-"));
    } else {
      if (e.leader) parts.push(fact(W.leader, link(e.leader)));
      if (e.forum && E[e.forum]) parts.push(fact(W.meeting, link(e.forum)));
      parts = parts.concat(section(W.members, e.members, "-"));
    }
    parts = parts.concat(findingsOf(e.findings));
    parts.forEach(function (p) { panel.appendChild(p); });
    document.querySelectorAll("[data-key].selected").forEach(function (n) { n.classList.remove("selected"); });
    document.querySelectorAll('[data-key="' + CSS.escape(key) + '"]').forEach(function (n) { n.classList.add("selected"); });
    h.focus();
  }
  function hide() {
    panel.textContent = "";
    panel.appendChild(el("p", panel.getAttribute("data-empty")));
    if (lastCard) lastCard.focus();
  }
  function apply() {
    var unit = document.getElementById("unit-filter").value;
    var query = document.getElementById("search").value.trim().toLowerCase();
    var matches = 0;
    document.querySelectorAll("svg.diagram").forEach(function (svg) {
      var kept = {};
      var shownView = !svg.closest("section").hidden;
      svg.querySelectorAll("[data-key]").forEach(function (n) {
        var inUnit = !unit || (" " + n.getAttribute("data-units") + " ").indexOf(" " + unit + " ") >= 0 || n.getAttribute("data-key") === unit;
        var hit = !query || n.getAttribute("data-search").indexOf(query) >= 0;
        var isGroup = n.classList.contains("group");
        n.classList.toggle("dim", !inUnit || (!hit && !isGroup));
        n.classList.toggle("match", !!query && hit && inUnit);
        if (query && hit && inUnit && !isGroup && shownView) matches += 1;
        if (inUnit) kept[n.getAttribute("data-key")] = true;
        var codes = (n.getAttribute("data-codes") || "").split(" ").filter(Boolean);
        var shown = codes.filter(function (c) { return families[c.slice(0, 3)]; });
        n.querySelectorAll(":scope > rect.flagged").forEach(function (r) { r.classList.toggle("hidden", !shown.length); });
        var lines = n.querySelectorAll(":scope > g.badge > g.fline");
        var visible = 0;
        lines.forEach(function (l) {
          var fam = l.getAttribute("data-family");
          var on = !fam || families[fam];
          l.classList.toggle("hidden", !on);
          if (on) visible += 1;
        });
        n.querySelectorAll(":scope > g.badge > rect").forEach(function (r) { r.classList.toggle("hidden", !visible); });
      });
      svg.querySelectorAll("[data-ends]").forEach(function (edge) {
        var ends = edge.getAttribute("data-ends").split(" ");
        var fam = (edge.getAttribute("data-family") || "").split(" ").filter(Boolean);
        var off = fam.length && !fam.some(function (f) { return families[f]; });
        edge.classList.toggle("hidden", !!off);
        edge.classList.toggle("dim", !!unit && !(kept[ends[0]] && kept[ends[1]]));
      });
    });
    var status = document.getElementById("search-status");
    status.textContent = query ? W.matches.replace("{n}", matches) : "";
  }
  document.querySelectorAll("[data-key]").forEach(function (n) {
    n.addEventListener("click", function () { lastCard = n; show(n.getAttribute("data-key")); });
    n.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); lastCard = n; show(n.getAttribute("data-key")); }
    });
  });
  document.querySelectorAll(".tabs button").forEach(function (b) {
    b.addEventListener("click", function () {
      document.querySelectorAll(".tabs button").forEach(function (o) { o.setAttribute("aria-pressed", o === b ? "true" : "false"); });
      document.querySelectorAll("section.view").forEach(function (s) { s.hidden = s.id !== b.getAttribute("data-view"); });
      apply();
    });
  });
  document.getElementById("unit-filter").addEventListener("change", apply);
  document.getElementById("search").addEventListener("input", apply);
  document.getElementById("search").addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var first = document.querySelector("section.view:not([hidden]) [data-key].match");
    if (first) { lastCard = first; show(first.getAttribute("data-key")); }
  });
  document.querySelectorAll("input[data-family]").forEach(function (box) {
    box.addEventListener("change", function () { families[box.getAttribute("data-family")] = box.checked; apply(); });
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hide(); });
  apply();
})();
