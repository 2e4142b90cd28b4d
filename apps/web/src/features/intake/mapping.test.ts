import { describe, expect, it } from 'vitest';
import '../../i18n/i18n';
import { rowProblems, suggestMapping } from './mapping';

describe('the import mapping', () => {
  it('suggests fields from headers in English or Russian, each field once', () => {
    expect(
      suggestMapping(['Lead name', 'E-Mail ', 'Фамилия', 'ИНН', 'Город', 'Mobile', 'Phone', 'Whatever']),
    ).toEqual({
      'Lead name': 'name',
      'E-Mail ': 'emails',
      Фамилия: 'lastName',
      ИНН: 'companyTin',
      Город: 'address.city',
      Mobile: 'phones',
    });
  });

  it('flags the cells the import refuses, and a row without a name', () => {
    const mapping = { Name: 'name', Chance: 'probability', Due: 'expectedCompletionDate' } as const;
    expect(rowProblems({ Name: 'Deal', Chance: '40', Due: '01.03.2026' }, mapping)).toEqual([]);
    expect(rowProblems({ Name: '', Chance: 'high', Due: 'soon' }, mapping)).toEqual([
      { column: 'Chance', reason: '"high" is not a whole number' },
      { column: 'Due', reason: '"soon" is not a date' },
      { column: 'Name', reason: 'is required' },
    ]);
  });
});
