/* mapapp: fit a Leaflet map to bounds so that what is shown lies clear of the boxes over the map — its own
 * controls (zoom, layers, legend, journey player, scale, attribution) and any others given (the report's title
 * block). Each box is cleared by padding on one of its four sides; of all the choices, the one that leaves the
 * most room for the bounds wins. mapappFit(map, bounds, {avoid: [elements], maxZoom, animate}); returns the
 * padding used. Leaflet only, no network. */
(function () {
  "use strict";
  var GAP = 22;  // between a box and what is shown (and room for a symbol drawn around its point)

  function boxes(map, avoid) {
    var container = map.getContainer(), frame = container.getBoundingClientRect(), out = [];
    var els = Array.prototype.slice.call(container.querySelectorAll(".leaflet-control")).concat(avoid || []);
    els.forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (!r.width || !r.height) { return; }  // hidden (an empty legend)
      var x0 = r.left - frame.left, y0 = r.top - frame.top, x1 = r.right - frame.left, y1 = r.bottom - frame.top;
      if (x1 <= 0 || y1 <= 0 || x0 >= frame.width || y0 >= frame.height) { return; }
      // the padding each side would need to keep the box out of the fitted area
      out.push([x1 + GAP, frame.width - x0 + GAP, y1 + GAP, frame.height - y0 + GAP]);  // left, right, top, bottom
    });
    return {w: frame.width, h: frame.height, needs: out};
  }

  // The padding [left, right, top, bottom] that clears every box and leaves the largest scale for the bounds
  // (whose size in pixels at the current zoom is dx × dy).
  function bestPadding(w, h, needs, dx, dy) {
    var best = null, bestScale = -1, n = needs.length, combos = Math.pow(4, Math.min(n, 7));
    for (var c = 0; c < combos; c++) {
      var pad = [GAP, GAP, GAP, GAP], k = c;
      for (var i = 0; i < n; i++) {
        var side = i < 7 ? k % 4 : needs[i].indexOf(Math.min.apply(null, needs[i]));  // beyond 7: its cheapest
        k = Math.floor(k / 4);
        pad[side] = Math.max(pad[side], needs[i][side]);
      }
      var aw = w - pad[0] - pad[1], ah = h - pad[2] - pad[3];
      if (aw <= 20 || ah <= 20) { continue; }
      var scale = Math.min(aw / Math.max(dx, 1), ah / Math.max(dy, 1));
      if (scale > bestScale) { bestScale = scale; best = pad; }
    }
    return best || [GAP, GAP, GAP, GAP];
  }

  window.mapappFit = function (map, bounds, options) {
    options = options || {};
    var b = L.latLngBounds(bounds);
    if (!b.isValid()) { return null; }
    var size = map.invalidateSize({pan: false}).getSize();
    if (size.x < 60 || size.y < 60) {
      // not laid out yet (the dashboard's iframe before it gets its height): a fit now would zoom to maxZoom
      // around the middle of the bounds and stay there; fit once the map has a size instead
      map.once("resize", function () { window.mapappFit(map, bounds, options); });
      return null;
    }
    var found = boxes(map, options.avoid), z = map.getZoom();
    var p1 = map.project(b.getNorthWest(), z), p2 = map.project(b.getSouthEast(), z);
    var pad = bestPadding(found.w, found.h, found.needs, Math.abs(p2.x - p1.x), Math.abs(p2.y - p1.y));
    map.options.zoomSnap = Math.min(map.options.zoomSnap, 0.25);  // whole zoom levels would waste the room
    map.fitBounds(b, {paddingTopLeft: [pad[0], pad[2]], paddingBottomRight: [pad[1], pad[3]],
                      maxZoom: options.maxZoom || 8, animate: !!options.animate});
    return pad;
  };
})();
