// DEMO DATA: a generated labelled history for the category model, so that a fresh demo suggests the
// right leaf with a confidence worth showing. Every row is written with source 'demo' (never mistaken
// for a real dispatch), from templates per leaf of the demo catalog: what residents say about it,
// combined with places of the demo district, openers and fillers. Deterministic for a seed.
import type { Queryable } from '../../db';
import { rng } from '../assist/classifier/growable';

/** per demo leaf (level-3 name): subjects and what goes wrong, in residents' words */
export const DEMO_LEAF_PHRASES: Record<string, { subjects: string[]; problems: string[] }> = {
  自来水供应: { subjects: ['自来水', '水管', '小区供水', '家里水龙头'], problems: ['停水一整天没有通知', '水压太低楼上没水', '水质发黄有异味', '水管爆裂漏水'] },
  电力供应: { subjects: ['小区供电', '家里电路', '变压器', '电表'], problems: ['突然停电好几个小时', '频繁跳闸', '电压不稳烧坏电器', '停电没有提前通知'] },
  燃气供应: { subjects: ['燃气', '天然气管道', '煤气', '燃气表'], problems: ['楼道有燃气味怀疑漏气', '停气没有通知', '燃气开户迟迟不办', '燃气费计量不准'] },
  环境卫生: { subjects: ['垃圾桶', '公共厕所', '小区垃圾', '街道卫生'], problems: ['垃圾满溢几天没人清运', '公厕脏乱无人打扫', '垃圾堆放臭气熏天', '道路清扫不及时'] },
  城管执法: { subjects: ['流动摊贩', '占道经营', '违规广告牌', '夜市摊点'], problems: ['摆摊占用人行道', '店铺占道经营堵路', '乱贴小广告', '烧烤摊占道到深夜'] },
  小区管理: { subjects: ['小区门禁', '小区停车', '小区电梯', '业委会'], problems: ['外来车辆乱停', '门禁损坏没人修', '电梯经常停运', '业委会选举不公开'] },
  城市公共设施: { subjects: ['路灯', '井盖', '护栏', '公共座椅'], problems: ['路灯一周不亮', '井盖缺失很危险', '护栏被撞坏没修', '公共设施损坏'] },
  基础设施: { subjects: ['道路', '人行道', '排水沟', '路面'], problems: ['坑洼不平下雨积水', '路面塌陷', '排水不畅一下雨就淹', '人行道砖松动'] },
  园林绿化: { subjects: ['行道树', '绿化带', '小区树木', '草坪'], problems: ['树枝遮挡路灯需要修剪', '绿化带被毁', '大树倾斜有倒伏危险', '草坪长期无人养护'] },
  公共汽车: { subjects: ['公交车', '公交线路', '公交站台', '公交司机'], problems: ['班次太少等车很久', '线路调整不合理', '站台没有座椅和遮雨棚', '司机不等乘客坐稳就开车'] },
  违章建筑: { subjects: ['违章搭建', '顶楼加建', '私搭乱建', '违建阳光房'], problems: ['邻居违建占用公共空间', '楼顶违章加盖', '违章建筑影响采光', '举报后一直没有拆除'] },
  物业服务: { subjects: ['物业公司', '物业费', '物业管理', '物业保安'], problems: ['收费不透明', '公共区域维修不落实', '服务差还涨价', '保安不负责任'] },
  住房公积金: { subjects: ['住房公积金', '公积金贷款', '公积金提取', '公积金账户'], problems: ['提取需要什么材料', '贷款审批太慢', '单位不给缴纳公积金', '账户转移手续复杂'] },
  安全隐患: { subjects: ['楼道电线', '老旧房屋', '消防通道', '广告牌'], problems: ['电线老化裸露有火灾隐患', '墙体开裂担心坍塌', '消防通道被堵塞', '高空广告牌松动'] },
  拖欠工程款: { subjects: ['工程款', '施工方', '开发商', '工程项目'], problems: ['拖欠工程款两年', '完工后不结算工程款', '总包单位欠款不还', '项目停工工程款无着落'] },
  噪声污染: { subjects: ['工地施工', '广场舞音响', '商铺喇叭', '夜间装修'], problems: ['噪音扰民影响休息', '深夜施工噪声很大', '音响声音太大', '机器轰鸣吵得睡不着'] },
  大气污染: { subjects: ['餐馆油烟', '工厂废气', '工地扬尘', '露天焚烧'], problems: ['油烟直排熏得不能开窗', '排放刺鼻气味', '扬尘严重', '焚烧垃圾烟雾弥漫'] },
  水污染: { subjects: ['内河', '排污口', '河道', '污水管'], problems: ['河水发黑发臭', '偷排污水到河里', '河面漂满垃圾', '污水外溢'] },
  交通秩序: { subjects: ['路口红绿灯', '电动车', '交通标线', '学校门口'], problems: ['红绿灯时间太短', '电动车逆行闯红灯', '标线模糊', '上下学时段拥堵严重'] },
  违规停车: { subjects: ['违停车辆', '小区出入口', '人行道停车', '消防通道停车'], problems: ['车辆长期占道停放', '堵塞出入口', '汽车停在人行道上', '占用消防通道'] },
  出租车服务: { subjects: ['出租车', '的士司机', '网约车', '出租车计价器'], problems: ['拒载乘客', '绕路多收费', '不打表乱要价', '司机态度恶劣'] },
  入学招生: { subjects: ['小学入学', '幼儿园招生', '学区划片', '入学报名'], problems: ['报名时间是什么时候', '划片不合理', '学位不够上不了学', '随迁子女入学材料'] },
  校外培训: { subjects: ['校外培训机构', '培训班', '课外辅导', '培训学校'], problems: ['预收费后跑路', '违规补课', '退费困难', '无证办学'] },
  文体设施: { subjects: ['体育馆', '图书馆', '健身器材', '篮球场'], problems: ['不对市民开放', '器材损坏没人修', '开放时间太短', '收费过高'] },
  拖欠工资: { subjects: ['工资', '老板', '公司', '劳务费'], problems: ['拖欠三个月工资', '离职后不结工资', '讨薪无果', '克扣工资'] },
  社保缴纳: { subjects: ['社保', '养老保险', '社会保险', '社保补缴'], problems: ['单位不给缴纳社保', '断缴后怎么补缴', '社保转移手续复杂', '缴费基数不对'] },
  职工医疗保险: { subjects: ['医保', '职工医保', '医保报销', '医保卡'], problems: ['报销比例太低', '异地就医不能报销', '医保卡无法使用', '报销材料复杂'] },
  食品安全: { subjects: ['超市食品', '餐馆', '外卖', '学校食堂'], problems: ['销售过期食品', '卫生条件差', '吃了拉肚子', '食材来源不明'] },
  消费维权: { subjects: ['商家', '预付卡', '网购商品', '装修公司'], problems: ['不给退款', '虚假宣传', '售后推诿', '办卡后商家跑路'] },
  旅游服务: { subjects: ['景区', '旅行社', '导游', '景区门票'], problems: ['强迫购物', '门票乱涨价', '服务不规范', '行程缩水'] },
  医疗纠纷: { subjects: ['医院', '医生', '诊所', '手术'], problems: ['误诊耽误治疗', '乱开检查多收费', '医生态度恶劣', '手术后出现并发症无人负责'] },
  疫苗接种: { subjects: ['疫苗接种', '社区卫生服务中心', '儿童疫苗', '接种点'], problems: ['预约不上', '接种安排混乱', '疫苗缺货', '接种证补办'] },
  低保救助: { subjects: ['低保', '困难补助', '临时救助', '低保申请'], problems: ['申请一直没批', '低保被取消', '救助金没发放', '审核不公平'] },
  养老机构: { subjects: ['养老院', '敬老院', '居家养老', '日间照料中心'], problems: ['收费过高', '护理不到位', '床位紧张', '服务质量差'] },
  治安隐患: { subjects: ['小区治安', '夜间', '出租屋', '偏僻路段'], problems: ['经常发生盗窃', '有人聚众闹事', '存在治安隐患', '没有监控不安全'] },
  户口办理: { subjects: ['户口', '户籍', '落户', '户口迁移'], problems: ['落户需要什么材料', '户口迁移办不下来', '新生儿上户口', '户籍证明开具'] },
  宽带网络: { subjects: ['宽带', '手机信号', '网络', '光纤'], problems: ['经常断网', '信号很差', '网速太慢', '报修后没人上门'] },
  政策咨询: { subjects: ['政策', '补贴', '办事流程', '证明材料'], problems: ['想咨询最新政策', '补贴怎么申请', '办理流程是什么', '需要哪些材料'] },
};

