// Dashboard strings.
export const insight = {
  'nav.dashboard': 'Big screen',
  'nav.unitDashboard': 'Dashboard',
  'nav.governance': 'Governance',
};
