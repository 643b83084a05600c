// Understudy service worker: relays what the content scripts observe, plus page navigations, to
// the Understudy recorder through Chrome native messaging (host "dev.understudy.bridge", which
// only this extension's ID may start; see docs/browser.md).
//
// Messages get a sequence number and wait in a small buffer until the native host says that it
// reached the recorder ("live"). With no recorder, the buffer keeps at most MAX_BUFFER messages
// for at most MAX_AGE_MS, then drops them and says how many it dropped once it is live again.
'use strict';

const HOST = 'dev.understudy.bridge';
const MAX_BUFFER = 200;
const MAX_AGE_MS = 30000;
const MAX_GZ_BASE64 = 190 * 1024;
const SNAPSHOT_CACHE = 16;
const FROM_PAGE = new Set(['pointer', 'select', 'input', 'change', 'focus', 'blur', 'sensitive_focus', 'submit', 'page']);

const sid = Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
let n = 0;
let port = null;
let live = false;
let posted = 0; // messages posted on the current port: the host counts the same way
let queue = []; // [{msg, at}] not yet posted
let inflight = []; // [{idx, item}] posted, not yet confirmed delivered
let dropped = 0;
let retryTimer = null;
let retryMs = 1000;
const sentHashes = new Set(); // snapshots the current recorder connection has already received
const snapshots = new Map(); // hash -> gzip base64, most recent last
let chain = Promise.resolve(); // keeps messages in the order they happened

function enqueue(msg) {
  msg.v = 1;
  msg.sid = sid;
  msg.n = ++n;
  queue.push({msg, at: Date.now()});
  pump();
}

function trim() {
  const now = Date.now();
  while (queue.length && (queue.length > MAX_BUFFER || now - queue[0].at > MAX_AGE_MS)) {
    queue.shift();
    dropped++;
  }
}

function pump() {
  trim();
  if (!port) {
    connect();
    return;
  }
  if (!live) return;
  while (live && queue.length) post(queue.shift());
  if (live && dropped > 0) {
    // after the queue: sequence numbers must reach the recorder in order (it drops repeats by number)
    const count = dropped;
    dropped = 0;
    post({msg: {v: 1, sid, n: ++n, kind: 'dropped', t: Date.now(), count}, at: Date.now()});
  }
}

function wire(msg) {
  if (!msg.dom || !msg.dom.hash) return msg;
  const dom = {hash: msg.dom.hash, bytes: msg.dom.bytes, truncated: msg.dom.truncated};
  const gz = snapshots.get(msg.dom.hash);
  if (gz && !sentHashes.has(msg.dom.hash)) {
    dom.html_gz = gz;
    sentHashes.add(msg.dom.hash);
  }
  return Object.assign({}, msg, {dom});
}

function post(item) {
  inflight.push({idx: posted++, item});
  try {
    port.postMessage(wire(item.msg));
  } catch (e) {
    disconnected();
  }
}

function requeue(fromIdx) {
  const back = inflight.filter((x) => x.idx >= fromIdx).map((x) => x.item);
  inflight = [];
  queue = back.concat(queue);
  sentHashes.clear();
}

function onHost(m) {
  if (!m || typeof m !== 'object') return;
  if (m.status === 'live') {
    live = true;
    retryMs = 1000;
    sentHashes.clear();
    pump();
    announceActiveTab(); // a recorder that just started does not know which page the browser shows
  } else if (m.status === 'waiting') {
    live = false;
    requeue(typeof m.delivered === 'number' ? m.delivered : 0);
  }
  if (typeof m.delivered === 'number' && m.status !== 'waiting') {
    inflight = inflight.filter((x) => x.idx >= m.delivered);
  }
  if (m.reject) console.warn('Understudy recorder rejected a message:', m.reject, m.detail || '');
}

