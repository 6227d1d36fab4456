// The short list of problem kinds the portal offers, each mapped to a catalog leaf by its name (the catalog
// is the centre's own and its ids differ between installations). A kind whose leaf does not exist or is
// retired is not offered; 其他 has no leaf (the dispatcher classifies it).
import type { CatalogRepo } from '../catalog/catalog.repo';

export interface Kind {
  key: string;
  label: string;
  hint: string;
  /** Names of third-level catalog leaves, the first active one wins. */
  leaves: string[];
}

export const KINDS: Kind[] = [
  { key: 'facility', label: '路灯、井盖等设施损坏', hint: '路灯不亮、井盖缺失、护栏损坏', leaves: ['城市公共设施'] },
  { key: 'road', label: '道路破损', hint: '路面坑洼、人行道砖松动', leaves: ['基础设施'] },
  { key: 'sanitation', label: '垃圾与环境卫生', hint: '垃圾未清运、污水外溢', leaves: ['环境卫生'] },
  { key: 'noise', label: '噪声扰民', hint: '施工、商铺、广场舞噪声', leaves: ['噪声污染'] },
  { key: 'parking', label: '违规停车', hint: '占用消防通道、人行道停车', leaves: ['违规停车'] },
  { key: 'street_vendor', label: '占道经营', hint: '流动摊贩、店外经营', leaves: ['城管执法'] },
  { key: 'water', label: '供水问题', hint: '停水、水压低、水质浑浊', leaves: ['自来水供应'] },
  { key: 'building', label: '违章建筑', hint: '私搭乱建、违规加层', leaves: ['违章建筑'] },
  { key: 'property', label: '物业服务', hint: '小区物业不作为', leaves: ['物业服务'] },
  { key: 'other', label: '其他问题', hint: '以上都不是', leaves: [] },
];

export interface OfferedKind {
  key: string;
  label: string;
  hint: string;
  categoryId: number | null;
}

/** The kinds on offer now, with their leaf ids. */
export async function offeredKinds(catalog: CatalogRepo): Promise<OfferedKind[]> {
  const leaves = (await catalog.all()).filter((c) => c.level === 3 && c.active);
  const out: OfferedKind[] = [];
  for (const k of KINDS) {
    const leaf = k.leaves.map((n) => leaves.find((c) => c.name === n)).find(Boolean);
    if (k.leaves.length && !leaf) continue;
    out.push({ key: k.key, label: k.label, hint: k.hint, categoryId: leaf?.id ?? null });
  }
  return out;
}
