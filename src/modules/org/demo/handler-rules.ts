// DEMO CONFIGURATION (a city edits this): default handler and urgency tier for the categories of
// the public 3-level taxonomy (城乡建设/城市建设和市政管理/自来水供应 …), for the 鼓楼区 demo units.
// Keys are "level1", "level1/level2" or "level1/level2/level3"; the most specific key wins.
// Tiers (DOMAIN §5): 1 紧急 risk to life/property, 2 较急 utility outage, 3 一般, 4 复杂 multi-unit.

export type DemoHandler =
  | { kind: 'jurisdiction' }
  | { kind: 'department'; unitCode: string }
  | { kind: 'company'; unitCode: string };
export type Tier = 1 | 2 | 3 | 4;
export interface DemoHandlerRule {
  handler: DemoHandler;
  tier: Tier;
  /** extra keywords (colloquial words callers use) besides those derived from the category names */
  keywords?: string[];
}

const J: DemoHandler = { kind: 'jurisdiction' };
const d = (abbr: string): DemoHandler => ({ kind: 'department', unitCode: `D350102-${abbr}` }); // district department
const cd = (abbr: string): DemoHandler => ({ kind: 'department', unitCode: `D3501-${abbr}` }); // city department
const co = (abbr: string): DemoHandler => ({ kind: 'company', unitCode: `E3501-${abbr}` });
const r = (handler: DemoHandler, tier: Tier = 3, keywords?: string[]): DemoHandlerRule => ({ handler, tier, keywords });