function disconnected() {
  const err = chrome.runtime.lastError; // read it, or Chrome logs it as unchecked
  if (err && err.message) console.info('Understudy bridge:', err.message);
  port = null;
  live = false;
  posted = 0;
  requeue(0);
  if (!retryTimer) {
    retryTimer = setTimeout(() => {
      retryTimer = null;
      pump();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, 30000);
  }
}

function connect() {
  if (port || retryTimer) return;
  try {
    port = chrome.runtime.connectNative(HOST);
  } catch (e) {
    port = null;
    disconnected();
    return;
  }
  posted = 0;
  live = false;
  port.onMessage.addListener(onHost);
  port.onDisconnect.addListener(disconnected);
}

async function gzipBase64(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  const buf = new Uint8Array(await new Response(stream).arrayBuffer());
  let bin = '';
  for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode.apply(null, buf.subarray(i, i + 0x8000));
  return btoa(bin);
}

async function fromPage(msg, sender) {
  if (msg.dom && typeof msg.dom.html === 'string') {
    const html = msg.dom.html;
    delete msg.dom.html;
    if (!snapshots.has(msg.dom.hash)) {
      try {
        const gz = await gzipBase64(html);
        if (gz.length <= MAX_GZ_BASE64) {
          snapshots.set(msg.dom.hash, gz);
          while (snapshots.size > SNAPSHOT_CACHE) snapshots.delete(snapshots.keys().next().value);
        } else {
          msg.dom.too_big = true;
        }
      } catch (e) {
        // no snapshot for this one
      }
    }
  }
  msg.tab = sender.tab.id;
  msg.frame = sender.frameId;
  msg.url = sender.tab.url || null; // the page (top frame) URL; frame_url is the frame's own
  msg.title = sender.tab.title || null;
  msg.active = !!sender.tab.active;
  if (sender.frameId === 0) delete msg.frame_url;
  enqueue(msg);
}

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  // Only this extension's own content scripts (no externally_connectable: pages cannot send).
  if (!sender || sender.id !== chrome.runtime.id || !sender.tab || !msg || typeof msg !== 'object') return false;
  if (msg.kind === '__hello') {
    chrome.tabs.getZoom(sender.tab.id).then((z) => sendResponse({zoom: z}), () => sendResponse({zoom: 1}));
    return true;
  }
  if (!FROM_PAGE.has(msg.kind) || typeof msg.t !== 'number') return false;
  chain = chain.then(() => fromPage(msg, sender)).catch(() => {});
  return false;
});

async function navigated(d, transition, qualifiers) {
  if (d.frameId !== 0 || (d.documentLifecycle && d.documentLifecycle !== 'active')) return;
  let active = false;
  let title = null;
  try {
    const tab = await chrome.tabs.get(d.tabId);
    active = !!tab.active;
    title = tab.title || null;
  } catch (e) {
    // tab gone
  }
  enqueue({kind: 'navigate', t: d.timeStamp, tab: d.tabId, frame: 0, url: d.url, title,
    transition, qualifiers: qualifiers || [], active});
}

chrome.webNavigation.onCommitted.addListener((d) => {
  chain = chain.then(() => navigated(d, d.transitionType, d.transitionQualifiers)).catch(() => {});
});
chrome.webNavigation.onHistoryStateUpdated.addListener((d) => {
  chain = chain.then(() => navigated(d, 'history', d.transitionQualifiers)).catch(() => {});
});
chrome.webNavigation.onReferenceFragmentUpdated.addListener((d) => {
  chain = chain.then(() => navigated(d, 'fragment', d.transitionQualifiers)).catch(() => {});
});

chrome.tabs.onActivated.addListener((info) => {
  chain = chain.then(async () => {
    let tab = null;
    try {
      tab = await chrome.tabs.get(info.tabId);
    } catch (e) {
      return;
    }
    enqueue({kind: 'tab', t: Date.now(), tab: info.tabId, frame: 0, url: tab.url || null, title: tab.title || null, active: true});
  }).catch(() => {});
});


/** Which page the focused (else the last used) browser window shows. */
function announceActiveTab(windowId) {
  chain = chain.then(async () => {
    const query = windowId !== undefined ? {active: true, windowId} : {active: true, lastFocusedWindow: true};
    const tabs = await chrome.tabs.query(query);
    const tab = tabs[0];
    if (!tab || !tab.url) return;
    enqueue({kind: 'tab', t: Date.now(), tab: tab.id, frame: 0, url: tab.url, title: tab.title || null, active: true});
  }).catch(() => {});
}

// Back in a browser window: which page it shows (the recorder's window context has no URL).
chrome.windows.onFocusChanged.addListener((windowId) => {
  if (windowId !== chrome.windows.WINDOW_ID_NONE) announceActiveTab(windowId);
});

chrome.tabs.onZoomChange.addListener((z) => {
  chrome.tabs.sendMessage(z.tabId, {zoom: z.newZoomFactor}).catch(() => {});
});

connect();
// The page already open when the extension starts (the first page often loads before this worker
// runs), so the recorder knows where the browser is.
announceActiveTab();
