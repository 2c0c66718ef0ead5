/* mapapp journey playback: a marker for each leg's mode (train, plane, ship, car, walker) moving along the
 * journey's legs day by day, pausing at each leg's end.
 * mapappPlayback(map, data) adds a play/pause/speed/day control to the map and returns the player; data comes
 * from mapapp.journey.playback_data (labels are escaped HTML). No network, no framework: Leaflet only.
 * Exposes window.mapapp.playback = {play, pause, seek, state, remove} for page scripts and tests; remove()
 * takes the train and the control off the map (the dashboard makes a new player when the filter changes). */
(function () {
  "use strict";
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var HOLD_MS = 1400;  // pause at a stop, in real time
  // The marker for a leg's mode (train, plane, ship, car, walker: mapapp.symbols.vehicle_svg, in data.icons).
  function vehicle(data, mode) { return (data.icons || {})[mode] || (data.icons || {}).other || ""; }

  var ICON = {
    play: '<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true"><path d="M3 1.5 L12.5 7 L3 12.5 z" fill="currentColor"/></svg>',
    pause: '<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true"><rect x="2.5" y="1.5" width="3.2" height="11" fill="currentColor"/><rect x="8.3" y="1.5" width="3.2" height="11" fill="currentColor"/></svg>',
    restart: '<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true"><rect x="1.5" y="1.5" width="2.4" height="11" fill="currentColor"/><path d="M12.5 1.5 L4.5 7 L12.5 12.5 z" fill="currentColor"/></svg>'
  };

  function isoDay(t0, days) {
    var d = new Date(t0 + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }
  function pretty(iso) {
    var p = iso.split("-");
    return Number(p[2]) + " " + MONTHS[Number(p[1]) - 1] + " " + p[0];
  }

  // The leg travelled at time t (the last one begun; the first before it starts).
  function legAt(data, t) {
    var legs = data.legs, last = legs[0];
    for (var i = 0; i < legs.length && t >= legs[i].start; i++) { last = legs[i]; }
    return last;
  }

  function position(data, t) {
    var legs = data.legs, last = null;
    for (var i = 0; i < legs.length; i++) {
      var leg = legs[i];
      if (t < leg.start) { break; }
      last = leg;
      if (t <= leg.end) {
        var f = leg.end > leg.start ? (t - leg.start) / (leg.end - leg.start) : 1;
        var c = leg.cum, k = 1;
        while (k < c.length - 1 && c[k] < f) { k++; }
        var a = leg.coords[k - 1], b = leg.coords[k];
        var span = c[k] - c[k - 1], g = span > 0 ? (f - c[k - 1]) / span : 1;
        return [a[0] + (b[0] - a[0]) * g, a[1] + (b[1] - a[1]) * g];
      }
    }
    if (last) { return last.coords[last.coords.length - 1]; }
    return legs[0].coords[0];
  }

  window.mapappPlayback = function (map, data) {
    if (!data || !data.legs || !data.legs.length) { return null; }
    var state = {t: 0, playing: false, speed: 1, hold: 0, stop: null, touched: false, lastDay: null};
    var mode = data.legs[0].mode || "other";
    function icon(m) {
      return L.divIcon({className: "mapapp-train mapapp-vehicle-" + m, iconSize: [28, 28], iconAnchor: [14, 14],
                        html: vehicle(data, m)});
    }
    var routeLayers = new Set(data.routes || []);
    var train = L.marker(data.legs[0].coords[0], {interactive: false, keyboard: false, zIndexOffset: 1000,
      icon: icon(mode)});
    train.addTo(map);

    var ui = {};
    // Top right: the route starts in the bottom-left corner (Pyongyang) and the legend holds the bottom right.
    var control = L.control({position: "topright"});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "mapapp-player");
      div.setAttribute("role", "group");
      div.setAttribute("aria-label", "Journey playback");
      div.innerHTML =
        '<div class="row">' +
        '<button type="button" class="restart" aria-label="Back to the start" title="Back to the start">' + ICON.restart + '</button>' +
        '<button type="button" class="play" aria-label="Play the journey" title="Play the journey">' + ICON.play + '</button>' +
        '<select class="speed" aria-label="Playback speed" title="Playback speed">' +
        '<option value="0.5">½ day/s</option><option value="1" selected>1 day/s</option>' +
        '<option value="2">2 days/s</option><option value="4">4 days/s</option></select>' +
        '<span class="date" aria-live="polite"></span></div>' +
        '<input class="day" type="range" min="0" step="0.01" aria-label="Day of the journey">' +
        '<div class="stop" aria-live="polite"></div>' +
        '<details class="summary"><summary>Journey totals</summary><div></div></details>';
      ui.play = div.querySelector(".play");
      ui.restart = div.querySelector(".restart");
      ui.speed = div.querySelector(".speed");
      ui.date = div.querySelector(".date");
      ui.day = div.querySelector(".day");
      ui.stop = div.querySelector(".stop");
      div.querySelector(".summary div").innerHTML = data.summary || "";
      ui.day.max = String(data.days);
      ui.play.addEventListener("click", function () { if (state.playing) { pause(); } else { play(); } });
      ui.restart.addEventListener("click", function () { pause(); seek(0); });
      ui.speed.addEventListener("change", function () { state.speed = Number(ui.speed.value) || 1; });
      ui.day.addEventListener("input", function () { pause(); seek(Number(ui.day.value)); });
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);

    function dayIndex(t) { return Math.max(0, Math.min(Math.floor(t), Math.ceil(data.days) - 1)); }

    function restyle(today) {
      var reg = window.mapapp && window.mapapp.layers;
      if (!reg) { return; }
      Object.keys(reg).forEach(function (key) {
        reg[key].eachLayer(function (layer) {
          var p = layer.feature && layer.feature.properties;
          if (!p || !p.date_start) { return; }
          var done = today === null || p.date_start <= today;
          if (layer.setStyle && !layer._icon) {
            layer.setStyle(routeLayers.has(key) ? {opacity: done ? 0.95 : 0.25}
                                              : {opacity: done ? 1 : 0.35, fillOpacity: done ? 0.95 : 0.3});
          } else if (layer.setOpacity) {
            layer.setOpacity(done ? 1 : 0.35);
          }
        });
      });
    }

    function draw() {
      var at = position(data, state.t), now = legAt(data, state.t).mode || "other";
      if (now !== mode) { mode = now; train.setIcon(icon(mode)); }
      train.setLatLng(at);
      var today = state.stop ? state.stop.date : isoDay(data.t0, dayIndex(state.t));
      ui.date.textContent = pretty(today);
      ui.day.value = String(state.t);
      ui.stop.innerHTML = state.stop ? state.stop.label : "";
      if (state.touched && today !== state.lastDay) {
        state.lastDay = today;
        restyle(today);
      }
    }

    function seek(t) {
      state.t = Math.max(0, Math.min(t, data.days));
      state.stop = null;
      state.hold = 0;
      state.touched = true;
      draw();
    }

    var last = null;
    function frame(now) {
      if (!state.playing) { last = null; return; }
      var dt = last === null ? 0 : Math.min(now - last, 250);
      last = now;
      if (state.hold > 0) {
        state.hold -= dt;
      } else {
        var from = state.t, to = Math.min(data.days, from + dt / 1000 * state.speed);
        state.stop = null;
        for (var i = 0; i < data.stops.length; i++) {
          var s = data.stops[i];
          if (s.t > from && s.t <= to) { to = s.t; state.stop = s; state.hold = HOLD_MS; break; }
        }
        state.t = to;
        draw();
      }
      if (state.t >= data.days && state.hold <= 0) { pause(); return; }
      window.requestAnimationFrame(frame);
    }

    function play() {
      if (state.t >= data.days) { seek(0); }
      state.playing = true;
      state.touched = true;
      ui.play.innerHTML = ICON.pause;
      ui.play.setAttribute("aria-label", "Pause");
      ui.play.title = "Pause";
      window.requestAnimationFrame(frame);
    }

    function pause() {
      state.playing = false;
      ui.play.innerHTML = ICON.play;
      ui.play.setAttribute("aria-label", "Play the journey");
      ui.play.title = "Play the journey";
    }

    function remove() {
      state.playing = false;
      train.remove();
      control.remove();
      if (window.mapapp && window.mapapp.playback === player) { delete window.mapapp.playback; }
    }

    draw();
    window.mapapp = window.mapapp || {map: map, layers: {}};
    var player = {
      play: play, pause: pause, seek: seek, remove: remove,
      state: function () { return {t: state.t, playing: state.playing, date: ui.date.textContent,
                                   stop: ui.stop.textContent, latlng: train.getLatLng(), mode: mode}; }
    };
    window.mapapp.playback = player;
    return player;
  };
})();
