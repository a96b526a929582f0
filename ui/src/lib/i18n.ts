// The window's own words: Simplified Chinese first, English complete as the second language. No
// .svelte file holds a Chinese literal (`npm run check:text`); every text is a key here. Domain
// labels (statuses, filing types, certificate types, severities …) come from Rust through the
// `catalog` command, not from here — except the few marked TEMPORARY below.
//
// A message may take parameters: `{name}` is replaced by the parameter's value, and
// `{name|one|other}` picks `one` when the parameter is 1 and `other` otherwise (for English
// plurals; Chinese needs none). The parameters a key takes are read from its Chinese text at
// compile time, so `t("listCount", { total })` is checked; the English text must use the same
// parameters (a unit test compares them).
//
// This module is pure (no Svelte state): the reactive language and `t` are in locale.svelte.ts.

export type Lang = "zh" | "en";
export const LANGS: readonly Lang[] = ["zh", "en"];
/** Each language's name in itself, for the language switch. */
export const LANG_NAMES: Record<Lang, string> = { zh: "中文", en: "English" };
/** The BCP 47 tag of each language (the document's `lang`, dates). */
export const LANG_TAGS: Record<Lang, string> = { zh: "zh-CN", en: "en-GB" };

const zh = {
  appTitle: "备案工作台",
  language: "语言",
  newFiling: "新建备案",
  searchPlaceholder: "搜索订单号、主办单位、域名（/）",
  allStatuses: "全部",
  allProvinces: "全部省份",
  allTypes: "全部类型",
  noFilings: "还没有备案。按 Ctrl+N 新建。",
  noMatch: "没有符合条件的备案",
  listCount: "{total} 条",
  listCountShowing: "{total} 条 · 显示前 {shown} 条",
  missingMaterials: "缺 {n} 项资料",
  dueBy: "{kind} {time} 前",
  overdueDueBy: "已逾期：{kind} {time} 前",
  printOrder: "打印 {order}",
  selectFiling: "从左侧选择一个备案，或按 Ctrl+N 新建。",
  subjectName: "主办单位名称 / 个人姓名",
  domain: "网站域名",
  create: "创建草稿",
  cancel: "取消",
  save: "保存",
  saved: "已保存",
  unsaved: "有未保存的修改",
  saving: "正在保存…",
  orderNo: "备案订单号",
  steps: "备案步骤",
  step_type: "验证备案类型",
  step_product: "产品验证",
  step_subject: "主体信息",
  step_website: "网站信息",
  step_upload: "上传资料",
  step_confirm: "信息确认",
  step_progress: "审核进度",
  filingType: "备案类型",
  filingTypeAuto: "（根据主体和域名判定）",
  filingTypeUnknown: "无法判定",
  province: "省份",
  city: "城市",
  district: "区县",
  nature: "主办单位性质",
  certType: "证件类型",
  certNumber: "证件号码",
  certAddress: "证件住所",
  mailingAddress: "通讯地址",
  investor: "投资人或主管单位",
  principalName: "负责人姓名",
  phone: "联系方式1（手机）",
  phone2: "联系方式2",
  emergencyPhone: "应急联系电话",
  email: "电子邮件",
  remark: "备注",
  websiteName: "网站名称",
  domains: "网站域名（每行一个）",
  homepage: "网站首页 URL",
  productType: "产品类型",
  instanceId: "实例 ID",
  serviceNumber: "备案服务号",
  history: "备案历史",
  filingTypeManual: "备案类型（手动指定）",
  subjectFiledWith: "主体原备案所在",
  subjectIcpNumber: "主体备案号",
  icpNumberExample: "浙ICP备12345678号",
  lockedAfterSubmit: "已提交：资料只能通过审核流程变更",
  viewerMasked: "只读（查看者）：个人信息已脱敏",
  viewerReveal: "显示完整信息",
  viewerRevealed: "只读（查看者）：已显示完整信息，本次查看已记入审计日志",
  saveBeforeConfirm: "有未保存的修改：请先保存（Ctrl+S），确认页显示的是已保存的内容。",
  conflictMessage: "保存失败：同事在你打开之后已修改或推进了这份备案。载入同事的版本后再修改（你未保存的修改将被放弃）。",
  conflictReload: "载入同事的版本",
  conflictKeep: "暂不载入",
  fatalTitle: "无法打开备案数据",
  fatalTooNewHint: "这份数据由更新版本的备案工作台写入：请把本机的备案工作台升级到同一版本后再打开。数据未被改动。",
  fieldErrorAt: "{field}：{message}",
  errorInLang: "{kind}：{message}",
  error_not_found: "未找到",
  error_invalid: "未被接受",
  error_conflict: "已被他人修改",
  error_not_allowed: "当前状态不允许",
  error_database_too_new: "由更新版本写入",
  error_storage: "存储故障",
  error_server_unavailable: "团队服务器不可用",
  teamMode: "团队模式",
  teamLocal: "单机",
  teamBadge: "团队：{login}",
  teamIntro: "连接本机构的团队服务器：同事们共用同一份备案数据，每人用自己的登录名。",
  teamServer: "服务器地址",
  teamServerHint: "如 db.office.lan:5433/beian?sslrootcert=/home/me/ca.crt（由管理员提供）",
  teamLogin: "登录名",
  teamPassword: "密码",
  teamPasswordNote: "密码只保存在内存中：关闭程序后需重新输入。",
  teamConnect: "登录",
  teamConnecting: "正在连接……",
  teamLoggedIn: "已登录：{login}（{role}），服务器 {server}",
  teamLeave: "退出团队模式，回到本机数据",
  teamDown: "团队服务器不可用，正在重试……已填写的内容不会丢失。",
  remoteChanged: "{by} 已修改此备案（版本 {rev}）。",
  remoteChangedFiles: "{by} 更新了此备案的资料或记录。",
  remoteResync: "已重新连接团队服务器：此备案可能已被同事修改。",
  remoteReload: "重新载入",
  remoteLater: "稍后",
  error_ocr_unavailable: "识别证件不可用",
  principalCertType: "负责人证件类型",
  principalCertNumber: "负责人证件号码",
  addWebsite: "继续添加网站",
  addWebsiteHint: "新网站沿用上一个网站的产品、内容和语言",
  removeWebsite: "删除此网站",
  notYet: "此步骤的功能将在后续版本提供；可先填写其他步骤。",
  discardTitle: "放弃修改？",
  discardChanges: "当前备案有未保存的修改，放弃修改？",
  discardConfirm: "放弃修改",
  keepEditing: "继续编辑",
  keyboardHelp: "快捷键：Ctrl+N 新建 · / 搜索 · Ctrl+S 保存 · Alt+1…7 切换步骤 · ↑↓ 在列表中移动",

  // Check results (the panel and the fields)
  checkResults: "检查结果",
  errorCount: "{n} 错误",
  warningCount: "{n} 警告",
  reminderToggle: "提醒 {n}",
  noProblems: "没有发现会导致驳回的问题。",
  wholeFiling: "整份备案",
  ruleAndSource: "规则与依据",
  ruleSource: "规则 {rule} · 依据：{source}",
  ruleSourceSince: "规则 {rule} · 依据：{source} · 自 {date} 起",

  // Actions
  confirmDeclaration: "申请人已核对以上信息，确认真实、准确，同意提交备案（指南 §5 信息确认）",
  rejectReason: "驳回原因（必填，如：网站名称与主体无关）",
  actionNote: "备注（可选，记入备案历史）",

  // Confirmation step
  confirmSubject: "主体信息",
  confirmSubjectName: "主办单位名称",
  confirmNatureCert: "性质 / 证件",
  confirmRegion: "所属区域",
  confirmPrincipal: "负责人",
  confirmWebsite: "网站 {n}：{name}",
  confirmDomains: "域名",
  confirmHomepage: "首页",
  confirmProduct: "产品",
  confirmSitePrincipal: "网站负责人",
  confirmSamePrincipal: "同主体负责人",
  confirmMaterials: "资料",
  confirmSubmit: "提交",
  confirmErrors: "还有 {n} 个错误（见右侧检查结果）",
  confirmClean: "检查通过：没有发现会导致驳回的错误。",

  // Progress step
  currentStatus: "当前状态",
  followUpFrom: "基于此备案办理：",
  deadlines: "期限（北京时间，按工作日计算）",
  overdue: "已逾期",
  timeUp: "已超时",
  timeLeft: "剩余 {left}",
  duration: "{h} 小时 {m} 分 {s} 秒",
  deadlineEstimated: "（超出节假日数据，按周一至周五估算）",
  sms: "短信核验",
  smsRequired: "需要短信核验：{reason}",
  smsNotRequired: "无需短信核验：{reason}",
  smsVerifier: "核验人",
  smsPhone: "手机号",
  smsLast6: "证件号码后 6 位",
  smsCountdown: "验证码须在 {due} 前填写：剩余 {left}",
  smsSenders: "发送号码：{list}",
  smsNumberVaries: "（号码不固定）",
  expected: "预计时间（若今日提交）",
  expectedDates: "初审 {firstReview} 前 · 提交管局 {toBureau} 前 · 管局审核 {bureauFrom} 至 {bureauTo} · 订单有效期至 {expires}",
  expectedEstimated: "（部分日期为估算）",
  // TEMPORARY domain labels (history kinds that are not workflow actions): the catalog's
  // `history_kinds` words them differently (创建, 修改, 打印（完整个人信息）) from what the window
  // shows and the end-to-end tests read; these go once the two agree.

  // Upload step
  uploadHint: "每项资料可添加多个文件（如证件正反面）：点击“添加文件”或把文件拖到对应资料上。图片会自动转正、去除 EXIF/GPS 信息并压缩为 JPEG；PDF 原样保存。",
  uploadReveal: "显示证件缩略图（默认模糊处理，保护个人信息）",
  uploadComplete: "必需资料已齐全",
  uploadMissing: "尚缺必需资料：{list}",
  uploadNoType: "备案类型尚未确定，无法判断所需资料",
  uploadProcessing: "正在处理 {done}/{total} {name}",
  uploadUndo: "撤销",
  uploadRemoved: "已删除：{name}",
  uploadReplaced: "已替换：{name}",
  uploadPreview: "查看大图",
  uploadReplace: "替换",
  uploadRemove: "删除",
  uploadAdd: "添加文件",
  uploadDropHere: "或拖放到此处",
  uploadRequired: "必需",
  uploadOnRequest: "按要求提供",
  fileCount: "{n} 个文件",
  uploadSource: "依据：{source}",
  uploadOther: "其他资料",
  uploadClose: "关闭",
  uploadNoPreview: "无法生成此 PDF 的预览，文件已原样保存。",
  uploadFilterImages: "图片",
  uploadDropOnSlot: "请把文件拖放到某一项资料上",
  fileError: "{name}：{message}",

  // Phone hand-off
  handoffButton: "手机拍照上传",
  handoffStop: "结束并关闭",
  handoffScan: "请客户用手机扫码（微信、支付宝、钉钉或手机相机均可），逐项拍摄证件原件。",
  handoffSameNetwork: "手机需与本机连接同一 Wi-Fi 或局域网；链接仅限本次使用，请勿转发。",
  handoffTimeLeft: "剩余 {time}",
  handoffExpired: "二维码已过期，手机上的链接已失效。",
  handoffRestart: "重新生成二维码",
  handoffNetwork: "网络",
  handoffNoNetwork: "找不到局域网地址：请把电脑连接到与手机相同的 Wi-Fi 或网络。",
  handoffMaterials: "需要拍摄",
  handoffWaiting: "等待手机扫码…",
  handoffPhoneOpened: "手机已打开上传页面",
  handoffPhoneDone: "手机端已点“完成”",
  handoffPhotos: "收到的照片",
  handoffNoPhotos: "还没有照片。照片到达后会出现在这里，并已加入本备案的资料。",
  handoffReveal: "点击显示/模糊（保护个人信息）",
  handoffAccept: "接受",
  handoffReject: "退回",
  handoffAccepted: "已接受",
  handoffRejected: "已退回（已从资料中移除，手机端提示重拍）",
  handoffRefused: "手机上传失败：{message}",
  handoffRefusedNamed: "手机上传失败（{name}）：{message}",

  // Printing
  print: "打印",
  printMany: "打印（{n} 份备案）",
  close: "关闭",
  printView: "打印内容",
  printUrl: "手机上传链接（https://…，可留空）",
  printFull: "打印完整个人信息",
  printFullHint: "证件号码、手机号码和电子邮件将完整打印，仅用于需要完整信息的正式表格；每次生成都会记入备案历史。",
  printPreviewFull: "生成完整信息页面",
  printFullWaiting: "已选择完整个人信息：点击“生成完整信息页面”或“打印”后生成（将记入备案历史）。",
  printGo: "打印…",
  printRendering: "正在生成…",
  printPdfHint: "在系统打印对话框中选择打印机，或选择“打印到文件”保存为 PDF。纸张：A4。",
  batchPrint: "批量打印",
  batchSelected: "已选 {n}",
  batchAll: "全选",
  batchDone: "完成",
  batchChecklists: "打印邮寄清单",

  // Reading a certificate (OCR)
  ocrButton: "识别证件",
  ocrDetecting: "正在查找文字…",
  ocrRecognizing: "正在识别文字 {done}/{total}…",
  ocrMatching: "正在对应表单字段…",
  ocrField: "字段",
  ocrCurrent: "当前值",
  ocrResult: "识别结果",
  ocrConfidence: "置信度",
  ocrAccept: "采用",
  ocrAcceptAll: "全部采用（{n}）",
  ocrAccepted: "已采用",
  ocrSame: "已一致",
  ocrNeedsTyping: "需手动输入",
  ocrTypeIt: "请对照原件手动输入",
  ocrLow: "置信度低于 80%：请对照原件核对",
  ocrReveal: "显示完整证件号码（将记入审计记录）",
  ocrElapsed: "识别用时 {seconds} 秒",
  ocrEmpty: "（空）",
  ocrNoField: "表单中没有这个字段，未填入：{label}",
  ocrHint: "点击“采用”后才会填入表单；保存（Ctrl+S）后生效，并像手动修改一样校验。Esc 关闭。",

  // Punctuation that differs between the languages
  listSeparator: "、",
  clauseSeparator: "；",
  parenthesized: "（{text}）",
} as const;

