// The network view: draws the nodes and edges the server prepared (positions included,
// no physics), shows a node's details and links in the side panel on click, and lets
// the user jump to a node by name. On the Netwerk page a click also marks the node and
// its neighbours (the rest is dimmed until "Toon alles" or Escape), and the drawing can
// be downloaded as PNG or SVG. Every text goes in with textContent (or as an SVG text
// node): data stays text.
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var DIM_NODE = {background: "#eceff1", border: "#c3cbd1",
                  highlight: {background: "#eceff1", border: "#6b7b86"},
                  hover: {background: "#eceff1", border: "#6b7b86"}};
  // Dimmed nodes keep no visible label: their names would lie over the marked ones.
  var DIM_FONT = "rgba(0,0,0,0)";
  var DIM_EDGE = {color: "#e6eaed", highlight: "#e6eaed", hover: "#e6eaed", opacity: 0.6};
  var ANNOTATION_COLOUR = "#3d4b56";
  var SVG_ANCHOR = {left: "start", right: "end", center: "middle"};
  var KEPT_EDGE = {color: "#5a6570", highlight: "#1d2b36", hover: "#1d2b36", opacity: 1};

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
    fetch("/api/v1/knoop/" + encodeURIComponent(id), {headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        var node = data.knoop;
        var parts = [];
        var head = el("h2", node.naam || id);
        parts.push(head);
        parts.push(el("p", data.soort_naam || node.kind, "kind"));
        var dl = el("dl");
        Object.keys(node).forEach(function (key) {
          if (key === "naam" || key === "kind" || key === "id") { return; }
          var value = key === "bron" && node[key] === "voorbeeld" ? "voorbeeldgegevens (verzonnen)" : node[key];
          dl.appendChild(el("dt", key));
          dl.appendChild(el("dd", value));
        });
        parts.push(dl);
        if (data.url) {
          var a = el("a", "Open de pagina van " + (node.naam || id));
          a.href = data.url;
          var p = el("p");
          p.appendChild(a);
          parts.push(p);
        }
        parts.push(el("h3", data.relaties.length + (data.relaties.length === 1 ? " relatie" : " relaties")));
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
      url.hash = "";
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

  // -- marking a node and its neighbours ------------------------------------------------

  // Keeps the node, its neighbours and the lines between them in colour; dims the rest.
  // The DataSet says which nodes are dimmed (``dimmed``), the container which node is
  // marked (``data-highlight``).
  function Highlighter(container, network, nodes, edges, data, labels) {
    var nodeStyle = {};
    data.nodes.forEach(function (n) { nodeStyle[n.id] = {color: n.color, font: n.font}; });
    // A node's own font on top of the page's (restoring it puts every part back).
    var pageFont = Object.assign({color: "#1d2b36"}, (data.options.nodes || {}).font || {});
    function fontOf(n) { return Object.assign({}, pageFont, nodeStyle[n].font || {}, {size: labels.sizeOf(n)}); }
    var defaultEdge = (data.options.edges || {}).color || {color: "#9aa4ad"};
    var plainEdge = colourOf(defaultEdge, "#9aa4ad");
    var edgeStyle = {};
    data.edges.forEach(function (e) { edgeStyle[e.id] = Object.assign({opacity: 1}, e.color || defaultEdge); });
    var marked = null;

    function mark(id) {
      var keep = {};
      keep[id] = true;
      network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
      nodes.update(nodes.getIds().map(function (n) {
        if (keep[n]) {
          return {id: n, color: nodeStyle[n].color, font: fontOf(n), dimmed: false};
        }
        // Faint and without the white outline, so it never covers a marked name.
        return {id: n, color: DIM_NODE, font: Object.assign(fontOf(n), {color: DIM_FONT, strokeWidth: 0}), dimmed: true};
      }));
      edges.update(edges.get().map(function (e) {
        var kept = keep[e.from] && keep[e.to];
        var own = edgeStyle[e.id];
        var colour = !kept ? DIM_EDGE : own.color === plainEdge ? KEPT_EDGE : Object.assign({}, own, {opacity: 1});
        return {id: e.id, color: colour, dimmed: !kept};
      }));
      marked = id;
      container.setAttribute("data-highlight", String(id));
      return Object.keys(keep);
    }

    function clear() {
      if (marked === null) { return false; }
      nodes.update(nodes.getIds().map(function (n) {
        return {id: n, color: nodeStyle[n].color, font: fontOf(n), dimmed: false};
      }));
      edges.update(edges.getIds().map(function (e) { return {id: e, color: edgeStyle[e], dimmed: false}; }));
      marked = null;
      container.removeAttribute("data-highlight");
      return true;
    }

    return {mark: mark, clear: clear, active: function () { return marked !== null; }};
  }

  // -- the drawing as a file ------------------------------------------------------------

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  // The poster (:func:`posterOf`) as a PNG of its own size (at least 2400 pixels wide),
  // on white. The page allows images from data: URLs only (no blob:).
  function pngOf(poster, done, failed) {
    var img = new Image();
    img.onload = function () {
      var out = document.createElement("canvas");
      out.width = poster.width;
      out.height = poster.height;
      var ctx = out.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.drawImage(img, 0, 0, out.width, out.height);
      out.toBlob(done, "image/png");
    };
    img.onerror = failed;
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(poster.text);
  }

  function colourOf(color, fallback) {
    if (!color) { return fallback; }
    if (typeof color === "string") { return color; }
    return color.background || color.color || fallback;
  }

  function borderOf(color, fallback) {
    if (!color || typeof color === "string") { return fallback || color; }
    return color.border || color.color || fallback;
  }

  function points(list) {
    return list.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" ");
  }

  // The outline of a vis-network shape of radius r around (x, y), as an SVG element.
  function shapeOf(shape, x, y, r) {
    var e;
    var i;
    if (shape === "square") {
      e = document.createElementNS(SVG_NS, "rect");
      e.setAttribute("x", (x - r).toFixed(1));
      e.setAttribute("y", (y - r).toFixed(1));
      e.setAttribute("width", (2 * r).toFixed(1));
      e.setAttribute("height", (2 * r).toFixed(1));
      return e;
    }
    var corners = [];
    if (shape === "diamond") {
      corners = [[x, y - r], [x + r, y], [x, y + r], [x - r, y]];
    } else if (shape === "triangle") {
      corners = [[x, y - r], [x + r * 0.866, y + r / 2], [x - r * 0.866, y + r / 2]];
    } else if (shape === "hexagon") {
      for (i = 0; i < 6; i += 1) { corners.push([x + r * Math.cos(i * Math.PI / 3), y + r * Math.sin(i * Math.PI / 3)]); }
    } else if (shape === "star") {
      for (i = 0; i < 10; i += 1) {
        var a = -Math.PI / 2 + i * Math.PI / 5;
        var rr = i % 2 ? r * 0.45 : r;
        corners.push([x + rr * Math.cos(a), y + rr * Math.sin(a)]);
      }
    }
    if (corners.length) {
      e = document.createElementNS(SVG_NS, "polygon");
      e.setAttribute("points", points(corners));
      return e;
    }
    e = document.createElementNS(SVG_NS, "circle");
    e.setAttribute("cx", x.toFixed(1));
    e.setAttribute("cy", y.toFixed(1));
    e.setAttribute("r", r.toFixed(1));
    return e;
  }

  function svgEl(tag, attrs, text) {
    var e = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  // The extent of the drawing in network coordinates, labels of at least ``minFont``
  // included: [minX, minY, maxX, maxY].
  function extentOf(network, list, data, minFont) {
    var positions = network.getPositions();
    var fontOptions = (data.options.nodes || {}).font || {};
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    function grow(x, y) { minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y); }
    list.forEach(function (n) {
      var p = positions[n.id];
      var r = n.size || 10;
      var size = Math.max(baseFont(n, fontOptions), minFont);
      var half = String(n.label || "").length * size * 0.3;
      grow(p.x - Math.max(r, half), p.y - r);
      grow(p.x + Math.max(r, half), p.y + r + size * 1.6);
    });
    (data.annotations || []).forEach(function (t) {
      var b = annotationBox(t);
      grow(b[0], b[1]);
      grow(b[2], b[3]);
    });
    if (!list.length) { minX = minY = 0; maxX = maxY = 100; }
    var pad = 20;
    return [minX - pad, minY - pad, maxX + pad, maxY + pad];
  }

  // The size a node's label was given by the server (not the size it has now, grown to
  // stay readable on screen: Labels).
  var serverFont = {};
  function baseFont(n, fontOptions) {
    return serverFont[n.id] || (n.font && n.font.size) || fontOptions.size || 14;
  }

  // The whole drawing as SVG elements in network coordinates, from the positions on the
  // canvas now (nodes may have been dragged) and the colours it shows (a marked node and
  // its neighbours included); every label at least ``minFont`` high.
  function drawingOf(network, nodes, edges, data, minFont) {
    var positions = network.getPositions();
    var fontOptions = (data.options.nodes || {}).font || {};
    var defaultEdge = colourOf((data.options.edges || {}).color, "#9aa4ad");
    var list = nodes.get();
    var box = extentOf(network, list, data, minFont);
    var drawing = svgEl("g", {"class": "tekening"});
    drawing.appendChild(svgEl("rect", {x: box[0], y: box[1], width: box[2] - box[0], height: box[3] - box[1], fill: "#ffffff"}));
    var lines = svgEl("g", {"class": "verbindingen", "stroke-linecap": "round"});
    edges.get().forEach(function (e) {
      var a = positions[e.from], b = positions[e.to];
      if (!a || !b) { return; }
      var opacity = e.color && e.color.opacity !== undefined ? e.color.opacity : 1;
      var line = svgEl("line", {x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
                                stroke: colourOf(e.color, defaultEdge), "stroke-width": e.width || 1,
                                "stroke-opacity": opacity});
      if (e.title) { line.appendChild(svgEl("title", {}, e.title)); }
      lines.appendChild(line);
    });
    drawing.appendChild(lines);
    (data.annotations || []).forEach(function (t) {
      drawing.appendChild(svgEl("text", {"class": "notitie", x: t.x, y: t.y, "text-anchor": SVG_ANCHOR[t.align] || "middle",
                                         "dominant-baseline": "middle", "font-size": t.size || 34,
                                         "font-weight": "bold", fill: ANNOTATION_COLOUR}, t.text));
    });
    var group = svgEl("g", {"class": "knopen"});
    list.forEach(function (n) {
      var p = positions[n.id];
      var r = n.size || 10;
      var g = svgEl("g", {"class": "knoop", "data-id": n.id});
      g.appendChild(svgEl("title", {}, n.title || n.label || n.id));
      var shape = shapeOf(n.shape, p.x, p.y, r);
      var fill = colourOf(n.color, "#777777");
      shape.setAttribute("fill", fill);
      shape.setAttribute("stroke", borderOf(n.color, fill));
      shape.setAttribute("stroke-width", "1");
      g.appendChild(shape);
      var size = Math.max(baseFont(n, fontOptions), minFont);
      if (n.label) {
        g.appendChild(svgEl("text", {x: p.x.toFixed(1), y: (p.y + r + size).toFixed(1), "text-anchor": "middle",
                                     "font-size": size.toFixed(1), fill: (n.font && n.font.color) || fontOptions.color || "#1d2b36",
                                     stroke: "#ffffff", "stroke-width": (size / 5).toFixed(1), "paint-order": "stroke"}, n.label));
      }
      group.appendChild(g);
    });
    drawing.appendChild(group);
    return {element: drawing, box: box, count: list.length};
  }

  // The poster: its width in pixels, the margin, the smallest label on it (pixels).
  var POSTER_WIDTH = 2400;
  var POSTER_MARGIN = 70;
  var POSTER_LABEL = 17;
  var POSTER_HEAD = 250;

  // The drawing to print or share: a title, the active filters and the day above the
  // whole network (every node in view, labels at least POSTER_LABEL pixels high), the
  // legend and the source line below it. ``facts``: title, filters, date, source.
  function posterOf(network, nodes, edges, data, facts) {
    var fontOptions = (data.options.nodes || {}).font || {};
    var inner = POSTER_WIDTH - 2 * POSTER_MARGIN;
    // The scale depends on the extent, which depends on the label size: twice is enough.
    var scale = inner / (function (b) { return b[2] - b[0]; })(extentOf(network, nodes.get(), data, 0));
    var drawing = drawingOf(network, nodes, edges, data, POSTER_LABEL / scale);
    var box = drawing.box;
    var width = box[2] - box[0], height = box[3] - box[1];
    scale = Math.min(inner / width, 1.5 * POSTER_WIDTH / height);
    drawing = drawingOf(network, nodes, edges, data, POSTER_LABEL / scale);
    box = drawing.box;
    width = box[2] - box[0];
    height = box[3] - box[1];
    scale = Math.min(inner / width, 1.5 * POSTER_WIDTH / height);
    var left = POSTER_MARGIN + (inner - width * scale) / 2;
    var bottom = POSTER_HEAD + height * scale;
    var legend = svgEl("g", {"class": "legenda"});
    var y = bottom + 70;
    legend.appendChild(svgEl("text", {x: POSTER_MARGIN, y: y, "font-size": 30, "font-weight": "bold", fill: "#1d2b36"}, "Legenda"));
    y += 50;
    var x = POSTER_MARGIN;
    (data.legend || []).forEach(function (item) {
      var room = 50 + String(item.label).length * 14 + 40;
      if (x + room > POSTER_WIDTH - POSTER_MARGIN && x > POSTER_MARGIN) { x = POSTER_MARGIN; y += 46; }
      var swatch = shapeOf(item.shape, x + 14, y - 9, 14);
      swatch.setAttribute("fill", item.colour);
      legend.appendChild(swatch);
      legend.appendChild(svgEl("text", {x: x + 40, y: y, "font-size": 26, fill: "#1d2b36"}, item.label));
      x += room;
    });
    var lineText = "Een lijn: partners, hubs, scholen, wijken of programma's die samenwerken. De grootte van een knoop volgt het aantal verbindingen.";
    y += 54;
    legend.appendChild(svgEl("text", {x: POSTER_MARGIN, y: y, "font-size": 24, fill: "#3d4b56"}, lineText));
    y += 60;
    var total = Math.ceil(y + 40);
    var svg = svgEl("svg", {xmlns: SVG_NS, viewBox: "0 0 " + POSTER_WIDTH + " " + total, width: POSTER_WIDTH, height: total,
                            role: "img", "font-family": fontOptions.face || "sans-serif"});
    svg.appendChild(svgEl("title", {}, facts.title));
    svg.appendChild(svgEl("desc", {}, drawing.count + " knopen en " + edges.length + " verbindingen, uit LEA Graph. " +
                                       facts.filters + ". " + facts.date + ". " + facts.source));
    svg.appendChild(svgEl("rect", {x: 0, y: 0, width: POSTER_WIDTH, height: total, fill: "#ffffff"}));
    svg.appendChild(svgEl("text", {"class": "titel", x: POSTER_MARGIN, y: 100, "font-size": 56, "font-weight": "bold", fill: "#0f3358"}, facts.title));
    svg.appendChild(svgEl("text", {"class": "filters", x: POSTER_MARGIN, y: 158, "font-size": 28, fill: "#1d2b36"}, facts.filters));
    svg.appendChild(svgEl("text", {"class": "datum", x: POSTER_MARGIN, y: 205, "font-size": 28, fill: "#3d4b56"}, "Gemaakt op " + facts.date));
    var placed = svgEl("g", {transform: "translate(" + left.toFixed(1) + " " + POSTER_HEAD + ") scale(" + scale.toFixed(5) + ") translate(" +
                                        (-box[0]).toFixed(1) + " " + (-box[1]).toFixed(1) + ")"});
    placed.appendChild(drawing.element);
    svg.appendChild(placed);
    svg.appendChild(legend);
    svg.appendChild(svgEl("text", {"class": "bron", x: POSTER_MARGIN, y: y, "font-size": 24, fill: "#3d4b56"}, facts.source));
    var text = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
    return {text: text, width: POSTER_WIDTH, height: total};
  }

  function factsOf(container, title) {
    var d = container.dataset;
    return {title: d.exportTitle || title, filters: d.exportFilters || "", date: d.exportDate || "",
            source: d.exportSource || "Bron: LEA Graph."};
  }

  // Labels never smaller than MIN_LABEL pixels on screen: when the view is zoomed out, a
  // node's label grows in network units (its own size stays the floor). Remembers the
  // server's size in ``font.base``.
  var MIN_LABEL = 13;
  function Labels(network, nodes, data) {
    var pageSize = ((data.options.nodes || {}).font || {}).size || 14;
    var base = {};
    data.nodes.forEach(function (n) { base[n.id] = (n.font && n.font.size) || pageSize; serverFont[n.id] = base[n.id]; });
    var floor = 0;
    function sizeOf(id) { return Math.max(base[id] || pageSize, floor); }
    function update() {
      var wanted = Math.ceil(MIN_LABEL / Math.max(network.getScale(), 0.02));
      if (wanted === floor) { return; }
      floor = wanted;
      nodes.update(nodes.get().map(function (n) {
        return {id: n.id, font: Object.assign({}, n.font || {}, {size: sizeOf(n.id)})};
      }));
    }
    return {update: update, sizeOf: sizeOf};
  }

  // Texts the server placed on the drawing (the stadsdeel names), in network coordinates.
  function drawAnnotations(network, annotations) {
    if (!annotations || !annotations.length) { return; }
    network.on("beforeDrawing", function (ctx) {
      ctx.save();
      ctx.textBaseline = "middle";
      ctx.fillStyle = ANNOTATION_COLOUR;
      annotations.forEach(function (t) {
        ctx.font = "bold " + (t.size || 34) + "px sans-serif";
        ctx.textAlign = t.align || "center";
        ctx.fillText(String(t.text), t.x, t.y);
      });
      ctx.restore();
    });
  }

  // The rough extent of a text the server placed on the drawing.
  function annotationBox(t) {
    var size = t.size || 34;
    var width = String(t.text).length * size * 0.62;
    var left = t.align === "left" ? t.x : t.align === "right" ? t.x - width : t.x - width / 2;
    return [left, t.y - size, left + width, t.y + size];
  }

  // Like network.fit({nodes: ids}), leaving ``inset`` pixels on the right free (where
  // the details panel is) and room for the labels.
  function fitBeside(container, network, ids, inset) {
    var positions = network.getPositions(ids);
    var box = [Infinity, Infinity, -Infinity, -Infinity];
    ids.forEach(function (id) {
      var p = positions[id];
      if (!p) { return; }
      box = [Math.min(box[0], p.x - 120), Math.min(box[1], p.y - 50), Math.max(box[2], p.x + 120), Math.max(box[3], p.y + 70)];
    });
    if (box[0] === Infinity) { return; }
    var width = Math.max(container.clientWidth - inset, container.clientWidth / 3);
    var scale = Math.min(1.5, width / (box[2] - box[0]), container.clientHeight / (box[3] - box[1]));
    var shift = (container.clientWidth - width) / 2 / scale;
    network.moveTo({position: {x: (box[0] + box[2]) / 2 + shift, y: (box[1] + box[3]) / 2}, scale: scale,
                    animation: false});
  }

  // Like network.fit(), but with the texts on the drawing in view too.
  function fitAll(container, network, annotations) {
    var box = [Infinity, Infinity, -Infinity, -Infinity];
    var positions = network.getPositions();
    Object.keys(positions).forEach(function (id) {
      var p = positions[id];
      box = [Math.min(box[0], p.x - 40), Math.min(box[1], p.y - 40), Math.max(box[2], p.x + 40), Math.max(box[3], p.y + 40)];
    });
    annotations.forEach(function (t) {
      var b = annotationBox(t);
      box = [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])];
    });
    var scale = 0.95 * Math.min(container.clientWidth / (box[2] - box[0]), container.clientHeight / (box[3] - box[1]));
    network.moveTo({position: {x: (box[0] + box[2]) / 2, y: (box[1] + box[3]) / 2}, scale: scale, animation: false});
  }

  function openTable() {
    var details = document.getElementById("netwerk-tabel");
    if (details) { details.open = true; }
  }

  function draw(container) {
    var figure = container.closest("figure");
    var status = figure.querySelector(".network-status");
    var panel = figure.querySelector(".node-panel");
    var tools = container.id ? document.querySelector("[data-tools-for='" + container.id + "']") : null;
    source(container)
      .then(function (data) {
        var nodes = new vis.DataSet(data.nodes);
        var edges = new vis.DataSet(data.edges.map(function (e, i) { e.id = i; return e; }));
        var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
        container.leaNetwork = network;
        var labels = Labels(network, nodes, data);
        network.on("zoom", labels.update);
        container.setAttribute("data-node-count", String(data.nodes.length));
        drawAnnotations(network, data.annotations);
        // The first view: everything, or what the layout is about (the hubs and their
        // members), with the texts on the drawing.
        function firstView() {
          if (data.focus && data.focus.length) {
            network.fit({nodes: data.focus, animation: false});
          } else if (data.annotations && data.annotations.length) {
            fitAll(container, network, data.annotations);
          } else {
            network.fit({animation: false});
          }
        }
        network.once("afterDrawing", function () {
          var told = data.nodes.length + " knopen getekend.";
          if ((data.focus && data.focus.length) || (data.annotations && data.annotations.length)) {
            firstView();
          }
          if (data.focus && data.focus.length) {
            told += " De hubs en hun leden staan in beeld; zoom uit om de andere knopen te zien.";
          }
          labels.update();
          container.setAttribute("data-ready", "1");
          status.textContent = told;
        });
        var marker = tools ? Highlighter(container, network, nodes, edges, data, labels) : null;
        var reset = tools ? tools.querySelector("[data-action='toon-alles']") : null;

        function mark(id) {
          if (!marker) { return; }
          var kept = marker.mark(id);
          var n = kept.length - 1;
          // Zoom to the node and its neighbours, beside the details panel.
          // Without an animated zoom: under load, a zoom still running when the next
          // change came gave a page error inside vis-network.
          fitBeside(container, network, kept, panel.hidden ? 0 : panel.offsetWidth + 16);
          labels.update();
          var picked = nodes.get(id);
          var name = picked && picked.summary ? picked.summary.naam : (picked ? picked.label : id);
          reset.hidden = false;
          status.textContent = name + " en " + n + (n === 1 ? " buur" : " buren") +
            " gemarkeerd; de rest is lichter.";
        }
        function showAll() {
          if (!marker || !marker.clear()) { return; }
          network.unselectAll();
          firstView();
          labels.update();
          reset.hidden = true;
          panel.hidden = true;
          status.textContent = "Weer alle " + data.nodes.length + " knopen getoond.";
        }
        function open(node) {
          if (node.summary) { showGroup(panel, node); } else { showDetails(panel, node.id); }
          mark(node.id);
        }

        network.on("click", function (params) {
          if (!params.nodes.length) { return; }
          var picked = nodes.get(params.nodes[0]);
          if (picked) { open(picked); }
        });
        if (tools) {
          reset.addEventListener("click", showAll);
          document.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && marker.active()) { showAll(); }
          });
          var title = document.title.split(" · ")[0] || "Netwerk";
          var png = tools.querySelector("[data-action='png']");
          var svg = tools.querySelector("[data-action='svg']");
          png.addEventListener("click", function () {
            var poster = posterOf(network, nodes, edges, data, factsOf(container, "LEA-netwerk: " + title));
            pngOf(poster, function (blob) { save(blob, "lea-netwerk.png"); },
                  function () { status.textContent = "De afbeelding kon niet worden gemaakt."; });
          });
          svg.addEventListener("click", function () {
            var poster = posterOf(network, nodes, edges, data, factsOf(container, "LEA-netwerk: " + title));
            save(new Blob([poster.text], {type: "image/svg+xml"}), "lea-netwerk.svg");
          });
          png.hidden = false;
          svg.hidden = false;
        }
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
            labels.update();
            open(nodes.get(hit.id));
          });
        }
      })
      .catch(function () { status.textContent = "Het netwerk kon niet worden geladen."; });
  }

  document.querySelectorAll(".swatch[data-colour]").forEach(function (s) {
    s.style.backgroundColor = s.getAttribute("data-colour");
  });
  document.querySelectorAll("a.open-table").forEach(function (a) { a.addEventListener("click", openTable); });
  if (window.location.hash === "#netwerk-tabel") { openTable(); }
  document.querySelectorAll(".network[data-url], .network[data-json]").forEach(draw);
})();
