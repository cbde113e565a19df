import { ServqualDimension } from './servqual.js';

export interface TemplateItemDraft {
  dimension: ServqualDimension;
  text: string;
  textEn: string | null;
}

/**
 * The classic 22 SERVQUAL statements (Parasuraman, Zeithaml & Berry), worded for a franchise store or
 * property-service centre. Each is one plain statement about one thing (the seed's rules for survey
 * questions: simple words, one matter per question, no leading wording); the customer rates it twice,
 * as what an excellent store would do (expectation E) and as what this store does (perception P).
 */
export const DEFAULT_SERVQUAL_ITEMS: readonly TemplateItemDraft[] = [
  // 有形性 Tangibles
  {
    dimension: ServqualDimension.TANGIBLES,
    text: '门店/服务中心的设备设施现代、好用。',
    textEn: 'The store / service centre has modern, working equipment and facilities.',
  },
  {
    dimension: ServqualDimension.TANGIBLES,
    text: '门店/服务中心的环境整洁、美观。',
    textEn: 'The premises are clean and pleasant to look at.',
  },
  {
    dimension: ServqualDimension.TANGIBLES,
    text: '员工着装整齐、仪表得体。',
    textEn: 'Staff are neatly dressed and well presented.',
  },
  {
    dimension: ServqualDimension.TANGIBLES,
    text: '告示、价目表、单据等资料清楚易懂。',
    textEn: 'Notices, price lists, receipts and other materials are clear and easy to understand.',
  },
  // 可靠性 Reliability
  {
    dimension: ServqualDimension.RELIABILITY,
    text: '承诺在某个时间做到的事，能按时做到。',
    textEn: 'When they promise to do something by a certain time, they do it.',
  },
  {
    dimension: ServqualDimension.RELIABILITY,
    text: '顾客遇到问题时，员工真心帮助解决。',
    textEn: 'When a customer has a problem, staff sincerely try to solve it.',
  },
  {
    dimension: ServqualDimension.RELIABILITY,
    text: '服务第一次就做对。',
    textEn: 'The service is done right the first time.',
  },
  {
    dimension: ServqualDimension.RELIABILITY,
    text: '在承诺的时间提供服务。',
    textEn: 'The service is provided at the time promised.',
  },
  {
    dimension: ServqualDimension.RELIABILITY,
    text: '账单和记录准确无误。',
    textEn: 'Bills and records are accurate.',
  },
  // 响应性 Responsiveness
  {
    dimension: ServqualDimension.RESPONSIVENESS,
    text: '员工明确告知服务何时完成。',
    textEn: 'Staff tell customers exactly when the service will be done.',
  },
  {
    dimension: ServqualDimension.RESPONSIVENESS,
    text: '员工提供及时的服务。',
    textEn: 'Staff give prompt service.',
  },
  {
    dimension: ServqualDimension.RESPONSIVENESS,
    text: '员工总是愿意帮助顾客。',
    textEn: 'Staff are always willing to help.',
  },
  {
    dimension: ServqualDimension.RESPONSIVENESS,
    text: '员工再忙也会及时回应顾客的要求。',
    textEn: 'Staff are never too busy to respond to a request.',
  },
  // 保证性 Assurance
  {
    dimension: ServqualDimension.ASSURANCE,
    text: '员工的言行让人信任。',
    textEn: 'The way staff behave makes customers confident.',
  },
  {
    dimension: ServqualDimension.ASSURANCE,
    text: '与门店/服务中心打交道让人放心。',
    textEn: 'Customers feel safe in their dealings with the store.',
  },
  {
    dimension: ServqualDimension.ASSURANCE,
    text: '员工始终礼貌待人。',
    textEn: 'Staff are consistently courteous.',
  },
  {
    dimension: ServqualDimension.ASSURANCE,
    text: '员工有足够的专业知识回答顾客的问题。',
    textEn: "Staff have the knowledge to answer customers' questions.",
  },
  // 移情性 Empathy
  {
    dimension: ServqualDimension.EMPATHY,
    text: '门店/服务中心给予顾客个别的关注。',
    textEn: 'The store gives customers individual attention.',
  },
  {
    dimension: ServqualDimension.EMPATHY,
    text: '营业/服务时间方便所有顾客。',
    textEn: 'Opening and service hours are convenient for all customers.',
  },
  {
    dimension: ServqualDimension.EMPATHY,
    text: '员工给予顾客个人化的关心。',
    textEn: 'Staff give customers personal attention.',
  },
  {
    dimension: ServqualDimension.EMPATHY,
    text: '门店/服务中心把顾客的利益放在心上。',
    textEn: "The store has the customers' best interests at heart.",
  },
  {
    dimension: ServqualDimension.EMPATHY,
    text: '员工了解顾客的具体需要。',
    textEn: 'Staff understand the specific needs of their customers.',
  },
];

export const DEFAULT_TEMPLATE_NAME = 'SERVQUAL 服务质量调查 Service quality survey';
export const DEFAULT_TEMPLATE_LANGUAGE = 'zh-CN';
/** The plain CSAT question asked after the SERVQUAL statements. */
export const DEFAULT_CSAT_QUESTION =
  '总体而言，您对我们的服务满意吗？(1 很不满意 – 5 非常满意) Overall, how satisfied are you with our service? (1 very dissatisfied – 5 very satisfied)';
