/* mapapp HTML report: the date filter and presets, the details panel, the list of events, journey steps,
 * accessible names for the points and the print layout — in the page, without a server or network.
 *
 * mapappReport.init(registry, data) runs once the map exists. registry is window.mapapp = {map, layers:
 * {category: L.GeoJSON}, clusters: {category: L.MarkerClusterGroup}} (mapjs.registry); every point feature
 * has properties id, place_id, category, date_start, date_end (ISO days), every route leg id, date_start,
 * date_end. A category with a cluster group (mapjs.point_layer, cluster mode) keeps its L.GeoJSON off the map
 * with every feature: the filter takes markers out of the cluster group and puts them back (in batches, see
 * syncClusters), so the clusters and their counts follow it; otherwise it takes them out of the L.GeoJSON.
 * data comes from
 * mapapp.report.report_data (its layout is documented there): compact rows whose texts are escaped by
 * mapapp/render.py. The functions under "markup" join those texts into fixed markup, each repeating a
 * function of render.py (place_panel, event_item, source_groups, link, highlight); nothing else becomes
 * HTML. Texts turn into plain text (for aria-label) through a <textarea>.
 * The list of events shows the shown events PAGE at a time (all of them on paper); the sources are built once
 * the points are drawn, or for a long story when the reader reaches them (at once for printing).
 * A click on a route leg shows its panel (data.legs: markup made by render.leg_panel).
 * Exposes window.mapapp.report = {state, apply, select, selectLeg, step, setRange, buildAll} for tests and page scripts
 * (state.listed: the list and the sources are built, buildAll() builds them at once; state.synced: every
 * cluster group on the map holds exactly the points shown; state.listFirst: index among the shown events of
 * the list's first entry). */
