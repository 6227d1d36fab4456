// Optional auto-dispatch (off by default): a new order goes straight to the suggested unit when the
// suggestion is confident enough. The dispatched event says `auto: true` with the confidence.
import type { OrderDetail, OrdersService } from '../orders/orders.service';
import type { AuthUser } from '../users/users.repo';
import type { AssistService } from './assist.service';

export function autoDispatcher(assist: AssistService, orders: () => OrdersService, threshold: number) {
  return async (_registeredBy: AuthUser, o: OrderDetail): Promise<void> => {
    if (o.status !== 'registered' || o.type === 'consult') return;
    const s = await assist.suggest({ title: o.title, description: o.description, address: o.address, location: o.location }, { duplicates: false });
    const top = s.units[0];
    const category = s.categories[0];
    if (!top || top.confidence < threshold) return;
    // A dispatch names a leaf category: with neither the registered one nor a suggestion, a person decides.
    const categoryId = o.categoryId ?? category?.categoryId ?? null;
    if (categoryId === null) return;
    // The platform's own rule, recorded with the system as actor: the registering user gains no right from it.
    await orders().dispatchAsSystem(o.id, {
      version: o.version, mainUnitId: top.unitId, categoryId, confidence: top.confidence,
      note: `自动派单（置信度 ${top.confidence}）：${top.reasons.join('；')}`,
    });
  };
}
