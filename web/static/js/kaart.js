/* The maps of the wijken (web/kaart.py) work without this script. With it, the name of
   the wijk under the pointer or the keyboard focus is drawn above every shape: SVG paints
   in document order, so a name shown in place can be covered by the wijken after it. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  document.querySelectorAll("svg.kaart-svg").forEach(function (svg) {
    var layer = document.createElementNS(NS, "g");
    layer.setAttribute("class", "kaart-boven");
    layer.setAttribute("pointer-events", "none");
    layer.setAttribute("aria-hidden", "true");
    svg.appendChild(layer);
    function show(wijk) {
      var label = wijk && wijk.querySelector(".kaart-label-verborgen");
      var copy = label ? label.cloneNode(true) : null;
      if (copy) { copy.setAttribute("class", "kaart-label"); }
      layer.replaceChildren.apply(layer, copy ? [copy] : []);
    }
    function focused() { return svg.querySelector("a.kaart-wijk:focus"); }
    svg.addEventListener("mouseover", function (e) { show(e.target.closest("a.kaart-wijk")); });
    svg.addEventListener("mouseleave", function () { show(focused()); });
    svg.addEventListener("focusin", function (e) { show(e.target.closest("a.kaart-wijk")); });
    svg.addEventListener("focusout", function () { show(null); });
  });
})();
