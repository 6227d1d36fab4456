// Demo departments (职能部门) and public-service companies (公共服务企业) for a 福州市鼓楼区 model.
// Names follow the usual official naming of Fuzhou city/district bodies; the codes are our own
// (D<area>-<abbr> for departments, E<area>-<abbr> for companies). Contacts are synthetic.

export interface OrgSeed {
  code: string;
  name: string;
  aliases: string[];
  type: 'department' | 'company';
}

/** City-level departments, placed under the 12345 centre. */
export const CITY_DEPARTMENTS: OrgSeed[] = [
  ['ZJJ', '福州市住房和城乡建设局', '市住建局'],
  ['CGW', '福州市城市管理委员会', '市城管委'],
  ['STHJ', '福州市生态环境局', '市生态环境局,市环保局'],
  ['JTYS', '福州市交通运输局', '市交通运输局,市交通局'],
  ['JY', '福州市教育局', '市教育局'],
  ['RS', '福州市人力资源和社会保障局', '市人社局'],
  ['WJ', '福州市卫生健康委员会', '市卫健委'],
  ['SCJG', '福州市市场监督管理局', '市市场监管局'],
  ['GA', '福州市公安局', '市公安局'],
  ['MZ', '福州市民政局', '市民政局'],
  ['ZRZY', '福州市自然资源和规划局', '市自然资源和规划局,市资规局'],
  ['SW', '福州市商务局', '市商务局'],
  ['WL', '福州市文化和旅游局', '市文旅局'],
  ['YB', '福州市医疗保障局', '市医保局'],
  ['GJJ', '福州住房公积金中心', '市住房公积金中心,市公积金中心'],
  ['SL', '福州市水利局', '市水利局'],
  ['NY', '福州市农业农村局', '市农业农村局'],
  ['SF', '福州市司法局', '市司法局'],
  ['YJ', '福州市应急管理局', '市应急管理局,市应急局'],
  ['FG', '福州市发展和改革委员会', '市发改委'],
  ['GX', '福州市工业和信息化局', '市工信局'],
  ['KJ', '福州市科学技术局', '市科技局'],
  ['CZ', '福州市财政局', '市财政局'],
  ['SWJ', '国家税务总局福州市税务局', '市税务局'],
  ['GZW', '福州市人民政府国有资产监督管理委员会', '市国资委'],
  ['TYJR', '福州市退役军人事务局', '市退役军人事务局'],
  ['MZZJ', '福州市民族与宗教事务局', '市民宗局'],
  ['WB', '福州市人民政府外事办公室', '市外办'],
  ['YZ', '福州市邮政管理局', '市邮政管理局'],
].map(([abbr, name, aliases]) => ({ code: `D3501-${abbr}`, name, aliases: aliases.split(','), type: 'department' as const }));

/** District-level departments, placed under 鼓楼区. */
export const DISTRICT_DEPARTMENTS: OrgSeed[] = [
  ['ZFB', '鼓楼区人民政府办公室', '区政府办'],
  ['ZJ', '鼓楼区住房和城乡建设局', '区住建局'],
  ['CG', '鼓楼区城市管理局', '区城管局'],
  ['SCJG', '鼓楼区市场监督管理局', '区市场监管局'],
  ['JY', '鼓楼区教育局', '区教育局'],
  ['WJ', '鼓楼区卫生健康局', '区卫健局'],
  ['RS', '鼓楼区人力资源和社会保障局', '区人社局'],
  ['MZ', '鼓楼区民政局', '区民政局'],
  ['STHJ', '福州市鼓楼生态环境局', '区生态环境局,鼓楼生态环境局'],
  ['JT', '鼓楼区交通运输局', '区交通运输局'],
  ['JJ', '福州市公安局交通警察支队鼓楼大队', '区交警大队,鼓楼交警大队'],
  ['GA', '福州市公安局鼓楼分局', '区公安分局,鼓楼公安分局'],
  ['YJ', '鼓楼区应急管理局', '区应急管理局,区应急局'],
  ['XF', '福州市鼓楼区消防救援大队', '区消防救援大队'],
  ['SF', '鼓楼区司法局', '区司法局'],
  ['WTL', '鼓楼区文化体育和旅游局', '区文体旅局'],
  ['YB', '鼓楼区医疗保障局', '区医保局'],
  ['TYJR', '鼓楼区退役军人事务局', '区退役军人事务局'],
  ['FG', '鼓楼区发展和改革局', '区发改局'],
  ['CZ', '鼓楼区财政局', '区财政局'],
  ['JW', '鼓楼区纪委监委', '区纪委监委'],
].map(([abbr, name, aliases]) => ({ code: `D350102-${abbr}`, name, aliases: aliases.split(','), type: 'department' as const }));

/**
 * City-wide public-service companies, placed under the 12345 centre.
 * Heating: Fuzhou lies south of the Qinling–Huaihe line and has no municipal central heating
 * network or heating company, so E3501-HEAT is a generic placeholder kept for the 冬季采暖
 * category of the national taxonomy (a northern city would put its real heating company here).
 */
export const COMPANIES: OrgSeed[] = [
  ['WATER', '福州水务集团有限公司', '福州水务,水务集团,自来水公司'],
  ['POWER', '国网福建省电力有限公司福州供电公司', '国网福州供电公司,福州供电公司,供电公司'],
  ['GAS', '福州华润燃气有限公司', '华润燃气,福州华润燃气,燃气公司'],
  ['HEAT', '集中供热服务单位（示例）', '供热公司,热力公司'],
  ['CT', '中国电信股份有限公司福州分公司', '中国电信福州分公司,福州电信'],
  ['CM', '中国移动通信集团福建有限公司福州分公司', '中国移动福州分公司,福州移动'],
  ['CU', '中国联合网络通信有限公司福州市分公司', '中国联通福州分公司,福州联通'],
  ['BUS', '福州市公共交通集团有限公司', '福州公交集团,公交公司'],
  ['METRO', '福州地铁集团有限公司', '福州地铁,地铁集团'],
].map(([abbr, name, aliases]) => ({ code: `E3501-${abbr}`, name, aliases: aliases.split(','), type: 'company' as const }));
