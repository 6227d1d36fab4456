import type { MsgKey } from './zh';
import { common } from './en/common';
import { enums } from './en/enums';
import { work } from './en/work';
import { admin } from './en/admin';

export const en: Record<MsgKey, string> = { ...common, ...enums, ...work, ...admin };
