// Chinese titles for the server's stable error codes (docs/ERRORS.md). The server's own English title
// is used for English and for codes not listed here; the server's `detail` is always shown as well.
const zhTitles: Record<string, string> = {
  validation_failed: '请求内容不完整或格式不对，请检查标出的字段。',
  bad_json: '请求内容不是有效的 JSON。',
  unsupported_media_type: '不接受这种内容类型。',
  payload_too_large: '提交的内容太大。',
  not_authenticated: '请先登录。',
  invalid_credentials: '用户名或密码错误。',
  too_many_attempts: '登录尝试过多，请稍等一分钟再试。',
  forbidden: '您的角色或所在单位无权执行此操作。',
  not_found: '没有找到。',
  order_not_found: '没有这个工单，或不在您单位的范围内。',
  unit_not_found: '没有这个单位。',
  category_not_found: '没有这个派单目录。',
  user_not_found: '没有这个用户。',
  article_not_found: '没有这篇知识库条目。',
  attachment_not_found: '没有这个附件。',
  route_not_found: '服务器没有这个接口。',
  version_conflict: '工单已被他人更新，请刷新',
  invalid_transition: '工单当前状态下不能执行此操作，请刷新查看最新状态。',
  username_taken: '用户名已被使用。',
  already_pending: '已有同类申请在等待审批。',
  nothing_pending: '没有待审批的申请。',
  reopen_limit_reached: '已达到重办次数上限，请录入回访结果后归档。',
  merge_target_invalid: '不能并入该工单（主单必须是另一件办理中的工单）。',
  unit_not_assignable: '该单位不能承担这个角色。',
  category_not_leaf: '只能派到三级目录。',
  requester_confidential: '保密件的诉求人信息不能向承办单位公开。',
  catalog_import_failed: '目录文件有错误，未导入任何内容。请修改下列行后重新导入。',
  calendar_year_not_covered: '节假日日历没有该年份的数据，无法计算时限，请升级日历数据。',
  invalid_date: '日期或时间格式不对。',
  attachment_type_not_allowed: '不接受这种文件类型。',
  attachment_too_large: '文件太大。',
  overloaded: '服务器繁忙，请几秒后重试。',
  internal: '服务器内部错误，已记录日志，请重试。',
  network: '网络不通或服务器未启动。',
};

export function errorTitle(code: string, serverTitle: string, lang: 'zh' | 'en'): string {
  return (lang === 'zh' && zhTitles[code]) || serverTitle;
}
