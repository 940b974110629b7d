(function () {
  "use strict";
  var state = { outcome: "all", op: null, family: null };
  var probes = document.querySelectorAll(".probe");
  var buttons = document.querySelectorAll("[data-filter]");
  var cellFilter = document.querySelector(".cellfilter");
  var shown = document.querySelector(".shown");
  function apply() {
    var n = 0;
    probes.forEach(function (p) {
      var ok = (state.outcome === "all" || p.dataset.outcome === state.outcome) &&
        (state.op === null || (p.dataset.op === state.op && p.dataset.family === state.family));
      p.hidden = !ok;
      if (ok) { n++; }
    });
    buttons.forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.filter === state.outcome));
    });
    cellFilter.hidden = state.op === null;
    cellFilter.querySelector(".what").textContent = state.op === null ? "" : state.op + " × " + state.family;
    shown.textContent = n + " of " + probes.length + " shown";
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () { state.outcome = b.dataset.filter; apply(); });
  });
  document.querySelectorAll(".cell").forEach(function (c) {
    c.addEventListener("click", function () {
      state.op = c.dataset.op;
      state.family = c.dataset.family;
      state.outcome = "all";
      apply();
      document.querySelector(".filters").scrollIntoView();
    });
  });
  cellFilter.querySelector(".clear").addEventListener("click", function () {
    state.op = null;
    state.family = null;
    apply();
  });
  apply();
})();
