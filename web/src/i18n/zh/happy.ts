// 幸福码 (the QR codes of communities and grids).
export const happy = {
  'nav.happyCodes': '幸福码',
  'happy.intro': '每个社区和网格一个二维码，居民扫码即可反映问题，地点自动定位。下载 A4 页打印张贴；码被覆盖或滥用时可更换，旧码随即失效。',
  'happy.sheet': '下载 A4 第 {page} 页',
  'happy.unit': '社区 / 网格',
  'happy.code': '码',
  'happy.since': '启用时间',
  'happy.rotate': '更换',
  'happy.rotateTitle': '更换「{unit}」的幸福码',
  'happy.rotateHint': '旧码将立即失效，扫旧码的居民会看到“该码已停用”。请重新打印新码张贴。',
  'happy.reason': '更换原因（必填，记入审计日志）',
  'happy.none': '幸福码由街道（乡镇）及其所在区的工作人员和系统管理员管理；您的单位没有可管理的幸福码。',
  'happy.rotated': '已更换，请打印新码',
};
