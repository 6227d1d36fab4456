// 一网知全局 strings (Chinese is the source of truth).
export const insight = {
  'nav.dashboard': '领导大屏',
  'nav.unitDashboard': '数据看板',
  'nav.governance': '主动治理',
};
