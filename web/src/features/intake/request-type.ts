// 诉求类型 from the caller's words: while the operator has not chosen a type, the intake sets the one the
// description states — 投诉 for a problem someone should stop or fix, 求助 for an urgent need, 举报 for reporting
// someone, 建议 for a proposal, 表扬 for thanks, 咨询 for a question. Only words that say so count (listed below, each
// with the type it cues); no cue leaves the form's default (咨询, Beijing's most common type). A wrong guess costs the
// one input that choosing the type costs anyway, and the operator sees which words decided (the cue).
export type RequestType = 'consult' | 'help' | 'complaint' | 'report' | 'suggestion' | 'praise';

export interface TypeGuess {
  type: RequestType;
  /** the words of the description that decided */
  cue: string;
}

const REPORT = /举报|检举|揭发/;
// A polite 谢谢 ends most requests: thanks count only when they are the point.
const PRAISE = /表扬|点赞|锦旗|好评|致谢|称赞|感谢信|表示感谢|(感谢|谢谢).{0,20}(帮助|帮忙|服务|辛苦|付出|及时|热心|耐心)/;
// Someone is told to stop or fix something: nuisance, damage, breaking rules, not doing one's job.
const COMPLAINT = new RegExp([
  '投诉', '扰民', '噪音', '噪声', '不作为', '推诿', '踢皮球', '态度恶劣', '态度差', '乱收费', '多收', '违规', '违章', '违法', '违建',
  '私搭', '乱搭', '乱建', '占道', '乱停', '乱扔', '乱倒', '乱贴', '拖欠', '欠薪', '不给退', '坏了', '损坏', '破损', '不亮', '漏水',
  '渗水', '堵塞', '堵了', '污染', '异味', '脏乱', '油烟', '打桩', '安全隐患', '不安全', '管一管', '没人管', '无人管', '不处理', '未处理',
  '多次反映', '严重影响', '影响休息', '影响出行', '影响生活',
].join('|'));
// Words of a problem's topic that a question may also name (施工许可怎么办理): a complaint only without a question.
const COMPLAINT_TOPIC = /施工|垃圾|积水|占用|臭|吵|至今|迟迟|一直没有|不退/;
// An urgent need the caller cannot meet alone: supply cut off, someone trapped or lost, asking for help.
const HELP_ASKED = /求助|帮帮|帮忙|救助|救命/;
const HELP_NEED = /停水|停电|停气|断水|断电|没有水|没水|没电|没暖气|被困|困在|走失|急需|紧急|独居老人/;
const SUGGESTION = /提(个|一个|一点|些)?建议|我的建议|我建议|的建议$|建议(增设|增加|设置|开通|修建|安装|延长|调整|规划|在|将|把|对)|倡议|提议/;
const CONSULT_ASKED = /咨询|请问|想问|想了解|问一下|问问/;
const QUESTION = /如何办理|怎么办理|怎样|怎么|如何|哪里|哪儿|什么材料|需要带|需要哪些|流程|条件|能否|可不可以|是否可以|是否|多久|什么时候|吗[？?]|[？?]/;

function first(re: RegExp, text: string): string | null {
  return re.exec(text)?.[0] ?? null;
}

/** The type the caller's words state, or null when none of the cues is there. */
export function typeFromDescription(description: string): TypeGuess | null {
  const text = description.normalize('NFKC').replace(/\s+/g, '');
  if (!text) return null;
  const report = first(REPORT, text);
  if (report) return { type: 'report', cue: report };
  const complaint = first(COMPLAINT, text);
  const praise = first(PRAISE, text);
  if (praise && !complaint) return { type: 'praise', cue: praise };
  if (complaint) return { type: 'complaint', cue: complaint };
  const asked = first(HELP_ASKED, text);
  if (asked) return { type: 'help', cue: asked };
  const consult = first(CONSULT_ASKED, text);
  if (consult) return { type: 'consult', cue: consult };
  const question = first(QUESTION, text);
  const topic = first(COMPLAINT_TOPIC, text);
  if (topic && !question) return { type: 'complaint', cue: topic };
  const need = first(HELP_NEED, text);
  if (need) return { type: 'help', cue: need };
  const suggestion = first(SUGGESTION, text);
  if (suggestion) return { type: 'suggestion', cue: suggestion };
  if (question) return { type: 'consult', cue: question };
  return null;
}
