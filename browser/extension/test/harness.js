// Runs the real extension (../content.js in a jsdom page, ../background.js in a VM context) with a
// small fake of the Chrome APIs they use, wired as Chrome wires them:
//
//   page events ─► content.js ─ chrome.runtime.sendMessage ─► background.js's runtime.onMessage
//     (sender {id, tab, frameId, url}; messages copied as JSON, delivered asynchronously)
//   background.js ─ chrome.runtime.connectNative('dev.understudy.bridge') ─► a fake native host port
//     that records every postMessage (as the JSON Chrome would write to the host) and answers like
//     browser/NativeHost: {"status": "live"} once, then {"delivered": n} after each message.
//
// What the port recorded is exactly what the recorder would receive: the tests validate it against
// ../../schema/browser-message.schema.json, the contract capture/browser/BrowserMessages enforces.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const zlib = require('node:zlib');
const {JSDOM} = require('jsdom');
// jsdom's wrapper <-> implementation mapping, used below to dispatch events as trusted ones.
const idlUtils = require('jsdom/lib/jsdom/living/generated/utils');
const Ajv2020 = require('ajv/dist/2020');

const EXTENSION = path.join(__dirname, '..');
const SCHEMA_DIR = path.join(__dirname, '..', '..', 'schema');
const EXTENSION_ID = 'mafnfaakflleieegpddemmopnmkckmcg'; // BridgeProtocol.EXTENSION_ID
const HOST = 'dev.understudy.bridge'; // BridgeProtocol.HOST_NAME
const CONTENT_JS = fs.readFileSync(path.join(EXTENSION, 'content.js'), 'utf8');
const BACKGROUND_JS = fs.readFileSync(path.join(EXTENSION, 'background.js'), 'utf8');

// ------------------------------------------------------------------------------------------ schema

/**
 * ajv for the message schema. unicode: false counts string lengths in UTF-16 code units, as the
 * recorder (Java's String.length()) and the extension (JavaScript's .length) do; a standard
 * validator counts code points (see the schema's $comment). ajv calls that option deprecated and
 * says so once per instance: that one line is left out of the test output.
 */
function schemaValidator() {
  const logger = {
    log: console.log,
    warn: (m, ...rest) => { if (!String(m).startsWith('DEPRECATED: option unicode')) console.warn(m, ...rest); },
    error: console.error,
  };
  const ajv = new Ajv2020({strict: true, allErrors: true, unicode: false, logger});
  const schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, 'browser-message.schema.json'), 'utf8'));
  const validate = ajv.compile(schema);
  const hello = ajv.getSchema(schema.$id + '#/$defs/hello');
  return {ajv, schema, validate, hello};
}

