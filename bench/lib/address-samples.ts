// Generated addresses with known answers, for measuring address standardisation: each names a community of the demo
// district (or only its street) the way residents and operators write them — with or without the city and district,
// the street's full or short name or none, the community's full or short name or 居委会, full-width digits, spaces,
// a road and number, a compound, building / unit / room, and trailing words like 门口. Deterministic for a seed.
import { buildDemoUnits, withDemoIds } from '../../src/modules/org/demo/district';
import { stripUnitSuffix } from '../../src/modules/geo/address-match';
import { rng } from './prng';

export interface AddressSample {
  text: string;
  streetId: number;
  /** null when the text names only the street */
  communityId: number | null;
  road: string;
  number: string;
  compound: string | null;
}

const ROADS = ['杨桥中路', '湖东路', '鼓屏路', '华林路', '五四北路', '北环中路', '西二环中路', '铜盘路', '乌山路', '工业路', '白马北路', '梦山路', '省府路', '福飞路', '东浦路'];
const COMPOUNDS = ['金山花园', '温泉公寓', '屏东小区', '福晟家园', '乌山新村', '华林苑', '左海大厦', '融侨花园', '西湖宿舍', '梅峰小区'];
const TAILS = ['', '', '门口', '附近', '旁边', '对面', '楼下'];
const WIDE = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

export function demoGazetteerUnits() {
  return withDemoIds(buildDemoUnits()).map((u) => ({ id: u.id, code: u.code, name: u.name, aliases: u.aliases, type: u.type, parentId: u.parentId }));
}

export function addressSamples(n: number, seed: number): AddressSample[] {
  const units = demoGazetteerUnits();
  const byId = new Map(units.map((u) => [u.id, u]));
  const communities = units.filter((u) => u.type === 'community' && u.parentId !== null && ['street', 'town'].includes(byId.get(u.parentId)!.type));
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const out: AddressSample[] = [];
  for (let i = 0; i < n; i++) {
    const c = pick(communities);
    const street = byId.get(c.parentId!)!;
    const district = street.parentId ? byId.get(street.parentId) : undefined;
    const road = pick(ROADS);
    const number = `${1 + Math.floor(rand() * 300)}号`;
    const compound = rand() < 0.6 ? pick(COMPOUNDS) : null;
    const onlyStreet = rand() < 0.2;
    const prefix = rand() < 0.3 ? pick(['福州市', '福建省福州市', '']) : '';
    const dist = district && rand() < 0.5 ? (rand() < 0.5 ? district.name : district.name.replace(/区$/, '') + '区') : '';
    const streetPart = onlyStreet || rand() < 0.5 ? (rand() < 0.6 ? street.name : stripUnitSuffix(street.name, street.type)) : '';
    const commPart = onlyStreet ? '' : pick([c.name, stripUnitSuffix(c.name, 'community'), `${stripUnitSuffix(c.name, 'community')}居委会`]);
    const rest = [`${road}${number}`, compound ?? '', compound && rand() < 0.7 ? `${1 + Math.floor(rand() * 20)}号楼${rand() < 0.5 ? `${1 + Math.floor(rand() * 4)}单元` : ''}${100 + Math.floor(rand() * 1500)}室` : ''].join('');
    let text = `${prefix}${dist}${streetPart}${commPart}${rest}${pick(TAILS)}`;
    if (rand() < 0.2) text = WIDE(text);
    if (rand() < 0.2) text = text.replace(/(街道|社区|路)/u, '$1 ');
    out.push({ text, streetId: street.id, communityId: onlyStreet ? null : c.id, road, number, compound });
  }
  return out;
}
