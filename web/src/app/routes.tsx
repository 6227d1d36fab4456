// The workbenches, which roles see them, and where each role lands. Every workbench is its own chunk.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { MsgKey } from '../i18n';
import type { Role } from '../shared/types';

export interface Workbench {
  key: string;
  path: string;
  roles: Role[];
  label: MsgKey;
  component: LazyExoticComponent<ComponentType>;
}

const ALL: Role[] = ['admin', 'operator', 'dispatcher', 'handler', 'unit_leader', 'callback_agent', 'supervisor', 'leader', 'grid_worker'];

export const workbenches: Workbench[] = [
  { key: 'intake', path: '/intake', roles: ['operator', 'admin'], label: 'nav.intake', component: lazy(() => import('../features/intake/IntakePage')) },
  { key: 'dispatch', path: '/dispatch', roles: ['dispatcher', 'admin'], label: 'nav.dispatch', component: lazy(() => import('../features/dispatch/DispatchPage')) },
  { key: 'unit', path: '/unit', roles: ['handler', 'unit_leader', 'grid_worker', 'admin'], label: 'nav.unit', component: lazy(() => import('../features/unit/UnitInboxPage')) },
  { key: 'callback', path: '/callback', roles: ['callback_agent', 'admin'], label: 'nav.callback', component: lazy(() => import('../features/callback/CallbackPage')) },
  { key: 'supervision', path: '/supervision', roles: ['supervisor', 'leader', 'admin'], label: 'nav.supervision', component: lazy(() => import('../features/supervision/SupervisionPage')) },
  { key: 'orders', path: '/orders', roles: ALL, label: 'nav.orders', component: lazy(() => import('../features/orders/OrderSearchPage')) },
  { key: 'admin', path: '/admin', roles: ['admin'], label: 'nav.admin', component: lazy(() => import('../features/admin/AdminPage')) },
];

export const OrderPage = lazy(() => import('../features/orders/OrderPage'));

const landing: Record<Role, string> = {
  admin: '/admin', operator: '/intake', dispatcher: '/dispatch', handler: '/unit', unit_leader: '/unit', grid_worker: '/unit',
  callback_agent: '/callback', supervisor: '/supervision', leader: '/supervision',
};

export const workbenchesFor = (role: Role) => workbenches.filter((w) => w.roles.includes(role));
export const landingFor = (role: Role) => landing[role] ?? '/orders';
