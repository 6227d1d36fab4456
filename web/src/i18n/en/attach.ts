// Attachments strings, English.
import type { Parts } from '../zh';

export const attach: Record<keyof Parts['attach'], string> = {
  'attach.drop': 'Click or drop photos, recordings, documents',
  'attach.dropHint': 'You can also paste a screenshot here (Ctrl+V). Photos, audio, PDF and Office documents; the type is decided from the content.',
  'attach.camera': 'Take photo',
  'attach.waiting': 'waiting',
  'attach.uploading': 'uploading',
  'attach.done': 'uploaded',
  'attach.failed': 'failed',
  'attach.remove': 'Remove',
  'attach.preview': 'Preview',
  'attach.download': 'Download',
  'attach.intakeLabel': 'Attachments (uploaded once the order is saved)',
  'attach.intakeAttached': '{count} attachment(s) attached',
  'attach.intakeFailed': '{count} attachment(s) could not be uploaded:',
  'attach.replyLabel': 'Attachments (photos, recordings, documents of the result)',
  'attach.replyBlocked': 'Some attachments were refused; remove them before sending the reply.',
};
