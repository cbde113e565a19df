/**
 * The default BARS scales (行为锚定等级评价法, DESIGN section 6.6): the service behaviours of the
 * manual, five levels each, anchored on observable behaviour taken from the seed documents — the
 * listening techniques (静心倾听, 适时发问, 积极回应), the mishandled complaints (一心二用, "有问题去医院"),
 * the 24 h / 48 h replies, 做可以兑现的承诺, "事事有记录，事事有人跟，事事有回复", 增值服务 and 回头客,
 * and 服务保证 (缺少相关知识不能提供满意服务). Level 1 is the worst, 5 the best.
 */
export interface DefaultBarsScale {
  dimension: string;
  name: string;
  description: string;
  /** Anchors for levels 1 to 5: Chinese, then English. */
  anchors: [string, string, string, string, string];
}

export const DEFAULT_BARS_SCALES: readonly DefaultBarsScale[] = [
  {
    dimension: 'LISTENING',
    name: '倾听 Listening',
    description:
      '听清顾客的事实、情绪和真正需求。 Hears the customer out: facts, feelings and the real need.',
    anchors: [
      '顾客未说完就打断，或一边处理其他事务一边应付（一心二用），事后说不清顾客的问题。 Interrupts the customer or does other work while they talk; afterwards cannot say what the problem was.',
      '能听完陈述，但没有回应或确认，复述时遗漏时间、地点、诉求等关键事实。 Lets the customer finish but gives no acknowledgement; the recap misses key facts (when, where, what they want).',
      '不打断地听完，记录要点，并向顾客复述确认问题和诉求。 Listens without interrupting, notes the key points and reads the problem and the request back to the customer.',
      '适时提出开放式问题，帮顾客理清思路，听出表述背后的真正需求并记录在案。 Asks timely open questions that help the customer order their account, finds the real need behind it and records it.',
      '顾客情绪激动时仍保持微笑和目光交流、积极回应，把事实和情绪都复述出来，顾客表示"你听懂了我"。 With an upset customer keeps a friendly face and eye contact, responds actively and reflects back facts and feelings; the customer says they feel understood.',
    ],
  },
  {
    dimension: 'EMPATHY',
    name: '移情 Empathy',
    description:
      '站在顾客的角度理解和照顾顾客。 Sees the matter from the customer’s side and cares for them.',
    anchors: [
      '对顾客冷淡或指责顾客（如"有问题你去医院，我们负责"），使矛盾激化。 Cold or blaming ("go to the hospital, we will pay if there is a problem"), which inflames the conflict.',
      '只讲规定，不对顾客的处境表示理解（如"按规定三天后才能取"）。 Quotes the rules without acknowledging the customer’s situation ("the rules say three days").',
      '先道歉，并对给顾客带来的不便表示同情和理解，再处理问题。 Apologises first and shows sympathy for the inconvenience before dealing with the problem.',
      '把情绪激动的顾客请到远离人群的安静处，站在顾客角度说明原因，在规定范围内照顾其特殊情况（如赶时间）。 Takes an upset customer away from the crowd, explains from their point of view and accommodates their circumstances (e.g. in a hurry) within the rules.',
      '主动察觉顾客未说出的困难（老人、带小孩、急事）并提前照顾，事后回访关心，顾客感到被重视。 Notices unspoken difficulties (elderly, small children, urgency) and helps before being asked, then follows up; the customer feels valued.',
    ],
  },
  {
    dimension: 'RESPONSIVENESS',
    name: '反应 Responsiveness',
    description: '快捷、有效地回应顾客的需求。 Answers customers’ needs quickly and effectively.',
    anchors: [
      '来电来访无人回应或推给其他部门（"这是工程部的事"），问题石沉大海。 Calls and visits go unanswered or are pushed to another department ("that is engineering’s job"); nothing comes back.',
      '受理后未在24小时内首次回复，需要顾客再次催促。 Takes the matter but misses the 24-hour first reply; the customer has to chase.',
      '24小时内首次回复并告知处理时间，在48小时内解决或在期限前说明进度。 Replies within 24 hours with a time for the solution, and solves it within 48 hours or reports progress before the deadline.',
      '前台派工后立即到场处理，完成后马上回复前台消单。 On a front-desk dispatch goes on site at once and reports back to the front desk as soon as the order is done.',
      '在顾客提出之前发现问题并处理（巡查中发现隐患主动报修），高峰时段仍快速响应，并主动协调其他部门一起解决。 Finds and fixes problems before customers raise them (reports hazards seen on patrol), stays fast at peak times and brings other departments in.',
    ],
  },
  {
    dimension: 'KEEPING_COMMITMENTS',
    name: '守诺 Keeping commitments',
    description: '做可以兑现的承诺，并按时兑现。 Makes promises that can be kept, and keeps them on time.',
    anchors: [
      '承诺的回复或上门时间多次落空，且不通知顾客。 Repeatedly misses promised reply or visit times without telling the customer.',
      '做出无法兑现的承诺（超出权限的补偿、不现实的时限），需要他人收拾。 Promises what cannot be delivered (compensation beyond authority, unrealistic times) that others have to repair.',
      '只承诺能兑现的事项和时间，并按时兑现。 Promises only what and when they can deliver, and delivers on time.',
      '无法按时兑现时，在期限之前主动联系顾客说明原因，并协商新的回复时间。 When a promise cannot be met, calls the customer before the deadline, explains and agrees a new reply time.',
      '每个承诺都有记录、有人跟、有回复（事事有记录，事事有人跟，事事有回复），同事和顾客都把其承诺视为可靠。 Every promise is recorded, followed up and answered; colleagues and customers rely on their word.',
    ],
  },
  {
    dimension: 'BEYOND_EXPECTATIONS',
    name: '超越期望 Going beyond expectations',
    description:
      '在满足需求之外为顾客多做一步，赢得回头客。 Goes a step further than the need and wins returning customers.',
    anchors: [
      '只做被要求的最低限度，顾客多问一句就不耐烦。 Does the bare minimum and grows impatient at any extra question.',
      '完成本职，但对顾客的额外请求一律以"不归我管"拒绝。 Does the job but refuses every extra request as "not my business".',
      '解决问题后询问顾客是否还有其他需要，并帮助处理力所能及的小事。 After solving the problem asks whether anything else is needed and helps with small things within reach.',
      '提供顾客未要求的增值服务（如维修后检查相关设施、给出使用提示），并记录顾客偏好以便下次服务。 Adds value the customer did not ask for (checks related fittings after a repair, gives usage tips) and records preferences for next time.',
      '以令人感动的服务把投诉顾客变成回头客或表扬者（收到表扬信、顾客点名表扬）。 Service that moves the customer: turns a complainant into a returning customer or a source of praise (thank-you letters, praised by name).',
    ],
  },
  {
    dimension: 'PRODUCT_KNOWLEDGE',
    name: '产品知识 Product knowledge',
    description:
      '掌握产品、服务、收费和流程知识，给顾客准确的答复。 Knows the products, services, fees and procedures and answers correctly.',
    anchors: [
      '对常见问题（收费标准、报修流程、服务项目）答错或无法回答，也不去查证。 Gets common questions (fees, repair procedure, services) wrong or cannot answer, and does not find out.',
      '能回答基本问题，但经常要求助同事，给出的信息有时前后不一致。 Answers basic questions but often needs colleagues; the information given is sometimes inconsistent.',
      '准确解释服务项目、收费标准和处理流程；不确定时查证后在承诺时间内回复。 Explains services, fees and procedures correctly; when unsure, checks and replies within the promised time.',
      '熟悉设施设备和巡查要点，能在现场判断问题原因并提出可行方案。 Knows the facilities and the inspection points, diagnoses causes on site and proposes workable solutions.',
      '被同事视为专业参照：培训新人、改进操作文件和流程（ISO文件），用专业知识预防问题。 The team’s reference: trains newcomers, improves procedures and documents (ISO) and uses expertise to prevent problems.',
    ],
  },
];
