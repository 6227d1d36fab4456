// Phone and tablet strings, English.
import type { Parts } from '../zh';

export const phone: Record<keyof Parts['phone'], string> = {
  'phone.menu': 'Menu',
  'phone.closeMenu': 'Close menu',
};
