/* Every screen, for someone on a keyboard, on a phone or with a screen reader:
   - the side menu's links stay in the Tab order. viewflow's menu is a Material list, which takes
     its items out of it (tabindex -1), to be moved between with the arrow keys once one of them has
     the focus, and leaves none to reach it by; here each link keeps tabindex 0 (the arrows still
     work);
   - each cell of a table knows its column: data-label names it, shown above the cell's content when
     a phone stacks the table's rows (dossiers.css); and a control alone in a cell without a label of
     its own is named by its column and its row's first link (the dossier's reference), as is the
     checkbox of a row in viewflow's lists.
   The pages change under Turbo and viewflow's components: each change of the page is looked at
   again. Nothing depends on this script; without it the menu is reached with the arrows only. */
(function () {
  "use strict";
  var MENU_ITEMS = ".vf-page__menu a.mdc-list-item, .vf-page__menu button.mdc-list-item";
  var TABLES = "table.dossier-table, table.vf-list__table";
  var CONTROLS = "input:not([type=hidden]), select, textarea";

  function text(element) {
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function capitalised(name) {
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  function keepMenuInTabOrder() {
    document.querySelectorAll(MENU_ITEMS).forEach(function (item) {
      if (item.getAttribute("tabindex") !== "0") item.setAttribute("tabindex", "0");
    });
  }

  function isLabelled(control) {
    return (control.labels && control.labels.length) || control.hasAttribute("aria-label") || control.hasAttribute("aria-labelledby");
  }

  // The name of each column of the table's header, one per column it spans; viewflow's bulk actions
  // (a cell laid over the headers while rows are selected) are left out.
  function columnNames(table) {
    var names = [];
    var header = table.tHead && table.tHead.rows[0];
    if (!header) return names;
    Array.prototype.forEach.call(header.cells, function (cell) {
      if (cell.classList.contains("vf-list__actions")) return;
      for (var span = 0; span < cell.colSpan; span++) names.push(capitalised(text(cell)));
    });
    return names;
  }

  function nameControl(cell, column, row) {
    var controls = cell.querySelectorAll(CONTROLS);
    if (controls.length !== 1 || isLabelled(controls[0])) return;
    var name = [column, text(row.querySelector("a"))].filter(Boolean).join(" — ");
    if (name) controls[0].setAttribute("aria-label", name);
  }

  function labelCells(table) {
    var names = columnNames(table);
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var name = cell.colSpan === 1 ? names[column] || "" : "";
          column += cell.colSpan;
          if (name && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", name);
          nameControl(cell, name, row);
        });
      });
    });
    // viewflow's checkbox that selects every row, named as its button "Select all".
    var selectAll = table.querySelector("thead .vf-list__action-header input");
    var selectAllName = text(table.querySelector(".vf-list__action-select-all"));
    if (selectAll && selectAllName && !isLabelled(selectAll)) selectAll.setAttribute("aria-label", selectAllName);
  }

  function update() {
    keepMenuInTabOrder();
    document.querySelectorAll(TABLES).forEach(labelCells);
  }

  new MutationObserver(update).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["tabindex"],
  });
  document.addEventListener("DOMContentLoaded", update);
  document.addEventListener("turbo:load", update);
})();
