// The public portal's API under /api/v1/portal (no account: one-time codes and number + phone), and the
// short links it is reached by: /q/<code> (幸福码), /track and /evaluate (the SMS links). State-changing
// routes keep the forged-request check (the portal page sends X-Minhu-Request like the console), so another
// site cannot use visitors' browsers to spend their networks' limits or send codes.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problemResponses, sendProblem } from '../../http/problem';
import type { Services } from '../../services';
import { asAreaGeometry, polygonsOf } from '../geo/types';
import type { EvaluateInput, SubmitInput } from './portal.service';
import type { OtpPurpose } from './otp';
import {
  CodeParams, Disclosure, DisclosureQuery, Evaluated, EvaluateBody, Kinds, MapAreas, OtpBody, OtpSent, Place, PublicOrder, Submitted, SubmitBody, TrackBody,
} from './portal.schemas';

const tags = ['portal'];
const security: never[] = [];

/** Field names as the portal page calls them, for validation messages in Chinese. */
const FIELDS: Record<string, string> = {
  kind: '问题类型', description: '问题描述（5–2000 字）', address: '地址（最多 300 字）', location: '位置', name: '称呼（最多 50 字）', phone: '手机号', code: '验证码',
  happyCode: '幸福码', photos: '照片（最多 3 张，每张不超过 4 MB）', website: '表单', number: '工单号', purpose: '用途', contacted: '是否联系', resolution: '解决情况',
  satisfaction: '满意程度', note: '补充意见（最多 1000 字）', month: '月份（如 2026-03）',
};

/** The portal's validation errors in Chinese (the rest goes on to the app's problem handler). */
function chineseValidation(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  if (!err.validation) throw err;
  const errors = err.validation.map((v) => ({ path: `/${err.validationContext ?? 'body'}${v.instancePath}`, message: v.message ?? 'invalid' }));
  const first = err.validation[0];
  const field = (first?.instancePath.split('/')[1] || (first?.params as { missingProperty?: string } | undefined)?.missingProperty) ?? '';
  return sendProblem(reply, 'validation_failed', FIELDS[field] ? `请检查“${FIELDS[field]}”。` : '提交的内容不完整或格式不对，请检查后重试。', { errors });
}

export async function portalRoutes(root: FastifyInstance, s: Services) {
  root.addHook('onReady', async () => {
    await s.portal.ensure();
  });
  await root.register(async (app) => {
    app.setErrorHandler(chineseValidation);
    await routes(app, s);
  });
}

async function routes(app: FastifyInstance, s: Services) {

  app.get('/api/v1/portal/kinds', { schema: { tags, security, summary: 'Problem kinds offered to residents (each a catalog leaf)', response: { 200: Kinds, ...problemResponses() } } },
    async () => ({ items: await s.portal.kinds() }));

  app.get('/api/v1/portal/places/:code', { schema: { tags, security, summary: 'The place a 幸福码 stands for (404 once rotated)', params: CodeParams, response: { 200: Place, ...problemResponses() } } },
    async (req) => s.portal.codes.resolve((req.params as { code: string }).code));

  app.get('/api/v1/portal/map', { schema: { tags, security, summary: 'Street and community areas for the map pin', response: { 200: MapAreas, ...problemResponses() } } }, async () => {
    const units = (await s.org.all()).filter((u) => (u.type === 'street' || u.type === 'town' || u.type === 'community') && u.geojson);
    return { areas: units.flatMap((u) => { const g = asAreaGeometry(u.geojson); return g ? [{ name: u.name, type: u.type, rings: polygonsOf(g).map((p) => p[0]) }] : []; }) };
  });

  app.post('/api/v1/portal/otp', { schema: { tags, security, summary: 'Send a one-time code by SMS (through the outbox)', body: OtpBody, response: { 202: OtpSent, ...problemResponses() } } }, async (req, reply) => {
    const b = req.body as { phone: string; purpose: OtpPurpose };
    reply.code(202);
    return s.portal.otp.issue(b.phone, b.purpose, req.ip);
  });

  app.post('/api/v1/portal/orders', {
    bodyLimit: 4 * 6 * 1024 * 1024,
    schema: { tags, security, summary: 'File an order (channel web, or qr with a 幸福码); needs the one-time code', body: SubmitBody, response: { 201: Submitted, ...problemResponses(413, 415) } },
  }, async (req, reply) => {
    const out = await s.portal.submit(req.body as SubmitInput, req.ip);
    reply.code(201);
    return out;
  });

  app.post('/api/v1/portal/track', { schema: { tags, security, summary: 'An order as its requester sees it (number + the phone it was filed with)', body: TrackBody, response: { 200: PublicOrder, ...problemResponses() } } },
    async (req) => {
      const b = req.body as { number: string; phone: string };
      return s.portal.track(b.number.trim(), b.phone, req.ip);
    });

  app.post('/api/v1/portal/evaluate', { schema: { tags, security, summary: "The requester's evaluation (the callback when they answer first); needs the one-time code", body: EvaluateBody, response: { 200: Evaluated, ...problemResponses() } } },
    async (req) => {
      const b = req.body as EvaluateInput;
      return s.portal.evaluate({ ...b, number: b.number.trim() }, req.ip);
    });

  app.get('/api/v1/portal/disclosure', { schema: { tags, security, summary: '信息公开: monthly volumes, top categories, published street rates', querystring: DisclosureQuery, response: { 200: Disclosure, ...problemResponses() } } },
    async (req) => s.portal.disclosure((req.query as { month?: string }).month));

  // Short links: the QR code's URL and the SMS links land in the portal page.
  const to = (hash: string) => `/portal/${hash}`;
  app.get('/q/:code', { schema: { hide: true } }, async (req, reply) => {
    const code = String((req.params as { code: string }).code).toUpperCase().slice(0, 20);
    return reply.redirect(/^[0-9A-Z]{1,20}$/.test(code) ? `/portal/?c=${code}#/report` : to('#/report'), 302);
  });
  for (const page of ['track', 'evaluate'] as const) {
    app.get(`/${page}`, { schema: { hide: true } }, async (req, reply) => {
      const n = String((req.query as { number?: unknown }).number ?? '').replace(/\D/g, '').slice(0, 14);
      return reply.redirect(to(`#/${page}${n ? `?number=${n}` : ''}`), 302);
    });
  }
}