(function () {
  "use strict";
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  // Entries in the list of events at a time: with every entry of 100,000 in the page, each change of the page
  // (a filter, a count, a cluster) would take seconds to lay out; 2,000 take a few tens of milliseconds.
  var PAGE = 2000;
  // Up to this many events the sources are built as soon as the points are drawn; beyond, when the reader
  // reaches them (or prints): laying them out takes about 0.5 s for 10,000 events, seconds for 100,000.
  var EAGER_SOURCES = PAGE;
  var BATCH = 5000;  // clustered markers taken out or put back at a time (about 30 ms; then the page breathes)

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

  // --- markup: escaped texts from the data joined into render.py's markup --------------------------------

  function Markup(data) {
    var urls = data.urls || [], articles = data.articles || [], sentences = data.sentences || [];

    function link(entry, label) {  // render.link(url, label); entry from render.report_url
      var text = typeof entry === "string" ? entry : entry[0];
      var href = typeof entry === "string" ? entry : entry[1];
      var shown = label || text;
      if (!href) { return '<span class="mapapp-url">' + shown + "</span>"; }
      return '<a href="' + href + '" target="_blank" rel="noopener noreferrer">' + shown + "</a>";
    }
    function sources(ids) {  // render.sources
      var items = "";
      for (var i = 0; i < ids.length; i++) { items += "<li>" + link(urls[ids[i]]) + "</li>"; }
      return items ? '<ul class="mapapp-sources">' + items + "</ul>" : "";
    }
    function withMarks(escaped, cuts, from) {  // render.with_marks, cuts from index ``from`` on
      var out = "", pos = 0;
      for (var i = from; i + 1 < cuts.length; i += 2) {
        out += escaped.slice(pos, cuts[i]) + "<mark>" + escaped.slice(cuts[i], cuts[i + 1]) + "</mark>";
        pos = cuts[i + 1];
      }
      return out + escaped.slice(pos);
    }
    function snippet(row) {  // render.snippet; row = [sentence index, *cuts]
      var sentence = sentences[row[0]], article = articles[sentence[0]];
      var source = article[1] >= 0 ? link(urls[article[1]], article[0]) : article[0];
      return '<blockquote class="mapapp-snippet">' + withMarks(sentence[1], row, 1) + "<footer>" + source + " · " +
        article[2] + "</footer></blockquote>";
    }
    function eventDetail(e) {  // render.event_detail(..., show_place=False)
      var out = '<h4 class="mapapp-title">' + e.title + '</h4><p class="mapapp-meta">' + e.when + " · " + e.label +
        "</p>";
      if (e.participants) { out += "<p><b>Participants:</b> " + e.participants + "</p>"; }
      if (e.description) { out += "<p>" + e.description + "</p>"; }
      if (e.urls.length) {
        out += "<details><summary>Sources (" + e.urls.length + ")</summary>" + sources(e.urls) + "</details>";
      }
      return out;
    }
    function placePanel(place, events) {  // render.place_panel
      var out = '<div class="mapapp-panel"><h3>' + place.name + "</h3>";
      events.forEach(function (e) { out += '<section class="mapapp-event">' + eventDetail(e) + "</section>"; });
      if (place.own.length) {
        out += "<h4>In the articles (" + place.own.length + ")</h4>" + place.own.map(snippet).join("");
      } else {
        out += '<p class="mapapp-none">No article names this place.</p>';
        if (place.description) { out += "<p>" + place.description + "</p>"; }
        out += sources(place.urls);
      }
      place.wider.forEach(function (group) {
        out += '<h4 class="mapapp-wider">About the wider area, ' + group[0] + " (" + group[1].length + ")</h4>" +
          group[1].map(snippet).join("");
      });
      return out + "</div>";
    }
    function eventItem(e) {  // render.event_item
      return '<span class="report-ev-date">' + e.when + '</span> <span class="report-ev-title">' + e.title +
        '</span> <span class="report-ev-meta">' + e.placeName + " · " + e.label + "</span>";
    }
    function sourceGroups(groups, events) {  // render.source_groups; a group without items: the events'
      var out = "";
      groups.forEach(function (group) {
        var items = group[1] || events.map(function (e) { return [e.when + ": " + e.title, e.urls]; });
        var rows = "";
        items.forEach(function (item) {
          if (item[1].length) {
            rows += '<li><span class="report-src-item">' + item[0] + "</span>" + sources(item[1]) + "</li>";
          }
        });
        if (rows) { out += "<h3>" + group[0] + '</h3><ul class="report-src-list">' + rows + "</ul>"; }
      });
      return out;
    }
    return {placePanel: placePanel, eventItem: eventItem, sourceGroups: sourceGroups};
  }

  // ISO day ``n`` days after ``t0`` (an ISO day).
  function dayAfter(t0) {
    var p = t0.split("-"), base = Date.UTC(Number(p[0]), Number(p[1]) - 1, Number(p[2])), seen = {};
    return function (n) {
      if (!(n in seen)) { seen[n] = new Date(base + n * 86400000).toISOString().slice(0, 10); }
      return seen[n];
    };
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function init(registry, data) {
    if (!registry || !registry.map) { return; }
    var map = registry.map;
    var layers = registry.layers || {};
    var clusters = registry.clusters || {};
    var ui = {from: byId("report-from"), to: byId("report-to"), count: byId("report-count"),
              shown: byId("report-shown"), range: byId("report-range"), list: byId("report-events"),
              details: byId("report-details"), prev: byId("report-prev"), next: byId("report-next"),
              step: byId("report-step"), sources: byId("report-sources"),
              presets: Array.prototype.slice.call(document.querySelectorAll(".report-preset"))};
    var markup = Markup(data);
    var day = dayAfter(data.t0 || "1970-01-01");
    var categories = data.categories || [];
    var routeLayers = new Set(data.routes || []), legNoun = data.legNoun || "leg";  // the story's route layers
    var placeRows = (data.places || []).map(function (p) {
      return {id: p[0], lat: p[1], lon: p[2], name: p[3], description: p[4], urls: p[5], own: p[6], wider: p[7],
              events: []};
    });
    var places = new Map(placeRows.map(function (p) { return [p.id, p]; }));
    var events = (data.events || []).map(function (r) {
      var place = placeRows[r[1]], start = day(r[3]), end = day(r[3] + r[4]);
      var e = {id: r[0], place: place.id, placeName: place.name, category: categories[r[2]][0],
               label: categories[r[2]][1], color: categories[r[2]][2], start: start, end: end, when: dateRange(start, end), title: r[5],
               participants: r[6], description: r[7], urls: r[8]};
      place.events.push(e);
      return e;
    });
    var listed = (data.order || []).map(function (i) { return events[i]; });  // the list's order
    var eventById = new Map(events.map(function (e) { return [e.id, e]; }));
    var state = {from: ui.from ? ui.from.value : "", to: ui.to ? ui.to.value : "", place: null, event: null, moving: false,
                 shownEvents: 0, shownLegs: 0, listed: false, synced: true, listFirst: 0};

    // Every feature of the registry's layers, with the L.GeoJSON it belongs to and what holds it on the map:
    // that L.GeoJSON, or its category's cluster group (which then holds every marker at first: held).
    var features = [], clusterSets = [];
    Object.keys(layers).forEach(function (category) {
      var group = layers[category], cluster = clusters[category] || null;
      var set = cluster ? {group: cluster, entries: []} : null;
      group.eachLayer(function (layer) {
        if (!layer.feature) { return; }
        var entry = {category: category, group: group, holder: cluster || group, layer: layer,
                     props: layer.feature.properties, shown: true, held: true};
        features.push(entry);
        if (set) { set.entries.push(entry); }
      });
      if (set) {
        clusterSets.push(set);
        // put right once it is back on the map, or has placed the markers it was given
        cluster.on("add filled", scheduleSync);
      }
      group.on("click", function (e) {
        var layer = e.propagatedFrom || e.layer;
        var props = layer && layer.feature && layer.feature.properties;
        if (props && props.place_id) { select(props.place_id, props.id, {fly: false}); }
        else if (props && legPanels.has(props.id)) { selectLeg(props.id); }
      });
    });
    var arrows = [];  // direction arrows along the legs (mapjs.arrows): shown with their leg
    map.eachLayer(function (layer) {
      var p = layer.feature && layer.feature.properties;
      if (p && p.leg !== undefined && p.bearing !== undefined && layer.setOpacity) { arrows.push(layer); }
    });

    // Accessible names for the points: "place, date: title" on the marker's element, whenever it is (re)made.
    function nameOf(e) { return plain(e.placeName + ", " + e.when + ": " + e.title); }
    function label(entry) {
      var el = entry.layer.getElement ? entry.layer.getElement() : null;  // none on a canvas
      var e = el && eventById.get(entry.props.id);
      var name = e ? nameOf(e) : "";
      if (!name) { return; }
      el.setAttribute("aria-label", name);
      if (!el.getAttribute("role")) { el.setAttribute("role", "img"); }
    }
    features.forEach(function (entry) {
      if (routeLayers.has(entry.category)) { return; }
      label(entry);
      entry.layer.on("add", function () { label(entry); });
    });

    // The list of events (buttons: Tab reaches them, Enter and Space select): the shown events in the list's
    // order, PAGE at a time with buttons to the earlier and later ones, every shown event on paper. Entries are
    // made when first shown and kept. The sources are built once the points are drawn (see syncClusters).
    var items = new Map(), shownList = [], inList = [], printing = false, sourcesBuilt = false, sourcesDue = false;
    function listItem(e) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "report-ev";
      button.dataset.category = e.category;  // for page scripts and tests
      if (/^#[0-9a-fA-F]{6}$/.test(e.color || "")) {  // the layer's colour (story.json) down the entry's edge
        button.style.setProperty("border-left-color", e.color, "important");
      }
      button.innerHTML = markup.eventItem(e);
      button.addEventListener("click", function () { select(e.place, e.id, {fly: true, focusPanel: false}); });
      li.appendChild(button);
      if (e.place === state.place) { button.setAttribute("aria-current", "true"); }
      var item = {li: li, button: button, event: e};
      items.set(e.id, item);
      return item;
    }
    var pager = null;  // "Events 2,001–4,000 of 12,345" and the buttons to the earlier and later entries
    function makePager() {
      var box = document.createElement("div");
      var buttons = document.createElement("div");
      buttons.className = "report-steps";
      buttons.setAttribute("role", "group");
      buttons.setAttribute("aria-label", "Pages of the list of events");
      var where = document.createElement("p");
      where.className = "report-step";
      where.setAttribute("aria-live", "polite");
      function pageButton(text, delta) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = text;
        b.addEventListener("click", function () {
          state.listFirst = Math.max(0, state.listFirst + delta * PAGE);
          renderList();
          if (ui.list.parentNode) { ui.list.parentNode.scrollTop = 0; }
        });
        buttons.appendChild(b);
        return b;
      }
      var pg = {box: box, where: where, earlier: pageButton("← Earlier events", -1),
                later: pageButton("Later events →", 1)};
      box.appendChild(buttons);
      box.appendChild(where);
      ui.list.parentNode.insertBefore(box, ui.list);
      return pg;
    }
    function count(n) { return n.toLocaleString("en-US"); }
    function renderList() {
      if (!ui.list) { return; }
      var total = shownList.length;
      state.listFirst = Math.min(state.listFirst, Math.max(0, Math.floor((total - 1) / PAGE) * PAGE));
      var start = printing ? 0 : state.listFirst, stop = printing ? total : Math.min(start + PAGE, total);
      var page = shownList.slice(start, stop);
      var same = page.length === inList.length && page.every(function (e, i) { return e === inList[i]; });
      if (!same) {
        var part = document.createDocumentFragment();
        page.forEach(function (e) { part.appendChild((items.get(e.id) || listItem(e)).li); });
        ui.list.textContent = "";
        ui.list.appendChild(part);
        inList = page;
      }
      if (total > PAGE && !pager) { pager = makePager(); }
      if (pager) {
        pager.box.hidden = total <= PAGE;
        pager.where.textContent = "Events " + count(start + 1) + "–" + count(stop) + " of " + count(total) +
          ", by date";
        pager.earlier.disabled = start === 0;
        pager.later.disabled = stop >= total;
      }
    }
    function buildSources() {
      if (sourcesBuilt) { return; }
      if (ui.sources) {
        ui.sources.innerHTML = markup.sourceGroups(data.sources || [], listed) ||
          '<p class="report-hint">No sources given.</p>';
      }
      sourcesBuilt = true;
      state.listed = true;
    }
    function buildAll() { buildSources(); }
    function sourcesWhenDrawn() {
      sourcesDue = true;
      var section = ui.sources && (ui.sources.closest("section") || ui.sources);
      if (listed.length <= EAGER_SOURCES || !section || !window.IntersectionObserver) {
        window.setTimeout(buildSources, 0);
        return;
      }
      var seen = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) { seen.disconnect(); buildSources(); }
      });
      seen.observe(section);
    }
    if (data.attribution && map.attributionControl) { map.attributionControl.addAttribution(data.attribution); }

    function layerOn(category) {
      var group = clusters[category] || layers[category];
      return !!group && map.hasLayer(group);
    }
    function eventShown(e) {
      return layerOn(e.category) && overlaps({date_start: e.start, date_end: e.end}, state.from, state.to);
    }

    function layerOf(entry) { return entry.layer; }

    // Clustered points: each cluster group on the map is brought to hold exactly the shown markers, BATCH
    // markers at a time with markercluster's bulk calls (one at a time would rebuild the clusters each time;
    // all at once would hold up the page at 100,000 points). A group off the map (its layer switched off) is
    // put right when it is added again; one still placing the markers it was given, when it has ("filled").
    var syncTimer = null;
    function scheduleSync() {
      if (syncTimer === null) { syncTimer = window.setTimeout(syncClusters, 0); }
    }
    function syncClusters() {
      if (syncTimer !== null) { window.clearTimeout(syncTimer); syncTimer = null; }
      var budget = BATCH, more = false, waiting = false;
      clusterSets.forEach(function (set) {
        var group = set.group, out = [], back = [], entries = set.entries;
        if (!map.hasLayer(group)) { return; }
        if (group.filling) { waiting = true; return; }
        for (var i = 0; i < entries.length; i++) {
          var entry = entries[i];
          if (entry.held === entry.shown) { continue; }
          if (budget <= 0) { more = true; break; }
          (entry.shown ? back : out).push(entry);
          budget--;
        }
        if (out.length) {
          group.removeLayers(out.map(layerOf));
          out.forEach(function (entry) { entry.held = false; });
        }
        if (back.length) {
          var chunked = group.options.chunkedLoading;
          group.options.chunkedLoading = false;  // this batch at once: nothing stays queued in the group
          try { group.addLayers(back.map(layerOf)); } finally { group.options.chunkedLoading = chunked; }
          back.forEach(function (entry) { entry.held = true; });
        }
      });
      if (more) { scheduleSync(); }
      state.synced = !more && !waiting;
      // the sources once the points are drawn: building them while the clusters fill in would hold that up
      if (state.synced && !sourcesDue) { sourcesWhenDrawn(); }
    }

    // Show what overlaps [from, to]; hide the rest (removed from its layer or cluster group, restored later),
    // update the texts.
    function apply() {
      var legShown = {};
      features.forEach(function (entry) {
        var visible = overlaps(entry.props, state.from, state.to);
        entry.shown = visible;
        if (routeLayers.has(entry.category)) { legShown[entry.props.id] = visible; }
        if (entry.holder !== entry.group) { return; }  // clustered: syncClusters below
        if (visible && !entry.group.hasLayer(entry.layer)) { entry.group.addLayer(entry.layer); }
        if (!visible && entry.group.hasLayer(entry.layer)) { entry.group.removeLayer(entry.layer); }
      });
      syncClusters();
      arrows.forEach(function (a) { a.setOpacity(legShown[a.feature.properties.leg] === false ? 0 : 1); });
      var list = listed.filter(eventShown), shown = list.length;
      if (list.length !== shownList.length || list.some(function (e, i) { return e !== shownList[i]; })) {
        state.listFirst = 0;  // other events: the list starts again from the first
      }
      shownList = list;
      renderList();
      var legs = features.filter(function (entry) {
        return routeLayers.has(entry.category) && entry.shown && !entry.props.approximate && layerOn(entry.category);
      }).length;
      state.shownEvents = shown;
      state.shownLegs = legs;
      var bad = state.from && state.to && state.from > state.to;
      if (ui.count) {
        ui.count.textContent = bad ? "No events shown: “from” is after “to”." : plural(shown, "event") + " shown";
      }
      if (ui.shown) { ui.shown.textContent = plural(shown, "event") + ", " + plural(legs, legNoun); }
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

    // A route leg's panel (render.leg_panel, made by the export: data.legs), shown when the leg is clicked.
    var legPanels = new Map((data.legs || []).map(function (row) { return [row[0], row[1]]; }));
    function selectLeg(legId) {
      state.place = null;
      state.event = null;
      state.leg = legId;
      if (ui.details) {
        ui.details.innerHTML = legPanels.get(legId);
        ui.details.scrollTop = 0;
      }
      items.forEach(function (item) { item.button.removeAttribute("aria-current"); });
      if (ring) { map.removeLayer(ring); ring = null; }
      stepButtons();
    }

    var ring = null;  // marks the selected place on the map
    // The details panel: the place's events and the article sentences naming it (render.place_panel).
    function select(placeId, eventId, options) {
      var place = places.get(placeId);
      if (!place) { return; }
      options = options || {};
      state.place = placeId;
      state.event = eventId || null;
      state.leg = null;
      if (ui.details) {
        ui.details.innerHTML = markup.placePanel(place, place.events);
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

    // Previous / next through the journey's steps (data.steps: events of its journey point layers, in travel order) that are shown.
    function visibleSteps() {
      return (data.steps || []).map(function (i) { return events[i]; }).filter(function (e) {
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
          ui.step.textContent = "Stop " + (k + 1) + " of " + steps.length + ": " + nameOf(steps[k]);
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
        if (entry.shown && map.hasLayer(entry.holder)) {
          b.extend(entry.layer.getBounds ? entry.layer.getBounds() : entry.layer.getLatLng());
        }
      });
      return b;
    }
    var screenView = null;
    function beforePrint() {
      if (document.body.classList.contains("report-printing")) { return; }
      buildAll();  // every shown event and the sources on paper
      printing = true;
      renderList();
      screenView = {center: map.getCenter(), zoom: map.getZoom()};
      document.body.classList.add("report-printing");
      map.invalidateSize({animate: false});
      var b = visibleBounds();
      if (b.isValid()) { map.fitBounds(b, {padding: [20, 20], maxZoom: 8, animate: false}); }
    }
    function afterPrint() {
      if (!document.body.classList.contains("report-printing")) { return; }
      document.body.classList.remove("report-printing");
      printing = false;
      renderList();
      map.invalidateSize({animate: false});
      if (screenView) { map.setView(screenView.center, screenView.zoom, {animate: false}); }
    }
    window.addEventListener("beforeprint", beforePrint);
    window.addEventListener("afterprint", afterPrint);

    // The first view: everything shown, clear of the title block over the map's corner and of the map's
    // controls (mapapp/static/fit.js).
    function fitShown(animate) {
      var b = visibleBounds();
      if (!b.isValid()) { return; }
      var caption = document.querySelector(".mapapp-caption");
      var avoid = caption && window.getComputedStyle(caption).position === "absolute" ? [caption] : [];
      window.mapappFit(map, b, {avoid: avoid, maxZoom: 8, animate: !!animate && !reducedMotion()});
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
    registry.report = {state: state, apply: apply, select: select, selectLeg: selectLeg, step: step, setRange: setRange, fitShown: fitShown,
                       beforePrint: beforePrint, afterPrint: afterPrint, buildAll: buildAll};
    fitWhenSettled();
  }

  window.mapappReport = {init: init};
})();
