// Regenerates docs/ERRORS.md from the error registry (a test fails when the two disagree).
import fs from 'node:fs';
import { ERRORS } from '../src/shared/errors';

const lines = [
  '# Error codes',
  '',
  'Every error is `application/problem+json`: `{ type, title, status, code, detail, errors? }`. `code` is stable;',
  '`detail` says what exactly was wrong in this request. Generated from `src/shared/errors.ts` by `node --import tsx scripts/gen-errors-doc.ts`.',
  '',
  '| code | HTTP | meaning |',
  '|---|---|---|',
  ...Object.entries(ERRORS).map(([code, e]) => `| \`${code}\` | ${e.status} | ${e.title.replace(/\|/g, '\\|')} |`),
  '',
];
fs.writeFileSync('docs/ERRORS.md', lines.join('\n'));
