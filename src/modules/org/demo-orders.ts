// Demo orders in every state, driven through the real services (so events and deadlines are real), dated
// relative to the server's "now": each order's history is replayed on a clock set back in time, so on first
// start some orders are green, some yellow, some overdue (and auto-supervised by the sweep), some wait for
// their callback — and, when a deadline reaches a year nobody has entered, some are provisional.
import { buildServices, type Services } from '../../services';
import { ManualClock } from '../../shared/clock';
import { computeDeadlines, warningLevel } from '../sla';
import type { AuthUser } from '../users/users.repo';
import { demoWhistle } from '../whistle/demo';

interface T {
  title: string;
  description: string;
  address: string;
  type: 'help' | 'complaint' | 'consult' | 'suggestion' | 'report';
  leaf: string;
  street: string;
  /** how far along the lifecycle the demo takes it */
  stage: 'registered' | 'dispatched' | 'accepted' | 'replied' | 'closed' | 'answered';
  /** When it came in: days before now, or the moment that makes its resolution clock yellow / overdue now. */
  when: number | 'yellow' | 'overdue';
}

const TEMPLATES: T[] = [
  { title: '小区停水一天无人通知', description: '我家小区从早上开始停水，至今未恢复，物业说不清楚原因，家里有老人，请尽快处理。', address: '鼓楼区五四路128号', type: 'help', leaf: '自来水供应', street: '350102001', stage: 'dispatched', when: 0.3 },
  { title: '路灯连续多晚不亮', description: '杨桥路与白马路交叉口附近三盏路灯已经一周不亮，晚上行人很不安全。', address: '鼓楼区杨桥路', type: 'complaint', leaf: '城市公共设施', street: '350102006', stage: 'accepted', when: 8 },
  { title: '夜间施工噪音扰民', description: '工地每天晚上十一点后还在施工，噪音很大影响休息，希望相关部门管一管。', address: '鼓楼区华林路', type: 'complaint', leaf: '噪声污染', street: '350102003', stage: 'replied', when: 2 },
  { title: '占道经营摆摊堵塞人行道', description: '东街口附近人行道被流动摊贩占用，行人只能走机动车道，存在安全隐患。', address: '鼓楼区东街口', type: 'complaint', leaf: '城管执法', street: '350102004', stage: 'closed', when: 20 },
  { title: '咨询公积金提取办理材料', description: '想咨询租房提取住房公积金需要带哪些材料，在哪里办理。', address: '', type: 'consult', leaf: '住房公积金', street: '350102002', stage: 'answered', when: 1 },
  { title: '小区垃圾长期无人清运', description: '小区门口垃圾桶满溢多日无人清运，气味很大，蚊虫滋生。', address: '鼓楼区温泉公园路', type: 'complaint', leaf: '环境卫生', street: '350102003', stage: 'accepted', when: 'yellow' },
  { title: '楼道电线老化存在隐患', description: '老旧小区楼道电线裸露老化，担心引发火灾，请有关部门排查。', address: '鼓楼区南门兜', type: 'report', leaf: '安全隐患', street: '350102005', stage: 'dispatched', when: 0.1 },
  { title: '公司拖欠三个月工资', description: '我在某装修公司工作，公司已经拖欠三个月工资，多次讨要无果。', address: '鼓楼区湖东路', type: 'help', leaf: '拖欠工资', street: '350102001', stage: 'replied', when: 3 },
  { title: '违规停车堵塞小区出入口', description: '每天晚上都有车辆停在小区出入口，消防车都进不来。', address: '鼓楼区西湖', type: 'complaint', leaf: '违规停车', street: '350102002', stage: 'closed', when: 30 },
  { title: '餐馆油烟直排扰民', description: '楼下餐馆油烟直接排放到居民楼，家里窗户都不敢开。', address: '鼓楼区安泰河', type: 'complaint', leaf: '大气污染', street: '350102006', stage: 'registered', when: 0.05 },
  { title: '建议增设公交站台座椅', description: '屏山附近公交站台没有座椅，老人等车很辛苦，建议增设。', address: '鼓楼区屏山', type: 'suggestion', leaf: '公共汽车', street: '350102009', stage: 'registered', when: 0.2 },
  { title: '燃气管道有异味', description: '单元楼道闻到明显燃气味道，担心泄漏，请尽快派人检查。', address: '鼓楼区水部', type: 'help', leaf: '燃气供应', street: '350102008', stage: 'accepted', when: 'overdue' },
  { title: '道路坑洼积水', description: '道路上有多个坑洼，下雨积水严重，电动车经过容易摔倒。', address: '鼓楼区洪山镇', type: 'complaint', leaf: '基础设施', street: '350102100', stage: 'dispatched', when: 2.5 },
  { title: '物业服务差收费不透明', description: '物业公司收费明细不公开，公共区域维修长期不落实。', address: '鼓楼区华大', type: 'complaint', leaf: '物业服务', street: '350102007', stage: 'closed', when: 40 },
  { title: '咨询孩子入学报名时间', description: '想问一下今年小学一年级入学网上报名是什么时候开始。', address: '', type: 'consult', leaf: '入学招生', street: '350102001', stage: 'answered', when: 0.5 },
  { title: '违章搭建阳光房', description: '顶楼住户违章搭建阳光房，影响楼顶防水和其他住户安全。', address: '鼓楼区五凤', type: 'report', leaf: '违章建筑', street: '350102009', stage: 'accepted', when: 4 },
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How many days ago a tier's clock must have started for its resolution deadline to be at `level` now. */
async function daysAgoFor(s: Services, tier: number, level: 'yellow' | 'red', now: Date): Promise<number> {
  const policy = await s.policies.byTier(tier);
  const cal = await s.calendar.current();
  for (let d = 0.5; d < 60; d += 0.5) {
    const start = new Date(now.getTime() - d * DAY);
    if (warningLevel(start, computeDeadlines(start, policy, s.config.timezone, cal).resolveDueAt, now) === level) return level === 'red' ? d + 1 : d;
  }
  return 30;
}

export async function demoOrders(s: Services, user: (name: string) => Promise<AuthUser>, idByCode: Map<string, number>): Promise<number> {
  const [operator, dispatcher, callback] = await Promise.all([user('operator'), user('dispatcher'), user('callback')]);
  const leaves = (await s.catalog.list()).items.filter((c) => c.level === 3);
  const now = s.clock.now();
  // The same services (read models and outbox writers included) on a clock the seed moves through each order's past.
  const past = new ManualClock(now);
  const h = buildServices(s.db, past, s.config);
  let n = 0;
  for (const [i, t] of TEMPLATES.entries()) {
    const leaf = leaves.find((c) => c.name === t.leaf);
    const daysAgo = typeof t.when === 'number' ? t.when : await daysAgoFor(s, leaf?.tier ?? 3, t.when === 'yellow' ? 'yellow' : 'red', now);
    past.set(new Date(now.getTime() - daysAgo * DAY));
    // Each step a little later, never past now.
    const step = () => past.set(new Date(Math.min(past.now().getTime() + Math.min(HOUR, (daysAgo * DAY) / 8), now.getTime())));
    let o = await h.orders.create(operator, {
      channel: i % 3 === 0 ? 'web' : 'phone', type: t.type, title: t.title, description: t.description, address: t.address,
      requester: { name: ['张先生', '李女士', '王先生', '陈女士'][i % 4], phone: `1385910${String(1000 + i * 37).padStart(4, '0')}` },
      confidential: t.type === 'report', categoryId: leaf?.id ?? null,
    });
    n++;
    if (t.stage === 'registered') continue;
    step();
    if (t.stage === 'answered') {
      await h.orders.act(operator, o.id, 'answer', { version: o.version, answer: '已按知识库答复市民办理流程和所需材料。' });
      continue;
    }
    // Auto-dispatch (MINHU_AUTO_DISPATCH_THRESHOLD) already sent it somewhere: leave it there.
    if (o.status !== 'registered') continue;
    const main = leaf?.handlerKind && leaf.handlerKind !== 'jurisdiction' && leaf.handlerUnitId ? leaf.handlerUnitId : idByCode.get(t.street)!;
    o = await h.orders.act(dispatcher, o.id, 'dispatch', { version: o.version, mainUnitId: main, categoryId: leaf?.id ?? null });
    if (t.stage === 'dispatched') continue;
    const unitCode = (await s.org.byId(main))!.code;
    const handler = await user(`handler.${unitCode}`);
    step();
    o = await h.orders.act(handler, o.id, 'sign', { version: o.version });
    step();
    o = await h.orders.act(handler, o.id, 'contact', { version: o.version, note: '已电话联系市民，约定上门查看。' });
    if (t.stage === 'accepted') continue;
    step();
    o = await h.orders.act(handler, o.id, 'reply', { version: o.version, result: '已现场核实并处理完毕。', replyToRequester: '您反映的问题已处理，感谢您的监督。' });
    if (t.stage === 'replied') continue;
    step();
    await h.orders.act(callback, o.id, 'callback', { version: o.version, outcome: 'done', contacted: true, resolution: i % 2 ? 'resolved' : 'partly', satisfaction: i % 2 ? 'satisfied' : 'basically' });
  }
  // A whistle 吹哨报到 in progress with one late company, on one of the accepted orders.
  await demoWhistle(s, user);
  return n;
}

/** The demo orders (the category model is checked against them in demo-history.test.ts). */
export const DEMO_ORDER_TEMPLATES: readonly T[] = TEMPLATES;
