// The order's typed event history as a timeline: who did what, when, with which note.
import Tag from 'antd/es/tag';
import Timeline from 'antd/es/timeline';
import Typography from 'antd/es/typography';
import { useI18n } from '../../i18n';
import { fmtDateTime } from '../../shared/format';
import { useUnits } from '../../shared/resources';
import type { OrderEvent } from '../../shared/types';

const BLUE = '#1677ff';
const COLORS: Record<string, string> = {
  registered: BLUE, answered: 'green', dispatched: BLUE, signed: 'green', replied: 'green', closed: 'gray',
  return_requested: 'orange', return_rejected: 'orange', extension_requested: 'orange', reopened: 'red', overdue: 'red',
  warned: 'orange', supervised: 'red', invalidated: 'gray', merged: 'gray',
};

/** Payload fields shown as text, in this order; ids are turned into names where the console knows them. */
const TEXT_FIELDS = ['answer', 'note', 'reason', 'result', 'replyToRequester'];

function useDetails() {
  const { t, te } = useI18n();
  const { units } = useUnits();
  const unitName = (id: unknown) => units.find((u) => u.id === id)?.name ?? (id == null ? '' : `#${String(id)}`);
  return (ev: OrderEvent): string[] => {
    const p = ev.payload ?? {};
    const out: string[] = [];
    if (ev.type === 'dispatched') {
      out.push(`${t('dispatch.mainUnit')}: ${unitName(p.mainUnitId)}`);
      const co = (p.coUnitIds as number[] | undefined) ?? [];
      const cp = (p.copyUnitIds as number[] | undefined) ?? [];
      if (co.length) out.push(`${t('dispatch.coUnits')}: ${co.map(unitName).join('、')}`);
      if (cp.length) out.push(`${t('dispatch.copyUnits')}: ${cp.map(unitName).join('、')}`);
      if (p.tier) out.push(te('tier', p.tier as number));
      if (p.auto) out.push(t('event.auto'));
    }
    if (ev.type === 'subdispatched') out.push(`→ ${unitName(p.unitId)}`);
    if (ev.type === 'return_approved' && p.fromUnitId) out.push(`${t('event.fromUnit')}: ${unitName(p.fromUnitId)}`);
    if (ev.type === 'return_approved' && p.toUnitId) out.push(`${t(p.fallback ? 'event.toFallbackUnit' : 'event.toUnit')}: ${unitName(p.toUnitId as number)}`);
    if (ev.type === 'extension_requested' && p.extra) {
      const e = p.extra as { amount: number; unit: string };
      out.push(`${t('field.extra')}: ${e.amount} ${te('limitUnit', e.unit)}`);
    }
    if (ev.type === 'extension_approved') out.push(`${fmtDateTime(p.oldDueAt as string)} → ${fmtDateTime(p.newDueAt as string)}`);
    if (ev.type === 'callback_recorded') {
      out.push([te('outcome', p.outcome as string), p.resolution && te('resolution', p.resolution as string), p.satisfaction && te('satisfaction', p.satisfaction as string)].filter(Boolean).join(' · '));
    }
    if (ev.type === 'merged') out.push(`→ ${String(p.parentNumber ?? p.parentId)}`);
    if (ev.type === 'child_merged') out.push(`← ${String(p.childNumber ?? p.childId)}`);
    if (ev.type === 'listed') out.push(`${t('field.until')}: ${String(p.until)}`);
    if (ev.type === 'warned' || ev.type === 'overdue') out.push(`${te('deadlineKind', p.deadline as string)} · ${fmtDateTime(p.dueAt as string)}`);
    if (ev.type === 'instruction_given') out.push(String(p.text ?? ''));
    if (ev.type === 'attachment_added') out.push(String(p.filename ?? ''));
    if (ev.type === 'closed' && p.reason && p.reason !== 'manual') out.push(te('closeReason', p.reason as string));
    for (const f of TEXT_FIELDS) {
      if (ev.type === 'closed' && f === 'reason') continue; // an enum, shown above
      const v = p[f];
      if (typeof v === 'string' && v.trim()) out.push(`${te('payload', f)}: ${v}`);
    }
    return out;
  };
}

export function OrderTimeline({ events }: { events: OrderEvent[] }) {
  const { t, te } = useI18n();
  const details = useDetails();
  const sorted = [...events].sort((a, b) => (a.at === b.at ? a.id - b.id : a.at.localeCompare(b.at)));
  return (
    <Timeline
      data-testid="order-timeline"
      items={sorted.map((ev) => ({
        key: ev.id,
        color: COLORS[ev.type] ?? BLUE,
        title: <span style={{ whiteSpace: 'nowrap' }}>{fmtDateTime(ev.at)}</span>,
        content: (
          <div data-testid={`event-${ev.type}`}>
            <Typography.Text strong>{te('event', ev.type)}</Typography.Text>{' '}
            <Typography.Text type="secondary">
              {ev.actor ? ev.actor.name : t('event.system')}{ev.unit ? ` · ${ev.unit.name}` : ''}
            </Typography.Text>
            {details(ev).map((line, i) => (
              <div key={i} style={{ whiteSpace: 'pre-wrap', color: '#444' }}>{line}</div>
            ))}
            {ev.type === 'supervised' && ev.payload.auto === true && <Tag color="volcano">{t('event.auto')}</Tag>}
          </div>
        ),
      }))}
    />
  );
}
