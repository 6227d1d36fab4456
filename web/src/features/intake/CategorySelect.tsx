// Searchable picker over the catalog's active leaves; typing matches any level's name and the keywords.
import { useMemo } from 'react';
import Select from 'antd/es/select';
import { useI18n } from '../../i18n';
import { leafPaths, useCatalog } from '../../shared/resources';
import type { Category } from '../../shared/types';

interface Props {
  value?: number | null;
  onChange?: (id: number | null, leaf: Category | null) => void;
  testId?: string;
  id?: string;
}

export function CategorySelect({ value, onChange, testId, id }: Props) {
  const { t } = useI18n();
  const { categories, loaded, error } = useCatalog();
  const paths = useMemo(() => leafPaths(categories), [categories]);
  const options = useMemo(
    () => paths.map((p) => ({ value: p.leaf.id, label: p.label, search: p.search, keywords: p.leaf.keywords })),
    [paths],
  );
  return (
    <Select<number | null>
      id={id}
      allowClear
      style={{ width: '100%' }}
      value={value ?? null}
      loading={!loaded && !error}
      status={error ? 'error' : undefined}
      placeholder={error ? error.userMessage : t('intake.categoryPlaceholder')}
      data-testid={testId}
      options={options}
      showSearch={{
        filterOption: (input, option) => {
          const words = input.toLowerCase().split(/\s+/).filter(Boolean);
          const hay = (option as { search?: string } | undefined)?.search ?? '';
          return words.every((w) => hay.includes(w));
        },
      }}
      optionRender={(opt) => {
        const kw = (opt.data as { keywords?: string[] }).keywords ?? [];
        return (
          <div>
            <div>{opt.label}</div>
            {kw.length > 0 && <div style={{ fontSize: 12, color: '#999' }}>{kw.slice(0, 6).join(' · ')}</div>}
          </div>
        );
      }}
      notFoundContent={loaded ? t('intake.categoryNone') : t('common.loading')}
      onChange={(v) => {
        const leaf = v == null ? null : paths.find((p) => p.leaf.id === v)?.leaf ?? null;
        onChange?.(v ?? null, leaf);
      }}
    />
  );
}