export type Key = keyof typeof zh;

const en: Record<Key, string> = {
  appTitle: "Beian Desk",
  language: "Language",
  newFiling: "New filing",
  searchPlaceholder: "Search order no., subject, domain (/)",
  allStatuses: "All",
  allProvinces: "All provinces",
  allTypes: "All types",
  noFilings: "No filings yet. Press Ctrl+N to create one.",
  noMatch: "No filing matches",
  listCount: "{total} {total|filing|filings}",
  listCountShowing: "{total} filings · showing the first {shown}",
  missingMaterials: "{n} {n|material|materials} missing",
  dueBy: "{kind} by {time}",
  overdueDueBy: "Overdue: {kind} by {time}",
  printOrder: "Print {order}",
  selectFiling: "Pick a filing on the left, or press Ctrl+N.",
  subjectName: "Subject name (organisation or person)",
  domain: "Domain",
  create: "Create draft",
  cancel: "Cancel",
  save: "Save",
  saved: "Saved",
  unsaved: "Unsaved changes",
  saving: "Saving…",
  orderNo: "Order no.",
  steps: "Filing steps",
  step_type: "Filing type",
  step_product: "Product",
  step_subject: "Subject",
  step_website: "Websites",
  step_upload: "Materials",
  step_confirm: "Confirm",
  step_progress: "Progress",
  filingType: "Filing type",
  filingTypeAuto: "(determined from subject and domain)",
  filingTypeUnknown: "Cannot be determined",
  province: "Province",
  city: "City",
  district: "District",
  nature: "Nature of the subject",
  certType: "Certificate type",
  certNumber: "Certificate number",
  certAddress: "Address on the certificate",
  mailingAddress: "Mailing address",
  investor: "Investor or supervising body",
  principalName: "Principal's name",
  phone: "Contact 1 (mobile)",
  phone2: "Contact 2",
  emergencyPhone: "Emergency phone",
  email: "E-mail",
  remark: "Remark",
  websiteName: "Website name",
  domains: "Domains (one per line)",
  homepage: "Homepage URL",
  productType: "Product type",
  instanceId: "Instance ID",
  serviceNumber: "Filing service number",
  history: "History",
  filingTypeManual: "Filing type (set by hand)",
  subjectFiledWith: "Subject filed before",
  subjectIcpNumber: "Subject's ICP number",
  icpNumberExample: "e.g. 浙ICP备12345678号",
  lockedAfterSubmit: "Submitted: changes go through the review workflow only",
  viewerMasked: "Read-only (viewer): personal data masked",
  viewerReveal: "Show full data",
  viewerRevealed: "Read-only (viewer): full data shown; this viewing is recorded in the audit trail",
  saveBeforeConfirm: "Unsaved changes: save first (Ctrl+S); this page shows what is saved.",
  conflictMessage: "Not saved: a colleague changed or moved this filing on after you opened it. Load their version, then edit again (your unsaved changes will be dropped).",
  conflictReload: "Load their version",
  conflictKeep: "Not now",
  fatalTitle: "The filing data cannot be opened",
  fatalTooNewHint: "This data was written by a newer version of Beian Desk: update Beian Desk on this computer to that version, then open it again. The data has not been changed.",
  fieldErrorAt: "{field}: {message}",
  // Rust's error messages are Chinese; in English the code says what kind of failure it is and
  // the Chinese detail follows for whoever can read it.
  errorInLang: "{kind} (details in Chinese: {message})",
  error_not_found: "Not found",
  error_invalid: "Not accepted",
  error_conflict: "Changed by someone else",
  error_not_allowed: "Not allowed in this status",
  error_database_too_new: "Written by a newer version",
  error_storage: "Storage failure",
  error_server_unavailable: "Team server unavailable",
  teamMode: "Team mode",
  teamLocal: "This desk",
  teamBadge: "Team: {login}",
  teamIntro: "Connect to your agency's team server: colleagues share the same filings, each with their own login.",
  teamServer: "Server address",
  teamServerHint: "e.g. db.office.lan:5433/beian?sslrootcert=/home/me/ca.crt (from your administrator)",
  teamLogin: "Login",
  teamPassword: "Password",
  teamPasswordNote: "The password is kept in memory only: enter it again after restarting the app.",
  teamConnect: "Log in",
  teamConnecting: "Connecting…",
  teamLoggedIn: "Logged in: {login} ({role}), server {server}",
  teamLeave: "Leave team mode and go back to this desk's data",
  teamDown: "The team server is unavailable; retrying… Nothing you typed is lost.",
  remoteChanged: "{by} changed this filing (revision {rev}).",
  remoteChangedFiles: "{by} updated this filing's materials or history.",
  remoteResync: "Reconnected to the team server: a colleague may have changed this filing.",
  remoteReload: "Reload",
  remoteLater: "Later",
  error_ocr_unavailable: "Certificate reading is not available",
  principalCertType: "Principal's certificate type",
  principalCertNumber: "Principal's certificate number",
  addWebsite: "Add another website",
  addWebsiteHint: "A new website copies the product, content and languages of the last one",
  removeWebsite: "Remove this website",
  notYet: "This step comes in a later version; fill in the other steps meanwhile.",
  discardTitle: "Discard changes?",
  discardChanges: "This filing has unsaved changes. Discard them?",
  discardConfirm: "Discard changes",
  keepEditing: "Keep editing",
  keyboardHelp: "Keys: Ctrl+N new · / search · Ctrl+S save · Alt+1…7 steps · ↑↓ move in the list",

  checkResults: "Check results",
  errorCount: "{n} {n|error|errors}",
  warningCount: "{n} {n|warning|warnings}",
  reminderToggle: "Reminders ({n})",
  noProblems: "Nothing found that would lead to a rejection.",
  wholeFiling: "Whole filing",
  ruleAndSource: "Rule and source",
  ruleSource: "Rule {rule} · Source: {source}",
  ruleSourceSince: "Rule {rule} · Source: {source} · in force since {date}",

  confirmDeclaration: "The applicant has checked the information above, confirms it is true and accurate, and agrees to submit the filing (guide §5, confirmation)",
  rejectReason: "Reason for rejecting (required, e.g. the website name is unrelated to the subject)",
  actionNote: "Note (optional, kept in the filing's history)",

  confirmSubject: "Subject",
  confirmSubjectName: "Subject name",
  confirmNatureCert: "Nature / certificate",
  confirmRegion: "Region",
  confirmPrincipal: "Principal",
  confirmWebsite: "Website {n}: {name}",
  confirmDomains: "Domains",
  confirmHomepage: "Homepage",
  confirmProduct: "Product",
  confirmSitePrincipal: "Website principal",
  confirmSamePrincipal: "Same as the subject's principal",
  confirmMaterials: "Materials",
  confirmSubmit: "Submit",
  confirmErrors: "{n} {n|error|errors} left (see the check results on the right)",
  confirmClean: "Check passed: no error that would lead to a rejection.",

  currentStatus: "Current status:",
  followUpFrom: "Start from this filing:",
  deadlines: "Deadlines (Beijing time, counted in business days)",
  overdue: "Overdue",
  timeUp: "Time is up",
  timeLeft: "{left} left",
  duration: "{h} h {m} min {s} s",
  deadlineEstimated: "(beyond the holiday data: estimated with Monday to Friday as business days)",
  sms: "SMS verification",
  smsRequired: "SMS verification required: {reason}",
  smsNotRequired: "No SMS verification needed: {reason}",
  smsVerifier: "Verifier",
  smsPhone: "Mobile",
  smsLast6: "Last 6 characters of the ID number",
  smsCountdown: "Enter the code by {due}: {left} left",
  smsSenders: "Sent from: {list}",
  smsNumberVaries: "(number varies)",
  expected: "Expected dates (if submitted today)",
  expectedDates: "First review by {firstReview} · to the bureau by {toBureau} · bureau review {bureauFrom} to {bureauTo} · order valid until {expires}",
  expectedEstimated: "(some dates are estimated)",

  uploadHint: "Each material may hold several files (e.g. front and back): click “Add files” or drop files onto the material. Images are turned upright, stripped of EXIF/GPS and saved as JPEG; PDFs are kept as they are.",
  uploadReveal: "Show certificate thumbnails (blurred by default to protect personal data)",
  uploadComplete: "All required materials are attached",
  uploadMissing: "Required materials missing: {list}",
  uploadNoType: "The filing type is not determined yet, so the materials are unknown",
  uploadProcessing: "Processing {done}/{total} {name}",
  uploadUndo: "Undo",
  uploadRemoved: "Removed: {name}",
  uploadReplaced: "Replaced: {name}",
  uploadPreview: "Large preview",
  uploadReplace: "Replace",
  uploadRemove: "Remove",
  uploadAdd: "Add files",
  uploadDropHere: "or drop them here",
  uploadRequired: "Required",
  uploadOnRequest: "On request",
  fileCount: "{n} {n|file|files}",
  uploadSource: "Source: {source}",
  uploadOther: "Other materials",
  uploadClose: "Close",
  uploadNoPreview: "No preview could be made of this PDF; the file is stored as it is.",
  uploadFilterImages: "Images",
  uploadDropOnSlot: "Drop the files onto one of the materials",
  fileError: "{name}: {message}",

  handoffButton: "Photos from a phone",
  handoffStop: "End and close",
  handoffScan: "The client scans this with their phone (WeChat, Alipay, DingTalk or the camera) and photographs each original certificate.",
  handoffSameNetwork: "The phone must be on the same Wi-Fi or LAN as this computer; the link works for this hand-off only — do not forward it.",
  handoffTimeLeft: "Time left: {time}",
  handoffExpired: "The QR code has expired; the link on the phone no longer works.",
  handoffRestart: "New QR code",
  handoffNetwork: "Network",
  handoffNoNetwork: "No LAN address found: connect this computer to the same Wi-Fi or network as the phone.",
  handoffMaterials: "To photograph",
  handoffWaiting: "Waiting for the phone…",
  handoffPhoneOpened: "The phone opened the upload page",
  handoffPhoneDone: "The phone pressed “Done”",
  handoffPhotos: "Photos received",
  handoffNoPhotos: "No photos yet. They appear here as they arrive, already added to this filing's materials.",
  handoffReveal: "Click to show/blur (personal data)",
  handoffAccept: "Accept",
  handoffReject: "Send back",
  handoffAccepted: "Accepted",
  handoffRejected: "Sent back (removed from the materials; the phone asks for a retake)",
  handoffRefused: "Upload from the phone failed: {message}",
  handoffRefusedNamed: "Upload from the phone failed ({name}): {message}",

  print: "Print",
  printMany: "Print ({n} filings)",
  close: "Close",
  printView: "What to print",
  printUrl: "Phone upload link (https://…, optional)",
  printFull: "Print full personal data",
  printFullHint: "ID numbers, phones and e-mails are printed in full, for official forms only; every such page is recorded in the filing's history.",
  printPreviewFull: "Make the full-data page",
  printFullWaiting: "Full personal data chosen: the page is made when you click “Make the full-data page” or “Print” (recorded in the history).",
  printGo: "Print…",
  printRendering: "Rendering…",
  printPdfHint: "Pick a printer in the system print dialog, or “Print to File” to save a PDF. Paper: A4.",
  batchPrint: "Batch print",
  batchSelected: "Selected: {n}",
  batchAll: "All",
  batchDone: "Done",
  batchChecklists: "Print mailing checklists",

  ocrButton: "Read certificate",
  ocrDetecting: "Finding text…",
  ocrRecognizing: "Reading text {done}/{total}…",
  ocrMatching: "Matching form fields…",
  ocrField: "Field",
  ocrCurrent: "Current value",
  ocrResult: "Read from scan",
  ocrConfidence: "Confidence",
  ocrAccept: "Use",
  ocrAcceptAll: "Use all ({n})",
  ocrAccepted: "Used",
  ocrSame: "Already the same",
  ocrNeedsTyping: "Type it in",
  ocrTypeIt: "Type it from the original",
  ocrLow: "Confidence under 80%: check against the original",
  ocrReveal: "Show full ID numbers (recorded in the audit trail)",
  ocrElapsed: "Read in {seconds} s",
  ocrEmpty: "(empty)",
  ocrNoField: "The form has no such field; not filled in: {label}",
  ocrHint: "Nothing is filled in until you click “Use”; it takes effect when saved (Ctrl+S) and is checked like typing. Esc closes.",

  listSeparator: ", ",
  clauseSeparator: "; ",
  parenthesized: "({text})",
};