const PLACES = ['五四路', '杨桥路', '华林路', '东街口', '温泉公园路', '南门兜', '湖东路', '西湖附近', '屏山', '水部', '洪山镇', '五凤', '安泰河', '华大', '鼓东路', '乌山路'];
const OPENERS = ['您好，', '我是附近居民，', '你好，我要反映一下，', '', '市民反映：'];
const FILLERS = ['已经持续很长时间了。', '多次反映都没有解决。', '周边居民意见很大。', '请尽快派人处理。', '希望有关部门重视。', '给生活带来很大不便。', '麻烦帮忙协调一下。', ''];

export interface DemoExample {
  title: string;
  detail: string;
  /** level-3 name of the demo catalog leaf */
  leaf: string;
}

/** `perLeaf` generated orders for each leaf that has phrases (deterministic for a seed). */
export function demoHistory(perLeaf: number, seed = 12345, leaves = Object.keys(DEMO_LEAF_PHRASES)): DemoExample[] {
  const r = rng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const out: DemoExample[] = [];
  for (let i = 0; i < perLeaf; i++) {
    for (const leaf of leaves) {
      const p = DEMO_LEAF_PHRASES[leaf];
      if (!p) continue;
      const place = pick(PLACES);
      const subject = pick(p.subjects);
      const problem = pick(p.problems);
      const title = r() < 0.5 ? `${subject}${problem}` : `${place}${subject}${problem}`;
      const more = r() < 0.6 ? `${pick(p.subjects)}${pick(p.problems)}，` : '';
      out.push({ title, detail: `${pick(OPENERS)}鼓楼区${place}的${subject}${problem}，${more}${pick(FILLERS)}${pick(FILLERS)}`, leaf });
    }
  }
  return out;
}

/** Writes the demo history for the catalog's leaves (by level-3 name) as assist examples, source 'demo'. */
export async function seedDemoHistory(q: Queryable, leafIds: Map<string, number>, perLeaf = 12): Promise<number> {
  const rows = demoHistory(perLeaf).filter((e) => leafIds.has(e.leaf));
  if (!rows.length) return 0;
  await q.query(
    `insert into assist_examples (title, detail, label, source) select t, d, l, 'demo' from unnest($1::text[], $2::text[], $3::text[]) as x(t, d, l)`,
    [rows.map((e) => e.title), rows.map((e) => e.detail), rows.map((e) => String(leafIds.get(e.leaf)))],
  );
  return rows.length;
}
