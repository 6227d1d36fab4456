// Open311 services are the active third-level catalog leaves. A code is "MH" + the leaf id in at least four
// digits (MH0412): never a bare number, and stable across renames and catalog versions.
import type { Category, CatalogRepo } from '../catalog/catalog.repo';

export interface Attribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
}

export interface Service {
  leaf: Category;
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
  attributes: Attribute[];
}

export const serviceCode = (leafId: number) => `MH${String(leafId).padStart(4, '0')}`;
export function leafIdOf(code: string): number | null {
  const m = /^MH(\d{4,9})$/.exec(code);
  return m ? Number(m[1]) : null;
}

const YES_NO = [{ key: 'yes', name: '是' }, { key: 'no', name: '否' }];

/** Extra questions a leaf needs: urgent leaves ask about danger; utility (company) leaves ask for the account. */
export function attributesOf(leaf: Category): Attribute[] {
  const out: Attribute[] = [];
  if (leaf.tier !== null && leaf.tier <= 2) {
    out.push({ variable: true, code: 'danger', datatype: 'singlevaluelist', required: true, datatype_description: null, order: out.length + 1, description: '是否危及人身或财产安全？', values: YES_NO });
  }
  if (leaf.handlerKind === 'company') {
    out.push({ variable: true, code: 'account_no', datatype: 'string', required: false, datatype_description: '水、电、气、暖等用户户号', order: out.length + 1, description: '户号（如有）' });
  }
  if (out.length) out.push({ variable: true, code: 'occurred_at', datatype: 'datetime', required: false, datatype_description: 'ISO 8601, e.g. 2026-03-02T09:00:00+08:00', order: out.length + 1, description: '问题发生时间' });
  return out;
}

export async function listServices(catalog: CatalogRepo): Promise<Service[]> {
  const all = await catalog.all();
  const byId = new Map(all.map((c) => [c.id, c]));
  const out: Service[] = [];
  for (const leaf of all) {
    if (leaf.level !== 3 || !leaf.active) continue;
    const parent = leaf.parentId ? byId.get(leaf.parentId) : undefined;
    const top = parent?.parentId ? byId.get(parent.parentId) : undefined;
    if (parent && !parent.active || top && !top.active) continue;
    const attributes = attributesOf(leaf);
    out.push({
      leaf,
      service_code: serviceCode(leaf.id),
      service_name: leaf.name,
      description: [top?.name, parent?.name, leaf.name].filter(Boolean).join(' / '),
      metadata: attributes.length > 0,
      type: 'realtime',
      keywords: leaf.keywords.join(', '),
      group: top?.name ?? parent?.name ?? '',
      attributes,
    });
  }
  return out.sort((a, b) => a.leaf.id - b.leaf.id);
}
