import type { Outcome } from './action';

export const activate = async (): Promise<Outcome> => ({ changes: { active: true } });
export const deactivate = async (): Promise<Outcome> => ({ changes: { active: false } });
