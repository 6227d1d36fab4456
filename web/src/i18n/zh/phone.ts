// 手机与平板: the drawer menu of the compact header and the card lists.
export const phone = {
  'phone.menu': '菜单',
  'phone.closeMenu': '关闭菜单',
};
