import { describe, expect, it } from 'vitest';
import { currencyLabel, OperationLabeler, sqlOperationLabel, statusLabel } from './labels.js';

describe('bounded metric labels', () => {
  it('keeps the first N operation names and folds the rest into "other"', () => {
    const labeler = new OperationLabeler(2);
    expect(labeler.label('A')).toBe('A');
    expect(labeler.label('B')).toBe('B');
    expect(labeler.label('C')).toBe('other');
    expect(labeler.label('A')).toBe('A');
    expect(labeler.label(null)).toBe('anonymous');
    expect(labeler.label('x'.repeat(65))).toBe('invalid');
    expect(labeler.label('bad name')).toBe('invalid');
  });

  it('normalises statuses, currencies and SQL statement kinds to closed sets', () => {
    expect(statusLabel('CONFIRMED')).toBe('confirmed');
    expect(statusLabel('weird status!')).toBe('other');
    expect(currencyLabel('USD')).toBe('USD');
    expect(currencyLabel('usd; drop')).toBe('other');
    expect(sqlOperationLabel('  select * from x')).toBe('SELECT');
    expect(sqlOperationLabel('INSERT INTO "orders"."Order"')).toBe('INSERT');
    expect(sqlOperationLabel('VACUUM')).toBe('OTHER');
  });
});
