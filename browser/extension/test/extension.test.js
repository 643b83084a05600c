// What a user of the extension would check: act on a page, then look at what the recorder gets.
// See harness.js for how the real content.js and background.js run here.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const {FakeBrowser, schemaValidator, errorsText, errorAt, snapshotsIn, allPosted, HOST, BOX, VIEWPORT_ON_SCREEN} = require('./harness');

const TIMEOUT = {timeout: 20000};
const {validate} = schemaValidator();

function assertValid(msg) {
  assert.ok(validate(msg), `${msg.kind} message does not match the schema:\n${errorsText(validate.errors)}\n${JSON.stringify(msg).slice(0, 600)}`);
}

const COMPOSE = `<!doctype html><html><head><title>Compose - Acme Mail</title></head><body>
  <main>
    <h1>New message</h1>
    <form id="compose">
      <div class="recipients" aria-label="To recipients">
        <span class="chip" email="ana.souza@example.com.br" data-hovercard-id="ana.souza@example.com.br">Ana Souza</span>
      </div>
      <label for="subject">Subject</label> <input id="subject" name="subject">
      <p data-private>Account DE89 3704 0044 0532 0130 00</p>
      <button type="button" id="send" class="btn primary" aria-label="Send message"><span class="icon">&#x27A4;</span></button>
    </form>
  </main>
</body></html>`;

const SIGN_IN = `<!doctype html><html><head><title>Sign in - Acme Desk</title></head><body>
  <form id="signin">
    <label for="user">Email</label> <input id="user" type="email" name="username" autocomplete="username">
    <label for="pw">Password</label> <input id="pw" type="password" name="password" autocomplete="current-password">
    <button type="button" id="go">Sign in</button>
  </form>
</body></html>`;

const TICKET = `<!doctype html><html><head><title>New ticket - Acme Desk</title></head><body>
  <form id="ticket">
    <label for="prio">Priority</label>
    <select id="prio" name="priority">
      <option value="low">Low</option>
      <option value="normal" selected>Normal</option>
      <option value="high">High</option>
    </select>
  </form>
</body></html>`;

test('a click on a labelled button: the recorder gets a pointer message naming the button', TIMEOUT, async () => {
  const browser = new FakeBrowser();
  try {
    const page = await browser.open('https://mail.example.com/compose', COMPOSE, {title: 'Compose - Acme Mail'});
    const at = page.click(page.$('#send .icon')); // on the icon inside the button

    const msg = await browser.waitForMessage('a pointer message', (m) => m.kind === 'pointer');
    assertValid(msg);
    assert.deepEqual(browser.hostNames, [HOST]);
    assert.equal(msg.target.tag, 'button');
    assert.equal(msg.target.role, 'button');
    assert.equal(msg.target.name, 'Send message');
    assert.equal(msg.target.selector, '#send');
    assert.deepEqual(msg.pointer.screen, [at.screenX, at.screenY]);
    assert.equal(msg.pointer.button, 0);
    assert.equal(msg.url, 'https://mail.example.com/compose');
    assert.equal(msg.title, 'Compose - Acme Mail');
    assert.equal(msg.tab, browser.tab.id);
    assert.equal(msg.frame, 0);
    // the origin calibrated from the mouse event puts the button's box where it is on the screen
    assert.equal(msg.view.cal, true);
    assert.deepEqual(msg.target.bbox, [VIEWPORT_ON_SCREEN.x + BOX.left, VIEWPORT_ON_SCREEN.y + BOX.top, BOX.width, BOX.height]);
    // the page snapshot that comes with it, gzipped, numbers the button as target.node
    const [html] = snapshotsIn([msg]);
    assert.ok(html, 'a snapshot with the first pointer message');
    assert.match(html, new RegExp(`<button backend_node_id="${msg.target.node}" id="send"[^>]* aria-label="Send message"`));
  } finally {
    browser.close();
  }
});

test('typing a password: sensitive_focus, and the password is in no message', TIMEOUT, async () => {
  const PASSWORD = 'Tr0ub4dor&3xq!';
  const browser = new FakeBrowser();
  try {
    const page = await browser.open('https://desk.example.com/login', SIGN_IN, {title: 'Sign in - Acme Desk'});
    page.click(page.$('#user'));
    page.type('ana@example.com'); // an ordinary field: its first input is reported (never its text)
    page.click(page.$('#pw'));
    page.type(PASSWORD);
    page.tabTo(page.$('#go'));

    const on = await browser.waitForMessage('sensitive_focus true', (m) => m.kind === 'sensitive_focus' && m.sensitive === true);
    const off = await browser.waitForMessage('sensitive_focus false', (m) => m.kind === 'sensitive_focus' && m.sensitive === false);
    assertValid(on);
    assertValid(off);
    assert.ok(on.n < off.n);
    await browser.waitForMessage('focus on the button after the password', (m) => m.kind === 'focus' && m.target.name === 'Sign in');
    await browser.settle(); // page scans after the typing
    const msgs = browser.messages();
    // a sensitive_focus says nothing else about the field
    assert.deepEqual(Object.keys(on).filter((k) => !['v', 'sid', 'n', 'kind', 't', 'tab', 'frame', 'url', 'title', 'active'].includes(k)), ['sensitive']);
    const inputs = msgs.filter((m) => m.kind === 'input');
    assert.deepEqual(inputs.map((m) => m.target.name), ['Email'], 'an input message for the email field, none for the password');
    // the password field's pointer message says it is sensitive and carries no value
    const pwClick = msgs.find((m) => m.kind === 'pointer' && m.target.selector === '#pw');
    assert.equal(pwClick.target.sensitive, true);
    assert.equal(pwClick.target.attrs.value, undefined);

    // Everything that left the page or reached the native host, snapshots decompressed: no password,
    // not even 5 characters of it in a row.
    const everything = browser.fromPages.concat(browser.posted, snapshotsIn(msgs));
    assert.ok(everything.length > 10, `${everything.length} messages`);
    for (let i = 0; i + 5 <= PASSWORD.length; i++) {
      const piece = PASSWORD.slice(i, i + 5);
      for (const s of everything) assert.ok(!s.includes(piece), `"${piece}" of the password in: ${s.slice(0, 300)}`);
      // also as JSON would escape it (& is not escaped by JSON.stringify, but be sure)
      const escaped = JSON.stringify(piece).slice(1, -1);
      for (const s of everything) assert.ok(!s.includes(escaped));
    }
  } finally {
    browser.close();
  }
});

