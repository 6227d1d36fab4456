import type { MsgKey } from './zh';
import { common } from './en/common';
import { enums } from './en/enums';
import { work } from './en/work';
import { admin } from './en/admin';
import { assessment } from './en/assessment';
import { happy } from './en/happy';
import { insight } from './en/insight';
import { whistle } from './en/whistle';
import { grid } from './en/grid';
import { sources } from './en/sources';
import { escalation } from './en/escalation';
import { console2 } from './en/console2';
import { community } from './en/community';
import { attach } from './en/attach';
import { phone } from './en/phone';

export const en: Record<MsgKey, string> = { ...common, ...enums, ...work, ...admin, ...assessment, ...happy, ...insight, ...whistle, ...grid, ...sources, ...escalation, ...console2, ...community, ...attach, ...phone };
