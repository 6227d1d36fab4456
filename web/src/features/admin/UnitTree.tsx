// The organisation tree (GET /units) with search and the selected unit's details.
import { useMemo, useState } from 'react';
import Col from 'antd/es/col';
import Descriptions from 'antd/es/descriptions';
import Input from 'antd/es/input';
import Row from 'antd/es/row';
import Tag from 'antd/es/tag';
import Tree from 'antd/es/tree';
import type { DataNode } from 'antd/es/tree';
import { useI18n } from '../../i18n';
import { useUnits } from '../../shared/resources';
import { EmptyState, ErrorState, Loading } from '../../shared/states';
import type { Unit } from '../../shared/types';

export function buildTree<T extends { id: number; parentId: number | null }>(items: T[], node: (x: T) => Omit<DataNode, 'children'>, keep?: Set<number>): DataNode[] {
  const children = new Map<number | null, T[]>();
  const ids = new Set(items.map((x) => x.id));
  for (const x of items) {
    if (keep && !keep.has(x.id)) continue;
    const pid = x.parentId !== null && ids.has(x.parentId) ? x.parentId : null;
    const list = children.get(pid);
    if (list) list.push(x); else children.set(pid, [x]);
  }
  const walk = (pid: number | null): DataNode[] =>
    (children.get(pid) ?? []).map((x) => ({ ...node(x), children: walk(x.id) }));
  return walk(null);
}

/** Ids of matching items and all their ancestors, so a search keeps the path visible. */
export function matchWithAncestors<T extends { id: number; parentId: number | null }>(items: T[], match: (x: T) => boolean): Set<number> {
  const byId = new Map(items.map((x) => [x.id, x]));
  const keep = new Set<number>();
  for (const x of items) {
    if (!match(x)) continue;
    let cur: T | undefined = x;
    while (cur && !keep.has(cur.id)) { keep.add(cur.id); cur = cur.parentId ? byId.get(cur.parentId) : undefined; }
  }
  return keep;
}

export function UnitTree() {
  const { t, te } = useI18n();
  const { units, loaded, error, reload } = useUnits();
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<Unit | null>(null);
  const treeData = useMemo(() => {
    const s = q.trim().toLowerCase();
    const keep = s ? matchWithAncestors(units, (u) => `${u.name} ${u.code} ${u.aliases.join(' ')}`.toLowerCase().includes(s)) : undefined;
    return buildTree(units, (u) => ({ key: u.id, title: <span>{u.name} <Tag style={{ marginLeft: 4 }}>{te('unitType', u.type)}</Tag></span> }), keep);
  }, [units, q, te]);

  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!loaded) return <Loading />;
  if (units.length === 0) return <EmptyState description={t('admin.noUnits')} />;
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Input.Search allowClear placeholder={t('admin.unitSearch')} onChange={(e) => setQ(e.target.value)} style={{ marginBottom: 8 }} data-testid="unit-search" />
        <Tree
          key={q}
          treeData={treeData}
          height={560}
          defaultExpandAll={!!q.trim()}
          defaultExpandedKeys={treeData.map((n) => n.key)}
          onSelect={(keys) => setSelected(units.find((u) => u.id === keys[0]) ?? null)}
          data-testid="unit-tree"
        />
      </Col>
      <Col xs={24} md={12}>
        {selected ? (
          <Descriptions bordered size="small" column={1} title={selected.name} data-testid="unit-details" items={[
            { key: 'code', label: t('admin.code'), children: selected.code },
            { key: 'type', label: t('admin.type'), children: te('unitType', selected.type) },
            { key: 'aliases', label: t('admin.aliases'), children: selected.aliases.join('、') || '—' },
            { key: 'geo', label: t('admin.geometry'), children: selected.hasGeometry ? t('common.yes') : t('common.no') },
            { key: 'contact', label: t('admin.contact'), children: Object.entries(selected.contact ?? {}).map(([k, v]) => <div key={k} data-testid={`unit-contact-${k}`}>{te('contactKey', k)}：{String(v)}</div>) },
          ]} />
        ) : <EmptyState description={t('admin.pickUnit')} />}
      </Col>
    </Row>
  );
}
