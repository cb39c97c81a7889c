/*
 * zk-Autograd in-browser verifier panel (docs/portal-verifier.md).
 *
 * A page includes this script (defer) and a <section class="zk-verify" data-run="REL/" [data-step="N"]
 * [data-key="VKEY"]>. Each such section gets a "Verify in this browser" button; a click fetches the run's
 * files relative to data-run, checks them with the TeaVM-compiled verifier (verifier.wasm, next to this
 * script) and renders every check. Everything is fetched from the site itself: no CDN, no fonts.
 *
 * For scripts and browser tests: section.dataset.verdict becomes "pass", "fail" or "error";
 * a "zk-verify-done" event (detail: the verdict) is dispatched on the section; window.zkVerify is a
 * promise of the first verdict of the page; window.zkVerifyPanel.verify(section) starts one and returns
 * its promise; window.zkVerifyPanel.verifier() resolves to the verifier's exports.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var base = new URL('.', script ? script.src : document.baseURI);
  var LOG_FILES = ['run_manifest.json', 'steps.jsonl', 'checkpoint', 'merkle_root.txt', 'anchors.json'];
  var STORE = 'zk-autograd.verify.v1:';
  var exportsPromise = null;
  var firstResolve;
  window.zkVerify = new Promise(function (resolve) { firstResolve = resolve; });

  function now() { return (window.performance && performance.now) ? performance.now() : Date.now(); }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error('cannot load ' + src)); };
      document.head.appendChild(s);
    });
  }

  /** The verifier's exports, loaded once per page. */
  function verifier() {
    if (!exportsPromise) {
      var started = now();
      exportsPromise = (window.TeaVM && TeaVM.wasmGC ? Promise.resolve() : loadScript(new URL('verifier.wasm-runtime.js', base).href))
        .then(function () { return TeaVM.wasmGC.load(new URL('verifier.wasm', base).href); })
        .then(function (teavm) {
          teavm.exports.loadMillis = now() - started;
          return teavm.exports;
        });
    }
    return exportsPromise;
  }

  function ensureStylesheet() {
    var href = new URL('verify-panel.css', base).href;
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) if (links[i].href === href) return;
    var l = document.createElement('link');
    l.rel = 'stylesheet';
    l.href = href;
    document.head.appendChild(l);
  }

  /** Fetches path relative to the run folder into the fetched-run object; a 404 is recorded as absent. */
  function fetchInto(run, runUrl, path, problems) {
    return fetch(new URL(path, runUrl).href, { cache: 'no-cache' }).then(function (r) {
      if (!r.ok) {
        if (r.status !== 404) problems.push(path + ': HTTP ' + r.status);
        run.absent(path);
        return;
      }
      return r.arrayBuffer().then(function (b) { run.add(path, new Int8Array(b)); });
    }, function (e) {
      problems.push(path + ': ' + e.message);
      run.absent(path);
    });
  }

  function remembered(storeKey) {
    try {
      var v = JSON.parse(window.localStorage.getItem(storeKey) || 'null');
      return v && typeof v.size === 'number' && typeof v.root === 'string' ? v : null;
    } catch (e) {
      return null;
    }
  }

  function remember(storeKey, verdict) {
    if (!verdict.passed || !verdict.head || !verdict.key) return;
    try {
      window.localStorage.setItem(storeKey, JSON.stringify({
        size: verdict.head.size, root: verdict.head.root, key: verdict.key.verifier_key, at: new Date().toISOString()
      }));
    } catch (e) { /* storage disabled: nothing remembered */ }
  }

  function randomStep(lines) {
    if (lines < 1) return 0;
    var a = new Uint32Array(1);
    window.crypto.getRandomValues(a);
    return a[0] % lines;
  }

  /** Runs every check for one section; resolves to the verdict (also rendered into the section). */
  function verify(section) {
    var runUrl = new URL(section.getAttribute('data-run') || './', document.baseURI);
    var stepAttr = section.getAttribute('data-step');
    var storeKey = STORE + runUrl.href;
    var out = panel(section);
    var timing = {};
    var problems = [];
    setStatus(out, 'Loading the verifier…');
    section.setAttribute('data-verdict', 'running');
    var started = now();
    return verifier().then(function (v) {
      timing.load_ms = Math.round(v.loadMillis);
      setStatus(out, 'Fetching the run’s files…');
      var run = v.newRun();
      var fetchStarted = now();
      return Promise.all(LOG_FILES.map(function (p) { return fetchInto(run, runUrl, p, problems); })).then(function () {
        var step = stepAttr !== null && /^[0-9]+$/.test(stepAttr) ? parseInt(stepAttr, 10) : randomStep(run.lines());
        var proofs = Array.prototype.slice.call(run.proofFiles(step));
        return Promise.all(proofs.map(function (p) { return fetchInto(run, runUrl, p, problems); })).then(function () {
          timing.fetch_ms = Math.round(now() - fetchStarted);
          setStatus(out, 'Checking ' + (stepAttr === null ? 'the run and its step ' + step : 'step ' + step) + '…');
          return new Promise(function (resolve) { setTimeout(resolve, 0); }).then(function () {
            var before = remembered(storeKey);
            var options = {
              step: step,
              pinned_key: section.getAttribute('data-key') || (before ? before.key : null),
              remembered: before ? [{ source: 'remembered by this browser (' + before.at + ')', size: before.size, root: before.root }] : []
            };
            var verifyStarted = now();
            var verdict = JSON.parse(run.verify(JSON.stringify(options)));
            timing.verify_ms = Math.round(now() - verifyStarted);
            timing.total_ms = Math.round(now() - started);
            verdict.options = options;
            verdict.timing = timing;
            verdict.fetch_problems = problems;
            remember(storeKey, verdict);
            return verdict;
          });
        });
      });
    }).then(function (verdict) {
      render(out, verdict);
      finish(section, verdict, verdict.error ? 'error' : verdict.passed ? 'pass' : 'fail');
      return verdict;
    }, function (e) {
      var verdict = { format: 'zk-autograd/browser-verdict/v1', passed: false, error: String(e && e.message || e), results: [] };
      render(out, verdict);
      finish(section, verdict, 'error');
      return verdict;
    });
  }

  function finish(section, verdict, state) {
    section.setAttribute('data-verdict', state);
    var button = section.querySelector('.zk-verify-button');
    if (button) button.disabled = false;
    section.dispatchEvent(new CustomEvent('zk-verify-done', { detail: verdict, bubbles: true }));
    firstResolve(verdict);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function panel(section) {
    var out = section.querySelector('.zk-verify-output');
    if (!out) {
      out = el('div', 'zk-verify-output');
      out.setAttribute('aria-live', 'polite');
      section.appendChild(out);
    }
    return out;
  }

  function setStatus(out, text) {
    out.textContent = '';
    out.appendChild(el('p', 'zk-verify-status', text));
  }

  function render(out, verdict) {
    out.textContent = '';
    var results = verdict.results || [];
    var fails = results.filter(function (r) { return r.result === 'FAIL'; });
    var passes = results.filter(function (r) { return r.result === 'PASS'; }).length;
    var skips = results.length - fails.length - passes;
    var summary;
    if (verdict.error) {
      summary = el('p', 'zk-verify-summary zk-verify-error', 'The verifier could not run: ' + verdict.error);
    } else if (fails.length === 0) {
      summary = el('p', 'zk-verify-summary zk-verify-pass', '✓ Verified in this browser: ' + passes + ' checks passed'
        + (skips ? ', ' + skips + ' skipped (a skipped check is not a pass; see its row)' : '') + '.');
    } else {
      var first = fails[0];
      summary = el('p', 'zk-verify-summary zk-verify-fail', '✗ ' + fails.length + (fails.length === 1 ? ' check failed' : ' checks failed')
        + ' (first: ' + first.check + (first.file ? ' in ' + first.file : '') + (first.step !== null && first.step !== undefined ? ', step ' + first.step : '')
        + '); ' + passes + ' passed.');
    }
    out.appendChild(summary);
    if (verdict.key) {
      var k = el('p', 'zk-verify-key');
      k.appendChild(el('span', null, (verdict.key.pinned ? 'Pinned run key ' : 'Run key (named by the signed manifest) ')));
      k.appendChild(el('code', null, verdict.key.name + ' ' + verdict.key.key_id));
      k.appendChild(el('span', null, ' · SHA-256 fingerprint '));
      k.appendChild(el('code', 'zk-verify-fingerprint', verdict.key.fingerprint.replace(/(.{4})(?=.)/g, '$1 ')));
      out.appendChild(k);
    }
    if (verdict.timing && verdict.timing.total_ms !== undefined) {
      out.appendChild(el('p', 'zk-verify-timing', 'Loaded in ' + verdict.timing.load_ms + ' ms, fetched in ' + verdict.timing.fetch_ms
        + ' ms, checked in ' + verdict.timing.verify_ms + ' ms.'));
    }
    if (!results.length) return;
    var wrap = el('div', 'zk-verify-table');
    var table = el('table');
    var head = el('tr');
    ['Check', 'Result', 'Step', 'File', 'Detail'].forEach(function (h) { head.appendChild(el('th', null, h)); });
    var thead = el('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el('tbody');
    results.forEach(function (r) {
      var tr = el('tr', 'zk-row-' + r.result.toLowerCase());
      tr.setAttribute('data-check', r.check);
      tr.setAttribute('data-result', r.result);
      tr.appendChild(el('td', 'zk-check', r.check));
      tr.appendChild(el('td', 'zk-result', r.result));
      var noStep = r.step === null || r.step === undefined;
      tr.appendChild(el('td', 'zk-step' + (noStep ? ' zk-none' : ''), noStep ? '–' : r.step));
      tr.appendChild(el('td', 'zk-file' + (r.file ? '' : ' zk-none'), r.file || '–'));
      var d = el('td', 'zk-detail', r.detail);
      if (r.result === 'FAIL') {
        var why = [];
        if (r.field) why.push('field ' + r.field);
        if (r.expected !== null && r.expected !== undefined) why.push('expected ' + r.expected);
        if (r.found !== null && r.found !== undefined) why.push('found ' + r.found);
        if (r.reason) why.push(r.reason);
        if (why.length) d.appendChild(el('div', 'zk-why', why.join(' · ')));
      }
      tr.appendChild(d);
      body.appendChild(tr);
    });
    table.appendChild(body);
    wrap.appendChild(table);
    out.appendChild(wrap);
  }

  function attach(section) {
    if (section.querySelector('.zk-verify-button')) return;
    var button = el('button', 'zk-verify-button', 'Verify in this browser');
    button.type = 'button';
    button.addEventListener('click', function () {
      button.disabled = true;
      verify(section);
    });
    section.insertBefore(button, section.firstChild);
  }

  function init() {
    ensureStylesheet();
    var sections = document.querySelectorAll('section.zk-verify');
    for (var i = 0; i < sections.length; i++) attach(sections[i]);
  }

  window.zkVerifyPanel = { verify: verify, verifier: verifier };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
