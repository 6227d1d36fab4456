// Compile-time guard against drift between the console's API types and the server's TypeBox schemas: the
// field names must be the same both ways (a field the server stopped sending, or one the console never
// learned of, fails `npm run typecheck`, which CI runs). Types only: nothing of this reaches the bundle.
import type { Static } from 'typebox';
import type { OrderDetail as DetailSchema, OrderSummary as SummarySchema } from '../../../src/modules/orders/orders.schemas';
import type { AuditPage } from '../../../src/modules/audit/audit.routes';
import type { AuditEntry } from '../../../src/modules/audit/audit.service';
import type { Me as MeSchema, UserItem as UserSchema } from '../../../src/modules/users/users.schemas';
import type { DeadlineState, Me, Order, OrderSummary, User } from './types';
import type { LostPage as LostPageSchema } from '../../../src/modules/assessment/assessment.schemas';
import type { LostPage } from '../features/assessment/types';

type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : { onlyInConsole: Exclude<keyof A, keyof B>; onlyOnServer: Exclude<keyof B, keyof A> };

export const summaryInStep: SameKeys<OrderSummary, Static<typeof SummarySchema>> = true;
export const detailInStep: SameKeys<Order, Static<typeof DetailSchema>> = true;
export const deadlineInStep: SameKeys<DeadlineState, Static<typeof DetailSchema>['deadlines']['sign']> = true;
export const auditInStep: SameKeys<AuditEntry, Static<typeof AuditPage>['items'][number]> = true;
export const meInStep: SameKeys<Me, Static<typeof MeSchema>> = true;
export const userInStep: SameKeys<User, Static<typeof UserSchema>> = true;
export const lostPageInStep: SameKeys<LostPage, Static<typeof LostPageSchema>> = true;