/** ajv's errors in one line each, for assertion messages. */
function errorsText(errors) {
  return (errors || []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
}

/** Whether one of ajv's errors is about the field at JSON pointer `at` (or inside it). */
function errorAt(errors, at) {
  return (errors || []).some((e) => e.instancePath === at || e.instancePath.startsWith(at + '/') ||
      (e.params && e.params.missingProperty !== undefined && `${e.instancePath}/${e.params.missingProperty}` === at));
}

// -------------------------------------------------------------------------------------- fake Chrome

function chromeEvent() {
  const listeners = [];
  return {
    addListener: (f) => { listeners.push(f); },
    removeListener: (f) => { const i = listeners.indexOf(f); if (i >= 0) listeners.splice(i, 1); },
    hasListener: (f) => listeners.includes(f),
    fire: (...args) => listeners.map((f) => f(...args)),
    listeners,
  };
}

/** Chrome copies extension messages as JSON: no functions, no undefined, no shared objects. */
const jsonCopy = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

/** Every message any FakeBrowser's worker posted to the native host, for the final sweep. */
const allPosted = [];

/** One browser profile: a tab, the extension's service worker and the native host's port. */
class FakeBrowser {
  constructor() {
    this.posted = []; // JSON text of each message the worker posted to the native host
    this.fromPages = []; // JSON text of each message a content script sent to the worker
    this.hostNames = []; // what connectNative was asked for
    this.pages = [];
    this.tab = {id: 7, windowId: 1, index: 0, active: true, url: 'chrome://newtab/', title: 'New Tab'};
    this.workerErrors = [];
    this.startWorker();
  }

  startWorker() {
    const browser = this;
    this.onMessage = chromeEvent();
    this.webNavigation = {onCommitted: chromeEvent(), onHistoryStateUpdated: chromeEvent(), onReferenceFragmentUpdated: chromeEvent()};
    const tabs = {
      get: async (id) => {
        if (id !== browser.tab.id) throw new Error(`No tab with id: ${id}.`);
        return jsonCopy(browser.tab);
      },
      query: async () => [jsonCopy(browser.tab)],
      getZoom: async () => 1,
      sendMessage: async () => undefined,
      onActivated: chromeEvent(),
      onZoomChange: chromeEvent(),
    };
    const chrome = {
      runtime: {
        id: EXTENSION_ID,
        lastError: undefined,
        onMessage: this.onMessage,
        connectNative: (name) => browser.connectNative(name),
      },
      tabs,
      webNavigation: this.webNavigation,
      windows: {WINDOW_ID_NONE: -1, onFocusChanged: chromeEvent()},
    };
    // A service worker's globals: the fake chrome plus the web APIs background.js uses.
    const context = vm.createContext({
      chrome, console, setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask,
      Blob, Response, CompressionStream, TextEncoder, TextDecoder, btoa, atob,
    });
    vm.runInContext(BACKGROUND_JS, context, {filename: path.join(EXTENSION, 'background.js')});
  }

  /** The native host: it reaches a recorder at once ("live"), confirms what it relays ("delivered"). */
  connectNative(name) {
    this.hostNames.push(name);
    let delivered = 0;
    const port = {
      name,
      onMessage: chromeEvent(),
      onDisconnect: chromeEvent(),
      disconnect() {},
      postMessage: (msg) => {
        const text = JSON.stringify(msg); // what Chrome writes to the host's stdin
        this.posted.push(text);
        allPosted.push(text);
        setImmediate(() => port.onMessage.fire({delivered: ++delivered}));
      },
    };
    setImmediate(() => port.onMessage.fire({status: 'live'}));
    return port;
  }

  /** The messages the recorder would get, parsed. */
  messages() {
    return this.posted.map((s) => JSON.parse(s));
  }

  /** Polls until fn() returns something truthy; fails with `what` after timeoutMs. */
  async waitFor(what, fn, timeoutMs = 5000) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const r = fn();
      if (r) return r;
      if (Date.now() > end) {
        throw new Error(`timed out waiting for ${what}; the native host got:\n` +
            this.posted.map((s) => '  ' + s.slice(0, 300)).join('\n'));
      }
      await new Promise((res) => setTimeout(res, 10));
    }
  }

  /** Waits until the first message matching pred has reached the native host, and returns it. */
  waitForMessage(what, pred, timeoutMs) {
    return this.waitFor(what, () => this.messages().find(pred), timeoutMs);
  }

  /** Lets the worker's queue drain: nothing new posted for quietMs. */
  async settle(quietMs = 150) {
    let count = -1;
    while (count !== this.posted.length) {
      count = this.posted.length;
      await new Promise((res) => setTimeout(res, quietMs));
    }
  }

  /**
   * Navigates the tab to a page as Chrome does: the navigation commits (webNavigation.onCommitted
   * for the worker), then the content script runs at document_start, then the HTML is parsed.
   */
  async open(url, html, {title = ''} = {}) {
    Object.assign(this.tab, {url, title, status: 'loading'});
    this.webNavigation.onCommitted.fire({tabId: this.tab.id, frameId: 0, parentFrameId: -1, url, timeStamp: Date.now(),
      transitionType: 'typed', transitionQualifiers: ['from_address_bar'], documentLifecycle: 'active'});
    const page = new Page(this, url, html);
    this.pages.push(page);
    await page.loaded;
    this.tab.status = 'complete';
    return page;
  }

  /** Runtime messages from a content script to the worker, as Chrome delivers them. */
  fromPage(msg, sender) {
    const copy = jsonCopy(msg);
    this.fromPages.push(JSON.stringify(msg));
    return new Promise((resolve) => {
      setImmediate(() => {
        let answered = false;
        const sendResponse = (r) => {
          if (!answered) {
            answered = true;
            resolve(jsonCopy(r));
          }
        };
        let keepOpen = false;
        for (const l of this.onMessage.listeners) {
          try {
            if (l(copy, sender, sendResponse) === true) keepOpen = true;
          } catch (e) {
            this.workerErrors.push(e);
          }
        }
        if (!keepOpen && !answered) resolve(undefined);
      });
    });
  }

  close() {
    for (const p of this.pages) p.close();
  }
}

