import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { ERRORS } from './errors';

test('every error code is documented in docs/ERRORS.md with its status', () => {
  const doc = fs.readFileSync('docs/ERRORS.md', 'utf8');
  for (const [code, e] of Object.entries(ERRORS)) {
    assert.match(doc, new RegExp(`\\| \`${code}\` \\| ${e.status} \\|`), `${code} (${e.status}) missing from docs/ERRORS.md — run scripts/gen-errors-doc.ts`);
  }
});

test('error statuses are HTTP error statuses and titles are sentences', () => {
  for (const [code, e] of Object.entries(ERRORS)) {
    assert.ok(e.status >= 400 && e.status < 600, code);
    assert.match(e.title, /[.;)]$/, `${code}: title should be a sentence a person can act on`);
  }
});
