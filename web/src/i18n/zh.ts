// The Chinese dictionary is the source of truth: its keys are the message keys of the console.
import { common } from './zh/common';
import { enums } from './zh/enums';
import { work } from './zh/work';
import { admin } from './zh/admin';

export const zh = { ...common, ...enums, ...work, ...admin };
export type MsgKey = keyof typeof zh;
export type Parts = { common: typeof common; enums: typeof enums; work: typeof work; admin: typeof admin };
