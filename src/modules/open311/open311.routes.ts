// GeoReport v2 at /open311/v2 — a public edge with its own authentication (api_key), rate limit, error list
// and formats (…json | …xml). It files and reads orders through the same services as the console.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { AppError } from '../../shared/errors';
import { parseInstant } from '../../shared/instant';
import type { Services } from '../../services';
import { keysRepo } from './keys';
import { Open311Error, send, sendErrors, splitFormat, type Format } from './render';
import { fileRequest, queryRequests, requestByToken } from './requests';
import { leafIdOf, listServices } from './services';
import { parsePost, type Params } from './validate';

export const OPEN311_PREFIX = '/open311/v2';
/** Changes when this endpoint's behaviour changes (discovery's changeset). */
const CHANGESET = '2026-12-01T00:00:00+08:00';
const ITEMS = { services: 'service', attributes: 'attribute', values: 'value', service_requests: 'request', endpoints: 'endpoint', formats: 'format' };

const formatOf = (url: string): Format => (/\.xml(\?|$)/.test(url.split('?')[0] + '?') ? 'xml' : 'json');
const fmt = (file: string, expected: string): Format => {
  const f = splitFormat(file);
  if (!f || f.name !== expected) throw new Open311Error(404, `no such resource: ${file}`);
  return f.format;
};
const str = (v: unknown): string | null => (Array.isArray(v) ? str(v[0]) : typeof v === 'string' && v !== '' ? v : null);

