/* The event map: Leaflet with a base layer served by this application (Natural Earth countries, the gazetteer's
   governorates as labelled points); an online tile layer only when the server is configured with one.
   Markers come grouped by place from the server; here, those that would overlap at the current zoom are merged. */
(function () {
  "use strict";
  var box = document.getElementById("map");
  var data = JSON.parse(document.getElementById("map-data").textContent);
  if (!box || !window.L) { return; }  /* assets not installed: the table under the map still lists every place */
  var arabic = data.language === "ar";
  var map = L.map(box, { zoomSnap: 0.5, attributionControl: Boolean(data.tiles) }).setView([35, 38.5], 6);
  if (data.tiles) { L.tileLayer(data.tiles, { maxZoom: 18 }).addTo(map); }
  var base = L.layerGroup().addTo(map);
  if (window.topojson && box.dataset.countries) {
    fetch(box.dataset.countries).then(function (r) { return r.json(); }).then(function (topo) {
      L.geoJSON(topojson.feature(topo, topo.objects.countries), {
        interactive: false,
        style: { className: "country", color: "#8a94a6", weight: 1, fillColor: "#f4f1ea", fillOpacity: data.tiles ? 0 : 1 }
      }).addTo(base);
    });
  }
  function text(value) {  /* Leaflet draws a string as HTML: place names and counts go in as text, never markup */
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }
  data.areas.forEach(function (a) {
    L.circleMarker([a.latitude, a.longitude], { radius: 2, className: "area", color: "#8a94a6", interactive: false })
      .bindTooltip(text(arabic ? a.name_ar : a.name), { permanent: true, direction: "top", className: "area-label" })
      .addTo(base);
  });

  function popup(group) {
    var root = document.createElement("div");  /* built with textContent: record titles are never parsed as HTML */
    var head = document.createElement("strong");
    head.textContent = group.labels.join(" · ") + " (" + group.count + ")";
    root.appendChild(head);
    var list = document.createElement("ul");
    group.events.slice(0, 8).forEach(function (e) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "/events/" + encodeURIComponent(e.id);
      link.textContent = e.title;
      item.appendChild(link);
      list.appendChild(item);
    });
    root.appendChild(list);
    return root;
  }

  var clusters = L.layerGroup().addTo(map);
  function draw() {
    clusters.clearLayers();
    var groups = [];
    data.markers.forEach(function (m) {
      var at = map.latLngToLayerPoint([m.latitude, m.longitude]);
      var near = groups.find(function (g) { return g.at.distanceTo(at) < 36; });
      if (!near) {
        groups.push({ at: at, lat: m.latitude * m.count, lon: m.longitude * m.count, count: m.count,
                      labels: [arabic ? m.label_ar : m.label], events: m.events.slice() });
        return;
      }
      near.lat += m.latitude * m.count; near.lon += m.longitude * m.count; near.count += m.count;
      if (near.labels.length < 3) { near.labels.push(arabic ? m.label_ar : m.label); }
      near.events = near.events.concat(m.events);
    });
    groups.forEach(function (g) {
      var where = [g.lat / g.count, g.lon / g.count];
      L.circleMarker(where, { radius: 7 + Math.min(25, Math.sqrt(g.count) * 2), className: "event-marker",
                              color: "#1f5f8b", weight: 2, fillColor: "#1f5f8b", fillOpacity: 0.7 })
        .bindTooltip(text(String(g.count)), { permanent: true, direction: "center", className: "cluster-count" })
        .bindPopup(popup(g)).addTo(clusters);
    });
  }
  map.on("zoomend", draw);
  if (data.markers.length) {
    map.fitBounds(data.markers.map(function (m) { return [m.latitude, m.longitude]; }), { maxZoom: 8, padding: [30, 30] });
  }
  draw();
}());
