// Role picker: searchable by the role's name as shown (网格员) and by its code (grid_worker).
import Select from 'antd/es/select';
import { useI18n } from '../../i18n';
import type { Role } from '../../shared/types';

export const ROLES: Role[] = ['admin', 'operator', 'dispatcher', 'handler', 'unit_leader', 'callback_agent', 'supervisor', 'leader', 'grid_worker'];

interface Props { value?: Role; onChange?: (r: Role) => void; testId?: string; id?: string; allowClear?: boolean; placeholder?: string; style?: React.CSSProperties }

export function RoleSelect({ value, onChange, testId, id, allowClear, placeholder, style }: Props) {
  const { te } = useI18n();
  return (
    <Select<Role>
      id={id}
      value={value}
      onChange={onChange}
      allowClear={allowClear}
      placeholder={placeholder}
      style={style}
      data-testid={testId}
      options={ROLES.map((r) => ({ value: r, label: te('role', r) }))}
      showSearch={{ optionFilterProp: ['label', 'value'] }}
    />
  );
}