// ------------------------------------------------------------------------------------------- pages

/** jsdom does no layout: every element and text gets this box (CSS px) so that it counts as visible. */
const BOX = {x: 40, y: 60, left: 40, top: 60, width: 120, height: 24, right: 160, bottom: 84};
/** Where the page's viewport is on the screen (DIPs): the browser's window and toolbars. */
const VIEWPORT_ON_SCREEN = {x: 100, y: 185};

/** CSS.escape (CSSOM "serialize an identifier"), which Chrome has and jsdom lacks. */
function cssEscape(value) {
  const s = String(value);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) out += '\uFFFD';
    else if ((c >= 0x1 && c <= 0x1f) || c === 0x7f || (i === 0 && c >= 0x30 && c <= 0x39) ||
        (i === 1 && c >= 0x30 && c <= 0x39 && s.charCodeAt(0) === 0x2d)) out += '\\' + c.toString(16) + ' ';
    else if (i === 0 && s.length === 1 && c === 0x2d) out += '\\' + s[i];
    else if (c >= 0x80 || c === 0x2d || c === 0x5f || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) ||
        (c >= 0x61 && c <= 0x7a)) out += s[i];
    else out += '\\' + s[i];
  }
  return out;
}

class Page {
  constructor(browser, url, html) {
    this.browser = browser;
    const sender = () => ({id: EXTENSION_ID, tab: jsonCopy(browser.tab), frameId: 0, documentId: 'doc-1',
      documentLifecycle: 'active', url, origin: new URL(url).origin});
    this.frames = new Set();
    let domReady;
    this.loaded = new Promise((res) => { domReady = res; });
    this.dom = new JSDOM(html, {
      url,
      pretendToBeVisual: true, // document.visibilityState "visible", requestAnimationFrame
      runScripts: 'outside-only', // the page's own scripts do not run; window.eval does
      beforeParse: (window) => {
        window.chrome = {runtime: {id: EXTENSION_ID, onMessage: chromeEvent(), sendMessage: (m) => browser.fromPage(m, sender())}};
        window.CSS = {escape: cssEscape};
        const box = () => Object.assign({toJSON() { return this; }}, BOX);
        window.Element.prototype.getBoundingClientRect = box;
        window.Range.prototype.getBoundingClientRect = box;
        // jsdom's window.close() stops the page's timers but not its animation frames, whose
        // callbacks would then run against a closed document: remember them for close().
        const raf = window.requestAnimationFrame.bind(window);
        const caf = window.cancelAnimationFrame.bind(window);
        window.requestAnimationFrame = (cb) => {
          if (this.closed) return 0;
          const h = raf((ts) => { this.frames.delete(h); cb(ts); });
          this.frames.add(h);
          return h;
        };
        window.cancelAnimationFrame = (h) => { this.frames.delete(h); caf(h); };
        this.cancelFrames = () => { this.closed = true; for (const h of this.frames) caf(h); this.frames.clear(); };
        window.document.addEventListener('DOMContentLoaded', () => domReady(), {once: true});
        // document_start: before the page's HTML is parsed (manifest.json's run_at)
        window.eval(CONTENT_JS);
      },
    });
    this.window = this.dom.window;
    this.document = this.window.document;
  }

  close() {
    this.cancelFrames();
    this.window.close(); // stops the content script's timers (its 250 ms URL check)
  }

  $(selector) {
    const el = this.document.querySelector(selector);
    if (!el) throw new Error(`no ${selector} on the page`);
    return el;
  }

