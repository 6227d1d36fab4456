// What each order action asks for, as data: the generic ActionDialog renders these fields. Actions with
// their own dialog (dispatch, callback, merge) are marked `custom`; `sign` runs with one click.
import type { MsgKey } from '../../i18n';

export type FieldKind = 'text' | 'subunit' | 'limit' | 'date';

export interface ActionField {
  name: string;
  kind: FieldKind;
  label: MsgKey;
  required: boolean;
  placeholder?: MsgKey;
}

export interface ActionSpec {
  fields: ActionField[];
  custom?: 'dispatch' | 'callback' | 'merge';
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
  'return/approve': { fields: [text('note', 'field.note', false)], primary: true },
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
};

/** The order in which buttons appear: forward steps first, then side processes, then the exits. */
export const ACTION_ORDER = [
  'answer', 'dispatch', 'sign', 'contact', 'reply', 'callback', 'close', 'reopen', 'return/approve', 'return/reject',
  'extension/approve', 'extension/reject', 'subdispatch', 'extension', 'return', 'supervise', 'merge', 'list', 'invalidate',
];

/** `return/approve` → `return-approve`, for test ids and dictionary keys. */
export const actionSlug = (action: string) => action.replace(/\//g, '-');
