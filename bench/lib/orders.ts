// Realistic, varied order bodies as an operator would register them (Chinese text, varied lengths,
// channels, types, requesters, optional coordinates and tags). Deterministic for a given seed.

export const PROBLEMS: [string, string, 'complaint' | 'help' | 'consult' | 'report' | 'suggestion' | 'praise' | 'other'][] = [
  ['小区停水', '从早上七点开始停水，物业说不清楚原因，家里有老人孩子，请尽快恢复供水。', 'help'],
  ['路灯不亮', '路口附近有三盏路灯已经一周不亮，晚上行人和电动车经过很不安全。', 'complaint'],
  ['夜间施工噪音扰民', '工地每天晚上十一点以后还在施工，打桩声音很大，严重影响周边居民休息。', 'complaint'],
  ['占道经营', '人行道被流动摊贩长期占用，行人只能走机动车道，存在较大安全隐患。', 'complaint'],
  ['咨询公积金提取', '想咨询租房提取住房公积金需要带哪些材料，可以在网上办理吗？', 'consult'],
  ['垃圾无人清运', '小区门口垃圾桶满溢三天无人清运，气味很大，蚊虫滋生，影响居民生活。', 'complaint'],
  ['楼道电线老化', '老旧小区楼道电线裸露老化，雨天有漏电火花，担心引发火灾，请有关部门排查。', 'report'],
  ['拖欠工资', '在装修公司工作，公司已经拖欠三个月工资，多次讨要无果，希望劳动监察部门介入。', 'help'],
  ['违规停车堵塞出入口', '每天晚上都有车辆停在小区消防通道和出入口，消防车和救护车都进不来。', 'complaint'],
  ['餐馆油烟直排', '楼下餐馆油烟直接排放到居民楼，家里窗户都不敢开，多次沟通没有改善。', 'complaint'],
  ['建议增设公交站座椅', '公交站台没有座椅也没有遮阳棚，老人等车很辛苦，建议增设。', 'suggestion'],
  ['燃气管道有异味', '单元楼道闻到明显燃气味道，担心泄漏，请尽快派人检查燃气管道。', 'help'],
  ['道路坑洼积水', '道路上有多个坑洼，下雨积水严重，电动车经过容易摔倒，已经有人受伤。', 'complaint'],
  ['物业收费不透明', '物业公司收费明细不公开，公共区域维修资金使用情况也不公示，业主意见很大。', 'complaint'],
  ['咨询小学入学报名', '想问一下今年小学一年级入学网上报名是什么时候开始，需要准备哪些材料。', 'consult'],
  ['违章搭建阳光房', '顶楼住户违章搭建阳光房，影响楼顶防水和其他住户安全，请城管部门查处。', 'report'],
  ['感谢社区工作人员', '社区网格员帮助独居老人解决了漏水问题，工作认真负责，特此表扬。', 'praise'],
  ['共享单车乱停放', '地铁站出口共享单车堆放严重，占用盲道和人行道，希望运营企业及时清理。', 'complaint'],
  ['电梯频繁故障', '小区电梯一个月内故障五次，有居民被困，物业和维保单位互相推诿。', 'help'],
  ['暖气不热', '入冬以来家里暖气一直不热，室温只有十四度，多次报修没有人来处理。', 'complaint'],
  ['宠物狗扰民', '邻居饲养大型犬不拴绳，夜间狂吠，已经吓到小区里的孩子。', 'complaint'],
  ['医保报销咨询', '异地就医的住院费用如何办理医保报销，需要先备案吗？', 'consult'],
  ['建议延长图书馆开放时间', '区图书馆周末下午五点闭馆，上班族很难去，建议延长到晚上九点。', 'suggestion'],
  ['网购商品质量问题', '在本地商家购买的电器使用三天就坏了，商家拒绝退换，请市场监管部门处理。', 'complaint'],
];
export const ROADS = ['五四路', '杨桥路', '华林路', '东街口', '温泉公园路', '南门兜', '湖东路', '西湖路', '安泰河', '屏山路', '水部路', '洪山镇', '华大街道', '五凤街道', '白马路', '工业路', '铜盘路', '北大路', '乌山路', '澳门路'];
export const ESTATES = ['金山小区', '阳光花园', '福新苑', '锦绣华庭', '榕城新村', '西湖花园', '东方名城', '融侨公寓', '三坊七巷', '梅峰小区'];
const SURNAMES = ['张', '李', '王', '陈', '林', '黄', '吴', '刘', '郑', '周', '杨', '赵', '徐', '何', '高', '罗', '郭'];
const GIVEN = ['先生', '女士', '阿姨', '大爷', '同学', '师傅'];
const CHANNELS = ['phone', 'phone', 'phone', 'web', 'wechat', 'app', 'qr', 'message_board', 'enterprise', 'api'] as const;
const TAGS = ['老旧小区', '民生', '重复来电', '夜间', '涉老', '安全隐患', '环境', '交通'];
const EXTRA = ['希望尽快处理。', '已经反映过多次了。', '请相关部门上门核实。', '联系我时请先发短信。', '', '', '情况紧急，请优先处理！'];

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface OrderBody {
  channel: string;
  type: string;
  title: string;
  description: string;
  address: string;
  location?: { lat: number; lng: number };
  requester: { name: string; phone: string; company?: string };
  confidential?: boolean;
  categoryId?: number;
  tier?: number;
  tags?: string[];
}

/** The n-th order body of a stream; `tag` makes titles unique per run (crash test checks them). */
export function orderBody(n: number, opts: { seed?: number; tag?: string; categoryIds?: number[] } = {}): OrderBody {
  const r = rng((opts.seed ?? 12345) * 1_000_003 + n);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const [problem, desc, type] = pick(PROBLEMS);
  const road = pick(ROADS);
  const estate = pick(ESTATES);
  const no = 1 + Math.floor(r() * 300);
  const repeat = 1 + Math.floor(r() * 3);
  const description = `${road}${no}号${estate}${desc}${pick(EXTRA)}`.repeat(repeat);
  const body: OrderBody = {
    channel: pick(CHANNELS),
    type,
    title: `${estate}${problem}${opts.tag ? `#${opts.tag}-${n}` : ''}`,
    description,
    address: `福州市鼓楼区${road}${no}号${estate}`,
    requester: { name: pick(SURNAMES) + pick(GIVEN), phone: `1${pick(['38', '39', '50', '58', '86', '89', '77'])}${String(Math.floor(r() * 1e8)).padStart(8, '0')}` },
  };
  if (r() < 0.4) body.location = { lat: +(26.06 + r() * 0.06).toFixed(6), lng: +(119.26 + r() * 0.06).toFixed(6) };
  if (r() < 0.1) body.requester.company = `福州${pick(['鑫源', '恒信', '闽江', '榕树'])}贸易有限公司`;
  if (type === 'report' || r() < 0.05) body.confidential = true;
  if (opts.categoryIds?.length && r() < 0.3) body.categoryId = pick(opts.categoryIds);
  if (r() < 0.1) body.tier = 1 + Math.floor(r() * 4);
  if (r() < 0.3) body.tags = [pick(TAGS)];
  return body;
}