test('choosing an option of a native select: a select message with its text and value', TIMEOUT, async () => {
  const browser = new FakeBrowser();
  try {
    const page = await browser.open('https://desk.example.com/tickets/new', TICKET, {title: 'New ticket - Acme Desk'});
    page.choose(page.$('#prio'), 'High');

    const msg = await browser.waitForMessage('a select message', (m) => m.kind === 'select');
    assertValid(msg);
    assert.deepEqual(msg.option, {text: 'High', value: 'high', index: 2});
    assert.equal(msg.via, 'native');
    assert.equal(msg.field.tag, 'select');
    assert.equal(msg.field.role, 'combobox');
    assert.equal(msg.field.name, 'Priority');
    await browser.settle();
    assert.equal(browser.messages().filter((m) => m.kind === 'select').length, 1, 'one choice, one select message');
  } finally {
    browser.close();
  }
});

test('a page with a recipient chip: a page scan names the recipient', TIMEOUT, async () => {
  const browser = new FakeBrowser();
  try {
    await browser.open('https://mail.example.com/compose', COMPOSE, {title: 'Compose - Acme Mail'});

    const scan = await browser.waitForMessage('a page scan', (m) => m.kind === 'page');
    assertValid(scan);
    assert.ok(scan.people.some((p) => p.includes('ana.souza@example.com.br') && p.includes('Ana Souza')), JSON.stringify(scan.people));
    const chip = scan.text_boxes.find((b) => b.text === 'Ana Souza');
    assert.ok(chip, JSON.stringify(scan.text_boxes));
    assert.equal(chip.w > 0 && chip.h > 0, true);
    const priv = scan.text_boxes.find((b) => b.text.startsWith('Account'));
    assert.equal(priv.sensitive, true, 'text under [data-private] is marked sensitive');
  } finally {
    browser.close();
  }
});

test("a page's own synthetic events are not reported; the user's are", TIMEOUT, async () => {
  const browser = new FakeBrowser();
  try {
    const page = await browser.open('https://mail.example.com/compose', COMPOSE, {title: 'Compose - Acme Mail'});
    const send = page.$('#send');
    // what a page script can do: dispatchEvent and click() make untrusted events
    send.dispatchEvent(new page.window.MouseEvent('mousedown', {bubbles: true, clientX: 5, clientY: 5, screenX: 9, screenY: 9}));
    send.click();
    await browser.settle();
    assert.equal(browser.messages().filter((m) => m.kind === 'pointer').length, 0, 'a forged click was reported');
    page.click(send);
    const msg = await browser.waitForMessage('the real click', (m) => m.kind === 'pointer');
    assert.equal(msg.target.name, 'Send message');
  } finally {
    browser.close();
  }
});

test('every message sent in these tests matches the schema; broken ones do not', TIMEOUT, async (t) => {
  // (node:test runs a file's tests one after another, in order: this one comes last.)
  const msgs = allPosted.map((s) => JSON.parse(s));
  const kinds = {};
  for (const m of msgs) {
    assertValid(m);
    kinds[m.kind] = (kinds[m.kind] || 0) + 1;
  }
  t.diagnostic(`${msgs.length} messages validated: ${JSON.stringify(kinds)}`);
  for (const k of ['pointer', 'select', 'input', 'focus', 'sensitive_focus', 'page', 'navigate', 'tab']) {
    assert.ok(kinds[k] > 0, `no ${k} message was sent`);
  }

  const pointer = msgs.find((m) => m.kind === 'pointer');
  const broken = (f) => {
    const m = JSON.parse(JSON.stringify(pointer));
    f(m);
    return m;
  };
  const cases = [
    ['an unknown kind', '/kind', broken((m) => { m.kind = 'teleport'; })],
    ['a name over 512 characters', '/target/name', broken((m) => { m.target.name = 'x'.repeat(513); })],
    ['a pointer without its target', '/target', broken((m) => { delete m.target; })],
    ['a sequence number that is not an integer', '/n', broken((m) => { m.n = 1.5; })],
    ['a time in seconds', '/t', broken((m) => { m.t = Math.floor(m.t / 1000); })],
    ['a snapshot that is not gzip', '/dom/html_gz', broken((m) => { m.dom.html_gz = Buffer.from('<html></html>').toString('base64'); })],
  ];
  for (const [what, at, m] of cases) {
    assert.equal(validate(m), false, `${what} passes the schema`);
    assert.ok(errorAt(validate.errors, at), `${what}: no error at ${at}:\n${errorsText(validate.errors)}`);
  }
});
