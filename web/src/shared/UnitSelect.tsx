// Unit picker over GET /units, grouped by unit type, searchable by name, code and aliases.
import { useMemo } from 'react';
import Select from 'antd/es/select';
import { useI18n } from '../i18n';
import { useUnits } from './resources';
import type { Unit, UnitType } from './types';

const TYPE_ORDER: UnitType[] = ['street', 'town', 'district', 'department', 'company', 'property', 'community', 'grid', 'center'];

interface Props {
  value?: number | number[] | null;
  onChange?: (v: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any
  multiple?: boolean;
  /** Only these units are offered (default: every unit except the centre). */
  filter?: (u: Unit) => boolean;
  testId?: string;
  placeholder?: string;
  id?: string;
  disabled?: boolean;
}

export function UnitSelect({ value, onChange, multiple, filter, testId, placeholder, id, disabled }: Props) {
  const { t, te } = useI18n();
  const { units, loaded, error } = useUnits();
  const byId = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);
  const options = useMemo(() => {
    const pass = filter ?? ((u: Unit) => u.type !== 'center');
    const groups = new Map<UnitType, Unit[]>();
    for (const u of units) {
      if (!pass(u)) continue;
      groups.set(u.type, [...(groups.get(u.type) ?? []), u]);
    }
    return TYPE_ORDER.filter((ty) => groups.has(ty)).map((ty) => ({
      label: te('unitType', ty),
      title: ty,
      options: groups.get(ty)!.map((u) => {
        const parent = u.parentId ? byId.get(u.parentId) : undefined;
        const label = parent && ['community', 'grid', 'street', 'town'].includes(u.type) ? `${u.name}（${parent.name}）` : u.name;
        return { value: u.id, label, search: `${u.name} ${u.code} ${u.aliases.join(' ')} ${parent?.name ?? ''}`.toLowerCase() };
      }),
    }));
  }, [units, filter, te, byId]);

  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      allowClear
      disabled={disabled}
      value={value ?? (multiple ? [] : null)}
      onChange={onChange}
      options={options}
      loading={!loaded && !error}
      status={error ? 'error' : undefined}
      placeholder={error ? error.userMessage : placeholder ?? t('unit.pick')}
      data-testid={testId}
      notFoundContent={loaded ? t('unit.none') : t('common.loading')}
      showSearch={{
        filterOption: (input, option) => {
          const hay = (option as { search?: string } | undefined)?.search ?? '';
          return input.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
        },
      }}
      style={{ width: '100%' }}
    />
  );
}
