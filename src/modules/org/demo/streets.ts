// Per-street demo data for 福州市鼓楼区: a synthetic cell of the district rectangle and extra
// aliases for address matching.
//
// The cells are SYNTHETIC (real boundaries are not openly available): axis-aligned rectangles that
// tile the district box exactly, placed roughly where each street really is (洪山镇 west, 华大
// north-west, 五凤 north, 温泉 north-east, 鼓西 centre-west, 鼓东/东街/南街/水部 east-centre,
// 安泰 south-west of centre). [minLng, minLat, maxLng, maxLat], degrees.
//
// The road/area aliases are well-known names located (mostly) in that street, from general
// knowledge of Fuzhou. They are APPROXIMATE and only meant for address matching: long roads
// (五四路, 杨桥路, 八一七路 …) cross several streets and are listed under one of them.

export type Rect = [number, number, number, number];

export const DISTRICT_RECT: Rect = [119.24, 26.06, 119.32, 26.13];

export interface StreetDemo {
  rect: Rect;
  aliases: string[];
}

export const STREET_DEMO: Record<string, StreetDemo> = {
  // 鼓东街道
  '350102001': {
    rect: [119.285, 26.09, 119.3, 26.105],
    aliases: ['五四路', '湖东路', '鼓屏路', '华林路', '树兜', '省府路', '冶山路', '开元路', '庆城路', '中山路'],
  },
  // 鼓西街道
  '350102002': {
    rect: [119.26, 26.083, 119.285, 26.105],
    aliases: ['西湖', '西湖公园', '湖滨路', '鼓西路', '梦山路', '达明路', '后县路', '杨桥中路', '白马北路'],
  },
  // 温泉街道
  '350102003': {
    rect: [119.3, 26.095, 119.32, 26.13],
    aliases: ['温泉公园', '温泉公园路', '温泉支路', '东大路', '汤门', '金汤境', '五一北路', '琼东河'],
  },
  // 东街街道
  '350102004': {
    rect: [119.285, 26.078, 119.3, 26.09],
    aliases: ['东街', '东街口', '八一七北路', '鼓楼前', '省立医院', '东门'],
  },
  // 南街街道
  '350102005': {
    rect: [119.285, 26.06, 119.3, 26.078],
    aliases: ['三坊七巷', '南后街', '杨桥路', '杨桥东路', '宫巷', '郎官巷', '衣锦坊', '光禄坊', '文儒坊', '通湖路'],
  },
  // 安泰街道
  '350102006': {
    rect: [119.26, 26.06, 119.285, 26.083],
    aliases: ['乌山', '乌山路', '乌塔', '于山', '白塔', '五一广场', '南门兜', '安泰河', '安泰桥', '道山路', '吉庇路', '八一七中路'],
  },
  // 华大街道
  '350102007': {
    rect: [119.26, 26.105, 119.28, 26.13],
    aliases: ['屏山', '北大路', '琴亭', '琴亭路', '华屏路', '北江', '屏东', '北门'],
  },
  // 水部街道
  '350102008': {
    rect: [119.3, 26.06, 119.32, 26.095],
    aliases: ['水部门', '古田路', '六一中路', '五一中路', '福新路', '水部'],
  },
  // 五凤街道
  '350102009': {
    rect: [119.28, 26.105, 119.3, 26.13],
    aliases: ['五凤山', '铜盘路', '白龙路', '左海公园', '左海', '湖前', '梅峰路', '屏西'],
  },
  // 洪山镇 (福州大学怡山校区 and 西禅寺 are on 工业路 in 洪山镇's 怡山社区 area)
  '350102100': {
    rect: [119.24, 26.06, 119.26, 26.13],
    aliases: ['洪山桥', '西二环', '工业路', '福州大学怡山校区', '福大怡山校区', '西禅寺', '怡山', '金牛山', '杨桥西路', '西洪路'],
  },
};
