// Hand-written synthetic citizen orders for tests and benchmarks (no real data involved).
// Each label has its own subjects and complaints; places, greetings and fillers are shared,
// so the classes overlap the way real letters do.
import { rng } from './growable';
import type { Example } from './types';

export const SYNTHETIC_LEXICON: Record<string, { subjects: string[]; problems: string[] }> = {
  交通运输: {
    subjects: ['公交车', '出租车', '地铁站', '公交站台', '客运站', '高速公路收费站', '网约车', '驾校', '停车场', '货运车辆'],
    problems: ['司机绕路多收费', '班次太少等车一小时', '线路突然取消', '超载运营很危险', '乱收停车费', '拒载乘客', '站牌信息错误', '车辆年检排队太久'],
  },
  环境保护: {
    subjects: ['化工厂', '养殖场', '搅拌站', '污水处理厂', '烧烤摊', '工地', '造纸厂', '垃圾焚烧站', '河道', '砖厂'],
    problems: ['排放刺鼻废气', '偷排污水到河里', '噪音扰民到深夜', '粉尘污染严重', '油烟熏得无法开窗', '河水发黑发臭', '夜间偷偷焚烧垃圾', '环评手续不全'],
  },
  教育文体: {
    subjects: ['小学', '幼儿园', '中学', '培训机构', '体育馆', '图书馆', '民办学校', '教育局', '校车', '文化广场'],
    problems: ['乱收补课费', '学生午餐质量差', '划片入学不公平', '老师体罚学生', '学位不够孩子无法入学', '课外负担太重', '场馆不对市民开放', '招生政策不透明'],
  },
  城乡建设: {
    subjects: ['小区物业', '拆迁安置房', '老旧小区', '市政道路', '路灯', '自来水管网', '开发商', '违章建筑', '排水管道', '电梯'],
    problems: ['拆迁补偿不到位', '房屋漏水无人维修', '道路坑洼多年未修', '路灯长期不亮', '停水停电不通知', '延期交房', '违建占用消防通道', '下雨就积水'],
  },
  劳动和社会保障: {
    subjects: ['建筑公司', '工厂老板', '社保局', '人社局', '劳务派遣公司', '养老保险', '失业保险', '医保卡', '退休职工', '农民工'],
    problems: ['拖欠工资半年', '不签劳动合同', '不给缴纳社保', '养老金待遇偏低', '辞退员工不给补偿', '加班不给加班费', '社保转移手续复杂', '工伤认定拖延'],
  },
  卫生计生: {
    subjects: ['人民医院', '社区卫生服务中心', '乡镇卫生院', '诊所', '药店', '妇幼保健院', '疾控中心', '计生办', '急救中心', '医生'],
    problems: ['乱开检查多收费', '医生态度恶劣', '看病排队太久', '药品价格虚高', '疫苗接种安排混乱', '二孩准生证办不下来', '误诊耽误治疗', '医疗事故无人负责'],
  },
  商贸旅游: {
    subjects: ['超市', '景区', '旅行社', '菜市场', '加油站', '网店', '酒店', '商场', '导游', '农贸市场'],
    problems: ['销售过期食品', '门票乱涨价', '强迫游客购物', '缺斤少两', '虚假宣传欺骗消费者', '预付卡无法退款', '售后服务推诿', '价格欺诈'],
  },
};

const PLACES = ['A市A3区', 'A市A5区', 'B市', 'C4县', 'D2县城关镇', 'E市新城街道', 'F7县', 'K2区'];
const OPENERS = ['尊敬的领导您好！', '您好，', '我是本地的一名市民，', '领导好，我要反映一个问题。', ''];
const FILLERS = [
  '这个问题已经持续很长时间了。',
  '我们多次打电话反映都没有结果。',
  '周边居民意见很大。',
  '希望有关部门尽快调查处理。',
  '请领导重视并给予答复。',
  '去年也出现过同样的情况。',
  '给我们的生活带来了很大不便。',
  '恳请政府主持公道。',
];

function pick<T>(a: T[], r: () => number): T {
  return a[Math.floor(r() * a.length)];
}

/** `perLabel` orders for each label (or the given labels), deterministic for a seed. */
export function syntheticOrders(perLabel: number, seed = 1, labels = Object.keys(SYNTHETIC_LEXICON)): Example[] {
  const r = rng(seed);
  const out: Example[] = [];
  for (let i = 0; i < perLabel; i++) {
    for (const label of labels) {
      const lex = SYNTHETIC_LEXICON[label];
      const place = pick(PLACES, r);
      const subject = pick(lex.subjects, r);
      const title = `${place}${subject}${pick(lex.problems, r)}`;
      const parts = [pick(OPENERS, r), `${place}的${subject}${pick(lex.problems, r)}。`];
      const n = 2 + Math.floor(r() * 5);
      for (let k = 0; k < n; k++) {
        parts.push(r() < 0.5 ? pick(FILLERS, r) : `${pick(lex.subjects, r)}${pick(lex.problems, r)}，`);
        // a little cross-label noise, like real letters that mention several things
        if (r() < 0.1) parts.push(`另外${pick(pick(Object.values(SYNTHETIC_LEXICON), r).subjects, r)}也有问题。`);
      }
      out.push({ title, detail: parts.join(''), label });
    }
  }
  return out;
}