export const DEMO_HANDLER_RULES: Record<string, DemoHandlerRule> = {
  城乡建设: r(J),
  '城乡建设/安全生产': r(d('YJ')),
  '城乡建设/安全生产/事故处理': r(d('YJ'), 1),
  '城乡建设/安全生产/安全隐患': r(d('YJ'), 1, ['隐患', '坍塌', '危险']),
  '城乡建设/城市建设和市政管理': r(J),
  '城乡建设/城市建设和市政管理/自来水供应': r(co('WATER'), 2, ['停水', '水压', '水管', '漏水', '水质']),
  '城乡建设/城市建设和市政管理/电力供应': r(co('POWER'), 2, ['停电', '跳闸', '断电', '电压', '电线']),
  '城乡建设/城市建设和市政管理/燃气供应': r(co('GAS'), 2, ['燃气', '煤气', '天然气', '漏气', '停气']),
  '城乡建设/城市建设和市政管理/冬季采暖': r(co('HEAT'), 2, ['暖气', '供暖', '采暖', '不热']),
  '城乡建设/城市建设和市政管理/公共汽车': r(co('BUS'), 3, ['公交', '公交车', '站台']),
  '城乡建设/城市建设和市政管理/地铁城铁': r(co('METRO'), 3, ['地铁']),
  '城乡建设/城市建设和市政管理/环境卫生': r(J, 3, ['垃圾', '清扫', '公厕', '卫生']),
  '城乡建设/城市建设和市政管理/园林绿化环卫': r(J, 3, ['垃圾', '树木', '绿化']),
  '城乡建设/城市建设和市政管理/城管执法': r(J, 3, ['占道经营', '摆摊', '油烟', '违规广告']),
  '城乡建设/城市建设和市政管理/小区管理': r(J, 3, ['小区', '物业', '停车', '电梯']),
  '城乡建设/城市建设和市政管理/居民服务设施': r(J),
  '城乡建设/城市建设和市政管理/城市公共设施': r(d('CG'), 3, ['路灯', '井盖', '护栏']),
  '城乡建设/城市建设和市政管理/基础设施': r(d('CG'), 3, ['道路', '破损', '积水', '排水']),
  '城乡建设/城市建设和市政管理/园林绿化': r(d('CG'), 3, ['树木', '绿地', '修剪']),
  '城乡建设/城市建设和市政管理/公园管理': r(d('CG'), 3, ['公园']),
  '城乡建设/城乡规划': r(cd('ZRZY')),
  '城乡建设/城乡规划/违章建筑': r(J, 3, ['违建', '违章搭建', '私搭乱建']),
  '城乡建设/村镇建设': r(J),
  '城乡建设/工程质量': r(d('ZJ')),
  '城乡建设/国有土地上房屋征收与补偿': r(d('ZJ'), 4, ['征收', '拆迁', '补偿']),
  '城乡建设/集体土地上房屋拆迁与补偿': r(d('ZJ'), 4, ['拆迁', '补偿']),
  '城乡建设/建筑市场': r(d('ZJ')),
  '城乡建设/建筑市场/拖欠工程款': r(d('ZJ'), 4, ['工程款', '欠款']),
  '城乡建设/住房保障与房地产': r(d('ZJ')),
  '城乡建设/住房保障与房地产/住房公积金': r(cd('GJJ'), 3, ['公积金']),
  '城乡建设/住房保障与房地产/物业服务': r(J, 3, ['物业', '物业费']),
  '城乡建设/住房保障与房地产/房产证登记、办理': r(cd('ZRZY'), 3, ['房产证', '不动产']),
  党务政务: r(d('ZFB')),
  '党务政务/民族宗教': r(cd('MZZJ')),
  '党务政务/港澳台侨': r(cd('WB')),
  '党务政务/国防外交': r(cd('WB')),
  国土资源: r(cd('ZRZY')),
  '国土资源/土地征收': r(cd('ZRZY'), 4, ['征地']),
  '国土资源/海洋气象地震': r(cd('YJ')),
  环境保护: r(d('STHJ')),
  '环境保护/建设项目审批': r(cd('STHJ')),
  '环境保护/环境污染/噪音污染': r(d('STHJ'), 3, ['噪音', '噪声', '扰民']),
  '环境保护/环境污染/大气污染': r(d('STHJ'), 3, ['废气', '异味', '扬尘', '烟尘']),
  '环境保护/环境污染/水污染': r(d('STHJ'), 3, ['污水', '排污', '河道']),
  '环境保护/环境污染/危险化学品污染': r(d('STHJ'), 1, ['化学品', '泄漏']),
  '环境保护/环境污染/放射性污染': r(cd('STHJ'), 1, ['辐射']),
  纪检监察: r(d('JW')),
  交通运输: r(d('JT')),
  '交通运输/出租车管理': r(cd('JTYS'), 3, ['出租车', '的士', '拒载', '绕路']),
  '交通运输/交通运输/出租车管理': r(cd('JTYS'), 3, ['出租车']),
  '交通运输/客货运输': r(cd('JTYS')),
  '交通运输/建设管理': r(cd('JTYS')),
  '交通运输/邮政管理': r(cd('YZ'), 3, ['快递', '邮政']),
  经济管理: r(d('FG')),
  '经济管理/安全生产': r(d('YJ')),
  '经济管理/安全生产/事故处理': r(d('YJ'), 1),
  '经济管理/安全生产/安全隐患': r(d('YJ'), 1, ['隐患']),
  '经济管理/保险证券期货': r(cd('CZ')),
  '经济管理/国资监管': r(cd('GZW')),
  '经济管理/金融财税': r(cd('CZ')),
  '经济管理/金融财税/税收征管': r(cd('SWJ'), 3, ['发票', '纳税', '税务']),
  '经济管理/金融财税/集资融资': r(d('GA'), 3, ['集资']),
  '经济管理/金融财税/非法经济活动': r(d('GA')),
  '经济管理/能源管理': r(cd('FG')),
  '经济管理/企业破产': r(cd('GZW'), 4),
  科技与信息产业: r(cd('GX')),
  '科技与信息产业/电信': r(co('CT'), 3, ['宽带', '网络', '信号', '话费']),
  '科技与信息产业/电信/通信保障': r(co('CT'), 2, ['断网', '信号', '通信中断']),
  '科技与信息产业/科学技术': r(cd('KJ')),
  '科技与信息产业/知识产权': r(d('SCJG'), 3, ['专利', '商标', '侵权']),
  民政: r(d('MZ')),
  '民政/优抚': r(d('TYJR'), 3, ['退役军人']),
  '民政/复退安置': r(d('TYJR'), 3, ['退役军人', '安置']),
  '民政/基层选举和社区建设': r(J),
  '民政/救灾募捐/救灾管理': r(d('YJ')),
  农村农业: r(J),
  '农村农业/动物防疫': r(cd('NY')),
  '农村农业/动物防疫/疫情防控': r(cd('NY'), 2),
  '农村农业/水利水电': r(cd('SL')),
  '农村农业/水利水电/防汛抗旱': r(d('YJ'), 1, ['内涝', '防汛', '台风']),
  '农村农业/水库移民': r(cd('SL')),
  '农村农业/林业管理/森林防火': r(d('YJ'), 1, ['山火', '火情']),
  '农村农业/野生资源管理': r(cd('NY')),
  '农村农业/农副产品流通': r(d('SCJG')),
  商贸旅游: r(d('SCJG')),
  '商贸旅游/商业贸易': r(cd('SW')),
  '商贸旅游/旅游管理': r(d('WTL'), 3, ['景区', '导游', '旅行社']),
  '商贸旅游/市场监管/物价监督': r(d('SCJG'), 3, ['价格', '乱收费', '明码标价']),
  '商贸旅游/质监检验检疫/特种设备管理': r(d('SCJG'), 2, ['电梯', '困人', '锅炉']),
  '商贸旅游/质监检验检疫/出入境检验检疫': r(cd('SW')),
  卫生计生: r(d('WJ')),
  '卫生计生/公共卫生/突发公共卫生事件处理': r(d('WJ'), 1, ['疫情', '中毒']),
  '卫生计生/食品药品监管': r(d('SCJG'), 3, ['食品', '过期', '药品']),
  '卫生计生/医政监管/医疗收费': r(d('YB'), 3, ['医疗费', '收费']),
  政法: r(d('GA')),
  '政法/法律服务': r(d('SF'), 3, ['律师', '法律援助', '公证']),
  '政法/法制建设': r(d('SF')),
  '政法/行政复议': r(d('SF')),
  '政法/诉讼': r(d('SF')),
  '政法/刑罚执行': r(d('SF')),
  '政法/刑罚执行/监狱管理': r(cd('SF')),
  '政法/仲裁与调解': r(d('SF'), 3, ['调解']),
  '政法/仲裁与调解/劳动仲裁': r(d('RS'), 3, ['劳动仲裁']),
  '政法/仲裁与调解/人事仲裁': r(d('RS')),
  '政法/户籍证件/出入境管理': r(cd('GA'), 3, ['护照', '签证', '港澳通行证']),
  '政法/警务督察': r(cd('GA')),
  '政法/交通管理': r(d('JJ'), 3, ['违停', '乱停车', '红绿灯', '交通拥堵']),
  '政法/交通管理/交通事故': r(d('JJ'), 1, ['车祸', '交通事故']),
  '政法/社会治安/消防安全': r(d('XF'), 1, ['消防通道', '火灾隐患', '消防']),
  教育文体: r(d('JY')),
  '教育文体/体育': r(d('WTL')),
  '教育文体/文化': r(d('WTL')),
  '教育文体/文物管理': r(d('WTL'), 3, ['文物', '古厝']),
  劳动和社会保障: r(d('RS')),
  '劳动和社会保障/工资福利/工资发放': r(d('RS'), 3, ['欠薪', '拖欠工资', '工资']),
  '劳动和社会保障/工资福利/住房公积金': r(cd('GJJ'), 3, ['公积金']),
  '劳动和社会保障/社保基金管理': r(cd('RS')),
  '劳动和社会保障/城镇居民社会保险/城镇居民医疗保险': r(d('YB'), 3, ['医保']),
  '劳动和社会保障/城镇居民社会保险/新农村合作医疗': r(d('YB'), 3, ['医保', '新农合']),
  '劳动和社会保障/城镇职工社会保险/职工医疗保险': r(d('YB'), 3, ['医保']),
  '劳动和社会保障/城镇职工社会保险/职工生育保险': r(d('YB'), 3, ['生育保险']),
};

