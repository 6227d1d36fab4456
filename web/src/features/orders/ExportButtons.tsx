// 导出 Excel / CSV of an order list with the list's current filters (GET /orders/export; the server applies
// the same scope and masking and refuses more than 50,000 rows with a message).
import { useState } from 'react';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import DownloadOutlined from '@ant-design/icons/DownloadOutlined';
import { useI18n } from '../../i18n';
import { downloadFile } from '../../shared/download';
import { useFeedback } from '../../shared/feedback';
import type { OrderQuery } from './useOrderList';

export function ExportButtons({ query }: { query: OrderQuery }) {
  const { t } = useI18n();
  const { showError } = useFeedback();
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (format: 'xlsx' | 'csv') => {
    setBusy(format);
    try {
      const q: Record<string, string | number | boolean | null | undefined> = {};
      for (const [k, v] of Object.entries(query)) if (k !== 'page' && k !== 'pageSize') q[k] = v;
      await downloadFile('/orders/export', { ...q, format }, `orders.${format}`);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space size={4} className="no-print" data-testid="order-export">
      <Button size="small" icon={<DownloadOutlined />} loading={busy === 'xlsx'} onClick={() => void run('xlsx')} data-testid="export-xlsx">{t('export.xlsx')}</Button>
      <Button size="small" loading={busy === 'csv'} onClick={() => void run('csv')} data-testid="export-csv">{t('export.csv')}</Button>
    </Space>
  );
}