export async function open311Routes(app: FastifyInstance, s: Services) {
  const keys = keysRepo(s.db);
  await app.register(async (o) => {
    await o.register(formbody, { bodyLimit: 64 * 1024 });
    o.setErrorHandler((err: Error, req, reply) => {
      const f = formatOf(req.url);
      if (err instanceof Open311Error) return sendErrors(reply, f, err.status, err.description);
      if (err instanceof AppError) return sendErrors(reply, f, err.status === 403 ? 403 : err.status === 404 ? 404 : err.status === 429 ? 429 : err.status >= 500 ? 500 : 400, err.message);
      const status = (err as { statusCode?: number }).statusCode;
      if (status && status >= 400 && status < 500) return sendErrors(reply, f, 400, err.message);
      const pg = (err as { code?: string }).code;
      if (typeof pg === 'string' && (/^22/.test(pg) || pg === '23514' || pg === '54000')) return sendErrors(reply, f, 400, 'a value is out of range or malformed');
      req.log.error({ err }, 'open311 error');
      return sendErrors(reply, f, 500, 'internal error; it was logged');
    });
    o.setNotFoundHandler((req, reply) => sendErrors(reply, formatOf(req.url), 404, 'no such resource; see discovery.json'));

    const params = (req: FastifyRequest): Params => ({ ...(req.query as Params), ...((req.body && typeof req.body === 'object' ? req.body : {}) as Params) });
    /** The key's identity when an api_key is given (required for POST); counts the request against its limit. */
    async function client(p: Params, required: boolean) {
      const key = str(p.api_key);
      if (!key) {
        if (required) throw new Open311Error(403, 'api_key is required to create a service request');
        return null;
      }
      const c = await keys.authenticate(key, s.clock.now());
      if (!c) throw new Open311Error(403, 'invalid or revoked api_key');
      if (!(await keys.allow(c.keyId, s.clock.now(), s.config.open311RateLimit))) throw new Open311Error(429, `rate limit: at most ${s.config.open311RateLimit} requests a minute for this api_key`);
      return c;
    }
    const jurisdiction = (p: Params) => void str(p.jurisdiction_id); // a single-jurisdiction server: any value (or none) is this city

    o.get('/:file', { schema: { hide: true } }, async (req, reply: FastifyReply) => {
      const { file } = req.params as { file: string };
      const p = params(req);
      jurisdiction(p);
      const f = splitFormat(file);
      if (f?.name === 'discovery') {
        return send(reply, f.format, 200, 'discovery', {
          changeset: CHANGESET, contact: '12345 政务服务便民热线', key_service: 'api_key 由热线管理员签发（管理 → Open311）/ API keys are issued by the hotline administrator.',
          endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${s.config.publicUrl}${OPEN311_PREFIX}`, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] }],
        }, ITEMS);
      }
      if (f?.name === 'services') {
        await client(p, false);
        const list = await listServices(s.catalog.repo);
        return send(reply, f.format, 200, 'services', list.map((x) => ({ service_code: x.service_code, service_name: x.service_name, description: x.description, metadata: x.metadata, type: x.type, keywords: x.keywords, group: x.group })), ITEMS);
      }
      const format = fmt(file, 'requests');
      await client(p, false);
      const list = (v: unknown) => (str(v) ? str(v)!.split(',').map((x) => x.trim()).filter(Boolean).slice(0, 1000) : null);
      const status = str(p.status);
      if (status !== null && status !== 'open' && status !== 'closed') throw new Open311Error(400, 'status must be open or closed');
      const date = (name: string) => {
        const v = str(p[name]);
        try {
          return v ? parseInstant(v, name, s.config.timezone) : null;
        } catch {
          throw new Open311Error(400, `${name} must be an ISO 8601 date-time such as 2026-03-02T09:00:00+08:00`);
        }
      };
      const items = await queryRequests(s, { ids: list(p.service_request_id), codes: list(p.service_code), status: status as 'open' | 'closed' | null, start: date('start_date'), end: date('end_date') });
      return send(reply, format, 200, 'service_requests', items, ITEMS);
    });

    o.get('/:kind/:file', { schema: { hide: true } }, async (req, reply) => {
      const { kind, file } = req.params as { kind: string; file: string };
      const p = params(req);
      jurisdiction(p);
      const f = splitFormat(file);
      if (!f || !['services', 'requests', 'tokens'].includes(kind)) throw new Open311Error(404, `no such resource: ${kind}/${file}`);
      await client(p, false);
      if (kind === 'services') {
        const leafId = leafIdOf(f.name);
        const svc = leafId === null ? undefined : (await listServices(s.catalog.repo)).find((x) => x.leaf.id === leafId);
        if (!svc) throw new Open311Error(404, `service_code ${f.name} not found`);
        return send(reply, f.format, 200, 'service_definition', {
          service_code: svc.service_code,
          attributes: svc.attributes.map((a) => ({ variable: a.variable, code: a.code, datatype: a.datatype, required: a.required, datatype_description: a.datatype_description, order: a.order, description: a.description, ...(a.values ? { values: a.values } : {}) })),
        }, ITEMS);
      }
      if (kind === 'tokens') {
        const t = /^[A-Za-z0-9_-]{1,64}$/.test(f.name) ? await requestByToken(s.db, f.name) : null;
        if (!t) throw new Open311Error(404, `token ${f.name} not found`);
        return send(reply, f.format, 200, 'service_requests', [t], ITEMS);
      }
      const items = await queryRequests(s, { ids: [f.name], codes: null, status: null, start: null, end: null });
      if (!items.length) throw new Open311Error(404, `service_request_id ${f.name} not found`);
      return send(reply, f.format, 200, 'service_requests', items, ITEMS);
    });

    o.post('/:file', { schema: { hide: true } }, async (req, reply) => {
      const format = fmt((req.params as { file: string }).file, 'requests');
      const p = params(req);
      jurisdiction(p);
      const c = (await client(p, true))!;
      const code = str(p.service_code);
      if (!code) throw new Open311Error(400, 'service_code is required');
      const leafId = leafIdOf(code);
      const svc = leafId === null ? undefined : (await listServices(s.catalog.repo)).find((x) => x.leaf.id === leafId);
      if (!svc) throw new Open311Error(404, `service_code ${code} not found`);
      const input = parsePost(p, svc, s.config.timezone);
      const out = await fileRequest(s, { ...input, service: svc, keyId: c.keyId, user: c.user });
      return send(reply, format, 201, 'service_requests', [out], ITEMS);
    });
  }, { prefix: OPEN311_PREFIX });
}
