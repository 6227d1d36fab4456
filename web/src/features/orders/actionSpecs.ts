// What each order action asks for, as data: the generic ActionDialog renders these fields. Actions with
// their own dialog (dispatch, callback, merge) are marked `custom`; `sign` runs with one click.
import type { MsgKey } from '../../i18n';

export type FieldKind = 'text' | 'subunit' | 'owner' | 'limit' | 'date' | 'datetime' | 'choice' | 'units';

export interface ActionField {
  name: string;
  kind: FieldKind;
  label: MsgKey;
  required: boolean;
  placeholder?: MsgKey;
  /** for `choice`: the values, labelled by the message `<choicePrefix><value>` */
  choices?: { values: readonly string[]; prefix: string };
}

export interface ActionSpec {
  fields: ActionField[];
  custom?: 'dispatch' | 'callback' | 'merge' | 'whistle' | 'whistle-rate';
  oneClick?: boolean;
  danger?: boolean;
  primary?: boolean;
}

const text = (name: string, label: MsgKey, required = true, placeholder?: MsgKey): ActionField => ({ name, kind: 'text', label, required, placeholder });

export const ACTION_SPECS: Record<string, ActionSpec> = {
  answer: { fields: [text('answer', 'field.answer')], primary: true },
  dispatch: { fields: [], custom: 'dispatch', primary: true },
  sign: { fields: [], oneClick: true, primary: true },
  contact: { fields: [text('note', 'field.contactNote', true, 'field.contactNoteHint')] },
  subdispatch: { fields: [{ name: 'unitId', kind: 'subunit', label: 'field.subUnit', required: true }, text('note', 'field.note', false)] },
  reply: { fields: [text('result', 'field.result', true, 'field.resultHint'), text('replyToRequester', 'field.replyToRequester', true, 'field.replyHint')], primary: true },
  return: { fields: [text('reason', 'field.returnReason', true, 'field.returnReasonHint')], danger: true },
  // 首办负责制: the approval names the new owner (empty: the district's fallback unit 兜底单位).
  'return/approve': { fields: [{ name: 'mainUnitId', kind: 'owner', label: 'field.newOwner', required: false, placeholder: 'field.newOwnerHint' }, text('note', 'field.note', false)], primary: true },
  'return/reject': { fields: [text('note', 'field.rejectNote')], danger: true },
  extension: { fields: [text('reason', 'field.extensionReason'), { name: 'extra', kind: 'limit', label: 'field.extra', required: true }] },
  'extension/approve': { fields: [text('note', 'field.note', false)], primary: true },
  'extension/reject': { fields: [text('note', 'field.rejectNote')], danger: true },
  callback: { fields: [], custom: 'callback', primary: true },
  reopen: { fields: [text('reason', 'field.reopenReason')], danger: true },
  close: { fields: [text('note', 'field.note', false)] },
  merge: { fields: [], custom: 'merge' },
  invalidate: { fields: [text('reason', 'field.invalidReason')], danger: true },
  list: { fields: [text('reason', 'field.listReason'), { name: 'until', kind: 'date', label: 'field.until', required: true }] },
  supervise: { fields: [text('note', 'field.superviseNote')] },
  exemption: {
    fields: [
      { name: 'reason', kind: 'choice', label: 'field.exemptionReason', required: true, choices: { values: ['unreasonable', 'duplicate', 'not_our_duty', 'force_majeure', 'other'], prefix: 'assessment.reason.' } },
      text('note', 'field.exemptionNote'),
    ],
  },
  'exemption/approve': { fields: [text('note', 'field.note', false)], primary: true },
  'exemption/reject': { fields: [text('note', 'field.rejectNote')], danger: true },
  whistle: { fields: [], custom: 'whistle' },
  'whistle/report': { fields: [text('action', 'field.reportAction'), { name: 'onSiteAt', kind: 'datetime', label: 'field.onSiteAt', required: false }, text('note', 'field.note', false)], primary: true },
  'whistle/rate': { fields: [], custom: 'whistle-rate' },
  petition: { fields: [text('caseNo', 'field.caseNo'), text('note', 'field.note', false)] },
  mediation: { fields: [text('body', 'field.mediationBody'), text('reason', 'field.mediationReason')] },
  'mediation/outcome': {
    fields: [
      { name: 'outcome', kind: 'choice', label: 'field.mediationOutcome', required: true, choices: { values: ['settled', 'failed', 'withdrawn'], prefix: 'mediation.outcome.' } },
      text('note', 'field.note'),
    ],
    primary: true,
  },
  escalate: { fields: [{ name: 'level', kind: 'choice', label: 'field.escalationLevel', required: true, choices: { values: ['district', 'city', 'regulator'], prefix: 'escalation.level.' } }, text('reason', 'field.escalationReason')] },
  'escalation/answer': {
    fields: [
      { name: 'decision', kind: 'choice', label: 'field.escalationDecision', required: true, choices: { values: ['coordinated', 'refused'], prefix: 'escalation.decision.' } },
      text('note', 'field.escalationNote'),
      { name: 'unitIds', kind: 'units', label: 'field.escalationUnits', required: false },
    ],
    primary: true,
  },
};

/** The order in which buttons appear: forward steps first, then side processes, then the exits. */
export const ACTION_ORDER = [
  'answer', 'dispatch', 'sign', 'contact', 'reply', 'callback', 'close', 'reopen', 'return/approve', 'return/reject',
  'extension/approve', 'extension/reject', 'exemption/approve', 'exemption/reject', 'whistle/report', 'whistle/rate', 'escalation/answer', 'mediation/outcome', 'subdispatch', 'whistle', 'escalate', 'mediation', 'extension', 'return', 'supervise', 'petition', 'merge', 'list', 'invalidate', 'exemption',
];

/** `return/approve` → `return-approve`, for test ids and dictionary keys. */
export const actionSlug = (action: string) => action.replace(/\//g, '-');
