// The dispatch catalog: tree of three levels, an edit form for the selected category, and CSV import.
import { useMemo, useState } from 'react';
import Button from 'antd/es/button';
import Col from 'antd/es/col';
import Input from 'antd/es/input';
import Row from 'antd/es/row';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Tree from 'antd/es/tree';
import Typography from 'antd/es/typography';
import { useI18n } from '../../i18n';
import { invalidateResources, useCatalog } from '../../shared/resources';
import { EmptyState, ErrorState, Loading } from '../../shared/states';
import type { Category } from '../../shared/types';
import { CategoryForm } from './CategoryForm';
import { CatalogImport } from './CatalogImport';
import { buildTree, matchWithAncestors } from './UnitTree';

export function CatalogEditor() {
  const { t, te } = useI18n();
  const { categories, version, loaded, error, reload } = useCatalog();
  const [q, setQ] = useState('');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [creating, setCreating] = useState<{ parent: Category | null } | null>(null);
  const selected = categories.find((c) => c.id === selectedId) ?? null;

  const treeData = useMemo(() => {
    const s = q.trim().toLowerCase();
    const keep = s ? matchWithAncestors(categories, (c) => `${c.name} ${c.keywords.join(' ')}`.toLowerCase().includes(s)) : undefined;
    return buildTree(categories, (c) => ({
      key: c.id,
      title: (
        <span style={{ textDecoration: c.active ? undefined : 'line-through', color: c.active ? undefined : '#999' }}>
          {c.name}{c.level === 3 && c.tier ? <Tag style={{ marginLeft: 4 }}>{te('tier', c.tier)}</Tag> : null}
        </span>
      ),
    }), keep);
  }, [categories, q, te]);

  const refresh = () => { invalidateResources('catalog'); reload(); };

  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!loaded) return <Loading />;
  const leaves = categories.filter((c) => c.level === 3).length;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Text type="secondary" data-testid="catalog-version">
        {t('admin.catalogVersion', { version: version ?? '—', leaves })}
      </Typography.Text>
      <Row gutter={16}>
        <Col xs={24} md={11}>
          <Space style={{ marginBottom: 8 }}>
            <Input.Search allowClear placeholder={t('admin.catalogSearch')} onChange={(e) => setQ(e.target.value)} data-testid="catalog-search" />
            <Button onClick={() => setCreating({ parent: null })} data-testid="catalog-new-root">{t('admin.newRoot')}</Button>
          </Space>
          {categories.length === 0 ? <EmptyState description={t('admin.catalogEmpty')} /> : (
            <Tree
              key={q}
              treeData={treeData}
              height={520}
              defaultExpandAll={!!q.trim()}
              selectedKeys={selectedId ? [selectedId] : []}
              onSelect={(keys) => { setCreating(null); setSelectedId((keys[0] as number) ?? null); }}
              data-testid="catalog-tree"
            />
          )}
        </Col>
        <Col xs={24} md={13}>
          {creating ? (
            <CategoryForm
              key={`new-${creating.parent?.id ?? 0}`}
              parent={creating.parent}
              onSaved={(c) => { setCreating(null); setSelectedId(c.id); refresh(); }}
              onCancel={() => setCreating(null)}
            />
          ) : selected ? (
            <CategoryForm
              key={selected.id}
              category={selected}
              parent={categories.find((c) => c.id === selected.parentId) ?? null}
              onSaved={() => refresh()}
              onAddChild={selected.level < 3 ? () => setCreating({ parent: selected }) : undefined}
            />
          ) : <EmptyState description={t('admin.pickCategory')} />}
        </Col>
      </Row>
      <CatalogImport onImported={refresh} />
    </Space>
  );
}
