// Slot for the intake assistant (POST /api/v1/assist): category, unit, possible duplicates and
// knowledge-base answers for what the operator has typed so far. When the server has no assistant
// (a 404 answer) the panel renders nothing. The rendering here is deliberately plain; a later change
// owns the richer UI.
import { useEffect, useState, type ReactNode } from 'react';
import Card from 'antd/es/card';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { api, isApiError } from '../../app/api';
import { useI18n, type MsgKey } from '../../i18n';

export interface SuggestionsPanelProps {
  title: string;
  description: string;
  address: string;
  location?: { lat: number; lng: number } | null;
  /** The order being dispatched, so it is not proposed as its own duplicate. */
  excludeOrderId?: number;
  onPickCategory?: (categoryId: number) => void;
  onPickUnit?: (unitId: number) => void;
  onUseAnswer?: (answer: string, kbArticleId?: number) => void;
  /** Every answer, for callers that use more of it (the dispatch dialog: the resolved street; the intake: 智能预填). */
  onResult?: (r: AssistResult) => void;
  /** A fixed height (px) the panel always takes, scrolling inside: nothing below it moves when suggestions arrive. */
  reserveHeight?: number;
}

/** The part of the assist answer this panel shows (the server also returns jurisdiction and reasons). */
export interface AssistResult {
  modelReady?: boolean;
  /** fitted: the confidence was checked on held-out handled orders of this instance (docs/DISPATCH.md) */
  calibration?: { fitted: boolean; heldOut: number; ece: number | null };
  categories?: { categoryId: number; name: string; path: string[]; confidence: number; rank?: number; band?: 'high' | 'medium' | 'low' | null }[];
  jurisdiction?: { streetId: number | null; streetName: string | null };
  units?: { unitId: number; name: string; type: string; confidence: number; reasons: string[] }[];
  duplicates?: { id: number; number: string; title: string; status: string; address?: string; score: number }[];
  articles?: { id: number; question: string; answer: string; score: number }[];
}

/** undefined = not probed yet; false = the server has no assistant (404). Shared by all mounts. */
let available: boolean | undefined;

const pct = (x: number) => (x > 0 ? ` ${Math.round(x * 100)}%` : '');

export function SuggestionsPanel(props: SuggestionsPanelProps) {
  const { t } = useI18n();
  const [result, setResult] = useState<AssistResult | null>(null);
  const [, force] = useState(0);
  const { title, description, address, location, excludeOrderId } = props;
  const text = `${title} ${description}`.trim();

  useEffect(() => {
    if (available === false || text.length < 4) return;
    const ctrl = new AbortController();
    const id = setTimeout(() => {
      api<AssistResult>('/assist', { method: 'POST', signal: ctrl.signal, body: { title, description, address, ...(location ? { location } : {}), ...(excludeOrderId ? { excludeOrderId } : {}) } })
        .then((r) => { available = true; setResult(r); props.onResult?.(r); })
        .catch((e: unknown) => {
          if (isApiError(e) && (e.status === 404 || e.status === 405)) { available = false; force((n) => n + 1); }
        });
    }, 500);
    return () => { clearTimeout(id); ctrl.abort(); };
  }, [text, title, description, address, location, excludeOrderId]);

  const reserve = props.reserveHeight;
  const frame = (body: ReactNode) => (
    <div data-testid="suggestions-area" style={reserve ? { height: reserve, overflowY: 'auto' } : undefined}>{body}</div>
  );
  if (available === false) return reserve ? frame(null) : null;
  if (!result) return reserve ? frame(<Card size="small" title={t('assist.title')}><Typography.Text type="secondary">{t('assist.waiting')}</Typography.Text></Card>) : null;
  const section = (label: string, body: ReactNode[]) => body.length > 0 && (
    <div style={{ marginBottom: 8 }}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <div>{body}</div>
    </div>
  );
  const cats = (result.categories ?? []).filter((c, i) => i === 0 || c.confidence > 0).slice(0, 3);
  const units = (result.units ?? []).filter((u, i) => i === 0 || u.confidence > 0).slice(0, 3);
  // A percentage is shown only when it was checked on this instance's handled orders; otherwise the
  // ranking is what the model knows (an unfitted score over hundreds of leaves reads as a guess).
  const calibrated = result.calibration?.fitted !== false;
  const shown = (x: number) => (calibrated ? pct(x) : '');
  const BAND_COLOR = { high: 'green', medium: 'gold', low: 'default' } as const;

  return frame(
    <Card size="small" title={t('assist.title')} data-testid="suggestions-panel">
      {section(t('assist.categories'), cats.map((c, i) => (
        <Tag key={c.categoryId} color="blue" style={{ cursor: 'pointer' }} title={c.path.join(' / ')}
          onClick={() => props.onPickCategory?.(c.categoryId)} data-testid={`assist-category-${c.categoryId}`} data-rank={c.rank ?? i + 1}>
          <b>{t('assist.rank', { n: c.rank ?? i + 1 })}</b> {c.name}
          {calibrated && c.band && <Tag bordered={false} color={BAND_COLOR[c.band]} style={{ marginInline: 4 }} data-testid="assist-band">{t(`assist.band.${c.band}` as MsgKey)}</Tag>}
          {shown(c.confidence)}
        </Tag>
      )))}
      {cats.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="assist-confidence-note">
          {calibrated && result.calibration ? t('assist.calibrated', { n: result.calibration.heldOut, ece: result.calibration.ece ?? 0 }) : !calibrated ? t('assist.uncalibrated') : ''}
        </Typography.Text>
      )}
      {section(t('assist.units'), units.map((u) => (
        <Tag key={u.unitId} color="green" title={u.reasons.join('；')} style={{ cursor: props.onPickUnit ? 'pointer' : undefined }}
          onClick={() => props.onPickUnit?.(u.unitId)} data-testid={`assist-unit-${u.unitId}`}>
          {u.name}{shown(u.confidence)}
        </Tag>
      )))}
      {section(t('assist.duplicates'), (result.duplicates ?? []).slice(0, 5).map((d) => (
        <div key={d.id}><a href={`#/orders/${d.id}`} target="_blank" rel="noreferrer">{d.number} {d.title}</a></div>
      )))}
      {section(t('assist.articles'), (result.articles ?? []).slice(0, 3).map((a) => (
        <div key={a.id}><a onClick={() => props.onUseAnswer?.(a.answer, a.id)} data-testid={`assist-article-${a.id}`}>{a.question}</a></div>
      )))}
    </Card>,
  );
}
