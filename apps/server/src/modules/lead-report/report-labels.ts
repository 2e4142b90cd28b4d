import type { Locale } from '@leadline/contract';

/** The words of the printed lead report, per language. */
export interface ReportLabels {
  title: string;
  printed: string;
  sections: {
    essentials: string;
    company: string;
    contact: string;
    qualification: string;
    opportunity: string;
    activities: string;
    timeline: string;
  };
  fields: Record<string, string>;
  yes: string;
  no: string;
  none: string;
  done: string;
  open: string;
  activityTypes: Record<string, string>;
  events: Record<string, string>;
}

const en: ReportLabels = {
  title: 'Lead',
  printed: 'Printed',
  sections: {
    essentials: 'Essentials',
    company: 'Company',
    contact: 'Contact',
    qualification: 'Qualification',
    opportunity: 'Opportunity',
    activities: 'Last activities',
    timeline: 'Timeline',
  },
  fields: {
    number: 'Number',
    name: 'Name',
    status: 'Status',
    phase: 'Phase',
    owner: 'Owner',
    unit: 'Unit',
    source: 'Source',
    leadType: 'Lead type',
    targetAmount: 'Target amount',
    probability: 'Probability, %',
    priority: 'Priority',
    startDate: 'Start date',
    expectedCompletionDate: 'Expected completion',
    nextEventAt: 'Next step',
    lastEventAt: 'Last event',
    description: 'Description',
    customerRequirements: 'Customer requirements',
    companyName: 'Company',
    leadCompanyName: 'Company as given',
    companyTin: 'TIN',
    companyWebsite: 'Website',
    companySize: 'Size',
    contactName: 'Name',
    jobTitle: 'Job title',
    department: 'Department',
    emails: 'E-mails',
    phones: 'Phones',
    doNotEmail: 'Do not email',
    doNotCall: 'Do not call',
    address: 'Address',
    goal: 'Goal',
    implementationOptions: 'Implementation options',
    procurementProcedure: 'Procurement procedure',
    decisionLevel: 'Decision level',
    terms: 'Terms',
    decisionMaker: 'Decision maker',
    selectionCriteria: 'Selection criteria',
    complianceWithCriteria: 'Compliance with criteria',
    channel: 'Channel',
    opportunityName: 'Name',
    stage: 'Stage',
    estimatedRevenue: 'Estimated revenue',
    estimatedCloseDate: 'Estimated close date',
  },
  yes: 'yes',
  no: 'no',
  none: 'None',
  done: 'done',
  open: 'planned',
  activityTypes: { call: 'Call', meeting: 'Meeting', task: 'Task', email: 'E-mail', event: 'Event' },
  events: {
    created: 'created the lead',
    changed: 'changed',
    comment: 'commented',
    action: 'action',
    activity: 'activity',
    message: 'message',
    attachment: 'file',
  },
};

const ru: ReportLabels = {
  title: 'Лид',
  printed: 'Напечатано',
  sections: {
    essentials: 'Основное',
    company: 'Компания',
    contact: 'Контакт',
    qualification: 'Квалификация',
    opportunity: 'Сделка',
    activities: 'Последние дела',
    timeline: 'История',
  },
  fields: {
    number: 'Номер',
    name: 'Название',
    status: 'Статус',
    phase: 'Фаза',
    owner: 'Ответственный',
    unit: 'Подразделение',
    source: 'Источник',
    leadType: 'Тип лида',
    targetAmount: 'Целевая сумма',
    probability: 'Вероятность, %',
    priority: 'Приоритет',
    startDate: 'Дата начала',
    expectedCompletionDate: 'Ожидаемое завершение',
    nextEventAt: 'Следующий шаг',
    lastEventAt: 'Последнее событие',
    description: 'Описание',
    customerRequirements: 'Требования клиента',
    companyName: 'Компания',
    leadCompanyName: 'Компания из заявки',
    companyTin: 'ИНН',
    companyWebsite: 'Сайт',
    companySize: 'Размер',
    contactName: 'Имя',
    jobTitle: 'Должность',
    department: 'Отдел',
    emails: 'Эл. почта',
    phones: 'Телефоны',
    doNotEmail: 'Не писать',
    doNotCall: 'Не звонить',
    address: 'Адрес',
    goal: 'Цель',
    implementationOptions: 'Варианты реализации',
    procurementProcedure: 'Процедура закупки',
    decisionLevel: 'Уровень решения',
    terms: 'Сроки',
    decisionMaker: 'Лицо, принимающее решение',
    selectionCriteria: 'Критерии выбора',
    complianceWithCriteria: 'Соответствие критериям',
    channel: 'Канал',
    opportunityName: 'Название',
    stage: 'Стадия',
    estimatedRevenue: 'Ожидаемая выручка',
    estimatedCloseDate: 'Ожидаемая дата закрытия',
  },
  yes: 'да',
  no: 'нет',
  none: 'Нет',
  done: 'выполнено',
  open: 'запланировано',
  activityTypes: { call: 'Звонок', meeting: 'Встреча', task: 'Задача', email: 'Письмо', event: 'Событие' },
  events: {
    created: 'создал(а) лид',
    changed: 'изменил(а)',
    comment: 'комментарий',
    action: 'действие',
    activity: 'дело',
    message: 'сообщение',
    attachment: 'файл',
  },
};

export const reportLabels: Record<Locale, ReportLabels> = { en, ru };