/** Every language's table. */
export const MESSAGES: Record<Lang, Record<Key, string>> = { zh, en };

// The parameter names of a message, read from its Chinese text: "{a} 和 {b}" → "a" | "b".
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? (P extends `${infer Name}|${string}` ? Name : P) | Placeholders<Rest>
  : never;
export type Value = string | number;
/** The parameter argument of `t(key, …)`: none for a plain text, an object for one with `{…}`. */
export type ParamsOf<K extends Key> = [Placeholders<(typeof zh)[K]>] extends [never]
  ? []
  : [params: Record<Placeholders<(typeof zh)[K]>, Value>];

const PLACEHOLDER = /\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g;

/**
 * Fills a message's placeholders. `{name}` becomes the value; `{name|one|other}` becomes `one`
 * when the value is 1, else `other`. A placeholder without a value is left as it is, so a
 * missing parameter shows instead of vanishing.
 */
export function format(template: string, params: Record<string, Value> = {}): string {
  return template.replace(PLACEHOLDER, (whole, name: string, one?: string, other?: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    if (one !== undefined && other !== undefined) return value === 1 ? one : other;
    return String(value);
  });
}

/** The parameter names a message uses (each once, sorted). */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ""))].sort();
}

/** Whether a string is a key of the tables (for codes that come as data, e.g. history kinds). */
export function isKey(key: string): key is Key {
  return Object.hasOwn(zh, key);
}

/**
 * The text of `key` in `lang` with its parameters filled in; the Chinese text when the language
 * lacks the key, and the key itself when no table has it (never an empty or undefined string).
 */
export function translate<K extends Key>(lang: Lang, key: K, ...params: ParamsOf<K>): string {
  const table: Partial<Record<Key, string>> = MESSAGES[lang] ?? {};
  const template = table[key] ?? zh[key] ?? key;
  return format(template, params[0] as Record<string, Value> | undefined);
}

/** A catalog entry's label in `lang`: its English label when there is one, else the Chinese. */
export function labelIn(lang: Lang, entry: { label: string; label_en?: string | null }): string {
  return lang === "en" && entry.label_en ? entry.label_en : entry.label;
}

/** A text Rust gives in both languages (`{zh, en}`), in `lang`; the Chinese when the English is empty. */
export function bilingualIn(lang: Lang, text: { zh: string; en: string }): string {
  return lang === "en" && text.en ? text.en : text.zh;
}

/** A diagnostic's message in `lang`: the rulebook's English wording in English, when it has one. */
export function messageIn(lang: Lang, d: { message: string; message_en?: string | null }): string {
  return lang === "en" && d.message_en ? d.message_en : d.message;
}
