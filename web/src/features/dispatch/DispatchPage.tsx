// 派单 — the dispatcher's workbench: the registered queue, return requests and extension requests.
import { useState } from 'react';
import Badge from 'antd/es/badge';
import Card from 'antd/es/card';
import Tabs from 'antd/es/tabs';
import { useI18n } from '../../i18n';
import { DispatchQueue } from './DispatchQueue';
import { PendingRequests } from './PendingRequests';

export default function DispatchPage() {
  const { t } = useI18n();
  const [counts, setCounts] = useState<{ return?: number; extension?: number }>({});
  const label = (text: string, n: number | undefined, testId: string) => (
    <span data-testid={testId}>{text} {n ? <Badge count={n} size="small" /> : null}</span>
  );
  return (
    <Card data-testid="dispatch">
      <Tabs
        destroyOnHidden={false}
        items={[
          { key: 'queue', label: <span data-testid="tab-queue">{t('dispatch.queue')}</span>, children: <DispatchQueue /> },
          {
            key: 'returns', forceRender: true, label: label(t('dispatch.returns'), counts.return, 'tab-returns'),
            children: <PendingRequests kind="return" onCount={(n) => setCounts((c) => ({ ...c, return: n }))} />,
          },
          {
            key: 'extensions', label: label(t('dispatch.extensions'), counts.extension, 'tab-extensions'),
            children: <PendingRequests kind="extension" onCount={(n) => setCounts((c) => ({ ...c, extension: n }))} />,
          },
        ]}
      />
    </Card>
  );
}
