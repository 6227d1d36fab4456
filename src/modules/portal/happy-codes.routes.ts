// 幸福码 for staff: list a street's codes, download its printable A4 sheet (SVG), rotate a misused code.
// Admins see every street; a street's (or town's) own staff, and its district's, see theirs.
import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import { fail } from '../../shared/errors';
import type { Services } from '../../services';
import type { AuthUser } from '../users/users.repo';
import { CODE_UNIT_TYPES } from './happy-codes';
import { HappyCodeList, HappyCodeSchema, RotateBody, RotateParams, StreetQuery, Streets } from './portal.schemas';
import { pagesOf, sheetSvg } from './sheet';

const tags = ['happy codes'];
const STAFF = ['admin', 'unit_leader', 'handler'] as const;

/** May this user manage the codes under `path`? Admins anywhere; others from the street/town or the district above it. */
function mayManage(user: AuthUser, path: string): boolean {
  if (user.role === 'admin') return true;
  return ['street', 'town', 'district'].includes(user.unitType) && path.startsWith(user.unitPath);
}

export async function happyCodesRoutes(app: FastifyInstance, s: Services) {
  async function streetOf(user: AuthUser, id: number) {
    const u = await s.org.byId(id);
    if (!u || !['street', 'town'].includes(u.type) || !mayManage(user, u.path)) fail('unit_not_found', `unit ${id} is not a street or town you manage`);
    return u;
  }

  app.get('/api/v1/happy-codes/streets', { schema: { tags, summary: 'Streets and towns whose 幸福码 you manage', response: { 200: Streets, ...problemResponses() } } }, async (req) => {
    const user = requireUser(req, ...STAFF);
    const { rows } = await s.db.query<{ id: number; name: string; path: string; codes: number }>(
      `select s.id, s.name, s.path, (select count(*)::int from happy_codes h join units u on u.id = h.unit_id where h.revoked_at is null and u.path like s.path || '%') as codes
       from units s where s.type in ('street','town') order by s.id`,
    );
    return { items: rows.filter((r) => mayManage(user, r.path)).map(({ path: _p, ...r }) => r) };
  });

  app.get('/api/v1/happy-codes', { schema: { tags, summary: "A street's active 幸福码 (communities and grids)", querystring: StreetQuery, response: { 200: HappyCodeList, ...problemResponses() } } }, async (req) => {
    const user = requireUser(req, ...STAFF);
    const street = await streetOf(user, (req.query as { streetId: number }).streetId);
    await s.portal.codes.ensure(s.clock.now());
    const items = await s.portal.codes.list(street.id);
    return { street: { id: street.id, name: street.name }, pages: pagesOf(items.length), items };
  });

  app.get('/api/v1/happy-codes/sheet.svg', {
    schema: { tags, summary: "Printable A4 sheet (SVG) of a street's 幸福码, one page per 20 codes", querystring: StreetQuery, produces: ['image/svg+xml'], response: { ...problemResponses() } },
  }, async (req, reply) => {
    const user = requireUser(req, ...STAFF);
    const q = req.query as { streetId: number; page?: number };
    const street = await streetOf(user, q.streetId);
    const items = await s.portal.codes.list(street.id);
    const pages = pagesOf(items.length);
    const page = q.page ?? 1;
    if (page > pages) fail('not_found', `the sheet of ${street.name} has ${pages} page(s)`);
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('x-minhu-pages', String(pages))
      // Names are escaped; still, nothing in the sheet may run or load, even when opened on its own.
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${street.name}-幸福码-${page}.svg`)}`)
      .send(sheetSvg(street.name, items, page));
  });

  app.post('/api/v1/happy-codes/:unitId/rotate', {
    schema: { tags, summary: 'Replace a misused 幸福码 with a new one (the old one stops working; audited)', params: RotateParams, body: RotateBody, response: { 200: HappyCodeSchema, ...problemResponses() } },
  }, async (req) => {
    const user = requireUser(req, 'admin', 'unit_leader');
    const unit = await s.org.byId((req.params as { unitId: number }).unitId);
    if (!unit || !(CODE_UNIT_TYPES as readonly string[]).includes(unit.type) || !mayManage(user, unit.path)) fail('unit_not_found', 'no community or grid with this id under your unit');
    return s.portal.codes.rotate(user, unit.id, (req.body as { reason: string }).reason, s.clock.now());
  });
}
