/* mapapp point symbols on a canvas. Above a thousand points the map draws them on one shared L.canvas
 * (mapjs.point_layer): a square, triangle, diamond or star is then an L.MapappSymbol, a circle marker that
 * draws its outline (corners in pixels from its centre, mapapp/symbols.py) instead of a circle, so it keeps
 * the circle marker's styles, hit test, tooltip and popup, and no page element is made per point. */
(function () {
  L.MapappSymbol = L.CircleMarker.extend({
    options: {corners: []},

    _updatePath: function () {
      var renderer = this._renderer, corners = this.options.corners;
      if (!(renderer instanceof L.Canvas) || !corners.length) {
        return L.CircleMarker.prototype._updatePath.call(this);
      }
      if (!renderer._drawing || this._empty()) { return; }
      var ctx = renderer._ctx, p = this._point;
      ctx.beginPath();
      for (var i = 0; i < corners.length; i++) {
        ctx[i ? "lineTo" : "moveTo"](p.x + corners[i][0], p.y + corners[i][1]);
      }
      ctx.closePath();
      ctx.lineJoin = "round";
      renderer._fillStroke(ctx, this);
    }
  });
})();
