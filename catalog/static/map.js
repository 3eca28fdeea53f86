/* GeoJSON preview on a Leaflet map: the shapes alone, no tile server, so nothing leaves the site. */
(function () {
  "use strict";
  var el = document.getElementById("map"), data = document.getElementById("map-data");
  if (!el || !data || !window.L) { return; }
  var map = window.L.map(el, { attributionControl: false });
  var layer = window.L.geoJSON(JSON.parse(data.textContent)).addTo(map);
  var bounds = layer.getBounds();
  if (bounds.isValid()) { map.fitBounds(bounds, { maxZoom: 15 }); } else { map.setView([-0.5, 117.15], 11); }
})();
