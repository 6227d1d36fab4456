// Message templates (zh-CN, editable by admins). A body names {placeholders} filled from the message's vars;
// an unknown placeholder is left as written so a typo shows in the message instead of vanishing.
import type { Queryable } from '../../db';
import { fail } from '../../shared/errors';

export const TEMPLATE_KEYS = ['receipt', 'reply', 'callback_reminder', 'otp', 'unit_dispatched', 'unit_supervised', 'unit_warned', 'unit_overdue', 'unit_return_decided', 'unit_insight_warning', 'unit_whistle', 'unit_whistle_late', 'unit_whistle_missing', 'unit_escalation', 'unit_escalation_answered', 'unit_escalation_overdue', 'duty_alert', 'duty_leader_alert', 'duty_centre_alert', 'city_management_status', 'unit_instruction'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export interface Template {
  key: string;
  channel: 'sms' | 'unit';
  audience: 'resident' | 'unit';
  description: string;
  body: string;
  updatedAt: Date;
}

const COLS = `key, channel, audience, description, body, updated_at as "updatedAt"`;

export function render(body: string, vars: Record<string, string | number | null | undefined>): string {
  return body.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (m, name: string) => {
    const v = vars[name];
    return v === undefined || v === null ? m : String(v);
  });
}

export function templatesRepo(db: Queryable) {
  return {
    async all(): Promise<Template[]> {
      return (await db.query<Template>(`select ${COLS} from notification_templates order by key`)).rows;
    },
    async get(key: string, q: Queryable = db): Promise<Template> {
      const t = (await q.query<Template>(`select ${COLS} from notification_templates where key = $1`, [key])).rows[0];
      if (!t) fail('template_not_found', `no notification template "${key}"`);
      return t;
    },
    async save(key: string, body: string, userId: number, at: Date): Promise<Template> {
      const { rows } = await db.query<Template>(`update notification_templates set body = $2, updated_by = $3, updated_at = $4 where key = $1 returning ${COLS}`, [key, body, userId, at]);
      if (!rows[0]) fail('template_not_found', `no notification template "${key}"`);
      return rows[0];
    },
  };
}
export type TemplatesRepo = ReturnType<typeof templatesRepo>;
