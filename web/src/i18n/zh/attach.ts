// 附件: upload (drag, paste, camera) and the gallery on the order page, intake and the reply dialog.
export const attach = {
  'attach.drop': '点击或拖入照片、录音、文档',
  'attach.dropHint': '也可以在此处粘贴截图（Ctrl+V）。可上传照片、录音、PDF 与 Office 文档；类型以文件内容为准。',
  'attach.camera': '拍照',
  'attach.waiting': '待上传',
  'attach.uploading': '上传中',
  'attach.done': '已上传',
  'attach.failed': '上传失败',
  'attach.remove': '移除',
  'attach.preview': '预览',
  'attach.download': '下载',
  'attach.intakeLabel': '附件（保存工单后自动上传）',
  'attach.intakeAttached': '已附 {count} 个附件',
  'attach.intakeFailed': '{count} 个附件未能上传：',
  'attach.replyLabel': '附件（办理结果的照片、录音、文档）',
  'attach.replyBlocked': '有附件未能上传，请移除后再提交答复。',
};
