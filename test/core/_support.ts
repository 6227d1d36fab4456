// Shared helpers for the core tests: a "world" over one test app that signs users in once, knows the
// demo units, creates orders and drives them through the lifecycle with the real HTTP API.
// Not a test file itself (no .test.ts suffix).
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, DEMO_PASSWORD, type Client, type TestApp } from '../helpers/app';
import type { Action, State } from '../../src/modules/orders/lifecycle';
import type { Role } from '../../src/modules/users/roles';

/** 东街街道: the main handling street in most tests. */
export const STREET = '350102004';
/** 军门社区, a community of STREET (sub-dispatch target; the grid worker's unit). */
export const COMMUNITY = '350102004001';
export const OTHER_STREET = '350102005';
export const THIRD_STREET = '350102006';
/** 鼓楼区城市管理局 and 鼓楼区市场监督管理局: departments the street summons by blowing the whistle (吹哨). */
export const DEPT = 'D350102-CG';
export const OTHER_DEPT = 'D350102-SCJG';
/** 鼓楼区: the district a street's coordination request (分级协调) goes to; its users are made by World.reachEscalated(). */
export const DISTRICT = '350102';
export const DISTRICT_USER = { handler: `handler.${DISTRICT}`, unit_leader: `unitleader.${DISTRICT}` } as const;
/** The summoned department's users, by role (handler from the demo seed, unit_leader made by World.init()). */
export const DEPT_USER = { handler: `handler.${DEPT}`, unit_leader: `unitleader.${DEPT}` } as const;

/** One demo (or test-made) user per role. unit_leader and grid_worker are created by World.init(). */
export const USER_OF_ROLE: Record<Role, string> = {
  admin: 'admin',
  operator: 'operator',
  dispatcher: 'dispatcher',
  callback_agent: 'callback',
  supervisor: 'supervisor',
  leader: 'leader',
  handler: `handler.${STREET}`,
  unit_leader: `unitleader.${STREET}`,
  grid_worker: `grid.${COMMUNITY}`,
};

// Order JSON as the API returns it; tests read fields loosely.
export type Order = { id: number; version: number; status: string } & Record<string, any>;

