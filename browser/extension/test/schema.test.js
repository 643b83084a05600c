// The message schema itself, and its examples: browser/schema/examples/valid/*.json must pass and
// invalid/*.json must fail, at the field invalid-at.json names. The recorder's validator gets the
// same examples in capture's BrowserMessagesSchemaTest, so the two cannot drift apart silently.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const Ajv2020 = require('ajv/dist/2020');
const {schemaValidator, errorsText, errorAt, SCHEMA_DIR, EXTENSION} = require('./harness');

const TIMEOUT = {timeout: 20000};
const EXAMPLES = path.join(SCHEMA_DIR, 'examples');
const {schema, validate, hello} = schemaValidator();

const read = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const examples = (dir) => fs.readdirSync(path.join(EXAMPLES, dir)).filter((f) => f.endsWith('.json')).sort();

test('the schema compiles in ajv strict mode (draft 2020-12) and documents every field', TIMEOUT, () => {
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(typeof validate, 'function');
  // every property has a description (directly or through the $defs it refers to)
  const missing = [];
  const walk = (node, where) => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node.properties || {})) {
      if (!v.description && !(v.$ref && schema.$defs[v.$ref.split('/').pop()].description)) missing.push(`${where}/${k}`);
      walk(v, `${where}/${k}`);
    }
    for (const [k, v] of Object.entries(node.$defs || {})) walk(v, `${where}/$defs/${k}`);
    (node.allOf || []).forEach((b, i) => walk(b.then, `${where}/allOf/${i}`));
  };
  walk(schema, '');
  assert.deepEqual(missing, []);
});

test('the schema knows the kinds the extension sends', TIMEOUT, () => {
  const src = fs.readFileSync(path.join(EXTENSION, 'background.js'), 'utf8');
  const fromPage = JSON.parse(src.match(/const FROM_PAGE = new Set\((\[[^\]]*\])\)/)[1].replace(/'/g, '"'));
  const fromWorker = [...src.matchAll(/kind: '([a-z_]+)'/g)].map((m) => m[1]);
  const sent = new Set(fromPage.concat(fromWorker));
  assert.deepEqual([...sent].sort(), [...schema.properties.kind.enum].sort());
});

test('valid examples pass', TIMEOUT, (t) => {
  const files = examples('valid');
  const kinds = new Set();
  const failures = [];
  for (const f of files) {
    const m = read(path.join(EXAMPLES, 'valid', f));
    kinds.add(m.kind);
    if (!validate(m)) failures.push(`${f}:\n${errorsText(validate.errors)}`);
  }
  assert.deepEqual(failures, []);
  assert.deepEqual([...kinds].sort(), [...schema.properties.kind.enum].sort(), 'an example of every kind');
  t.diagnostic(`${files.length} valid examples pass`);
});

test('invalid examples fail, at the field invalid-at.json names', TIMEOUT, (t) => {
  const at = read(path.join(EXAMPLES, 'invalid-at.json'));
  const files = examples('invalid');
  assert.deepEqual(Object.keys(at).sort(), files, 'invalid-at.json names each invalid example');
  const failures = [];
  for (const f of files) {
    const m = read(path.join(EXAMPLES, 'invalid', f));
    if (validate(m)) failures.push(`${f} passes the schema`);
    else if (!errorAt(validate.errors, at[f])) failures.push(`${f}: no error at ${at[f]}:\n${errorsText(validate.errors)}`);
  }
  assert.deepEqual(failures, []);
  t.diagnostic(`${files.length} invalid examples fail where expected`);
});

test("the native host's hello matches $defs/hello; a foreign origin does not", TIMEOUT, () => {
  const h = read(path.join(EXAMPLES, 'hello.json'));
  assert.ok(hello(h), errorsText(hello.errors));
  assert.equal(validate(h), false, 'a hello is not an extension message');
  assert.equal(hello(Object.assign({}, h, {origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/'})), false);
  assert.equal(hello(Object.assign({}, h, {key: 'not-the-key'})), false);
});

test('lengths count UTF-16 code units, as the recorder does (a standard validator counts code points)', TIMEOUT, () => {
  const astral = read(path.join(EXAMPLES, 'invalid', 'target-name-514-utf16-units-astral.json'));
  assert.equal(astral.target.name.length, 514);
  assert.equal(validate(astral), false);
  const standard = new Ajv2020({strict: true, allErrors: true}).compile(schema);
  assert.equal(standard(astral), true, 'the $comment on lengths is still true');
});
