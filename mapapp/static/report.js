/* mapapp HTML report: the date filter and presets, the details panel, the list of events, journey steps,
 * accessible names for the points and the print layout — in the page, without a server or network.
 *
 * mapappReport.init(registry, data) runs once the map exists. registry is window.mapapp = {map, layers:
 * {category: L.GeoJSON}} (mapbuild.Registry); every point feature has properties id, place_id, category,
 * date_start, date_end (ISO days), every rail leg id, date_start, date_end. data comes from
 * mapapp.report.report_data: its texts are escaped HTML made by mapapp/render.py, so they are inserted with
 * innerHTML as they are, and turned into plain text (for aria-label) through a <textarea>.
 * Exposes window.mapapp.report = {state, apply, select, step, setRange} for tests and page scripts. */
(function () {
  "use strict";
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var ROUTE = "rail_leg";

  function byId(id) { return document.getElementById(id); }

  function plain(escaped) {  // escaped HTML text → the text it shows
    var t = document.createElement("textarea");
    t.innerHTML = escaped;
    return t.value;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function parts(iso) { var p = iso.split("-"); return {y: p[0], m: MONTHS[Number(p[1]) - 1], d: Number(p[2])}; }

  // Same wording as mapapp.render.date_range.
  function dateRange(a, b) {
    if (!a && !b) { return "all dates"; }
    if (!a || !b) { return (a ? "from " + dateRange(a, a) : "until " + dateRange(b, b)); }
    var s = parts(a), e = parts(b);
    if (a === b) { return s.d + " " + s.m + " " + s.y; }
    if (s.y === e.y && s.m === e.m) { return s.d + "–" + e.d + " " + e.m + " " + e.y; }
    if (s.y === e.y) { return s.d + " " + s.m + " – " + e.d + " " + e.m + " " + e.y; }
    return s.d + " " + s.m + " " + s.y + " – " + e.d + " " + e.m + " " + e.y;
  }

  function overlaps(props, from, to) {
    return (!from || props.date_end >= from) && (!to || props.date_start <= to);
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function init(registry, data) {
    if (!registry || !registry.map) { return; }
    var map = registry.map;
    var layers = registry.layers || {};
    var ui = {from: byId("report-from"), to: byId("report-to"), count: byId("report-count"),
              shown: byId("report-shown"), range: byId("report-range"), list: byId("report-events"),
              details: byId("report-details"), prev: byId("report-prev"), next: byId("report-next"),
              step: byId("report-step"), sources: byId("report-sources"),
              presets: Array.prototype.slice.call(document.querySelectorAll(".report-preset"))};
    var places = new Map(data.places || []);
    var events = data.events || [];
    var eventById = new Map(events.map(function (e) { return [e.id, e]; }));
    var state = {from: ui.from ? ui.from.value : "", to: ui.to ? ui.to.value : "", place: null, event: null, moving: false,
                 shownEvents: 0, shownLegs: 0};

    // Every feature of the registry's layers, with the L.GeoJSON it belongs to (to remove and restore it).
    var features = [];
    Object.keys(layers).forEach(function (category) {
      var group = layers[category];
      group.eachLayer(function (layer) {
        if (layer.feature) { features.push({category: category, group: group, layer: layer, props: layer.feature.properties}); }
      });
      group.on("click", function (e) {
        var layer = e.propagatedFrom || e.layer;
        var props = layer && layer.feature && layer.feature.properties;
        if (props && props.place_id) { select(props.place_id, props.id, {fly: false}); }
      });
    });
    var arrows = [];  // direction arrows along the legs (mapbuild.DirectionArrows): shown with their leg
    map.eachLayer(function (layer) {
      var p = layer.feature && layer.feature.properties;
      if (p && p.leg !== undefined && p.bearing !== undefined && layer.setOpacity) { arrows.push(layer); }
    });

    // Accessible names for the points: "place, date: title" on the marker's element, whenever it is (re)made.
    function nameOf(props) {
      var e = eventById.get(props.id);
      return e ? plain(e.label) : "";
    }
    function label(entry) {
      var el = entry.layer.getElement ? entry.layer.getElement() : null;
      var name = nameOf(entry.props);
      if (!el || !name) { return; }
      el.setAttribute("aria-label", name);
      if (!el.getAttribute("role")) { el.setAttribute("role", "img"); }
    }
    features.forEach(function (entry) {
      if (entry.category === ROUTE) { return; }
      label(entry);
      entry.layer.on("add", function () { label(entry); });
    });

    // The list of events (buttons: Tab reaches them, Enter and Space select).
    var items = new Map();
    if (ui.list) {
      events.forEach(function (e) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "report-ev report-cat-" + (/^[a-z_]+$/.test(e.category) ? e.category : "other");
        button.innerHTML = e.item;  // escaped markup from render.event_item
        button.addEventListener("click", function () { select(e.place, e.id, {fly: true, focusPanel: false}); });
        li.appendChild(button);
        ui.list.appendChild(li);
        items.set(e.id, {li: li, button: button, event: e});
      });
    }
    if (ui.sources) { ui.sources.innerHTML = data.sources || '<p class="report-hint">No sources given.</p>'; }
    if (data.attribution && map.attributionControl) { map.attributionControl.addAttribution(data.attribution); }

    function layerOn(category) {
      var group = layers[category];
      return !!group && map.hasLayer(group);
    }
    function eventShown(e) {
      return layerOn(e.category) && overlaps({date_start: e.start, date_end: e.end}, state.from, state.to);
    }

    // Show what overlaps [from, to]; hide the rest (removed from its layer, restored later), update the texts.
    function apply() {
      var legShown = {};
      features.forEach(function (entry) {
        var visible = overlaps(entry.props, state.from, state.to);
        if (entry.category === ROUTE) { legShown[entry.props.id] = visible; }
        if (visible && !entry.group.hasLayer(entry.layer)) { entry.group.addLayer(entry.layer); }
        if (!visible && entry.group.hasLayer(entry.layer)) { entry.group.removeLayer(entry.layer); }
      });
      arrows.forEach(function (a) { a.setOpacity(legShown[a.feature.properties.leg] === false ? 0 : 1); });
      var shown = 0;
      items.forEach(function (item) {
        var on = eventShown(item.event);
        item.li.hidden = !on;
        if (on) { shown++; }
      });
      var legs = layerOn(ROUTE) ? Object.keys(legShown).filter(function (k) { return legShown[k]; }).length : 0;
      state.shownEvents = shown;
      state.shownLegs = legs;
      var bad = state.from && state.to && state.from > state.to;
      if (ui.count) {
        ui.count.textContent = bad ? "No events shown: “from” is after “to”." : plural(shown, "event") + " shown";
      }
      if (ui.shown) { ui.shown.textContent = plural(shown, "event") + ", " + plural(legs, "rail leg"); }
      if (ui.range) { ui.range.textContent = dateRange(state.from, state.to); }
      ui.presets.forEach(function (b) {
        b.setAttribute("aria-pressed", String(b.dataset.from === state.from && b.dataset.to === state.to));
      });
      stepButtons();
    }

    function setRange(from, to) {
      state.from = from || "";
      state.to = to || "";
      if (ui.from) { ui.from.value = state.from; }
      if (ui.to) { ui.to.value = state.to; }
      apply();
    }

    var ring = null;  // marks the selected place on the map
    // The details panel: the place's events and the article sentences naming it (render.place_panel).
    function select(placeId, eventId, options) {
      var place = places.get(placeId);
      if (!place) { return; }
      options = options || {};
      state.place = placeId;
      state.event = eventId || null;
      if (ui.details) {
        ui.details.innerHTML = place.panel;
        ui.details.scrollTop = 0;
      }
      items.forEach(function (item) {
        if (item.event.place === placeId) { item.button.setAttribute("aria-current", "true"); }
        else { item.button.removeAttribute("aria-current"); }
      });
      stepButtons();
      if (ring) { ring.setLatLng([place.lat, place.lon]); }
      else {
        ring = L.circleMarker([place.lat, place.lon], {radius: 16, color: "#000", weight: 3, fill: false,
                                                       interactive: false, className: "report-ring"}).addTo(map);
      }
      if (options.fly) {
        var target = L.latLng(place.lat, place.lon), zoom = Math.max(map.getZoom(), 6);
        if (reducedMotion()) { map.setView(target, zoom, {animate: false}); }
        else { map.flyTo(target, zoom, {duration: 0.6}); }
      }
      if (options.focusPanel && ui.details) { ui.details.focus({preventScroll: true}); }
    }

    // Previous / next through the journey stops and summit (data.steps, in travel order) that are shown.
    function visibleSteps() {
      return (data.steps || []).map(function (id) { return {id: id}; }).filter(function (s) {
        var e = eventById.get(s.id);
        return e && eventShown(e);
      });
    }
    function step(delta) {
      var steps = visibleSteps();
      if (!steps.length) { return; }
      var k = steps.findIndex(function (s) { return s.id === state.event; });
      k = k < 0 ? (delta > 0 ? 0 : steps.length - 1) : Math.min(Math.max(k + delta, 0), steps.length - 1);
      var e = eventById.get(steps[k].id);
      select(e.place, e.id, {fly: true, focusPanel: false});
    }
    function stepButtons() {
      if (!ui.prev || !ui.next) { return; }
      var steps = visibleSteps(), k = -1;
      for (var j = 0; j < steps.length; j++) { if (steps[j].id === state.event) { k = j; } }
      ui.prev.disabled = !steps.length || k === 0;
      ui.next.disabled = !steps.length || (k >= 0 && k === steps.length - 1);
      if (ui.step) {
        if (!steps.length) { ui.step.textContent = "No journey stops in these dates."; }
        else if (k < 0) { ui.step.textContent = plural(steps.length, "stop") + " — press “Next stop” to start."; }
        else {
          var e = eventById.get(steps[k].id);
          ui.step.textContent = "Stop " + (k + 1) + " of " + steps.length + ": " + plain(e.label);
        }
      }
    }

    // Wiring: date fields, presets, journey buttons, layer control.
    [ui.from, ui.to].forEach(function (input) {
      if (!input) { return; }
      ["input", "change"].forEach(function (type) {
        input.addEventListener(type, function () { state.from = ui.from.value; state.to = ui.to.value; apply(); });
      });
    });
    ui.presets.forEach(function (b) {
      b.addEventListener("click", function () { setRange(b.dataset.from, b.dataset.to); });
    });
    if (ui.prev) { ui.prev.addEventListener("click", function () { step(-1); }); }
    if (ui.next) { ui.next.addEventListener("click", function () { step(1); }); }
    map.on("overlayadd overlayremove", apply);
    map.on("movestart", function () { state.moving = true; });
    map.on("moveend", function () { state.moving = false; });

    // Printing: the map gets its paper size before the page is laid out, and shows what is shown on screen.
    function visibleBounds() {
      var b = L.latLngBounds([]);
      features.forEach(function (entry) {
        if (entry.group.hasLayer(entry.layer) && map.hasLayer(entry.group)) {
          b.extend(entry.layer.getBounds ? entry.layer.getBounds() : entry.layer.getLatLng());
        }
      });
      return b;
    }
    var screenView = null;
    function beforePrint() {
      if (document.body.classList.contains("report-printing")) { return; }
      screenView = {center: map.getCenter(), zoom: map.getZoom()};
      document.body.classList.add("report-printing");
      map.invalidateSize({animate: false});
      var b = visibleBounds();
      if (b.isValid()) { map.fitBounds(b, {padding: [20, 20], maxZoom: 8, animate: false}); }
    }
    function afterPrint() {
      if (!document.body.classList.contains("report-printing")) { return; }
      document.body.classList.remove("report-printing");
      map.invalidateSize({animate: false});
      if (screenView) { map.setView(screenView.center, screenView.zoom, {animate: false}); }
    }
    window.addEventListener("beforeprint", beforePrint);
    window.addEventListener("afterprint", afterPrint);

    // The first view: everything shown, clear of the title block over the map's corner.
    function fitShown(animate) {
      var b = visibleBounds();
      if (!b.isValid()) { return; }
      var caption = document.querySelector(".mapapp-caption"), top = 20;
      if (caption && window.getComputedStyle(caption).position === "absolute") {
        top = caption.offsetTop + caption.offsetHeight + 12;
      }
      map.options.zoomSnap = 0.25;  // whole zoom levels would leave the report's data small or under the title
      map.fitBounds(b, {paddingTopLeft: [20, top], paddingBottomRight: [20, 20], maxZoom: 8,
                        animate: !!animate && !reducedMotion()});
    }
    ui.presets.forEach(function (b) { b.addEventListener("click", function () { fitShown(true); }); });
    // At phone width the legend starts folded (its summary opens it), so it does not cover the map.
    if (window.matchMedia && window.matchMedia("(max-width: 760px)").matches) {
      var legend = document.querySelector(".mapapp-legend details[open]");
      if (legend) { legend.removeAttribute("open"); }
    }

    // folium's own fitBounds animates its first zoom, which Leaflet starts on the next frame; its end would
    // undo a fit made before it. So: wait two frames, then for the end of any zoom animation, then fit.
    function fitWhenSettled() {
      window.requestAnimationFrame(function () {
        window.requestAnimationFrame(function () {
          if (document.querySelector(".leaflet-zoom-anim")) { map.once("zoomend", fitWhenSettled); return; }
          fitShown(false);
          document.documentElement.classList.add("report-ready");
        });
      });
    }

    apply();
    registry.report = {state: state, apply: apply, select: select, step: step, setRange: setRange, fitShown: fitShown,
                       beforePrint: beforePrint, afterPrint: afterPrint};
    fitWhenSettled();
  }

  window.mapappReport = {init: init};
})();
