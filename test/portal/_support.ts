// Helpers for the portal tests (not a test file itself): a resident's requests, the one-time code read from
// the outbox as the SMS gateway would receive it, and a photo.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { CONSOLE, type TestApp } from '../helpers/app';

/** A 1×1 PNG. */
export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
export const photo = (b: Buffer = PNG, name = 'p.png') => ({ name, data: b.toString('base64') });

let ipSeq = 1;
/** A fresh client address, so one test's limits do not spill into the next. */
export const freshIp = () => `203.0.113.${ipSeq++ % 250}`;

export function resident(t: TestApp, ip = freshIp()) {
  return (method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
    t.app.inject({ method: method as 'GET', url, payload: body as object, remoteAddress: ip, headers: { ...CONSOLE, ...headers } });
}

/** The code of the last one-time-code SMS to `phone` (what the gateway gets). */
export async function lastCode(t: TestApp, phone: string): Promise<string> {
  const { rows } = await t.s.db.query<{ code: string; body: string }>(`select payload->>'code' as code, body from outbox where template = 'otp' and recipient = $1 order by id desc limit 1`, [phone]);
  assert.ok(rows[0], `no one-time code was sent to ${phone}`);
  assert.ok(rows[0].body.includes(rows[0].code), 'the SMS text carries the code');
  return rows[0].code;
}

/** Asks for a code (moving the clock past the once-a-minute limit) and returns it. */
export async function codeFor(t: TestApp, r: ReturnType<typeof resident>, phone: string, purpose: 'submit' | 'evaluate' | 'need' | 'volunteer' | 'vote' = 'submit'): Promise<string> {
  t.clock.advance(61_000);
  const res = await r('POST', '/api/v1/portal/otp', { phone, purpose });
  assert.equal(res.statusCode, 202, res.body);
  return lastCode(t, phone);
}

export async function kindKey(t: TestApp, key = 'facility'): Promise<string> {
  const k = JSON.parse((await t.app.inject({ url: '/api/v1/portal/kinds' })).body).items.find((x: { key: string }) => x.key === key);
  assert.ok(k, `kind ${key} offered`);
  return k.key;
}
