// The video recorder: device check with a live preview and level meter, 3-second countdown,
// timer with a maximum, stop, play back, retake or keep; upload with progress; then the status
// fragment follows processing. Also sends a chosen file (the fallback for phones without recording).
// Keyboard and screen reader: every step is announced in the #rec-live status region (ready, countdown,
// recording, "you can stop now", time left, stopped, sending, sent, processing status), and focus
// moves to the control that comes next: Start after the check, Stop from the countdown on (it cancels
// the countdown), Keep (or Retake) after stopping, the progress bar while sending, the status after.
(function () {
  "use strict";
  var root = document.getElementById("recorder");
  if (!root) { return; }
  var msg = root.dataset;
  var maxSeconds = parseInt(msg.maxSeconds, 10) || 90;
  var minSeconds = parseInt(msg.minSeconds, 10) || 5;
  var maxBytes = parseInt(msg.maxBytes, 10) || 0;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var $ = function (id) { return document.getElementById(id); };
  var preview = $("rec-preview"), playback = $("rec-playback"), live = $("rec-live");
  var btnCheck = $("rec-check"), btnStart = $("rec-start"), btnStop = $("rec-stop");
  var btnRetake = $("rec-retake"), btnKeep = $("rec-keep"), timeEl = $("rec-time"), level = $("rec-level");
  var countdown = $("rec-countdown"), progressWrap = $("rec-progress-wrap"), progress = $("rec-progress");
  var stream = null, recorder = null, chunks = [], blob = null, started = 0, tick = null, audioCtx = null;
  var counting = null, announced = {};

  function say(text) { live.textContent = text; }

  function mimeType() {
    var options = ["video/webm;codecs=vp8,opus", "video/webm", "video/mp4"];
    for (var i = 0; i < options.length; i++) {
      if (window.MediaRecorder && MediaRecorder.isTypeSupported(options[i])) { return options[i]; }
    }
    return "";
  }

  function meter(s) {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx || !s.getAudioTracks().length) { return; }
    audioCtx = new Ctx();
    var analyser = audioCtx.createAnalyser();
    analyser.fftSize = 512;
    audioCtx.createMediaStreamSource(s).connect(analyser);
    var data = new Uint8Array(analyser.fftSize);
    (function loop() {
      analyser.getByteTimeDomainData(data);
      var peak = 0;
      for (var i = 0; i < data.length; i++) { peak = Math.max(peak, Math.abs(data[i] - 128) / 128); }
      level.value = peak;
      window.requestAnimationFrame(loop);
    })();
  }

  btnCheck.addEventListener("click", function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.MediaRecorder) {
      say(msg.msgNoCamera); return;
    }
    navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: true })
      .then(function (s) {
        stream = s;
        preview.srcObject = s;
        preview.hidden = false;
        meter(s);
        btnStart.disabled = false;
        say(msg.msgReady);
        btnStart.focus();
      })
      .catch(function () { say(msg.msgNoCamera); });
  });

  function showTime(seconds) { timeEl.textContent = String(seconds); }

  btnStart.addEventListener("click", function () {
    if (!stream) { return; }
    // Stop is usable from the countdown on (it cancels it), so the keyboard focus has a place to go.
    btnStop.disabled = false;
    btnStop.focus();
    btnStart.disabled = true;
    btnRetake.hidden = true; btnKeep.hidden = true;
    playback.hidden = true; preview.hidden = false;
    var n = 3;
    countdown.hidden = false;
    countdown.textContent = String(n);
    say(msg.msgCountdown + " 3");
    counting = window.setInterval(function () {
      n -= 1;
      if (n > 0) { countdown.textContent = String(n); say(msg.msgCountdown + " " + n); return; }
      window.clearInterval(counting);
      counting = null;
      countdown.hidden = true;
      record();
    }, 1000);
  });

  function cancelCountdown() {
    window.clearInterval(counting);
    counting = null;
    countdown.hidden = true;
    btnStop.disabled = true;
    btnStart.disabled = false;
    btnStart.focus();
    say(msg.msgCancelled);
  }

  // Key moments while recording: the minimum is reached, 30 and 10 seconds left.
  function announceTime(seconds) {
    var left = maxSeconds - seconds;
    if (seconds >= minSeconds && !announced.min) { announced.min = true; say(msg.msgMinReached); return; }
    [30, 10].forEach(function (mark) {
      if (left <= mark && left > 0 && mark < maxSeconds && !announced[mark]) {
        announced[mark] = true;
        say(msg.msgRemaining.replace("{n}", String(left)));
      }
    });
  }

  function record() {
    chunks = [];
    var type = mimeType();
    recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
    recorder.ondataavailable = function (e) { if (e.data && e.data.size) { chunks.push(e.data); } };
    recorder.onstop = finished;
    recorder.start(1000);
    started = Date.now();
    announced = {};
    showTime(0);
    btnStop.disabled = false;
    if (document.activeElement !== btnStop) { btnStop.focus(); }
    say(msg.msgRecording);
    tick = window.setInterval(function () {
      var seconds = Math.floor((Date.now() - started) / 1000);
      showTime(Math.min(seconds, maxSeconds));
      if (seconds >= maxSeconds) { stop(); return; }
      announceTime(seconds);
    }, 250);
  }

  function stop() {
    if (recorder && recorder.state !== "inactive") { recorder.stop(); }
    window.clearInterval(tick);
    btnStop.disabled = true;
  }
  btnStop.addEventListener("click", function () {
    if (counting) { cancelCountdown(); } else { stop(); }
  });

  function finished() {
    var seconds = (Date.now() - started) / 1000;
    blob = new Blob(chunks, { type: (recorder.mimeType || "video/webm").split(";")[0] });
    playback.src = URL.createObjectURL(blob);
    playback.hidden = false;
    preview.hidden = true;
    btnRetake.hidden = false;
    btnStart.disabled = false;
    if (seconds < minSeconds) { say(msg.msgTooShort); btnKeep.hidden = true; btnRetake.focus(); return; }
    btnKeep.hidden = false;
    say(msg.msgStopped);
    btnKeep.focus();
  }

  btnRetake.addEventListener("click", function () { blob = null; btnStart.click(); });
  btnKeep.addEventListener("click", function () { if (blob) { send(blob); } });

  $("rec-file-send").addEventListener("click", function () {
    var file = $("rec-file").files[0];
    if (file) { send(file); }
  });

  function refreshStatus() {
    if (window.htmx) {
      window.htmx.ajax("GET", "/kandidaat/video/status", { target: "#video-status", swap: "outerHTML" })
        .then(function () {
          // The status box takes the focus once, right after sending: it is what happens next.
          var box = $("video-status");
          if (box) { box.tabIndex = -1; box.focus(); }
        });
    } else {
      window.location.reload();
    }
  }

  // The status fragment is replaced while the video is processed (htmx polling); a region that is
  // replaced is not reliably read out, so its new text is announced in the recorder's status region.
  // A focused status box keeps the focus when the polling replaces it.
  var lastStatus = (($("video-status-text") || {}).textContent || "").replace(/\s+/g, " ").trim();
  var statusHadFocus = false;
  document.body.addEventListener("htmx:beforeSwap", function () {
    var box = $("video-status");
    statusHadFocus = !!box && box.contains(document.activeElement);
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    var box = $("video-status"), text = $("video-status-text");
    if (box && statusHadFocus) { box.tabIndex = -1; box.focus(); statusHadFocus = false; }
    if (!text) { return; }
    var now = text.textContent.replace(/\s+/g, " ").trim();
    if (now && now !== lastStatus) { lastStatus = now; say(now); }
  });

  function post(url, body, contentType, done) {
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("x-csrftoken", csrf);
    if (contentType) { xhr.setRequestHeader("Content-Type", contentType); }
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { progress.value = Math.round((e.loaded / e.total) * 100); }
    });
    xhr.onload = function () {
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (err) { data = null; }
      done(xhr.status, data);
    };
    xhr.onerror = function () { done(0, null); };
    xhr.send(body);
  }

  function fail(data) {
    progressWrap.hidden = true;
    btnKeep.disabled = false;
    say((data && data.message) || msg.msgUploadFailed);
    if (!btnKeep.hidden) { btnKeep.focus(); }
  }

  function send(file) {
    if (maxBytes && file.size > maxBytes) { say(msg.msgTooLarge); return; }
    btnKeep.disabled = true;
    progress.value = 0;
    progressWrap.hidden = false;
    progress.focus();
    say(msg.msgUploading);
    var type = (file.type || "video/webm").split(";")[0];
    post("/kandidaat/video/doel?type=" + encodeURIComponent(type), null, null, function (status, target) {
      if (status !== 200 || !target || !target.ok) { fail(target); return; }
      if (target.kind === "app") {
        post(target.url, file, type, function (st, data) {
          if (st === 201) { uploaded(data); } else { fail(data); }
        });
        return;
      }
      var form = new FormData();
      Object.keys(target.fields).forEach(function (k) { form.append(k, target.fields[k]); });
      form.append("file", file);
      post(target.url, form, null, function (st) {
        if (st < 200 || st >= 300) { fail(null); return; }
        var confirm = new FormData();
        confirm.append("key", target.key);
        post("/kandidaat/video/bevestigen", confirm, null, function (st2, data) {
          if (st2 === 201) { uploaded(data); } else { fail(data); }
        });
      });
    });
  }

  function uploaded(data) {
    progress.value = 100;
    btnKeep.hidden = true;
    btnKeep.disabled = false;
    say((data && data.message) || msg.msgUploaded);
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; btnStart.disabled = true; }
    if (audioCtx) { audioCtx.close(); audioCtx = null; }
    refreshStatus();
  }
})();
