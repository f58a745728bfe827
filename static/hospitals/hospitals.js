/* Nearby clinics on the results page: progressive enhancement over the server-rendered list.
 * - "Use my location": browser geolocation, then the JSON endpoint; the list is redrawn.
 * - With a Kakao key (data-kakao-sdk): loads the Maps SDK (autoload=false, services + clusterer), shows
 *   the map only once the SDK really loaded, puts clustered markers with info windows on it, and sends
 *   typed addresses through Kakao's geocoder. If the SDK fails (offline, key or domain not registered),
 *   the map box stays hidden and the list keeps working.
 */
(function () {
  "use strict";
  var section = document.getElementById("hospitals");
  var stringsNode = document.getElementById("hospitals-strings");
  if (!section || !stringsNode || !section.dataset.endpoint) { return; }
  var strings = JSON.parse(stringsNode.textContent);
  var form = section.querySelector(".hospitals-search");
  var list = section.querySelector(".hospitals-list");
  var status = section.querySelector(".hospitals-status");
  var mapBox = section.querySelector(".hospitals-map");
  var locateButton = section.querySelector("[data-locate]");
  var KOREA = { lat: 36.3, lon: 127.8, level: 13 };
  var kakaoMap = null;

  function say(text) { if (status) { status.textContent = text || ""; } }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  // The server only sends http(s) links (diagnosis.links.safe_url); checked again before any href is set.
  function httpUrl(url) { return /^https?:\/\//i.test(url || "") ? url : ""; }

  function link(className, href, text, external) {
    var a = element("a", className, text);
    a.href = href;
    if (external) { a.target = "_blank"; a.rel = "noopener nofollow"; }
    return a;
  }

  function clinicItem(h) {
    var li = element("li", "hospital");
    li.appendChild(link("hospital-name", h.kakao_url, h.name, true));
    li.appendChild(element("span", "hospital-distance", h.distance_km.toFixed(1) + " " + strings.km));
    li.appendChild(element("span", "hospital-address", h.address));
    if (h.phone) { li.appendChild(link("hospital-phone", "tel:" + h.phone, h.phone)); }
    if (httpUrl(h.url)) { li.appendChild(link("hospital-url", h.url, strings.website, true)); }
    return li;
  }

  function showResults(data) {
    if (!list) { return; }
    list.textContent = "";
    data.results.forEach(function (h) { list.appendChild(clinicItem(h)); });
    say(data.message || "");
    if (kakaoMap) { kakaoMap.show(data); }
  }

  function search(params) {
    var url = section.dataset.endpoint + "?" + new URLSearchParams(params).toString();
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (reply) {
        if (reply.ok) { showResults(reply.data); } else { say(reply.data.error || strings.failed); }
      })
      .catch(function () { say(strings.failed); });
  }

  function locate() {
    say(strings.locating);
    navigator.geolocation.getCurrentPosition(function (position) {
      search({ lat: position.coords.latitude.toFixed(6), lon: position.coords.longitude.toFixed(6) });
    }, function () { say(strings.denied); }, { timeout: 10000, maximumAge: 600000 });
  }

  if (locateButton && "geolocation" in navigator) {
    locateButton.hidden = false;
    locateButton.addEventListener("click", locate);
  }

  function startCenter() {
    var lat = parseFloat(section.dataset.centerLat), lon = parseFloat(section.dataset.centerLon);
    return isNaN(lat) || isNaN(lon) ? null : { lat: lat, lon: lon };
  }

  function KakaoMap(kakao) {
    var maps = kakao.maps;
    var chosen = startCenter() || KOREA;
    var map = new maps.Map(mapBox, { center: new maps.LatLng(chosen.lat, chosen.lon), level: chosen.level || 6 });
    var clusterer = new maps.MarkerClusterer({ map: map, averageCenter: true, minLevel: 7 });
    var infoWindow = new maps.InfoWindow({ removable: true });
    this.geocoder = new maps.services.Geocoder();
    this.okStatus = maps.services.Status.OK;
    this.show = function (data) {
      infoWindow.close();
      clusterer.clear();
      if (!data.center) { return; }
      var bounds = new maps.LatLngBounds();
      bounds.extend(new maps.LatLng(data.center.lat, data.center.lon));
      clusterer.addMarkers(data.results.map(function (h) {
        var position = new maps.LatLng(h.lat, h.lon);
        var marker = new maps.Marker({ position: position, title: h.name });
        bounds.extend(position);
        maps.event.addListener(marker, "click", function () {
          infoWindow.setContent(infoContent(h));
          infoWindow.open(map, marker);
        });
        return marker;
      }));
      map.setBounds(bounds);
    };
    this.relayout = function () { map.relayout(); };
  }

  function infoContent(h) {
    var box = element("div", "hospital-info");
    box.appendChild(element("strong", "", h.name));
    box.appendChild(element("p", "", h.address));
    if (h.phone) { box.appendChild(link("", "tel:" + h.phone, strings.phone + " " + h.phone)); }
    box.appendChild(link("", httpUrl(h.url) || h.kakao_url, httpUrl(h.url) ? strings.website : strings.kakao, true));
    return box;
  }

  function geocodeSubmit(event) {
    var query = form.elements.near.value.trim();
    if (!kakaoMap || !query) { return; }
    event.preventDefault();
    kakaoMap.geocoder.addressSearch(query, function (result, code) {
      if (code === kakaoMap.okStatus && result.length) {
        search({ lat: parseFloat(result[0].y).toFixed(6), lon: parseFloat(result[0].x).toFixed(6), q: query });
      } else {
        form.submit();  // the server matches the district against stored addresses instead
      }
    });
  }

  function startMap() {
    try {
      mapBox.hidden = false;
      kakaoMap = new KakaoMap(window.kakao);
      kakaoMap.relayout();
    } catch (error) {
      mapBox.hidden = true;
      kakaoMap = null;
      return;
    }
    var center = startCenter();
    if (center) { search(center); }
    if (form) { form.addEventListener("submit", geocodeSubmit); }
  }

  function loadKakao(src) {
    var script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = function () {
      if (window.kakao && window.kakao.maps && window.kakao.maps.load) { window.kakao.maps.load(startMap); }
    };
    script.onerror = function () { mapBox.hidden = true; };  // offline: the list is the whole feature
    document.head.appendChild(script);
  }

  if (section.dataset.kakaoSdk && mapBox && list) { loadKakao(section.dataset.kakaoSdk); }
}());
