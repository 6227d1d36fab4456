// The Chinese dictionary is the source of truth: its keys are the message keys of the console.
import { common } from './zh/common';
import { enums } from './zh/enums';
import { work } from './zh/work';
import { admin } from './zh/admin';
import { assessment } from './zh/assessment';
import { happy } from './zh/happy';
import { insight } from './zh/insight';
import { whistle } from './zh/whistle';
import { grid } from './zh/grid';
import { sources } from './zh/sources';
import { escalation } from './zh/escalation';
import { console2 } from './zh/console2';
import { community } from './zh/community';
import { attach } from './zh/attach';
import { phone } from './zh/phone';

export const zh = { ...common, ...enums, ...work, ...admin, ...assessment, ...happy, ...insight, ...whistle, ...grid, ...sources, ...escalation, ...console2, ...community, ...attach, ...phone };
export type MsgKey = keyof typeof zh;
export type Parts = { common: typeof common; enums: typeof enums; work: typeof work; admin: typeof admin; assessment: typeof assessment; happy: typeof happy; insight: typeof insight; whistle: typeof whistle; grid: typeof grid; sources: typeof sources; escalation: typeof escalation; console2: typeof console2; community: typeof community; attach: typeof attach; phone: typeof phone };