  /**
   * Dispatches an event the way the browser does for real input: trusted. content.js ignores
   * events whose isTrusted is false (so that a page cannot fake user actions), and jsdom marks
   * every event a script creates and dispatches (dispatchEvent) as untrusted, as browsers do; only
   * events jsdom fires itself (focus(), for instance) are trusted. So this creates the event,
   * sets isTrusted on jsdom's implementation object (jsdom's own fireAnEvent creates user-agent
   * events with isTrusted true the same way) and dispatches it with the implementation's
   * _dispatch, the step of dispatchEvent() after it resets isTrusted to false.
   */
  fire(target, type, init = {}, Interface = 'Event') {
    const ev = new this.window[Interface](type, Object.assign({bubbles: true, cancelable: true, composed: true}, init));
    const impl = idlUtils.implForWrapper(ev);
    impl.isTrusted = true;
    return idlUtils.tryImplForWrapper(target)._dispatch(impl);
  }

  /** A left click at the middle of el, as the OS and Chrome deliver it. */
  click(el, {button = 0} = {}) {
    const clientX = BOX.left + BOX.width / 2;
    const clientY = BOX.top + BOX.height / 2;
    const at = {clientX, clientY, screenX: VIEWPORT_ON_SCREEN.x + clientX, screenY: VIEWPORT_ON_SCREEN.y + clientY,
      view: this.window, button};
    this.fire(el, 'mousemove', Object.assign({}, at, {buttons: 0}), 'MouseEvent');
    this.fire(el, 'mousedown', Object.assign({}, at, {buttons: 1, detail: 1}), 'MouseEvent');
    // Chrome focuses the focusable element pressed on (focus() fires trusted focus events in jsdom)
    const focusable = el.closest('button, input, select, textarea, a[href], [tabindex]');
    if (focusable && button === 0) focusable.focus();
    this.fire(el, 'mouseup', Object.assign({}, at, {buttons: 0, detail: 1}), 'MouseEvent');
    if (button === 0) this.fire(el, 'click', Object.assign({}, at, {buttons: 0, detail: 1}), 'MouseEvent');
    return at;
  }

  /** Types text into the focused field, key by key: keydown, the value changes, input, keyup. */
  type(text) {
    for (const ch of text) {
      const el = this.document.activeElement;
      this.fire(el, 'keydown', {key: ch, view: this.window}, 'KeyboardEvent');
      el.value += ch;
      this.fire(el, 'input', {inputType: 'insertText', data: ch, view: this.window, cancelable: false}, 'InputEvent');
      this.fire(el, 'keyup', {key: ch, view: this.window}, 'KeyboardEvent');
    }
  }

  /** Tab to the next field. */
  tabTo(next) {
    this.fire(this.document.activeElement, 'keydown', {key: 'Tab', view: this.window}, 'KeyboardEvent');
    next.focus();
    this.fire(next, 'keyup', {key: 'Tab', view: this.window}, 'KeyboardEvent');
  }

  /**
   * Picks an option of a native <select> with the mouse: a click opens Chrome's popup (browser UI,
   * no page events), choosing in it sets the value and fires input and change, and the popup's
   * synthetic click on the select (at screen 0, 0).
   */
  choose(select, optionText) {
    this.click(select);
    const option = Array.from(select.options).find((o) => o.text === optionText);
    if (!option) throw new Error(`no option ${optionText}`);
    option.selected = true;
    this.fire(select, 'input', {}, 'Event');
    this.fire(select, 'change', {}, 'Event');
    this.fire(select, 'click', {view: this.window, clientX: 0, clientY: 0, screenX: 0, screenY: 0, detail: 0}, 'MouseEvent');
  }
}

/** Each snapshot's HTML in what was sent (dom.html_gz is gzip, base64). */
function snapshotsIn(messages) {
  return messages.filter((m) => m.dom && typeof m.dom.html_gz === 'string')
      .map((m) => zlib.gunzipSync(Buffer.from(m.dom.html_gz, 'base64')).toString('utf8'));
}

module.exports = {FakeBrowser, Page, schemaValidator, errorsText, errorAt, snapshotsIn, allPosted,
  EXTENSION, SCHEMA_DIR, EXTENSION_ID, HOST, BOX, VIEWPORT_ON_SCREEN};
