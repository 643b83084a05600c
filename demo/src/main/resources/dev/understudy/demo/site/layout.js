// Test-harness helper of the demo site (it is not part of Understudy): tells the scripted workflow
// where this page's elements are (client CSS pixels), where the viewport is on the screen (from the
// page's own mouse events) and what the fields hold, by posting to /__layout. Password fields are
// never reported.
(() => {
  const frame = window === window.top ? 'top' : (window.name || 'child');
  const page = location.pathname.replace(/^\//, '') || 'index.html';
  let origin = null;
  let originAt = 0;
  let pending = false;
  let seq = 0;

  function collect() {
    const rects = {};
    const values = {};
    const texts = {};
    for (const el of document.querySelectorAll('[id],[data-probe]')) {
      const key = el.getAttribute('data-probe') || el.id;
      const r = el.getBoundingClientRect();
      rects[key] = el.tagName === 'IFRAME'
        ? [r.left + el.clientLeft, r.top + el.clientTop, el.clientWidth, el.clientHeight]
        : [r.left, r.top, r.width, r.height];
      if ((el.tagName === 'INPUT' && el.type !== 'password') || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA') {
        values[key] = el.value;
      }
      if (el.hasAttribute('data-text')) texts[key] = el.textContent.trim();
    }
    const a = document.activeElement;
    return {page, frame, t0: performance.timeOrigin, seq: ++seq, origin, originAt, rects, values, texts,
      focus: a && a !== document.body ? (a.id || a.tagName) : null, url: location.href};
  }

  function post() {
    pending = false;
    fetch('/__layout', {method: 'POST', body: JSON.stringify(collect()), keepalive: true}).catch(() => {});
  }

  function soon() {
    if (!pending) {
      pending = true;
      setTimeout(post, 30);
    }
  }

  addEventListener('mousemove', (e) => {
    if (!e.isTrusted) return;
    origin = [e.screenX - e.clientX, e.screenY - e.clientY];
    originAt = Date.now();
    soon();
  }, true);
  for (const k of ['click', 'keyup', 'change', 'input', 'focusin', 'popstate']) addEventListener(k, soon, true);
  const watch = () => new MutationObserver(soon).observe(document.documentElement,
      {subtree: true, childList: true, attributes: true, characterData: true});
  if (document.readyState === 'loading') {
    addEventListener('DOMContentLoaded', () => { watch(); soon(); });
  } else {
    watch();
    soon();
  }
  addEventListener('load', soon);
})();
