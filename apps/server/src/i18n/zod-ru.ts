/**
 * Russian words for the checks the contract's schemas make. Zod's own Russian locale reads like a
 * compiler ("ожидалось, что string будет иметь >=1 символов"); these read like a form.
 */
export interface IssueLike {
  code?: string;
  message?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
  values?: unknown[];
  keys?: string[];
}

const plural = new Intl.PluralRules('ru');
const forms = {
  symbols: { one: 'символ', few: 'символа', many: 'символов', other: 'символа' },
  items: { one: 'элемент', few: 'элемента', many: 'элементов', other: 'элемента' },
};
const count = (n: number, kind: keyof typeof forms) =>
  `${n} ${forms[kind][plural.select(n) as 'one' | 'few' | 'many' | 'other']}`;

const formats: Record<string, string> = {
  email: 'неверный адрес электронной почты',
  url: 'неверный адрес',
  uuid: 'неверный идентификатор',
  date: 'нужна дата в формате ГГГГ-ММ-ДД',
  datetime: 'нужны дата и время в формате ISO 8601',
  regex: 'неверный формат',
};

export function russianIssue(issue: IssueLike): string {
  const n = (v: number | bigint | undefined) => Number(v ?? 0);
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined$/.test(issue.message ?? '') ? 'обязательное поле' : 'неверный тип значения';
    case 'too_small':
      if (issue.origin === 'string')
        return n(issue.minimum) <= 1
          ? 'обязательное поле'
          : `не короче ${count(n(issue.minimum), 'symbols')}`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `не меньше ${count(n(issue.minimum), 'items')}`;
      return `не меньше ${n(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string') return `не длиннее ${count(n(issue.maximum), 'symbols')}`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `не больше ${count(n(issue.maximum), 'items')}`;
      return `не больше ${n(issue.maximum)}`;
    case 'invalid_format':
      return formats[issue.format ?? ''] ?? 'неверный формат';
    case 'invalid_value':
      return issue.values && issue.values.length > 0 && issue.values.length <= 12
        ? `допустимые значения: ${issue.values.map(String).join(', ')}`
        : 'недопустимое значение';
    case 'unrecognized_keys':
      return `неизвестные поля: ${(issue.keys ?? []).join(', ')}`;
    case 'not_multiple_of':
      return 'неверный шаг значения';
    default:
      return 'недопустимое значение';
  }
}
