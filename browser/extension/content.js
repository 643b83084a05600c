// Understudy content script. Runs in every frame, in the extension's isolated world.
//
// It observes trusted user events (clicks, typing, dropdown choices, focus, form submits) and
// reports what they acted on: tag, ARIA role, accessible name, a CSS selector and an XPath, the
// element's box in screen pixels, and a cleaned DOM snapshot. It never reads the value of a
// sensitive field (passwords, card numbers, one-time codes, anything under [data-private]): for
// those it only says that a sensitive field has focus, so that the recorder drops the keystrokes.
//
// Events that a page script synthesises (isTrusted false) are ignored, so a page cannot make the
// recorder believe the user did something. See docs/browser.md.
(() => {
  'use strict';
  if (globalThis.__understudyContent) return;
  globalThis.__understudyContent = true;

  const MAX_NAME = 200;
  const MAX_SELECTOR = 1024;
  const MAX_URL = 2048;
  const MAX_HTML = 400000;
  const MAX_NODES = 6000;
  const MAX_TEXT_NODE = 300;
  const INPUT_BURST_MS = 1000;
  const OPTION_ROLES = '[role=option],[role=menuitem],[role=menuitemradio],[role=menuitemcheckbox]';
  const POPUP_ROLES = '[role=listbox],[role=menu],[role=menubar],[role=tree],[role=grid]';
  const INTERACTIVE = 'a[href],area[href],button,input,select,textarea,label,summary,option,' +
      '[role=button],[role=link],[role=menuitem],[role=menuitemcheckbox],[role=menuitemradio],[role=option],' +
      '[role=tab],[role=checkbox],[role=radio],[role=switch],[role=combobox],[role=textbox],[role=searchbox],' +
      '[role=slider],[role=spinbutton],[role=treeitem],[role=gridcell],[contenteditable=""],[contenteditable=true],' +
      '[onclick],[tabindex]';

  let alive = true;
  let zoom = 1;
  /** This frame's viewport origin in screen DIPs, learned from the last trusted mouse event. */
  let origin = null;
  let lastInput = {el: null, at: 0};
  let sensitiveOn = false;
  let lastHash = null;
  /** An option pressed with the mouse, in case the page removes it before the click event. */
  let pressedOption = null;

  // ---------------------------------------------------------------- messaging

  function send(msg) {
    if (!alive) return;
    try {
      const p = chrome.runtime.sendMessage(msg);
      if (p && p.catch) p.catch(() => {});
    } catch (e) {
      alive = false; // the extension was reloaded or removed: this copy is orphaned
    }
  }

  try {
    const p = chrome.runtime.sendMessage({kind: '__hello'});
    if (p && p.then) p.then((r) => { if (r && typeof r.zoom === 'number' && r.zoom > 0) zoom = r.zoom; }, () => {});
    chrome.runtime.onMessage.addListener((m, sender) => {
      if (sender && sender.id === chrome.runtime.id && m && typeof m.zoom === 'number' && m.zoom > 0) zoom = m.zoom;
    });
  } catch (e) {
    alive = false;
  }

  /** The fields every event has. The service worker adds the tab's URL and title. */
  function base(kind) {
    return {kind, t: Date.now(), frame_url: cut(location.href, MAX_URL), view: view()};
  }

  // ---------------------------------------------------------------- coordinates

  function learn(e) {
    // A trusted mouse event knows both where the OS put the pointer (screenX/Y, in DIPs) and
    // where that is in this frame (clientX/Y, CSS px): their difference is the frame's origin.
    // The synthetic click a <select> popup fires has screen (0, 0): skip it.
    if (!e.isTrusted || (e.screenX === 0 && e.screenY === 0)) return;
    origin = {x: e.screenX - e.clientX * zoom, y: e.screenY - e.clientY * zoom, sx: window.screenX, sy: window.screenY};
  }

  function px(v) {
    const n = parseFloat(v);
    return isFinite(n) ? n : 0;
  }

  /** Origin of this frame's viewport in screen DIPs without a mouse event: window geometry. */
  function estimateOrigin() {
    let x = 0;
    let y = 0;
    let w = window;
    try {
      while (w !== w.top) {
        const fe = w.frameElement;
        if (!fe) return null; // cross-origin parent: unknown until the pointer visits this frame
        const r = fe.getBoundingClientRect();
        const cs = w.parent.getComputedStyle(fe);
        x += r.left + px(cs.borderLeftWidth) + px(cs.paddingLeft);
        y += r.top + px(cs.borderTopWidth) + px(cs.paddingTop);
        w = w.parent;
      }
      const side = Math.max(0, (w.outerWidth - w.innerWidth * zoom) / 2);
      const top = w.outerHeight - w.innerHeight * zoom - side;
      return {x: w.screenX + side + x * zoom, y: w.screenY + top + y * zoom};
    } catch (e) {
      return null;
    }
  }

  function view() {
    const dpr = window.devicePixelRatio || 1;
    let o = null;
    if (origin) {
      // the window may have moved since the pointer was last here
      o = {x: origin.x + (window.screenX - origin.sx), y: origin.y + (window.screenY - origin.sy)};
    } else {
      o = estimateOrigin();
    }
    return {dpr: r2(dpr), zoom: r2(zoom), origin: o ? [r2(o.x), r2(o.y)] : null, cal: !!origin};
  }

  /** Element box in screen pixels (device pixels of the X screen), or null when unknown. */
  function screenBox(r, v) {
    if (!v.origin) return null;
    const dsf = v.dpr / (v.zoom || 1); // device pixels per DIP
    return [r2(v.origin[0] * dsf + r.left * v.dpr), r2(v.origin[1] * dsf + r.top * v.dpr),
      r2(r.width * v.dpr), r2(r.height * v.dpr)];
  }

  // ---------------------------------------------------------------- sensitivity

  function isSensitive(el) {
    if (!el || el.nodeType !== 1) return false;
    if (el.closest('[data-private]')) return true;
    if (el.tagName === 'INPUT' && (el.getAttribute('type') || '').toLowerCase() === 'password') return true;
    if (el.tagName === 'INPUT' && el.type === 'password') return true;
    const ac = (el.getAttribute('autocomplete') || '').toLowerCase().split(/\s+/);
    return ac.some((t) => t.startsWith('cc-') || t === 'one-time-code' || t === 'new-password' || t === 'current-password');
  }

  function setSensitive(on) {
    if (sensitiveOn === on) return;
    sensitiveOn = on;
    // No value, no name, no selector: only the fact.
    send({kind: 'sensitive_focus', t: Date.now(), sensitive: on});
  }

  // ---------------------------------------------------------------- describing elements

  function deepTarget(e) {
    const path = e.composedPath ? e.composedPath() : [];
    const first = path.length && path[0] instanceof Element ? path[0] : e.target;
    return first instanceof Element ? first : null;
  }

  function deepActive() {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a;
  }

  function actionable(el) {
    const a = el.closest(INTERACTIVE);
    return a || el;
  }

  function roleOf(el) {
    const explicit = (el.getAttribute('role') || '').trim().split(/\s+/)[0];
    if (explicit) return explicit.toLowerCase();
    switch (el.tagName) {
      case 'A': case 'AREA': return el.hasAttribute('href') ? 'link' : null;
      case 'BUTTON': case 'SUMMARY': return 'button';
      case 'SELECT': return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
      case 'OPTION': return 'option';
      case 'TEXTAREA': return 'textbox';
      case 'INPUT': return inputRole(el);
      case 'IMG': return el.getAttribute('alt') === '' ? 'presentation' : 'img';
      case 'H1': case 'H2': case 'H3': case 'H4': case 'H5': case 'H6': return 'heading';
      case 'UL': case 'OL': case 'MENU': return 'list';
      case 'LI': return 'listitem';
      case 'NAV': return 'navigation';
      case 'MAIN': return 'main';
      case 'FORM': return 'form';
      case 'TABLE': return 'table';
      case 'TR': return 'row';
      case 'TD': return 'cell';
      case 'TH': return 'columnheader';
      case 'DIALOG': return 'dialog';
      case 'ARTICLE': return 'article';
      case 'ASIDE': return 'complementary';
      case 'HEADER': return 'banner';
      case 'FOOTER': return 'contentinfo';
      case 'FIELDSET': case 'DETAILS': case 'OPTGROUP': return 'group';
      case 'PROGRESS': return 'progressbar';
      case 'METER': return 'meter';
      case 'HR': return 'separator';
      case 'OUTPUT': return 'status';
      case 'DATALIST': return 'listbox';
      default: return el.isContentEditable ? 'textbox' : null;
    }
  }

  function inputRole(el) {
    const type = (el.getAttribute('type') || 'text').toLowerCase();
    switch (type) {
      case 'button': case 'submit': case 'reset': case 'image': case 'file': return 'button';
      case 'checkbox': return 'checkbox';
      case 'radio': return 'radio';
      case 'range': return 'slider';
      case 'number': return 'spinbutton';
      case 'hidden': return null;
      case 'search': return el.hasAttribute('list') ? 'combobox' : 'searchbox';
      default: return el.hasAttribute('list') ? 'combobox' : 'textbox';
    }
  }

  const NO_NAME_FROM_CONTENT = new Set(['textbox', 'searchbox', 'combobox', 'listbox', 'slider', 'spinbutton',
    'tree', 'grid', 'table', 'list', 'menu', 'menubar', 'form', 'main', 'navigation', 'dialog', 'article',
    'banner', 'contentinfo', 'complementary', 'region', 'group', 'progressbar', 'meter', 'separator', 'img',
    'presentation']);

  function clean(s) {
    return (s || '').replace(/\s+/g, ' ').trim();
  }

  function cut(s, max) {
    if (s == null) return s;
    return s.length <= max ? s : s.slice(0, max - 1) + '…';
  }

  /** Visible-ish text of a subtree, skipping script/style, form controls and private parts. */
  function textOf(root, exclude) {
    const parts = [];
    let len = 0;
    let budget = 2000;
    const walk = (node) => {
      if (len > MAX_NAME || --budget < 0) return;
      if (node.nodeType === 3) {
        const s = node.nodeValue;
        if (s && s.trim()) {
          parts.push(s);
          len += s.length;
        }
        return;
      }
      if (node.nodeType !== 1) return;
      const tag = node.tagName;
      if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'NOSCRIPT' || tag === 'TEMPLATE') return;
      if (node === exclude || (exclude && (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA'))) return;
      if (node.hasAttribute('data-private') || node.hidden || node.getAttribute('aria-hidden') === 'true') return;
      if (tag === 'IMG' && node.getAttribute('alt')) {
        parts.push(' ' + node.getAttribute('alt') + ' ');
        return;
      }
      for (let c = node.firstChild; c; c = c.nextSibling) walk(c);
      if (tag === 'BR' || tag === 'P' || tag === 'DIV' || tag === 'LI') parts.push(' ');
    };
    walk(root);
    return clean(parts.join(''));
  }

  function isLabelable(el) {
    return el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' ||
        el.tagName === 'METER' || el.tagName === 'PROGRESS' || el.tagName === 'OUTPUT' || el.tagName === 'BUTTON';
  }

  function byIds(el, ids) {
    const doc = el.getRootNode && el.getRootNode().getElementById ? el.getRootNode() : el.ownerDocument;
    return ids.split(/\s+/).map((id) => {
      const r = id && (doc.getElementById(id) || el.ownerDocument.getElementById(id));
      return r ? textOf(r) || clean(r.getAttribute('aria-label')) : '';
    }).join(' ');
  }

  /** The accessible name, following the order of the accname spec's main steps. */
  function nameOf(el) {
    const sensitive = isSensitive(el);
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const s = clean(byIds(el, by));
      if (s) return cut(s, MAX_NAME);
    }
    const al = clean(el.getAttribute('aria-label'));
    if (al) return cut(al, MAX_NAME);
    if (isLabelable(el) && el.labels && el.labels.length) {
      const s = clean(Array.from(el.labels).map((l) => textOf(l, el)).join(' '));
      if (s) return cut(s, MAX_NAME);
    }
    if (el.tagName === 'INPUT') {
      const type = (el.getAttribute('type') || '').toLowerCase();
      if (type === 'submit' || type === 'reset' || type === 'button') {
        const v = clean(el.getAttribute('value'));
        return v || (type === 'submit' ? 'Submit' : type === 'reset' ? 'Reset' : null);
      }
      if (type === 'image') return clean(el.getAttribute('alt')) || 'Submit';
    }
    if (el.tagName === 'IMG' || el.tagName === 'AREA') {
      const alt = clean(el.getAttribute('alt'));
      if (alt) return cut(alt, MAX_NAME);
    }
    if (el.tagName === 'FIELDSET') {
      const legend = el.querySelector('legend');
      if (legend) return cut(textOf(legend), MAX_NAME);
    }
    const ph = clean(el.getAttribute('placeholder') || el.getAttribute('aria-placeholder'));
    if (ph) return cut(ph, MAX_NAME);
    const role = roleOf(el);
    if (!sensitive && !NO_NAME_FROM_CONTENT.has(role) && el !== document.body && el !== document.documentElement) {
      const s = textOf(el);
      if (s) return cut(s, MAX_NAME);
    }
    const title = clean(el.getAttribute('title'));
    return title ? cut(title, MAX_NAME) : null;
  }

  function cssq(v) {
    return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  }

  function unique(doc, sel) {
    try {
      return doc.querySelectorAll(sel).length === 1;
    } catch (e) {
      return false;
    }
  }

  /** A stable CSS selector: id, then test ids and name, else a tag path with :nth-of-type. */
  function cssPath(el) {
    const doc = el.ownerDocument;
    if (el.id && unique(doc, '#' + CSS.escape(el.id))) return cut('#' + CSS.escape(el.id), MAX_SELECTOR);
    const tag = el.tagName.toLowerCase();
    for (const a of ['data-testid', 'data-test', 'data-qa', 'data-cy', 'name']) {
      const v = el.getAttribute(a);
      if (v) {
        const s = tag + '[' + a + '="' + cssq(v) + '"]';
        if (unique(doc, s)) return cut(s, MAX_SELECTOR);
      }
    }
    const parts = [];
    let cur = el;
    while (cur && cur.nodeType === 1 && cur !== doc.documentElement) {
      if (cur !== el && cur.id && unique(doc, '#' + CSS.escape(cur.id))) {
        parts.unshift('#' + CSS.escape(cur.id));
        return cut(parts.join(' > '), MAX_SELECTOR);
      }
      let part = cur.tagName.toLowerCase();
      const parent = cur.parentElement;
      if (parent) {
        const same = Array.from(parent.children).filter((c) => c.tagName === cur.tagName);
        if (same.length > 1) part += ':nth-of-type(' + (same.indexOf(cur) + 1) + ')';
      }
      parts.unshift(part);
      cur = parent;
    }
    parts.unshift('html');
    return cut(parts.join(' > '), MAX_SELECTOR);
  }

  /** An XPath: from the nearest ancestor with a unique id, else absolute, with positions. */
  function xPath(el) {
    const doc = el.ownerDocument;
    const parts = [];
    for (let cur = el; cur && cur.nodeType === 1; cur = cur.parentElement) {
      if (cur.id && !cur.id.includes('"') && unique(doc, '#' + CSS.escape(cur.id))) {
        parts.unshift('//*[@id="' + cur.id + '"]');
        return cut(parts.join('/'), MAX_SELECTOR);
      }
      const tag = cur.tagName.toLowerCase();
      const parent = cur.parentElement;
      let step = tag;
      if (parent) {
        const same = Array.from(parent.children).filter((c) => c.tagName === cur.tagName);
        if (same.length > 1) step += '[' + (same.indexOf(cur) + 1) + ']';
      }
      parts.unshift(step);
    }
    return cut('/' + parts.join('/'), MAX_SELECTOR);
  }

  const ATTRS = ['id', 'name', 'type', 'role', 'class', 'aria-label', 'placeholder', 'title', 'href', 'alt', 'for',
    'data-testid', 'aria-haspopup', 'aria-expanded', 'aria-controls'];
  const VALUE_TYPES = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'image']);

  function attrsOf(el, sensitive) {
    const out = {};
    for (const a of ATTRS) {
      const v = el.getAttribute(a);
      if (v != null && v !== '') out[a] = cut(v, a === 'href' ? 300 : 120);
    }
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (!sensitive && (el.tagName === 'OPTION' || el.tagName === 'BUTTON' || (el.tagName === 'INPUT' && VALUE_TYPES.has(type)))) {
      const v = el.getAttribute('value');
      if (v != null) out.value = cut(v, 120);
    }
    return out;
  }

  function describe(el, node) {
    const sensitive = isSensitive(el);
    const r = el.getBoundingClientRect();
    const v = view();
    const t = {
      tag: el.tagName.toLowerCase(),
      role: roleOf(el),
      name: nameOf(el),
      selector: cssPath(el),
      xpath: xPath(el),
      rect: [r2(r.left), r2(r.top), r2(r.width), r2(r.height)],
      attrs: attrsOf(el, sensitive),
    };
    const box = screenBox(r, v);
    if (box) t.bbox = box;
    if (el.tagName === 'INPUT') t.type = (el.getAttribute('type') || 'text').toLowerCase();
    else if (el.tagName === 'SELECT' || el.tagName === 'TEXTAREA') t.type = el.tagName.toLowerCase();
    if (sensitive) t.sensitive = true;
    if (el.tagName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio')) t.checked = !!el.checked;
    if (node != null) t.node = node;
    return t;
  }

  // ---------------------------------------------------------------- DOM snapshot

  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'LINK', 'META', 'BASE', 'HEAD', 'OBJECT', 'EMBED']);
  const VOID = new Set(['AREA', 'BR', 'COL', 'EMBED', 'HR', 'IMG', 'INPUT', 'SOURCE', 'TRACK', 'WBR']);
  /** Kept as an empty element: an iframe's document is snapshotted by its own frame, svg drawings not at all. */
  const EMPTY = new Set(['IFRAME', 'SVG', 'CANVAS', 'VIDEO', 'AUDIO']);
  const KEEP = ['id', 'name', 'type', 'role', 'aria-label', 'aria-labelledby', 'aria-expanded', 'aria-selected',
    'aria-checked', 'aria-haspopup', 'aria-controls', 'aria-activedescendant', 'placeholder', 'title', 'alt', 'href',
    'for', 'label', 'data-testid', 'src'];

  function esc(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  function hash(s) {
    // two FNV-1a passes with different seeds: 64 bits, enough to recognise an unchanged page
    let a = 0x811c9dc5;
    let b = 0x01000193 ^ s.length;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  }

  /**
   * The page as Mind2Web keeps it: no scripts, styles or hidden parts, a few attributes, every
   * element numbered with backend_node_id. Sensitive fields lose their value; [data-private]
   * subtrees lose their text and attributes. Returns {html, nodes (the numbers of the given
   * elements, null where skipped), truncated}.
   */
  function snapshot(targets) {
    const out = [];
    let size = 0;
    let count = 0;
    const nodes = targets.map(() => null);
    let truncated = false;
    const put = (s) => {
      out.push(s);
      size += s.length;
    };
    const stack = [{n: document.documentElement, close: false, priv: false, inOpt: false}];
    while (stack.length) {
      const it = stack.pop();
      const n = it.n;
      if (it.close) {
        put('</' + n.tagName.toLowerCase() + '>');
        continue;
      }
      if (size > MAX_HTML || count > MAX_NODES) {
        truncated = true;
        break;
      }
      if (n.nodeType === 3) {
        if (it.priv) continue;
        const s = clean(n.nodeValue);
        if (s) put(esc(cut(s, MAX_TEXT_NODE)));
        continue;
      }
      if (n.nodeType !== 1 || SKIP.has(n.tagName)) continue;
      const tag = n.tagName.toLowerCase();
      if (n.hidden || n.getAttribute('aria-hidden') === 'true' ||
          (n.tagName === 'INPUT' && (n.getAttribute('type') || '').toLowerCase() === 'hidden')) continue;
      const inOpt = it.inOpt || n.tagName === 'SELECT' || n.tagName === 'DATALIST';
      if (!inOpt && n.checkVisibility && !n.checkVisibility() && !targets.some((x) => x && n.contains(x))) continue;
      const id = count++;
      for (let i = 0; i < targets.length; i++) if (targets[i] === n) nodes[i] = id;
      const priv = it.priv || n.hasAttribute('data-private');
      const sens = priv || isSensitive(n);
      let a = ' backend_node_id="' + id + '"';
      if (priv) {
        const role = n.getAttribute('role');
        if (role) a += ' role="' + esc(cut(role, 40)) + '"';
      } else {
        for (const k of KEEP) {
          const v = n.getAttribute(k);
          if (v != null && v !== '') a += ' ' + k + '="' + esc(cut(v, k === 'href' || k === 'src' ? 300 : 120)) + '"';
        }
        const type = (n.getAttribute('type') || '').toLowerCase();
        if (!sens && (n.tagName === 'OPTION' || n.tagName === 'BUTTON' || (n.tagName === 'INPUT' && VALUE_TYPES.has(type)))) {
          const v = n.getAttribute('value');
          if (v != null) a += ' value="' + esc(cut(v, 120)) + '"';
        }
        if (n.tagName === 'OPTION' && n.selected) a += ' selected="true"';
        if (n.tagName === 'INPUT' && (n.type === 'checkbox' || n.type === 'radio') && n.checked) a += ' checked="true"';
        if (n.tagName === 'INPUT' || n.tagName === 'SELECT' || n.tagName === 'TEXTAREA' || n.tagName === 'BUTTON') {
          if (!n.hasAttribute('aria-label')) {
            const nm = nameOf(n);
            if (nm) a += ' aria_name="' + esc(nm) + '"';
          }
        }
      }
      put('<' + tag + a + '>');
      if (VOID.has(n.tagName)) continue;
      if (EMPTY.has(n.tagName) || n.tagName === 'TEXTAREA') {
        put('</' + tag + '>'); // a textarea's text is what the user typed: never taken
        continue;
      }
      stack.push({n, close: true});
      const kids = [];
      if (n.shadowRoot) for (let c = n.shadowRoot.firstChild; c; c = c.nextSibling) kids.push(c);
      for (let c = n.firstChild; c; c = c.nextSibling) kids.push(c);
      for (let i = kids.length - 1; i >= 0; i--) stack.push({n: kids[i], close: false, priv, inOpt});
    }
    if (truncated) put('<!-- truncated -->');
    return {html: out.join(''), nodes, truncated};
  }

  /**
   * Adds {hash, html (only when the page changed since the last snapshot of this frame)} and the
   * snapshot numbers (backend_node_id) of the target and, for a dropdown choice, of the field.
   */
  function attachSnapshot(msg, el, fieldEl) {
    try {
      const s = snapshot([el, fieldEl || null]);
      const h = hash(s.html);
      msg.dom = {hash: h, bytes: s.html.length, truncated: s.truncated};
      if (h !== lastHash) {
        msg.dom.html = s.html;
        lastHash = h;
      }
      if (s.nodes[0] != null && msg.target) msg.target.node = s.nodes[0];
      if (s.nodes[1] != null && msg.field) msg.field.node = s.nodes[1];
    } catch (e) {
      // a snapshot is a bonus; the event matters more
    }
  }

  // ---------------------------------------------------------------- dropdowns

  function controlFor(popup) {
    if (!popup) return null;
    const doc = popup.ownerDocument;
    if (popup.id) {
      const q = '[aria-controls~="' + cssq(popup.id) + '"],[aria-owns~="' + cssq(popup.id) + '"]';
      const c = doc.querySelector(q);
      if (c && c !== popup) return c;
    }
    const act = deepActive();
    if (act && act !== doc.body && !popup.contains(act) &&
        (act.getAttribute('aria-activedescendant') || act.getAttribute('aria-expanded') === 'true')) return act;
    const open = Array.from(doc.querySelectorAll('[aria-expanded="true"]')).filter((e) => !popup.contains(e) && e !== popup);
    if (open.length === 1) return open[0];
    return null;
  }

  function optionValue(opt) {
    const v = opt.getAttribute('data-value') ?? opt.getAttribute('value') ?? opt.getAttribute('aria-valuetext');
    return v != null ? cut(v, MAX_NAME) : nameOf(opt);
  }

  /** Details of an option being chosen, taken before the page reacts (closes the popup...). */
  function optionChoice(opt) {
    if (!opt || opt.getAttribute('aria-disabled') === 'true' || opt.getAttribute('aria-haspopup')) return null;
    const popup = opt.closest(POPUP_ROLES);
    const field = controlFor(popup) || popup;
    if (isSensitive(opt) || (field && isSensitive(field))) return null;
    return {
      target: describe(opt),
      field: field ? describe(field) : null,
      fieldEl: field,
      option: {text: nameOf(opt), value: optionValue(opt)},
    };
  }

  function sendChoice(choice, via, el) {
    const msg = base('select');
    msg.target = choice.target;
    msg.field = choice.field || Object.assign({}, choice.target);
    msg.option = choice.option;
    msg.via = via;
    attachSnapshot(msg, el, choice.fieldEl && choice.fieldEl.isConnected ? choice.fieldEl : el);
    send(msg);
  }

  // ---------------------------------------------------------------- event handlers

  function onPointer(e) {
    if (!e.isTrusted) return;
    learn(e);
    const raw = deepTarget(e);
    if (!raw) return;
    const el = actionable(raw);
    // Before the keys, in case the focus event is slow to follow.
    if (isSensitive(el) && el.matches('input,textarea,select,[contenteditable=""],[contenteditable=true]')) setSensitive(true);
    const opt = raw.closest(OPTION_ROLES);
    pressedOption = opt ? {choice: optionChoice(opt), at: Date.now(), el: opt} : null;
    const msg = base('pointer');
    msg.target = describe(el);
    msg.pointer = {button: e.button, client: [r2(e.clientX), r2(e.clientY)], screen: [r2(e.screenX), r2(e.screenY)], detail: e.detail};
    attachSnapshot(msg, el);
    send(msg);
  }

  function onClick(e) {
    if (!e.isTrusted || e.button !== 0) return;
    const raw = deepTarget(e);
    const opt = raw && raw.closest(OPTION_ROLES);
    let choice = null;
    let el = opt;
    if (opt) {
      choice = pressedOption && pressedOption.el === opt && pressedOption.choice ? pressedOption.choice : optionChoice(opt);
    } else if (pressedOption && pressedOption.choice && Date.now() - pressedOption.at < 1000 && !pressedOption.el.isConnected) {
      choice = pressedOption.choice; // the page removed the option on mousedown
      el = raw;
    }
    pressedOption = null;
    if (choice) sendChoice(choice, 'click', el);
  }

  function onKeyDown(e) {
    if (!e.isTrusted || e.repeat || (e.key !== 'Enter' && e.key !== ' ')) return;
    const act = deepActive();
    if (!act || act.nodeType !== 1) return;
    let opt = null;
    const ad = act.getAttribute('aria-activedescendant');
    if (ad) {
      const c = act.ownerDocument.getElementById(ad);
      if (c && c.matches(OPTION_ROLES)) opt = c;
    } else if (act.matches(OPTION_ROLES)) {
      opt = act;
    }
    if (!opt) return;
    const choice = optionChoice(opt);
    if (choice) sendChoice(choice, 'key', opt);
  }

  function onInput(e) {
    if (!e.isTrusted) return;
    const el = deepTarget(e);
    if (!el || el.tagName === 'SELECT' || isSensitive(el)) return;
    const now = Date.now();
    if (lastInput.el === el && now - lastInput.at < INPUT_BURST_MS) {
      lastInput.at = now;
      return;
    }
    lastInput = {el, at: now};
    const msg = base('input');
    msg.target = describe(el);
    if (e.inputType) msg.input_type = cut(e.inputType, 40);
    attachSnapshot(msg, el);
    send(msg);
  }

  function onChange(e) {
    if (!e.isTrusted) return;
    const el = deepTarget(e);
    if (!el || isSensitive(el)) return;
    if (el.tagName === 'SELECT') {
      const o = el.selectedOptions && el.selectedOptions[0];
      const msg = base('select');
      msg.field = describe(el);
      msg.target = msg.field;
      msg.option = o ? {text: cut(clean(o.label || o.text), MAX_NAME), value: cut(o.value, MAX_NAME), index: el.selectedIndex}
          : {text: null, value: null, index: -1};
      msg.via = 'native';
      attachSnapshot(msg, el);
      send(msg);
      return;
    }
    const msg = base('change');
    msg.target = describe(el);
    send(msg);
  }

  function onFocusIn(e) {
    if (!e.isTrusted) return;
    const el = deepTarget(e);
    if (!el) return;
    if (isSensitive(el)) {
      setSensitive(true);
      return;
    }
    setSensitive(false);
    const msg = base('focus');
    msg.target = describe(el);
    send(msg);
  }

  function onFocusOut(e) {
    if (!e.isTrusted) return;
    if (isSensitive(deepTarget(e))) setSensitive(false);
  }

  function onSubmit(e) {
    if (!e.isTrusted) return;
    const form = e.target;
    if (!(form instanceof Element)) return;
    const msg = base('submit');
    msg.target = describe(form);
    send(msg);
  }

  function onWindowBlur() {
    // This frame lost focus: to another app, the address bar, or another frame of the page.
    const t = Date.now();
    setSensitive(false);
    setTimeout(() => {
      // Only say so when the focus left this frame's page for good (not into a child frame).
      if (!document.hasFocus()) send({kind: 'blur', t, frame_url: cut(location.href, MAX_URL)});
    }, 0);
  }

  function onWindowFocus() {
    // Back in this frame: the element that had focus has it again, without a focus event.
    const a = deepActive();
    if (!a || a === document.body || a === document.documentElement) return;
    if (isSensitive(a)) {
      setSensitive(true);
      return;
    }
    const msg = base('focus');
    msg.target = describe(a);
    send(msg);
  }

  function r2(v) {
    return Math.round(v * 100) / 100;
  }

  // ---------------------------------------------------------------- page scan (privacy)
  //
  // For the recorder's policy gate only, never stored: who the page shows as correspondents
  // (mail recipients and senders, chat participants) and the boxes of the visible text, so the
  // recorder can suspend capture for correspondents abroad and cover personal data in frames
  // before they are stored. Sent after a page loads, when it changes, scrolls or comes back into
  // view, and only when the result differs from the last one sent (or when forced).

  const MAX_PEOPLE = 64;
  const MAX_PERSON = 200;
  const MAX_BOXES = 400;
  const MAX_BOX_TEXT = 300;
  const SCAN_DEBOUNCE_MS = 80;
  const SCAN_MIN_GAP_MS = 250;
  const MAX_SCAN_CHARS = 40000;
  const PEOPLE_ATTRS = ['email', 'data-email', 'data-hovercard-id', 'data-participant', 'data-recipient', 'data-sender'];
  const PEOPLE_WORDS = ['recipient', 'participant', 'attendee', 'invitee', 'member', 'sender', 'correspondent'];
  const PEOPLE_REGIONS = [].concat(
      PEOPLE_WORDS.map((w) => `[aria-label*="${w}" i]`),
      PEOPLE_WORDS.map((w) => `[class*="${w}" i]`),
      PEOPLE_WORDS.map((w) => `[data-testid*="${w}" i]`),
      ['[aria-label^="from" i]', '[aria-label^="to:" i]', '[aria-label="to" i]', '[aria-label^="cc" i]', '[aria-label^="bcc" i]',
        '[itemprop=sender]', '[itemprop=recipient]', '[itemprop=email]']).join(',');
  const PEOPLE_FIELD = /^(to|cc|bcc|from|recipients?|participants?|attendees?|invitees?|members?|guests?)$/i;
  let scanTimer = null;
  let scanIsFrame = false;
  let lastScan = null;
  let lastScanHref = null;
  let lastScanAt = 0;

  function visible(el) {
    if (!el || el.nodeType !== 1) return false;
    if (el.closest('[hidden],[aria-hidden=true]')) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }

  function addPerson(out, s) {
    s = clean(s);
    if (s && out.length < MAX_PEOPLE && !out.includes(cut(s, MAX_PERSON))) out.push(cut(s, MAX_PERSON));
  }

  /** Recipients, senders and participants the page shows or that the worker typed into To/Cc. */
  function people() {
    const out = [];
    let budget = 600;
    const doc = document;
    for (const a of doc.querySelectorAll('a[href^="mailto:" i]')) {
      if (--budget < 0) break;
      if (visible(a)) addPerson(out, decodeURIComponent((a.getAttribute('href') || '').slice(7).split('?')[0]) + ' ' + textOf(a));
    }
    const attrSel = PEOPLE_ATTRS.map((x) => `[${x}]`).join(',');
    for (const el of doc.querySelectorAll(attrSel)) {
      if (--budget < 0) break;
      if (!visible(el)) continue;
      const v = PEOPLE_ATTRS.map((x) => el.getAttribute(x)).filter((x) => x && x !== 'true' && x !== '').join(' ');
      addPerson(out, v + ' ' + textOf(el));
    }
    for (const el of doc.querySelectorAll(PEOPLE_REGIONS)) {
      if (--budget < 0) break;
      if (el.closest('[data-private]') || !visible(el)) continue;
      addPerson(out, (el.getAttribute('aria-label') || '') + ' ' + textOf(el));
    }
    for (const el of doc.querySelectorAll('input,textarea')) {
      if (--budget < 0) break;
      if (isSensitive(el) || !visible(el)) continue;
      const t = (el.getAttribute('type') || '').toLowerCase();
      const names = [el.getAttribute('name'), el.id, el.getAttribute('aria-label'), el.getAttribute('placeholder')];
      if (t !== 'email' && !names.some((x) => x && PEOPLE_FIELD.test(x.trim().replace(/[:\s]+$/, '')))) continue;
      for (const part of (el.value || '').split(/[,;]/)) addPerson(out, part);
    }
    return out;
  }

  /** Boxes (screen pixels) of the visible text nodes, for masking personal data in frames. */
  function textBoxes(v) {
    const out = [];
    if (!v.origin || !document.body) return out;
    const vw = innerWidth;
    const vh = innerHeight;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
      acceptNode(n) {
        const p = n.parentElement;
        if (!p || !n.nodeValue || !n.nodeValue.trim()) return NodeFilter.FILTER_SKIP;
        const tag = p.tagName;
        if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'NOSCRIPT' || tag === 'TEMPLATE') return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    const range = document.createRange();
    let budget = 4000;
    let chars = 0;
    for (let n = walker.nextNode(); n && out.length < MAX_BOXES && chars < MAX_SCAN_CHARS && --budget > 0; n = walker.nextNode()) {
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0 || r.bottom < 0 || r.right < 0 || r.top > vh || r.left > vw) continue;
      const b = screenBox(r, v);
      if (!b) break;
      const p = n.parentElement;
      const box = {text: cut(clean(n.nodeValue), MAX_BOX_TEXT), x: Math.floor(b[0]), y: Math.floor(b[1]),
        w: Math.ceil(b[2]) + 1, h: Math.ceil(b[3]) + 1};
      if (p.closest('[data-private]')) box.sensitive = true;
      chars += box.text.length;
      out.push(box);
    }
    // the values of text fields the worker can see (not sensitive ones: those are covered whole)
    for (const el of document.querySelectorAll('input,textarea')) {
      if (out.length >= MAX_BOXES) break;
      const t = (el.getAttribute('type') || 'text').toLowerCase();
      if (['hidden', 'checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'image', 'range', 'color'].includes(t)) continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0 || r.bottom < 0 || r.top > vh) continue;
      const b = screenBox(r, v);
      if (!b) break;
      const box = {text: isSensitive(el) ? '' : cut(clean(el.value || ''), MAX_BOX_TEXT),
        x: Math.floor(b[0]), y: Math.floor(b[1]), w: Math.ceil(b[2]) + 1, h: Math.ceil(b[3]) + 1};
      if (isSensitive(el)) box.sensitive = true;
      if (box.text || box.sensitive) out.push(box);
    }
    return out;
  }

  function scanNow(force) {
    scanTimer = null;
    if (!alive || document.visibilityState === 'hidden') return;
    lastScanAt = Date.now();
    const v = view();
    const msg = base('page');
    msg.people = people();
    msg.text_boxes = textBoxes(v);
    const key = hash(JSON.stringify([location.href, msg.people, msg.text_boxes]));
    if (!force && key === lastScan) return;
    lastScan = key;
    lastScanHref = location.href;
    send(msg);
  }

  function scanSoon(force) {
    if (force) {
      if (scanTimer) (scanIsFrame ? cancelAnimationFrame : clearTimeout)(scanTimer);
      scanTimer = setTimeout(() => scanNow(true), 0);
      scanIsFrame = false;
      return;
    }
    if (scanTimer) return;
    const since = Date.now() - lastScanAt;
    if (since >= SCAN_MIN_GAP_MS) {
      // The first change after a quiet spell (a conversation opening in a single-page app): scan in
      // the next animation frame, before the browser paints the change, so the recorder can stop
      // frames before any shows it.
      scanTimer = requestAnimationFrame(() => { scanTimer = null; scanNow(false); });
      scanIsFrame = true;
      return;
    }
    // a busy page (a ticking clock, a streaming chat) is scanned at most every SCAN_MIN_GAP_MS
    scanTimer = setTimeout(() => scanNow(false), Math.max(SCAN_DEBOUNCE_MS, SCAN_MIN_GAP_MS - since));
    scanIsFrame = false;
  }

  function startScanning() {
    scanNow(true);
    new MutationObserver(() => scanSoon(false)).observe(document, {subtree: true, childList: true, characterData: true, attributes: true,
      attributeFilter: ['hidden', 'aria-hidden', 'style', 'class', 'email', 'data-email', 'href', 'value']});
    addEventListener('scroll', () => scanSoon(false), {capture: true, passive: true});
    addEventListener('resize', () => scanSoon(false), {passive: true});
    addEventListener('input', () => scanSoon(false), {capture: true, passive: true});
    addEventListener('hashchange', () => scanSoon(true));
    addEventListener('popstate', () => scanSoon(true));
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') scanSoon(true); });
    addEventListener('focus', (e) => { if (e.target === window) scanSoon(true); }, {capture: true, passive: true});
    // pushState does not fire an event in this isolated world: notice the address changing
    setInterval(() => { if (location.href !== lastScanHref && document.visibilityState === 'visible') scanSoon(true); }, 250);
  }

  const opts = {capture: true, passive: true};
  addEventListener('mousemove', learn, opts);
  addEventListener('mousedown', onPointer, opts);
  addEventListener('click', onClick, opts);
  addEventListener('keydown', onKeyDown, opts);
  addEventListener('input', onInput, opts);
  addEventListener('change', onChange, opts);
  addEventListener('focusin', onFocusIn, opts);
  addEventListener('focusout', onFocusOut, opts);
  addEventListener('submit', onSubmit, opts);
  addEventListener('blur', (e) => { if (e.target === window && e.isTrusted) onWindowBlur(); }, opts);
  addEventListener('focus', (e) => { if (e.target === window && e.isTrusted) onWindowFocus(); }, opts);

  // A field that has focus before this script ran (autofocus).
  const initial = () => {
    const a = deepActive();
    if (a && isSensitive(a) && document.hasFocus()) setSensitive(true);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', initial, {once: true});
  else initial();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startScanning, {once: true});
  else startScanning();
})();
