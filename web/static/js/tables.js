// Sortable tables: click a column header to sort; click again to reverse.
// Works without this script too (the table is then in its original order).
(function () {
  "use strict";
  function value(cell) {
    var sort = cell.getAttribute("data-sort");
    if (sort !== null && sort !== "" && !isNaN(Number(sort))) { return Number(sort); }
    return (cell.textContent || "").trim().toLocaleLowerCase("nl");
  }
  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    if (!body) { return; }
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a.cells[index]), y = value(b.cells[index]);
      if (typeof x === "number" && typeof y === "number") { return ascending ? x - y : y - x; }
      return ascending ? String(x).localeCompare(String(y), "nl") : String(y).localeCompare(String(x), "nl");
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    if (!table.tHead) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = th.querySelector("button");
      if (button) { button.addEventListener("click", function () { sortBy(table, index, th); }); }
    });
  });
})();
