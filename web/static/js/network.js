// The network view: draws the nodes and edges the server prepared (positions included,
// no physics), shows a node's details and links in the side panel on click, and lets
// the user jump to a node by name. Every text goes in with textContent: data stays text.
(function () {
  "use strict";
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  // The Dutch names of kinds and relations come with the data (from the schema, model.py).

  function showDetails(panel, id) {
    panel.hidden = false;
    panel.replaceChildren(el("p", "Bezig met laden…"));
    fetch("/api/knoop/" + encodeURIComponent(id), {headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        var node = data.knoop;
        var parts = [];
        var head = el("h2", node.naam || id);
        parts.push(head);
        parts.push(el("p", data.soort_naam || node.kind, "kind"));
        var dl = el("dl");
        Object.keys(node).forEach(function (key) {
          if (key === "naam" || key === "kind") { return; }
          dl.appendChild(el("dt", key));
          dl.appendChild(el("dd", node[key]));
        });
        parts.push(dl);
        if (data.url) {
          var a = el("a", "Open de pagina van " + (node.naam || id));
          a.href = data.url;
          var p = el("p");
          p.appendChild(a);
          parts.push(p);
        }
        parts.push(el("h3", data.relaties.length + " relaties"));
        var ul = el("ul", null, "relations");
        data.relaties.slice(0, 60).forEach(function (rel) {
          var li = el("li");
          li.appendChild(el("span", (rel.relatie_naam || rel.relatie) + ": ", "rel"));
          if (rel.buur_url) {
            var link = el("a", rel.buur_naam || rel.buur);
            link.href = rel.buur_url;
            li.appendChild(link);
          } else {
            li.appendChild(el("span", rel.buur_naam || rel.buur));
          }
          var props = rel.eigenschappen || {};
          var extra = ["schooljaar", "rol", "soort", "deelnemers"].filter(function (k) { return props[k]; })
            .map(function (k) { return k + " " + props[k]; }).join(", ");
          if (extra) { li.appendChild(el("span", " (" + extra + ")", "props")); }
          ul.appendChild(li);
        });
        parts.push(ul);
        if (data.relaties.length > 60) { parts.push(el("p", "… en " + (data.relaties.length - 60) + " meer; zie de pagina.")); }
        panel.replaceChildren.apply(panel, parts);
      })
      .catch(function () { panel.replaceChildren(el("p", "De details konden niet worden geladen.")); });
  }

  // An aggregated node (a wijk or gemeente standing for everything in it): its counts
  // and a link that opens the network of just that wijk or gemeente.
  function showGroup(panel, node) {
    var g = node.summary;
    var parts = [el("h2", g.naam), el("p", g.level === "wijk" ? "Wijk (samengevoegd)" : "Gemeente (samengevoegd)", "kind")];
    var dl = el("dl");
    var rows = g.level === "gemeente" ? [["wijken", g.wijken]] : [];
    rows.push(["scholen en opvanglocaties", g.scholen], ["partners", g.partners], ["activiteiten", g.activiteiten]);
    rows.forEach(function (r) { dl.appendChild(el("dt", r[0])); dl.appendChild(el("dd", r[1])); });
    parts.push(dl);
    var keys = Object.keys(g.expand || {});
    if (keys.length) {
      var url = new URL(window.location.href);
      ["wijk", "gemeente", "hub", "cluster"].forEach(function (k) { url.searchParams.delete(k); });
      keys.forEach(function (k) { url.searchParams.set(k, g.expand[k]); });
      var a = el("a", "Inzoomen op " + g.naam);
      a.href = url.pathname + url.search;
      var p = el("p");
      p.appendChild(a);
      parts.push(p);
    }
    panel.hidden = false;
    panel.replaceChildren.apply(panel, parts);
  }

  // The data: from the JSON block named by data-json on the page (the console), else
  // fetched from data-url.
  function source(container) {
    var id = container.getAttribute("data-json");
    if (id) {
      return Promise.resolve().then(function () {
        return JSON.parse(document.getElementById(id).textContent);
      });
    }
    return fetch(container.getAttribute("data-url"), {headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
  }

  function draw(container) {
    var figure = container.closest("figure");
    var status = figure.querySelector(".network-status");
    var panel = figure.querySelector(".node-panel");
    source(container)
      .then(function (data) {
        var nodes = new vis.DataSet(data.nodes);
        var edges = new vis.DataSet(data.edges.map(function (e, i) { e.id = i; return e; }));
        var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
        container.leaNetwork = network;
        container.setAttribute("data-node-count", String(data.nodes.length));
        network.once("afterDrawing", function () {
          container.setAttribute("data-ready", "1");
          status.textContent = data.nodes.length + " knopen getekend.";
        });
        network.on("click", function (params) {
          if (!params.nodes.length) { return; }
          var picked = nodes.get(params.nodes[0]);
          if (picked && picked.summary) { showGroup(panel, picked); } else { showDetails(panel, params.nodes[0]); }
        });
        var form = document.getElementById("focus-form");
        if (form && container.id === "netwerk") {
          form.addEventListener("submit", function (event) {
            event.preventDefault();
            var wanted = document.getElementById("focus").value.trim().toLocaleLowerCase("nl");
            var hit = data.nodes.filter(function (n) { return String(n.label).toLocaleLowerCase("nl") === wanted; })[0]
              || data.nodes.filter(function (n) { return String(n.label).toLocaleLowerCase("nl").indexOf(wanted) >= 0; })[0];
            if (!hit) { status.textContent = "Geen knoop gevonden met die naam."; return; }
            network.selectNodes([hit.id]);
            network.focus(hit.id, {scale: 1.4, animation: false});
            if (hit.summary) { showGroup(panel, hit); } else { showDetails(panel, hit.id); }
          });
        }
      })
      .catch(function () { status.textContent = "Het netwerk kon niet worden geladen."; });
  }

  document.querySelectorAll(".swatch[data-colour]").forEach(function (s) {
    s.style.backgroundColor = s.getAttribute("data-colour");
  });
  document.querySelectorAll(".network[data-url], .network[data-json]").forEach(draw);
})();
