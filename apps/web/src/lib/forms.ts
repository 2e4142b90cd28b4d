import type { UseFormReturnType } from '@mantine/form';
import { ApiError } from './api';

/**
 * Puts the server's 422 field errors on the form's fields. Answers true when every error found a field,
 * so the caller knows whether a general message is still needed.
 */
export function applyFieldErrors<T>(
  form: UseFormReturnType<T>,
  error: unknown,
  aliases: Record<string, string> = {},
): boolean {
  if (!(error instanceof ApiError) || error.status !== 422) return false;
  const errors: Record<string, string> = {};
  let unplaced = 0;
  const values = form.getValues() as Record<string, unknown>;
  for (const f of error.fieldErrors) {
    const path = aliases[f.field] ?? f.field;
    const top = path.split('.')[0];
    if (top in values) errors[path] = errors[path] ? `${errors[path]}; ${f.message}` : f.message;
    else unplaced += 1;
  }
  form.setErrors(errors);
  return unplaced === 0 && Object.keys(errors).length > 0;
}
