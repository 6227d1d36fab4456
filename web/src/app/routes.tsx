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
  { key: 'reception', path: '/reception', roles: ['operator', 'dispatcher', 'supervisor', 'leader', 'admin'], label: 'nav.reception', component: lazy(() => import('../features/intake/ReceptionPage')) },
  { key: 'dispatch', path: '/dispatch', roles: ['dispatcher', 'admin'], label: 'nav.dispatch', component: lazy(() => import('../features/dispatch/DispatchPage')) },
  { key: 'unit', path: '/unit', roles: ['handler', 'unit_leader', 'grid_worker', 'admin'], label: 'nav.unit', component: lazy(() => import('../features/unit/UnitInboxPage')) },
  { key: 'whistle', path: '/whistle', roles: ['handler', 'unit_leader', 'admin'], label: 'nav.whistle', component: lazy(() => import('../features/whistle/WhistleInboxPage')) },
  { key: 'grid', path: '/grid', roles: ['grid_worker', 'admin'], label: 'nav.grid', component: lazy(() => import('../features/grid/GridPage')) },
  { key: 'callback', path: '/callback', roles: ['callback_agent', 'admin'], label: 'nav.callback', component: lazy(() => import('../features/callback/CallbackPage')) },
  { key: 'supervision', path: '/supervision', roles: ['supervisor', 'leader', 'admin'], label: 'nav.supervision', component: lazy(() => import('../features/supervision/SupervisionPage')) },
  { key: 'assessment', path: '/assessment', roles: ['supervisor', 'leader', 'admin', 'handler', 'unit_leader'], label: 'nav.assessment', component: lazy(() => import('../features/assessment/AssessmentPage')) },
  { key: 'dashboard', path: '/dashboard', roles: ['supervisor', 'leader', 'admin'], label: 'nav.dashboard', component: lazy(() => import('../features/dashboard/BigScreen')) },
  { key: 'unitDashboard', path: '/unit-dashboard', roles: ['handler', 'unit_leader', 'grid_worker', 'supervisor', 'leader', 'admin'], label: 'nav.unitDashboard', component: lazy(() => import('../features/dashboard/UnitDashboard')) },
  { key: 'governance', path: '/governance', roles: ['supervisor', 'leader', 'admin', 'handler', 'unit_leader'], label: 'nav.governance', component: lazy(() => import('../features/dashboard/GovernancePage')) },
  { key: 'orders', path: '/orders', roles: ALL, label: 'nav.orders', component: lazy(() => import('../features/orders/OrderSearchPage')) },
  { key: 'happycodes', path: '/happy-codes', roles: ['admin', 'unit_leader', 'handler'], label: 'nav.happyCodes', component: lazy(() => import('../features/happy-codes/HappyCodesPage')) },
  { key: 'community', path: '/community', roles: ['handler', 'unit_leader', 'supervisor', 'leader', 'admin'], label: 'nav.community', component: lazy(() => import('../features/community/CommunityPage')) },
  { key: 'admin', path: '/admin', roles: ['admin'], label: 'nav.admin', component: lazy(() => import('../features/admin/AdminPage')) },
  { key: 'escalations', path: '/escalations', roles: ['handler', 'unit_leader', 'dispatcher', 'supervisor', 'admin'], label: 'nav.escalations', component: lazy(() => import('../features/escalation/EscalationInboxPage')) },
  { key: 'duty', path: '/duty', roles: ['unit_leader', 'admin'], label: 'nav.duty', component: lazy(() => import('../features/duty/DutyPage')) },
];

export const OrderPage = lazy(() => import('../features/orders/OrderPage'));

const landing: Record<Role, string> = {
  admin: '/admin', operator: '/intake', dispatcher: '/dispatch', handler: '/unit', unit_leader: '/unit', grid_worker: '/grid',
  callback_agent: '/callback', supervisor: '/supervision', leader: '/supervision',
};

export const workbenchesFor = (role: Role) => workbenches.filter((w) => w.roles.includes(role));
export const landingFor = (role: Role) => landing[role] ?? '/orders';
