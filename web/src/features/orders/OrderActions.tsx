// The action buttons of an order: exactly the server's `allowedActions`, each with its dialog.
import { useState } from 'react';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useI18n } from '../../i18n';
import type { Order } from '../../shared/types';
import { DispatchDialog } from '../dispatch/DispatchDialog';
import { MergeDialog } from '../dispatch/MergeDialog';
import { CallbackDialog } from '../callback/CallbackDialog';
import { WhistleDialog } from '../whistle/WhistleDialog';
import { WhistleRateDialog } from '../whistle/WhistleRateDialog';
import { ActionDialog } from './ActionDialog';
import { ACTION_ORDER, ACTION_SPECS, actionSlug } from './actionSpecs';
import { useRunAction } from './useRunAction';

interface Props {
  order: Order;
  onUpdated(o: Order): void;
  onConflict(): void;
}

export function OrderActions({ order, onUpdated, onConflict }: Props) {
  const { t, te } = useI18n();
  const [open, setOpen] = useState<string | null>(null);
  const { run, busy } = useRunAction({ onDone: (o) => { setOpen(null); onUpdated(o); }, onConflict: () => { setOpen(null); onConflict(); } });

  const actions = [...order.allowedActions].sort((a, b) => {
    const ia = ACTION_ORDER.indexOf(a); const ib = ACTION_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });

  if (actions.length === 0) {
    return <Typography.Text type="secondary" data-testid="no-actions">{t('order.noActions')}</Typography.Text>;
  }

  const click = (a: string) => {
    const spec = ACTION_SPECS[a];
    if (spec?.oneClick) void run(order, a);
    else setOpen(a);
  };

  const closeWith = (o: Order) => { setOpen(null); onUpdated(o); };
  const conflict = () => { setOpen(null); onConflict(); };
  const spec = open ? ACTION_SPECS[open] : undefined;

  return (
    <>
      <Space wrap data-testid="order-actions">
        {actions.map((a) => {
          const s = ACTION_SPECS[a];
          return (
            <Button
              key={a}
              type={s?.primary ? 'primary' : 'default'}
              danger={s?.danger}
              loading={busy === a}
              disabled={busy !== null && busy !== a}
              onClick={() => click(a)}
              data-testid={`action-${actionSlug(a)}`}
            >
              {te('action', a)}
            </Button>
          );
        })}
      </Space>
      {open && spec?.custom === 'dispatch' && <DispatchDialog order={order} onClose={() => setOpen(null)} onDone={closeWith} onConflict={conflict} />}
      {open && spec?.custom === 'merge' && <MergeDialog order={order} onClose={() => setOpen(null)} onDone={closeWith} onConflict={conflict} />}
      {open && spec?.custom === 'whistle' && <WhistleDialog order={order} onClose={() => setOpen(null)} onDone={closeWith} onConflict={conflict} />}
      {open && spec?.custom === 'whistle-rate' && <WhistleRateDialog order={order} onClose={() => setOpen(null)} onDone={closeWith} onConflict={conflict} />}
      {open && spec?.custom === 'callback' && <CallbackDialog order={order} onClose={() => setOpen(null)} onDone={onUpdated} onConflict={conflict} />}
      {open && !spec?.custom && (
        <ActionDialog order={order} action={open} busy={busy === open} onCancel={() => setOpen(null)} onSubmit={(body) => void run(order, open, body)} />
      )}
    </>
  );
}