/** Words derived from a category name: the name and its parts split at 、，/和及与 (never 其他). */
export function categoryKeywords(name: string): string[] {
  const n = name.trim();
  if (!n || n === '其他') return [];
  const parts = n.split(/[、，,/和及与]/).map((p) => p.trim()).filter((p) => p.length >= 2 && p !== '其他');
  return [...new Set([n, ...parts])];
}

const DEFAULT_RULE: DemoHandlerRule = r(J);

/**
 * Default handler, tier and keywords for a leaf; falls back to the jurisdiction at tier 3.
 * Keywords come from the most specific category name that is not 其他, plus the rule's own words.
 */
export function demoHandlerFor(level1: string, level2: string, level3: string): { handler: DemoHandler; tier: Tier; keywords: string[] } {
  const [l1, l2, l3] = [level1.trim(), level2.trim(), level3.trim()];
  const rule = DEMO_HANDLER_RULES[`${l1}/${l2}/${l3}`] ?? DEMO_HANDLER_RULES[`${l1}/${l2}`] ?? DEMO_HANDLER_RULES[l1] ?? DEFAULT_RULE;
  const named = categoryKeywords([l3, l2, l1].find((n) => n && n !== '其他') ?? '');
  return { handler: rule.handler, tier: rule.tier, keywords: [...new Set([...named, ...(rule.keywords ?? [])])] };
}
