/*
 * The pane's start guard, inlined into taskpane.html ahead of the bundle (webpack.config.js).
 * ES5 on purpose: Office 2016/2019 and Microsoft 365 without WebView2 show add-ins in Internet
 * Explorer 11 (Trident) or the old Edge (EdgeHTML), which cannot parse the pane's scripts (built for
 * ES2020). There the bundle never runs, so this script shows the page's Swedish message instead of a
 * pane stuck at "Fönstret startar.". test/browser/excel-mode.test.ts parses it as ES5 and loads the
 * page with a bundle that does not parse.
 */
(function () {
  var shown = false;
  function started() {
    return window.insatsbedomningStarted === true;
  }
  function show() {
    if (shown || started()) return;
    var note = document.getElementById('engine-note');
    if (!note) return;
    shown = true;
    note.hidden = false;
    note.removeAttribute('hidden');
    var address = document.getElementById('engine-address');
    if (address) address.textContent = String(window.location.href).split('#')[0];
    var modeNote = document.getElementById('mode-note');
    if (modeNote) modeNote.textContent = 'Fönstret kan inte starta här.';
    var badge = document.getElementById('mode-badge');
    if (badge) badge.textContent = 'Stoppad';
  }
  // A script that does not parse reports a SyntaxError here, before the page has loaded.
  var previous = window.onerror;
  window.onerror = function (message) {
    if (!started() && /syntax|unexpected|expected/i.test(String(message))) show();
    return typeof previous === 'function' ? previous.apply(this, arguments) : false;
  };
  // Deferred scripts run before the load event: a bundle that ran has said so by then.
  window.addEventListener('load', function () {
    window.setTimeout(show, 0);
  });
})();
