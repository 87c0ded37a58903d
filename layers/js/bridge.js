/* Karabakh control map, the bridge to Streamlit (its Python half is bridge.py): everything that
 * depends on how Streamlit renders the page. The map runs in st_folium's same-origin iframe.
 *
 * - It follows the page's own date slider the moment it moves, instead of waiting for the rerun:
 *   Streamlit 1.67 renders st.slider as `[data-testid="stSlider"] input[type="range"]` labelled by
 *   aria-label, whose value is the date in microseconds since 1970.
 * - It tells the app where the in-map timeline stopped, through the component protocol
 *   (`streamlit:setComponentValue`, read by st_folium's on_change).
 * `kcmBridge.health()` says whether the slider is bound and how many moves it has followed: the
 * contract test (tests/test_bridge.py) fails when Streamlit's DOM no longer matches.
 */
(function (root) {
  'use strict';
  var SLIDER = '[data-testid="stSlider"] input[type="range"]';
  var stats = {bound: false, followed: 0, posted: 0, selector: SLIDER};

  /** Call onMove(microseconds) whenever the page's slider labelled `label` moves; rebinds when
   * Streamlit re-renders it. Returns false when there is no same-origin parent page. */
  function followPageSlider(label, onMove) {
    var doc;
    try { doc = window.parent !== window && window.parent.document; } catch (e) { return false; }
    if (!doc) { return false; }
    var bound = null, observer = new MutationObserver(read);
    function read() { stats.followed += 1; onMove(bound.value); }
    function bind() {
      var el = doc.querySelector(SLIDER + '[aria-label="' + label + '"]');
      stats.bound = !!el && el.isConnected;
      if (!el || el === bound) { return; }
      observer.disconnect();
      bound = el;
      observer.observe(el, {attributes: true, attributeFilter: ['value']});
      el.addEventListener('input', read);
    }
    bind();
    setInterval(bind, 1000);
    return true;
  }

  /** Post the day the in-map timeline stopped on to the app (st_folium's component value). */
  function postDay(day, seq) {
    if (window.parent === window) { return false; }
    stats.posted += 1;
    window.parent.postMessage({isStreamlitMessage: true, type: 'streamlit:setComponentValue',
      value: {day: day, seq: seq}, dataType: 'json'}, '*');
    return true;
  }

  root.kcmBridge = {
    followPageSlider: followPageSlider, postDay: postDay,
    inFrame: function () { return window.parent !== window; },
    health: function () { return Object.assign({}, stats); }
  };
}(typeof self !== 'undefined' ? self : this));
