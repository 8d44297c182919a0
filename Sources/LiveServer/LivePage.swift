/// The browser view's page: one self-contained HTML file (inline CSS and script, no external
/// assets). It opens `/ws?video=1` (passing on `?token=` from its own address), shows the
/// frames, the banner, the lumbar gauge, the rep counter, the current values and the per-rep
/// table as it fills in, and reconnects if the connection drops.
///
/// For tests and scripts the page also writes what it received into the DOM: `<body>` carries
/// `data-connected`, `data-state-messages`, `data-video-frames`, `data-frame-index`,
/// `data-phase`, `data-banner` and `data-rep-count` (read them with `chromium --dump-dom`).
public enum LivePage {
    public static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>HingeCheck live</title>
<style>
  :root { color-scheme: dark; --red: #dc2626; --amber: #f59e0b; --green: #22c55e; --panel: #1f2937; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: #111827; color: #e5e7eb; }
  header { display: flex; gap: 1em; align-items: baseline; padding: .6em 1em; background: #0b1220; }
  header h1 { font-size: 1.1em; margin: 0; }
  #conn { font-size: .85em; color: #9ca3af; }
  #banner { padding: .7em 1em; font-weight: 700; font-size: 1.3em; letter-spacing: .03em; display: none; }
  #banner.confirmed { display: block; background: var(--red); color: #fff; }
  #banner.provisional { display: block; background: var(--amber); color: #111; }
  #calib { padding: .6em 1em; background: #374151; color: #fde68a; display: none; }
  main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(16em, 1fr); gap: 1em; padding: 1em; }
  #video { width: 100%; background: #000; border-radius: 6px; min-height: 12em; display: block; }
  .panel { background: var(--panel); border-radius: 6px; padding: .8em 1em; margin-bottom: 1em; }
  #reps { font-size: 3em; font-weight: 700; line-height: 1; }
  #movement { color: #9ca3af; }
  .gauge { display: flex; gap: 1em; align-items: flex-end; }
  #gaugebar { position: relative; width: 2.2em; height: 12em; background: #4b5563; border-radius: 4px; overflow: hidden; }
  #gaugefill { position: absolute; bottom: 0; left: 0; right: 0; height: 0; background: var(--green); }
  #gaugefill.over { background: var(--red); }
  #gaugelimit { position: absolute; left: -2px; right: -2px; height: 2px; background: #fff; }
  dl { display: grid; grid-template-columns: auto auto; gap: .2em 1em; margin: 0; }
  dt { color: #9ca3af; } dd { margin: 0; font-variant-numeric: tabular-nums; }
  table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
  th, td { padding: .3em .6em; text-align: right; border-bottom: 1px solid #374151; }
  th:first-child, td:first-child { text-align: left; }
  tr.lost td { color: #fca5a5; font-weight: 600; } tr.open td { color: #fde68a; } tr.cant td { color: #9ca3af; }
  #events li { margin: .2em 0; } #notices { color: #fcd34d; }
  small { color: #9ca3af; }
  @media (max-width: 800px) { main { grid-template-columns: 1fr; } }
</style>
</head>
<body data-connected="false" data-state-messages="0" data-video-frames="0" data-frame-index="-1" data-phase="" data-banner="none" data-rep-count="0">
<header><h1>HingeCheck live</h1><span id="input"></span><span id="conn">connecting…</span></header>
<div id="banner" role="alert"></div>
<div id="calib"></div>
<main>
  <section>
    <img id="video" alt="live video with the posture overlay">
    <noscript><img src="video.mjpeg" alt="live video" style="width:100%"></noscript>
    <div class="panel">
      <h2 style="margin:0 0 .4em;font-size:1em">Reps</h2>
      <table id="reptable"><thead><tr><th>rep</th><th>time (s)</th><th>trunk°</th><th title="the value that decided the verdict, + = more rounded"><span id="decidesname">lumbar flexion</span>° ± (decides)</th><th>lost (s)</th><th>posture</th></tr></thead><tbody></tbody></table>
    </div>
    <div class="panel"><h2 style="margin:0 0 .4em;font-size:1em">Flagged moments</h2><ul id="events"></ul></div>
  </section>
  <aside>
    <div class="panel"><div id="reps">0</div><div id="movement">reps done</div></div>
    <div class="panel gauge">
      <div id="gaugebar"><div id="gaugefill"></div><div id="gaugelimit"></div></div>
      <dl>
        <dt id="measurename">lumbar flexion</dt><dd id="measure">—</dd>
        <dt>limit</dt><dd id="limit">—</dd>
        <dt>trunk</dt><dd id="trunk">—</dd>
        <dt id="lumbarname">lumbar angle</dt><dd id="lumbar">—</dd>
      </dl>
    </div>
    <div class="panel"><dl>
      <dt>time</dt><dd id="time">—</dd>
      <dt>processing</dt><dd id="fps">—</dd>
      <dt>dropped</dt><dd id="dropped">—</dd>
      <dt>latency</dt><dd id="latency">—</dd>
    </dl><div id="notices"></div></div>
    <small>Film from the side, camera level at hip height. The red banner means the lumbar curve is lost with the trunk loaded; amber means HingeCheck is checking.</small>
  </aside>
</main>
<script>
(function () {
  "use strict";
  var body = document.body;
  var $ = function (id) { return document.getElementById(id); };
  var params = new URLSearchParams(location.search);
  var token = params.get("token");
  var query = "?video=1" + (token ? "&token=" + encodeURIComponent(token) : "");
  var states = 0, frames = 0, ended = false, lastURL = null;
  function deg(v, sign) { return v === null || v === undefined ? "—" : (sign && v > 0 ? "+" : "") + v.toFixed(1) + "°"; }
  function num(v, d) { return v === null || v === undefined ? "—" : v.toFixed(d); }
  function text(id, v) { $(id).textContent = v; }
  function render(s) {
    states += 1;
    body.dataset.stateMessages = String(states);
    body.dataset.frameIndex = String(s.frameIndex);
    body.dataset.phase = s.phase;
    body.dataset.banner = s.banner;
    body.dataset.repCount = String(s.repCount);
    text("input", s.input + " · " + s.landmarks);
    var banner = $("banner");
    banner.className = s.banner;
    banner.textContent = s.banner === "confirmed" ? "LUMBAR CURVE LOST UNDER LOAD" : s.banner === "provisional" ? "Lumbar curve slipping — checking…" : "";
    var calib = $("calib");
    calib.style.display = s.phase === "calibrating" || s.phase === "reconnecting" ? "block" : "none";
    calib.textContent = s.phase === "reconnecting" ? "Camera lost — reconnecting…" : s.calibration;
    text("reps", String(s.repCount));
    text("movement", s.currentRep ? "rep " + s.currentRep + " under way" : (s.phase === "ended" ? "set ended" : s.movement));
    // One name for the gauge's value everywhere on the page: the gauge, the rep table's
    // deciding column. Markerless the raw lumbar angle is that same value: not shown twice.
    var measureName = s.measureName.toLowerCase();
    text("measurename", measureName);
    text("decidesname", measureName);
    var twoValues = s.measureName !== "LOWER BACK";
    $("lumbarname").style.display = twoValues ? "" : "none";
    $("lumbar").style.display = twoValues ? "" : "none";
    text("measure", deg(s.lumbarMeasureDeg, true));
    text("limit", deg(s.thresholdDeg));
    text("trunk", deg(s.trunkInclinationDeg));
    text("lumbar", deg(s.lumbarAngleDeg, true));
    // The overlay's scale (OverlayGauge): centred on the limit, at least 15° either side, so a
    // limit of 0° (markerless) is a real limit and a negative value still fills part of the bar.
    var hasLimit = s.thresholdDeg !== null && s.thresholdDeg !== undefined;
    var centre = hasLimit ? s.thresholdDeg : 15, span = Math.max(Math.abs(centre), 15);
    var share = function (v) { return Math.max(0, Math.min(1, (v - (centre - span)) / (2 * span))); };
    var hasValue = s.lumbarMeasureDeg !== null && s.lumbarMeasureDeg !== undefined;
    var fill = $("gaugefill");
    fill.style.height = (hasValue ? 100 * share(s.lumbarMeasureDeg) : 0) + "%";
    fill.className = hasValue && hasLimit && s.lumbarMeasureDeg >= s.thresholdDeg ? "over" : "";
    $("gaugelimit").style.display = hasLimit ? "" : "none";
    $("gaugelimit").style.bottom = (100 * share(centre)) + "%";
    text("time", num(s.timeS, 2) + " s (frame " + s.frameIndex + ")");
    text("fps", num(s.stats.processingFPS, 1) + " fps");
    text("dropped", s.stats.framesDropped + " of " + s.stats.framesCaptured);
    text("latency", "p50 " + num(s.stats.latencyP50Ms, 0) + " ms, p95 " + num(s.stats.latencyP95Ms, 0) + " ms");
    var tbody = $("reptable").tBodies[0];
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
    s.reps.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.className = r.verdict === "LOST" ? "lost" : (r.verdict === "in progress" ? "open" : (r.verdict.indexOf("can't tell") === 0 ? "cant" : ""));
      [String(r.index) + (r.partial ? " (partial)" : ""), num(r.startS, 2) + "–" + num(r.endS, 2), num(r.peakTrunkInclinationDeg, 1),
       r.decidingText === null ? "—" : r.decidingText, num(r.postureLostS, 2), r.verdict].forEach(function (v) {
        var td = document.createElement("td"); td.textContent = v; tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    var events = $("events");
    while (events.firstChild) events.removeChild(events.firstChild);
    s.events.forEach(function (e) {
      var li = document.createElement("li");
      li.textContent = e.startS.toFixed(2) + "–" + e.endS.toFixed(2) + " s: " + e.message;
      events.appendChild(li);
    });
    // The server keeps a notice for a few seconds of the session (and the calibration's
    // outcome until the first rep), then leaves it out.
    text("notices", s.notices.length ? s.notices[s.notices.length - 1] : "");
    if (s.phase === "ended") { ended = true; text("conn", "set ended"); }
  }
  function showFrame(blob) {
    frames += 1;
    body.dataset.videoFrames = String(frames);
    var url = URL.createObjectURL(blob);
    var img = $("video");
    var previous = lastURL;
    lastURL = url;
    img.src = url;
    if (previous) setTimeout(function () { URL.revokeObjectURL(previous); }, 1000);
  }
  function connect() {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws" + query);
    ws.binaryType = "blob";
    ws.onopen = function () { body.dataset.connected = "true"; text("conn", "live"); };
    ws.onmessage = function (ev) {
      if (typeof ev.data === "string") { try { render(JSON.parse(ev.data)); } catch (e) { text("conn", "bad message: " + e); } }
      else { showFrame(ev.data); }
    };
    ws.onclose = function () {
      body.dataset.connected = "false";
      if (!ended) { text("conn", "disconnected — retrying…"); setTimeout(connect, 1000); }
    };
  }
  connect();
})();
</script>
</body>
</html>
"""#
}