export function expectProblem(res: LightMyRequestResponse, status: number, code: string): Record<string, any> {
  assert.equal(res.statusCode, status, `expected ${status} ${code}, got ${res.statusCode}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /application\/problem\+json/);
  const body = res.json();
  assert.equal(body.code, code, res.body);
  return body;
}

export function expectOk(res: LightMyRequestResponse, status = 200): Order {
  assert.equal(res.statusCode, status, res.body);
  return res.json();
}

/** Local wall-clock time in China (+08:00) as an instant. */
export const cst = (local: string) => new Date(`${local}+08:00`);

export interface Units {
  id(code: string): number;
  path(code: string): string;
  all: { id: number; code: string; path: string; type: string; parentId: number | null }[];
}

let petitionSeq = 0;

export class World {
  readonly t: TestApp;
  units!: Units;
  /** A jurisdiction (属地) leaf category of tier 3 that test orders are registered with. */
  leafId!: number;
  private clients = new Map<string, { c: Client; at: number }>();

  private constructor(t: TestApp) {
    this.t = t;
  }

  static async open(opts: Parameters<typeof createTestApp>[0] = {}): Promise<World> {
    const w = new World(await createTestApp(opts));
    await w.init();
    return w;
  }

  async close() {
    await this.t.close();
  }

  private async init() {
    const admin = await this.as('admin');
    const all = expectOk(await admin('GET', '/api/v1/units')).items as Units['all'];
    const byCode = new Map(all.map((u) => [u.code, u]));
    const get = (code: string) => {
      const u = byCode.get(code);
      if (!u) throw new Error(`no demo unit ${code}`);
      return u;
    };
    this.units = { all, id: (c) => get(c).id, path: (c) => get(c).path };
    // A dispatch names a leaf category (dispatch_category_required): test orders are registered with one,
    // 环境卫生 (属地 jurisdiction, tier 3 = the default tier, so deadlines are unchanged).
    const { rows } = await this.t.s.db.query<{ id: number }>(`select id from catalog_categories where level = 3 and name = '环境卫生' limit 1`);
    this.leafId = rows[0].id;
    await this.createUser(USER_OF_ROLE.unit_leader, 'unit_leader', STREET);
    await this.createUser(USER_OF_ROLE.grid_worker, 'grid_worker', COMMUNITY);
    await this.createUser(DEPT_USER.unit_leader, 'unit_leader', DEPT);
  }

  /** Creates a user through the admin API (same password as the demo users). */
  async createUser(username: string, role: Role, unitCode: string) {
    const admin = await this.as('admin');
    expectOk(await admin('POST', '/api/v1/users', { username, displayName: username, password: DEMO_PASSWORD, role, unitId: this.units.id(unitCode) }), 201);
  }

  /** A signed-in client; signs in again when the test clock has moved past the 7-day session. */
  async as(username: string): Promise<Client> {
    const now = this.t.clock.now().getTime();
    const hit = this.clients.get(username);
    if (hit && now >= hit.at && now - hit.at < 6 * 86_400_000) return hit.c;
    const c = await this.t.as(username);
    this.clients.set(username, { c, at: now });
    return c;
  }

  async create(input: Record<string, unknown> = {}, by = 'operator'): Promise<Order> {
    const c = await this.as(by);
    const body = {
      channel: 'phone', type: 'complaint', title: '测试工单：路面破损', description: '人行道地砖破损，老人容易绊倒。', address: '鼓楼区东街',
      requester: { name: '张先生', phone: '13912345678' }, categoryId: this.leafId, ...input,
    };
    return expectOk(await c('POST', '/api/v1/orders', body), 201);
  }

  /** Sends an action with the order's version (a `version` in body overrides it). */
  async act(username: string, order: Pick<Order, 'id' | 'version'>, action: Action, body: Record<string, unknown> = {}) {
    const c = await this.as(username);
    return c('POST', `/api/v1/orders/${order.id}/${action}`, { version: order.version, ...body });
  }

  /** Like act, but the action must succeed; returns the new order. */
  async do(username: string, order: Pick<Order, 'id' | 'version'>, action: Action, body: Record<string, unknown> = {}): Promise<Order> {
    const res = await this.act(username, order, action, body);
    assert.equal(res.statusCode, 200, `${action} by ${username}: ${res.body}`);
    return res.json();
  }

  async get(id: number, username = 'admin'): Promise<Order> {
    const c = await this.as(username);
    return expectOk(await c('GET', `/api/v1/orders/${id}`));
  }

  /** The event log straight from the database. */
  async events(orderId: number): Promise<{ type: string; payload: Record<string, any> }[]> {
    const { rows } = await this.t.s.db.query<{ type: string; payload: Record<string, any> }>('select type, payload from order_events where order_id = $1 order by id', [orderId]);
    return rows;
  }

  /** Version, status and number of events, read from the database (to prove a refused action changed nothing). */
  async snapshot(orderId: number) {
    const { rows } = await this.t.s.db.query<{ version: number; status: string; events: number; supervised: boolean }>(
      'select version, status, supervised, (select count(*)::int from order_events e where e.order_id = o.id) as events from orders o where id = $1',
      [orderId],
    );
    return rows[0];
  }

  /** Default body (besides version) for each action; valid against the route schema. */
  body(action: Action, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const b: Record<Action, Record<string, unknown>> = {
      answer: { answer: '已按知识库答复。' },
      // The test leaf: the same as the order's (no category_changed), or given to one registered without.
      dispatch: { mainUnitId: this.units.id(STREET), tier: 3, categoryId: this.leafId },
      sign: {},
      contact: { note: '已电话联系市民' },
      subdispatch: { unitId: this.units.id(COMMUNITY), note: '请社区现场核实' },
      reply: { result: '已现场处理', replyToRequester: '您反映的问题已处理' },
      return: { reason: '不属于本单位职责' },
      'return/approve': { note: '同意退单' },
      'return/reject': { note: '属于本单位职责，请继续办理' },
      extension: { reason: '需协调多个部门', extra: { amount: 2, unit: 'workdays' } },
      'extension/approve': { note: '同意延期' },
      'extension/reject': { note: '不同意延期' },
      callback: { outcome: 'done', contacted: true, resolution: 'resolved', satisfaction: 'satisfied' },
      reopen: { reason: '市民反映问题未解决' },
      close: { note: '归档' },
      merge: { parentId: 1 },
      invalidate: { reason: '骚扰电话' },
      list: { reason: '需纳入年度改造计划', until: '2026-12-31' },
      supervise: { note: '请加快办理' },
      exemption: { reason: 'unreasonable', note: '诉求不合理：要求拆除合法建筑' },
      'exemption/approve': { note: '同意免考核' },
      'exemption/reject': { note: '不符合免考核条件' },
      whistle: { departmentIds: [this.units.id(DEPT)], reason: '占道经营反复回潮，需城管部门联合执法' },
      'whistle/report': { action: '已安排执法中队到场联合整治', note: '中队长带队' },
      'whistle/rate': { ratings: [{ unitId: this.units.id(DEPT), score: 'satisfied', note: '到场及时' }] },
      petition: { caseNo: `XF${Date.now().toString(36)}${(petitionSeq++).toString(36)}`, note: '信访件反映同一事项' },
      mediation: { body: '鼓楼区人民调解委员会', reason: '邻里噪音纠纷，双方同意调解' },
      'mediation/outcome': { outcome: 'settled', note: '双方达成调解协议' },
      escalate: { level: 'district', reason: '涉及两个街道交界，需区级协调' },
      'escalation/answer': { decision: 'coordinated', note: '已协调相邻街道共同处置' },
    };
    return { ...b[action], ...extra };
  }

  /**
   * A fresh order driven to `state` through the API. Orders that reach a unit are dispatched to STREET;
   * `sub` (default true) also sub-dispatches accepted ones to COMMUNITY so the grid worker can see them.
   */
  async reach(state: State, opts: { sub?: boolean; returnFrom?: 'dispatched' | 'accepted'; tier?: number } = {}): Promise<Order> {
    const sub = opts.sub ?? true;
    const H = USER_OF_ROLE.handler;
    let o = await this.create();
    if (state === 'registered') return o;
    if (state === 'answered') return this.do('operator', o, 'answer', this.body('answer'));
    if (state === 'merged') {
      const parent = await this.create({ title: '父工单' });
      return this.do('operator', o, 'merge', { parentId: parent.id });
    }
    if (state === 'invalid') {
      const rr = await this.reach('return_requested', opts);
      return this.do('dispatcher', rr, 'invalidate', this.body('invalidate'));
    }
    o = await this.do('dispatcher', o, 'dispatch', this.body('dispatch', opts.tier ? { tier: opts.tier } : {}));
    if (state === 'dispatched') return o;
    if (state === 'return_requested' && opts.returnFrom === 'dispatched') return this.do(H, o, 'return', this.body('return'));
    o = await this.do(H, o, 'sign');
    if (sub) o = await this.do(H, o, 'subdispatch', this.body('subdispatch'));
    if (state === 'accepted') return o;
    if (state === 'return_requested') return this.do(H, o, 'return', this.body('return'));
    if (state === 'listed') return this.do('supervisor', o, 'list', this.body('list'));
    o = await this.do(H, o, 'contact', this.body('contact'));
    o = await this.do(H, o, 'reply', this.body('reply'));
    if (state === 'replied') return o;
    if (state === 'closed') return this.do('callback', o, 'callback', this.body('callback'));
    if (state === 'reopened') {
      o = await this.do('callback', o, 'callback', { outcome: 'done', contacted: true, resolution: 'unresolved', satisfaction: 'unsatisfied' });
      return this.do('callback', o, 'reopen', this.body('reopen'));
    }
    throw new Error(`cannot reach ${state}`);
  }

  private districtUsers = false;
  /** A fresh order in `state` (accepted, reopened or return_requested) whose street asked its district to coordinate (分级协调). */
  async reachEscalated(state: State, opts: { tier?: number; level?: string } = {}): Promise<Order> {
    if (!this.districtUsers) {
      this.districtUsers = true;
      await this.createUser(DISTRICT_USER.handler, 'handler', DISTRICT);
      await this.createUser(DISTRICT_USER.unit_leader, 'unit_leader', DISTRICT);
    }
    const H = USER_OF_ROLE.handler;
    const esc = (o: Order) => this.do(H, o, 'escalate', this.body('escalate', opts.level ? { level: opts.level } : {}));
    if (state === 'reopened') return esc(await this.reach('reopened', { tier: opts.tier }));
    const o = await esc(await this.reach('accepted', { tier: opts.tier, sub: false }));
    if (state === 'accepted') return o;
    if (state === 'return_requested') return this.do(H, o, 'return', this.body('return'));
    throw new Error(`no escalation can be open on a ${state} order`);
  }

  /**
   * A fresh order in `state` whose street blew the whistle (summoning DEPT) after signing, before moving on;
   * `reported` also has DEPT report (报到) right after the whistle.
   */
  async reachWhistled(state: State, opts: { reported?: boolean; tier?: number } = {}): Promise<Order> {
    const H = USER_OF_ROLE.handler;
    const whistled = async (o: Order) => {
      o = await this.do(H, o, 'whistle', this.body('whistle'));
      return opts.reported ? this.do(DEPT_USER.handler, o, 'whistle/report', this.body('whistle/report')) : o;
    };
    if (state === 'reopened') return whistled(await this.reach('reopened', { tier: opts.tier }));
    let o = await whistled(await this.reach('accepted', { tier: opts.tier }));
    if (state === 'accepted') return o;
    if (state === 'return_requested') return this.do(H, o, 'return', this.body('return'));
    if (state === 'listed') return this.do('supervisor', o, 'list', this.body('list'));
    o = await this.do(H, o, 'contact', this.body('contact'));
    o = await this.do(H, o, 'reply', this.body('reply'));
    if (state === 'replied') return o;
    if (state === 'closed') return this.do('callback', o, 'callback', this.body('callback'));
    throw new Error(`no whistle can be open on a ${state} order`);
  }
}
