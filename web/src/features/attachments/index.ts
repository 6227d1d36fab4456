// Attachments in the console: upload (drop, paste, camera) and the gallery (thumbnails, player, downloads).
export { AttachmentsCard } from './AttachmentsCard';
export { AttachmentGallery } from './AttachmentGallery';
export { AttachmentUploader, fmtSize } from './AttachmentUploader';
export { useUploads, type UploadItem, type Uploads } from './useUploads';
export { uploadAttachment, attachmentUrl, ATTACHMENT_ACCEPT } from './upload';
export { UploadSummary } from './UploadSummary';
