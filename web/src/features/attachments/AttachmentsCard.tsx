// The order page's 附件 card: the gallery and an uploader. Anyone who can see the order may add files
// (the server checks the scope). Files that went up join the gallery at once, without reloading the
// order: adding an attachment appends an event but does not change the order's version.
import { useState } from 'react';
import Card from 'antd/es/card';
import { useI18n } from '../../i18n';
import type { Attachment, Order } from '../../shared/types';
import { AttachmentGallery } from './AttachmentGallery';
import { AttachmentUploader } from './AttachmentUploader';
import { useUploads } from './useUploads';

type CardOrder = Pick<Order, 'id' | 'attachments'>;

// Keyed by the order: going to another order starts with an empty upload list.
export function AttachmentsCard({ order }: { order: CardOrder }) {
  return <OrderAttachments key={order.id} order={order} />;
}

function OrderAttachments({ order }: { order: CardOrder }) {
  const { t } = useI18n();
  const [added, setAdded] = useState<Attachment[]>([]);
  const uploads = useUploads({ orderId: order.id, onUploaded: (a) => setAdded((xs) => [...xs, a]) });
  const fresh = added.filter((a) => !order.attachments.some((x) => x.id === a.id));
  return (
    <Card size="small" title={t('order.attachments')} data-testid="attachments">
      <AttachmentGallery attachments={[...order.attachments, ...fresh]} />
      <div style={{ marginTop: 12 }}>
        <AttachmentUploader uploads={uploads} testId="attach" pasteAnywhere hideDone />
      </div>
    </Card>
  );
}
