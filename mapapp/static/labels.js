/* mapapp place labels: one name beside each visible place, hidden where it would overlap a name already shown.
 *
 * mapappLabels(map, places) adds the labels and returns {remove}. places: [[lat, lon, name, place_id], ...],
 * most important first (more events). A label shows when its place has a point on the map (a point layer of
 * window.mapapp.layers holding a feature of that place, the layer on the map: the layer control and the
 * report's date filter hide points, and their names go with them) and one of four spots around it (right,
 * left, above, below) lies wholly in the map and overlaps no point and no label shown before it. Checked again
 * after every zoom or pan and after points come or go. Names come escaped (mapapp/render.py).
 */
(function () {
  "use strict";
  var PANE = "mapappLabels";

  function overlaps(a, b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  }

  function shownPlaces(map) {
    var shown = {}, layers = (window.mapapp && window.mapapp.layers) || {};
    Object.keys(layers).forEach(function (key) {
      var layer = layers[key];
      if (!map.hasLayer(layer) || !layer.eachLayer) { return; }
      layer.eachLayer(function (marker) {
        var props = marker.feature && marker.feature.properties;
        if (props && props.place_id && map.hasLayer(marker)) { shown[props.place_id] = true; }
      });
    });
    return shown;
  }

  window.mapappLabels = function (map, places) {
    if (!map.getPane(PANE)) {
      map.createPane(PANE).style.zIndex = 620;  /* over points (600), under tooltips (650) and popups (700) */
      map.getPane(PANE).style.pointerEvents = "none";
    }
    var group = L.layerGroup().addTo(map), items = [], pending = null, size = {};
    places.forEach(function (p) {
      var span = document.createElement("span");
      span.innerHTML = p[2];  /* escaped by render.py, like every tooltip */
      var marker = L.marker([p[0], p[1]], {pane: PANE, interactive: false, keyboard: false,
        icon: L.divIcon({className: "mapapp-label", html: span, iconSize: null, iconAnchor: [-10, 9]})});
      marker.addTo(group);
      items.push({marker: marker, id: p[3], el: marker.getElement()});
    });
    items.forEach(function (it) { size[it.id] = [it.el.offsetWidth, it.el.offsetHeight]; });

    /* Where a label may go around its point (offsets of its box's top-left corner), in order of preference:
       right, left, above, below. */
    function spots(p, wh) {
      return [[p.x + 10, p.y - wh[1] / 2], [p.x - 10 - wh[0], p.y - wh[1] / 2],
              [p.x - wh[0] / 2, p.y - 10 - wh[1]], [p.x - wh[0] / 2, p.y + 10]];
    }

    function place() {
      pending = null;
      var shown = shownPlaces(map), view = map.getSize(), hidden = 0, count = 0, points = {};
      var taken = [];  /* boxes labels must not cover: the points first, then each label shown */
      items.forEach(function (it) {
        var p = map.latLngToContainerPoint(it.marker.getLatLng());
        points[it.id] = p;
        if (shown[it.id]) { taken.push({x0: p.x - 7, y0: p.y - 7, x1: p.x + 7, y1: p.y + 7}); }
      });
      items.forEach(function (it) {
        var p = points[it.id], wh = size[it.id], box = null;
        if (shown[it.id] && p.x > 0 && p.x < view.x && p.y > 0 && p.y < view.y) {
          box = spots(p, wh).map(function (xy) {
            return {x0: xy[0], y0: xy[1], x1: xy[0] + wh[0], y1: xy[1] + wh[1]};
          }).filter(function (b) {
            return b.x0 >= 0 && b.y0 >= 0 && b.x1 <= view.x && b.y1 <= view.y &&
              !taken.some(function (t) { return overlaps(t, b); });
          })[0] || null;
          if (!box) { hidden += 1; }
        }
        if (box) {
          taken.push(box);
          count += 1;
          it.el.style.marginLeft = (box.x0 - p.x) + "px";
          it.el.style.marginTop = (box.y0 - p.y) + "px";
        }
        it.el.style.display = box ? "" : "none";
      });
      map.getContainer().dataset.labelsShown = String(count);
      map.getContainer().dataset.labelsHidden = String(hidden);
      map.fire("mapapp:labels", {shown: count, hidden: hidden});
    }
    function later() { if (pending === null) { pending = setTimeout(place, 0); } }

    map.on("zoomend moveend resize layeradd layerremove", later);
    place();
    return {
      place: place,
      remove: function () {
        map.off("zoomend moveend resize layeradd layerremove", later);
        if (pending !== null) { clearTimeout(pending); }
        group.remove();
      }
    };
  };
})();
