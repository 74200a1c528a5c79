/* The public site's map: Leaflet over Natural Earth countries (assets/vendor/world-atlas/countries.js, a script so
   that it loads from file:// too), no tile server and no attribution link: the site asks no other site for anything.
   Points come from the page (#map-data), one per place with its incidents; a place known only to its area is drawn
   as a wider, paler circle. */
(function () {
  "use strict";
  var box = document.getElementById("map");
  var source = document.getElementById("map-data");
  if (!box || !source || !window.L) { return; }
  var data = JSON.parse(source.textContent);
  var map = L.map(box, { zoomSnap: 0.5, attributionControl: false }).setView([35, 38.5], 6);
  if (window.topojson && window.TAWTHIQ_COUNTRIES) {
    var topo = window.TAWTHIQ_COUNTRIES;
    L.geoJSON(topojson.feature(topo, topo.objects.countries), {
      interactive: false,
      style: { className: "country", color: "#8a94a6", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 }
    }).addTo(map);
  }
  function popup(point) {  /* built with textContent: titles are never parsed as HTML */
    var root = document.createElement("div");
    var where = document.createElement("strong");
    where.textContent = point.place + (point.count > 1 ? " (" + point.count + ")" : "");
    root.appendChild(where);
    var list = document.createElement("ul");
    point.events.forEach(function (e) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = e.url;
      link.textContent = e.title;
      link.dir = "auto";
      item.appendChild(link);
      list.appendChild(item);
    });
    root.appendChild(list);
    return root;
  }
  data.points.forEach(function (p) {
    var exact = p.precision === "exact" || p.precision === "near";
    var size = Math.min(12, Math.sqrt(p.count) * 2);
    L.circleMarker([p.lat, p.lon], { radius: (exact ? 7 : 16) + size, color: "#8c2d19", weight: 2,
                                     fillColor: "#8c2d19", fillOpacity: exact ? 0.7 : 0.2 })
      .bindPopup(popup(p)).addTo(map);
  });
  if (data.points.length) {
    map.fitBounds(data.points.map(function (p) { return [p.lat, p.lon]; }), { maxZoom: 7, padding: [30, 30] });
  }
}());
