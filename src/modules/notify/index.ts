// Notifications: the outbox writer (an effects hook), templates, senders and the delivery job.
import type { Config } from '../../config';
import type { Db } from '../../db';
import type { JobEntry, JobLog } from '../../jobs/runner';
import { deliveryJob } from './delivery';
import { notifyHook } from './hook';
import { outboxRepo } from './outbox';
import { logSender, webhookSender, type Sender } from './senders';
import { templatesRepo } from './templates';

export { enqueue } from './outbox';
export type { OutboxRow } from './outbox';
export type { Sender } from './senders';

/** The sender the config asks for: the webhook gateway when MINHU_NOTIFY_WEBHOOK_URL is set, else the log. */
export function configuredSender(config: Config, log: JobLog): Sender {
  return config.notifyWebhookUrl
    ? webhookSender({ url: config.notifyWebhookUrl, secret: config.notifyWebhookSecret, timeoutMs: config.notifyWebhookTimeoutMs })
    : logSender(log);
}

export function notifyService(db: Db, config: Config) {
  return {
    templates: templatesRepo(db),
    outbox: outboxRepo(db),
    hook: notifyHook({ tz: config.timezone, publicUrl: config.publicUrl }),
    /** The delivery job over a sender (tests pass their own; the server uses configuredSender). */
    job(sender: Sender) {
      return deliveryJob(db, sender, { leaseMs: config.notifyLeaseMs, maxAttempts: config.notifyMaxAttempts, tz: config.timezone, quietHours: config.notifyQuietHours });
    },
    jobEntry(sender: Sender): JobEntry {
      return { job: this.job(sender) as JobEntry['job'], intervalMs: config.notifyIntervalMs, batch: config.notifyBatch };
    },
  };
}
export type NotifyService = ReturnType<typeof notifyService>;
