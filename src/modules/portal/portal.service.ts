// The portal's service: residents file, track and evaluate orders through the same orders service as the
// console (as the portal's service user), with one-time codes and abuse limits in front.
import path from 'node:path';
import type { Config } from '../../config';
import type { Db } from '../../db';
import type { Clock } from '../../shared/clock';
import { fail } from '../../shared/errors';
import { folderStorage } from '../attachments/storage';
import type { CatalogRepo } from '../catalog/catalog.repo';
import type { OrdersService } from '../orders/orders.service';
import { disclosure } from './disclosure';
import { happyCodes } from './happy-codes';
import { insertEvaluation, portalHook, withPortalContext, type SubmitContext } from './hook';
import { offeredKinds } from './kinds';
import { addressKey, limiter, LIMITS, type Limit } from './limits';
import { mobileOrFail, otpService, phoneHash } from './otp';
import { checkAndStorePhotos, type PhotoInput } from './photos';
import { portalUser } from './portal-user';
import { findOwnOrder, publicView } from './track';

export interface SubmitInput {
  kind: string;
  description: string;
  address?: string;
  location?: { lat: number; lng: number } | null;
  name?: string;
  phone: string;
  code: string;
  happyCode?: string | null;
  photos?: PhotoInput[];
  /** The honeypot: hidden from people, filled by form-filling robots. */
  website?: string;
}

export interface EvaluateInput {
  number: string;
  phone: string;
  code: string;
  contacted: boolean;
  resolution: 'resolved' | 'partly' | 'unresolved';
  satisfaction: 'satisfied' | 'basically' | 'unsatisfied';
  note?: string;
}

export function portalService(db: Db, clock: Clock, config: Config, catalog: CatalogRepo, orders: () => OrdersService) {
  const limits = limiter(db);
  const otp = otpService(db, clock, limits);
  const codes = happyCodes(db, config.publicUrl);
  const user = portalUser(db);
  const storage = folderStorage(path.join(config.dataDir, 'attachments'));

  return {
    limits,
    otp,
    codes,
    user,
    hook: portalHook(otp, limits),

    /**
     * On start: the portal's service user (once the 12345 centre exists; else at the first submit) and a 幸福码 for
     * every community and grid (demo units included).
     */
    async ensure() {
      const { rows } = await db.query(`select 1 from units where type = 'center' limit 1`);
      if (rows.length) await user();
      return codes.ensure(clock.now());
    },

    kinds: () => offeredKinds(catalog),

    async submit(input: SubmitInput, ip: string) {
      if (input.website) fail('validation_failed', '提交未通过校验，请刷新页面后重新填写。');
      const now = clock.now();
      const mobile = mobileOrFail(input.phone);
      const hash = phoneHash(mobile);
      const kind = (await offeredKinds(catalog)).find((k) => k.key === input.kind);
      if (!kind) fail('validation_failed', '请选择问题类型。', { errors: [{ path: '/body/kind', message: 'unknown kind' }] });
      const place = input.happyCode ? await codes.resolve(input.happyCode) : null;
      const address = (input.address ?? '').trim() || (place ? place.fullName : '');
      if (!address && !input.location) fail('validation_failed', '请提供问题地点：使用定位、在地图上选点或填写地址。', { errors: [{ path: '/body/address', message: 'no place' }] });
      const counts: [Limit, string][] = [[LIMITS.submitPhoneDay, hash], [LIMITS.submitIpDay, ip]];
      if (address) counts.push([LIMITS.submitAddressDay, addressKey(address)]);
      for (const [l, key] of counts) await limits.check(l, key, now);
      const otpId = await otp.check(mobile, 'submit', input.code);
      const photos = await checkAndStorePhotos(storage, input.photos ?? []);
      const ctx: SubmitContext = { kind: 'submit', otpId, happyCode: place?.code ?? null, jurisdictionUnitId: place?.unitId ?? null, photos, counts };
      const description = input.description.trim();
      const o = await withPortalContext(ctx, async () =>
        orders().create(await user(), {
          channel: place ? 'qr' : 'web',
          type: 'complaint',
          title: `${kind.label}：${description.replace(/\s+/g, ' ').slice(0, 40)}`.slice(0, 200),
          description,
          address,
          location: input.location ?? place?.center ?? null,
          requester: { name: input.name?.trim() || undefined, phone: mobile },
          categoryId: kind.categoryId,
        }),
      );
      return { number: o.number, createdAt: o.createdAt, channel: o.channel, photos: photos.length, trackUrl: `${config.publicUrl}/portal/#/track?number=${o.number}` };
    },

    async track(number: string, phone: string, ip: string) {
      const o = await findOwnOrder(db, limits, number, phone, ip, clock.now());
      return publicView(db, o);
    },

    async evaluate(input: EvaluateInput, ip: string) {
      const now = clock.now();
      await limits.take(LIMITS.evaluateIpDay, ip, now);
      const mobile = mobileOrFail(input.phone);
      const o = await findOwnOrder(db, limits, input.number, mobile, ip, now);
      const view = await publicView(db, o);
      if (view.evaluation) fail('already_evaluated', '这件诉求已经评价过了，感谢您的反馈。');
      if (!view.canEvaluate) fail('evaluation_not_open', '承办单位答复后才能评价，请稍后再来。');
      const otpId = await otp.check(mobile, 'evaluate', input.code);
      const evaluation = { contacted: input.contacted, resolution: input.resolution, satisfaction: input.satisfaction, note: (input.note ?? '').trim() };
      if (!view.callbackDone) {
        // The resident answered before the callback agent: this is the order's callback (回访), through the
        // lifecycle like an agent's. A racing agent wins with version_conflict; we then keep it beside theirs.
        try {
          await withPortalContext({ kind: 'evaluate', otpId, round: o.reopenCount, evaluation }, async () =>
            orders().act(await user(), o.id, 'callback', { version: o.version, outcome: 'done', ...evaluation, note: `市民网上评价${evaluation.note ? `：${evaluation.note}` : ''}` }),
          );
          return { recordedAs: 'callback' as const };
        } catch (e) {
          if ((e as { code?: string }).code !== 'version_conflict') throw e;
        }
      }
      await db.tx(async (q) => {
        await otp.consume(q, otpId, o.id);
        await insertEvaluation(q, o.id, o.reopenCount, evaluation, false, now);
      });
      return { recordedAs: 'evaluation' as const };
    },

    disclosure: (month?: string) => disclosure(db, config.timezone, clock.now(), month),
  };
}
export type PortalService = ReturnType<typeof portalService>;
