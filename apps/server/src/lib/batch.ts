import { AppError } from '../http/errors';

/**
 * Why one item of a batch or bulk request failed, as an AppError: the one it threw, or for a database
 * constraint the rules did not foresee a 422 for that item only. Anything else is not the item's fault
 * and is thrown on, failing the whole request.
 */
export function itemError(caught: unknown): AppError {
  if (caught instanceof AppError) return caught;
  if (typeof (caught as { code?: unknown } | null)?.code === 'string')
    return new AppError('invalid_value', 422, 'A value is out of the accepted range or format.');
  throw caught;
}
