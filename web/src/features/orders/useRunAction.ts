// Runs an order action with the version the user saw. A 409 version_conflict is handed to `onConflict`
// (the page shows "工单已被他人更新，请刷新" with a reload button); other errors become notifications.
import { useState } from 'react';
import { isApiError, orderAction } from '../../app/api';
import { useFeedback } from '../../shared/feedback';
import { useI18n } from '../../i18n';
import type { Order, OrderSummary } from '../../shared/types';

export function useRunAction(opts: { onDone?: (o: Order, action: string) => void; onConflict?: (action: string) => void } = {}) {
  const { showError, message } = useFeedback();
  const { t, te } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);

  const run = async (order: Pick<OrderSummary, 'id' | 'version' | 'number'>, action: string, body: Record<string, unknown> = {}): Promise<Order | null> => {
    setBusy(action);
    setBusyId(order.id);
    try {
      const updated = await orderAction<Order>(order.id, action, order.version, body);
      message.success(t('action.done', { action: te('action', action), number: order.number }));
      opts.onDone?.(updated, action);
      return updated;
    } catch (e) {
      showError(e);
      if (isApiError(e) && e.code === 'version_conflict') opts.onConflict?.(action);
      return null;
    } finally {
      setBusy(null);
      setBusyId(null);
    }
  };
  /** `busy` is the running action, `busyId` the order it runs on (lists show the spinner on that row only). */
  return { run, busy, busyId };
}
