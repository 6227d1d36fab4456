// Generated orders for the assist benchmark: realistic 12345 problems at places in the demo
// district, with known duplicate groups (the same problem reported again, reworded, nearby).
import type { Unit } from '../../src/modules/org/org.repo';
import { randomPointIn } from '../../src/modules/geo';

export interface Problem {
  leaf: string;
  titles: string[];
  details: string[];
}

export const PROBLEMS: Problem[] = [
  { leaf: '自来水供应', titles: ['小区停水', '家里没有自来水', '突然停水无人通知'], details: ['从早上开始停水至今未恢复', '楼上楼下都没水，物业说不清原因', '水龙头一滴水都没有，做饭洗澡都困难'] },
  { leaf: '电力供应', titles: ['小区停电', '楼栋突然断电', '家里没电了'], details: ['整栋楼停电两个小时了', '冰箱里的东西都坏了，请尽快恢复供电', '突然断电，电梯也停了'] },
  { leaf: '燃气供应', titles: ['楼道有燃气味', '燃气管道漏气', '闻到煤气味'], details: ['闻到明显的煤气味，担心泄漏', '厨房燃气表附近有异味', '楼道里燃气味道很重'] },
  { leaf: '环境卫生', titles: ['垃圾无人清运', '垃圾桶满溢', '垃圾堆积没人清理'], details: ['垃圾好几天没人清运，臭味很大', '垃圾桶满了溢出来，蚊虫苍蝇很多', '垃圾堆在路边无人处理'] },
  { leaf: '城管执法', titles: ['占道经营', '流动摊贩占用人行道', '摊贩占道摆摊'], details: ['人行道被摊贩占满，行人只能走机动车道', '每天晚上都有人在人行道摆摊', '摊贩把人行道堵住了'] },
  { leaf: '城市公共设施', titles: ['路灯不亮', '路灯坏了', '晚上路灯不亮'], details: ['晚上路灯一直不亮，行人不安全', '这一段路灯坏了一个多星期', '路灯不亮，晚上走路看不清'] },
  { leaf: '城市公共设施', titles: ['井盖缺失', '井盖丢了', '井盖破损'], details: ['路上井盖丢了，很危险', '井盖破了一个大洞，容易掉下去', '人行道上的井盖不见了'] },
  { leaf: '基础设施', titles: ['道路坑洼', '路面坑洼不平', '马路坑坑洼洼'], details: ['路面坑坑洼洼，电动车容易摔倒', '路面破损严重，坑很多', '道路坑洼一直没人修'] },
  { leaf: '基础设施', titles: ['下雨积水严重', '路口积水', '道路积水'], details: ['每次下雨路口积水很深', '下雨后积水排不出去', '积水淹到膝盖，车辆无法通行'] },
  { leaf: '噪声污染', titles: ['夜间施工噪音', '工地晚上施工扰民', '深夜施工太吵'], details: ['晚上十一点后还在施工，吵得睡不着', '工地半夜还在施工，噪音很大', '夜间施工噪音严重影响休息'] },
  { leaf: '大气污染', titles: ['餐馆油烟扰民', '饭店油烟直排', '油烟太大'], details: ['楼下餐馆油烟直排到居民楼', '油烟很大，窗户都不敢开', '饭店排油烟管道对着居民窗户'] },
  { leaf: '违规停车', titles: ['车辆堵塞小区出入口', '出入口被车堵住', '乱停车堵门'], details: ['每天晚上都有车停在小区出入口', '车辆停在门口，进出都很困难', '小区大门被乱停的车堵住'] },
  { leaf: '物业服务', titles: ['电梯故障物业不修', '电梯坏了没人修', '电梯长期停运'], details: ['电梯坏了一个多月物业不修', '电梯故障老人上下楼很困难', '物业一直拖着不修电梯'] },
  { leaf: '拖欠工资', titles: ['公司拖欠工资', '老板拖欠工资', '工资被拖欠'], details: ['公司已经拖欠三个月工资', '老板一直拖着不发工资', '拖欠工资多次讨要无果'] },
  { leaf: '违章建筑', titles: ['楼顶违章搭建', '顶楼违建', '楼顶私搭乱建'], details: ['顶楼住户违章搭建阳光房', '楼顶被人私自加盖房间', '顶楼违建影响楼顶防水'] },
  { leaf: '食品安全', titles: ['买到过期食品', '超市卖过期食品', '过期食品'], details: ['超市卖过期的牛奶', '买回来的食品已经过期了', '商店在卖过期的面包'] },
];

const PREFIX = ['', '你好，', '我要反映，', '投诉：', '求助：'];
const SUFFIX = ['', '，请尽快处理', '，希望有关部门管一管', '，谢谢', '，已经反映过多次'];

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
const pick = <T>(r: () => number, xs: T[]) => xs[Math.floor(r() * xs.length)];

export interface GenOrder {
  problem: number;
  title: string;
  description: string;
  address: string;
  lat: number;
  lng: number;
  streetId: number;
}

/** One report of problem p at a place in the given community. */
export function report(r: () => number, p: number, community: Unit, street: Unit, near?: { lat: number; lng: number }): GenOrder {
  const pr = PROBLEMS[p];
  const pt = near ? { lat: near.lat + (r() - 0.5) * 0.0008, lng: near.lng + (r() - 0.5) * 0.0008 } : randomPointIn(community.geojson as never, r);
  return {
    problem: p,
    title: pick(r, PREFIX) + pick(r, pr.titles),
    description: pick(r, pr.details) + pick(r, SUFFIX),
    address: `鼓楼区${street.name}${community.name}${1 + Math.floor(r() * 40)}号`,
    lat: pt.lat,
    lng: pt.lng,
    streetId: street.id,
  };
}
